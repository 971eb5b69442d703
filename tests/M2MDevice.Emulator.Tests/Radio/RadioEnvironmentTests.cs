using System;
using System.Collections.Generic;
using System.IO;
using M2MDevice.Emulator.Pki;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Visited;

namespace M2MDevice.Emulator.Tests.Radio
{
    /// <summary>The radio environment file (docs/emulator-modem.md): the documented example loads; every malformed field is refused by name.</summary>
    public sealed class RadioEnvironmentTests
    {
        private const string Example = @"{
  // docs/emulator-modem.md example
  ""version"": 1,
  ""authenticationSources"": {
    ""rs"": { ""type"": ""rs-roaming"", ""baseUrl"": ""https://127.0.0.1:8443/"", ""tokenFile"": ""vo1.token"", ""caCertificateFile"": ""ca.crt.pem"" },
    ""ho1"": { ""type"": ""external"" }
  },
  ""operators"": [
    {
      ""plmn"": ""00101"", ""longName"": ""Visited One"", ""shortName"": ""VO1"",
      ""accessTechnology"": 7, ""rssi"": 24, ""ber"": 0, ""areaCode"": 6699, ""cellId"": 19088743,
      ""walledGarden"": { ""allowedHosts"": [ ""127.0.0.1:8443"", ""rs.m2m.test"" ], ""maxBytes"": 262144, ""maxSeconds"": 900 },
      ""subscribers"": [
        { ""imsiFirst"": ""0010100000"", ""imsiLast"": ""0010100999"", ""source"": ""rs"", ""walledGarden"": true },
        { ""imsiPrefix"": ""00102"", ""source"": ""ho1"" },
        { ""imsiPrefix"": ""999"", ""reject"": 13 }
      ],
      ""defaultRejectCause"": 11
    },
    { ""plmn"": ""001002"", ""longName"": ""Visited Two"" }
  ]
}";

