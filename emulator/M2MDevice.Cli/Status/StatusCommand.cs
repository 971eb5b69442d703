using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Cli.Owner;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Scenario;

namespace M2MDevice.Cli.Status
{
    /// <summary>
    /// `m2m status`: where each device stands (allocated, associated with HO X, downloaded, failed, provisioned,
    /// retired) from RS (admin or manufacturer token) and/or a home operator (owner token), as a table or --json.
    /// Scenario/DeviceStatusReader does the lookups.
    /// </summary>
    public static class StatusCommand
    {
        /// <summary>Builds the `status` command.</summary>
        public static Command Create()
        {
            var command = new Command("status", "Show where devices stand: allocated, associated (HO), downloaded, failed, provisioned, retired");
            Option<Uri> rs = CliNetwork.HttpsUrl("--rs", "RS base URL");
            Option<string> token = CliNetwork.Token("--token", "RS admin or manufacturer token (with --rs)");
            Option<Uri> ho = CliNetwork.HttpsUrl("--ho", "Home operator base URL (adds the HO's view; alone, lists the owner's devices)");
            Option<string> hoToken = CliNetwork.Token("--ho-token", "Owner token at that home operator (with --ho)");
            Option<string> device = new Option<string>("--device") { Description = "Device id(s), comma-separated", HelpName = "ID[,ID...]" };
            Option<string> manifest = CliNetwork.ExistingFile("--manifest", "A manifest.json of m2m manufacture (its device ids)");
            Option<string> ca = CliNetwork.ExistingFile("--ca", "CA certificate (PEM) the servers' TLS certificates must chain to (default: the system trust store)");
            Option<bool> json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
            foreach (Option option in new Option[] { rs, token, ho, hoToken, device, manifest, ca, json })
            {
                command.Add(option);
            }

            command.Validators.Add(result =>
            {
                bool hasRs = result.GetResult(rs) != null;
                bool hasHo = result.GetResult(ho) != null;
                if (!hasRs && !hasHo)
                {
                    result.AddError("give --rs (with --token), --ho (with --ho-token), or both");
                }
                else if (hasRs != (result.GetResult(token) != null))
                {
                    result.AddError("--rs and --token go together");
                }
                else if (hasHo != (result.GetResult(hoToken) != null))
                {
                    result.AddError("--ho and --ho-token go together");
                }
                else if (!hasHo && result.GetResult(device) == null && result.GetResult(manifest) == null)
                {
                    result.AddError("give --device or --manifest (RS has no device list; --ho lists the owner's devices)");
                }
            });
            CliApplication.SetAsyncAction(command, async (parseResult, stdout, stderr, cancellationToken) =>
            {
                var ids = new List<string>();
                string deviceText = parseResult.GetValue(device);
                if (deviceText != null)
                {
                    ids.AddRange(OwnerCommand.DeviceIds(deviceText, null, "--device"));
                }

                string manifestPath = parseResult.GetValue(manifest);
                if (manifestPath != null)
                {
                    foreach (string id in OwnerCommand.DeviceIds(null, manifestPath))
                    {
                        if (!ids.Contains(id))
                        {
                            ids.Add(id);
                        }
                    }
                }

                return await RunAsync(parseResult.GetValue(rs), parseResult.GetValue(token), parseResult.GetValue(ho), parseResult.GetValue(hoToken), ids, parseResult.GetValue(ca), parseResult.GetValue(json), stdout, stderr, cancellationToken).ConfigureAwait(false);
            });
            CliHelp.SetExamples(
                command,
                "m2m status --rs https://127.0.0.1:5001/ --token <admin token> --device dev-1a2b --ca ca.crt.pem",
                "m2m status --rs https://127.0.0.1:5001/ --token <manufacturer token> --manifest ./factory/manifest.json --ca ca.crt.pem --json",
                "m2m status --ho https://127.0.0.1:5002/ --ho-token <owner token> --ca ca.crt.pem");
            return command;
        }

