using System;
using M2MDevice.Aka;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;

namespace M2MDevice.Firmware.Tests.Usim
{
    /// <summary>Preliminary and operational identities, the explicit switch, and the card's life cycle.</summary>
    public class SoftUsimIdentityTests
    {
        private const string SelectUsim = "00a4040c10a0000000871002ffffffff894d324d01";

        // aka.json E7 (keys of the operational test profile).
        private const string E7Command = "0088008122" + "10" + "e85b2b7fe58f0e6239b32543d3e3259a" + "10" + "7928ea47ae090000ca8ab1f93c7cb03a" + "00";

        [Fact]
        public void SwitchIdentity_BeforeReset_KeepsPresentingTheActiveIdentity()
        {
            var usim = UsimTestCard.Create(new InMemoryUsimStore());
            UsimTestCard.SendAll(usim, SelectUsim);

            usim.SwitchIdentity(UsimIdentityKind.Operational, UsimTestCard.Operational());

            Assert.True(usim.IsResetPending);
            Assert.Equal(UsimIdentityKind.Preliminary, usim.ActiveIdentity);
            Assert.Equal("0809101010325476989000", UsimTestCard.Send(usim, "00b0870009"));
        }

        [Fact]
        public void SwitchIdentity_ThenReset_PresentsTheOperationalImsiIccidAndKeys()
        {
            var store = new InMemoryUsimStore();
            var usim = UsimTestCard.Create(store);
            usim.SwitchIdentity(UsimIdentityKind.Operational, UsimTestCard.Operational());

            usim.Reset();

            Assert.False(usim.IsResetPending);
            Assert.Equal(UsimIdentityKind.Operational, usim.ActiveIdentity);
            Assert.Equal("9000", UsimTestCard.Send(usim, "00a4000c022fe2"));
            Assert.Equal("989400000000000010f19000", UsimTestCard.Send(usim, "00b000000a"));
            UsimTestCard.SendAll(usim, SelectUsim);
            Assert.Equal("0829261011608457409000", UsimTestCard.Send(usim, "00b0870009"));
            Assert.StartsWith("db08" + "13484811d553ab35", UsimTestCard.Send(usim, E7Command));
            Assert.Equal(1, store.SqnSaves);
            Assert.Equal(0x20, store.SqnArray(UsimIdentityKind.Operational)[5]);
            Assert.Equal(new byte[192], store.SqnArray(UsimIdentityKind.Preliminary));
        }

        [Fact]
        public void SwitchIdentity_BackToPreliminary_RollsBackAfterReset()
        {
            var usim = new SoftUsim(new InMemoryUsimStore(), UsimIdentityKind.Operational, UsimTestCard.Operational());
            usim.Init();

            usim.SwitchIdentity(UsimIdentityKind.Preliminary, UsimTestCard.Preliminary());
            usim.Reset();

            UsimTestCard.SendAll(usim, SelectUsim);
            Assert.Equal(UsimIdentityKind.Preliminary, usim.ActiveIdentity);
            Assert.Equal("0809101010325476989000", UsimTestCard.Send(usim, "00b0870009"));
            Assert.Equal("9862", UsimTestCard.Send(usim, E7Command));
        }

