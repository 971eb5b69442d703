using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Scenario;

namespace M2MDevice.Cli.Owner
{
    /// <summary>
    /// `m2m owner`: the device owner's tool (ARCHITECTURE 1 phase 2). `register` registers devices with the owner's
    /// selected home operator (owner token), which associates each at RS (docs/ho-api.md POST /owner/v1/devices).
    /// </summary>
    public static class OwnerCommand
    {
        /// <summary>Builds the `owner` command group.</summary>
        public static Command Create()
        {
            var owner = new Command("owner", "Device owner: register devices with a home operator");
            owner.Add(CreateRegister());
            CliHelp.SetExamples(owner, "m2m owner register --ho https://127.0.0.1:5002/ --token <owner token> --manifest ./factory/manifest.json --ca ca.crt.pem");
            return owner;
        }

        /// <summary>Runs `owner register` for ids; see the command's description.</summary>
        public static async Task<CliExitCode> RegisterAsync(Uri ho, string token, IReadOnlyList<string> deviceIds, string caFile, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(deviceIds);
            ArgumentNullException.ThrowIfNull(output);
            ArgumentNullException.ThrowIfNull(error);
            using HttpClient http = CliNetwork.CreateHttpClient(ho, caFile);
            var client = new HomeOperatorClient(http, token);
            var results = new List<(string Id, RsResult<HoDeviceRegistration> Result)>();
            int done = 0;
            foreach (string id in deviceIds)
            {
                RsResult<HoDeviceRegistration> result = await client.RegisterDeviceAsync(id, cancellationToken).ConfigureAwait(false);
                if (!result.IsSuccess && IsFatal(result.Error))
                {
                    // Authentication and transport problems concern every device: one line, stop.
                    error.WriteLine($"m2m owner register: {CliNetwork.Describe("HO", ho, result.Error)}");
                    return CliExitCode.ServiceError;
                }

                results.Add((id, result));
                done++;
                if (deviceIds.Count > 20 && (done % 50 == 0 || done == deviceIds.Count))
                {
                    error.WriteLine($"registered {done}/{deviceIds.Count}");
                }
            }

            int associated = 0;
            foreach (var (_, result) in results)
            {
                if (result.IsSuccess && result.Value.Device.Association == "associated")
                {
                    associated++;
                }
            }

            if (json)
            {
                CliJson.Write(output, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("associated", associated);
                    writer.WriteNumber("total", results.Count);
                    writer.WriteStartArray("devices");
                    foreach (var (id, result) in results)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("deviceId", id);
                        if (result.IsSuccess)
                        {
                            writer.WriteString("association", result.Value.Device.Association);
                            writer.WriteString("state", result.Value.Device.State);
                            writer.WriteBoolean("changed", result.Value.Changed);
                        }
                        else
                        {
                            writer.WriteString("error", result.Error.Code);
                            writer.WriteNumber("status", result.Error.Status);
                            writer.WriteString("detail", result.Error.Detail);
                        }

                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                });
            }
            else
            {
                var table = new CliTable("DEVICE", "RESULT", "DETAIL");
                foreach (var (id, result) in results)
                {
                    if (result.IsSuccess)
                    {
                        string association = result.Value.Device.Association;
                        string outcome = association == "associated" ? (result.Value.Changed ? "associated" : "already associated") : association;
                        table.Add(id, outcome, association == "pending" ? "RS not reached yet; run the command again" : null);
                    }
                    else
                    {
                        table.Add(id, result.Error.Code, result.Error.Detail);
                    }
                }

                table.WriteTo(output);
            }

            if (associated != results.Count)
            {
                error.WriteLine($"m2m owner register: {results.Count - associated} of {results.Count} devices are not associated (see the table)");
                return CliExitCode.ServiceError;
            }

            return CliExitCode.Success;
        }

        private static bool IsFatal(M2MDevice.Emulator.Hosting.ApiError error) =>
            error.Status == 0 || error.Status == 401 || error.Code == "wrong-role" || error.Status >= 500;

        private static Command CreateRegister()
        {
            var command = new Command("register", "Register devices with a home operator for its owner; the HO associates each device at RS. Exit 0 when every device is associated");
            Option<Uri> ho = CliNetwork.HttpsUrl("--ho", "Home operator base URL (m2m serve prints it)");
            Option<string> token = CliNetwork.Token("--token", "The owner's bearer token at that home operator");
            Option<string> devices = new Option<string>("--devices") { Description = "Device ids, comma-separated", HelpName = "ID[,ID...]" };
            Option<string> manifest = CliNetwork.ExistingFile("--manifest", "A manifest.json written by m2m manufacture (its device ids)");
            Option<string> ca = CliNetwork.ExistingFile("--ca", "CA certificate (PEM) the HO's TLS certificate must chain to (default: the system trust store)");
            Option<bool> json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
            ho.Required = true;
            token.Required = true;
            foreach (Option option in new Option[] { ho, token, devices, manifest, ca, json })
            {
                command.Add(option);
            }

            command.Validators.Add(result =>
            {
                bool hasDevices = result.GetResult(devices) != null;
                bool hasManifest = result.GetResult(manifest) != null;
                if (hasDevices == hasManifest)
                {
                    result.AddError("give exactly one of --devices and --manifest");
                }
            });
            CliApplication.SetAsyncAction(command, (parseResult, stdout, stderr, cancellationToken) =>
            {
                IReadOnlyList<string> ids = DeviceIds(parseResult.GetValue(devices), parseResult.GetValue(manifest));
                return RegisterAsync(parseResult.GetValue(ho), parseResult.GetValue(token), ids, parseResult.GetValue(ca), parseResult.GetValue(json), stdout, stderr, cancellationToken);
            });
            CliHelp.SetExamples(
                command,
                "m2m owner register --ho https://127.0.0.1:5002/ --token <owner token> --devices dev-1a2b,dev-3c4d --ca ca.crt.pem",
                "m2m owner register --ho https://127.0.0.1:5002/ --token <owner token> --manifest ./factory/manifest.json --ca ca.crt.pem --json");
            return command;
        }

        /// <summary>The ids of --devices or of the manifest; CliInputException for malformed input.</summary>
        public static IReadOnlyList<string> DeviceIds(string devices, string manifestPath, string devicesOption = "--devices")
        {
            if (devices != null)
            {
                if (!CliNetwork.TryParseDeviceIds(devices, out List<string> ids, out string problem))
                {
                    throw new CliInputException(devicesOption + ": " + problem);
                }

                return ids;
            }

            ManufactureManifest manifest;
            try
            {
                manifest = ManufactureManifest.Load(manifestPath);
            }
            catch (InvalidDataException exception)
            {
                throw new CliInputException("--manifest: " + exception.Message, exception);
            }

            if (manifest.Devices.Count == 0)
            {
                throw new CliInputException("--manifest: the manifest lists no devices");
            }

            var list = new List<string>();
            foreach (ManifestEntry entry in manifest.Devices)
            {
                list.Add(entry.DeviceId);
            }

            return list;
        }
    }
}
