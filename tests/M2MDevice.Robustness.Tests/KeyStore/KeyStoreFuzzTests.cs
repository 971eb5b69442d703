using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using M2MDevice.Aka;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using M2MDevice.Protocol;
using Xunit.Abstractions;

namespace M2MDevice.Robustness.Tests.KeyStore
{
    /// <summary>
    /// The key-store decoders of firmware/KeyStore: RecordCodec.Decode, ProfileCodec.TryDecode and
    /// ManufactureImage.TryDecode over random bytes and mutations of valid records (always a defined RecordStatus;
    /// Valid only for the untouched record), and DeviceKeyStore.Mount (RecordLog.Mount/TryReadNext underneath)
    /// over a randomly corrupted SimulatedFlash holding a store with history: never an exception, Ok or
    /// NotInitialized, and every value it then exposes is one that was really written (a record failing its MAC
    /// is never exposed).
    /// </summary>
    public class KeyStoreFuzzTests
    {
        private const int SectorSize = 4096;
        private const int FirstSector = 1;

        private static readonly byte[] EncryptionKey = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        private static readonly byte[] MacKey = Convert.FromHexString("f0e1d2c3b4a5968778695a4b3c2d1e0f");

        private static readonly ushort[] Files = { UsimFileId.Loci, UsimFileId.Keys, UsimFileId.Fplmn, UsimFileId.PsLoci };

        private readonly ITestOutputHelper output;

        public KeyStoreFuzzTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        private static FixedKeyProvider Keys() => new FixedKeyProvider(EncryptionKey, MacKey);

        private static byte[] Fill(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)(seed + (i * 31))).ToArray();

        private static UsimProfile Profile(uint sequence, int seed)
        {
            var profile = new UsimProfile
            {
                EfImsi = Convert.FromHexString("082910101032547698"),
                EfIccid = Fill(10, seed + 7),
                MncLength = 2,
                Algorithm = AkaAlgorithmKind.Milenage,
                K = Fill(16, seed),
                Opc = Fill(16, seed + 100),
                HplmnWithAct = Convert.FromHexString("92f0104000"),
                Fplmn = Convert.FromHexString("ffffffffffff"),
                Msisdn = "4915" + seed,
                ServiceProviderName = "Op" + seed,
                ProfileSequence = sequence,
            };
            return profile;
        }

        private static ManufactureImage Image() => new ManufactureImage
        {
            DeviceId = "device-fuzz-01",
            RsAddress = "https://rs.example:8443",
            RsTrustAnchor = Fill(300, 0x30),
            AllowedNetworks = Convert.FromHexString("00f11062f210"),
            Preliminary = Profile(0, 1),
        };

        private static string Encode(UsimProfile profile)
        {
            if (profile == null)
            {
                return "none";
            }

            byte[] buffer = new byte[ProfileCodec.GetEncodedLength(profile)];
            ProfileCodec.Encode(profile, buffer, 0);
            return Convert.ToHexString(buffer);
        }

        /// <summary>A store with history in every area, and every value ever written to it.</summary>
        private sealed class History
        {
            public byte[] Flash { get; set; }

            public HashSet<string> Profiles { get; } = new HashSet<string>();

            public Dictionary<int, HashSet<string>> Sqn { get; } = new Dictionary<int, HashSet<string>>();

            public Dictionary<ushort, HashSet<string>> FileContents { get; } = new Dictionary<ushort, HashSet<string>>();

            public HashSet<string> Blobs { get; } = new HashSet<string> { string.Empty };

            public HashSet<string> Messages { get; } = new HashSet<string>();
        }

        private static readonly History Written = Populate();

