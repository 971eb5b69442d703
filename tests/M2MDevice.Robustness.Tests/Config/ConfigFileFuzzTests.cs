using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using M2MDevice.Emulator.Pki;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Visited;
using Xunit.Abstractions;

namespace M2MDevice.Robustness.Tests.Config
{
    /// <summary>
    /// The configuration files: the radio environment (emulator Radio/RadioEnvironment.Parse, docs/emulator-modem.md)
    /// and the network composition of `m2m serve --config` (Scenario/NetworkCompositionConfig.Parse, docs/emulator.md),
    /// over text mutations and JSON-aware mutations of the documented examples (a field removed, renamed, given
    /// a hostile value, or given twice): either a configuration or the file's own exception with a one-line
    /// message; never another exception, never a secret in the message.
    /// </summary>
    public class ConfigFileFuzzTests : IDisposable
    {
        private const string RadioExample = """
            {
              "version": 1,
              "authenticationSources": {
                "rs": { "type": "rs-roaming", "baseUrl": "https://127.0.0.1:8443/", "tokenFile": "vo1.token", "caCertificateFile": "ca.crt.pem" },
                "ho1": { "type": "external" },
                "rs2": { "type": "ho-roaming", "baseUrl": "https://127.0.0.1:9443/", "token": "inline-secret-token", "caCertificateFile": "ca.crt.pem" }
              },
              "operators": [
                {
                  "plmn": "00101", "longName": "Visited One", "shortName": "VO1",
                  "accessTechnology": 7, "rssi": 24, "ber": 0, "areaCode": 6699, "cellId": 19088743,
                  "walledGarden": { "allowedHosts": [ "127.0.0.1:8443", "rs.m2m.test" ], "maxBytes": 262144, "maxSeconds": 900 },
                  "subscribers": [
                    { "imsiFirst": "0010100000", "imsiLast": "0010100999", "source": "rs", "walledGarden": true },
                    { "imsiPrefix": "00102", "source": "ho1" },
                    { "imsiPrefix": "999", "reject": 13 }
                  ],
                  "defaultRejectCause": 11
                },
                { "plmn": "001002", "longName": "Visited Two" }
              ]
            }
            """;

        private const string NetworkExample = """
            {
              "version": 1,
              "dataDirectory": "state",
              "manufacturer": "Acme",
              "registrationService": { "hostName": "rs.example.test", "port": 0, "mcc": "001", "mnc": "01", "firstMsin": 1000, "lastMsin": 1999 },
              "homeOperators": [
                { "name": "Alpha", "mnc": "02", "firstMsin": 0, "lastMsin": 99 },
                { "name": "Gamma", "nafHost": "gamma.example.test", "mcc": "001", "mnc": "005", "iccidPrefix": "8900105", "owner": "Fleet", "inCoverage": false }
              ],
              "visitedOperators": [
                { "name": "Visited-1", "plmn": "00101", "acceptsPimsis": true, "walledGarden": false, "homeOperators": ["Alpha"] },
                { "name": "Roamer", "plmn": "00109", "shortName": "ROAM", "rssi": 5 }
              ]
            }
            """;

        private readonly string folder;

        private readonly ITestOutputHelper output;

