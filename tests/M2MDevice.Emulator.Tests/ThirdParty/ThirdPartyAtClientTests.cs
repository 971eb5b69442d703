using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.ThirdParty
{
    /// <summary>
    /// Issue 5: standard AT clients work over the modem's TCP port bridged to a pty, as with a real modem. The
    /// clients are the distribution's own binaries (CI installs them: apt-get install socat gsm-utils ppp):
    /// ppp's chat (the classic V.250 script client) and gsm-utils' gsmctl (a TS 27.007 phone tool).
    /// </summary>
    public sealed class ThirdPartyAtClientTests
    {
        private readonly ITestOutputHelper output;

        public ThirdPartyAtClientTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task Chat_IdentityPinAndRegistrationScript_ExitsZero()
        {
            string chat = ExternalTool.Require("chat");
            await using PtyBridge bridge = await PtyBridge.StartAsync();
            string script = Path.Combine(Path.GetTempPath(), "m2m-chat-" + Guid.NewGuid().ToString("N"));
            await File.WriteAllLinesAsync(script, new[]
            {
                "ABORT ERROR",
                "TIMEOUT 10",
                "'' AT",
                "OK ATE0",
                "OK AT+CGMI",
                "M2MDevice \\c",
                "OK AT+CPIN?",
                "'+CPIN: READY' \\c",
                "OK AT+COPS=0",
                "TIMEOUT 3",
                "OK AT+CREG?",
                // chat's sub-expect: on a timeout resend the query (bounded), until the read reports home (TS 27.007 7.2 stat 1).
                "'+CREG: 0,1-AT+CREG?-+CREG: 0,1-AT+CREG?-+CREG: 0,1-AT+CREG?-+CREG: 0,1' \\c",
                "OK",
            });
            try
            {
                ToolRun run = await ExternalTool.RunAsync("/bin/sh", "-c", "exec \"$0\" -s -v -f \"$1\" <\"$2\" >\"$2\"", chat, script, bridge.Link);
                output.WriteLine(run.Output);
            output.WriteLine(bridge.SocatLog);

                Assert.True(run.ExitCode == 0, $"chat exited {run.ExitCode}:\n{run.Output}");
                Assert.Contains("send (AT+CGMI^M)", run.Output, StringComparison.Ordinal);
                Assert.Contains("expect (M2MDevice)", run.Output, StringComparison.Ordinal);
                Assert.Contains("expect (+CPIN: READY)", run.Output, StringComparison.Ordinal);
                Assert.Contains("send (AT+COPS=0^M)", run.Output, StringComparison.Ordinal);
                Assert.Contains("+CREG: 0,1", run.Output, StringComparison.Ordinal);
                Assert.DoesNotContain("failed", run.Output, StringComparison.Ordinal);
            }
            finally
            {
                File.Delete(script);
            }
        }

        [Fact]
        public async Task Gsmctl_MeInfo_ReportsEmulatorIdentity()
        {
            string gsmctl = ExternalTool.Require("gsmctl");
            await using PtyBridge bridge = await PtyBridge.StartAsync();

            // ME: AT+CGMI, +CGMM, +CGMR, +CGSN after gsmlib's initialisation (ATZ, ATE0, +CMEE=1, +CMGF=0).
            string text = await GsmctlAsync(gsmctl, bridge, "ME");

            Assert.Equal("Manufacturer: " + PtyBridge.Defaults.Manufacturer, Line(text, "ME0"));
            Assert.Equal("Model: " + PtyBridge.Defaults.Model, Line(text, "ME1"));
            Assert.Equal("Revision: " + PtyBridge.Defaults.Revision, Line(text, "ME2"));
            Assert.Equal("Serial Number: " + PtyBridge.Defaults.Imei, Line(text, "ME3"));
        }

        [Fact]
        public async Task Gsmctl_PinOperatorsCurrentOperatorSignal_ReportConfiguredNetwork()
        {
            string gsmctl = ExternalTool.Require("gsmctl");
            await using PtyBridge bridge = await PtyBridge.StartAsync();

            // PIN: AT+CPIN?; OP: AT+COPS=?; CURROP: AT+COPS=3,n and AT+COPS? in the three formats; SIG: AT+CSQ.
            string text = await GsmctlAsync(gsmctl, bridge, "PIN", "OP", "CURROP", "SIG");

            Assert.Equal("READY", Line(text, "PIN0"));
            string listed = Line(text, "OP0");
            Assert.StartsWith("Status: current", listed, StringComparison.Ordinal);
            Assert.Contains("Long name: '" + PtyBridge.OperatorName + "'", listed, StringComparison.Ordinal);
            Assert.Contains("Short name: '" + PtyBridge.OperatorShortName + "'", listed, StringComparison.Ordinal);
            Assert.DoesNotContain("<OP1>", text, StringComparison.Ordinal);
            string current = Line(text, "CURROP0");
            Assert.Contains("Long name: '" + PtyBridge.OperatorName + "'", current, StringComparison.Ordinal);
            Assert.Contains("Short name: '" + PtyBridge.OperatorShortName + "'", current, StringComparison.Ordinal);
            Assert.EndsWith("Mode: automatic", current, StringComparison.Ordinal);
            Assert.Equal(PtyBridge.Rssi.ToString(CultureInfo.InvariantCulture), Line(text, "SIG0"));
        }

        /// <summary>The text after "&lt;tag&gt;" on gsmctl's output line for tag (whitespace-trimmed); fails when absent.</summary>
        private static string Line(string text, string tag)
        {
            string marker = "<" + tag + ">";
            foreach (string line in text.Split('\n'))
            {
                if (line.StartsWith(marker, StringComparison.Ordinal))
                {
                    return line.Substring(marker.Length).Trim();
                }
            }

            Assert.Fail($"gsmctl printed no {marker} line:\n{text}");
            return null;
        }

        /// <summary>Runs gsmctl on the bridge's pty; on failure the message carries socat's trace of the AT dialogue.</summary>
        private async Task<string> GsmctlAsync(string gsmctl, PtyBridge bridge, params string[] parameters)
        {
            var arguments = new List<string> { "-d", bridge.Link };
            arguments.AddRange(parameters);
            ToolRun run = await ExternalTool.RunAsync(gsmctl, arguments.ToArray(), await PtyModemLines.EnvironmentAsync());
            output.WriteLine(run.Output);
            output.WriteLine(bridge.SocatLog);
            Assert.True(run.ExitCode == 0, $"gsmctl exited {run.ExitCode}: {run.Output}\nAT dialogue (socat -v, '>' to the modem, '<' from it):\n{bridge.SocatLog}");
            return run.Output;
        }
    }
}
