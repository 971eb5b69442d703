using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Visited;

namespace M2MDevice.Emulator.Tests.Scenario
{
    /// <summary>The composed network: RS, two HOs and the VOs start on loopback, are wired to each other, and stop.</summary>
    public class NetworkCompositionTests
    {
        [Fact]
        public async Task StartAsync_DefaultTwoHomeOperators_WiresRsHosAndRadio()
        {
            NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(2));
            Uri rsAddress;
            try
            {
                rsAddress = network.RsAddress;
                Assert.Equal("https", rsAddress.Scheme);
                Assert.Equal(new[] { "Alpha", "Beta" }, network.HomeOperators.Select(h => h.Name));
                Assert.Equal(new[] { "00102", "00103" }, network.HomeOperators.Select(h => h.Plmn));
                Assert.All(network.HomeOperators, ho => Assert.StartsWith("ho-", ho.RsHomeOperatorId, StringComparison.Ordinal));
                Assert.NotEqual(network.HomeOperators[0].BaseAddress, network.HomeOperators[1].BaseAddress);
                Assert.Equal(new[] { "00101" }, network.PimsiNetworks);
                Assert.Equal(new[] { "00102", "00103", "00101", "00104" }, network.Radio.Operators.Select(c => c.Plmn));

                string pimsi = "001010000000007";
                Assert.True(network.Radio.TryFind("00101", out CellOperator visited1));
                SubscriberRule pimsiRule = visited1.Core.FindRule(pimsi);
                Assert.Equal("rs", pimsiRule.SourceName);
                Assert.True(pimsiRule.WalledGarden);
                Assert.True(visited1.Core.WalledGarden.AllowsHost("127.0.0.1", rsAddress.Port));
                Assert.True(visited1.Core.WalledGarden.AllowsHost("127.0.0.1", network.HomeOperators[1].BaseAddress.Port));
                Assert.False(visited1.Core.WalledGarden.AllowsHost("example.com", 443));
                Assert.Equal("Beta", visited1.Core.FindRule("001030000000001").SourceName);
                Assert.True(network.Radio.TryFind("00104", out CellOperator visited2));
                Assert.Null(visited2.Core.FindRule(pimsi));
                Assert.Equal("Alpha", visited2.Core.FindRule("001020000000001").SourceName);
                Assert.True(network.Radio.TryFind("00102", out CellOperator alphaHome));
                Assert.Null(alphaHome.Core.FindRule("001030000000001"));

                // The manufacturer and owner registrations work.
                using RsClient manufacturer = network.CreateRsClient(network.ManufacturerToken);
                RsResult<DeviceBatch> batch = await manufacturer.RegisterBatchAsync(1, AkaAlgorithmKind.Milenage);
                Assert.True(batch.IsSuccess);
                using HttpClient http = network.CreateHttpClient(network.HomeOperators[1].BaseAddress);
                RsResult<HoDeviceRegistration> registered = await new HomeOperatorClient(http, network.HomeOperators[1].OwnerToken).RegisterDeviceAsync(batch.Value.Devices[0].DeviceId);
                Assert.True(registered.IsSuccess, registered.Error?.ToString());
                Assert.Equal("associated", registered.Value.Device.Association);
                Assert.Equal(network.HomeOperators[1].RsHomeOperatorId, network.Rs.Service.GetDevice(batch.Value.Devices[0].DeviceId).HomeOperatorId);
                Assert.Same(network.HomeOperators[1], network.FindHomeOperatorByRsId(network.HomeOperators[1].RsHomeOperatorId));
                Assert.Same(network.HomeOperators[0], network.FindHomeOperator("alpha"));
            }
            finally
            {
                await network.StopAsync();
            }

            // Stopped: nothing listens any more; a second stop is harmless.
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync(new Uri(rsAddress, "pki/v1/ca.pem")));
            await network.StopAsync();
        }

        [Fact]
        public async Task StartAsync_DataDirectory_RestartKeepsAddressesTokensAndDevices()
        {
            string data = Path.Combine(Path.GetTempPath(), "m2m-composition-" + Guid.NewGuid().ToString("N"));
            try
            {
                NetworkCompositionOptions Options()
                {
                    NetworkCompositionOptions options = NetworkCompositionOptions.CreateDefault(2);
                    options.DataDirectory = data;
                    return options;
                }

                Uri rsAddress;
                Uri betaAddress;
                string manufacturerToken;
                string ownerToken;
                string deviceId;
                await using (NetworkComposition first = await NetworkComposition.StartAsync(Options()))
                {
                    rsAddress = first.RsAddress;
                    betaAddress = first.HomeOperators[1].BaseAddress;
                    manufacturerToken = first.ManufacturerToken;
                    ownerToken = first.HomeOperators[1].OwnerToken;
                    using RsClient manufacturer = first.CreateRsClient(manufacturerToken);
                    deviceId = (await manufacturer.RegisterBatchAsync(1, AkaAlgorithmKind.Milenage)).Value.Devices[0].DeviceId;
                    Assert.Equal(Path.Combine(data, "pki", "ca.crt.pem"), first.CaCertificatePath);
                    Assert.True(File.Exists(first.CaCertificatePath));
                }

                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "composition-state.json")));
                }

                await using NetworkComposition second = await NetworkComposition.StartAsync(Options());
                Assert.Equal(rsAddress, second.RsAddress);
                Assert.Equal(betaAddress, second.HomeOperators[1].BaseAddress);
                Assert.Equal(manufacturerToken, second.ManufacturerToken);
                Assert.Equal(ownerToken, second.HomeOperators[1].OwnerToken);
                Assert.Equal("registered", second.Rs.Service.GetDevice(deviceId).State);
                using HttpClient http = second.CreateHttpClient(betaAddress);
                RsResult<HoDeviceRegistration> registered = await new HomeOperatorClient(http, ownerToken).RegisterDeviceAsync(deviceId);
                Assert.True(registered.IsSuccess, registered.Error?.ToString());
                Assert.True(Directory.Exists(Path.Combine(data, "rs")));
                Assert.True(Directory.Exists(Path.Combine(data, "ho-beta.m2m.test")));
            }
            finally
            {
                Directory.Delete(data, true);
            }
        }

        [Fact]
        public async Task StartAsync_InvalidOptions_ThrowsBeforeStartingAnything()
        {
            NetworkCompositionOptions options = NetworkCompositionOptions.CreateDefault(1);
            options.VisitedOperators[0].AcceptsPimsis = false;
            NetworkConfigurationException error = await Assert.ThrowsAsync<NetworkConfigurationException>(() => NetworkComposition.StartAsync(options));
            Assert.Contains("acceptsPimsis", error.Message, StringComparison.Ordinal);
        }
    }
}
