using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Visited;

namespace M2MDevice.Emulator.Radio
{
    /// <summary>
    /// The operators in coverage of the emulated modems (ARCHITECTURE 2, Radio): each a PLMN with a signal and
    /// a visited operator core with its roaming policy. Built in code or loaded from the JSON file documented
    /// in docs/emulator-modem.md. Immutable and thread-safe; many modems share one.
    /// </summary>
    public sealed class RadioEnvironment
    {
        /// <summary>The configuration format version this code reads.</summary>
        public const int FormatVersion = 1;

        private readonly List<CellOperator> operators;

        /// <summary>Creates an environment from operators (PLMNs must be unique).</summary>
        public RadioEnvironment(IEnumerable<CellOperator> operators)
        {
            ArgumentNullException.ThrowIfNull(operators);
            this.operators = new List<CellOperator>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (CellOperator cell in operators)
            {
                ArgumentNullException.ThrowIfNull(cell);
                if (!seen.Add(cell.Plmn))
                {
                    throw new ArgumentException("duplicate PLMN " + cell.Plmn, nameof(operators));
                }

                this.operators.Add(cell);
            }
        }

        /// <summary>Operators in coverage, in configuration order.</summary>
        public IReadOnlyList<CellOperator> Operators => operators;

        /// <summary>The operator with the numeric PLMN, if in coverage.</summary>
        public bool TryFind(string plmn, out CellOperator cell)
        {
            foreach (CellOperator candidate in operators)
            {
                if (candidate.Plmn == plmn)
                {
                    cell = candidate;
                    return true;
                }
            }

            cell = null;
            return false;
        }

        /// <summary>
        /// Loads the JSON file at path (docs/emulator-modem.md). Sources of type "external" are taken from
        /// externalSources by name (e.g. a home operator's AuC wired in code); relative file names are resolved
        /// against the file's folder. Throws <see cref="RadioConfigurationException"/> for any malformed content.
        /// </summary>
        public static RadioEnvironment Load(string path, IReadOnlyDictionary<string, IAuthenticationVectorSource> externalSources = null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            string json;
            try
            {
                json = File.ReadAllText(path);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new RadioConfigurationException("cannot read the radio configuration " + path, exception);
            }

            return Parse(json, Path.GetDirectoryName(Path.GetFullPath(path)), externalSources);
        }

        /// <summary>Parses the JSON text; see <see cref="Load"/>.</summary>
        public static RadioEnvironment Parse(string json, string baseDirectory, IReadOnlyDictionary<string, IAuthenticationVectorSource> externalSources = null)
        {
            ArgumentNullException.ThrowIfNull(json);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
            }
            catch (JsonException exception)
            {
                throw new RadioConfigurationException("the radio configuration is not valid JSON (line " + (exception.LineNumber + 1) + ")", exception);
            }

            using (document)
            {
                var reader = new ConfigReader(baseDirectory ?? Directory.GetCurrentDirectory(), externalSources);
                return reader.Read(document.RootElement);
            }
        }

        private sealed class ConfigReader
        {
            private readonly string baseDirectory;
            private readonly IReadOnlyDictionary<string, IAuthenticationVectorSource> externalSources;
            private readonly Dictionary<string, IAuthenticationVectorSource> sources = new Dictionary<string, IAuthenticationVectorSource>(StringComparer.Ordinal);

            public ConfigReader(string baseDirectory, IReadOnlyDictionary<string, IAuthenticationVectorSource> externalSources)
            {
                this.baseDirectory = baseDirectory;
                this.externalSources = externalSources ?? new Dictionary<string, IAuthenticationVectorSource>();
            }

