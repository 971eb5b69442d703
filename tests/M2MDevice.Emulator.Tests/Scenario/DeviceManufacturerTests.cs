using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Emulator.Tests.Scenario
{
    /// <summary>Manufacture against the real RS: images decode under the keys file and match RS's records; the manifest holds no secret.</summary>
    public class DeviceManufacturerTests : IClassFixture<NetworkFixture>
    {
        private readonly NetworkFixture fixture;

        public DeviceManufacturerTests(NetworkFixture fixture)
        {
            this.fixture = fixture;
        }

        [Fact]
        public async Task Manufacture_ThreeDevices_ImagesDecodeWithKeysFileAndMatchRs()
        {
            NetworkComposition network = this.fixture.Network;
            using RsClient client = network.CreateRsClient(network.ManufacturerToken);
            var tool = new DeviceManufacturer(client) { AllowedNetworks = new[] { "00101", "00104" } };
            RsResult<ManufacturedBatch> made = await tool.ManufactureAsync(3, AkaAlgorithmKind.Milenage);
            Assert.True(made.IsSuccess, made.Error?.ToString());
            string directory = this.fixture.NewDirectory();
            ManufactureManifest manifest = ManufactureOutput.Write(directory, made.Value, "milenage");

            IReadOnlyDictionary<string, DeviceStorageKeys> keys = DeviceKeysFile.Load(Path.Combine(directory, DeviceKeysFile.FileName));
            ManufactureManifest reread = ManufactureManifest.Load(Path.Combine(directory, ManufactureManifest.FileName));
            Assert.Equal(3, reread.Devices.Count);
            Assert.Equal(network.RsAddress.AbsoluteUri, reread.RsAddress);
            string manifestText = File.ReadAllText(Path.Combine(directory, ManufactureManifest.FileName));
            foreach (ManifestEntry entry in reread.Devices)
            {
                byte[] bytes = File.ReadAllBytes(Path.Combine(directory, entry.Image));
                Assert.Equal(RecordStatus.Valid, ManufactureImage.TryDecode(bytes, 0, bytes.Length, keys[entry.DeviceId].ToKeyProvider(), out ManufactureImage image));
                DeviceRecord record = network.Rs.Service.GetDevice(entry.DeviceId);
                Assert.NotNull(record);
                Assert.Equal(record.Pimsi, entry.Pimsi);
                Assert.Equal(entry.DeviceId, image.DeviceId);
                Assert.Equal(network.RsAddress.AbsoluteUri, image.RsAddress);
                Assert.Equal(network.Ca.ExportDer(), image.RsTrustAnchor);
                Assert.Equal(Convert.FromHexString("00f110" + "00f140"), image.AllowedNetworks);
                Assert.True(UsimEncoding.TryDecodeImsi(image.Preliminary.EfImsi, 0, out string pimsi));
                Assert.Equal(record.Pimsi, pimsi);
                Assert.Equal(AkaAlgorithmKind.Milenage, image.Preliminary.Algorithm);
                Assert.Equal(0u, image.Preliminary.ProfileSequence);
                (byte[] k, byte[] opc) = this.fixture.RsCredentials(entry.DeviceId);
                Assert.Equal(k, image.Preliminary.K);
                Assert.Equal(opc, image.Preliminary.Opc);

                // The manifest is what the owner receives: no key material of any kind.
                Assert.DoesNotContain(Convert.ToHexStringLower(k), manifestText, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Convert.ToHexStringLower(keys[entry.DeviceId].EfuseKey), manifestText, StringComparison.OrdinalIgnoreCase);

                // Another device's keys do not open this image.
                foreach (ManifestEntry other in reread.Devices)
                {
                    if (other.DeviceId != entry.DeviceId)
                    {
                        Assert.Equal(RecordStatus.BadMac, ManufactureImage.TryDecode(bytes, 0, bytes.Length, keys[other.DeviceId].ToKeyProvider(), out _));
                    }
                }
            }
        }

        [Fact]
        public async Task Manufacture_Tuak_ImageCarriesTuakProfile()
        {
            NetworkComposition network = this.fixture.Network;
            using RsClient client = network.CreateRsClient(network.ManufacturerToken);
            RsResult<ManufacturedBatch> made = await new DeviceManufacturer(client).ManufactureAsync(1, AkaAlgorithmKind.Tuak);
            Assert.True(made.IsSuccess);
            ManufacturedUnit unit = made.Value.Units[0];
            Assert.Equal(RecordStatus.Valid, ManufactureImage.TryDecode(unit.Image, 0, unit.Image.Length, unit.Keys.ToKeyProvider(), out ManufactureImage image));
            Assert.Equal(AkaAlgorithmKind.Tuak, image.Preliminary.Algorithm);
            Assert.Equal(this.fixture.RsCredentials(unit.DeviceId).Opc, image.Preliminary.Opc);
        }

        [Fact]
        public async Task Manufacture_WrongToken_ReturnsRsError()
        {
            using RsClient client = this.fixture.Network.CreateRsClient("not-a-token");
            RsResult<ManufacturedBatch> made = await new DeviceManufacturer(client).ManufactureAsync(1, AkaAlgorithmKind.Milenage);
            Assert.False(made.IsSuccess);
            Assert.Equal(401, made.Error.Status);
        }

        [Fact]
        public void StorageKeys_Derive_FollowsTheBoardDerivation()
        {
            byte[] efuse = new byte[32];
            for (int i = 0; i < efuse.Length; i++)
            {
                efuse[i] = (byte)i;
            }

            DeviceStorageKeys keys = DeviceStorageKeys.Derive(efuse);
            byte[] expectedEncryption = System.Security.Cryptography.HMACSHA256.HashData(efuse, System.Text.Encoding.ASCII.GetBytes("M2MDevice key store encryption v1"))[..16];
            byte[] expectedMac = System.Security.Cryptography.HMACSHA256.HashData(efuse, System.Text.Encoding.ASCII.GetBytes("M2MDevice key store MAC v1"))[..16];
            Assert.Equal(expectedEncryption, keys.EncryptionKey);
            Assert.Equal(expectedMac, keys.MacKey);
            Assert.DoesNotContain("00", keys.ToString(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("001010000000042", "8900101000000000422")]
        [InlineData("001010999999999", "8900101009999999990")]
        public void PreliminaryIccid_FromPimsi_IsLuhnValid(string pimsi, string expectedPrefixAndSerial)
        {
            string iccid = DeviceManufacturer.PreliminaryIccid(pimsi, 2);
            Assert.Equal(19, iccid.Length);
            Assert.Equal(expectedPrefixAndSerial.Substring(0, 18), iccid.Substring(0, 18));
            Assert.True(M2MDevice.Emulator.Ho.Iccid.IsValid(iccid));
        }
    }
}
