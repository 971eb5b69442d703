using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Scenario;

namespace M2MDevice.Cli.Manufacture
{
    /// <summary>
    /// `m2m manufacture`: the manufacturer's tool (ARCHITECTURE 1 phase 1). Registers a batch at RS with the
    /// manufacturer's token and writes, under --out, one key-store image per device (images/&lt;id&gt;.m2mi), the
    /// manifest (manifest.json: id, PIMSI, image; no secrets) and the per-device keys the images are protected under
    /// (device-keys.json, mode 0600, test keys only). The work is Scenario/DeviceManufacturer's.
    /// </summary>
    public static class ManufactureCommand
    {
        /// <summary>Largest number of devices one command manufactures (RS batches of 1000 each).</summary>
        public const int MaxCount = 100_000;

        /// <summary>Builds the `manufacture` command.</summary>
        public static Command Create()
        {
            var command = new Command("manufacture", "Register a batch of devices at RS and write one key-store image per device, a manifest and the per-device keys file");
            Option<Uri> rs = CliNetwork.HttpsUrl("--rs", "RS base URL (m2m serve prints it)");
            Option<string> token = CliNetwork.Token("--token", "The manufacturer's bearer token at RS");
            Option<int> count = CliOptions.Range("--count", "Number of devices", 1, 1, MaxCount);
            Option<string> output = CliNetwork.Path("--out", "Output directory (created; must not already hold a manifest)");
            Option<AkaAlgorithmKind> algorithm = new Option<AkaAlgorithmKind>("--alg")
            {
                Description = "Algorithm of the preliminary credentials: milenage (TS 35.206) or tuak (TS 35.231)",
                HelpName = "milenage|tuak",
                DefaultValueFactory = _ => AkaAlgorithmKind.Milenage,
                CustomParser = result =>
                {
                    string text = CliOptions.SingleToken(result);
                    switch (text.ToLowerInvariant())
                    {
                        case "milenage":
                            return AkaAlgorithmKind.Milenage;
                        case "tuak":
                            return AkaAlgorithmKind.Tuak;
                        default:
                            result.AddError($"--alg: must be milenage or tuak");
                            return AkaAlgorithmKind.Milenage;
                    }
                },
            };
            Option<string> ca = CliNetwork.ExistingFile("--ca", "CA certificate (PEM) RS's TLS certificate must chain to (default: the system trust store)");
            Option<string> allowed = new Option<string>("--allowed-networks")
            {
                Description = "PLMNs (MCC+MNC) the devices may attach to with their PIMSI, comma-separated",
                HelpName = "PLMN[,PLMN...]",
                DefaultValueFactory = _ => "00101",
            };
            Option<int> mncLength = CliOptions.OneOf("--mnc-length", "Digits of the MNC in the PIMSI (EF_AD)", 2, 2, 3);
            Option<bool> json = new Option<bool>("--json") { Description = "Print one JSON object instead of lines" };
            rs.Required = true;
            token.Required = true;
            count.Required = true;
            count.DefaultValueFactory = null;
            output.Required = true;
            foreach (Option option in new Option[] { rs, token, count, output, algorithm, ca, allowed, mncLength, json })
            {
                command.Add(option);
            }

            CliApplication.SetAsyncAction(command, (parseResult, stdout, stderr, cancellationToken) => RunAsync(
                parseResult.GetValue(rs),
                parseResult.GetValue(token),
                parseResult.GetValue(count),
                parseResult.GetValue(output),
                parseResult.GetValue(algorithm),
                parseResult.GetValue(ca),
                ParsePlmns(parseResult.GetValue(allowed)),
                parseResult.GetValue(mncLength),
                parseResult.GetValue(json),
                stdout,
                stderr,
                cancellationToken));
            CliHelp.SetExamples(
                command,
                "m2m manufacture --rs https://127.0.0.1:5001/ --token <manufacturer token> --count 10 --out ./factory --ca ./m2m-data/pki/ca.crt.pem",
                "m2m manufacture --rs https://127.0.0.1:5001/ --token <manufacturer token> --count 1000 --alg tuak --out ./lot-2 --ca ca.crt.pem --json");
            return command;
        }

