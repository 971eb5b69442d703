using System;
using System.Reflection;
using System.Text;
using M2MDevice.Aka;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Firmware.Tests.KeyStore
{
    /// <summary>Shared fixtures of the key-store tests: flash, keys, sample data and a state digest.</summary>
    internal static class KeyStoreTestKit
    {
        public const int SectorSize = 4096;

        // The store sits at sector 2 of 16, so tests also cover a non-zero base.
        public const int FirstSector = 2;

        public static readonly byte[] EncryptionKey = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        public static readonly byte[] MacKey = Convert.FromHexString("f0e1d2c3b4a5968778695a4b3c2d1e0f");

        public static readonly ushort[] KnownFiles = { UsimFileId.Loci, UsimFileId.Keys, UsimFileId.KeysPs, UsimFileId.Fplmn };

        /// <summary>The ten EFs the soft USIM persists per identity (IUsimStore contract); the digest covers all.</summary>
        public static readonly ushort[] PersistedFiles =
        {
            UsimFileId.Loci, UsimFileId.PsLoci, UsimFileId.EpsLoci, UsimFileId.Fplmn, UsimFileId.Keys,
            UsimFileId.KeysPs, UsimFileId.StartHfn, UsimFileId.EpsNsc, UsimFileId.Kc, UsimFileId.KcGprs,
        };

        public static FixedKeyProvider Keys() => new FixedKeyProvider(EncryptionKey, MacKey);

        public static SimulatedFlash NewFlash(int seed = 1) => new SimulatedFlash(SectorSize, 16, 256, seed);

        public static DeviceKeyStore Open(SimulatedFlash flash)
        {
            var store = new DeviceKeyStore(flash, FirstSector, Keys());
            store.Mount();
            return store;
        }

        public static UsimProfile Profile(uint sequence, byte seed)
        {
            var profile = new UsimProfile
            {
                EfImsi = Convert.FromHexString("082910101032547698"),
                EfIccid = Fill(10, (byte)(seed + 7)),
                MncLength = 2,
                Algorithm = AkaAlgorithmKind.Milenage,
                K = Fill(16, seed),
                Opc = Fill(16, (byte)(seed + 100)),
                HplmnWithAct = Convert.FromHexString("92f0104000"),
                OplmnWithAct = Convert.FromHexString("92f0108000"),
                Ehplmn = Convert.FromHexString("92f010"),
                Fplmn = Convert.FromHexString("ffffffffffff"),
                Acc = new byte[] { 0x00, (byte)(1 << (seed % 8)) },
                Msisdn = "4915" + seed.ToString(),
                ServiceProviderName = "Op" + seed.ToString(),
                ProfileSequence = sequence,
            };
            return profile;
        }

        public static ManufactureImage Image()
        {
            return new ManufactureImage
            {
                DeviceId = "device-0001",
                RsAddress = "https://rs.example:8443",
                RsTrustAnchor = Fill(900, 0x30),
                AllowedNetworks = Convert.FromHexString("00f11062f210"),
                Preliminary = Profile(0, 1),
            };
        }

        public static byte[] ImageBytes() => ManufactureImage.Encode(Image(), Keys(), Fill(8, 0xA0));

        /// <summary>A mounted, initialized store holding the sample image.</summary>
        public static DeviceKeyStore Initialized(SimulatedFlash flash)
        {
            DeviceKeyStore store = Open(flash);
            byte[] image = ImageBytes();
            Assert.Equal(KeyStoreResult.Ok, store.LoadManufactureImage(image, 0, image.Length, out RecordStatus status));
            Assert.Equal(RecordStatus.Valid, status);
            return store;
        }

        public static byte[] Fill(int length, byte seed)
        {
            var bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                bytes[i] = (byte)(seed + (i * 31));
            }

            return bytes;
        }

        public static byte[] Sqn(long value)
        {
            var sqn = new byte[6];
            for (int i = 5; i >= 0; i--)
            {
                sqn[i] = (byte)value;
                value >>= 8;
            }

            return sqn;
        }

        public static string Hex(byte[] bytes) => bytes == null ? "null" : Convert.ToHexString(bytes);

        public static string ProfileText(UsimProfile profile)
        {
            if (profile == null)
            {
                return "none";
            }

            var buffer = new byte[KeyStoreLimits.MaxProfileLength];
            int length = ProfileCodec.Encode(profile, buffer, 0);
            return Convert.ToHexString(buffer, 0, length);
        }

        /// <summary>Every piece of state the store exposes, as one string (equal strings = equal states).</summary>
        public static string Digest(DeviceKeyStore store)
        {
            var text = new StringBuilder();
            text.Append("init=").Append(store.IsInitialized).Append(" id=").Append(store.DeviceId)
                .Append(" rs=").Append(store.RsAddress).Append(" ta=").Append(Hex(store.GetRsTrustAnchor()))
                .Append(" nets=").Append(Hex(store.GetAllowedNetworks())).Append('\n');
            store.TryGetProfile(UsimIdentityKind.Preliminary, out UsimProfile preliminary);
            store.TryGetProfile(UsimIdentityKind.Operational, out UsimProfile active);
            store.TryGetStagedProfile(out UsimProfile staged);
            text.Append("retired=").Append(store.IsPreliminaryRetired).Append(" prelim=").Append(ProfileText(preliminary)).Append('\n');
            text.Append("selector=").Append(store.ActiveIdentity).Append(" active=").Append(ProfileText(active))
                .Append(" staged=").Append(ProfileText(staged)).Append('\n');
            var sqn = new byte[KeyStoreLimits.SqnArrayLength];
            var file = new byte[KeyStoreLimits.MaxFileLength];
            foreach (UsimIdentityKind identity in new[] { UsimIdentityKind.Preliminary, UsimIdentityKind.Operational })
            {
                store.LoadSqnSlots(identity, sqn, 0);
                text.Append("sqn").Append((int)identity).Append('=').Append(Hex(sqn)).Append('\n');
                foreach (ushort fileId in PersistedFiles)
                {
                    int length = store.LoadFile(identity, fileId, file, 0);
                    text.Append("file").Append(fileId.ToString("X4")).Append('=')
                        .Append(length < 0 ? "absent" : Convert.ToHexString(file, 0, length)).Append(' ');
                }

                text.Append('\n');
            }

            text.Append("prov=").Append(store.ProvisioningStateNumber).Append(' ').Append(Hex(store.GetProvisioningBlob())).Append('\n');
            text.Append("notes=").Append(store.NotificationCount);
            for (int i = 0; i < store.NotificationCount; i++)
            {
                text.Append(' ').Append(store.GetNotificationId(i)).Append(':').Append(Hex(store.GetNotificationMessage(i)));
            }

            return text.ToString();
        }

        /// <summary>Sets every public field of a UsimProfile to a distinct non-default value (fails on an unknown field type).</summary>
        public static UsimProfile EveryFieldProfile()
        {
            var profile = new UsimProfile();
            byte counter = 1;
            foreach (FieldInfo field in typeof(UsimProfile).GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                counter++;
                if (field.Name == "K" || field.Name == "Opc")
                {
                    field.SetValue(profile, Fill(field.Name == "K" ? 32 : 16, counter));
                }
                else if (field.FieldType == typeof(byte[]))
                {
                    field.SetValue(profile, Fill(3 + counter, counter));
                }
                else if (field.FieldType == typeof(byte))
                {
                    field.SetValue(profile, counter);
                }
                else if (field.FieldType == typeof(uint))
                {
                    field.SetValue(profile, 0x01020300u + counter);
                }
                else if (field.FieldType == typeof(string))
                {
                    field.SetValue(profile, "F" + counter.ToString());
                }
                else if (field.FieldType == typeof(AkaAlgorithmKind))
                {
                    field.SetValue(profile, AkaAlgorithmKind.Tuak);
                }
                else
                {
                    throw new InvalidOperationException("extend the key-store profile codec and this test for field " + field.Name);
                }
            }

            return profile;
        }

        public static void AssertSameFields(UsimProfile expected, UsimProfile actual)
        {
            foreach (FieldInfo field in typeof(UsimProfile).GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                object a = field.GetValue(expected);
                object b = field.GetValue(actual);
                if (a is byte[] bytesA)
                {
                    Assert.True(b is byte[], field.Name);
                    Assert.Equal(Convert.ToHexString(bytesA), Convert.ToHexString((byte[])b));
                }
                else
                {
                    Assert.Equal(a, b);
                }
            }
        }
    }
}
