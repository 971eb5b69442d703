using M2MDevice.Aka;
using nanoFramework.TestFramework;

namespace M2MDevice.NFUnitTest
{
    /// <summary>
    /// The USIM's SQN freshness rules (TS 33.102 Annex C.2) on <see cref="UsimSqnState"/> directly, with no
    /// soft USIM: per-IND acceptance, replay, the delta limit and the optional age limit.
    /// </summary>
    [TestClass]
    public class UsimSqnTests
    {
        [TestMethod]
        [DataRow(0)]
        [DataRow(7)]
        [DataRow(31)]
        public void TryAccept_HigherSeqInSlot_AcceptsAndStoresSlot(int ind)
        {
            UsimSqnState state = new UsimSqnState();
            byte[] sqn = SqnStates.Make(5, ind);

            SqnCheck check = state.TryAccept(sqn, 0, out int changedSlot);

            Assert.AreEqual((int)SqnCheck.Fresh, (int)check);
            Assert.AreEqual(ind, changedSlot);
            byte[] highest = new byte[6];
            state.GetHighest(highest, 0);
            CollectionAssert.AreEqual(sqn, highest);
        }

        [TestMethod]
        public void TryAccept_SameSqnTwice_RejectsReplay()
        {
            UsimSqnState state = new UsimSqnState();
            byte[] sqn = SqnStates.Make(9, 3);
            state.TryAccept(sqn, 0, out int first);

            // C.2.2: SEQ must exceed SEQ_MS(IND).
            SqnCheck check = state.TryAccept(sqn, 0, out int second);

            Assert.AreEqual((int)SqnCheck.NotIncreasing, (int)check);
            Assert.AreEqual(3, first);
            Assert.AreEqual(-1, second);
        }

        [TestMethod]
        public void TryAccept_LowerSeqInOtherSlot_AcceptsOutOfOrderVector()
        {
            UsimSqnState state = new UsimSqnState();
            state.TryAccept(SqnStates.Make(20, 1), 0, out int ignoredSlot);

            // C.2.2 with IND: a vector from another serving node (other IND) may arrive late.
            SqnCheck check = state.TryAccept(SqnStates.Make(10, 2), 0, out int changedSlot);

            Assert.AreEqual((int)SqnCheck.Fresh, (int)check);
            Assert.AreEqual(2, changedSlot);
            Assert.AreEqual(1, ignoredSlot);
        }

        [TestMethod]
        public void Check_JumpBeyondDelta_ReportsTooFarAhead()
        {
            UsimSqnState state = new UsimSqnState();
            state.TryAccept(SqnStates.Make(100, 0), 0, out int ignoredSlot);

            // C.2.1: SEQ - SEQ_MS > delta (2^28 by default) is refused.
            SqnCheck check = state.Check(SqnStates.Make(100 + UsimSqnState.DefaultDelta + 1, 1), 0);

            Assert.AreEqual((int)SqnCheck.TooFarAhead, (int)check);
            Assert.AreEqual((int)SqnCheck.Fresh, (int)state.Check(SqnStates.Make(100 + UsimSqnState.DefaultDelta, 1), 0));
        }

        [TestMethod]
        public void Check_OlderThanAgeLimit_ReportsTooOld()
        {
            UsimSqnState state = new UsimSqnState();
            state.AgeLimit = 50;
            state.TryAccept(SqnStates.Make(1000, 0), 0, out int ignoredSlot);

            // C.2.3: with a limit L, SEQ_MS - SEQ >= L is refused even in an unused slot.
            Assert.AreEqual((int)SqnCheck.TooOld, (int)state.Check(SqnStates.Make(950, 4), 0));
            Assert.AreEqual((int)SqnCheck.Fresh, (int)state.Check(SqnStates.Make(951, 4), 0));
        }
    }
}
