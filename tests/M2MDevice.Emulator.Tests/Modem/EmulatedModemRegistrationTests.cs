using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using M2MDevice.At;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Tests.Radio;
using M2MDevice.Emulator.Visited;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Emulator.Tests.Modem
{
    /// <summary>
    /// Registration through the visited operators: URC sequences (+CREG/+CGREG/+CEREG), AKA with the inserted
    /// SoftUsim and a local AuC (success, MAC failure, synchronisation failure and resync), reject causes, and
    /// what the modem writes to the SIM (EF_LOCI, EF_PSLOCI, EF_EPSLOCI, EF_KEYS, EF_FPLMN).
    /// </summary>
    public sealed class EmulatedModemRegistrationTests
    {
        private static RegistrationState Parse(string line, RegistrationKind kind, bool readResponse = false)
        {
            var reader = new AtReader();
            byte[] bytes = Encoding.ASCII.GetBytes(line);
            reader.Reset(bytes, 0, bytes.Length);
            var state = new RegistrationState();
            Assert.True(NetworkServiceCommands.TryParseRegistration(reader, kind, readResponse, state), line);
            return state;
        }

        private static bool IsFinalEreg(string line) =>
            line.StartsWith("+CEREG: ", StringComparison.Ordinal) && !line.StartsWith("+CEREG: 2", StringComparison.Ordinal);

        private static byte[] ReadFile(ModemTestKit kit, ushort fileId)
        {
            var buffer = new byte[256];
            int length = kit.Card.Store.LoadFile(kit.Card.Store.ActiveIdentity, fileId, buffer, 0);
            return buffer.AsSpan(0, Math.Max(0, length)).ToArray();
        }

        [Fact]
        public async Task PowerOn_HomeOperator_SearchingThenRegisteredHomeWithLocation()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();
            Assert.Equal("OK", (await kit.Dte.CommandAsync("AT+CREG=2"))[^1]);
            Assert.Equal("OK", (await kit.Dte.CommandAsync("AT+CGREG=1"))[^1]);
            await kit.PowerOnAsync(eregMode: 2);

            var urcs = new List<string>();
            string registered = await kit.Dte.WaitForAsync(IsFinalEreg, urcs);
            urcs.Add(registered);
            Assert.Equal(new[] { "+CREG: 2,,,", "+CGREG: 2", "+CEREG: 2,,,", "+CREG: 1,\"1A2B\",\"01234567\",7", "+CGREG: 1", "+CEREG: 1,\"1A2B\",\"01234567\",7" }, urcs);
            RegistrationState state = Parse(registered, RegistrationKind.Eps);
            Assert.Equal(RegistrationStatus.Home, state.Status);
            Assert.Equal((0x1A2B, 0x01234567, 7), (state.AreaCode, state.CellId, state.AccessTechnology));

            Assert.Equal(new[] { "+COPS: 0,0,\"Home One\",7", "OK" }, await kit.Dte.CommandAsync("AT+COPS?"));
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+COPS=3,2"));
            Assert.Equal(new[] { "+COPS: 0,2,\"00101\",7", "OK" }, await kit.Dte.CommandAsync("AT+COPS?"));
            List<string> read = await kit.Dte.CommandAsync("AT+CEREG?");
            Assert.Equal(2, Parse(read[0], RegistrationKind.Eps, true).Mode);
            Assert.Equal(new[] { "+CGATT: 1", "OK" }, await kit.Dte.CommandAsync("AT+CGATT?"));
            Assert.Equal(1, kit.Auc.Requests);
        }

        [Fact]
        public async Task Registration_Accepted_ModemWritesLocationAndKeysToTheSim()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();
            await kit.PowerOnAsync();
            await kit.Dte.WaitForAsync(IsFinalEreg);

            // TS 31.102 4.2.17: TMSI, LAI 00101/1A2B, update status 0.
            byte[] loci = ReadFile(kit, UsimFileId.Loci);
            Assert.True(UsimEncoding.TryDecodeLocationInformation(loci, 0, out _, out string mcc, out string mnc, out ushort lac, out byte status));
            Assert.Equal(("001", "01", (ushort)0x1A2B, (byte)0), (mcc, mnc, lac, status));

            byte[] psloci = ReadFile(kit, UsimFileId.PsLoci);
            Assert.Equal(14, psloci.Length);
            Assert.Equal(0xC0, psloci[0] & 0xC0); // P-TMSI
            Assert.Equal(0, psloci[13]);

            byte[] epsloci = ReadFile(kit, UsimFileId.EpsLoci);
            Assert.Equal(18, epsloci.Length);
            Assert.Equal(new byte[] { 0x0B, 0xF6, 0x00, 0xF1, 0x10 }, epsloci.AsSpan(0, 5).ToArray());
            Assert.Equal(new byte[] { 0x00, 0xF1, 0x10, 0x1A, 0x2B, 0x00 }, epsloci.AsSpan(12, 6).ToArray());

            byte[] keys = ReadFile(kit, UsimFileId.Keys);
            Assert.Equal(33, keys.Length);
            Assert.NotEqual(7, keys[0]); // a key set is stored
            Assert.Contains(keys.AsSpan(1).ToArray(), b => b != 0);
            Assert.Equal(keys, ReadFile(kit, UsimFileId.KeysPs));
        }

        [Fact]
        public async Task ManualSelection_RoamingOperator_OkAtOnceThenRoamingUrc()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();
            await kit.Dte.CommandAsync("AT+COPS=2");
            await kit.PowerOnAsync();

            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+COPS=1,2,\"00102\""));
            var urcs = new List<string>();
            urcs.Add(await kit.Dte.WaitForAsync(IsFinalEreg, urcs));
            Assert.Equal(new[] { "+CEREG: 2,,,", "+CEREG: 5,\"1A2B\",\"01234567\",7" }, urcs);
            Assert.Equal(new[] { "+COPS: 1,2,\"00102\",7", "OK" }, await kit.Dte.CommandAsync("AT+COPS?"));
            Assert.Equal(new[] { "+CSQ: 18,0", "OK" }, await kit.Dte.CommandAsync("AT+CSQ"));
        }

        [Fact]
        public async Task ManualSelection_PlmnNotAllowed_DeniedWithCause11AndForbiddenOnSim()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();
            await kit.Dte.CommandAsync("AT+COPS=2");
            await kit.PowerOnAsync();

            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+COPS=1,0,\"Reject Three\""));
            string denied = await kit.Dte.WaitForAsync(IsFinalEreg);
            Assert.Equal("+CEREG: 3,,,,0,11", denied);
            RegistrationState state = Parse(denied, RegistrationKind.Eps);
            Assert.Equal((RegistrationStatus.Denied, 0, 11), (state.Status, state.CauseType, state.RejectCause));

            // TS 24.008 4.4.4.7: #11 puts the PLMN into EF_FPLMN; +COPS=? marks it forbidden (stat 3).
            byte[] fplmn = ReadFile(kit, UsimFileId.Fplmn);
            Assert.True(UsimEncoding.TryDecodePlmn(fplmn, 0, out string mcc, out string mnc));
            Assert.Equal("00103", mcc + mnc);
            List<string> scan = await kit.Dte.CommandAsync("AT+COPS=?");
            var list = new OperatorList(8);
            var reader = new AtReader();
            byte[] bytes = Encoding.ASCII.GetBytes(scan[0]);
            reader.Reset(bytes, 0, bytes.Length);
            Assert.True(NetworkServiceCommands.TryParseOperatorList(reader, list), scan[0]);
            Assert.Equal(3, list.Count);
            Assert.Equal(("00103", 3, "Reject Three", "REJ3", 7), (list.Get(2).Numeric, list.Get(2).Status, list.Get(2).LongName, list.Get(2).ShortName, list.Get(2).AccessTechnology));
            Assert.Equal(1, list.Get(0).Status);

            List<string> ceer = await kit.Dte.CommandAsync("AT+CEER");
            Assert.Contains("PLMN not allowed", ceer[0]);
        }

        [Fact]
        public async Task AutomaticSelection_HomeRejects_ForbidsItAndRegistersRoaming()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync(k => new[]
            {
                ModemTestKit.Operator(ModemTestKit.HomePlmn, "Home One", "HOME1", 30, SubscriberRule.Reject("0", "9", NasCause.PlmnNotAllowed)),
                ModemTestKit.Operator(ModemTestKit.RoamingPlmn, "Roam Two", "ROAM2", 10, SubscriberRule.Accept("00101", "00101", k.Auc, "auc", false)),
            });
            await kit.PowerOnAsync();

            var urcs = new List<string>();
            string final = await kit.Dte.WaitForAsync(line => line.StartsWith("+CEREG: 5", StringComparison.Ordinal), urcs);
            Assert.DoesNotContain(urcs, line => line.StartsWith("+CEREG: 3", StringComparison.Ordinal)); // the next PLMN is tried first
            Assert.Equal(RegistrationStatus.Roaming, Parse(final, RegistrationKind.Eps).Status);
            Assert.Contains("00101", kit.Modem.SimInfo.ForbiddenPlmns);
        }

        [Fact]
        public async Task Aka_RogueOperatorWrongKey_MacFailureDenied()
        {
            var rogue = new LocalAuc(seed: 9);
            rogue.Add(ModemTestKit.Imsi, Convert.FromHexString("00112233445566778899aabbccddeeff"), ModemTestKit.Opc);
            await using ModemTestKit kit = await ModemTestKit.StartAsync(k => new[]
            {
                ModemTestKit.Operator(ModemTestKit.HomePlmn, "Rogue", "ROGUE", 30, SubscriberRule.Accept("00101", "00101", rogue, "rogue", false)),
            });
            await kit.PowerOnAsync();

            string denied = await kit.Dte.WaitForAsync(IsFinalEreg);
            Assert.Equal("+CEREG: 3,,,,0,20", denied); // TS 24.008 4.3.2.6: AUTHENTICATION FAILURE #20 MAC failure
            List<string> ceer = await kit.Dte.CommandAsync("AT+CEER");
            Assert.Contains("MAC failure", ceer[0]);
            Assert.Empty(ReadFile(kit, UsimFileId.Keys)); // nothing stored: the USIM never released keys
        }

        [Fact]
        public async Task Aka_AucFarAhead_SynchFailureResyncThenRegistered()
        {
            var auc = new LocalAuc(seed: 11);
            auc.Add(ModemTestKit.Imsi, ModemTestKit.K, ModemTestKit.Opc, seqHe: (1L << 28) + 100); // beyond delta: the USIM answers AUTS
            CellOperator cell = null;
            await using ModemTestKit kit = await ModemTestKit.StartAsync(k => new[]
            {
                cell = ModemTestKit.Operator(ModemTestKit.HomePlmn, "Home One", "HOME1", 30, SubscriberRule.Accept("00101", "00101", auc, "auc", false)),
            });
            await kit.PowerOnAsync();

            string registered = await kit.Dte.WaitForAsync(IsFinalEreg);
            Assert.Equal(RegistrationStatus.Home, Parse(registered, RegistrationKind.Eps).Status);
            Assert.Equal(1, auc.Resynchronizations);
            Assert.Equal(0, auc.InvalidAuts);
            Assert.Equal(1, cell.Core.ResynchronizationCount);
            Assert.True(auc.SeqHe(ModemTestKit.Imsi) < 1000); // TS 33.102 6.3.5: SEQ_HE re-synchronised to SEQ_MS
        }

        [Fact]
        public async Task Aka_SubscriberUnknownAtHome_DeniedWithCause2()
        {
            var empty = new LocalAuc();
            await using ModemTestKit kit = await ModemTestKit.StartAsync(k => new[]
            {
                ModemTestKit.Operator(ModemTestKit.HomePlmn, "Home One", "HOME1", 30, SubscriberRule.Accept("00101", "00101", empty, "empty", false)),
            });
            await kit.PowerOnAsync();

            Assert.Equal("+CEREG: 3,,,,0,2", await kit.Dte.WaitForAsync(IsFinalEreg));
        }

        [Fact]
        public async Task Aka_SecondRegistration_FreshSqnAccepted()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();
            await kit.PowerOnAsync();
            await kit.Dte.WaitForAsync(IsFinalEreg);

            // CFUN 0 -> 1: deregistered, the SIM is powered off, read again, and AKA runs with the next SQN.
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+CFUN=0"));
            Assert.Equal("+CEREG: 0,,,", await kit.Dte.NextAsync()); // mode 3: empty location fields
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+CFUN=1"));
            await kit.Dte.WaitForAsync("+CPIN: READY");
            Assert.Equal(RegistrationStatus.Home, Parse(await kit.Dte.WaitForAsync(IsFinalEreg), RegistrationKind.Eps).Status);
            Assert.Equal(2, kit.Auc.Requests);
            Assert.Equal(0, kit.Auc.Resynchronizations);
        }

        [Fact]
        public async Task OperationalImsi_VisitingAnotherPlmn_RoutedToHomeAucAndRoaming()
        {
            const string operational = "001020000000077";
            var home = new LocalAuc(seed: 5);
            home.Add(operational, ModemTestKit.K, ModemTestKit.Opc);
            await using ModemTestKit kit = await ModemTestKit.StartAsync(
                k => new[]
                {
                    ModemTestKit.Operator(ModemTestKit.HomePlmn, "Visited One", "VO1", 30, null),
                },
                profile: ModemTestKit.Profile(operational));
            await kit.Dte.CommandAsync("AT+CMEE=1");
            await kit.PowerOnAsync();
            Assert.Equal("+CEREG: 3,,,,0,11", await kit.Dte.WaitForAsync(IsFinalEreg)); // no rule: default #11

            await using ModemTestKit routed = await ModemTestKit.StartAsync(
                k => new[]
                {
                    ModemTestKit.Operator(ModemTestKit.HomePlmn, "Visited One", "VO1", 30, SubscriberRule.Accept("00102", "00102", home, "ho1", false)),
                },
                profile: ModemTestKit.Profile(operational));
            await routed.PowerOnAsync();
            Assert.StartsWith("+CEREG: 5,", await routed.Dte.WaitForAsync(IsFinalEreg));
            Assert.Equal(1, home.Requests);
        }

        [Fact]
        public async Task Deregister_Cops2_NotRegisteredUrcAndCopsModeTwo()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();
            await kit.PowerOnAsync();
            await kit.Dte.WaitForAsync(IsFinalEreg);

            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+COPS=2"));
            Assert.Equal("+CEREG: 0,,,", await kit.Dte.NextAsync()); // the URC follows the final result
            Assert.Equal(new[] { "+COPS: 2", "OK" }, await kit.Dte.CommandAsync("AT+COPS?"));
            Assert.Equal(new[] { "+CME ERROR: no network service" }, await kit.Dte.CommandAsync("AT+COPS=1,2,\"99999\""));
        }
    }
}
