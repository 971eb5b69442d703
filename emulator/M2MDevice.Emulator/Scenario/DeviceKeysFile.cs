using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// device-keys.json of a manufacturing run: per device the eFuse key burnt into the board and the storage keys
    /// (KE, KM) its manufacture image is protected under. The manufacturer's secret: it goes to the flashing station
    /// (or the emulator), never to the owner, an operator or RS. Written owner-readable only. Test keys only.
    /// </summary>
    public static class DeviceKeysFile
    {
        /// <summary>Value of the "format" field.</summary>
        public const string Format = "m2m-device-keys";

        /// <summary>The version this code writes and reads.</summary>
        public const int Version = 1;

        /// <summary>Default file name in the output directory.</summary>
        public const string FileName = "device-keys.json";

        /// <summary>Writes the keys of units (mode 0600 where the platform has Unix modes).</summary>
        public static void Write(string path, IReadOnlyList<ManufacturedUnit> units)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            ArgumentNullException.ThrowIfNull(units);
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(path, options);
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("version", Version);
            json.WriteString("warning", "SECRET, emulator test keys only: per-device eFuse keys and the storage keys derived from them (KE, KM); the manufacture images are encrypted and MAC'd under these. Keep with the manufacturer.");
            json.WriteString("derivation", "KE = HMAC-SHA-256(efuseKey, \"" + DeviceStorageKeys.EncryptionLabel + "\")[0..16), KM = HMAC-SHA-256(efuseKey, \"" + DeviceStorageKeys.MacLabel + "\")[0..16)");
            json.WriteStartArray("devices");
            foreach (ManufacturedUnit unit in units)
            {
                json.WriteStartObject();
                json.WriteString("deviceId", unit.DeviceId);
                json.WriteString("efuseKey", Convert.ToHexStringLower(unit.Keys.EfuseKey));
                json.WriteString("storageEncryptionKey", Convert.ToHexStringLower(unit.Keys.EncryptionKey));
                json.WriteString("storageMacKey", Convert.ToHexStringLower(unit.Keys.MacKey));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        /// <summary>
        /// Reads a keys file: device id to keys, re-derived from each eFuse key and checked against the stored KE/KM.
        /// InvalidDataException with a one-line reason (never a key) for anything malformed.
        /// </summary>
        public static IReadOnlyDictionary<string, DeviceStorageKeys> Load(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            try
            {
                using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out JsonElement format) || format.GetString() != Format)
                {
                    throw new InvalidDataException($"{path} is not a device keys file (format must be '{Format}')");
                }

                var keys = new Dictionary<string, DeviceStorageKeys>(StringComparer.Ordinal);
                int index = 0;
                foreach (JsonElement device in root.GetProperty("devices").EnumerateArray())
                {
                    string id = device.GetProperty("deviceId").GetString();
                    DeviceStorageKeys derived = DeviceStorageKeys.Derive(Convert.FromHexString(device.GetProperty("efuseKey").GetString()));
                    if (!derived.EncryptionKey.AsSpan().SequenceEqual(Convert.FromHexString(device.GetProperty("storageEncryptionKey").GetString()))
                        || !derived.MacKey.AsSpan().SequenceEqual(Convert.FromHexString(device.GetProperty("storageMacKey").GetString())))
                    {
                        throw new InvalidDataException($"{path}: devices[{index}]: the storage keys do not derive from the eFuse key");
                    }

                    keys[id] = derived;
                    index++;
                }

                return keys;
            }
            catch (Exception exception) when (exception is JsonException || exception is KeyNotFoundException || exception is InvalidOperationException || exception is FormatException || exception is ArgumentException)
            {
                throw new InvalidDataException($"{path}: malformed device keys file", exception);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new InvalidDataException($"cannot read {path}", exception);
            }
        }
    }
}
