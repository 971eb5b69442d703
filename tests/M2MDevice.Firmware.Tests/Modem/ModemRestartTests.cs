using M2MDevice.At;
using M2MDevice.Firmware.Device;
using M2MDevice.Firmware.Modem;
using static M2MDevice.Firmware.Tests.Modem.CellularStateMachineTests;

namespace M2MDevice.Firmware.Tests.Modem
{
    /// <summary>
    /// Issue 7 part 2 fixes, found by the faulty-modem end-to-end tests (emulator Faults): a modem that restarts (SIMCom
    /// "RDY") after its power-up has lost registration, PDP context and SIM selection, so the cellular machine reports
    /// the link lost (or starts an attach over) and cancels what the old modem will never answer; a SIM poll answered
    /// late or never does not end the attach; an attach requested while an earlier one still runs (provisioning's timer
    /// gave up on it) supersedes it through a detach instead of throwing.
    /// </summary>
    public sealed class ModemRestartTests
    {
        private const string ScanOne = "(1,\"Op A\",\"OpA\",\"00101\",7),,(0-4),(0-2)";

        [Fact]
        public void ModemRestarted_WhileAttached_LinkLostAndTheNextAttachSynchronisesFirst()
        {
            var h = new CellularHarness(Chunking.Whole, 21);
            Attach(h);
            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);
            Assert.Equal("ATTACH Attached 0 00101", Assert.Single(h.Events));

            Attach(h);
            h.Modem.Unsolicited(L("RDY"));
            h.Pump();

            Assert.Equal("LINKLOST", h.Events[1]);
            Assert.Equal(CellularState.Ready, h.Cellular.State);
            Assert.Equal(1, h.Cellular.ModemRestartCount);
            Assert.Equal(1, h.Router.ModemReadyCount);
            Assert.Equal(0, h.Router.UnhandledCount);

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH Attached 0 00101", h.Events[2]);
            Assert.Empty(h.Modem.Failures);
            Assert.True(h.Modem.Finished, "the second attach starts with AT, ATE0 ... on the restarted modem");
        }

        [Fact]
        public void ModemRestarted_DuringPowerUp_TakenAsReadyNotAsAnAnswer()
        {
            var h = new CellularHarness(Chunking.ByteByByte, 22);
            h.Modem.Expect("AT", L("RDY", "OK"));
            h.Modem.Expect("ATE0", L("OK")).Expect("AT+CMEE=1", L("OK")).Expect("ATV1", L("OK"))
                .Expect("AT+CFUN=0", L("OK")).Expect("AT+M2MSIMSEL=1", L("OK")).Expect("AT+CFUN=1", L("OK"));
            SimAndReports(h.Modem);
            Scan(h.Modem, ScanOne);
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Home));
            Data(h.Modem);

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH Attached 0 00101", Assert.Single(h.Events));
            Assert.Equal(0, h.Cellular.ModemRestartCount);
            Assert.Equal(1, h.Router.ModemReadyCount);
        }

        [Fact]
        public void ModemRestarted_WhileSelecting_TheAttachStartsOverAndSucceeds()
        {
            var h = new CellularHarness(Chunking.Random, 23);
            BringUp(h.Modem);
            Scan(h.Modem, ScanOne);
            h.Modem.Expect("AT+COPS=1,2,\"00101\""); // the modem restarts instead of answering
            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.Advance(1000);
            Assert.Equal(CellularState.Selecting, h.Cellular.State);

            Attach(h);
            h.Modem.Unsolicited(L("RDY"));
            h.RunUntilEvent(60000);

            Assert.Equal("ATTACH Attached 0 00101", Assert.Single(h.Events));
            Assert.Equal(1, h.Cellular.ModemRestartCount);
            Assert.Empty(h.Modem.Failures);
            Assert.True(h.Modem.Finished);
            Assert.True(h.Now < 60000, "the selection in flight was cancelled, not waited out");
        }

        [Fact]
        public void WaitingForSim_OnePollUnanswered_PollsAgainAndAttaches()
        {
            var h = new CellularHarness(Chunking.Whole, 24);
            BringUpToSim(h.Modem);
            h.Modem.Expect("AT+CPIN?"); // lost
            SimAndReports(h.Modem);
            Scan(h.Modem, ScanOne);
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Home));
            Data(h.Modem);

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(120000);

            Assert.Equal("ATTACH Attached 0 00101", Assert.Single(h.Events));
            Assert.Contains(h.LogLines, l => l.Contains("SIM poll unanswered"));
            Assert.True(h.Modem.Finished);
        }

        [Fact]
        public void WaitingForSim_ThreePollsUnanswered_ModemFailure()
        {
            var h = new CellularHarness(Chunking.Whole, 25);
            BringUpToSim(h.Modem);
            h.Modem.Expect("AT+CPIN?").Expect("AT+CPIN?").Expect("AT+CPIN?");

            h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(120000);

            Assert.Equal("ATTACH ModemFailure 0 -", Assert.Single(h.Events));
            Assert.True(h.Modem.Finished);
        }

        [Fact]
        public void CellularLink_AttachWhileAnAttachStillRuns_DetachesThenAttachesWithoutReportingTheDetach()
        {
            var h = new CellularHarness(Chunking.Whole, 26);
            var link = new CellularLink(h.Cellular) { Listener = h };
            BringUpToSim(h.Modem);
            h.Modem.Expect("AT+CPIN?"); // the attach hangs here; provisioning's timer gives up on it
            h.Modem.Expect("AT+COPS=2", L("OK")).Expect("AT+CFUN=0", L("OK")).Expect("AT+CFUN=1", L("OK"));
            SimAndReports(h.Modem);
            Scan(h.Modem, ScanOne);
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Home));
            Data(h.Modem);

            link.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.Advance(1000);
            Assert.Equal(CellularState.WaitingForSim, h.Cellular.State);
            Assert.Throws<System.InvalidOperationException>(() => h.Cellular.BeginAttach(Plmns("00101"), CellularHarness.Apn));

            link.BeginAttach(Plmns("00101"), CellularHarness.Apn);
            h.RunUntilEvent(120000);

            Assert.Equal("ATTACH Attached 0 00101", Assert.Single(h.Events));
            Assert.Equal(1, link.SupersededRequests);
            Assert.Empty(h.Modem.Failures);
            Assert.True(h.Modem.Finished);
        }

        /// <summary>A whole attach from a modem that has just powered up.</summary>
        private static void Attach(CellularHarness h)
        {
            BringUp(h.Modem);
            Scan(h.Modem, ScanOne);
            Select(h.Modem, "00101", Urc(RegistrationKind.Eps, RegistrationStatus.Home));
            Data(h.Modem);
        }
    }
}
