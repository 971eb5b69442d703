using System;
using M2MDevice.Protocol;

namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>
    /// What the key store's notification queue holds for one outcome (docs/provisioning.md section 3.2): the content
    /// of an InstallReceipt or FailureReport, not the wire message, because every attempt is sent with a fresh nonce
    /// and MAC. 13 bytes: version(1) type(1: 0x12 or 0x13) profileSequence(4) failureCause(1) hasRejectCause(1)
    /// rejectCause(1) plmnLength(1: 0 or 3) plmn(3).
    /// </summary>
    public sealed class NotificationRecord
    {
        /// <summary>Layout version.</summary>
        public const byte Version = 1;

        /// <summary>Encoded length.</summary>
        public const int Length = 13;

        /// <summary>InstallReceipt or FailureReport.</summary>
        public MessageType Type;

        /// <summary>Sequence of the profile the outcome is about.</summary>
        public uint ProfileSequence;

        /// <summary>FailureReport only: why the profile failed.</summary>
        public FailureCause Cause;

        /// <summary>FailureReport only: true when <see cref="RejectCause"/> is set.</summary>
        public bool HasRejectCause;

        /// <summary>FailureReport only: the NAS reject cause.</summary>
        public byte RejectCause;

        /// <summary>InstallReceipt only: the PLMN the new profile registered on (3 bytes), or null.</summary>
        public byte[] Plmn;

        /// <summary>Writes the record to buffer[offset] (Length bytes).</summary>
        public void Encode(byte[] buffer, int offset)
        {
            if (buffer == null || offset < 0 || offset > buffer.Length - Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            buffer[offset] = Version;
            buffer[offset + 1] = (byte)Type;
            buffer[offset + 2] = (byte)(ProfileSequence >> 24);
            buffer[offset + 3] = (byte)(ProfileSequence >> 16);
            buffer[offset + 4] = (byte)(ProfileSequence >> 8);
            buffer[offset + 5] = (byte)ProfileSequence;
            buffer[offset + 6] = (byte)Cause;
            buffer[offset + 7] = (byte)(HasRejectCause ? 1 : 0);
            buffer[offset + 8] = RejectCause;
            bool hasPlmn = Plmn != null && Plmn.Length == ProtocolLimits.PlmnSize;
            buffer[offset + 9] = (byte)(hasPlmn ? ProtocolLimits.PlmnSize : 0);
            for (int i = 0; i < ProtocolLimits.PlmnSize; i++)
            {
                buffer[offset + 10 + i] = hasPlmn ? Plmn[i] : (byte)0xFF;
            }
        }

        /// <summary>Decodes a record; false (record null) when it is not one this version wrote.</summary>
        public static bool TryDecode(byte[] buffer, int offset, int count, out NotificationRecord record)
        {
            record = null;
            if (buffer == null || count != Length || offset < 0 || offset > buffer.Length - count || buffer[offset] != Version)
            {
                return false;
            }

            MessageType type = (MessageType)buffer[offset + 1];
            if (type != MessageType.InstallReceipt && type != MessageType.FailureReport)
            {
                return false;
            }

            int plmnLength = buffer[offset + 9];
            if ((plmnLength != 0 && plmnLength != ProtocolLimits.PlmnSize) || buffer[offset + 7] > 1)
            {
                return false;
            }

            NotificationRecord decoded = new NotificationRecord();
            decoded.Type = type;
            decoded.ProfileSequence = ((uint)buffer[offset + 2] << 24) | ((uint)buffer[offset + 3] << 16)
                | ((uint)buffer[offset + 4] << 8) | buffer[offset + 5];
            decoded.Cause = (FailureCause)buffer[offset + 6];
            decoded.HasRejectCause = buffer[offset + 7] == 1;
            decoded.RejectCause = buffer[offset + 8];
            if (plmnLength != 0)
            {
                decoded.Plmn = new byte[ProtocolLimits.PlmnSize];
                Array.Copy(buffer, offset + 10, decoded.Plmn, 0, ProtocolLimits.PlmnSize);
            }

            if (decoded.ProfileSequence == 0)
            {
                return false;
            }

            record = decoded;
            return true;
        }
    }
}