        [Fact]
        public void Profile_WithMsisdnSpnAndLists_FilesAndServicesFollow()
        {
            UsimProfile profile = UsimTestCard.Profile("310410123456789", "8901410000000000017", "000102030405060708090a0b0c0d0e0f", "000102030405060708090a0b0c0d0e0f");
            profile.MncLength = 3;
            profile.Msisdn = "+491701234567";
            profile.ServiceProviderName = "M2M Net";
            profile.HplmnWithAct = TestVectors.Hex("1300144000");
            profile.OplmnWithAct = TestVectors.Hex("62f2104000" + "62f2108000");
            profile.Ehplmn = TestVectors.Hex("130014");
            profile.Fplmn = TestVectors.Hex("00f110ffffffffffffffffff");
            profile.Acc = TestVectors.Hex("0004");
            var usim = UsimTestCard.Create(new InMemoryUsimStore(), profile);
            UsimTestCard.SendAll(usim, SelectUsim);

            // UST gains services 19 (SPN) and 21 (MSISDN).
            Assert.Equal("00001c0423060000400010" + "9000", UsimTestCard.Send(usim, "00b084000b"));
            Assert.Equal("000000039000", UsimTestCard.Send(usim, "00b0830004"));
            Assert.Equal("9000", UsimTestCard.Send(usim, "00a4000c026f46"));
            Assert.Equal("00" + "4d324d204e6574" + "ffffffffffffffffff" + "9000", UsimTestCard.Send(usim, "00b0000011"));
            Assert.Equal("9000", UsimTestCard.Send(usim, "00a4000c026f40"));
            Assert.Equal("0791947110325476ffffffffffff" + "9000", UsimTestCard.Send(usim, "00b201040e"));
            Assert.Equal("1300144000" + "9000", UsimTestCard.Send(usim, "00b0930005"));
            Assert.Equal("62f210400062f2108000" + "9000", UsimTestCard.Send(usim, "00b091000a"));
            Assert.Equal("130014" + "9000", UsimTestCard.Send(usim, "00b09d0003"));
            Assert.Equal("00f110ffffffffffffffffff" + "9000", UsimTestCard.Send(usim, "00b08d000c"));
            Assert.Equal("0004" + "9000", UsimTestCard.Send(usim, "00b0860002"));
        }

        [Fact]
        public void Profile_WithoutMsisdnAndSpn_TheirFilesAreAbsent()
        {
            var usim = UsimTestCard.Create(new InMemoryUsimStore());
            UsimTestCard.SendAll(usim, SelectUsim);

            Assert.Equal("6a82", UsimTestCard.Send(usim, "00a4000c026f46"));
            Assert.Equal("6a82", UsimTestCard.Send(usim, "00a4000c026f40"));
        }

        [Theory]
        // TS 31.102 4.2.8: each service this card announces comes with its files.
        [InlineData(20, "7fff6f60")]
        [InlineData(27, "7fff5f3b4f20")]
        [InlineData(27, "7fff5f3b4f52")]
        [InlineData(34, "7fff6f56")]
        [InlineData(42, "7fff6f61")]
        [InlineData(43, "7fff6f62")]
        [InlineData(71, "7fff6fd9")]
        [InlineData(85, "7fff6fe3")]
        [InlineData(85, "7fff6fe4")]
        public void Ust_AnnouncedService_ItsFileIsPresent(int service, string path)
        {
            var usim = UsimTestCard.Create(new InMemoryUsimStore());
            UsimTestCard.SendAll(usim, SelectUsim);
            byte[] ust = TestVectors.Hex(UsimTestCard.Send(usim, "00b084000b").Substring(0, 22));
            Assert.NotEqual(0, ust[(service - 1) / 8] & (1 << ((service - 1) % 8)));

            Assert.Equal("9000", UsimTestCard.Send(usim, "00a4080c" + (path.Length / 2).ToString("x2") + path));
        }

        [Fact]
        public void Files_EveryEfReadable_NeverContainsKOrOpc()
        {
            UsimProfile profile = UsimTestCard.Preliminary();
            string k = TestVectors.ToHex(profile.K);
            string opc = TestVectors.ToHex(profile.Opc);
            var usim = UsimTestCard.Create(new InMemoryUsimStore(), profile);
            UsimTestCard.SendAll(usim, SelectUsim);
            string[] paths =
            {
                "2f00", "2fe2", "2f05", "7fff6f05", "7fff6f07", "7fff6f08", "7fff6f09", "7fff6f60", "7fff6f31", "7fff6f38",
                "7fff6f78", "7fff6f7b", "7fff6f7e", "7fff6fad", "7fff6fb7", "7fff6f73", "7fff6f56", "7fff6f5b", "7fff6f5c",
                "7fff6f61", "7fff6f62", "7fff6fd9", "7fff6fe3", "7fff6fe4", "7fff5f3b4f20", "7fff5f3b4f52",
            };

            foreach (string path in paths)
            {
                string fcp = UsimTestCard.Send(usim, "00a40804" + (path.Length / 2).ToString("x2") + path + "00");
                Assert.EndsWith("9000", fcp);
                string content = fcp.Contains("8205") ? ReadRecords(usim, fcp) : ReadAll(usim, fcp);
                Assert.DoesNotContain(k, content);
                Assert.DoesNotContain(opc, content);
            }
        }