        /// <summary>Looks up ids (or, when empty, the HO owner's devices) and prints them.</summary>
        public static async Task<CliExitCode> RunAsync(Uri rs, string token, Uri ho, string hoToken, IReadOnlyList<string> ids, string caFile, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(output);
            ArgumentNullException.ThrowIfNull(error);
            using HttpClient rsHttp = rs == null ? null : CliNetwork.CreateHttpClient(rs, caFile);
            using HttpClient hoHttp = ho == null ? null : CliNetwork.CreateHttpClient(ho, caFile);
            var reader = new DeviceStatusReader(rsHttp, token, hoHttp == null ? null : new HomeOperatorClient(hoHttp, hoToken));
            if (ids == null || ids.Count == 0)
            {
                RsResult<IReadOnlyList<string>> listed = await reader.ListOwnerDevicesAsync(cancellationToken).ConfigureAwait(false);
                if (!listed.IsSuccess)
                {
                    error.WriteLine($"m2m status: {CliNetwork.Describe("HO", ho, listed.Error)}");
                    return CliExitCode.ServiceError;
                }

                ids = listed.Value;
            }

            var statuses = new List<DeviceStatus>();
            foreach (string id in ids)
            {
                RsResult<DeviceStatus> status = await reader.GetAsync(id, cancellationToken).ConfigureAwait(false);
                if (!status.IsSuccess)
                {
                    bool fromHo = status.Error.Detail != null && status.Error.Detail.StartsWith("HO:", StringComparison.Ordinal);
                    error.WriteLine($"m2m status: {CliNetwork.Describe(fromHo ? "HO" : "RS", fromHo ? ho : rs, status.Error)}");
                    return CliExitCode.ServiceError;
                }

                statuses.Add(status.Value);
            }

            if (json)
            {
                WriteJson(output, statuses);
            }
            else
            {
                var table = new CliTable("DEVICE", "PIMSI", "STAGE", "HOME OPERATOR", "IMSI", "FAILURES", "NOTE");
                foreach (DeviceStatus status in statuses)
                {
                    table.Add(
                        status.DeviceId,
                        status.Rs?.Pimsi ?? status.Ho?.Pimsi,
                        StageName(status.Stage),
                        status.Rs?.HomeOperatorId,
                        status.Ho?.Imsi,
                        (status.Ho?.FailureCount ?? status.Rs?.FailureCount ?? 0).ToString(CultureInfo.InvariantCulture),
                        status.Problem ?? status.Ho?.LastFailureCause);
                }

                if (table.Count == 0)
                {
                    output.WriteLine("no devices");
                }
                else
                {
                    table.WriteTo(output);
                }
            }

            return CliExitCode.Success;
        }

        /// <summary>The lower-case stage name printed and used in JSON.</summary>
        public static string StageName(DeviceStage stage) => stage.ToString().ToLowerInvariant();

        private static void WriteJson(TextWriter output, IReadOnlyList<DeviceStatus> statuses)
        {
            CliJson.Write(output, writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("devices");
                foreach (DeviceStatus status in statuses)
                {
                    writer.WriteStartObject();
                    writer.WriteString("deviceId", status.DeviceId);
                    writer.WriteString("stage", StageName(status.Stage));
                    CliJson.StringOrNull(writer, "pimsi", status.Rs?.Pimsi ?? status.Ho?.Pimsi);
                    CliJson.StringOrNull(writer, "rsState", status.Rs?.State);
                    CliJson.StringOrNull(writer, "homeOperatorId", status.Rs?.HomeOperatorId);
                    CliJson.StringOrNull(writer, "hoAssociation", status.Ho?.Association);
                    CliJson.StringOrNull(writer, "hoState", status.Ho?.State);
                    CliJson.StringOrNull(writer, "imsi", status.Ho?.Imsi);
                    CliJson.StringOrNull(writer, "iccid", status.Ho?.Iccid);
                    writer.WriteNumber("failureCount", status.Ho?.FailureCount ?? status.Rs?.FailureCount ?? 0);
                    CliJson.StringOrNull(writer, "problem", status.Problem);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
        }
    }
}