        private static History Populate()
        {
            var history = new History();
            var flash = new SimulatedFlash(SectorSize, FirstSector + DeviceKeyStore.SectorCount + 1, 256, 5);
            var store = new DeviceKeyStore(flash, FirstSector, Keys());
            Assert.Equal(KeyStoreResult.NotInitialized, store.Mount());
            byte[] image = ManufactureImage.Encode(Image(), Keys(), Fill(8, 0xA0));
            Assert.Equal(KeyStoreResult.Ok, store.LoadManufactureImage(image, 0, image.Length, out _));
            history.Profiles.Add(Encode(Image().Preliminary));
            for (int round = 1; round <= 3; round++)
            {
                UsimProfile profile = Profile((uint)round, 10 * round);
                Assert.Equal(KeyStoreResult.Ok, store.StageProfile(profile));
                history.Profiles.Add(Encode(profile));
                if (round < 3)
                {
                    Assert.Equal(KeyStoreResult.Ok, store.CommitStagedProfile());
                }

                foreach (UsimIdentityKind identity in new[] { UsimIdentityKind.Preliminary, UsimIdentityKind.Operational })
                {
                    for (int slot = 0; slot < 32; slot += 3 + round)
                    {
                        byte[] sqn = Fill(6, (round * 40) + slot);
                        store.SaveSqnSlot(identity, slot, sqn, 0);
                        Remember(history.Sqn, ((int)identity * 100) + slot, Convert.ToHexString(sqn));
                    }

                    foreach (ushort file in Files)
                    {
                        byte[] content = Fill(11 + round, file + round);
                        store.SaveFile(identity, file, content, 0, content.Length);
                        Remember(history.FileContents, (ushort)(file ^ ((int)identity << 15)), Convert.ToHexString(content));
                    }
                }

                byte[] blob = Fill(40 * round, round);
                Assert.Equal(KeyStoreResult.Ok, store.SaveProvisioningState((uint)round, blob, 0, blob.Length));
                history.Blobs.Add(Convert.ToHexString(blob));
                byte[] message = Fill(20 + round, 0x50 + round);
                Assert.Equal(KeyStoreResult.Ok, store.EnqueueNotification(message, 0, message.Length, out uint id));
                history.Messages.Add(Convert.ToHexString(message));
                if (round == 2)
                {
                    store.AcknowledgeNotification(id);
                }
            }

            history.Flash = new byte[flash.Size];
            flash.CopyTo(history.Flash);
            return history;
        }

        private static void Remember<TKey>(Dictionary<TKey, HashSet<string>> map, TKey key, string value)
        {
            if (!map.TryGetValue(key, out HashSet<string> values))
            {
                values = new HashSet<string>();
                map.Add(key, values);
            }

            values.Add(value);
        }

        /// <summary>A corruption of the store's sectors: (kind, address, length, value).</summary>
        private static Gen<(int Kind, int Address, int Length, byte Value)[]> Corruptions() =>
            Gen.Select(Gen.Int[0, 4], Gen.Int[0, (DeviceKeyStore.SectorCount * SectorSize) - 1], Gen.Int[1, 64], Gen.Byte).Array[1, 12];

        private static byte[] Corrupt(byte[] original, (int Kind, int Address, int Length, byte Value)[] corruptions)
        {
            byte[] memory = (byte[])original.Clone();
            int baseAddress = FirstSector * SectorSize;
            foreach ((int kind, int address, int length, byte value) in corruptions)
            {
                int start = baseAddress + address;
                int end = Math.Min(start + length, baseAddress + (DeviceKeyStore.SectorCount * SectorSize));
                for (int a = start; a < end; a++)
                {
                    switch (kind)
                    {
                        case 0:
                            memory[a] ^= (byte)(1 << (value & 7));
                            a = end; // one bit only
                            break;
                        case 1:
                            memory[a] = 0xFF; // erased run
                            break;
                        case 2:
                            memory[a] = 0x00; // programmed run
                            break;
                        case 3:
                            memory[a] = (byte)(value + (a * 13));
                            break;
                        default:
                            memory[a] &= value; // NOR programming only clears bits
                            break;
                    }
                }
            }

            return memory;
        }

        [Fact]
        public void Mount_RandomlyCorruptedFlash_NeverThrowsAndExposesOnlyWrittenValues()
        {
            int ok = 0;
            Fuzz.Run(
                output,
                "DeviceKeyStore.Mount (RecordLog, RecordCodec)",
                Corruptions(),
                2000,
                0x4B53F1A5UL,
                corruptions =>
                {
                    byte[] memory = Corrupt(Written.Flash, corruptions);
                    var flash = new SimulatedFlash(SectorSize, FirstSector + DeviceKeyStore.SectorCount + 1, 256, 5);
                    flash.LoadFrom(memory);
                    var store = new DeviceKeyStore(flash, FirstSector, Keys());
                    KeyStoreResult result = store.Mount();
                    Assert.True(result == KeyStoreResult.Ok || result == KeyStoreResult.NotInitialized, result.ToString());
                    if (result != KeyStoreResult.Ok)
                    {
                        Assert.False(store.IsInitialized);
                        return;
                    }

                    ok++;
                    Assert.Equal("device-fuzz-01", store.DeviceId);
                    Assert.Equal("https://rs.example:8443", store.RsAddress);
                    Assert.Equal(Fill(300, 0x30), store.GetRsTrustAnchor());
                    foreach (UsimIdentityKind identity in new[] { UsimIdentityKind.Preliminary, UsimIdentityKind.Operational })
                    {
                        if (store.TryGetProfile(identity, out UsimProfile profile))
                        {
                            Assert.Contains(Encode(profile), Written.Profiles);
                        }

                        byte[] slots = new byte[192];
                        store.LoadSqnSlots(identity, slots, 0);
                        for (int slot = 0; slot < 32; slot++)
                        {
                            string value = Convert.ToHexString(slots, slot * 6, 6);
                            if (value != "000000000000")
                            {
                                Assert.True(Written.Sqn.TryGetValue(((int)identity * 100) + slot, out HashSet<string> values) && values.Contains(value), $"SQN slot {slot} exposes a value never written");
                            }
                        }

                        byte[] buffer = new byte[256];
                        foreach (ushort file in Files)
                        {
                            int length = store.LoadFile(identity, file, buffer, 0);
                            if (length >= 0)
                            {
                                Assert.Contains(Convert.ToHexString(buffer, 0, length), Written.FileContents[(ushort)(file ^ ((int)identity << 15))]);
                            }
                        }
                    }

                    if (store.TryGetStagedProfile(out UsimProfile staged))
                    {
                        Assert.Contains(Encode(staged), Written.Profiles);
                    }

                    byte[] blob = store.GetProvisioningBlob();
                    Assert.Contains(blob == null ? string.Empty : Convert.ToHexString(blob), Written.Blobs);
                    for (int i = 0; i < store.NotificationCount; i++)
                    {
                        Assert.Contains(Convert.ToHexString(store.GetNotificationMessage(i)), Written.Messages);
                    }
                });
            output.WriteLine($"  ({ok} mounted Ok, the rest NotInitialized)");
        }