        private static string Folder()
        {
            string folder = Path.Combine(Path.GetTempPath(), "m2m-radio-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            File.WriteAllText(Path.Combine(folder, "ca.crt.pem"), ca.ExportPem());
            File.WriteAllText(Path.Combine(folder, "vo1.token"), "token-value\n");
            return folder;
        }

        private static Dictionary<string, IAuthenticationVectorSource> External() =>
            new Dictionary<string, IAuthenticationVectorSource> { ["ho1"] = new LocalAuc() };

        [Fact]
        public void Load_DocumentedExample_OperatorsRulesAndGarden()
        {
            string folder = Folder();
            try
            {
                string path = Path.Combine(folder, "radio.json");
                File.WriteAllText(path, Example);

                RadioEnvironment radio = RadioEnvironment.Load(path, External());

                Assert.Equal(2, radio.Operators.Count);
                CellOperator first = radio.Operators[0];
                Assert.Equal(("00101", "001", "01", "Visited One", "VO1", 7, 24, 0x1A2B, 0x01234567), (first.Plmn, first.Mcc, first.Mnc, first.LongName, first.ShortName, first.AccessTechnology, first.Rssi, first.AreaCode, first.CellId));
                Assert.Equal(3, first.Core.Rules.Count);
                Assert.IsType<RsRoamingClient>(first.Core.Rules[0].Source);
                Assert.True(first.Core.Rules[0].WalledGarden);
                Assert.Same(first.Core.Rules[0], first.Core.FindRule("001010000012345"));
                Assert.Null(first.Core.FindRule("001010100000000"));
                Assert.Equal(13, first.Core.FindRule("999990000000000").RejectCause);
                Assert.Equal(11, first.Core.DefaultRejectCause);
                Assert.True(first.Core.WalledGarden.AllowsHost("127.0.0.1", 8443));
                Assert.True(first.Core.WalledGarden.AllowsHost("rs.m2m.test", 443));
                Assert.False(first.Core.WalledGarden.AllowsHost("127.0.0.1", 9443));
                Assert.Equal((262144L, TimeSpan.FromSeconds(900)), (first.Core.WalledGarden.MaxBytes, first.Core.WalledGarden.MaxDuration));
                CellOperator second = radio.Operators[1];
                Assert.Equal(("001", "002", 20, string.Empty), (second.Mcc, second.Mnc, second.Rssi, second.ShortName));
                Assert.True(radio.TryFind("001002", out CellOperator found));
                Assert.Same(second, found);
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }

        public static TheoryData<string, string> Malformed() => new TheoryData<string, string>
        {
            { "{", "not valid JSON" },
            { "[]", "JSON object" },
            { @"{ ""version"": 2, ""operators"": [] }", "version 2" },
            { @"{ ""version"": 1 }", "'operators'" },
            { @"{ ""version"": 1, ""operators"": [], ""extra"": 1 }", "unknown field 'extra'" },
            { @"{ ""version"": 1, ""operators"": [ { ""plmn"": ""0010"", ""longName"": ""A"" } ] }", "operators[0]" },
            { @"{ ""version"": 1, ""operators"": [ { ""plmn"": ""00101"" } ] }", "operators[0].longName is required" },
            { @"{ ""version"": 1, ""operators"": [ { ""plmn"": ""00101"", ""longName"": ""A"", ""rssi"": 40 } ] }", "operators[0]" },
            { @"{ ""version"": 1, ""operators"": [ { ""plmn"": ""00101"", ""longName"": ""A"", ""rssi"": ""x"" } ] }", "operators[0].rssi" },
            { @"{ ""version"": 1, ""operators"": [ { ""plmn"": ""00101"", ""longName"": ""A"" }, { ""plmn"": ""00101"", ""longName"": ""B"" } ] }", "duplicate PLMN" },
            { @"{ ""version"": 1, ""operators"": [ { ""plmn"": ""00101"", ""longName"": ""A"", ""subscribers"": [ { ""imsiPrefix"": ""001"" } ] } ] }", "exactly one of 'source' and 'reject'" },
            { @"{ ""version"": 1, ""operators"": [ { ""plmn"": ""00101"", ""longName"": ""A"", ""subscribers"": [ { ""imsiPrefix"": ""001"", ""source"": ""nope"" } ] } ] }", "names no entry" },
            { @"{ ""version"": 1, ""operators"": [ { ""plmn"": ""00101"", ""longName"": ""A"", ""subscribers"": [ { ""imsiFirst"": ""002"", ""imsiLast"": ""001"", ""reject"": 11 } ] } ] }", "first <= last" },
            { @"{ ""version"": 1, ""operators"": [ { ""plmn"": ""00101"", ""longName"": ""A"", ""subscribers"": [ { ""imsiPrefix"": ""00x"", ""reject"": 11 } ] } ] }", "digit strings" },
            { @"{ ""version"": 1, ""operators"": [ { ""plmn"": ""00101"", ""longName"": ""A"", ""subscribers"": [ { ""imsiPrefix"": ""001"", ""reject"": 300 } ] } ] }", "reject must be an integer" },
            { @"{ ""version"": 1, ""authenticationSources"": { ""ho1"": { ""type"": ""external"" } }, ""operators"": [ { ""plmn"": ""00101"", ""longName"": ""A"", ""subscribers"": [ { ""imsiPrefix"": ""001"", ""source"": ""ho1"", ""walledGarden"": true } ] } ] }", "needs the operator's 'walledGarden'" },
            { @"{ ""version"": 1, ""authenticationSources"": { ""x"": { ""type"": ""external"" } }, ""operators"": [] }", "no external source" },
            { @"{ ""version"": 1, ""authenticationSources"": { ""rs"": { ""type"": ""rs-roaming"", ""baseUrl"": ""http://a/"", ""token"": ""t"", ""caCertificateFile"": ""ca.crt.pem"" } }, ""operators"": [] }", "https URL" },
            { @"{ ""version"": 1, ""authenticationSources"": { ""rs"": { ""type"": ""rs-roaming"", ""baseUrl"": ""https://a/"", ""caCertificateFile"": ""ca.crt.pem"" } }, ""operators"": [] }", "exactly one of 'token' and 'tokenFile'" },
            { @"{ ""version"": 1, ""authenticationSources"": { ""rs"": { ""type"": ""rs-roaming"", ""baseUrl"": ""https://a/"", ""token"": ""t"", ""caCertificateFile"": ""missing.pem"" } }, ""operators"": [] }", "cannot read missing.pem" },
            { @"{ ""version"": 1, ""authenticationSources"": { ""rs"": { ""type"": ""rs-roaming"", ""baseUrl"": ""https://a/"", ""token"": ""t"", ""caCertificateFile"": ""vo1.token"" } }, ""operators"": [] }", "no PEM certificate" },
            { @"{ ""version"": 1, ""authenticationSources"": { ""rs"": { ""type"": ""magic"" } }, ""operators"": [] }", "'rs-roaming', 'ho-roaming' or 'external'" },
        };

        [Theory]
        [MemberData(nameof(Malformed))]
        public void Parse_Malformed_RefusedNamingTheField(string json, string expected)
        {
            string folder = Folder();
            try
            {
                RadioConfigurationException error = Assert.Throws<RadioConfigurationException>(() => RadioEnvironment.Parse(json, folder, External()));
                Assert.Contains(expected, error.Message);
                Assert.DoesNotContain("token-value", error.Message);
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }

        [Fact]
        public void Load_MissingFile_ConfigurationError()
        {
            Assert.Throws<RadioConfigurationException>(() => RadioEnvironment.Load(Path.Combine(Path.GetTempPath(), "no-such-radio-" + Guid.NewGuid().ToString("N") + ".json")));
        }
    }
}
