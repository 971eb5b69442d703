using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// manifest.json of a manufacturing run (docs/emulator.md): format tag, version, RS address, algorithm, batch ids,
    /// allowed networks, the keys file name and one <see cref="ManifestEntry"/> per device. Holds no secret: it is what
    /// the manufacturer hands to the device owner with the devices (the owner registers the ids at its HO).
    /// </summary>
    public sealed class ManufactureManifest
    {
        /// <summary>Value of the "format" field.</summary>
        public const string Format = "m2m-manufacture-manifest";

        /// <summary>The version this code writes and reads.</summary>
        public const int Version = 1;

        /// <summary>Default file name in the output directory.</summary>
        public const string FileName = "manifest.json";

        /// <summary>RS address written into the images.</summary>
        public string RsAddress { get; init; }

        /// <summary>"milenage" or "tuak".</summary>
        public string Algorithm { get; init; }

        /// <summary>RS batch ids.</summary>
        public IReadOnlyList<string> BatchIds { get; init; } = Array.Empty<string>();

        /// <summary>Allowed networks written into the images (numeric PLMNs).</summary>
        public IReadOnlyList<string> AllowedNetworks { get; init; } = Array.Empty<string>();

        /// <summary>Name of the keys file next to the manifest.</summary>
        public string KeysFile { get; init; }

        /// <summary>When the run finished.</summary>
        public DateTimeOffset CreatedAt { get; init; }

        /// <summary>The devices.</summary>
        public IReadOnlyList<ManifestEntry> Devices { get; init; } = Array.Empty<ManifestEntry>();

        /// <summary>Writes the manifest as indented JSON.</summary>
        public void Write(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            using FileStream stream = File.Create(path);
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("version", Version);
            json.WriteString("createdAt", this.CreatedAt);
            json.WriteString("rsAddress", this.RsAddress);
            json.WriteString("algorithm", this.Algorithm);
            json.WriteString("keysFile", this.KeysFile);
            WriteStrings(json, "batchIds", this.BatchIds);
            WriteStrings(json, "allowedNetworks", this.AllowedNetworks);
            json.WriteStartArray("devices");
            foreach (ManifestEntry entry in this.Devices)
            {
                json.WriteStartObject();
                json.WriteString("deviceId", entry.DeviceId);
                json.WriteString("pimsi", entry.Pimsi);
                json.WriteString("image", entry.Image);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        /// <summary>Reads a manifest; InvalidDataException with a one-line reason for anything malformed.</summary>
        public static ManufactureManifest Load(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new InvalidDataException($"cannot read the manifest {path}", exception);
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(bytes);
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out JsonElement format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
                {
                    throw new InvalidDataException($"{path} is not a manufacture manifest (format must be '{Format}')");
                }

                if (!root.TryGetProperty("version", out JsonElement version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out int number) || number != Version)
                {
                    throw new InvalidDataException($"{path}: unsupported manifest version (this build reads {Version})");
                }

                if (!root.TryGetProperty("devices", out JsonElement devices) || devices.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidDataException($"{path}: 'devices' must be an array");
                }

                var entries = new List<ManifestEntry>();
                int index = 0;
                foreach (JsonElement device in devices.EnumerateArray())
                {
                    string id = Text(device, "deviceId");
                    if (string.IsNullOrWhiteSpace(id))
                    {
                        throw new InvalidDataException($"{path}: devices[{index}].deviceId is required");
                    }

                    entries.Add(new ManifestEntry(id, Text(device, "pimsi"), Text(device, "image")));
                    index++;
                }

                return new ManufactureManifest
                {
                    RsAddress = Text(root, "rsAddress"),
                    Algorithm = Text(root, "algorithm"),
                    KeysFile = Text(root, "keysFile"),
                    BatchIds = Strings(root, "batchIds"),
                    AllowedNetworks = Strings(root, "allowedNetworks"),
                    CreatedAt = root.TryGetProperty("createdAt", out JsonElement created) && created.TryGetDateTimeOffset(out DateTimeOffset at) ? at : default,
                    Devices = entries,
                };
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException($"{path} is not valid JSON (line {exception.LineNumber + 1})", exception);
            }
            catch (InvalidOperationException exception)
            {
                throw new InvalidDataException($"{path}: a field has the wrong type", exception);
            }
        }

        private static string Text(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static IReadOnlyList<string> Strings(JsonElement element, string name)
        {
            var list = new List<string>();
            if (element.TryGetProperty(name, out JsonElement array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in array.EnumerateArray())
                {
                    list.Add(item.GetString());
                }
            }

            return list;
        }

        private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
        {
            json.WriteStartArray(name);
            foreach (string value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }
    }
}
