using System;
using M2MDevice.Aka;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;

namespace M2MDevice.Firmware.Tests.Usim
{
    /// <summary>Profiles and an APDU exchange helper for the soft USIM tests.</summary>
    public static class UsimTestCard
    {
        /// <summary>IMSI 001010123456789 (encodings.json), ICCID 8988211000000430010, keys of aka.json E1.</summary>
        public static UsimProfile Preliminary() => Profile(
            "001010123456789", "8988211000000430010", "465b5ce8b199b49faa5f0a2ee238a6bc", "cd63cb71954a9f4e48a5994e37a02baf");

        /// <summary>IMSI 262011106487504 (encodings.json), another ICCID, keys of aka.json E7.</summary>
        public static UsimProfile Operational()
        {
            UsimProfile profile = Profile(
                "262011106487504", "8949000000000000011", "56c3a6da347ae7e43c69d37576725d81", "b54aa2ed5fb981dd3d544c1fe3e36b6f");
            profile.ProfileSequence = 1;
            return profile;
        }

        public static UsimProfile Profile(string imsi, string iccid, string k, string opc)
        {
            var profile = new UsimProfile
            {
                EfImsi = new byte[9],
                EfIccid = new byte[10],
                MncLength = 2,
                Algorithm = AkaAlgorithmKind.Milenage,
                K = TestVectors.Hex(k),
                Opc = TestVectors.Hex(opc),
            };
            UsimEncoding.EncodeImsi(imsi, profile.EfImsi, 0);
            UsimEncoding.EncodeIccid(iccid, profile.EfIccid, 0);
            return profile;
        }

        /// <summary>A powered card (Init done) presenting the preliminary profile.</summary>
        public static SoftUsim Create(InMemoryUsimStore store, UsimProfile profile = null)
        {
            var usim = new SoftUsim(store, UsimIdentityKind.Preliminary, profile ?? Preliminary());
            usim.Init();
            return usim;
        }

        /// <summary>Sends one C-APDU given in hex; returns the R-APDU in lower-case hex.</summary>
        public static string Send(SoftUsim usim, string commandHex)
        {
            byte[] command = TestVectors.Hex(commandHex.Replace(" ", string.Empty));
            byte[] response = new byte[SoftUsim.MaxResponseLength];
            int length = usim.Process(command, 0, command.Length, response, 0);
            Assert.InRange(length, 2, SoftUsim.MaxResponseLength);
            return TestVectors.ToHex(response.AsSpan(0, length).ToArray());
        }

        /// <summary>Sends each ';'-separated command, ignoring the answers (test preconditions).</summary>
        public static void SendAll(SoftUsim usim, string commandsHex)
        {
            if (string.IsNullOrWhiteSpace(commandsHex))
            {
                return;
            }

            foreach (string command in commandsHex.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Send(usim, command);
            }
        }

        public static string Normalize(string hex) => hex.Replace(" ", string.Empty).ToLowerInvariant();
    }
}