        [Fact]
        public void RecordCodec_RandomAndMutatedRecords_ReasonAlwaysAndValidOnlyWhenUntouched()
        {
            // The first record of every area of the populated store, as read from flash.
            var records = new List<(byte[] Bytes, int Address)>();
            var codec = new RecordCodec(Keys());
            for (int sector = FirstSector; sector < FirstSector + DeviceKeyStore.SectorCount; sector++)
            {
                int address = sector * SectorSize;
                byte[] bytes = Written.Flash.AsSpan(address, SectorSize).ToArray();
                byte[] probe = (byte[])bytes.Clone();
                if (codec.Decode(probe, 0, probe.Length, address, out _, out _, out _, out _, out int length) == RecordStatus.Valid)
                {
                    records.Add((bytes.AsSpan(0, length).ToArray(), address));
                }
            }

            Assert.True(records.Count >= 5, "too few valid records to mutate: " + records.Count);
            byte[][] originals = records.Select(r => r.Bytes).ToArray();
            Gen<(int Index, byte[] Bytes)> input = Gen.OneOf(
                Fuzz.MutationsOf(originals, 3),
                Gen.Select(Gen.Int[0, originals.Length - 1], Gen.Byte.Array[0, 80]).Select((i, b) => (i, b)),
                Gen.Select(Gen.Int[0, originals.Length - 1], Gen.Byte.Array[0, 60]).Select((i, b) => (i, new byte[] { RecordCodec.Magic0, RecordCodec.Magic1, RecordCodec.Version }.Concat(b).ToArray())));
            var tally = new Fuzz.Tally();
            Fuzz.Run(
                output,
                "RecordCodec.Decode",
                Gen.Select(input, Gen.Bool),
                5000,
                0x4B5300DEUL,
                sample =>
                {
                    ((int index, byte[] bytes), bool wrongAddress) = sample;
                    byte[] original = originals[index];
                    int address = records[index].Address + (wrongAddress ? 8 : 0);
                    byte[] buffer = (byte[])bytes.Clone();
                    RecordStatus status = codec.Decode(buffer, 0, buffer.Length, address, out RecordType type, out _, out int bodyOffset, out int bodyLength, out int length);
                    tally.Add(status);
                    Assert.True(Enum.IsDefined(status), "undefined status " + (int)status);
                    if (status == RecordStatus.Valid)
                    {
                        Assert.False(wrongAddress, "a record decoded at another address");
                        Assert.Equal(original.Length, length);
                        Assert.Equal(Convert.ToHexString(original), Convert.ToHexString(bytes, 0, length));
                        Assert.InRange(bodyOffset + bodyLength, 0, buffer.Length);
                        Assert.True(Enum.IsDefined(type));
                    }
                });
            output.WriteLine(tally.ToString());
        }