        public ConfigFileFuzzTests(ITestOutputHelper output)
        {
            this.output = output;
            folder = Path.Combine(Path.GetTempPath(), "m2m-robustness-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            File.WriteAllText(Path.Combine(folder, "ca.crt.pem"), ca.ExportPem());
            File.WriteAllText(Path.Combine(folder, "vo1.token"), "file-secret-token\n");
        }

        public void Dispose()
        {
            Directory.Delete(folder, true);
        }

        private sealed class NoSource : IAuthenticationVectorSource
        {
            public Task<AuthenticationInfoResult> SendAuthenticationInfoAsync(string imsi, int count, byte[] rand, byte[] auts, CancellationToken cancellationToken) =>
                throw new InvalidOperationException("not called while parsing");
        }

        private static Gen<string> Inputs(string example, string[] names) =>
            Gen.Frequency((3, JsonFuzz.MutationsOf(example, names)), (2, Fuzz.TextMutationsOf(new[] { example }, 4)), (1, Gen.Const(example)));

        private static void CheckMessage(Exception exception)
        {
            Assert.False(string.IsNullOrWhiteSpace(exception.Message), "an empty message");
            Assert.DoesNotContain('\n', exception.Message);
            Assert.DoesNotContain("secret-token", exception.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void RadioEnvironmentParse_MutatedExample_ConfigurationOrClearError()
        {
            string[] names = { "version", "authenticationSources", "operators", "type", "baseUrl", "token", "tokenFile", "caCertificateFile", "plmn", "longName", "shortName", "accessTechnology", "rssi", "ber", "areaCode", "cellId", "defaultRejectCause", "walledGarden", "subscribers", "imsiPrefix", "imsiFirst", "imsiLast", "source", "reject", "allowedHosts", "maxBytes", "maxSeconds", "rs", "ho1" };
            var external = new Dictionary<string, IAuthenticationVectorSource> { ["ho1"] = new NoSource() };
            var tally = new Fuzz.Tally();
            Fuzz.Run(
                output,
                "RadioEnvironment.Parse",
                Inputs(RadioExample, names),
                2500,
                0x4AD10C0FUL,
                json =>
                {
                    try
                    {
                        RadioEnvironment environment = RadioEnvironment.Parse(json, folder, external);
                        Assert.NotNull(environment);
                        tally.Add("parsed");
                    }
                    catch (RadioConfigurationException exception)
                    {
                        CheckMessage(exception);
                        tally.Add("refused");
                    }
                });
            output.WriteLine(tally.ToString());
        }

        public static TheoryData<string> RadioEdgeCases() => new TheoryData<string>
        {
            // Regressions (found by the fuzz above): a source name given twice threw ArgumentException from a
            // Dictionary; a file name with a NUL threw ArgumentException from File.ReadAllText.
            "{ \"version\": 1, \"authenticationSources\": { \"ho1\": { \"type\": \"external\" }, \"ho1\": { \"type\": \"external\" } }, \"operators\": [] }",
            "{ \"version\": 1, \"authenticationSources\": { \"rs\": { \"type\": \"rs-roaming\", \"baseUrl\": \"https://a/\", \"tokenFile\": \"a\\u0000b\", \"caCertificateFile\": \"ca.crt.pem\" } }, \"operators\": [] }",
            "{ \"version\": 1, \"authenticationSources\": { \"rs\": { \"type\": \"rs-roaming\", \"baseUrl\": \"https://a/\", \"token\": \"t\", \"caCertificateFile\": \"\\u0000\" } }, \"operators\": [] }",
            "{ \"version\": 1, \"authenticationSources\": { \"rs\": { \"type\": \"rs-roaming\", \"baseUrl\": \"https://a/\", \"token\": \"t\", \"caCertificateFile\": \".\" } }, \"operators\": [] }",
            "{ \"version\": 1, \"operators\": [ { \"plmn\": \"00101\", \"longName\": \"A\", \"walledGarden\": { \"allowedHosts\": [ \"h\" ], \"maxSeconds\": 86400, \"maxBytes\": 2147483647 } } ] }",
        };

        [Theory]
        [MemberData(nameof(RadioEdgeCases))]
        public void RadioEnvironmentParse_EdgeCases_ConfigurationOrClearError(string json)
        {
            try
            {
                Assert.NotNull(RadioEnvironment.Parse(json, folder, new Dictionary<string, IAuthenticationVectorSource> { ["ho1"] = new NoSource() }));
            }
            catch (RadioConfigurationException exception)
            {
                CheckMessage(exception);
            }
        }

        [Fact]
        public void NetworkCompositionConfigParse_NulInDataDirectory_ClearError()
        {
            NetworkCompositionConfigParse_EdgeCases_ConfigurationOrClearError("{ \"version\": 1, \"dataDirectory\": \"a\\u0000b\" }");
        }

        [Theory]
        [InlineData("{ \"version\": 1, \"manufacturer\": \"a\\u0001b\", \"dataDirectory\": \"\\\\\\\\x\" }")]
        public void NetworkCompositionConfigParse_EdgeCases_ConfigurationOrClearError(string json)
        {
            try
            {
                Assert.NotNull(NetworkCompositionConfig.Parse(json, folder));
            }
            catch (NetworkConfigurationException exception)
            {
                CheckMessage(exception);
            }
        }

        [Fact]
        public void ManufactureManifestAndDeviceKeysFile_MutatedFiles_ContentOrInvalidDataException()
        {
            string manifestPath = Path.Combine(folder, "manifest.json");
            new ManufactureManifest
            {
                RsAddress = "https://127.0.0.1:8443/",
                Algorithm = "milenage",
                KeysFile = "device-keys.json",
                BatchIds = new[] { "batch-1" },
                AllowedNetworks = new[] { "00101" },
                CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
                Devices = new[] { new ManifestEntry("dev-1", "001010000000100", "images/dev-1.bin"), new ManifestEntry("dev-2", "001010000000101", "images/dev-2.bin") },
            }.Write(manifestPath);
            string manifest = File.ReadAllText(manifestPath);
            byte[] efuse = Enumerable.Range(0, DeviceStorageKeys.EfuseKeyLength).Select(i => (byte)(i * 7)).ToArray();
            DeviceStorageKeys derived = DeviceStorageKeys.Derive(efuse);
            string keys = "{ \"format\": \"" + DeviceKeysFile.Format + "\", \"version\": 1, \"devices\": [ { \"deviceId\": \"dev-1\", \"efuseKey\": \"" + Convert.ToHexString(efuse)
                + "\", \"storageEncryptionKey\": \"" + Convert.ToHexString(derived.EncryptionKey) + "\", \"storageMacKey\": \"" + Convert.ToHexString(derived.MacKey) + "\" } ] }";
            string[] names = { "format", "version", "createdAt", "rsAddress", "algorithm", "keysFile", "batchIds", "allowedNetworks", "devices", "deviceId", "pimsi", "image", "efuseKey", "storageEncryptionKey", "storageMacKey" };
            string keysPath = Path.Combine(folder, "device-keys.json");
            Assert.Equal(2, ManufactureManifest.Load(manifestPath).Devices.Count);
            File.WriteAllText(keysPath, keys);
            Assert.Single(DeviceKeysFile.Load(keysPath));
            var tally = new Fuzz.Tally();
            Fuzz.Run(
                output,
                "ManufactureManifest.Load / DeviceKeysFile.Load",
                Gen.Select(Gen.Bool, Inputs(manifest, names), Inputs(keys, names)),
                1000,
                0x3A41F357UL,
                input =>
                {
                    (bool isManifest, string manifestText, string keysText) = input;
                    string path = isManifest ? manifestPath : keysPath;
                    File.WriteAllText(path, isManifest ? manifestText : keysText);
                    try
                    {
                        if (isManifest)
                        {
                            Assert.NotNull(ManufactureManifest.Load(path));
                        }
                        else
                        {
                            Assert.NotNull(DeviceKeysFile.Load(path));
                        }

                        tally.Add("read");
                    }
                    catch (InvalidDataException exception)
                    {
                        Assert.DoesNotContain('\n', exception.Message);
                        Assert.DoesNotContain(Convert.ToHexString(efuse), exception.Message, StringComparison.OrdinalIgnoreCase);
                        tally.Add("refused");
                    }
                });
            output.WriteLine(tally.ToString());
        }

        [Theory]
        [InlineData("{ \"format\": \"m2m-manufacture-manifest\", \"version\": 1.5, \"devices\": [] }")]
        [InlineData("{ \"format\": \"m2m-manufacture-manifest\", \"version\": 1e400, \"devices\": [] }")]
        public void ManufactureManifestLoad_NonIntegerVersion_InvalidDataException(string json)
        {
            string path = Path.Combine(folder, "manifest-edge.json");
            File.WriteAllText(path, json);
            try
            {
                ManufactureManifest.Load(path);
            }
            catch (InvalidDataException exception)
            {
                Assert.DoesNotContain('\n', exception.Message);
            }
        }

        [Fact]
        public void NetworkCompositionConfigParse_MutatedExample_ConfigurationOrClearError()
        {
            string[] names = { "version", "dataDirectory", "manufacturer", "registrationService", "homeOperators", "visitedOperators", "hostName", "port", "mcc", "mnc", "firstMsin", "lastMsin", "name", "nafHost", "iccidPrefix", "owner", "inCoverage", "plmn", "shortName", "rssi", "acceptsPimsis", "walledGarden" };
            var tally = new Fuzz.Tally();
            Fuzz.Run(
                output,
                "NetworkCompositionConfig.Parse",
                Inputs(NetworkExample, names),
                2500,
                0xC0F16E5UL,
                json =>
                {
                    try
                    {
                        NetworkCompositionOptions options = NetworkCompositionConfig.Parse(json, folder);
                        Assert.NotNull(options);
                        tally.Add("parsed");
                    }
                    catch (NetworkConfigurationException exception)
                    {
                        CheckMessage(exception);
                        tally.Add("refused");
                    }
                });
            output.WriteLine(tally.ToString());
        }
    }
}
