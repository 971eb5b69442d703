using System;
using System.Linq;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;

namespace M2MDevice.Firmware.Tests.Usim
{
    /// <summary>EFs the terminal updates go to IUsimStore before '9000' and come back at Init.</summary>
    public class SoftUsimPersistenceTests
    {
        private const string SelectUsim = "00a4040c10a0000000871002ffffffff894d324d01";
        private const UsimIdentityKind Identity = UsimIdentityKind.Preliminary;

        [Theory]
        [InlineData("EF_LOCI", "7fff6f7e", UsimFileId.Loci, "47d1264a62f21037211e00")]
        [InlineData("EF_PSLOCI", "7fff6f73", UsimFileId.PsLoci, "c1d2e3f4a1b2c362f2103721aa00")]
        [InlineData("EF_EPSLOCI", "7fff6fe3", UsimFileId.EpsLoci, "0bf662f2108001020304050662f210123400")]
        [InlineData("EF_FPLMN", "7fff6f7b", UsimFileId.Fplmn, "00f11062f220ffffffffffff")]
        [InlineData("EF_KEYS", "7fff6f08", UsimFileId.Keys, "01" + "00112233445566778899aabbccddeeff" + "ffeeddccbbaa99887766554433221100")]
        [InlineData("EF_KEYSPS", "7fff6f09", UsimFileId.KeysPs, "02" + "0102030405060708090a0b0c0d0e0f10" + "1112131415161718191a1b1c1d1e1f20")]
        [InlineData("EF_START-HFN", "7fff6f5b", UsimFileId.StartHfn, "0a0b0c0d0e0f")]
        [InlineData("EF_Kc", "7fff5f3b4f20", UsimFileId.Kc, "0011223344556677" + "03")]
        [InlineData("EF_KcGPRS", "7fff5f3b4f52", UsimFileId.KcGprs, "8899aabbccddeeff" + "04")]
        public void UpdateBinary_PersistedEf_SavedBeforeAnswerAndReloadedByANewCard(string name, string path, ushort fileId, string content)
        {
            var store = new InMemoryUsimStore();
            var usim = UsimTestCard.Create(store);
            string selectPath = "00a4080c" + (path.Length / 2).ToString("x2") + path;
            UsimTestCard.SendAll(usim, SelectUsim + ";" + selectPath);
            int length = content.Length / 2;

            Assert.Equal("9000", UsimTestCard.Send(usim, "00d60000" + length.ToString("x2") + content));
            Assert.Equal(content, TestVectors.ToHex(store.File(Identity, fileId)));
            Assert.Equal(1, store.FileSaves);

            var recreated = UsimTestCard.Create(store);
            UsimTestCard.SendAll(recreated, SelectUsim + ";" + selectPath);
            Assert.True(content + "9000" == UsimTestCard.Send(recreated, "00b00000" + length.ToString("x2")), name);
        }

        [Fact]
        public void UpdateBinary_LociVectorBySfi_DecodesAfterRecreation()
        {
            string loci = TestVectors.Load("encodings").GetProperty("ef_loci")[0].GetProperty("bytes").GetString();
            var store = new InMemoryUsimStore();
            var usim = UsimTestCard.Create(store);
            UsimTestCard.SendAll(usim, SelectUsim);

            // UPDATE BINARY with SFI 0B in P1.
            Assert.Equal("9000", UsimTestCard.Send(usim, "00d68b000b" + loci));

            var recreated = UsimTestCard.Create(store);
            UsimTestCard.SendAll(recreated, SelectUsim);
            string read = UsimTestCard.Send(recreated, "00b08b000b");
            Assert.Equal(loci + "9000", read);

            byte[] bytes = TestVectors.Hex(loci);
            Assert.True(UsimEncoding.TryDecodeLocationInformation(bytes, 0, out uint tmsi, out string mcc, out string mnc, out ushort lac, out byte status));
            Assert.Equal(0x47d1264au, tmsi);
            Assert.Equal("262", mcc);
            Assert.Equal("01", mnc);
            Assert.Equal(0x3721, lac);
            Assert.Equal(0, status);
        }

