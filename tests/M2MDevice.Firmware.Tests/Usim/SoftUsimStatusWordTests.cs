namespace M2MDevice.Firmware.Tests.Usim
{
    /// <summary>
    /// Every error status word of TS 102 221 10.2.1 the card uses, as hex rows: preconditions
    /// (';'-separated commands sent first), the command, and the expected R-APDU.
    /// </summary>
    public class SoftUsimStatusWordTests
    {
        private const string SelectUsim = "00a4040c10a0000000871002ffffffff894d324d01";
        private const string SelectDir = "00a4000c022f00";
        private const string SelectImsi = SelectUsim + ";00a4000c026f07";
        private const string SelectLoci = SelectUsim + ";00a4000c026f7e";

        [Theory]
        // 6E00 class not supported (TS 102 221 10.1.1).
        [InlineData("6E00: GSM class A0 (TS 51.011) on a UICC", "", "a0a40000023f00", "6e00")]
        [InlineData("6E00: STATUS needs class 80", "", "00f2000000", "6e00")]
        [InlineData("6E00: READ BINARY with proprietary class 80", "", "80b0000001", "6e00")]
        [InlineData("6E00: class 20 is undefined", "", "20a4000c023f00", "6e00")]
        // 6D00 instruction not supported.
        [InlineData("6D00: unknown INS E2", "", "00e2000000", "6d00")]
        [InlineData("6D00: FETCH (no toolkit)", "", "8012000010", "6d00")]
        [InlineData("6D00: SEARCH RECORD is not supported", SelectUsim, "00a2010400", "6d00")]
        // 68xx functions in CLA not supported.
        [InlineData("6881: logical channel 1", "", "01a4000c023f00", "6881")]
        [InlineData("6881: logical channel 4 (class 40)", "", "40a4000c023f00", "6881")]
        [InlineData("6881: MANAGE CHANNEL open", "", "0070000001", "6881")]
        [InlineData("6881: MANAGE CHANNEL close channel 1", "", "0070800100", "6881")]
        [InlineData("6882: secure messaging bits in CLA", "", "04a4000c023f00", "6882")]
        // 6A86 incorrect P1/P2.
        [InlineData("6A86: SELECT P1 02", "", "00a4020c023f00", "6a86")]
        [InlineData("6A86: SELECT P2 00 (FCI) is not a UICC response type", "", "00a40000023f00", "6a86")]
        [InlineData("6A86: SELECT by FID with application session bits", "", "00a4004c023f00", "6a86")]
        [InlineData("6A86: READ RECORD mode 05", SelectDir, "00b2010520", "6a86")]
        [InlineData("6A86: READ BINARY SFI with P1 b7 set", SelectUsim, "00b0c70009", "6a86")]
        [InlineData("6A86: STATUS P2 02", "", "80f2000200", "6a86")]
        [InlineData("6A86: MANAGE CHANNEL close the basic channel", "", "0070800000", "6a86")]
        [InlineData("6A86: MANAGE CHANNEL P1 01", "", "0070010000", "6a86")]
        [InlineData("6A86: AUTHENTICATE P2 84 (GBA)", SelectUsim, "0088008411" + "10" + "00000000000000000000000000000000", "6a86")]
        // 6B00 wrong parameters P1-P2.
        [InlineData("6B00: READ BINARY offset beyond EF_IMSI", SelectImsi, "00b0000a01", "6b00")]
        [InlineData("6B00: UPDATE BINARY offset beyond EF_LOCI", SelectLoci, "00d6000b0100", "6b00")]
        [InlineData("6B00: GET RESPONSE with P1 01", "", "00c0010000", "6b00")]
        [InlineData("6B00: VERIFY with P1 01", "", "0020010108" + "31323334ffffffff", "6b00")]
        // 6700 wrong length.
        [InlineData("6700: SELECT by FID with Lc 1", "", "00a4000c013f", "6700")]
        [InlineData("6700: SELECT by FID without data", "", "00a4000c", "6700")]
        [InlineData("6700: SELECT with Lc 3 and 2 data bytes", "", "00a4000c033f00", "6700")]
        [InlineData("6700: SELECT by path with odd length", "", "00a4080c037fff6f", "6700")]
        [InlineData("6700: SELECT by AID of 17 bytes", "", "00a4040c11a0000000871002ffffffff894d324d0100", "6700")]
        [InlineData("6700: READ BINARY carrying data", SelectImsi, "00b00000020000", "6700")]
        [InlineData("6700: UPDATE BINARY past the end of EF_LOCI", SelectLoci, "00d6000a020000", "6700")]
        [InlineData("6700: UPDATE BINARY with P3 00", SelectLoci, "00d6000000", "6700")]
        [InlineData("6700: UPDATE RECORD shorter than the record", SelectUsim + ";00a4000c026fe4", "00dc010402a000", "6700")]
        [InlineData("6700: AUTHENTICATE without data", SelectUsim, "0088008100", "6700")]
        [InlineData("6700: fewer than 4 bytes", "", "00a400", "6700")]
        [InlineData("6700: TERMINAL PROFILE without data", "", "8010000000", "6700")]
        // 6Cxx wrong Le.
        [InlineData("6C09: READ BINARY EF_IMSI with Le 10", SelectImsi, "00b000000a", "6c09")]
        [InlineData("6C05: READ BINARY EF_IMSI at offset 4 with Le 00", SelectImsi, "00b0000400", "6c05")]
        [InlineData("6C20: READ RECORD with Le 00", SelectDir, "00b2010400", "6c20")]
        [InlineData("6C09: READ BINARY without Le (case 1) tells the length", SelectImsi, "00b00000", "6c09")]
        [InlineData("6C1F: STATUS of the MF with Le 01", "", "80f2000001", "6c1f")]
        [InlineData("6C1F: GET RESPONSE asking too much", "00a40004023f00", "00c0000020", "6c1f")]
        // 6A82 file or application not found.
        [InlineData("6A82: SELECT unknown FID", "", "00a4000c026f99", "6a82")]
        [InlineData("6A82: SELECT 7FFF before the application is active", "", "00a4000c027fff", "6a82")]
        [InlineData("6A82: SELECT an ADF EF from the MF by FID", "", "00a4000c026f07", "6a82")]
        [InlineData("6A82: SELECT an EF of DF_GSM-ACCESS from the ADF by FID", SelectUsim, "00a4000c024f20", "6a82")]
        [InlineData("6A82: SELECT by another application's AID (ISIM)", "", "00a4040c07a0000000871004", "6a82")]
        [InlineData("6A82: SELECT by an AID of 4 bytes (shorter than the RID)", "", "00a4040c04a0000000", "6a82")]
        [InlineData("6A82: SELECT next occurrence of the USIM", "", "00a4040e07a0000000871002", "6a82")]
        [InlineData("6A82: SELECT by path to an unknown EF", SelectUsim, "00a40804047fff6f99", "6a82")]
        [InlineData("6A82: SELECT by path through an EF", SelectUsim, "00a4080c067fff6f076f07", "6a82")]
        [InlineData("6A82: SELECT parent of the MF", "", "00a4030c", "6a82")]
        [InlineData("6A82: READ BINARY by an unused SFI", SelectUsim, "00b09a0001", "6a82")]
        [InlineData("6A82: READ RECORD by an unused SFI", SelectUsim, "00b201d404", "6a82")]
        // 6A83 record not found.
        [InlineData("6A83: READ RECORD 3 of EF_DIR", SelectDir, "00b2030420", "6a83")]
        [InlineData("6A83: READ RECORD current without a current record", SelectDir, "00b2000420", "6a83")]
        [InlineData("6A83: READ RECORD next after the last", SelectDir + ";00b2000220;00b2000220", "00b2000220", "6a83")]
        // 6981 command incompatible with file structure.
        [InlineData("6981: READ BINARY on linear fixed EF_DIR", SelectDir, "00b0000001", "6981")]
        [InlineData("6981: READ RECORD on transparent EF_IMSI", SelectImsi, "00b2010409", "6981")]
        [InlineData("6981: READ BINARY by SFI of linear fixed EF_ECC", SelectUsim, "00b0810004", "6981")]
        [InlineData("6981: UPDATE RECORD on transparent EF_LOCI", SelectLoci, "00dc01040b" + "0000000000000000000000", "6981")]
        // 6986 no current EF.
        [InlineData("6986: READ BINARY with only the MF selected", "", "00b0000001", "6986")]
        [InlineData("6986: READ RECORD with only the ADF selected", SelectUsim, "00b2010420", "6986")]
        [InlineData("6986: UPDATE BINARY with no EF selected", SelectUsim, "00d60000010000", "6986")]
        // 6982 security status not satisfied.
        [InlineData("6982: UPDATE BINARY on EF_IMSI (ADM)", SelectImsi, "00d6000001ff", "6982")]
        [InlineData("6982: UPDATE BINARY on EF_ICCID (never)", "00a4000c022fe2", "00d6000001ff", "6982")]
        [InlineData("6982: UPDATE RECORD on EF_DIR (ADM)", SelectDir, "00dc010420" + "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "6982")]
        // 6985 conditions of use not satisfied.
        [InlineData("6985: GET RESPONSE with nothing pending", "", "00c0000010", "6985")]
        [InlineData("6985: GET RESPONSE after another command discarded the data", "00a40004023f00;80f2000c00", "00c000001f", "6985")]
        [InlineData("6985: AUTHENTICATE without the USIM active", "", "0088008011" + "10" + "00000000000000000000000000000000", "6985")]
        // 6A88 referenced data not found.
        [InlineData("6A88: VERIFY PIN2 (not present)", "", "0020008108" + "31323334ffffffff", "6a88")]
        [InlineData("6A88: VERIFY PIN1 when no PIN is configured", "", "0020000108" + "31323334ffffffff", "6a88")]
        [InlineData("6A88: STATUS DF name with no application active", "", "80f2000100", "6a88")]
        public void Process_ErroneousCommand_AnswersStatusWord(string description, string preconditions, string command, string expected)
        {
            var usim = UsimTestCard.Create(new InMemoryUsimStore());
            UsimTestCard.SendAll(usim, preconditions);

            string actual = UsimTestCard.Send(usim, command);

            Assert.True(expected == actual, $"{description}: expected {expected}, got {actual}");
        }

        [Fact]
        public void Process_ErrorAfterSuccessfulSelect_KeepsTheSelection()
        {
            var usim = UsimTestCard.Create(new InMemoryUsimStore());
            UsimTestCard.SendAll(usim, SelectImsi);

            Assert.Equal("6a82", UsimTestCard.Send(usim, "00a4000c026f99"));
            Assert.Equal("0809101010325476989000", UsimTestCard.Send(usim, "00b0000009"));
        }
    }
}
