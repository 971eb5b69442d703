using System.Linq;
using System.Text.Json;
using M2MDevice.Aka;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Firmware.Tests.Cost
{
    /// <summary>
    /// Issue 8 part 3: AES blocks and bytes allocated per AUTHENTICATE on the device, as exact numbers from
    /// TS 35.206 4.1. MILENAGE encrypts one block for TEMP = E_K(RAND xor OPc) and one per output block OUT1..OUT5;
    /// f1 and f1* read OUT1, f2 and f5 share OUT2, f3 = OUT3, f4 = OUT4, f5* = OUT5 (TEMP is computed once per RAND).
    /// </summary>
    public sealed class AuthenticateCostTests
    {
        // TS 33.102 6.3.3: AK = f5 (TEMP, OUT2), XMAC = f1 (OUT1), then RES = f2 (OUT2 again), CK = f3 (OUT3), IK = f4 (OUT4).
        private const int SuccessBlocks = 1 + 1 + 1 + 1 + 1;

        // TS 33.102 6.3.3/6.3.5: TEMP, OUT2 (f5), OUT1 (f1); then AUTS: OUT5 (f5*) and OUT1 of SQN_MS || AMF* (f1*).
        private const int SyncFailureBlocks = 1 + 1 + 1 + 1 + 1;

        // TS 33.102 6.3.3: TEMP, OUT2 (f5), OUT1 (f1); the MAC differs, nothing else is computed.
        private const int MacFailureBlocks = 1 + 1 + 1;

        // TS 33.102 6.8.1.2: XRES, CK, IK (TEMP, OUT2, OUT3, OUT4), then c2 and c3 (no AES); no f1, no f5.
        private const int GsmContextBlocks = 1 + 1 + 1 + 1;

        [Theory]
        [InlineData(AuthenticateCase.Success, SuccessBlocks, AkaResult.Success)]
        [InlineData(AuthenticateCase.SyncFailure, SyncFailureBlocks, AkaResult.SyncFailure)]
        [InlineData(AuthenticateCase.MacFailure, MacFailureBlocks, AkaResult.MacFailure)]
        [InlineData(AuthenticateCase.GsmContext, GsmContextBlocks, AkaResult.Success)]
        public void Authenticate_EachOutcome_SpecBlockCountAndNoAllocation(AuthenticateCase which, int expectedBlocks, AkaResult expectedResult)
        {
            AuthenticateCostProbe probe = ProbeForSet1(out _);

            for (int i = 0; i < 20; i++)
            {
                AkaResult result = probe.Measure(which, out long blocks, out long allocated);

                Assert.Equal(expectedResult, result);
                Assert.Equal(expectedBlocks, blocks);
                Assert.Equal(0, allocated);
            }
        }

        [Fact]
        public void Authenticate_CountingCipher_OutputStillMatchesTs35207Set1()
        {
            AuthenticateCostProbe probe = ProbeForSet1(out JsonElement set);

            Assert.Equal(AkaResult.Success, probe.Run(AuthenticateCase.Success));

            // f2..f4 depend on RAND only, so a fresh SQN still yields the set's RES, CK, IK.
            Assert.Equal(Hex(set.GetProperty("f2").GetString()), probe.Output.Res[..probe.Output.ResLength]);
            Assert.Equal(Hex(set.GetProperty("f3").GetString()), probe.Output.Ck[..probe.Output.CkLength]);
            Assert.Equal(Hex(set.GetProperty("f4").GetString()), probe.Output.Ik[..probe.Output.IkLength]);
        }

        [Fact]
        public void Authenticate_ManySuccessesInARow_FiveBlocksEachAndNothingCachedAcrossCalls()
        {
            AuthenticateCostProbe probe = ProbeForSet1(out _);
            long total = 0;
            int runs = probe.FreshLeft;

            for (int i = 0; i < runs; i++)
            {
                Assert.Equal(AkaResult.Success, probe.Measure(AuthenticateCase.Success, out long blocks, out _));
                total += blocks;
            }

            // The same RAND every time: TEMP is still recomputed, because the USIM wipes MILENAGE's cache after each run.
            Assert.Equal((long)SuccessBlocks * runs, total);
        }

        private static AuthenticateCostProbe ProbeForSet1(out JsonElement set)
        {
            set = Load("milenage").GetProperty("sets").EnumerateArray().First(s => s.GetProperty("id").GetString() == "TS 35.207 test set 1");
            return new AuthenticateCostProbe(
                Hex(set.GetProperty("K").GetString()),
                Hex(set.GetProperty("OPc").GetString()),
                Hex(set.GetProperty("RAND").GetString()),
                Hex(set.GetProperty("AMF").GetString()));
        }
    }
}
