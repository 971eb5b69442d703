using System;
using M2MDevice.Protocol;

namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>
    /// The provisioning state machine's persisted data: the blob of the key store's ProvisioningState record
    /// (docs/provisioning.md section 3; the key store encrypts and MACs the whole record body). Counters and the
    /// pending wait always; from the Associated answer until the last notification is acknowledged also the home
    /// operator context: Ks_NAF(HO) (secret), B-TID, HO address, NAF_Id(HO) and HO trust anchor. Ks and Ks_NAF(RS)
    /// are never persisted. Version 1 layout, big-endian:
    /// version(1) flags(1) retryState(1) lastError(1) failureCause(1) rejectCause(1) stepAttempts(2) cycles(2)
    /// pendingAnswers(2) operationalFailures(2) notificationAttempts(2) waitMs(4) profileSequence(4)
    /// [Ks_NAF(HO)(32) then B-TID, address, NAF_Id, trust anchor each as length(2) value].
    /// </summary>
    public sealed class ProvisioningRecord
    {
        /// <summary>Layout version written in byte 0.</summary>
        public const byte Version = 1;

        /// <summary>Bytes before the optional home operator context.</summary>
        public const int FixedLength = 24;

        /// <summary>Largest encoding: fixed part plus the largest context the protocol allows.</summary>
        public const int MaxLength = FixedLength + MessageProtection.KsNafSize + 8
            + BTidMaxLength + ProtocolLimits.MaxUrlLength + ProtocolLimits.MaxNafIdLength + ProtocolLimits.MaxTrustAnchorLength;

        // The field BTid hides the Protocol class of the same name inside this class.
        private const int BTidMinLength = global::M2MDevice.Protocol.BTid.MinLength;
        private const int BTidMaxLength = global::M2MDevice.Protocol.BTid.MaxLength;
        private const byte FlagHomeOperator = 0x01;
        private const byte FlagRejectCause = 0x02;
        private const int CounterMax = 0xFFFF;

        /// <summary>Ks_NAF(HO), 32 bytes, valid when <see cref="HasHomeOperator"/>. Secret: wiped by Clear.</summary>
        public readonly byte[] KsNafHomeOperator = new byte[MessageProtection.KsNafSize];

        /// <summary>State a RetryWait resumes.</summary>
        public ProvisioningState RetryState;

        /// <summary>Last error reason.</summary>
        public ProvisioningError LastError;

        /// <summary>Why the new profile failed (RollingBack).</summary>
        public FailureCause FailureCause;

        /// <summary>True when <see cref="RejectCause"/> holds a NAS reject cause.</summary>
        public bool HasRejectCause;

        /// <summary>NAS reject cause of the last failed operational attach.</summary>
        public byte RejectCause;

        /// <summary>Failed attempts of the current step.</summary>
        public int StepAttempts;

        /// <summary>Cycles restarted.</summary>
        public int Cycles;

        /// <summary>Pending answers in this cycle.</summary>
        public int PendingAnswers;

        /// <summary>Failed attaches with the new profile.</summary>
        public int OperationalFailures;

        /// <summary>Failed attempts of the current notification.</summary>
        public int NotificationAttempts;

        /// <summary>Timer of the wait states (PendingWait, RetryWait, NotificationWait, Suspended).</summary>
        public int WaitMs;

        /// <summary>Profile sequence being installed or installed.</summary>
        public uint ProfileSequence;

        /// <summary>True when the home operator context below is held.</summary>
        public bool HasHomeOperator;

        /// <summary>B-TID of the bootstrap Ks_NAF(HO) comes from (ASCII).</summary>
        public byte[] BTid;

        /// <summary>HO address (https URL, ASCII).</summary>
        public byte[] HomeOperatorAddress;

        /// <summary>NAF_Id(HO).</summary>
        public byte[] HomeOperatorId;

        /// <summary>HO trust anchor (DER certificate).</summary>
        public byte[] TrustAnchor;

        /// <summary>Bytes <see cref="Encode"/> will write.</summary>
        public int EncodedLength
        {
            get
            {
                if (!HasHomeOperator)
                {
                    return FixedLength;
                }

                return FixedLength + MessageProtection.KsNafSize + 8 + BTid.Length + HomeOperatorAddress.Length
                    + HomeOperatorId.Length + TrustAnchor.Length;
            }
        }

        /// <summary>Writes the record to buffer[offset] (room for EncodedLength bytes); returns the length.</summary>
        public int Encode(byte[] buffer, int offset)
        {
            int length = EncodedLength;
            if (buffer == null || offset < 0 || offset > buffer.Length - length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            buffer[offset] = Version;
            buffer[offset + 1] = (byte)((HasHomeOperator ? FlagHomeOperator : 0) | (HasRejectCause ? FlagRejectCause : 0));
            buffer[offset + 2] = (byte)RetryState;
            buffer[offset + 3] = (byte)LastError;
            buffer[offset + 4] = (byte)FailureCause;
            buffer[offset + 5] = RejectCause;
            WriteUInt16(buffer, offset + 6, StepAttempts);
            WriteUInt16(buffer, offset + 8, Cycles);
            WriteUInt16(buffer, offset + 10, PendingAnswers);
            WriteUInt16(buffer, offset + 12, OperationalFailures);
            WriteUInt16(buffer, offset + 14, NotificationAttempts);
            WriteUInt32(buffer, offset + 16, (uint)(WaitMs < 0 ? 0 : WaitMs));
            WriteUInt32(buffer, offset + 20, ProfileSequence);
            int at = offset + FixedLength;
            if (HasHomeOperator)
            {
                Array.Copy(KsNafHomeOperator, 0, buffer, at, KsNafHomeOperator.Length);
                at += KsNafHomeOperator.Length;
                at = WriteField(buffer, at, BTid);
                at = WriteField(buffer, at, HomeOperatorAddress);
                at = WriteField(buffer, at, HomeOperatorId);
                at = WriteField(buffer, at, TrustAnchor);
            }

            return at - offset;
        }

        /// <summary>
        /// Reads a record written by Encode (count bytes at buffer[offset]) into this instance; false (and this instance
        /// cleared) when the version, a length or a field does not fit.
        /// </summary>
        public bool TryDecode(byte[] buffer, int offset, int count)
        {
            Clear();
            if (buffer == null || offset < 0 || count < FixedLength || offset > buffer.Length - count || buffer[offset] != Version)
            {
                return false;
            }

            byte flags = buffer[offset + 1];
            if ((flags & ~(FlagHomeOperator | FlagRejectCause)) != 0)
            {
                return false;
            }

            RetryState = (ProvisioningState)buffer[offset + 2];
            LastError = (ProvisioningError)buffer[offset + 3];
            FailureCause = (FailureCause)buffer[offset + 4];
            RejectCause = buffer[offset + 5];
            HasRejectCause = (flags & FlagRejectCause) != 0;
            StepAttempts = ReadUInt16(buffer, offset + 6);
            Cycles = ReadUInt16(buffer, offset + 8);
            PendingAnswers = ReadUInt16(buffer, offset + 10);
            OperationalFailures = ReadUInt16(buffer, offset + 12);
            NotificationAttempts = ReadUInt16(buffer, offset + 14);
            uint wait = ReadUInt32(buffer, offset + 16);
            WaitMs = wait > int.MaxValue ? int.MaxValue : (int)wait;
            ProfileSequence = ReadUInt32(buffer, offset + 20);
            int end = offset + count;
            int at = offset + FixedLength;
            if ((flags & FlagHomeOperator) == 0)
            {
                if (at != end)
                {
                    Clear();
                    return false;
                }

                return true;
            }

            if (end - at < KsNafHomeOperator.Length)
            {
                Clear();
                return false;
            }

            Array.Copy(buffer, at, KsNafHomeOperator, 0, KsNafHomeOperator.Length);
            at += KsNafHomeOperator.Length;
            BTid = ReadField(buffer, ref at, end, BTidMinLength, BTidMaxLength);
            HomeOperatorAddress = ReadField(buffer, ref at, end, 9, ProtocolLimits.MaxUrlLength);
            HomeOperatorId = ReadField(buffer, ref at, end, ProtocolLimits.MinNafIdLength, ProtocolLimits.MaxNafIdLength);
            TrustAnchor = ReadField(buffer, ref at, end, 2, ProtocolLimits.MaxTrustAnchorLength);
            if (BTid == null || HomeOperatorAddress == null || HomeOperatorId == null || TrustAnchor == null || at != end)
            {
                Clear();
                return false;
            }

            HasHomeOperator = true;
            return true;
        }

        /// <summary>Forgets the home operator context and wipes Ks_NAF(HO).</summary>
        public void ClearHomeOperator()
        {
            Array.Clear(KsNafHomeOperator, 0, KsNafHomeOperator.Length);
            HasHomeOperator = false;
            BTid = null;
            HomeOperatorAddress = null;
            HomeOperatorId = null;
            TrustAnchor = null;
        }

        /// <summary>Resets every field and wipes Ks_NAF(HO).</summary>
        public void Clear()
        {
            ClearHomeOperator();
            RetryState = ProvisioningState.Idle;
            LastError = ProvisioningError.None;
            FailureCause = 0;
            HasRejectCause = false;
            RejectCause = 0;
            StepAttempts = 0;
            Cycles = 0;
            PendingAnswers = 0;
            OperationalFailures = 0;
            NotificationAttempts = 0;
            WaitMs = 0;
            ProfileSequence = 0;
        }

        /// <summary>Saturating increment for the 16-bit counters.</summary>
        public static int Increment(int counter)
        {
            return counter >= CounterMax ? CounterMax : counter + 1;
        }

        private static int WriteField(byte[] buffer, int at, byte[] value)
        {
            WriteUInt16(buffer, at, value.Length);
            Array.Copy(value, 0, buffer, at + 2, value.Length);
            return at + 2 + value.Length;
        }

        private static byte[] ReadField(byte[] buffer, ref int at, int end, int min, int max)
        {
            if (end - at < 2)
            {
                return null;
            }

            int length = ReadUInt16(buffer, at);
            if (length < min || length > max || end - at - 2 < length)
            {
                return null;
            }

            byte[] value = new byte[length];
            Array.Copy(buffer, at + 2, value, 0, length);
            at += 2 + length;
            return value;
        }

        private static void WriteUInt16(byte[] buffer, int at, int value)
        {
            if (value > CounterMax)
            {
                value = CounterMax;
            }

            buffer[at] = (byte)(value >> 8);
            buffer[at + 1] = (byte)value;
        }

        private static int ReadUInt16(byte[] buffer, int at)
        {
            return (buffer[at] << 8) | buffer[at + 1];
        }

        private static void WriteUInt32(byte[] buffer, int at, uint value)
        {
            buffer[at] = (byte)(value >> 24);
            buffer[at + 1] = (byte)(value >> 16);
            buffer[at + 2] = (byte)(value >> 8);
            buffer[at + 3] = (byte)value;
        }

        private static uint ReadUInt32(byte[] buffer, int at)
        {
            return ((uint)buffer[at] << 24) | ((uint)buffer[at + 1] << 16) | ((uint)buffer[at + 2] << 8) | buffer[at + 3];
        }
    }
}
