using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.Scenario;

namespace M2MDevice.Emulator.Tests.Cli
{
    /// <summary>`m2m status`: bad command lines, and the stages RS and an HO report for real devices.</summary>
    public class StatusCommandTests : IClassFixture<NetworkFixture>
    {
        private readonly NetworkFixture fixture;

        public StatusCommandTests(NetworkFixture fixture)
        {
            this.fixture = fixture;
        }

        [Theory]
        [InlineData("give --rs (with --token), --ho (with --ho-token), or both", "status", "--device", "a")]
        [InlineData("--rs and --token go together", "status", "--rs", "https://127.0.0.1:1/", "--device", "a")]
        [InlineData("--ho and --ho-token go together", "status", "--ho", "https://127.0.0.1:1/")]
        [InlineData("give --device or --manifest", "status", "--rs", "https://127.0.0.1:1/", "--token", "t")]
        [InlineData("--device: device ids are printable ASCII without spaces", "status", "--rs", "https://127.0.0.1:1/", "--token", "t", "--device", "a\tb")]
        public void Status_BadCommandLine_OneLineExit1(string expected, params string[] args)
        {
            CliRun run = CliRunner.Run(args);
            Assert.Equal(1, run.ExitCode);
            Assert.Equal(string.Empty, run.Output);
            string[] lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith("m2m status: ", lines[0], StringComparison.Ordinal);
            Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        }

        [Fact]
        public async Task Status_RsAndHo_ShowsStagesPerDevice()
        {
            NetworkComposition network = this.fixture.Network;
            using RsClient manufacturer = network.CreateRsClient(network.ManufacturerToken);
            DeviceBatch batch = (await manufacturer.RegisterBatchAsync(2, AkaAlgorithmKind.Milenage)).Value;
            string associated = batch.Devices[0].DeviceId;
            string allocated = batch.Devices[1].DeviceId;
            ComposedHomeOperator alpha = network.HomeOperators[0];
            Assert.Equal(0, CliRunner.Run("owner", "register", "--ho", alpha.BaseAddress.ToString(), "--token", alpha.OwnerToken, "--devices", associated, "--ca", this.fixture.CaFile).ExitCode);

            CliRun table = CliRunner.Run("status", "--rs", network.RsAddress.ToString(), "--token", network.RsAdminToken, "--device", associated + "," + allocated + ",dev-nobody", "--ca", this.fixture.CaFile);
            Assert.True(table.ExitCode == 0, table.Error);
            string[] lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.StartsWith("DEVICE", lines[0], StringComparison.Ordinal);
            string Row(string id) => lines.Single(line => line.StartsWith(id + " ", StringComparison.Ordinal));
            Assert.Contains("associated", Row(associated), StringComparison.Ordinal);
            Assert.Contains(alpha.RsHomeOperatorId, Row(associated), StringComparison.Ordinal);
            Assert.Contains(batch.Devices[0].Pimsi, Row(associated), StringComparison.Ordinal);
            Assert.Contains("allocated", Row(allocated), StringComparison.Ordinal);
            Assert.Contains("unknown", Row("dev-nobody"), StringComparison.Ordinal);
            Assert.Contains("RS: unknown device", Row("dev-nobody"), StringComparison.Ordinal);

            // A manufacturer token works too (RS falls back to the manufacturing view); JSON form.
            CliRun json = CliRunner.Run("status", "--rs", network.RsAddress.ToString(), "--token", network.ManufacturerToken, "--device", associated, "--ho", alpha.BaseAddress.ToString(), "--ho-token", alpha.OwnerToken, "--ca", this.fixture.CaFile, "--json");
            Assert.True(json.ExitCode == 0, json.Error);
            using JsonDocument document = JsonDocument.Parse(json.Output);
            JsonElement device = document.RootElement.GetProperty("devices")[0];
            Assert.Equal(associated, device.GetProperty("deviceId").GetString());
            Assert.Equal("associated", device.GetProperty("stage").GetString());
            Assert.Equal("registered", device.GetProperty("rsState").GetString());
            Assert.Equal("associated", device.GetProperty("hoAssociation").GetString());
            Assert.Equal("registered", device.GetProperty("hoState").GetString());

            // HO alone lists the owner's devices.
            CliRun owner = CliRunner.Run("status", "--ho", alpha.BaseAddress.ToString(), "--ho-token", alpha.OwnerToken, "--ca", this.fixture.CaFile);
            Assert.True(owner.ExitCode == 0, owner.Error);
            Assert.Contains(associated, owner.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(allocated, owner.Output, StringComparison.Ordinal);
        }

        [Fact]
        public void Status_WrongToken_OneLineExit4()
        {
            CliRun run = CliRunner.Run("status", "--rs", this.fixture.Network.RsAddress.ToString(), "--token", "nope", "--device", "dev-1", "--ca", this.fixture.CaFile);
            Assert.Equal(4, run.ExitCode);
            Assert.StartsWith("m2m status: RS refused: 401 invalid-token", run.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void StageOf_Records_FollowsTheFlow()
        {
            DeviceRecord Rs(string state, string ho) => new DeviceRecord("d", "p", "m", "b", "milenage", state, ho, DateTimeOffset.UnixEpoch, null, null, 0);
            M2MDevice.Emulator.Ho.HoDeviceRecord Ho(string association, string state) => new M2MDevice.Emulator.Ho.HoDeviceRecord("d", "o", association, state, null, null, null, 0, DateTimeOffset.UnixEpoch, null, null, 0, null, false);
            Assert.Equal(DeviceStage.Unknown, DeviceStatus.StageOf(null, null));
            Assert.Equal(DeviceStage.Allocated, DeviceStatus.StageOf(Rs("registered", null), null));
            Assert.Equal(DeviceStage.Associated, DeviceStatus.StageOf(Rs("registered", "ho-1"), null));
            Assert.Equal(DeviceStage.Retired, DeviceStatus.StageOf(Rs("retired", "ho-1"), null));
            Assert.Equal(DeviceStage.Allocated, DeviceStatus.StageOf(Rs("registered", null), Ho("pending", "registered")));
            Assert.Equal(DeviceStage.Associated, DeviceStatus.StageOf(Rs("registered", "ho-1"), Ho("associated", "registered")));
            Assert.Equal(DeviceStage.Downloaded, DeviceStatus.StageOf(Rs("registered", "ho-1"), Ho("associated", "issued")));
            Assert.Equal(DeviceStage.Failed, DeviceStatus.StageOf(Rs("registered", "ho-1"), Ho("associated", "failed")));
            Assert.Equal(DeviceStage.Provisioned, DeviceStatus.StageOf(Rs("retired", "ho-1"), Ho("associated", "provisioned")));
        }
    }
}