            public RadioEnvironment Read(JsonElement root)
            {
                RequireObject(root, "the document");
                AllowOnly(root, "the document", "version", "authenticationSources", "operators");
                int version = RequiredInt(root, "version", "the document", 1, 1000);
                if (version != FormatVersion)
                {
                    throw new RadioConfigurationException("unsupported radio configuration version " + version + " (this build reads " + FormatVersion + ")");
                }

                if (root.TryGetProperty("authenticationSources", out JsonElement sourceList))
                {
                    RequireObject(sourceList, "authenticationSources");
                    foreach (JsonProperty source in sourceList.EnumerateObject())
                    {
                        // JSON lets a name repeat; a second definition is a mistake, not an override.
                        if (sources.ContainsKey(source.Name))
                        {
                            throw new RadioConfigurationException("authenticationSources." + source.Name + " is given twice");
                        }

                        sources.Add(source.Name, ReadSource(source.Name, source.Value));
                    }
                }

                if (!root.TryGetProperty("operators", out JsonElement operatorList) || operatorList.ValueKind != JsonValueKind.Array)
                {
                    throw new RadioConfigurationException("'operators' must be an array");
                }

                var cells = new List<CellOperator>();
                int index = 0;
                foreach (JsonElement item in operatorList.EnumerateArray())
                {
                    cells.Add(ReadOperator(item, "operators[" + index + "]"));
                    index++;
                }

                try
                {
                    return new RadioEnvironment(cells);
                }
                catch (ArgumentException exception)
                {
                    throw new RadioConfigurationException(exception.Message, exception);
                }
            }

            private IAuthenticationVectorSource ReadSource(string name, JsonElement element)
            {
                string where = "authenticationSources." + name;
                RequireObject(element, where);
                string type = RequiredString(element, "type", where);
                switch (type)
                {
                    case "external":
                        AllowOnly(element, where, "type");
                        if (!externalSources.TryGetValue(name, out IAuthenticationVectorSource external))
                        {
                            throw new RadioConfigurationException(where + ": no external source of that name was supplied");
                        }

                        return external;
                    case "rs-roaming":
                    case "ho-roaming": // the HO serves the same SendAuthenticationInfo API (docs/ho-api.md)
                        AllowOnly(element, where, "type", "baseUrl", "token", "tokenFile", "caCertificateFile");
                        string url = RequiredString(element, "baseUrl", where);
                        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri baseUrl) || baseUrl.Scheme != Uri.UriSchemeHttps)
                        {
                            throw new RadioConfigurationException(where + ".baseUrl must be an absolute https URL");
                        }

                        string token = OptionalString(element, "token", where);
                        string tokenFile = OptionalString(element, "tokenFile", where);
                        if ((token == null) == (tokenFile == null))
                        {
                            throw new RadioConfigurationException(where + ": give exactly one of 'token' and 'tokenFile'");
                        }

                        if (tokenFile != null)
                        {
                            token = ReadFile(tokenFile, where + ".tokenFile").Trim();
                        }

                        string caFile = RequiredString(element, "caCertificateFile", where);
                        X509Certificate2Collection anchors = new X509Certificate2Collection();
                        try
                        {
                            anchors.ImportFromPem(ReadFile(caFile, where + ".caCertificateFile"));
                        }
                        catch (System.Security.Cryptography.CryptographicException exception)
                        {
                            throw new RadioConfigurationException(where + ".caCertificateFile holds no usable PEM certificate", exception);
                        }

                        if (anchors.Count == 0)
                        {
                            throw new RadioConfigurationException(where + ".caCertificateFile holds no PEM certificate");
                        }

