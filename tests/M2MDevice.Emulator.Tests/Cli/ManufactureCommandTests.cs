using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.Scenario;
using M2MDevice.Firmware.KeyStore;

namespace M2MDevice.Emulator.Tests.Cli
{
    /// <summary>`m2m manufacture`: bad command lines (one line, exit 1) and a real run against RS on loopback.</summary>
    public class ManufactureCommandTests : IClassFixture<NetworkFixture>
    {
        private readonly NetworkFixture fixture;

        public ManufactureCommandTests(NetworkFixture fixture)
        {
            this.fixture = fixture;
        }

        [Theory]
        [InlineData("Option '--rs' is required", "manufacture", "--token", "t", "--count", "1", "--out", "x")]
        [InlineData("Option '--token' is required", "manufacture", "--rs", "https://127.0.0.1:1/", "--count", "1", "--out", "x")]
        [InlineData("Option '--count' is required", "manufacture", "--rs", "https://127.0.0.1:1/", "--token", "t", "--out", "x")]
        [InlineData("Option '--out' is required", "manufacture", "--rs", "https://127.0.0.1:1/", "--token", "t", "--count", "1")]
        [InlineData("--rs: must be an absolute https URL", "manufacture", "--rs", "http://127.0.0.1:1/", "--token", "t", "--count", "1", "--out", "x")]
        [InlineData("--rs: must be an absolute https URL", "manufacture", "--rs", "rs.m2m.test", "--token", "t", "--count", "1", "--out", "x")]
        [InlineData("--count: out of range (1 to 100000)", "manufacture", "--rs", "https://127.0.0.1:1/", "--token", "t", "--count", "0", "--out", "x")]
        [InlineData("--count: not a number", "manufacture", "--rs", "https://127.0.0.1:1/", "--token", "t", "--count", "ten", "--out", "x")]
        [InlineData("--alg: must be milenage or tuak", "manufacture", "--rs", "https://127.0.0.1:1/", "--token", "t", "--count", "1", "--out", "x", "--alg", "comp128")]
        [InlineData("--ca: file not found: /nonexistent/ca.pem", "manufacture", "--rs", "https://127.0.0.1:1/", "--token", "t", "--count", "1", "--out", "x", "--ca", "/nonexistent/ca.pem")]
        [InlineData("--token: value missing (found option '--count')", "manufacture", "--rs", "https://127.0.0.1:1/", "--token", "--count", "1", "--out", "x")]
        [InlineData("--token: a token is printable ASCII without spaces", "manufacture", "--rs", "https://127.0.0.1:1/", "--token", "a b", "--count", "1", "--out", "x")]
        [InlineData("--mnc-length: must be one of 2, 3", "manufacture", "--rs", "https://127.0.0.1:1/", "--token", "t", "--count", "1", "--out", "x", "--mnc-length", "4")]
        public void Manufacture_BadCommandLine_OneLineExit1(string expected, params string[] args)
        {
            CliRun run = CliRunner.Run(args);
            Assert.Equal(1, run.ExitCode);
            Assert.Equal(string.Empty, run.Output);
            string[] lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith("m2m manufacture: ", lines[0], StringComparison.Ordinal);
            Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        }

        [Fact]
        public void Manufacture_BadAllowedNetworks_OneLineExit1WithoutRegistering()
        {
            CliRun run = CliRunner.Run("manufacture", "--rs", this.fixture.Network.RsAddress.ToString(), "--token", this.fixture.Network.ManufacturerToken, "--count", "1", "--out", this.fixture.NewDirectory(), "--ca", this.fixture.CaFile, "--allowed-networks", "001,00101");
            Assert.Equal(1, run.ExitCode);
            Assert.Equal("m2m manufacture: --allowed-networks: each PLMN is MCC (3 digits) + MNC (2 or 3 digits), e.g. 00101" + Environment.NewLine, run.Error);
        }