        [Fact]
        public void Constructor_InvalidArguments_Throw()
        {
            var store = new InMemoryUsimStore();
            Assert.Throws<ArgumentNullException>(() => new SoftUsim(null, UsimIdentityKind.Preliminary, UsimTestCard.Preliminary()));
            Assert.Throws<ArgumentNullException>(() => new SoftUsim(store, UsimIdentityKind.Preliminary, null));
            Assert.Throws<ArgumentOutOfRangeException>(() => new SoftUsim(store, (UsimIdentityKind)0, UsimTestCard.Preliminary()));

            UsimProfile badImsi = UsimTestCard.Preliminary();
            badImsi.EfImsi = TestVectors.Hex("ffffffffffffffffff");
            Assert.Throws<ArgumentException>(() => new SoftUsim(store, UsimIdentityKind.Preliminary, badImsi));

            UsimProfile badMnc = UsimTestCard.Preliminary();
            badMnc.MncLength = 4;
            Assert.Throws<ArgumentException>(() => new SoftUsim(store, UsimIdentityKind.Preliminary, badMnc));

            UsimProfile badKey = UsimTestCard.Preliminary();
            badKey.K = new byte[32];
            Assert.Throws<ArgumentException>(() => new SoftUsim(store, UsimIdentityKind.Preliminary, badKey));

            UsimProfile badList = UsimTestCard.Preliminary();
            badList.Fplmn = new byte[4];
            Assert.Throws<ArgumentException>(() => new SoftUsim(store, UsimIdentityKind.Preliminary, badList));

            UsimProfile badName = UsimTestCard.Preliminary();
            badName.ServiceProviderName = "Caf\u00e9";
            Assert.Throws<ArgumentException>(() => new SoftUsim(store, UsimIdentityKind.Preliminary, badName));

            var usim = UsimTestCard.Create(store);
            UsimProfile badSwitch = UsimTestCard.Operational();
            badSwitch.Algorithm = AkaAlgorithmKind.Tuak;
            Assert.Throws<ArgumentException>(() => usim.SwitchIdentity(UsimIdentityKind.Operational, badSwitch));
            Assert.False(usim.IsResetPending);
        }

        [Fact]
        public void Process_NotPoweredOrBadBuffers_Throws()
        {
            var usim = new SoftUsim(new InMemoryUsimStore(), UsimIdentityKind.Preliminary, UsimTestCard.Preliminary());
            byte[] command = TestVectors.Hex("00a4000c023f00");
            byte[] response = new byte[SoftUsim.MaxResponseLength];

            Assert.Throws<InvalidOperationException>(() => usim.Process(command, 0, command.Length, response, 0));
            usim.Init();
            Assert.Equal(2, usim.Process(command, 0, command.Length, response, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => usim.Process(command, 0, command.Length, new byte[100], 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => usim.Process(command, 1, command.Length, response, 0));
            usim.Deinit();
            Assert.False(usim.IsPowered);
            Assert.Throws<InvalidOperationException>(() => usim.Process(command, 0, command.Length, response, 0));
        }

        private static string ReadAll(SoftUsim usim, string fcp)
        {
            int size = Convert.ToInt32(fcp.Substring(fcp.IndexOf("8002", StringComparison.Ordinal) + 4, 4), 16);
            return UsimTestCard.Send(usim, "00b00000" + size.ToString("x2"));
        }

        private static string ReadRecords(SoftUsim usim, string fcp)
        {
            int at = fcp.IndexOf("8205", StringComparison.Ordinal) + 8;
            int recordLength = Convert.ToInt32(fcp.Substring(at, 4), 16);
            int records = Convert.ToInt32(fcp.Substring(at + 4, 2), 16);
            string all = string.Empty;
            for (int r = 1; r <= records; r++)
            {
                all += UsimTestCard.Send(usim, "00b2" + r.ToString("x2") + "04" + recordLength.ToString("x2"));
            }

            return all;
        }
    }
}
