using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsCheck;
using M2MDevice.Crypto;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Crypto
{
    public class KdfTests
    {
        private static JsonElement Vectors(string name)
        {
            JsonElement array = Load("kdf").GetProperty(name);
            Assert.True(array.GetArrayLength() > 0, name);
            return array;
        }

        private static byte[] Field(JsonElement vector, string name) => Hex(vector.GetProperty(name).GetString()!);

        [Fact]
        public void DeriveKasme_AllVectors_MatchTs33401A2()
        {
            var kdf = new Kdf();
            foreach (JsonElement v in Vectors("kasme").EnumerateArray())
            {
                byte[] output = new byte[32];
                kdf.DeriveKasme(Field(v, "CK"), 0, Field(v, "IK"), 0, Field(v, "SN_id"), 0, Field(v, "SQN_xor_AK"), 0, output, 0);
                Assert.True(v.GetProperty("KASME").GetString() == ToHex(output), v.GetProperty("id").GetString());
            }
        }

        [Fact]
        public void DeriveResStar_AllVectors_MatchTs33501A4()
        {
            var kdf = new Kdf();
            foreach (JsonElement v in Vectors("res_star").EnumerateArray())
            {
                byte[] name = Encoding.ASCII.GetBytes(v.GetProperty("SN_name").GetString()!);
                byte[] res = Field(v, "RES");
                byte[] output = new byte[16];
                kdf.DeriveResStar(Field(v, "CK"), 0, Field(v, "IK"), 0, name, 0, name.Length, Field(v, "RAND"), 0, res, 0, res.Length, output, 0);
                Assert.True(v.GetProperty("RES_star").GetString() == ToHex(output), v.GetProperty("id").GetString());
            }
        }

        [Fact]
        public void DeriveKausf_AllVectors_MatchTs33501A2()
        {
            var kdf = new Kdf();
            foreach (JsonElement v in Vectors("kausf").EnumerateArray())
            {
                byte[] name = Encoding.ASCII.GetBytes(v.GetProperty("SN_name").GetString()!);
                byte[] output = new byte[32];
                kdf.DeriveKausf(Field(v, "CK"), 0, Field(v, "IK"), 0, name, 0, name.Length, Field(v, "SQN_xor_AK"), 0, output, 0);
                Assert.True(v.GetProperty("KAUSF").GetString() == ToHex(output), v.GetProperty("id").GetString());
            }
        }

        [Fact]
        public void DeriveCkIkPrime_AllVectors_MatchTs33402A2()
        {
            var kdf = new Kdf();
            foreach (JsonElement v in Vectors("ck_ik_prime").EnumerateArray())
            {
                Assert.Equal(Kdf.CkIkPrimeFunctionCode, Field(v, "FC")[0]);
                byte[] accessNetwork = Encoding.ASCII.GetBytes(v.GetProperty("P0_ascii").GetString()!);
                byte[] ckPrime = new byte[16];
                byte[] ikPrime = new byte[16];
                kdf.DeriveCkIkPrime(Field(v, "CK"), 0, Field(v, "IK"), 0, accessNetwork, 0, accessNetwork.Length, Field(v, "P1"), 0, ckPrime, 0, ikPrime, 0);
                string id = v.GetProperty("id").GetString()!;
                Assert.True(v.GetProperty("CK_prime").GetString() == ToHex(ckPrime), id);
                Assert.True(v.GetProperty("IK_prime").GetString() == ToHex(ikPrime), id);
            }
        }

        [Fact]
        public void KdfJson_EveryVectorGroup_IsCovered()
        {
            var covered = new HashSet<string> { "about", "kasme", "res_star", "kausf", "ck_ik_prime" };
            foreach (JsonProperty property in Load("kdf").EnumerateObject())
            {
                Assert.Contains(property.Name, covered);
            }
        }

        [Fact]
        public void DeriveKsNaf_Ts33220B3_EqualsHmacOverExplicitS()
        {
            // No public second-source vector exists for Ks_NAF (see kdf.json "about"); build S by hand per
            // TS 33.220 B.3 and compare with the system HMAC.
            byte[] ks = Hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
            byte[] rand = Hex("23553cbe9637a89d218ae64dae47bf35");
            byte[] impi = Encoding.UTF8.GetBytes("001010000000001@ims.mnc001.mcc001.3gppnetwork.org");
            byte[] nafId = new byte[] { 0x72, 0x73, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x01, 0x00, 0x00, 0x01, 0x2f };
            var s = new List<byte> { 0x01 };
            void Append(byte[] p)
            {
                s.AddRange(p);
                s.Add((byte)(p.Length >> 8));
                s.Add((byte)p.Length);
            }

            Append(Encoding.ASCII.GetBytes("gba-me"));
            Append(rand);
            Append(impi);
            Append(nafId);
            byte[] expected = HMACSHA256.HashData(ks, s.ToArray());

            byte[] actual = new byte[32];
            new Kdf().DeriveKsNaf(ks, 0, rand, 0, impi, 0, impi.Length, nafId, 0, nafId.Length, actual, 0);
            Assert.Equal(expected, actual);
        }

        [Fact]
        public void Derive_RandomParameters_EqualsHmacOverS()
        {
            // CsCheck runs samples on several threads: one instance per sample.
            Gen.Select(Gen.Byte.Array[0, 64], Gen.Byte, Gen.Byte.Array[0, 40].Array[0, 5]).Sample((key, fc, parameters) =>
            {
                var kdf = new Kdf();
                var s = new List<byte> { fc };
                kdf.Begin(fc);
                foreach (byte[] p in parameters)
                {
                    kdf.Append(p, 0, p.Length);
                    s.AddRange(p);
                    s.Add((byte)(p.Length >> 8));
                    s.Add((byte)p.Length);
                }

                byte[] actual = new byte[32];
                kdf.Derive(key, 0, key.Length, actual, 0);
                Assert.Equal(HMACSHA256.HashData(key, s.ToArray()), actual);
            }, iter: 1000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void Append_LongParameter_WritesTwoByteBigEndianLength()
        {
            byte[] key = new byte[32];
            byte[] parameter = new byte[300];
            var kdf = new Kdf(400);
            kdf.Begin(0x42);
            kdf.Append(parameter, 0, parameter.Length);
            byte[] actual = new byte[32];
            kdf.Derive(key, 0, key.Length, actual, 0);

            byte[] s = new byte[303];
            s[0] = 0x42;
            s[301] = 0x01;
            s[302] = 0x2c;
            Assert.Equal(HMACSHA256.HashData(key, s), actual);
        }

        [Fact]
        public void Append_BeyondCapacityOrBeforeBegin_Throws()
        {
            var kdf = new Kdf(10);
            Assert.Throws<InvalidOperationException>(() => kdf.Append(new byte[1], 0, 1));
            kdf.Begin(1);
            Assert.Throws<InvalidOperationException>(() => kdf.Append(new byte[8], 0, 8));
        }

        [Fact]
        public void DeriveKasme_AfterWarmUp_AllocatesNothing()
        {
            var kdf = new Kdf();
            byte[] ck = new byte[16];
            byte[] ik = new byte[16];
            byte[] sn = new byte[3];
            byte[] sqnXorAk = new byte[6];
            byte[] output = new byte[32];
            kdf.DeriveKasme(ck, 0, ik, 0, sn, 0, sqnXorAk, 0, output, 0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                kdf.DeriveKasme(ck, 0, ik, 0, sn, 0, sqnXorAk, 0, output, 0);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
