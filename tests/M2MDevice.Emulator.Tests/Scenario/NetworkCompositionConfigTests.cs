using System;
using System.Linq;
using M2MDevice.Emulator.Scenario;

namespace M2MDevice.Emulator.Tests.Scenario
{
    /// <summary>The JSON configuration of `m2m serve --config`: a full file, defaults, and every refusal as one line naming the field.</summary>
    public class NetworkCompositionConfigTests
    {
        private const string Full = """
            {
              // comments are allowed
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

        [Fact]
        public void Parse_FullFile_ReadsEveryField()
        {
            NetworkCompositionOptions options = NetworkCompositionConfig.Parse(Full, "/base");
            Assert.Equal(System.IO.Path.GetFullPath("/base/state"), options.DataDirectory);
            Assert.Equal("Acme", options.ManufacturerName);
            Assert.Equal("rs.example.test", options.RsHostName);
            Assert.Equal(1000, options.PimsiRange.FirstMsin);
            Assert.Equal(1999, options.PimsiRange.LastMsin);
            Assert.Equal(new[] { "Alpha", "Gamma" }, options.HomeOperators.Select(h => h.Name));
            Assert.Equal("alpha.m2m.test", options.HomeOperators[0].NafHost);
            Assert.Equal("8900102", options.HomeOperators[0].IccidIssuerPrefix);
            Assert.Equal("001005", options.HomeOperators[1].Plmn);
            Assert.Equal("Fleet", options.HomeOperators[1].OwnerName);
            Assert.False(options.HomeOperators[1].InCoverage);
            Assert.False(options.VisitedOperators[0].WalledGarden);
            Assert.Equal(new[] { "Alpha" }, options.VisitedOperators[0].HomeOperators);
            Assert.Null(options.VisitedOperators[1].HomeOperators);
            Assert.Equal(5, options.VisitedOperators[1].Rssi);
            Assert.False(options.VisitedOperators[1].AcceptsPimsis);
        }

        [Fact]
        public void Parse_OnlyVersion_GivesTheDefaultNetwork()
        {
            NetworkCompositionOptions options = NetworkCompositionConfig.Parse("{ \"version\": 1 }", null);
            Assert.Null(options.DataDirectory);
            Assert.Equal(new[] { "Alpha", "Beta" }, options.HomeOperators.Select(h => h.Name));
            Assert.Equal(new[] { "Visited-1", "Visited-2" }, options.VisitedOperators.Select(v => v.Name));
            Assert.Equal("00101", options.PimsiRange.Mcc + options.PimsiRange.Mnc);
        }

        [Theory]
        [InlineData("not json", "not valid JSON")]
        [InlineData("[]", "must be a JSON object")]
        [InlineData("{}", "version is required")]
        [InlineData("{ \"version\": 2 }", "unsupported configuration version 2")]
        [InlineData("{ \"version\": 1, \"colour\": \"red\" }", "unknown field 'colour'")]
        [InlineData("{ \"version\": 1, \"registrationService\": { \"port\": 70000 } }", "registrationService.port must be an integer in 0..65535")]
        [InlineData("{ \"version\": 1, \"registrationService\": { \"mcc\": \"1\" } }", "registrationService: MCC must be 3 digits")]
        [InlineData("{ \"version\": 1, \"homeOperators\": [ { \"name\": \"A\" } ] }", "homeOperators[0].mnc is required")]
        [InlineData("{ \"version\": 1, \"homeOperators\": [ { \"mnc\": \"02\" } ] }", "homeOperators[0].name is required")]
        [InlineData("{ \"version\": 1, \"homeOperators\": [ { \"name\": \"A\", \"mnc\": \"01\" } ] }", "its PLMN 00101 is the PIMSI range's")]
        [InlineData("{ \"version\": 1, \"homeOperators\": [ { \"name\": \"A\", \"mnc\": \"02\" }, { \"name\": \"a\", \"mnc\": \"03\" } ] }", "the name is used twice")]
        [InlineData("{ \"version\": 1, \"homeOperators\": [] }", "at least one home operator is required")]
        [InlineData("{ \"version\": 1, \"visitedOperators\": [] }", "at least one visited operator must accept PIMSIs")]
        [InlineData("{ \"version\": 1, \"visitedOperators\": [ { \"name\": \"V\", \"plmn\": \"00102\", \"acceptsPimsis\": true } ] }", "PLMN 00102 is used twice")]
        [InlineData("{ \"version\": 1, \"visitedOperators\": [ { \"name\": \"V\", \"plmn\": \"0010\", \"acceptsPimsis\": true } ] }", "plmn must be MCC (3 digits) + MNC")]
        [InlineData("{ \"version\": 1, \"visitedOperators\": [ { \"name\": \"V\", \"plmn\": \"00101\", \"acceptsPimsis\": \"yes\" } ] }", "visitedOperators[0].acceptsPimsis must be true or false")]
        [InlineData("{ \"version\": 1, \"visitedOperators\": [ { \"name\": \"V\", \"plmn\": \"00101\", \"acceptsPimsis\": true, \"homeOperators\": [\"Omega\"] } ] }", "no home operator named 'Omega'")]
        [InlineData("{ \"version\": 1, \"visitedOperators\": [ { \"name\": \"V\", \"plmn\": \"00101\", \"rssi\": 40, \"acceptsPimsis\": true } ] }", "visitedOperators[0].rssi must be an integer in 0..31")]
        public void Parse_BadConfiguration_OneLineNamingTheField(string json, string expected)
        {
            NetworkConfigurationException error = Assert.Throws<NetworkConfigurationException>(() => NetworkCompositionConfig.Parse(json, "/base"));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
        }
    }
}