        [Fact]
        public void ProfileCodec_RandomAndMutatedBodies_ValidOrBadBody()
        {
            byte[][] bodies = new[] { Profile(1, 10), Profile(2, 20), Image().Preliminary }.Select(p => Convert.FromHexString(Encode(p))).ToArray();
            Fuzz.Run(
                output,
                "ProfileCodec.TryDecode",
                Gen.Select(Gen.OneOf(Fuzz.MutationsOf(bodies, 4).Select(m => m.Bytes), Gen.Byte.Array[0, 120]), Gen.Int[0, 3]),
                5000,
                0x960F11EUL,
                sample =>
                {
                    (byte[] bytes, int offset) = sample;
                    byte[] buffer = new byte[offset + bytes.Length + 2];
                    Array.Copy(bytes, 0, buffer, offset, bytes.Length);
                    RecordStatus status = ProfileCodec.TryDecode(buffer, offset, bytes.Length, out UsimProfile profile);
                    Assert.True(status == RecordStatus.Valid || status == RecordStatus.BadBody, status.ToString());
                    Assert.Equal(status == RecordStatus.Valid, profile != null);
                    if (profile != null)
                    {
                        // What decodes re-encodes (the store writes it back on a profile switch).
                        Assert.NotEmpty(Encode(profile));
                    }
                });
        }

        [Fact]
        public void ProvisioningAndNotificationRecords_RandomAndMutated_DecodeOrRefuseNeverThrow()
        {
            var record = new ProvisioningRecord
            {
                RetryState = ProvisioningState.Downloading,
                LastError = ProvisioningError.TransportFailed,
                FailureCause = FailureCause.AttachRejected,
                HasRejectCause = true,
                RejectCause = 15,
                StepAttempts = 3,
                Cycles = 2,
                WaitMs = 90000,
                ProfileSequence = 5,
                HasHomeOperator = true,
                BTid = System.Text.Encoding.ASCII.GetBytes("I1U8vpY3qJ0hiuZNrke/NQ==@rs.example.net"),
                HomeOperatorAddress = System.Text.Encoding.ASCII.GetBytes("https://ho.example.net/m2m"),
                HomeOperatorId = Fill(19, 0x68),
                TrustAnchor = Fill(120, 0x30),
            };
            byte[] provisioning = new byte[ProvisioningRecord.MaxLength];
            provisioning = provisioning.AsSpan(0, record.Encode(provisioning, 0)).ToArray();
            byte[] notification = new byte[NotificationRecord.Length];
            new NotificationRecord { Type = MessageType.InstallReceipt, ProfileSequence = 5, Plmn = Convert.FromHexString("00f110") }.Encode(notification, 0);
            var decoded = new ProvisioningRecord();
            int accepted = 0;
            Fuzz.Run(
                output,
                "ProvisioningRecord/NotificationRecord.TryDecode",
                Gen.OneOf(Fuzz.MutationsOf(new[] { provisioning, notification }, 3).Select(m => m.Bytes), Gen.Byte.Array[0, 80]),
                5000,
                0x960A15EUL,
                bytes =>
                {
                    if (decoded.TryDecode(bytes, 0, bytes.Length))
                    {
                        accepted++;
                        byte[] again = new byte[ProvisioningRecord.MaxLength];
                        Assert.InRange(decoded.Encode(again, 0), ProvisioningRecord.FixedLength, ProvisioningRecord.MaxLength);
                    }

                    if (NotificationRecord.TryDecode(bytes, 0, bytes.Length, out NotificationRecord note))
                    {
                        accepted++;
                        note.Encode(new byte[NotificationRecord.Length], 0);
                    }
                });
            output.WriteLine($"  ({accepted} decoded)");
        }

        [Fact]
        public void ManufactureImage_RandomAndMutatedImages_ReasonAlwaysAndValidOnlyWhenUntouched()
        {
            byte[] image = ManufactureImage.Encode(Image(), Keys(), Fill(8, 0xA0));
            var keys = Keys();
            var tally = new Fuzz.Tally();
            Fuzz.Run(
                output,
                "ManufactureImage.TryDecode",
                Gen.OneOf(Fuzz.MutationsOf(new[] { image }, 3).Select(m => m.Bytes), Gen.Byte.Array[0, 64], Gen.Byte.Array[0, 40].Select(b => ManufactureImage.Magic.Concat(new byte[] { ManufactureImage.Version }).Concat(b).ToArray())),
                3000,
                0x13A6E5UL,
                bytes =>
                {
                    RecordStatus status = ManufactureImage.TryDecode(bytes, 0, bytes.Length, keys, out ManufactureImage decoded);
                    tally.Add(status);
                    Assert.True(Enum.IsDefined(status), "undefined status " + (int)status);
                    Assert.Equal(status == RecordStatus.Valid, decoded != null);
                    if (status == RecordStatus.Valid)
                    {
                        Assert.True(bytes.Length >= image.Length && bytes.AsSpan(0, image.Length).SequenceEqual(image), "a modified image was accepted");
                    }
                });
            output.WriteLine(tally.ToString());
        }
    }
}
