using System;

namespace M2MDevice.Aka
{
    /// <summary>
    /// The USIM's sequence number state of TS 33.102 Annex C.2 with the profile of Annex C.3: SQN = SEQ || IND
    /// with a 5-bit IND, one SQN_MS(i) per IND value (32 slots of 6 bytes, big-endian, in one 192-byte array
    /// that the key store persists slot by slot), delta = 2^28, age limit L off unless set.
    /// Pure state: the caller persists <see cref="Slots"/> (at least the changed slot) before answering.
    /// Not thread-safe.
    /// </summary>
    public sealed class UsimSqnState
    {
        /// <summary>TS 33.102 C.3: IND is the 5 least significant bits of SQN.</summary>
        public const int IndBits = 5;

        /// <summary>Number of array slots, a = 2^IndBits (TS 33.102 C.2.2).</summary>
        public const int SlotCount = 1 << IndBits;

        /// <summary>Bytes per slot: one 48-bit SQN_MS(i).</summary>
        public const int SlotLength = AkaSizes.Sqn;

        /// <summary>Bytes of the whole array (32 x 6 = 192).</summary>
        public const int ArrayLength = SlotCount * SlotLength;

        /// <summary>TS 33.102 C.3: delta = 2^28.</summary>
        public const long DefaultDelta = 1L << 28;

        private const int IndMask = SlotCount - 1;

        private readonly byte[] slots = new byte[ArrayLength];
        private long delta = DefaultDelta;
        private long ageLimit;

        /// <summary>Creates the state of a new USIM: every SQN_MS(i) is zero (TS 33.102 C.2.2).</summary>
        public UsimSqnState()
        {
        }

        /// <summary>Creates the state from a persisted 192-byte array at array[offset].</summary>
        public UsimSqnState(byte[] array, int offset)
        {
            Load(array, offset);
        }

        /// <summary>
        /// The live 192-byte array: slot i (the SQN_MS last accepted with IND = i) is at bytes 6i .. 6i+5.
        /// Persist it, or only the slot a successful check reports; do not write it except through <see cref="Load"/>.
        /// </summary>
        public byte[] Slots => this.slots;

        /// <summary>Maximum accepted SEQ - SEQ_MS (TS 33.102 C.2.1); defaults to 2^28.</summary>
        public long Delta
        {
            get => this.delta;
            set
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(value));
                }

                this.delta = value;
            }
        }

        /// <summary>Age limit L on SEQ_MS - SEQ (TS 33.102 C.2.3); 0 (the default) disables it.</summary>
        public long AgeLimit
        {
            get => this.ageLimit;
            set
            {
                if (value < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(value));
                }

                this.ageLimit = value;
            }
        }

        /// <summary>IND of a 48-bit SQN.</summary>
        public static int IndOf(byte[] sqn, int offset)
        {
            return sqn[offset + AkaSizes.Sqn - 1] & IndMask;
        }

        /// <summary>Replaces the whole array with 192 bytes at array[offset].</summary>
        public void Load(byte[] array, int offset)
        {
            if (array == null)
            {
                throw new ArgumentNullException(nameof(array));
            }

            if (offset < 0 || offset > array.Length - ArrayLength)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            Array.Copy(array, offset, this.slots, 0, ArrayLength);
        }

        /// <summary>Checks the freshness of SQN (6 bytes) without changing the state (TS 33.102 C.2).</summary>
        public SqnCheck Check(byte[] sqn, int sqnOffset)
        {
            long value = AkaBytes.ReadUInt48(sqn, sqnOffset);
            long seq = value >> IndBits;
            long highestSeq = HighestValue() >> IndBits;

            // TS 33.102 C.2.1: before the array check, accept only if SEQ - SEQ_MS <= delta.
            if (seq - highestSeq > this.delta)
            {
                return SqnCheck.TooFarAhead;
            }

            // TS 33.102 C.2.3: with a limit L, accept only if SEQ_MS - SEQ < L.
            if (this.ageLimit > 0 && highestSeq - seq >= this.ageLimit)
            {
                return SqnCheck.TooOld;
            }

            // TS 33.102 C.2.2: fresh only if SEQ > SEQ_MS(i), i = IND.
            int ind = (int)(value & IndMask);
            long slotSeq = AkaBytes.ReadUInt48(this.slots, ind * SlotLength) >> IndBits;
            return seq > slotSeq ? SqnCheck.Fresh : SqnCheck.NotIncreasing;
        }

        /// <summary>
        /// Checks SQN and, when fresh, stores it as SQN_MS(IND) (TS 33.102 C.2.2: set SEQ_MS(i) to SEQ).
        /// changedSlot is the IND whose 6 bytes changed (persist them), or -1 when nothing changed.
        /// </summary>
        public SqnCheck TryAccept(byte[] sqn, int sqnOffset, out int changedSlot)
        {
            SqnCheck check = Check(sqn, sqnOffset);
            if (check != SqnCheck.Fresh)
            {
                changedSlot = -1;
                return check;
            }

            changedSlot = IndOf(sqn, sqnOffset);
            Array.Copy(sqn, sqnOffset, this.slots, changedSlot * SlotLength, SlotLength);
            return SqnCheck.Fresh;
        }

        /// <summary>
        /// Writes SQN_MS, the highest previously accepted SQN anywhere in the array (TS 33.102 C.2.2, 6.3.5),
        /// as 6 bytes at output[outputOffset]: the value a synchronisation failure reports in AUTS.
        /// </summary>
        public void GetHighest(byte[] output, int outputOffset)
        {
            AkaBytes.WriteUInt48(HighestValue(), output, outputOffset);
        }

        private long HighestValue()
        {
            long highest = 0;
            for (int i = 0; i < SlotCount; i++)
            {
                long value = AkaBytes.ReadUInt48(this.slots, i * SlotLength);
                if (value > highest)
                {
                    highest = value;
                }
            }

            return highest;
        }
    }
}
