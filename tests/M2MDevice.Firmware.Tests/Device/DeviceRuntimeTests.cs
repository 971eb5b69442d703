using System;
using System.Collections.Generic;
using M2MDevice.Aka;
using M2MDevice.Firmware.Device;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Tests.Modem;
using M2MDevice.Firmware.Usim;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.Device
{
    /// <summary>
    /// The composed firmware core against a scripted modem: first boot from the manufacture image, power-on, remote-SIM
    /// selection with the real soft USIM answering INIT and APDUs (IMSI read, AUTHENTICATE with a generated vector),
    /// registration and PDP activation, and the hand-over to provisioning (the bootstrap's first HTTPS command).
    /// </summary>
    public sealed class DeviceRuntimeTests
    {
        // KeyStoreTestKit.Image(): preliminary IMSI 201010123456789 (EF_IMSI below), allowed 00101 and 26201.
        private const string EfImsiHex = "082910101032547698";
        private const string AtrHex = "3B9A96801FC78031E073FE2100829000BB";
        private const string ScanOne = "(1,\"Test\",\"Test\",\"00101\",7),,(0-4),(0-2)";

        public static IEnumerable<object[]> Chunkings() => new[]
        {
            new object[] { Chunking.Whole },
            new object[] { Chunking.ByteByByte },
            new object[] { Chunking.Random },
        };

        [Fact]
        public void Start_BlankStoreWithoutImage_NoManufactureImage()
        {
            var device = new Rig(Chunking.Whole);
            Assert.Equal(M2MDevice.Firmware.KeyStore.KeyStoreResult.NotInitialized, device.Runtime.Mount());
            Assert.False(device.Runtime.IsInitialized);

            Assert.Equal(DeviceStartResult.NoManufactureImage, device.Runtime.Start(null, 0, 0));
            Assert.False(device.Runtime.IsStarted);
            Assert.Empty(device.Modem.CommandLines);
        }

        [Fact]
        public void Start_ImageUnderOtherKeys_BadManufactureImage()
        {
            var device = new Rig(Chunking.Whole);
            byte[] image = ManufactureImageUnder(new FixedKeyProvider(Fill(16, 9), Fill(16, 10)));

            Assert.Equal(DeviceStartResult.BadManufactureImage, device.Runtime.Start(image, 0, image.Length));
            Assert.False(device.Runtime.IsInitialized);
        }

        [Fact]
        public void Start_FirstBoot_LoadsImageAndBeginsPreliminaryAttach()
        {
            var device = new Rig(Chunking.Whole);
            device.Modem.AllowUnscripted = true;
            byte[] image = ImageBytes();

            Assert.Equal(DeviceStartResult.Started, device.Runtime.Start(image, 0, image.Length));

            Assert.True(device.Runtime.IsInitialized);
            Assert.Equal("device-0001", device.Runtime.DeviceId);
            Assert.Equal(ProvisioningState.PreliminaryAttach, device.Runtime.ProvisioningState);
            Assert.Equal("PreliminaryAttach", device.Runtime.ProvisioningStateName);
            Assert.Equal(UsimIdentityKind.Preliminary, device.Runtime.ActiveIdentity);
            Assert.True(device.Runtime.TryGetImsi(out string imsi));
            Assert.Equal("201010123456789", imsi);
            Assert.Equal("AT", Assert.Single(device.Modem.CommandLines).Value);
            Assert.Contains("Idle -> PreliminaryAttach", device.Transitions);
        }

        [Fact]
        public void Start_SecondBoot_IgnoresImageAndResumes()
        {
            var first = new Rig(Chunking.Whole);
            first.Modem.AllowUnscripted = true;
            byte[] image = ImageBytes();
            Assert.Equal(DeviceStartResult.Started, first.Runtime.Start(image, 0, image.Length));

            var second = new Rig(Chunking.Whole, first.Flash);
            second.Modem.AllowUnscripted = true;
            Assert.Equal(M2MDevice.Firmware.KeyStore.KeyStoreResult.Ok, second.Runtime.Mount());
            Assert.True(second.Runtime.IsInitialized);
            Assert.Equal(DeviceStartResult.Started, second.Runtime.Start(null, 0, 0));
            Assert.Equal(ProvisioningState.PreliminaryAttach, second.Runtime.ProvisioningState);
            Assert.Equal(1, second.Runtime.Status.Resumes);
        }

        [Fact]
        public void Receive_BeforeStart_Discarded()
        {
            var device = new Rig(Chunking.Whole);
            byte[] bytes = System.Text.Encoding.ASCII.GetBytes("\r\n+M2MSIM: 1,\"INIT\"\r\n");
            device.Runtime.Receive(bytes, 0, bytes.Length);
            device.Runtime.Tick(100);

            Assert.Equal(bytes.Length, device.Runtime.BytesDiscarded);
            Assert.Equal(0, device.Runtime.BytesReceived);
            Assert.Empty(device.Modem.Transcript);
        }

        [Fact]
        public void Receive_UnsolicitedLines_AllocatesNothing()
        {
            var device = new Rig(Chunking.Whole);
            device.Modem.AllowUnscripted = true;
            byte[] image = ImageBytes();
            Assert.Equal(DeviceStartResult.Started, device.Runtime.Start(image, 0, image.Length));
            byte[] line = System.Text.Encoding.ASCII.GetBytes("\r\n+CSQ: 20,99\r\n");
            device.Runtime.Receive(line, 0, line.Length);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                device.Runtime.Receive(line, 0, line.Length);
                device.Runtime.Tick(1);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(201, device.Runtime.UrcRouter.UnhandledCount);
        }

        [Fact]
        public void Receive_AnswerToAt_CountedAndNextCommandSent()
        {
            var device = new Rig(Chunking.Whole);
            device.Modem.AllowUnscripted = true;
            byte[] image = ImageBytes();
            Assert.Equal(DeviceStartResult.Started, device.Runtime.Start(image, 0, image.Length));
            byte[] ok = new byte[] { 0, 13, 10, (byte)'O', (byte)'K', 13, 10, 0 };

            device.Runtime.Receive(ok, 1, 6);

            Assert.Equal(6, device.Runtime.BytesReceived);
            Assert.Equal(new[] { "AT", "ATE0" }, device.Modem.CommandLines.ConvertAll(c => c.Value).ToArray());
            Assert.Equal(CellularState.Configuring, device.Runtime.CellularState);
            Assert.Contains("cell Synchronising -> Configuring", device.CellularTransitions);
        }

        [Theory]
        [MemberData(nameof(Chunkings))]
        public void PowerOn_ThroughSimSelectionAndAttach_RealSoftUsimServesModem(Chunking chunking)
        {
            var device = new Rig(chunking);
            var vector = Vector(sequence: 1, ind: 0);
            string authenticate = "0088008122" + "10" + Convert.ToHexString(vector.Rand) + "10"
                + Convert.ToHexString(vector.Autn, 0, vector.AutnLength) + "00";
            string authenticateAnswer = "DB08" + Convert.ToHexString(vector.Xres, 0, 8) + "10" + Convert.ToHexString(vector.Ck, 0, 16)
                + "10" + Convert.ToHexString(vector.Ik, 0, 16) + "08" + Convert.ToHexString(vector.Kc) + "9000";
            ScriptedModem m = device.Modem;
            m.Expect("AT", L("OK")).Expect("ATE0", L("OK")).Expect("AT+CMEE=1", L("OK")).Expect("ATV1", L("OK"))
                .Expect("AT+CFUN=0", L("OK")).Expect("AT+M2MSIMSEL=1", L("OK"))
                .Expect("AT+CFUN=1", L("OK", "+M2MSIM: 1,\"INIT\""))
                .Expect("AT+CPIN?", L("+CME ERROR: 14"))
                .Expect("AT+M2MSIM=1,0,\"" + AtrHex + "\"", L("OK", "+M2MSIM: 2,\"APDU\",\"00A4040C07A0000000871002\""))
                .Expect("AT+M2MSIM=2,0,\"9000\"", L("OK", "+M2MSIM: 3,\"APDU\",\"00A4000C026F07\""))
                .Expect("AT+M2MSIM=3,0,\"9000\"", L("OK", "+M2MSIM: 4,\"APDU\",\"00B0000009\""))
                .Expect("AT+M2MSIM=4,0,\"" + EfImsiHex + "9000\"", L("OK"))
                .Expect("AT+CPIN?", L("+CPIN: READY", "OK"))
                .Expect("AT+CREG=3", L("OK")).Expect("AT+CGREG=3", L("OK")).Expect("AT+CEREG=3", L("OK"))
                .Expect("AT+CGDCONT=1,\"IP\",\"m2m.provisioning\"", L("OK"))
                .Expect("AT+COPS=?", L("+COPS: " + ScanOne, "OK"))
                .Expect("AT+COPS=1,2,\"00101\"", L("OK"))
                .Expect("AT+CREG?", L("+CREG: 3,2", "OK"))
                .Expect("AT+CGREG?", L("+CGREG: 3,2", "OK"))
                .Expect("AT+CEREG?", L("+CEREG: 3,2", "OK", "+M2MSIM: 5,\"APDU\",\"" + authenticate + "\""))
                .Expect("AT+M2MSIM=5,0,\"" + authenticateAnswer + "\"", L("OK", "+CEREG: 5,\"1234\",\"0001ABCD\",7"))
                .Expect("AT+CGATT=1", L("OK"))
                .Expect("AT+CGACT=1,1", L("OK"));
            m.AllowUnscripted = true;
            byte[] image = ImageBytes();

            Assert.Equal(DeviceStartResult.Started, device.Runtime.Start(image, 0, image.Length));
            device.RunUntil(() => device.Runtime.ProvisioningState != ProvisioningState.PreliminaryAttach, 60000);

            Assert.Empty(m.Failures);
            Assert.True(m.Finished, "script not finished: " + string.Join(" | ", m.Transcript.GetRange(Math.Max(0, m.Transcript.Count - 12), Math.Min(12, m.Transcript.Count))));
            Assert.Equal(ProvisioningState.Bootstrapping, device.Runtime.ProvisioningState);
            Assert.Equal(CellularState.Attached, device.Runtime.CellularState);
            Assert.Equal("00101", device.Runtime.RegisteredPlmn);
            Assert.Equal(1, device.Runtime.Card.ColdStarts);
            Assert.Equal(5, device.Runtime.RemoteSim.AnsweredRequests);
            Assert.Equal(1, device.Runtime.RemoteSim.AuthenticationRequests);
            Assert.Equal(0, device.Runtime.RemoteSim.FailedAnswers);
            Assert.Equal(0, device.Runtime.UrcRouter.UnhandledCount);
            Assert.Equal(new[] { "Idle -> PreliminaryAttach", "PreliminaryAttach -> Bootstrapping" }, device.Transitions.ToArray());
            Assert.Equal("cell ActivatingData -> Attached", device.CellularTransitions[^1]);

            // Provisioning took over the channel: the bootstrap's HTTPS starts with the RS trust anchor upload.
            Assert.StartsWith("AT+CCERTDOWN=\"m2m", m.CommandLines[^1].Value);
        }

        [Fact]
        public void BootstrapAka_SharesSqnArrayWithAuthenticateApdu()
        {
            var device = new Rig(Chunking.Whole);
            device.Modem.AllowUnscripted = true;
            byte[] image = ImageBytes();
            Assert.Equal(DeviceStartResult.Started, device.Runtime.Start(image, 0, image.Length));
            var usim = new SoftUsimBootstrap(UsimOver(device));
            var output = new UsimAuthenticationOutput();

            // The card is off: the bootstrap AKA reads the SQN array from the store and persists the accepted slot.
            AuthenticationVector fresh = Vector(sequence: 3, ind: 7);
            Assert.Equal(AkaResult.Success, usim.Authenticate(fresh.Rand, 0, fresh.Autn, 0, fresh.AutnLength, output));
            Assert.Equal(Convert.ToHexString(fresh.Xres, 0, 8), Convert.ToHexString(output.Res, 0, output.ResLength));

            // The same vector again (a replay) through a fresh card over the same store: SQN not fresh, AUTS.
            SoftUsim card = UsimOver(device);
            card.Init();
            var replay = new SoftUsimBootstrap(card);
            Assert.Equal(AkaResult.SyncFailure, replay.Authenticate(fresh.Rand, 0, fresh.Autn, 0, fresh.AutnLength, output));
            Assert.True(output.AutsLength > 0);

            // Through the APDU path of that powered card the replay is refused as well (the array is shared).
            byte[] response = new byte[SoftUsim.MaxResponseLength];
            Assert.Equal(2, card.Process(Hex("00A4040C07A0000000871002"), 0, 12, response, 0));
            byte[] apdu = Hex("0088008122" + "10" + Convert.ToHexString(fresh.Rand) + "10" + Convert.ToHexString(fresh.Autn, 0, fresh.AutnLength) + "00");
            int length = card.Process(apdu, 0, apdu.Length, response, 0);
            Assert.Equal(0xDC, response[0]);
            Assert.Equal(0x90, response[length - 2]);

            // A newer SQN on the live card through the bootstrap path, then replayed over the APDU path: refused.
            AuthenticationVector newer = Vector(sequence: 4, ind: 7);
            Assert.Equal(AkaResult.Success, replay.Authenticate(newer.Rand, 0, newer.Autn, 0, newer.AutnLength, output));
            apdu = Hex("0088008122" + "10" + Convert.ToHexString(newer.Rand) + "10" + Convert.ToHexString(newer.Autn, 0, newer.AutnLength) + "00");
            length = card.Process(apdu, 0, apdu.Length, response, 0);
            Assert.Equal(0xDC, response[0]);
        }

        [Fact]
        public void BootstrapAka_WrongMac_NothingReleasedNothingStored()
        {
            var device = new Rig(Chunking.Whole);
            device.Modem.AllowUnscripted = true;
            byte[] image = ImageBytes();
            Assert.Equal(DeviceStartResult.Started, device.Runtime.Start(image, 0, image.Length));
            var usim = new SoftUsimBootstrap(UsimOver(device));
            var output = new UsimAuthenticationOutput();
            AuthenticationVector vector = Vector(sequence: 2, ind: 3);
            vector.Autn[vector.AutnLength - 1] ^= 0x01;
            int programmed = device.Flash.TotalProgrammedBytes;

            Assert.Equal(AkaResult.MacFailure, usim.Authenticate(vector.Rand, 0, vector.Autn, 0, vector.AutnLength, output));

            Assert.Equal(0, output.ResLength);
            Assert.Equal(programmed, device.Flash.TotalProgrammedBytes);
        }

        [Fact]
        public void BootstrapUsim_SwitchIdentity_CurrentIdentityFollowsBeforeReset()
        {
            var device = new Rig(Chunking.Whole);
            device.Modem.AllowUnscripted = true;
            byte[] image = ImageBytes();
            Assert.Equal(DeviceStartResult.Started, device.Runtime.Start(image, 0, image.Length));
            SoftUsim card = UsimOver(device);
            card.Init();
            var usim = new SoftUsimBootstrap(card);

            usim.SwitchIdentity(UsimIdentityKind.Operational, Profile(5, 40));

            Assert.Equal(UsimIdentityKind.Operational, usim.CurrentIdentity);
            Assert.Equal(UsimIdentityKind.Preliminary, card.ActiveIdentity);
            Assert.Equal(1, usim.Switches);
        }

        [Fact]
        public void Card_ApduWhileOff_AnsweredZero()
        {
            var device = new Rig(Chunking.Whole);
            device.Modem.AllowUnscripted = true;
            byte[] image = ImageBytes();
            Assert.Equal(DeviceStartResult.Started, device.Runtime.Start(image, 0, image.Length));
            var card = new SoftUsimCard(UsimOver(device));
            byte[] response = new byte[SoftUsim.MaxResponseLength];

            Assert.Equal(0, card.Process(Hex("00A4000C023F00"), 0, 7, response, 0));
            Assert.True(card.Reset(true, out byte[] atr));
            Assert.Equal(AtrHex, Convert.ToHexString(atr));
            Assert.Equal(2, card.Process(Hex("00A4000C023F00"), 0, 7, response, 0));
            card.PowerOff();
            Assert.Equal(0, card.Process(Hex("00A4000C023F00"), 0, 7, response, 0));
            Assert.Equal(1, card.ColdStarts);
            Assert.Equal(2, card.UnpoweredCommands);
        }

        private static string L(params string[] lines) => ScriptedModem.Lines(lines);

        private static byte[] Hex(string hex) => Convert.FromHexString(hex);

        private static SoftUsim UsimOver(Rig device)
        {
            Assert.True(device.Store.TryGetProfile(UsimIdentityKind.Preliminary, out UsimProfile profile));
            return new SoftUsim(device.Store, UsimIdentityKind.Preliminary, profile);
        }

        private static byte[] ManufactureImageUnder(IKeyProvider keys) => M2MDevice.Firmware.KeyStore.ManufactureImage.Encode(Image(), keys, Fill(8, 0xA0));

        /// <summary>A vector for the sample preliminary profile (K, OPc of KeyStoreTestKit.Profile(0, 1)), SQN = SEQ || IND.</summary>
        private static AuthenticationVector Vector(long sequence, int ind)
        {
            UsimProfile profile = Profile(0, 1);
            IAkaAlgorithm algorithm = AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, profile.K, 0, 16, profile.Opc, 0, null);
            var generator = new AuthenticationVectorGenerator(algorithm);
            long value = (sequence << UsimSqnState.IndBits) | (long)ind;
            byte[] sqn = new byte[6];
            for (int i = 5; i >= 0; i--)
            {
                sqn[i] = (byte)value;
                value >>= 8;
            }

            byte[] rand = Fill(16, (byte)(sequence * 7 + ind));
            var vector = new AuthenticationVector();
            generator.Generate(rand, 0, sqn, 0, new byte[] { 0x80, 0x00 }, 0, vector);
            return vector;
        }

        /// <summary>A runtime over a simulated board: scripted modem, flash, test keys, seeded random, collecting logs.</summary>
        private sealed class Rig : IDeviceRuntimeListener, IModemLog, IProvisioningLog, IRandomSource
        {
            private readonly Random random = new Random(7);

            public Rig(Chunking chunking, SimulatedFlash flash = null)
            {
                Modem = new ScriptedModem(chunking, 11);
                Flash = flash ?? NewFlash();
                var hal = new DeviceHal
                {
                    ModemSink = Modem,
                    Flash = Flash,
                    FlashFirstSector = FirstSector,
                    Keys = Keys(),
                    Random = this,
                    ModemLog = this,
                    ProvisioningLog = this,
                };
                Runtime = new DeviceRuntime(hal, new DeviceConfiguration()) { Listener = this };
            }

            public ScriptedModem Modem { get; }

            public SimulatedFlash Flash { get; }

            public DeviceRuntime Runtime { get; }

            /// <summary>A second view of the same flash (the runtime's store is private): for USIM-level checks.</summary>
            public M2MDevice.Firmware.KeyStore.DeviceKeyStore Store => Open(Flash);

            public List<string> Transitions { get; } = new List<string>();

            public List<string> CellularTransitions { get; } = new List<string>();

            public List<string> LogLines { get; } = new List<string>();

            public long Now { get; private set; }

            public void RunUntil(Func<bool> done, long limit, int tick = 100)
            {
                Modem.Pump(Runtime.Channel);
                long end = Now + limit;
                while (!done() && Now < end)
                {
                    Now += tick;
                    Modem.Now = Now;
                    Runtime.Tick(tick);
                    Modem.Pump(Runtime.Channel);
                }
            }

            public void OnProvisioningStateChanged(ProvisioningState previous, ProvisioningState current)
                => Transitions.Add(ProvisioningNames.Of(previous) + " -> " + ProvisioningNames.Of(current));

            public void OnCellularStateChanged(CellularState previous, CellularState current)
                => CellularTransitions.Add("cell " + CellularStateMachine.StateName(previous) + " -> " + CellularStateMachine.StateName(current));

            public void Log(ModemLogLevel level, string text) => LogLines.Add(text);

            public void Write(string line) => LogLines.Add(line);

            public void GetBytes(byte[] buffer, int offset, int count)
            {
                byte[] bytes = new byte[count];
                random.NextBytes(bytes);
                Array.Copy(bytes, 0, buffer, offset, count);
            }
        }
    }
}