        /// <summary>Runs the command; see the class summary.</summary>
        public static async Task<CliExitCode> RunAsync(Uri rs, string token, int count, string directory, AkaAlgorithmKind algorithm, string caFile, IReadOnlyList<string> allowedNetworks, int mncLength, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(output);
            ArgumentNullException.ThrowIfNull(error);
            if (File.Exists(Path.Combine(directory, ManufactureManifest.FileName)))
            {
                throw new CliInputException($"--out: {directory} already holds a {ManufactureManifest.FileName}; choose a new directory (nothing was registered)");
            }

            using HttpClient http = CliNetwork.CreateHttpClient(rs, caFile);
            using var client = new RsClient(http, token);
            var manufacturer = new DeviceManufacturer(client) { AllowedNetworks = allowedNetworks, MncLength = mncLength };
            error.WriteLine($"registering {count} devices at {rs} ...");
            RsResult<ManufacturedBatch> made = await manufacturer.ManufactureAsync(count, algorithm, new ImmediateProgress<int>(n => error.WriteLine($"manufactured {n}/{count}")), cancellationToken).ConfigureAwait(false);
            if (!made.IsSuccess)
            {
                error.WriteLine($"m2m manufacture: {CliNetwork.Describe("RS", rs, made.Error)}");
                return CliExitCode.ServiceError;
            }

            ManufactureManifest manifest;
            try
            {
                manifest = ManufactureOutput.Write(directory, made.Value, ManufactureOutput.AlgorithmName(algorithm));
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                // The devices are registered at RS; say which batches so the operator can find them.
                error.WriteLine($"m2m manufacture: cannot write to {directory} ({exception.Message}); batches registered at RS: {string.Join(", ", made.Value.BatchIds)}");
                return CliExitCode.InputError;
            }
            finally
            {
                foreach (ManufacturedUnit unit in made.Value.Units)
                {
                    unit.Keys.Clear();
                }
            }

            string manifestPath = Path.Combine(directory, ManufactureManifest.FileName);
            string keysPath = Path.Combine(directory, DeviceKeysFile.FileName);
            if (json)
            {
                CliJson.Write(output, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("devices", manifest.Devices.Count);
                    writer.WriteString("rsAddress", manifest.RsAddress);
                    writer.WriteString("algorithm", manifest.Algorithm);
                    writer.WriteString("manifest", manifestPath);
                    writer.WriteString("keysFile", keysPath);
                    writer.WriteString("images", Path.Combine(directory, ManufactureOutput.ImagesFolder));
                    writer.WriteStartArray("batchIds");
                    foreach (string id in manifest.BatchIds)
                    {
                        writer.WriteStringValue(id);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                });
            }
            else
            {
                new CliOutput()
                    .Add("Devices", "devices", manifest.Devices.Count)
                    .Add("Batches", "batchIds", string.Join(", ", manifest.BatchIds))
                    .Add("RS address", "rsAddress", manifest.RsAddress)
                    .Add("Algorithm", "algorithm", manifest.Algorithm)
                    .Add("Allowed networks", "allowedNetworks", string.Join(",", manifest.AllowedNetworks))
                    .Add("Images", "images", Path.Combine(directory, ManufactureOutput.ImagesFolder))
                    .Add("Manifest", "manifest", manifestPath)
                    .Add("Keys file", "keysFile", keysPath + " (SECRET: per-device eFuse and storage keys, test keys only)")
                    .WriteTo(output, false);
            }

            return CliExitCode.Success;
        }

        private static IReadOnlyList<string> ParsePlmns(string text)
        {
            var plmns = new List<string>();
            foreach (string part in (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!PimsiRange.IsDigits(part, 5, 6))
                {
                    throw new CliInputException("--allowed-networks: each PLMN is MCC (3 digits) + MNC (2 or 3 digits), e.g. 00101");
                }

                plmns.Add(part);
            }

            if (plmns.Count == 0 || plmns.Count > 100)
            {
                throw new CliInputException("--allowed-networks: give 1 to 100 PLMNs");
            }

            return plmns;
        }
    }
}
