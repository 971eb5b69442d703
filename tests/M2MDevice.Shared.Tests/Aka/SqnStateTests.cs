using M2MDevice.Aka;
using static M2MDevice.Tests.Aka.AkaVectorTests;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Aka
{
    public class SqnStateTests
    {
        private static byte[] Sqn(long seq, int ind)
        {
            byte[] sqn = new byte[6];
            WriteSqn((seq << 5) | (long)ind, sqn, 0);
            return sqn;
        }

        [Fact]
        public void UsimCheck_NewUsim_AcceptsSeqOneInEverySlot()
        {
            var state = new UsimSqnState();
            for (int ind = 0; ind < 32; ind++)
            {
                Assert.Equal(SqnCheck.Fresh, state.TryAccept(Sqn(1, ind), 0, out int slot));
                Assert.Equal(ind, slot);
            }

            Assert.Equal(SqnCheck.NotIncreasing, state.Check(Sqn(1, 7), 0));
            byte[] highest = new byte[6];
            state.GetHighest(highest, 0);
            Assert.Equal(ToHex(Sqn(1, 31)), ToHex(highest));
        }

        [Fact]
        public void UsimCheck_NewUsimSeqZero_IsNotIncreasing()
        {
            Assert.Equal(SqnCheck.NotIncreasing, new UsimSqnState().Check(Sqn(0, 3), 0));
        }

        [Fact]
        public void UsimCheck_OtherSlotHigher_StillFreshInOwnSlot()
        {
            var state = new UsimSqnState();
            state.TryAccept(Sqn(100, 4), 0, out _);
            // TS 33.102 C.2.2: only SEQ_MS(IND) matters for freshness, so an older SEQ in another slot passes.
            Assert.Equal(SqnCheck.Fresh, state.Check(Sqn(50, 5), 0));
            Assert.Equal(SqnCheck.NotIncreasing, state.Check(Sqn(100, 4), 0));
            Assert.Equal(SqnCheck.Fresh, state.Check(Sqn(101, 4), 0));
        }

        [Fact]
        public void UsimCheck_DeltaBoundary_AcceptsDeltaRejectsDeltaPlusOne()
        {
            var state = new UsimSqnState();
            state.TryAccept(Sqn(1000, 0), 0, out _);
            Assert.Equal(SqnCheck.Fresh, state.Check(Sqn(1000 + UsimSqnState.DefaultDelta, 1), 0));
            Assert.Equal(SqnCheck.TooFarAhead, state.Check(Sqn(1001 + UsimSqnState.DefaultDelta, 1), 0));
        }

        [Fact]
        public void UsimCheck_AgeLimit_OffByDefaultAndEnforcedWhenSet()
        {
            var state = new UsimSqnState();
            state.TryAccept(Sqn(1000, 0), 0, out _);
            Assert.Equal(0, state.AgeLimit);
            Assert.Equal(SqnCheck.Fresh, state.Check(Sqn(10, 1), 0));
            state.AgeLimit = 32;
            Assert.Equal(SqnCheck.TooOld, state.Check(Sqn(968, 1), 0));
            Assert.Equal(SqnCheck.Fresh, state.Check(Sqn(969, 1), 0));
        }

        [Fact]
        public void UsimTryAccept_Rejected_ChangesNothing()
        {
            var state = new UsimSqnState();
            state.TryAccept(Sqn(5, 2), 0, out _);
            byte[] before = (byte[])state.Slots.Clone();
            Assert.Equal(SqnCheck.NotIncreasing, state.TryAccept(Sqn(5, 2), 0, out int slot));
            Assert.Equal(-1, slot);
            Assert.Equal(before, state.Slots);
        }

        [Fact]
        public void UsimSlots_LoadedIntoNewState_BehaveIdentically()
        {
            var state = new UsimSqnState();
            state.TryAccept(Sqn(7, 9), 0, out int slot);
            byte[] persisted = new byte[200];
            System.Array.Copy(state.Slots, 0, persisted, 8, UsimSqnState.ArrayLength);
            var restored = new UsimSqnState(persisted, 8);
            Assert.Equal(state.Slots, restored.Slots);
            Assert.Equal(SqnCheck.NotIncreasing, restored.Check(Sqn(7, 9), 0));
            Assert.Equal(ToHex(Sqn(7, 9)), ToHex(state.Slots[(slot * 6)..((slot * 6) + 6)]));
        }

        [Fact]
        public void AucNext_IncrementsSeqAcrossIndexes()
        {
            var auc = new AucSqnState(41);
            byte[] sqn = new byte[6];
            auc.Next(3, sqn, 0);
            Assert.Equal(ToHex(Sqn(42, 3)), ToHex(sqn));
            auc.Next(17, sqn, 0);
            Assert.Equal(ToHex(Sqn(43, 17)), ToHex(sqn));
            Assert.Equal(43, auc.SeqHe);
        }

        [Fact]
        public void AucNext_AtMaxSeq_Throws()
        {
            var auc = new AucSqnState(AucSqnState.MaxSeq);
            Assert.Throws<System.InvalidOperationException>(() => auc.Next(0, new byte[6], 0));
            Assert.Throws<System.ArgumentOutOfRangeException>(() => new AucSqnState(1).Next(32, new byte[6], 0));
        }

        [Theory]
        [InlineData(100, 50, AucResync.Kept, 100)] // AuC ahead within delta: its next SQN is accepted
        [InlineData(10, 50, AucResync.Reset, 50)] // AuC behind the USIM
        [InlineData(50, 50, AucResync.Kept, 50)] // next SEQ 51 > 50
        [InlineData(49, 50, AucResync.Reset, 50)] // next SEQ 50 is not above SEQ_MS
        [InlineData(50 + (1L << 28), 50, AucResync.Reset, 50)] // next SEQ beyond delta
        [InlineData(49 + (1L << 28), 50, AucResync.Kept, 49 + (1L << 28))]
        public void AucResynchronize_FollowsTs33102(long seqHe, long seqMs, AucResync expected, long after)
        {
            var auc = new AucSqnState(seqHe);
            Assert.Equal(expected, auc.Resynchronize(Sqn(seqMs, 31), 0));
            Assert.Equal(after, auc.SeqHe);
        }
    }
}
