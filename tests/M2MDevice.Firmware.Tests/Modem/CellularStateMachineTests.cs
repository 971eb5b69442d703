using System;
using System.Collections.Generic;
using System.Linq;
using M2MDevice.At;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Firmware.Tests.Modem
{
    public sealed class CellularStateMachineTests
    {
        private const string ScanThree = "(1,\"Op A\",\"OpA\",\"00101\",7),(2,\"Op B\",\"OpB\",\"00102\",7),(1,\"Op C\",\"OpC\",\"00103\",7),,(0-4),(0-2)";

        // RAND and AUTN as they would arrive from a network; AUTHENTICATE = CLA INS P1 P2 Lc '10' RAND '10' AUTN.
        private const string AuthenticateApdu = "0088008122" + "10" + "23553CBE9637A89D218AE64DAE47BF35" + "10" + "55F328B43577B9B94A9FFAC354DFAFB3";

        public static IEnumerable<object[]> Chunkings() =>
            new[] { new object[] { Chunking.Whole }, new object[] { Chunking.ByteByByte }, new object[] { Chunking.Random } };

        [Theory]
        [MemberData(nameof(Chunkings))]
        public void Attach_FirstAllowedAvailable_AttachesWithPdpContext(Chunking chunking)
        {
            var h = new CellularHarness(chunking, 11);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Roaming));
            Data(h.Modem);

            h.Cellular.BeginAttach(Plmns("00101", "00103"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal(new[] { "ATTACH Attached 0 00101" }, h.Events);
            Assert.Equal(CellularState.Attached, h.Cellular.State);
            Assert.Equal("00101", h.Cellular.RegisteredPlmn);
            AssertScriptDone(h);
            Assert.Contains(h.LogLines, l => l.Contains("cell: Registering -> ActivatingData on Registered"));
        }

        [Fact]
        public void Attach_AnyChunking_IdenticalOutcomesLogsAndCommands()
        {
            var runs = new List<string>();
            foreach (Chunking chunking in new[] { Chunking.Whole, Chunking.ByteByByte, Chunking.Random })
            {
                foreach (int seed in new[] { 1, 2, 3 })
                {
                    CellularHarness h = RunRogueThenGoodNetwork(chunking, seed);
                    runs.Add(string.Join("\n", h.Events.Concat(h.LogLines).Concat(h.Modem.CommandLines.Select(c => c.Key + " " + c.Value))));
                }
            }

            Assert.All(runs, r => Assert.Equal(runs[0], r));
        }

        [Fact]
        public void Attach_WithPowerKey_PulsesKeyThenSynchronises()
        {
            var h = new CellularHarness(Chunking.Whole, 1, withPower: true);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Home));
            Data(h.Modem);

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal(new[] { "0 supply True", "0 key True", "1000 key False" }, h.PowerLines);
            Assert.Equal(new KeyValuePair<long, string>(1000, "AT"), h.Modem.CommandLines[0]);
            Assert.Equal("ATTACH Attached 0 00101", Assert.Single(h.Events));
        }

        [Fact]
        public void Attach_SilentModem_ModemFailureAfterSyncTimeout()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            h.Modem.AllowUnscripted = true;

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(120000);

            Assert.Equal("ATTACH ModemFailure 0 -", Assert.Single(h.Events));
            Assert.Equal(30000, h.Now);
            Assert.All(h.Modem.CommandLines, c => Assert.Equal("AT", c.Value));
            Assert.Equal(31, h.Modem.CommandLines.Count); // one "AT" per 1 s command timeout, t = 0 .. 30 s
            Assert.Equal(CellularState.Off, h.Cellular.State);
        }

        [Fact]
        public void Attach_SimNeverReady_SimNotReadyAtDeadline()
        {
            var h = new CellularHarness(Chunking.Random, 4);
            h.Cellular.SimReadyTimeoutMilliseconds = 5000;
            BringUpToSim(h.Modem);
            for (int i = 0; i < 5; i++)
            {
                h.Modem.Expect("AT+CPIN?", L("+CME ERROR: 10"));
            }

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH SimNotReady 0 -", Assert.Single(h.Events));
            Assert.Equal(new long[] { 0, 1000, 2000, 3000, 4000 }, h.Modem.CommandLines.Where(c => c.Value == "AT+CPIN?").Select(c => c.Key));
            Assert.Equal(5000, h.Now);
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_SimWantsPin_SimNotReadyAtOnce()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            BringUpToSim(h.Modem);
            h.Modem.Expect("AT+CPIN?", L("+CPIN: SIM PIN", "OK"));

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH SimNotReady 0 -", Assert.Single(h.Events));
            Assert.Equal(0, h.Now);
        }

        [Fact]
        public void Attach_ModemCannotSelectRemoteSim_SimNotReady()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            h.Modem.Expect("AT", L("OK")).Expect("ATE0", L("OK")).Expect("AT+CMEE=1", L("OK")).Expect("ATV1", L("OK"))
                .Expect("AT+CFUN=0", L("OK")).Expect("AT+M2MSIMSEL=1", L("ERROR"));

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH SimNotReady 0 -", Assert.Single(h.Events));
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_AfterSimNeverReady_NextAttachPowerCyclesAndReselectsSim()
        {
            var h = new CellularHarness(Chunking.Random, 5);
            h.Cellular.SimReadyTimeoutMilliseconds = 3000;
            BringUpToSim(h.Modem);
            for (int i = 0; i < 3; i++)
            {
                h.Modem.Expect("AT+CPIN?", L("+CME ERROR: 14"));
            }

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);
            Assert.Equal("ATTACH SimNotReady 0 -", Assert.Single(h.Events));
            AssertScriptDone(h);

            // The retry does not just poll a SIM that never came up: off, select, on, then poll (docs/remote-sim.md).
            h.Modem.Expect("AT+CFUN=0", L("OK")).Expect("AT+M2MSIMSEL=1", L("OK")).Expect("AT+CFUN=1", L("OK"));
            ScriptReattach(h.Modem, "00101", RegistrationStatus.Roaming);
            int before = h.Modem.CommandLines.Count;
            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH Attached 0 00101", h.Events[1]);
            Assert.Equal(new[] { "AT+CFUN=0", "AT+M2MSIMSEL=1", "AT+CFUN=1", "AT+CPIN?" }, h.Modem.CommandLines.Skip(before).Take(4).Select(c => c.Value));
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_SimFailure_PowerCycledOnceWithinTheAttach()
        {
            var h = new CellularHarness(Chunking.ByteByByte, 1);
            BringUpToSim(h.Modem);
            h.Modem.Expect("AT+CPIN?", L("+CME ERROR: 13"));
            h.Modem.Expect("AT+CFUN=0", L("OK")).Expect("AT+M2MSIMSEL=1", L("OK")).Expect("AT+CFUN=1", L("OK"));
            ScriptReattach(h.Modem, "00101", RegistrationStatus.Home);

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH Attached 0 00101", Assert.Single(h.Events));
            Assert.Contains(h.LogLines, l => l.Contains("cell: WaitingForSim -> SelectingSim on CommandFailed"));
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_SimFailureAfterPowerCycle_SimNotReadyAtOnceThenNextAttachReselects()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            BringUpToSim(h.Modem);
            h.Modem.Expect("AT+CPIN?", L("+CME ERROR: 13"));
            h.Modem.Expect("AT+CFUN=0", L("OK")).Expect("AT+M2MSIMSEL=1", L("OK")).Expect("AT+CFUN=1", L("OK"));
            h.Modem.Expect("AT+CPIN?", L("+CME ERROR: 13"));

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH SimNotReady 0 -", Assert.Single(h.Events));
            Assert.Equal(0, h.Now); // no waiting out the 30 s deadline for a card that failed
            AssertScriptDone(h);

            h.Modem.Expect("AT+CFUN=0", L("OK")).Expect("AT+M2MSIMSEL=1", L("OK")).Expect("AT+CFUN=1", L("OK"));
            h.Modem.Expect("AT+CPIN?", L("+CME ERROR: 13"));
            h.Modem.Expect("AT+CFUN=0", L("OK")).Expect("AT+M2MSIMSEL=1", L("OK")).Expect("AT+CFUN=1", L("OK"));
            h.Modem.Expect("AT+CPIN?", L("+CME ERROR: 13"));
            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH SimNotReady 0 -", h.Events[1]);
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_NoNetworkInCoverage_NoNetworkAfterThreeScans()
        {
            var h = new CellularHarness(Chunking.ByteByByte, 1);
            BringUp(h.Modem);
            Scan(h.Modem, ",,(0-4),(0-2)");
            h.Modem.Expect("AT+COPS=?", L("+CME ERROR: 30"));
            Scan(h.Modem, ",,(0-4),(0-2)");

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(120000);

            Assert.Equal("ATTACH NoNetwork 0 -", Assert.Single(h.Events));
            Assert.Equal(new long[] { 0, 10000, 20000 }, h.Modem.CommandLines.Where(c => c.Value == "AT+COPS=?").Select(c => c.Key));
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_OnlyForbiddenAllowedNetworks_NoNetworkWithoutSelecting()
        {
            var h = new CellularHarness(Chunking.Random, 9);
            BringUp(h.Modem);
            string forbidden = "(3,\"Op A\",\"OpA\",\"00101\",7),(1,\"Other\",\"O\",\"99999\",7),(3,\"Op C\",\"OpC\",\"00103\",2),,(0-4),(0-2)";
            Scan(h.Modem, forbidden);
            Scan(h.Modem, forbidden);
            Scan(h.Modem, forbidden);

            h.Cellular.BeginAttach(Plmns("00101", "00103"), CellularHarness.Apn);
            h.RunUntilEvent(120000);

            Assert.Equal("ATTACH NoNetwork 0 -", Assert.Single(h.Events));
            Assert.DoesNotContain(h.Modem.CommandLines, c => c.Value.StartsWith("AT+COPS=1", StringComparison.Ordinal));
            Assert.Contains(h.LogLines, l => l.Contains("only forbidden"));
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_AllowedNetworkAbsent_NotInListIsNeverSelected()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00103", Urc(RegistrationKind.Eps, RegistrationStatus.Home));
            Data(h.Modem);

            h.Cellular.BeginAttach(Plmns("00999", "00103"), CellularHarness.Apn); // 00101 is in coverage but not allowed
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH Attached 0 00103", Assert.Single(h.Events));
            AssertScriptDone(h);
        }

        [Theory]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(6)]
        [InlineData(8)]
        public void Attach_RejectInvalidatingUsim_SimInvalidAndNoFurtherAttempt(int cause)
        {
            var h = new CellularHarness(Chunking.Random, cause);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Denied, cause));
            h.Modem.Expect("AT+COPS=2", L("OK"));

            h.Cellular.BeginAttach(Plmns("00101", "00103"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal($"ATTACH SimInvalid {cause} -", Assert.Single(h.Events));
            Assert.True(h.Cellular.IsSimInvalid);
            AssertScriptDone(h);

            // TS 24.301 5.5.1.2.5: no further attempt until the SIM is power-cycled.
            int commands = h.Modem.CommandLines.Count;
            h.Cellular.BeginAttach(Plmns("00101", "00103"), CellularHarness.Apn);
            Assert.Single(h.Events); // never completed inside the call
            h.Advance(100);
            Assert.Equal($"ATTACH SimInvalid {cause} -", h.Events[1]);
            Assert.Equal(commands, h.Modem.CommandLines.Count);

            // A detach power-cycles the SIM (AT+CFUN=0/1): the card may be used again.
            h.Modem.Expect("AT+COPS=2", L("OK")).Expect("AT+CFUN=0", L("OK")).Expect("AT+CFUN=1", L("OK"));
            h.Cellular.BeginDetach();
            h.Pump();
            Assert.Equal("DETACH", h.Events[2]);
            Assert.False(h.Cellular.IsSimInvalid);
        }

        [Theory]
        [InlineData(11)]
        [InlineData(13)]
        public void Attach_RejectPlmnNotAllowed_MovesToNextAllowedAtOnce(int cause)
        {
            var h = new CellularHarness(Chunking.Random, cause);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Denied, cause));
            Select(h.Modem, "00103", Urc(RegistrationKind.Gprs, RegistrationStatus.Home));
            Data(h.Modem);

            h.Cellular.BeginAttach(Plmns("00101", "00103"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH Attached 0 00103", Assert.Single(h.Events));
            Assert.Equal(0, h.Now); // no back-off between PLMNs
            Assert.Equal(cause, h.Cellular.LastRejectCause);
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_RejectPlmnNotAllowedOnLastPlmn_RejectedWithCause()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Denied, 11));
            h.Modem.Expect("AT+COPS=2", L("OK"));

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH Rejected 11 -", Assert.Single(h.Events));
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_RejectNoSuitableCells_WaitsForAnotherAreaOfSamePlmn()
        {
            var h = new CellularHarness(Chunking.Random, 15);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Denied, 15));

            h.Cellular.BeginAttach(Plmns("00101", "00103"), CellularHarness.Apn);
            h.Pump();
            h.Advance(5000);
            Assert.Empty(h.Events);
            Assert.Equal(CellularState.Registering, h.Cellular.State);

            Data(h.Modem);
            h.Modem.Unsolicited(Urc(RegistrationKind.Eps, RegistrationStatus.Home)); // the modem found a cell in another TA
            h.RunUntilEvent(1000);

            Assert.Equal("ATTACH Attached 0 00101", Assert.Single(h.Events));
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_RejectNoSuitableCellsNeverRecovers_RejectedAtRegistrationDeadline()
        {
            var h = new CellularHarness(Chunking.Whole, 15);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Denied, 15));
            h.Modem.Expect("AT+COPS=2", L("OK"));

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(200000);

            Assert.Equal("ATTACH Rejected 15 -", Assert.Single(h.Events));
            Assert.Equal(90000, h.Now);
            AssertScriptDone(h);
        }

        [Theory]
        [InlineData(17)]
        [InlineData(22)]
        [InlineData(111)]
        public void Attach_RejectRetryable_T3411ThenT3402BackoffThenGivesUp(int cause)
        {
            var h = new CellularHarness(Chunking.Random, cause);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            for (int i = 0; i < 10; i++)
            {
                Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Denied, cause));
            }

            h.Modem.Expect("AT+COPS=2", L("OK"));

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(3600000, 1000);

            Assert.Equal($"ATTACH Rejected {cause} -", Assert.Single(h.Events));
            long[] times = h.Modem.CommandLines.Where(c => c.Value == "AT+COPS=1,2,\"00101\"").Select(c => c.Key).ToArray();
            long[] gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToArray();

            // TS 24.301 5.5.1.2.6: T3411 (10 s) while the attempt counter is below 5, T3402 (12 min) at 5.
            Assert.Equal(new long[] { 10000, 10000, 10000, 10000, 720000, 10000, 10000, 10000, 10000 }, gaps);
            Assert.Equal(10, h.Cellular.RejectCount);
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_RetryableRejectThenSuccess_AttachesAfterShortBackoff()
        {
            var h = new CellularHarness(Chunking.ByteByByte, 1);
            h.Cellular.ShortBackoffMilliseconds = 3000;
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Denied, 22));
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Home));
            Data(h.Modem);

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH Attached 0 00101", Assert.Single(h.Events));
            Assert.Equal(3000, h.Now);
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_RogueNetworkMacFailureThenIllegalMs_CountedAndNextPlmnNotSimInvalid()
        {
            CellularHarness h = RunRogueThenGoodNetwork(Chunking.Random, 5);

            Assert.Equal("ATTACH Attached 0 00103", Assert.Single(h.Events));
            Assert.Equal(1, h.Cellular.MacFailureCount);
            Assert.Equal(1, h.RemoteSim.MacFailures);
            Assert.False(h.Cellular.IsSimInvalid); // an unauthenticated reject #3 must not kill the USIM
            AssertScriptDone(h);
            Assert.DoesNotContain(h.LogLines, l => l.Contains("0088", StringComparison.Ordinal) || l.Contains("M2MSIM=", StringComparison.Ordinal));
        }

        [Fact]
        public void Attach_OnlyRogueNetwork_AuthenticationFailed()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", L("+M2MSIM: 7,\"APDU\",\"" + AuthenticateApdu + "\""));
            h.Modem.Expect("AT+M2MSIM=7,0,\"9862\"", L("OK") + Urc(RegistrationKind.Eps, RegistrationStatus.Denied, 20));
            h.Modem.Expect("AT+COPS=2", L("OK"));

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH AuthenticationFailed 20 -", Assert.Single(h.Events));
            Assert.Equal(1, h.Cellular.MacFailureCount);
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_ThreeMacFailuresWithoutReject_AbandonsPlmnAtThird()
        {
            var h = new CellularHarness(Chunking.Random, 3);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", L("+M2MSIM: 1,\"APDU\",\"" + AuthenticateApdu + "\""));
            h.Modem.Expect("AT+M2MSIM=1,0,\"9862\"", L("OK", "+M2MSIM: 2,\"APDU\",\"" + AuthenticateApdu + "\""));
            h.Modem.Expect("AT+M2MSIM=2,0,\"9862\"", L("OK", "+M2MSIM: 3,\"APDU\",\"" + AuthenticateApdu + "\""));
            h.Modem.Expect("AT+M2MSIM=3,0,\"9862\"", L("OK"));
            Select(h.Modem, "00103", Urc(RegistrationKind.Eps, RegistrationStatus.Home));
            Data(h.Modem);

            h.Cellular.BeginAttach(Plmns("00101", "00103"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH Attached 0 00103", Assert.Single(h.Events));
            Assert.Equal(3, h.Cellular.MacFailureCount);
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_SynchronisationFailure_CountedAndAttachContinues()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            h.Card.AuthenticateAnswer = Convert.FromHexString("DC0E0102030405060708090A0B0C0D0E9000");
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", L("+M2MSIM: 4,\"APDU\",\"" + AuthenticateApdu + "\""));
            h.Modem.Expect("AT+M2MSIM=4,0,\"DC0E0102030405060708090A0B0C0D0E9000\"", L("OK") + Urc(RegistrationKind.Eps, RegistrationStatus.Home));
            Data(h.Modem);

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH Attached 0 00101", Assert.Single(h.Events));
            Assert.Equal(1, h.Cellular.SynchronisationFailureCount);
            Assert.Equal(0, h.Cellular.MacFailureCount);
        }

        [Fact]
        public void Attach_RegistrationTimeoutOnFirst_TriesNextThenNoNetwork()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            h.Cellular.RegistrationTimeoutMilliseconds = 20000;
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", string.Empty);
            Select(h.Modem, "00103", string.Empty);
            h.Modem.Expect("AT+COPS=2", L("OK"));

            h.Cellular.BeginAttach(Plmns("00101", "00103"), CellularHarness.Apn);
            h.RunUntilEvent(100000);

            Assert.Equal("ATTACH NoNetwork 0 -", Assert.Single(h.Events));
            Assert.Equal(40000, h.Now);
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_AlreadyRegisteredWhenSelecting_ReadQueryFindsIt()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            h.Modem.Expect("AT+COPS=1,2,\"00101\"", L("OK"))
                .Expect("AT+CREG?", L("+CREG: 3,2", "OK"))
                .Expect("AT+CGREG?", L("+CGREG: 3,1,\"1234\",\"0001ABCD\",2,\"01\"", "OK"));
            Data(h.Modem);

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH Attached 0 00101", Assert.Single(h.Events));
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_AutomaticSelection_ReadsOperatorAfterAttach()
        {
            var h = new CellularHarness(Chunking.Random, 7);
            BringUp(h.Modem);
            h.Modem.Expect("AT+COPS=0", L("OK"))
                .Expect("AT+CREG?", L("+CREG: 3,2", "OK"))
                .Expect("AT+CGREG?", L("+CGREG: 3,2", "OK"))
                .Expect("AT+CEREG?", L("+CEREG: 3,2", "OK") + Urc(RegistrationKind.Eps, RegistrationStatus.Home));
            Data(h.Modem);
            h.Modem.Expect("AT+COPS=3,2", L("OK")).Expect("AT+COPS?", L("+COPS: 0,2,\"00101\",7", "OK"));

            h.Cellular.BeginAttach(null, CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH Attached 0 00101", Assert.Single(h.Events));
            AssertScriptDone(h);
        }

        [Fact]
        public void Attach_PdpActivationRefused_PacketDataFailed()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Home));
            h.Modem.Expect("AT+CGATT=1", L("OK")).Expect("AT+CGACT=1,1", L("+CME ERROR: 148"));
            h.Modem.Expect("AT+COPS=2", L("OK"));

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH PacketDataFailed 0 -", Assert.Single(h.Events));
            AssertScriptDone(h);
        }

        [Fact]
        public void Attached_RegistrationLost_LinkLostThenReattach()
        {
            var h = new CellularHarness(Chunking.ByteByByte, 1);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Home));
            Data(h.Modem);
            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            h.Modem.Unsolicited(Urc(RegistrationKind.Eps, RegistrationStatus.Searching));
            h.Pump();

            Assert.Equal(new[] { "ATTACH Attached 0 00101", "LINKLOST" }, h.Events);
            Assert.Equal(1, h.Cellular.LinkLostCount);
            Assert.Equal(CellularState.Ready, h.Cellular.State);

            // Re-attach starts from the SIM check: the modem is already up and configured.
            ScriptReattach(h.Modem, "00101", RegistrationStatus.Home);
            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH Attached 0 00101", h.Events[2]);
            AssertScriptDone(h);
        }

        [Fact]
        public void Attached_DeniedWhileAttached_LinkLost()
        {
            var h = AttachedHarness();
            h.Modem.Unsolicited(Urc(RegistrationKind.Eps, RegistrationStatus.Denied, 10));
            h.Pump();
            Assert.Equal("LINKLOST", h.Events[1]);
        }

        [Fact]
        public void Attached_OtherKindStillRegistered_NoLinkLoss()
        {
            var h = AttachedHarness();
            h.Modem.Unsolicited(Urc(RegistrationKind.Gprs, RegistrationStatus.Home));
            h.Modem.Unsolicited(Urc(RegistrationKind.Eps, RegistrationStatus.Searching));
            h.Pump();
            Assert.Single(h.Events);
            Assert.Equal(CellularState.Attached, h.Cellular.State);
        }

        [Fact]
        public void Detach_WhenAttached_DeregistersCyclesSimAndReattaches()
        {
            var h = AttachedHarness();
            h.Modem.Expect("AT+COPS=2", L("OK")).Expect("AT+CFUN=0", L("OK")).Expect("AT+CFUN=1", L("OK", "+M2MSIM: 9,\"INIT\""));
            h.Modem.Expect("AT+M2MSIM=9,0,\"3B00\"", L("OK")); // the re-powered soft USIM answers the modem's INIT

            h.Cellular.BeginDetach();
            h.Pump();
            Assert.Equal("DETACH", h.Events[1]);
            Assert.Equal(CellularState.Ready, h.Cellular.State);

            ScriptReattach(h.Modem, "00103", RegistrationStatus.Home);
            h.Cellular.BeginAttach(Plmns("00103"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH Attached 0 00103", h.Events[2]);
            AssertScriptDone(h);
        }

        [Fact]
        public void Detach_DuringRegistration_AbandonsAttachWithoutCompletion()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", string.Empty);
            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.Pump();
            Assert.Equal(CellularState.Registering, h.Cellular.State);

            h.Modem.Expect("AT+COPS=2", L("OK")).Expect("AT+CFUN=0", L("OK")).Expect("AT+CFUN=1", L("OK"));
            h.Cellular.BeginDetach();
            h.Pump();
            h.Advance(200000, 1000);

            Assert.Equal(new[] { "DETACH" }, h.Events);
            AssertScriptDone(h);
        }

        [Fact]
        public void Detach_NeverPowered_CompletesOnNextTickWithoutCommands()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            h.Cellular.BeginDetach();
            Assert.Empty(h.Events);
            h.Advance(100);
            Assert.Equal(new[] { "DETACH" }, h.Events);
            Assert.Empty(h.Modem.CommandLines);
        }

        [Fact]
        public void Attach_CommandTimeoutMidway_ModemFailureThenResynchronises()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            BringUp(h.Modem);
            h.Modem.Expect("AT+COPS=?"); // silence
            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(400000, 1000);

            Assert.Equal("ATTACH ModemFailure 0 -", Assert.Single(h.Events));
            Assert.Equal(180000, h.Now);

            // AtChannel: after a timeout the owner resynchronises before trusting results again.
            BringUp(h.Modem);
            h.Modem.Expect("AT+COPS=?", L("+COPS: " + ScanThree, "OK"));
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Home));
            Data(h.Modem);
            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);
            Assert.Equal("ATTACH Attached 0 00101", h.Events[1]);
            AssertScriptDone(h);
        }

        [Fact]
        public void BeginAttach_WhileAttaching_Throws()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            h.Modem.AllowUnscripted = true;
            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            Assert.Throws<InvalidOperationException>(() => h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn));
            Assert.Throws<ArgumentException>(() => new CellularHarness(Chunking.Whole, 1).Cellular.BeginAttach(new byte[4], CellularHarness.Apn));
            Assert.Throws<ArgumentException>(() => new CellularHarness(Chunking.Whole, 1).Cellular.BeginAttach(null, "bad\"apn"));
        }

        [Fact]
        public void BeginAttach_EmptyAllowedList_NoNetworkWithoutCommands()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            h.Cellular.BeginAttach(new byte[] { 0xFF, 0xFF, 0xFF }, CellularHarness.Apn);
            h.Advance(100);
            Assert.Equal("ATTACH NoNetwork 0 -", Assert.Single(h.Events));
            Assert.Empty(h.Modem.CommandLines);
        }

        [Fact]
        public void Transitions_AreLoggedByName()
        {
            var h = AttachedHarness();
            string[] transitions = h.LogLines.Where(l => l.Contains(" -> ", StringComparison.Ordinal) && l.StartsWith("Information cell:", StringComparison.Ordinal)).ToArray();
            Assert.Equal(
                new[]
                {
                    "Information cell: Off -> Synchronising on AttachRequested",
                    "Information cell: Synchronising -> Configuring on CommandSucceeded",
                    "Information cell: Configuring -> SelectingSim on CommandSucceeded",
                    "Information cell: SelectingSim -> WaitingForSim on CommandSucceeded",
                    "Information cell: WaitingForSim -> EnablingReports on CommandSucceeded",
                    "Information cell: EnablingReports -> Scanning on CommandSucceeded",
                    "Information cell: Scanning -> Selecting on CommandSucceeded",
                    "Information cell: Selecting -> Registering on CommandSucceeded",
                    "Information cell: Registering -> ActivatingData on Registered",
                    "Information cell: ActivatingData -> Attached on CommandSucceeded",
                },
                transitions);
        }

        internal static CellularHarness AttachedHarness(Chunking chunking = Chunking.Whole)
        {
            var h = new CellularHarness(chunking, 1);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Home));
            Data(h.Modem);
            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);
            Assert.Equal("ATTACH Attached 0 00101", Assert.Single(h.Events));
            return h;
        }

        private static CellularHarness RunRogueThenGoodNetwork(Chunking chunking, int seed)
        {
            var h = new CellularHarness(chunking, seed);
            BringUp(h.Modem);
            Scan(h.Modem, ScanThree);
            Select(h.Modem, "00101", L("+M2MSIM: 7,\"APDU\",\"" + AuthenticateApdu + "\""));
            h.Modem.Expect("AT+M2MSIM=7,0,\"9862\"", L("OK") + Urc(RegistrationKind.Eps, RegistrationStatus.Denied, 3));
            Select(h.Modem, "00103", Urc(RegistrationKind.Eps, RegistrationStatus.Roaming));
            Data(h.Modem);

            h.Cellular.BeginAttach(Plmns("00101", "00103"), CellularHarness.Apn);
            h.RunUntilEvent(60000);
            return h;
        }

        internal static string L(params string[] lines) => ScriptedModem.Lines(lines);

        internal static string Urc(RegistrationKind kind, RegistrationStatus status, int cause = -1) => L(CellularHarness.Registration(kind, status, cause));

        internal static byte[] Plmns(params string[] plmns)
        {
            byte[] encoded = new byte[plmns.Length * 3];
            for (int i = 0; i < plmns.Length; i++)
            {
                UsimEncoding.EncodePlmn(plmns[i].Substring(0, 3), plmns[i].Substring(3), encoded, i * 3);
            }

            return encoded;
        }

        internal static void BringUp(ScriptedModem m)
        {
            BringUpToSim(m);
            SimAndReports(m);
        }

        internal static void BringUpToSim(ScriptedModem m)
        {
            m.Expect("AT", L("OK")).Expect("ATE0", L("OK")).Expect("AT+CMEE=1", L("OK")).Expect("ATV1", L("OK"))
                .Expect("AT+CFUN=0", L("OK")).Expect("AT+M2MSIMSEL=1", L("OK")).Expect("AT+CFUN=1", L("OK"));
        }

        /// <summary>The script of an attach on a modem already up: SIM check and reports, scan, select, data.</summary>
        internal static void ScriptReattach(ScriptedModem m, string plmn, RegistrationStatus status)
        {
            SimAndReports(m);
            Scan(m, ScanThree);
            Select(m, plmn, Urc(RegistrationKind.Eps, status));
            Data(m);
        }

        internal static void SimAndReports(ScriptedModem m)
        {
            m.Expect("AT+CPIN?", L("+CPIN: READY", "OK")).Expect("AT+CREG=3", L("OK")).Expect("AT+CGREG=3", L("OK"))
                .Expect("AT+CEREG=3", L("OK")).Expect("AT+CGDCONT=1,\"IP\",\"m2m.test\"", L("OK"));
        }

        internal static void Scan(ScriptedModem m, string list) => m.Expect("AT+COPS=?", L("+COPS: " + list, "OK"));

        internal static void Select(ScriptedModem m, string plmn, string afterQueries)
        {
            m.Expect($"AT+COPS=1,2,\"{plmn}\"", L("OK"))
                .Expect("AT+CREG?", L("+CREG: 3,2", "OK"))
                .Expect("AT+CGREG?", L("+CGREG: 3,2", "OK"))
                .Expect("AT+CEREG?", L("+CEREG: 3,2", "OK") + afterQueries);
        }

        internal static void Data(ScriptedModem m) => m.Expect("AT+CGATT=1", L("OK")).Expect("AT+CGACT=1,1", L("OK"));

        private static void AssertScriptDone(CellularHarness h)
        {
            Assert.Empty(h.Modem.Failures);
            Assert.True(h.Modem.Finished, "script not finished");
        }
    }
}