        [Fact]
        public void UpdateBinary_PartialWriteAtOffset_PersistsTheWholeFile()
        {
            var store = new InMemoryUsimStore();
            var usim = UsimTestCard.Create(store);
            UsimTestCard.SendAll(usim, SelectUsim + ";00a4000c026f7e");

            Assert.Equal("9000", UsimTestCard.Send(usim, "00d6000a0100"));

            Assert.Equal("fffffffffffffffffeff00", TestVectors.ToHex(store.File(Identity, UsimFileId.Loci)));
        }

        [Fact]
        public void UpdateRecord_EpsNasSecurityContext_PersistedAndReloaded()
        {
            string record = "a034" + "800102" + "8120" + string.Concat(Enumerable.Repeat("5a", 32)) + "820400000010" + "830400000020" + "840112";
            var store = new InMemoryUsimStore();
            var usim = UsimTestCard.Create(store);
            UsimTestCard.SendAll(usim, SelectUsim);

            // SFI 18 in P2 (18 << 3 | 4 = C4), record 1 absolute.
            Assert.Equal("9000", UsimTestCard.Send(usim, "00dc01c436" + record));
            Assert.Equal(record, TestVectors.ToHex(store.File(Identity, UsimFileId.EpsNsc)));

            var recreated = UsimTestCard.Create(store);
            UsimTestCard.SendAll(recreated, SelectUsim);
            Assert.Equal(record + "9000", UsimTestCard.Send(recreated, "00b201c436"));
        }

        [Fact]
        public void UpdateBinary_StoreFails_NoAnswerAndContentUnchanged()
        {
            var store = new InMemoryUsimStore();
            var usim = UsimTestCard.Create(store);
            UsimTestCard.SendAll(usim, SelectUsim + ";00a4000c026f7e");
            store.FailNextWrite = true;

            Assert.Throws<InvalidOperationException>(() => UsimTestCard.Send(usim, "00d600000b47d1264a62f21037211e00"));

            Assert.Null(store.File(Identity, UsimFileId.Loci));
            Assert.Equal("fffffffffffffffffeff019000", UsimTestCard.Send(usim, "00b000000b"));
        }

        [Fact]
        public void UpdateBinary_NonPersistedEf_NotSaved()
        {
            var store = new InMemoryUsimStore();
            var usim = UsimTestCard.Create(store);
            UsimTestCard.SendAll(usim, SelectUsim + ";00a4000c026f05");

            Assert.Equal("9000", UsimTestCard.Send(usim, "00d6000002" + "6465"));

            Assert.Equal(0, store.FileSaves);
            Assert.Equal("6465ffff9000", UsimTestCard.Send(usim, "00b0000004"));
        }

        [Fact]
        public void Init_StoredFileOfAnotherSize_KeepsTheProfileContent()
        {
            var store = new InMemoryUsimStore();
            store.SaveFile(Identity, UsimFileId.Fplmn, TestVectors.Hex("00f110ffffff"), 0, 6);
            var usim = UsimTestCard.Create(store);
            UsimTestCard.SendAll(usim, SelectUsim);

            Assert.Equal(new string('f', 24) + "9000", UsimTestCard.Send(usim, "00b08d000c"));
        }

        [Fact]
        public void UpdateBinary_PerIdentity_EachIdentityKeepsItsOwnFiles()
        {
            var store = new InMemoryUsimStore();
            var usim = UsimTestCard.Create(store);
            UsimTestCard.SendAll(usim, SelectUsim);
            Assert.Equal("9000", UsimTestCard.Send(usim, "00d68b000b47d1264a62f21037211e00"));

            usim.SwitchIdentity(UsimIdentityKind.Operational, UsimTestCard.Operational());
            usim.Reset();
            UsimTestCard.SendAll(usim, SelectUsim);
            Assert.Equal("fffffffffffffffffeff019000", UsimTestCard.Send(usim, "00b08b000b"));

            usim.SwitchIdentity(UsimIdentityKind.Preliminary, UsimTestCard.Preliminary());
            usim.Reset();
            UsimTestCard.SendAll(usim, SelectUsim);
            Assert.Equal("47d1264a62f21037211e009000", UsimTestCard.Send(usim, "00b08b000b"));
        }
    }
}
