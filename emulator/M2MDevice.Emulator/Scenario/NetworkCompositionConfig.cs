using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using M2MDevice.Emulator.Rs;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// Reads <see cref="NetworkCompositionOptions"/> from the JSON configuration file of `m2m serve --config`
    /// (docs/emulator.md): version 1; optional sections "registrationService", "homeOperators", "visitedOperators"
    /// (an absent section keeps the default network's), "dataDirectory" (relative to the file) and "manufacturer".
    /// Unknown fields, wrong types and out-of-range values are refused with a one-line
    /// <see cref="NetworkConfigurationException"/> naming the field.
    /// </summary>
    public static class NetworkCompositionConfig
    {
        /// <summary>The configuration format version this code reads.</summary>
        public const int FormatVersion = 1;

        /// <summary>Loads and validates the file at path.</summary>
        public static NetworkCompositionOptions Load(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new NetworkConfigurationException($"cannot read the configuration file {path}", exception);
            }

            return Parse(text, Path.GetDirectoryName(Path.GetFullPath(path)));
        }

        /// <summary>Parses and validates JSON text; a relative dataDirectory is resolved against baseDirectory.</summary>
        public static NetworkCompositionOptions Parse(string json, string baseDirectory)
        {
            ArgumentNullException.ThrowIfNull(json);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException exception)
            {
                throw new NetworkConfigurationException($"the configuration is not valid JSON (line {exception.LineNumber + 1})", exception);
            }

            using (document)
            {
                JsonElement root = document.RootElement;
                Object(root, "the configuration");
                AllowOnly(root, "the configuration", "version", "dataDirectory", "manufacturer", "registrationService", "homeOperators", "visitedOperators");
                if (!root.TryGetProperty("version", out _))
                {
                    throw new NetworkConfigurationException("version is required (this build reads 1)");
                }

                int version = Int(root, "version", "the configuration", 0, 1, 1000);
                if (version != FormatVersion)
                {
                    throw new NetworkConfigurationException($"unsupported configuration version {version} (this build reads {FormatVersion})");
                }

                NetworkCompositionOptions defaults = NetworkCompositionOptions.CreateDefault();
                var options = new NetworkCompositionOptions();
                string data = Text(root, "dataDirectory", "the configuration");
                if (data != null)
                {
                    if (data.Length == 0 || data.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || data.IndexOf('\0') >= 0)
                    {
                        throw new NetworkConfigurationException("\"dataDirectory\" of the configuration is not a usable path");
                    }

                    options.DataDirectory = Path.IsPathRooted(data) ? data : Path.GetFullPath(Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), data));
                }

                options.ManufacturerName = Text(root, "manufacturer", "the configuration") ?? options.ManufacturerName;
                if (root.TryGetProperty("registrationService", out JsonElement rs))
                {
                    const string where = "registrationService";
                    Object(rs, where);
                    AllowOnly(rs, where, "hostName", "port", "mcc", "mnc", "firstMsin", "lastMsin");
                    options.RsHostName = Text(rs, "hostName", where) ?? options.RsHostName;
                    options.RsPort = Int(rs, "port", where, 0, 0, 65535);
                    options.PimsiRange = Range(rs, where, "001", "01");
                }

                if (root.TryGetProperty("homeOperators", out JsonElement hos))
                {
                    int index = 0;
                    foreach (JsonElement ho in Array(hos, "homeOperators"))
                    {
                        options.HomeOperators.Add(ReadHomeOperator(ho, $"homeOperators[{index++}]"));
                    }
                }
                else
                {
                    foreach (HomeOperatorSpec ho in defaults.HomeOperators)
                    {
                        options.HomeOperators.Add(ho);
                    }
                }

                if (root.TryGetProperty("visitedOperators", out JsonElement vos))
                {
                    int index = 0;
                    foreach (JsonElement vo in Array(vos, "visitedOperators"))
                    {
                        options.VisitedOperators.Add(ReadVisitedOperator(vo, $"visitedOperators[{index++}]"));
                    }
                }
                else
                {
                    foreach (VisitedOperatorSpec vo in defaults.VisitedOperators)
                    {
                        options.VisitedOperators.Add(vo);
                    }
                }

                options.Validate();
                return options;
            }
        }

        private static HomeOperatorSpec ReadHomeOperator(JsonElement element, string where)
        {
            Object(element, where);
            AllowOnly(element, where, "name", "nafHost", "mcc", "mnc", "firstMsin", "lastMsin", "iccidPrefix", "port", "owner", "inCoverage");
            string name = Text(element, "name", where) ?? throw new NetworkConfigurationException(where + ".name is required");
            if (!element.TryGetProperty("mnc", out _))
            {
                throw new NetworkConfigurationException(where + ".mnc is required (each home operator has its own PLMN)");
            }

            return new HomeOperatorSpec
            {
                Name = name,
                NafHost = Text(element, "nafHost", where),
                ImsiRange = Range(element, where, "001", null),
                IccidIssuerPrefix = Text(element, "iccidPrefix", where),
                Port = Int(element, "port", where, 0, 0, 65535),
                OwnerName = Text(element, "owner", where),
                InCoverage = Bool(element, "inCoverage", where, true),
            };
        }

        private static VisitedOperatorSpec ReadVisitedOperator(JsonElement element, string where)
        {
            Object(element, where);
            AllowOnly(element, where, "name", "plmn", "shortName", "rssi", "acceptsPimsis", "walledGarden", "homeOperators");
            List<string> homeOperators = null;
            if (element.TryGetProperty("homeOperators", out JsonElement list))
            {
                homeOperators = new List<string>();
                foreach (JsonElement item in Array(list, where + ".homeOperators"))
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        throw new NetworkConfigurationException(where + ".homeOperators must hold home operator names");
                    }

                    homeOperators.Add(item.GetString());
                }
            }

            return new VisitedOperatorSpec
            {
                Name = Text(element, "name", where) ?? throw new NetworkConfigurationException(where + ".name is required"),
                Plmn = Text(element, "plmn", where) ?? throw new NetworkConfigurationException(where + ".plmn is required"),
                ShortName = Text(element, "shortName", where),
                Rssi = Int(element, "rssi", where, 20, 0, 31),
                AcceptsPimsis = Bool(element, "acceptsPimsis", where, false),
                WalledGarden = Bool(element, "walledGarden", where, true),
                HomeOperators = homeOperators,
            };
        }

        private static PimsiRange Range(JsonElement element, string where, string defaultMcc, string defaultMnc)
        {
            string mcc = Text(element, "mcc", where) ?? defaultMcc;
            string mnc = Text(element, "mnc", where) ?? defaultMnc;
            long first = Long(element, "firstMsin", where, 0);
            long last = Long(element, "lastMsin", where, 999_999);
            try
            {
                return new PimsiRange(mcc, mnc, first, last);
            }
            catch (ArgumentException exception)
            {
                throw new NetworkConfigurationException($"{where}: {FirstLine(exception.Message)}", exception);
            }
        }

        private static string FirstLine(string message)
        {
            int end = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            return end > 0 ? message.Substring(0, end) : message;
        }

        private static void Object(JsonElement element, string where)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new NetworkConfigurationException(where + " must be a JSON object");
            }
        }

        private static JsonElement.ArrayEnumerator Array(JsonElement element, string where)
        {
            if (element.ValueKind != JsonValueKind.Array)
            {
                throw new NetworkConfigurationException(where + " must be an array");
            }

            return element.EnumerateArray();
        }

        private static void AllowOnly(JsonElement element, string where, params string[] names)
        {
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (System.Array.IndexOf(names, property.Name) < 0)
                {
                    throw new NetworkConfigurationException($"{where}: unknown field '{property.Name}'");
                }
            }
        }

        private static string Text(JsonElement element, string name, string where)
        {
            if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                throw new NetworkConfigurationException($"{where}.{name} must be a non-empty string");
            }

            return value.GetString();
        }

        private static int Int(JsonElement element, string name, string where, int fallback, int minimum, int maximum) =>
            (int)Long(element, name, where, fallback, minimum, maximum);

        private static long Long(JsonElement element, string name, string where, long fallback, long minimum = 0, long maximum = 999_999_999_999)
        {
            if (!element.TryGetProperty(name, out JsonElement value))
            {
                return fallback;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long number) || number < minimum || number > maximum)
            {
                throw new NetworkConfigurationException($"{where}.{name} must be an integer in {minimum}..{maximum}");
            }

            return number;
        }

        private static bool Bool(JsonElement element, string name, string where, bool fallback)
        {
            if (!element.TryGetProperty(name, out JsonElement value))
            {
                return fallback;
            }

            if (value.ValueKind != JsonValueKind.True && value.ValueKind != JsonValueKind.False)
            {
                throw new NetworkConfigurationException($"{where}.{name} must be true or false");
            }

            return value.ValueKind == JsonValueKind.True;
        }
    }
}
