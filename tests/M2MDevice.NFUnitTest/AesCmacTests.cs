using M2MDevice.Crypto;
using nanoFramework.TestFramework;

namespace M2MDevice.NFUnitTest
{
    /// <summary>
    /// AES-128 (FIPS-197 appendices B and C.1) and AES-CMAC (RFC 4493 section 4 examples 1-4) on the
    /// device. The CMAC key schedule is built once in [Setup] and wiped in [Cleanup]: static state, since
    /// the device launcher runs Setup, every test, then Cleanup without an instance.
    /// </summary>
    [TestClass]
    public class AesCmacTests
    {
        // RFC 4493 section 4: K and the 64-byte message M whose prefixes examples 1-4 authenticate.
        private const string CmacKey = "2b7e151628aed2a6abf7158809cf4f3c";
        private const string CmacMessage = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

        private static Aes128 cmacCipher;
        private static AesCmac cmac;

        [Setup]
        public void CreateCmac()
        {
            cmacCipher = new Aes128(TestHex.Parse(CmacKey));
            cmac = new AesCmac(cmacCipher);
        }

        [Cleanup]
        public void WipeCmac()
        {
            cmac.Clear();
            cmacCipher.Clear();
        }

        [TestMethod]
        [DataRow("FIPS-197 C.1", "000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff", "69c4e0d86a7b0430d8cdb78070b4c55a")]
        [DataRow("FIPS-197 B", "2b7e151628aed2a6abf7158809cf4f3c", "3243f6a8885a308d313198a2e0370734", "3925841d02dc09fbdc118597196a0b32")]
        public void EncryptBlock_Fips197Vector_MatchesCiphertext(string id, string key, string plaintext, string ciphertext)
        {
            byte[] block = TestHex.Parse(plaintext);

            new Aes128(TestHex.Parse(key)).EncryptBlock(block, 0, block, 0);

            CollectionAssert.AreEqual(TestHex.Parse(ciphertext), block, id);
        }

        [TestMethod]
        [DataRow(0, "bb1d6929e95937287fa37d129b756746")]
        [DataRow(16, "070a16b46b4d4144f79bdd9dd04a287c")]
        [DataRow(40, "dfa66747de9ae63030ca32611497c827")]
        [DataRow(64, "51f0bebf7e3b9d92fc49741779363cfe")]
        public void Compute_Rfc4493Example_MatchesTag(int length, string tag)
        {
            byte[] output = new byte[AesCmac.TagSize];

            cmac.Compute(TestHex.Parse(CmacMessage), 0, length, output, 0);

            Assert.AreEqual(tag, TestHex.Format(output));
        }

        [TestMethod]
        public void Verify_FlippedTagBit_ReturnsFalse()
        {
            byte[] message = TestHex.Parse(CmacMessage);
            byte[] tag = TestHex.Parse("51f0bebf7e3b9d92fc49741779363cfe");
            Assert.IsTrue(cmac.Verify(message, 0, message.Length, tag, 0, AesCmac.TagSize));

            tag[15] ^= 0x01;

            Assert.IsFalse(cmac.Verify(message, 0, message.Length, tag, 0, AesCmac.TagSize));
        }

        [TestMethod]
        public void Constructor_NullCipher_Throws()
        {
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => new AesCmac(null));
        }
    }
}