        [Fact]
        public void Manufacture_AgainstRs_WritesImagesManifestAndKeys()
        {
            string directory = this.fixture.NewDirectory();
            NetworkComposition network = this.fixture.Network;
            CliRun run = CliRunner.Run("manufacture", "--rs", network.RsAddress.ToString(), "--token", network.ManufacturerToken, "--count", "4", "--out", directory, "--ca", this.fixture.CaFile, "--allowed-networks", "00101,00104");

            Assert.True(run.ExitCode == 0, run.Error);
            Dictionary<string, string> fields = run.Fields();
            Assert.Equal("4", fields["Devices"]);
            Assert.Equal(network.RsAddress.AbsoluteUri, fields["RS address"]);
            Assert.Equal("00101,00104", fields["Allowed networks"]);
            Assert.Contains("manufactured 4/4", run.Error, StringComparison.Ordinal);
            ManufactureManifest manifest = ManufactureManifest.Load(Path.Combine(directory, "manifest.json"));
            IReadOnlyDictionary<string, DeviceStorageKeys> keys = DeviceKeysFile.Load(Path.Combine(directory, "device-keys.json"));
            Assert.Equal(4, manifest.Devices.Count);
            foreach (ManifestEntry entry in manifest.Devices)
            {
                byte[] image = File.ReadAllBytes(Path.Combine(directory, entry.Image));
                Assert.Equal(RecordStatus.Valid, ManufactureImage.TryDecode(image, 0, image.Length, keys[entry.DeviceId].ToKeyProvider(), out ManufactureImage decoded));
                Assert.Equal(this.fixture.RsCredentials(entry.DeviceId).K, decoded.Preliminary.K);
                Assert.Equal(network.Rs.Service.GetDevice(entry.DeviceId).Pimsi, entry.Pimsi);
            }

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "device-keys.json")));
            }

            // A second run into the same directory is refused before anything is registered.
            CliRun again = CliRunner.Run("manufacture", "--rs", network.RsAddress.ToString(), "--token", network.ManufacturerToken, "--count", "1", "--out", directory, "--ca", this.fixture.CaFile);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("already holds a manifest.json", again.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Manufacture_Json_PrintsOneObject()
        {
            NetworkComposition network = this.fixture.Network;
            CliRun run = CliRunner.Run("manufacture", "--rs", network.RsAddress.ToString(), "--token", network.ManufacturerToken, "--count", "2", "--alg", "tuak", "--out", this.fixture.NewDirectory(), "--ca", this.fixture.CaFile, "--json");
            Assert.True(run.ExitCode == 0, run.Error);
            using JsonDocument json = JsonDocument.Parse(run.Output);
            Assert.Equal(2, json.RootElement.GetProperty("devices").GetInt32());
            Assert.Equal("tuak", json.RootElement.GetProperty("algorithm").GetString());
        }

        [Fact]
        public void Manufacture_WrongToken_ServiceErrorOneLine()
        {
            CliRun run = CliRunner.Run("manufacture", "--rs", this.fixture.Network.RsAddress.ToString(), "--token", "wrong-token", "--count", "1", "--out", this.fixture.NewDirectory(), "--ca", this.fixture.CaFile);
            Assert.Equal(4, run.ExitCode);
            Assert.Contains("m2m manufacture: RS refused: 401 invalid-token", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("wrong-token", run.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Manufacture_UntrustedServer_ServiceErrorNamingTls()
        {
            // Without --ca the system trust store applies, which does not know the emulator CA.
            CliRun run = CliRunner.Run("manufacture", "--rs", this.fixture.Network.RsAddress.ToString(), "--token", this.fixture.Network.ManufacturerToken, "--count", "1", "--out", this.fixture.NewDirectory());
            Assert.Equal(4, run.ExitCode);
            Assert.Contains("m2m manufacture: cannot reach RS at " + this.fixture.Network.RsAddress, run.Error, StringComparison.Ordinal);
        }
    }
}
