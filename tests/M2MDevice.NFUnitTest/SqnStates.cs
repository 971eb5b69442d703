using M2MDevice.Aka;

namespace M2MDevice.NFUnitTest
{
    /// <summary>Builds USIM SQN arrays for tests (TS 33.102 Annex C: 32 IND slots of 6 bytes).</summary>
    public static class SqnStates
    {
        /// <summary>
        /// A state whose highest SQN_MS is one SEQ below sqn, kept in another IND slot: sqn is then fresh
        /// and within delta (C.2.1, C.2.2).
        /// </summary>
        public static UsimSqnState Accepting(byte[] sqn)
        {
            long value = Read48(sqn, 0);
            long seq = value >> UsimSqnState.IndBits;
            byte[] slots = new byte[UsimSqnState.ArrayLength];
            if (seq > 0)
            {
                int otherInd = (int)((value + 1) & (UsimSqnState.SlotCount - 1));
                Write48(((seq - 1) << UsimSqnState.IndBits) | (long)otherInd, slots, otherInd * UsimSqnState.SlotLength);
            }

            return new UsimSqnState(slots, 0);
        }

        /// <summary>The 6-byte SQN for seq and ind (SQN = SEQ || IND, C.1.1).</summary>
        public static byte[] Make(long seq, int ind)
        {
            byte[] sqn = new byte[6];
            Write48((seq << UsimSqnState.IndBits) | (long)ind, sqn, 0);
            return sqn;
        }

        private static long Read48(byte[] buffer, int offset)
        {
            long value = 0;
            for (int i = 0; i < 6; i++)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }

        private static void Write48(long value, byte[] buffer, int offset)
        {
            for (int i = 5; i >= 0; i--)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }
    }
}
