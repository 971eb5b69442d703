using System.Collections.Generic;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;

namespace M2MDevice.Firmware.Tests.Usim
{
    /// <summary>
    /// Card bring-up as a modem performs it (TS 102 221 / TS 31.102 5.1.1 UICC activation and USIM
    /// initialisation), as a hex transcript. Each row replays the rows before it on a fresh card.
    /// </summary>
    public class SoftUsimBringUpTests
    {
        private const string Aid = "a0000000871002ffffffff894d324d01";
        private const string MfFcp = "621d" + "82027821" + "83023f00" + "a503800171" + "8a0105" + "8c03061010" + "c606900100830101";
        private const string AdfFcp = "622a" + "82027821" + "83027fff" + "8410" + Aid + "8a0105" + "8c03061010" + "c606900100830101";

        private static readonly string[][] Transcript =
        {
            new[] { "SELECT MF by FID, FCP requested: T=0 announces 31 bytes", "00a40004023f00", "611f" },
            new[] { "GET RESPONSE: MF FCP (descriptor 78, FID 3F00, UICC characteristics, LCSI, security, PIN status)", "00c000001f", MfFcp + "9000" },
            new[] { "SELECT EF_DIR", "00a40004022f00", "611c" },
            new[] { "GET RESPONSE: EF_DIR FCP, linear fixed, 2 records of 32 bytes, SFI 1E", "00c000001c", "621a" + "82054221002002" + "83022f00" + "8a0105" + "8c03031000" + "80020040" + "8801f0" + "9000" },
            new[] { "READ RECORD 1 of EF_DIR: application template with the USIM AID and label", "00b2010420", "6118" + "4f10" + Aid + "5004" + "5553494d" + "ffffffffffff" + "9000" },
            new[] { "READ RECORD 2 of EF_DIR: unused", "00b2020420", new string('f', 64) + "9000" },
            new[] { "READ RECORD 3 of EF_DIR: record not found", "00b2030420", "6a83" },
            new[] { "SELECT EF_ICCID", "00a40004022fe2", "6119" },
            new[] { "GET RESPONSE: EF_ICCID FCP, transparent, 10 bytes, SFI 02, update never", "00c0000019", "6217" + "82024121" + "83022fe2" + "8a0105" + "8c0303ff00" + "8002000a" + "880110" + "9000" },
            new[] { "READ BINARY EF_ICCID (swapped BCD)", "00b000000a", "988812010000400310f0" + "9000" },
            new[] { "SELECT ADF.USIM by its full AID", "00a4040410" + Aid, "612c" },
            new[] { "GET RESPONSE: ADF.USIM FCP with DF name and PIN1 disabled", "00c000002c", AdfFcp + "9000" },
            new[] { "SELECT EF_IMSI, no data returned", "00a4000c026f07", "9000" },
            new[] { "READ BINARY EF_IMSI", "00b0000009", "080910101032547698" + "9000" },
            new[] { "SELECT EF_AD by path from MF (7FFF = current ADF), APDU with Le: FCP at once", "00a40804047fff6fad00", "6217" + "82024121" + "83026fad" + "8a0105" + "8c03031000" + "80020004" + "880118" + "9000" },
            new[] { "READ BINARY EF_AD: normal operation, 2-digit MNC", "00b0000004", "00000002" + "9000" },
            new[] { "READ BINARY EF_UST by SFI 04 with Le 00: exact length 11 required", "00b0840000", "6c0b" },
            new[] { "READ BINARY EF_UST by SFI 04: services 20 27 33 34 38 42 43 71 85", "00b084000b", "0000080423060000400010" + "9000" },
            new[] { "READ BINARY EF_EST by SFI 05: nothing enabled", "00b0850001", "00" + "9000" },
            new[] { "READ BINARY EF_FPLMN by SFI 0D: four empty entries", "00b08d000c", new string('f', 24) + "9000" },
            new[] { "READ BINARY EF_LOCI by SFI 0B: TMSI and LAI deleted, not updated", "00b08b000b", "fffffffffffffffffeff01" + "9000" },
            new[] { "READ BINARY EF_PSLOCI by SFI 0C: P-TMSI and RAI deleted, not updated", "00b08c000e", "fffffffffffffffffffffffeff01" + "9000" },
            new[] { "READ BINARY EF_EPSLOCI by SFI 1E: GUTI and TAI deleted, not updated", "00b09e0012", "fffffffffffffffffffffffffffffffffe01" + "9000" },
            new[] { "READ BINARY EF_ACC by SFI 06: class 9 from the last IMSI digit", "00b0860002", "0200" + "9000" },
            new[] { "READ BINARY EF_HPLMNwAcT by SFI 13: one unused entry", "00b0930005", "ffffff0000" + "9000" },
            new[] { "READ BINARY EF_EHPLMN by SFI 1D: four unused entries", "00b09d000c", new string('f', 24) + "9000" },
            new[] { "READ BINARY EF_PLMNwAcT by SFI 0A: eight unused entries", "00b08a0028", "ffffff0000ffffff0000ffffff0000ffffff0000ffffff0000ffffff0000ffffff0000ffffff0000" + "9000" },
            new[] { "READ BINARY EF_LI by SFI 02: en", "00b0820004", "656effff" + "9000" },
            new[] { "READ BINARY EF_KEYS by SFI 08: KSI 07, no keys", "00b0880021", "07" + new string('f', 64) + "9000" },
            new[] { "READ BINARY EF_START-HFN by SFI 0F", "00b08f0006", "f00000f00000" + "9000" },
            new[] { "READ BINARY EF_THRESHOLD by SFI 10", "00b0900003", "ffffff" + "9000" },
            new[] { "READ BINARY EF_HPPLMN by SFI 12: no periodic search", "00b0920001", "00" + "9000" },
            new[] { "READ RECORD 1 of EF_ECC by SFI 01: 112", "00b2010c04", "11f2ff00" + "9000" },
            new[] { "READ RECORD 2 of EF_ECC (current EF): 911", "00b2020404", "19f1ff00" + "9000" },
            new[] { "STATUS with Le 00: FCP of the ADF is 44 bytes", "80f2000000", "6c2c" },
            new[] { "STATUS: FCP of the current application", "80f200002c", AdfFcp + "9000" },
            new[] { "STATUS, no data returned", "80f2000c00", "9000" },
            new[] { "STATUS, DF name of the current application", "80f2000112", "8410" + Aid + "9000" },
            new[] { "TERMINAL PROFILE: acknowledged", "8010000003ffffff", "9000" },
            new[] { "SELECT EF_ICCID by path from MF while the ADF is active", "00a4080c022fe2", "9000" },
            new[] { "SELECT DF_GSM-ACCESS by path 7FFF/5F3B", "00a4080c047fff5f3b", "9000" },
            new[] { "READ BINARY EF_Kc by SFI 01: no key, CKSN 07", "00b0810009", new string('f', 16) + "07" + "9000" },
            new[] { "SELECT parent DF (P1 03): back to ADF.USIM", "00a4030c", "9000" },
            new[] { "SELECT EF_IMSI by path from the current DF", "00a4090c026f07", "9000" },
            new[] { "READ BINARY EF_IMSI with offset 1", "00b0000108", "0910101032547698" + "9000" },
            new[] { "SELECT by partial AID (RID + application code)", "00a4040c07a0000000871002", "9000" },
        };

