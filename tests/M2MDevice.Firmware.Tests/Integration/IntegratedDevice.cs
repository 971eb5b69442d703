using System;
using M2MDevice.Aka;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.Integration
{
    /// <summary>
    /// The soft USIM over the real key store over a simulated flash, wired as the firmware boots:
    /// mount the store (first boot: load the manufacture image), take the profile of the identity the
    /// store selects, build a SoftUsim over the store and power it (Init). <see cref="Reboot"/> drops
    /// every object and boots again from the flash contents alone.
    /// </summary>
    internal sealed class IntegratedDevice
    {
        public const string SelectUsimAid = "00a4040c10a0000000871002ffffffff894d324d01";
        public const string Atr = "3b9a96801fc78031e073fe2100829000bb";

        private readonly byte[] response = new byte[SoftUsim.MaxResponseLength];

        private IntegratedDevice(SimulatedFlash flash)
        {
            Flash = flash;
        }

        public SimulatedFlash Flash { get; }

        public DeviceKeyStore Store { get; private set; }

        public SoftUsim Usim { get; private set; }

        /// <summary>The ATR the last boot's Init returned.</summary>
        public string LastAtr { get; private set; }

        /// <summary>A manufacture image holding preliminary as the preliminary credentials.</summary>
        public static byte[] ImageFor(UsimProfile preliminary)
        {
            ManufactureImage image = Image();
            image.Preliminary = preliminary;
            return ManufactureImage.Encode(image, Keys(), Fill(8, 0xA0));
        }

        /// <summary>A blank flash, first boot with the manufacture image of preliminary, USIM powered.</summary>
        public static IntegratedDevice Manufacture(UsimProfile preliminary, int seed = 1)
        {
            var device = new IntegratedDevice(NewFlash(seed));
            var store = new DeviceKeyStore(device.Flash, FirstSector, Keys());
            Assert.Equal(KeyStoreResult.NotInitialized, store.Mount());
            byte[] image = ImageFor(preliminary);
            Assert.Equal(KeyStoreResult.Ok, store.LoadManufactureImage(image, 0, image.Length, out RecordStatus status));
            Assert.Equal(RecordStatus.Valid, status);
            device.Start(store);
            return device;
        }

        /// <summary>A device booted from an existing flash content (e.g. a snapshot).</summary>
        public static IntegratedDevice BootFrom(SimulatedFlash flash)
        {
            var device = new IntegratedDevice(flash);
            device.Reboot();
            return device;
        }

        /// <summary>Power returns: new store mounted from flash, new USIM from the identity the store selects.</summary>
        public void Reboot()
        {
            Flash.Reboot();
            var store = new DeviceKeyStore(Flash, FirstSector, Keys());
            Assert.Equal(KeyStoreResult.Ok, store.Mount());
            Assert.Equal(0, store.BodyErrors);
            Start(store);
        }

        /// <summary>A copy of the whole flash.</summary>
        public byte[] Snapshot()
        {
            var raw = new byte[Flash.Size];
            Flash.CopyTo(raw);
            return raw;
        }

        /// <summary>Puts a snapshot back and boots from it.</summary>
        public void RestoreAndReboot(byte[] snapshot)
        {
            Flash.Reboot();
            Flash.LoadFrom(snapshot);
            Reboot();
        }

        /// <summary>Sends one C-APDU in hex; returns the R-APDU in lower-case hex.</summary>
        public string Send(string commandHex)
        {
            byte[] command = TestVectors.Hex(commandHex.Replace(" ", string.Empty));
            int length = Usim.Process(command, 0, command.Length, response, 0);
            Assert.InRange(length, 2, SoftUsim.MaxResponseLength);
            return TestVectors.ToHex(response.AsSpan(0, length).ToArray());
        }

        /// <summary>
        /// What a modem does after power-up (TS 102 221 / TS 31.102 initialisation): MF with FCP through
        /// GET RESPONSE, EF_DIR, EF_ICCID, USIM application by AID, EF_IMSI, EF_AD, EF_LOCI. Returns the IMSI.
        /// </summary>
        public string BringUp()
        {
            Assert.Equal(Atr, LastAtr);
            string fcp = Send("00a40004023f00");
            Assert.StartsWith("61", fcp);
            Assert.EndsWith("9000", Send("00c00000" + fcp.Substring(2, 2)));
            Assert.Equal("9000", Send("00a4000c022f00"));
            Assert.StartsWith("61184f10a0000000871002ffffffff894d324d0150045553494d", Send("00b2010420"));
            Assert.Equal("9000", Send("00a4000c022fe2"));
            Assert.EndsWith("9000", Send("00b000000a"));
            Assert.Equal("9000", Send(SelectUsimAid));
            Assert.Equal("9000", Send("00a4000c026f07"));
            string imsiFile = Send("00b0000009");
            Assert.EndsWith("9000", imsiFile);
            Assert.True(UsimEncoding.TryDecodeImsi(TestVectors.Hex(imsiFile.Substring(0, 18)), 0, out string imsi));
            Assert.EndsWith("9000", Send("00b0830004"));
            Assert.EndsWith("9000", Send("00b08b000b"));
            return imsi;
        }

        /// <summary>READ BINARY of a whole transparent EF of the USIM application by FID (the ADF must be active).</summary>
        public string ReadFile(ushort fileId, int length)
        {
            Assert.Equal("9000", Send("00a4000c02" + fileId.ToString("x4")));
            string read = Send("00b00000" + (length & 0xFF).ToString("x2"));
            Assert.EndsWith("9000", read);
            return read.Substring(0, read.Length - 4);
        }

        /// <summary>AUTHENTICATE in the 3G context with Le, as AT+CSIM users send it (TS 31.102 7.1.2).</summary>
        public static string AuthenticateCommand(byte[] rand, byte[] autn, int autnLength)
        {
            int lc = 1 + 16 + 1 + autnLength;
            return "00880081" + lc.ToString("x2") + "10" + TestVectors.ToHex(rand) + autnLength.ToString("x2")
                + TestVectors.ToHex(autn.AsSpan(0, autnLength).ToArray()) + "00";
        }

        /// <summary>The 'DB' success response the AuC's vector predicts (TS 31.102 7.1.2.1).</summary>
        public static string ExpectedSuccess(AuthenticationVector vector)
        {
            string text = "db" + Lv(vector.Xres, vector.XresLength) + Lv(vector.Ck, vector.CkLength) + Lv(vector.Ik, vector.IkLength);
            if (vector.CkLength == 16 && vector.IkLength == 16)
            {
                text += Lv(vector.Kc, 8);
            }

            return text + "9000";
        }

        private static string Lv(byte[] value, int length) =>
            length.ToString("x2") + TestVectors.ToHex(value.AsSpan(0, length).ToArray());

        private void Start(DeviceKeyStore store)
        {
            Store = store;
            UsimIdentityKind identity = store.ActiveIdentity;
            Assert.True(store.TryGetProfile(identity, out UsimProfile profile));
            Usim = new SoftUsim(store, identity, profile);
            LastAtr = TestVectors.ToHex(Usim.Init());
        }
    }
}
