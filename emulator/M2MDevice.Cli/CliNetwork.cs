using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using M2MDevice.Emulator.Hosting;

namespace M2MDevice.Cli
{
    /// <summary>
    /// Options and helpers of the commands that talk to RS and home operators: https URLs, bearer tokens (never
    /// echoed), existing files, device id lists, and HttpClients that trust a given CA certificate file only.
    /// </summary>
    public static class CliNetwork
    {
        /// <summary>Longest bearer token accepted on the command line.</summary>
        public const int MaxTokenLength = 512;

        /// <summary>An option holding an absolute https URL (the RS or HO base address).</summary>
        public static Option<Uri> HttpsUrl(string name, string description)
        {
            var option = new Option<Uri>(name) { Description = description, HelpName = "URL" };
            option.CustomParser = result =>
            {
                string text = CliOptions.SingleToken(result);
                if (CliOptions.IsOptionToken(result, name, text))
                {
                    return null;
                }

                if (!Uri.TryCreate(text, UriKind.Absolute, out Uri uri) || uri.Scheme != Uri.UriSchemeHttps)
                {
                    result.AddError($"{name}: must be an absolute https URL (e.g. https://127.0.0.1:5001/)");
                    return null;
                }

                return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
            };
            return option;
        }

        /// <summary>An option holding a bearer token; errors never repeat it.</summary>
        public static Option<string> Token(string name, string description)
        {
            var option = new Option<string>(name) { Description = description, HelpName = "TOKEN" };
            option.CustomParser = result =>
            {
                string text = CliOptions.SingleToken(result);
                if (CliOptions.IsOptionToken(result, name, text))
                {
                    return null;
                }

                if (text.Length == 0 || text.Length > MaxTokenLength)
                {
                    result.AddError($"{name}: a token is 1 to {MaxTokenLength} characters");
                    return null;
                }

                foreach (char c in text)
                {
                    if (c <= ' ' || c > '~')
                    {
                        result.AddError($"{name}: a token is printable ASCII without spaces");
                        return null;
                    }
                }

                return text;
            };
            return option;
        }

        /// <summary>An option naming a file that must exist.</summary>
        public static Option<string> ExistingFile(string name, string description)
        {
            var option = new Option<string>(name) { Description = description, HelpName = "FILE" };
            option.CustomParser = result =>
            {
                string text = CliOptions.SingleToken(result);
                if (CliOptions.IsOptionToken(result, name, text))
                {
                    return null;
                }

                if (text.Length == 0 || !File.Exists(text))
                {
                    result.AddError($"{name}: file not found: {text}");
                    return null;
                }

                return text;
            };
            return option;
        }

        /// <summary>An option naming a directory or file to create (any non-empty path).</summary>
        public static Option<string> Path(string name, string description, string helpName = "DIR")
        {
            var option = new Option<string>(name) { Description = description, HelpName = helpName };
            option.CustomParser = result =>
            {
                string text = CliOptions.SingleToken(result);
                if (CliOptions.IsOptionToken(result, name, text))
                {
                    return null;
                }

                if (string.IsNullOrWhiteSpace(text) || text.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
                {
                    result.AddError($"{name}: a path is required");
                    return null;
                }

                return text;
            };
            return option;
        }

        /// <summary>Splits "a,b,c" device ids; false with a problem for an empty or malformed id (1..64 printable ASCII, no space).</summary>
        public static bool TryParseDeviceIds(string text, out List<string> ids, out string problem)
        {
            ids = new List<string>();
            problem = null;
            foreach (string part in (text ?? string.Empty).Split(','))
            {
                string id = part.Trim();
                if (id.Length == 0 || id.Length > 64)
                {
                    problem = "device ids are 1 to 64 characters, separated by commas";
                    return false;
                }

                foreach (char c in id)
                {
                    if (c <= ' ' || c > '~')
                    {
                        problem = "device ids are printable ASCII without spaces";
                        return false;
                    }
                }

                if (!ids.Contains(id))
                {
                    ids.Add(id);
                }
            }

            return true;
        }

        /// <summary>
        /// An HttpClient for baseAddress. With caFile (PEM), the server must chain to one of its certificates and match
        /// the host name (the emulator CA, `m2m serve` prints its path); without, the system trust store applies.
        /// </summary>
        public static HttpClient CreateHttpClient(Uri baseAddress, string caFile, string optionName = "--ca")
        {
            ArgumentNullException.ThrowIfNull(baseAddress);
            var handler = new SocketsHttpHandler();
            if (caFile != null)
            {
                var anchors = new X509Certificate2Collection();
                try
                {
                    anchors.ImportFromPem(File.ReadAllText(caFile));
                }
                catch (Exception exception) when (exception is CryptographicException || exception is IOException || exception is UnauthorizedAccessException)
                {
                    throw new CliInputException($"{optionName}: cannot read a PEM certificate from {caFile}", exception);
                }

                if (anchors.Count == 0)
                {
                    throw new CliInputException($"{optionName}: {caFile} holds no PEM certificate");
                }

                handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => Validate(certificate, anchors, errors);
            }

            return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        }

        /// <summary>One line for a refusal: "RS refused: 409 associated-elsewhere: detail" or "cannot reach HO at URL: reason".</summary>
        public static string Describe(string server, Uri address, ApiError error)
        {
            ArgumentNullException.ThrowIfNull(error);
            return error.Status == 0
                ? $"cannot reach {server} at {address}: {error.Detail}"
                : $"{server} refused: {error.Status} {error.Code}: {error.Detail}";
        }

        private static bool Validate(X509Certificate certificate, X509Certificate2Collection anchors, SslPolicyErrors errors)
        {
            if (certificate == null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = new X509Certificate2(certificate);
            return chain.Build(leaf);
        }
    }
}
