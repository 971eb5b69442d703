using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.Scenario;

namespace M2MDevice.Emulator.Tests.Cli
{
    /// <summary>`m2m owner register`: bad command lines and real registrations at an HO that associates at RS (both on loopback).</summary>
    public class OwnerCommandTests : IClassFixture<NetworkFixture>
    {
        private readonly NetworkFixture fixture;

        public OwnerCommandTests(NetworkFixture fixture)
        {
            this.fixture = fixture;
        }

        [Theory]
        [InlineData("give exactly one of --devices and --manifest", "owner", "register", "--ho", "https://127.0.0.1:1/", "--token", "t")]
        [InlineData("give exactly one of --devices and --manifest", "owner", "register", "--ho", "https://127.0.0.1:1/", "--token", "t", "--devices", "a", "--manifest", "/etc/hostname")]
        [InlineData("Option '--ho' is required", "owner", "register", "--token", "t", "--devices", "a")]
        [InlineData("--ho: must be an absolute https URL", "owner", "register", "--ho", "ftp://x/", "--token", "t", "--devices", "a")]
        [InlineData("--devices: device ids are 1 to 64 characters, separated by commas", "owner", "register", "--ho", "https://127.0.0.1:1/", "--token", "t", "--devices", "a,,b")]
        [InlineData("--manifest: file not found: /nonexistent/manifest.json", "owner", "register", "--ho", "https://127.0.0.1:1/", "--token", "t", "--manifest", "/nonexistent/manifest.json")]
        public void Register_BadCommandLine_OneLineExit1(string expected, params string[] args)
        {
            CliRun run = CliRunner.Run(args);
            Assert.Equal(1, run.ExitCode);
            Assert.Equal(string.Empty, run.Output);
            string[] lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith("m2m owner register: ", lines[0], StringComparison.Ordinal);
            Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        }

        [Fact]
        public void Register_Owner_MissingSubcommand_Exit1()
        {
            CliRun run = CliRunner.Run("owner");
            Assert.Equal(1, run.ExitCode);
            Assert.StartsWith("m2m owner: ", run.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Register_NotAManifest_OneLineExit1()
        {
            string file = Path.Combine(this.fixture.NewDirectory(), "manifest.json");
            File.WriteAllText(file, "{ \"format\": \"something-else\" }");
            CliRun run = CliRunner.Run("owner", "register", "--ho", this.fixture.Network.HomeOperators[0].BaseAddress.ToString(), "--token", "t", "--manifest", file);
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("is not a manufacture manifest", run.Error, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Register_Manifest_AssociatesEveryDeviceAtRs()
        {
            NetworkComposition network = this.fixture.Network;
            string directory = await this.ManufactureAsync(3);
            ComposedHomeOperator beta = network.HomeOperators[1];
            CliRun run = CliRunner.Run("owner", "register", "--ho", beta.BaseAddress.ToString(), "--token", beta.OwnerToken, "--manifest", Path.Combine(directory, "manifest.json"), "--ca", this.fixture.CaFile);

            Assert.True(run.ExitCode == 0, run.Error);
            ManufactureManifest manifest = ManufactureManifest.Load(Path.Combine(directory, "manifest.json"));
            string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.StartsWith("DEVICE", lines[0], StringComparison.Ordinal);
            Assert.Equal(4, lines.Length);
            foreach (ManifestEntry entry in manifest.Devices)
            {
                DeviceRecord record = network.Rs.Service.GetDevice(entry.DeviceId);
                Assert.Equal(beta.RsHomeOperatorId, record.HomeOperatorId);
                Assert.Contains(lines, line => line.StartsWith(entry.DeviceId + "  associated", StringComparison.Ordinal));
            }

            // Again: nothing changes, still success.
            CliRun again = CliRunner.Run("owner", "register", "--ho", beta.BaseAddress.ToString(), "--token", beta.OwnerToken, "--devices", manifest.Devices[0].DeviceId, "--ca", this.fixture.CaFile, "--json");
            Assert.True(again.ExitCode == 0, again.Error);
            using JsonDocument json = JsonDocument.Parse(again.Output);
            JsonElement device = json.RootElement.GetProperty("devices")[0];
            Assert.Equal("associated", device.GetProperty("association").GetString());
            Assert.False(device.GetProperty("changed").GetBoolean());
        }

        [Fact]
        public async Task Register_DeviceOfAnotherHo_TableRowAndExit4()
        {
            NetworkComposition network = this.fixture.Network;
            string directory = await this.ManufactureAsync(2);
            ManufactureManifest manifest = ManufactureManifest.Load(Path.Combine(directory, "manifest.json"));
            ComposedHomeOperator alpha = network.HomeOperators[0];
            ComposedHomeOperator beta = network.HomeOperators[1];
            Assert.Equal(0, CliRunner.Run("owner", "register", "--ho", alpha.BaseAddress.ToString(), "--token", alpha.OwnerToken, "--devices", manifest.Devices[0].DeviceId, "--ca", this.fixture.CaFile).ExitCode);

            CliRun run = CliRunner.Run("owner", "register", "--ho", beta.BaseAddress.ToString(), "--token", beta.OwnerToken, "--devices", manifest.Devices[0].DeviceId + "," + manifest.Devices[1].DeviceId + ",dev-unknown", "--ca", this.fixture.CaFile);
            Assert.Equal(4, run.ExitCode);
            Assert.Contains(manifest.Devices[0].DeviceId + "  associated-elsewhere", run.Output, StringComparison.Ordinal);
            Assert.Contains("dev-unknown", run.Output, StringComparison.Ordinal);
            Assert.Contains("unknown-device", run.Output, StringComparison.Ordinal);
            Assert.Equal("m2m owner register: 2 of 3 devices are not associated (see the table)" + Environment.NewLine, run.Error);
            Assert.Equal(beta.RsHomeOperatorId, network.Rs.Service.GetDevice(manifest.Devices[1].DeviceId).HomeOperatorId);
            Assert.Equal(alpha.RsHomeOperatorId, network.Rs.Service.GetDevice(manifest.Devices[0].DeviceId).HomeOperatorId);
        }

        [Fact]
        public void Register_WrongToken_OneLineExit4()
        {
            CliRun run = CliRunner.Run("owner", "register", "--ho", this.fixture.Network.HomeOperators[0].BaseAddress.ToString(), "--token", "not-the-owner", "--devices", "dev-x", "--ca", this.fixture.CaFile);
            Assert.Equal(4, run.ExitCode);
            Assert.Equal(string.Empty, run.Output);
            Assert.StartsWith("m2m owner register: HO refused: 401 invalid-token", run.Error, StringComparison.Ordinal);
        }

        private async Task<string> ManufactureAsync(int count)
        {
            NetworkComposition network = this.fixture.Network;
            using RsClient client = network.CreateRsClient(network.ManufacturerToken);
            RsResult<ManufacturedBatch> made = await new DeviceManufacturer(client).ManufactureAsync(count, AkaAlgorithmKind.Milenage);
            Assert.True(made.IsSuccess);
            string directory = this.fixture.NewDirectory();
            ManufactureOutput.Write(directory, made.Value, "milenage");
            return directory;
        }
    }
}