        public static IEnumerable<object[]> Steps()
        {
            for (int i = 0; i < Transcript.Length; i++)
            {
                yield return new object[] { i, Transcript[i][0], Transcript[i][1], Transcript[i][2] };
            }
        }

        [Theory]
        [MemberData(nameof(Steps))]
        public void BringUp_Step_AnswersAsExpected(int index, string description, string command, string expected)
        {
            var usim = UsimTestCard.Create(new InMemoryUsimStore());
            for (int i = 0; i < index; i++)
            {
                UsimTestCard.Send(usim, Transcript[i][1]);
            }

            string actual = UsimTestCard.Send(usim, command);
            Assert.True(expected == actual, $"{description}: expected {expected}, got {actual}");
        }

        [Fact]
        public void BringUp_WholeTranscript_EveryStepAsExpected()
        {
            var usim = UsimTestCard.Create(new InMemoryUsimStore());
            foreach (string[] step in Transcript)
            {
                Assert.Equal(step[2], UsimTestCard.Send(usim, step[1]));
            }
        }

        [Fact]
        public void Init_Always_ReturnsDocumentedAtrWithValidCheckByte()
        {
            var usim = new SoftUsim(new InMemoryUsimStore(), UsimIdentityKind.Preliminary, UsimTestCard.Preliminary());
            byte[] atr = usim.Init();

            Assert.Equal("3b9a96801fc78031e073fe2100829000bb", TestVectors.ToHex(atr));

            // ISO/IEC 7816-3 8.2.5: XOR of T0 .. TCK is zero.
            int check = 0;
            for (int i = 1; i < atr.Length; i++)
            {
                check ^= atr[i];
            }

            Assert.Equal(0, check);

            // T0 low nibble = number of historical bytes; TD1 low nibble = T=0.
            Assert.Equal(10, atr[1] & 0x0F);
            Assert.Equal(0, atr[3] & 0x0F);
        }

        [Fact]
        public void Select_AidWithTermination_EndsTheApplicationSession()
        {
            var usim = UsimTestCard.Create(new InMemoryUsimStore());
            UsimTestCard.SendAll(usim, "00a4040c10" + Aid);

            Assert.Equal("9000", UsimTestCard.Send(usim, "00a4044c10" + Aid));

            Assert.Equal("6a82", UsimTestCard.Send(usim, "00a4000c027fff"));
            Assert.Equal("6985", UsimTestCard.Send(usim, "0088008011" + "10" + "00000000000000000000000000000000"));
            Assert.Equal("6c1f", UsimTestCard.Send(usim, "80f2000000"));
        }

        [Fact]
        public void Reset_AfterSelections_StartsAgainAtMf()
        {
            var usim = UsimTestCard.Create(new InMemoryUsimStore());
            UsimTestCard.SendAll(usim, "00a4040c10" + Aid + ";00a4000c026f07");

            usim.Reset();

            Assert.Equal("6986", UsimTestCard.Send(usim, "00b0000009"));
            Assert.Equal("6a82", UsimTestCard.Send(usim, "00a4000c027fff"));
            Assert.Equal("9000", UsimTestCard.Send(usim, "00a4000c022fe2"));
        }
    }
}