                        // Issue 8: the TLS stack builds the one chain against these anchors only (never the system store)
                        // and the callback checks that chain, with the verdicts of TrustAnchorValidator.Validate. The policy
                        // verifies at the time of each build (this client lives long), which is TimeProvider.System's time.
                        var handler = new SocketsHttpHandler();
                        X509ChainPolicy policy = TrustAnchorValidator.CreateChainPolicy(anchors, TimeProvider.System);
                        policy.VerificationTimeIgnored = true;
                        handler.SslOptions.CertificateChainPolicy = policy;
                        handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                            certificate != null && TrustAnchorValidator.ValidateBuilt(certificate, chain, anchors, (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0) == TlsValidationResult.Valid;
                        return new RsRoamingClient(new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) }, baseUrl, token);
                    default:
                        throw new RadioConfigurationException(where + ".type must be 'rs-roaming', 'ho-roaming' or 'external'");
                }
            }

            private CellOperator ReadOperator(JsonElement element, string where)
            {
                RequireObject(element, where);
                AllowOnly(element, where, "plmn", "longName", "shortName", "accessTechnology", "rssi", "ber", "areaCode", "cellId",
                    "defaultRejectCause", "walledGarden", "subscribers");
                string plmn = RequiredString(element, "plmn", where);
                string longName = RequiredString(element, "longName", where);
                string shortName = OptionalString(element, "shortName", where) ?? string.Empty;
                int accessTechnology = OptionalInt(element, "accessTechnology", where, 0, 13, 7);
                int rssi = OptionalInt(element, "rssi", where, 0, 99, 20);
                int ber = OptionalInt(element, "ber", where, 0, 99, 0);
                int areaCode = OptionalInt(element, "areaCode", where, 0, 0xFFFF, 1);
                int cellId = OptionalInt(element, "cellId", where, 0, 0x0FFFFFFF, 1);
                int defaultCause = OptionalInt(element, "defaultRejectCause", where, 1, 255, NasCause.PlmnNotAllowed);
                DataSessionPolicy garden = null;
                if (element.TryGetProperty("walledGarden", out JsonElement gardenElement))
                {
                    garden = ReadWalledGarden(gardenElement, where + ".walledGarden");
                }

                var rules = new List<SubscriberRule>();
                if (element.TryGetProperty("subscribers", out JsonElement ruleList))
                {
                    if (ruleList.ValueKind != JsonValueKind.Array)
                    {
                        throw new RadioConfigurationException(where + ".subscribers must be an array");
                    }

                    int index = 0;
                    foreach (JsonElement rule in ruleList.EnumerateArray())
                    {
                        rules.Add(ReadRule(rule, where + ".subscribers[" + index + "]", garden != null));
                        index++;
                    }
                }

                try
                {
                    var core = new VisitedOperator(longName, rules, defaultCause, garden);
                    return new CellOperator(plmn, longName, shortName, accessTechnology, rssi, ber, areaCode, cellId, core);
                }
                catch (ArgumentException exception)
                {
                    throw new RadioConfigurationException(where + ": " + exception.Message, exception);
                }
            }

            private SubscriberRule ReadRule(JsonElement element, string where, bool hasGarden)
            {
                RequireObject(element, where);
                AllowOnly(element, where, "imsiPrefix", "imsiFirst", "imsiLast", "source", "reject", "walledGarden");
                string prefix = OptionalString(element, "imsiPrefix", where);
                string first = OptionalString(element, "imsiFirst", where);
                string last = OptionalString(element, "imsiLast", where);
                if (prefix != null && (first != null || last != null))
                {
                    throw new RadioConfigurationException(where + ": give 'imsiPrefix' or 'imsiFirst'+'imsiLast', not both");
                }

                if (prefix != null)
                {
                    first = prefix;
                    last = prefix;
                }
                else if (first == null || last == null)
                {
                    throw new RadioConfigurationException(where + ": an IMSI range needs 'imsiPrefix' or both 'imsiFirst' and 'imsiLast'");
                }

                string sourceName = OptionalString(element, "source", where);
                bool hasReject = element.TryGetProperty("reject", out _);
                bool walled = element.TryGetProperty("walledGarden", out JsonElement walledElement) && RequiredBool(walledElement, where + ".walledGarden");
                try
                {
                    if (hasReject == (sourceName != null))
                    {
                        throw new RadioConfigurationException(where + ": give exactly one of 'source' and 'reject'");
                    }

                    if (hasReject)
                    {
                        return SubscriberRule.Reject(first, last, RequiredInt(element, "reject", where, 1, 255));
                    }

                    if (!sources.TryGetValue(sourceName, out IAuthenticationVectorSource source))
                    {
                        throw new RadioConfigurationException(where + ".source names no entry of authenticationSources");
                    }

                    if (walled && !hasGarden)
                    {
                        throw new RadioConfigurationException(where + ".walledGarden needs the operator's 'walledGarden' policy");
                    }

                    return SubscriberRule.Accept(first, last, source, sourceName, walled);
                }
                catch (ArgumentException exception)
                {
                    throw new RadioConfigurationException(where + ": " + exception.Message, exception);
                }
            }

            private static DataSessionPolicy ReadWalledGarden(JsonElement element, string where)
            {
                RequireObject(element, where);
                AllowOnly(element, where, "allowedHosts", "maxBytes", "maxSeconds");
                if (!element.TryGetProperty("allowedHosts", out JsonElement hosts) || hosts.ValueKind != JsonValueKind.Array)
                {
                    throw new RadioConfigurationException(where + ".allowedHosts must be an array of host or host:port strings");
                }

                var list = new List<string>();
                foreach (JsonElement host in hosts.EnumerateArray())
                {
                    if (host.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(host.GetString()))
                    {
                        throw new RadioConfigurationException(where + ".allowedHosts holds a non-string or empty entry");
                    }

                    list.Add(host.GetString());
                }

                int maxBytes = OptionalInt(element, "maxBytes", where, 0, int.MaxValue, 256 * 1024);
                int maxSeconds = OptionalInt(element, "maxSeconds", where, 0, 86400, 900);
                return new DataSessionPolicy(list, maxBytes, TimeSpan.FromSeconds(maxSeconds));
            }

            private string ReadFile(string name, string where)
            {
                try
                {
                    string path = Path.IsPathRooted(name) ? name : Path.Combine(baseDirectory, name);
                    return File.ReadAllText(path);
                }
                catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException || exception is ArgumentException || exception is NotSupportedException)
                {
                    // ArgumentException: a name the file system cannot take (e.g. a NUL character) is a config error too.
                    throw new RadioConfigurationException(where + ": cannot read " + name, exception);
                }
            }

            private static void RequireObject(JsonElement element, string where)
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw new RadioConfigurationException(where + " must be a JSON object");
                }
            }

            private static void AllowOnly(JsonElement element, string where, params string[] names)
            {
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (Array.IndexOf(names, property.Name) < 0)
                    {
                        throw new RadioConfigurationException(where + ": unknown field '" + property.Name + "'");
                    }
                }
            }

            private static string RequiredString(JsonElement element, string name, string where)
            {
                string value = OptionalString(element, name, where);
                if (string.IsNullOrEmpty(value))
                {
                    throw new RadioConfigurationException(where + "." + name + " is required");
                }

                return value;
            }

            private static string OptionalString(JsonElement element, string name, string where)
            {
                if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
                {
                    return null;
                }

                if (value.ValueKind != JsonValueKind.String)
                {
                    throw new RadioConfigurationException(where + "." + name + " must be a string");
                }

                return value.GetString();
            }

            private static int RequiredInt(JsonElement element, string name, string where, int minimum, int maximum)
            {
                if (!element.TryGetProperty(name, out _))
                {
                    throw new RadioConfigurationException(where + "." + name + " is required");
                }

                return OptionalInt(element, name, where, minimum, maximum, 0);
            }

            private static int OptionalInt(JsonElement element, string name, string where, int minimum, int maximum, int fallback)
            {
                if (!element.TryGetProperty(name, out JsonElement value))
                {
                    return fallback;
                }

                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number) || number < minimum || number > maximum)
                {
                    throw new RadioConfigurationException(where + "." + name + " must be an integer in " + minimum + ".." + maximum);
                }

                return number;
            }

            private static bool RequiredBool(JsonElement value, string where)
            {
                if (value.ValueKind != JsonValueKind.True && value.ValueKind != JsonValueKind.False)
                {
                    throw new RadioConfigurationException(where + " must be true or false");
                }

                return value.ValueKind == JsonValueKind.True;
            }
        }
    }
}
