using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Scenario;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.EndToEnd
{
    /// <summary>
    /// Issue 6 part 5 (f): RS and the HOs restart between phases on one data directory (file SQLite, the CA, the
    /// composition state). Phase 1 manufactures and registers; the network stops and starts again (same ports,
    /// tokens, CA); phase 2 runs the devices, which provision against the restarted servers; after a second restart
    /// RS still has the PIMSIs retired and the HOs the devices provisioned with the same IMSIs.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class RestartEndToEndTests
    {
        private readonly ITestOutputHelper output;

        public RestartEndToEndTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task RestartBetweenPhases_SameDataDirectory_DevicesProvisionAndStateSurvives()
        {
            const int Count = 4;
            string data = Path.Combine(Path.GetTempPath(), "m2m-e2e-" + Guid.NewGuid().ToString("N"));
            try
            {
                NetworkCompositionOptions Options()
                {
                    NetworkCompositionOptions options = NetworkCompositionOptions.CreateDefault(2);
                    options.DataDirectory = data;
                    return options;
                }

                // Phase 1: manufacture and register, then stop everything.
                IReadOnlyList<ManufacturedUnit> units;
                var specs = new List<DeviceRunSpec>();
                Uri rsAddress;
                string rsAdminToken;
                string manufacturerToken;
                Uri[] hoAddresses;
                string[] ownerTokens;
                await using (NetworkComposition first = await NetworkComposition.StartAsync(Options()))
                {
                    rsAddress = first.RsAddress;
                    rsAdminToken = first.RsAdminToken;
                    manufacturerToken = first.ManufacturerToken;
                    hoAddresses = first.HomeOperators.Select(h => h.BaseAddress).ToArray();
                    ownerTokens = first.HomeOperators.Select(h => h.OwnerToken).ToArray();
                    units = await EndToEndKit.ManufactureAsync(first, Count);
                    for (int i = 0; i < Count; i++)
                    {
                        ComposedHomeOperator ho = first.HomeOperators[i % 2];
                        await EndToEndKit.RegisterAsync(first, ho, units[i].DeviceId);
                        specs.Add(new DeviceRunSpec(units[i], ho.Name, true));
                    }
                }

                // Phase 2: the same directory again; addresses, tokens and registrations are back; the devices provision.
                string[] imsis = new string[Count];
                await using (NetworkComposition second = await NetworkComposition.StartAsync(Options()))
                {
                    Assert.Equal(rsAddress, second.RsAddress);
                    Assert.Equal(rsAdminToken, second.RsAdminToken);
                    Assert.Equal(manufacturerToken, second.ManufacturerToken);
                    Assert.Equal(hoAddresses, second.HomeOperators.Select(h => h.BaseAddress).ToArray());
                    Assert.Equal(ownerTokens, second.HomeOperators.Select(h => h.OwnerToken).ToArray());
                    for (int i = 0; i < Count; i++)
                    {
                        DeviceStatus status = await EndToEndKit.StatusAsync(second, second.FindHomeOperator(specs[i].HomeOperatorName), units[i].DeviceId);
                        Assert.Equal(DeviceStage.Associated, status.Stage);
                        Assert.Equal("registered", status.Rs.State);
                        Assert.Equal("registered", status.Ho.State);
                    }

                    var runner = new FirmwareDeviceRunner(EndToEndKit.FleetOptions(2));
                    IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(second, specs, null, null, EndToEndKit.Deadline());

                    EndToEndKit.Report(this.output, runner, results);
                    for (int i = 0; i < Count; i++)
                    {
                        await EndToEndKit.AssertProvisionedAsync(second, second.FindHomeOperator(specs[i].HomeOperatorName), units[i], results[i], runner.LastDevices[i]);
                        imsis[i] = results[i].Imsi;
                    }
                }

                // Phase 3: after another restart RS and the HOs still know the outcome.
                await using NetworkComposition third = await NetworkComposition.StartAsync(Options());
                Assert.Equal(rsAddress, third.RsAddress);
                for (int i = 0; i < Count; i++)
                {
                    DeviceStatus status = await EndToEndKit.StatusAsync(third, third.FindHomeOperator(specs[i].HomeOperatorName), units[i].DeviceId);
                    Assert.Equal(DeviceStage.Provisioned, status.Stage);
                    Assert.Equal("retired", status.Rs.State);
                    Assert.Equal("provisioned", status.Ho.State);
                    Assert.Equal(imsis[i], status.Ho.Imsi);
                    Assert.False(status.Ho.OutcomePending);
                }
            }
            finally
            {
                if (Directory.Exists(data))
                {
                    Directory.Delete(data, true);
                }
            }
        }
    }
}
