using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.At;
using M2MDevice.Emulator.Visited;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// SIMCom A76xx certificate files (AT+CCERTDOWN/LIST/DELE), SSL contexts (AT+CSSLCFG) and HTTP(S)
    /// (AT+HTTPINIT/PARA/DATA/ACTION/READ/TERM), with the syntax the shared HttpCommands/SslCommands use.
    /// </summary>
    public sealed partial class EmulatedModem
    {
        private const int MaxFileNameLength = 64;
        private const int MaxUrlLength = 4096;
        private const int MaxParameterLength = 2048;

        private readonly Dictionary<string, byte[]> certificateFiles = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        private readonly SslContextSettings[] sslContexts = CreateSslContexts();
        private DataPhase dataPhase;
        private string dataFileName;
        private byte[] dataBuffer;
        private int dataFilled;

        private bool httpInitialized;
        private string httpUrl;
        private string httpContentType;
        private string httpUserData;
        private string httpAccept;
        private int httpSslContext;
        private int httpConnectTimeout = 120;
        private int httpReceiveTimeout = 20;
        private byte[] httpBody;
        private byte[] httpResponse;
        private bool httpBusy;
        private CancellationTokenSource httpCancellation;

        /// <summary>Names of the certificate files stored in the modem (AT+CCERTLIST).</summary>
        public IReadOnlyCollection<string> CertificateFileNames
        {
            get
            {
                lock (certificateFiles)
                {
                    return new List<string>(certificateFiles.Keys);
                }
            }
        }

        private static SslContextSettings[] CreateSslContexts()
        {
            var contexts = new SslContextSettings[SslCommands.MaxContext + 1];
            for (int i = 0; i < contexts.Length; i++)
            {
                contexts[i] = new SslContextSettings();
            }

            return contexts;
        }

        /// <summary>Raw bytes of a data phase; when complete, the command's final result goes out.</summary>
        private async Task HandleDataAsync(byte[] buffer, int offset, int count, CancellationToken token)
        {
            await stateLock.WaitAsync(token).ConfigureAwait(false);
            try
            {
                if (dataPhase == DataPhase.None || dataBuffer == null)
                {
                    return;
                }

                Array.Copy(buffer, offset, dataBuffer, dataFilled, count);
                dataFilled += count;
                if (dataFilled < dataBuffer.Length)
                {
                    return;
                }

                if (dataPhase == DataPhase.Certificate)
                {
                    lock (certificateFiles)
                    {
                        certificateFiles[dataFileName] = dataBuffer;
                    }
                }
                else
                {
                    httpBody = dataBuffer;
                }

                dataPhase = DataPhase.None;
                dataBuffer = null;
                dataFilled = 0;
                WriteFinal(AtResultCode.Ok, 0);
                await FlushAsync(token).ConfigureAwait(false);
            }
            finally
            {
                stateLock.Release();
            }
        }

        private void BeginDataPhase(DataPhase phase, int length, string fileName)
        {
            dataPhase = phase;
            dataFileName = fileName;
            dataBuffer = new byte[length];
            dataFilled = 0;
            assembler.BeginData(length, false); // command lines end with S3 only: a payload may start with LF
        }

        private static bool IsValidFileName(string name)
        {
            // A76xx file names: printable, no path, ending .pem or .der.
            if (string.IsNullOrEmpty(name) || name.Length > MaxFileNameLength || name.IndexOfAny(new[] { '/', '\\', ':' }) >= 0)
            {
                return false;
            }

            return name.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".der", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>AT+CCERTDOWN="&lt;file&gt;",&lt;len&gt;: prompt '&gt;', exactly len raw bytes, OK.</summary>
        private CommandOutcome CertificateDownload(CommandForm form, AtReader parameters)
        {
            if (form == CommandForm.Test)
            {
                Info("+CCERTDOWN: 5,10240");
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Set || !parameters.TryReadQuotedString(MaxFileNameLength, out string name) || !parameters.TryReadComma()
                || !parameters.TryReadInt(1, SslCommands.MaxCertificateLength, out int length) || !parameters.TryEnd() || !IsValidFileName(name))
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            BeginDataPhase(DataPhase.Certificate, length, name);
            Info(">");
            return CommandOutcome.Pending;
        }

        /// <summary>AT+CCERTLIST: one "+CCERTLIST: "&lt;file&gt;"" line per stored file.</summary>
        private CommandOutcome CertificateList(CommandForm form, AtReader parameters)
        {
            if (form == CommandForm.Test)
            {
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Action || !parameters.IsAtEnd)
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            var names = new List<string>(CertificateFileNames);
            names.Sort(StringComparer.Ordinal);
            foreach (string name in names)
            {
                Info("+CCERTLIST: \"" + name + "\"");
            }

            return CommandOutcome.Ok;
        }

        /// <summary>AT+CCERTDELE="&lt;file&gt;".</summary>
        private CommandOutcome CertificateDelete(CommandForm form, AtReader parameters)
        {
            if (form == CommandForm.Test)
            {
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Set || !parameters.TryReadQuotedString(MaxFileNameLength, out string name) || !parameters.TryEnd())
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            lock (certificateFiles)
            {
                return certificateFiles.Remove(name) ? CommandOutcome.Ok : CommandOutcome.Cme(CmeError.NotFound);
            }
        }

        /// <summary>
        /// AT+CSSLCFG="&lt;name&gt;",&lt;ctx&gt;,&lt;value&gt; (sslversion, authmode, ignorelocaltime, negotiatetime, enableSNI;
        /// cacert, clientcert, clientkey with a quoted file name); AT+CSSLCFG=&lt;ctx&gt; reads a context back.
        /// </summary>
        private CommandOutcome SslConfiguration(CommandForm form, AtReader parameters)
        {
            if (form == CommandForm.Test)
            {
                Info("+CSSLCFG: \"sslversion\",(0-9),(0-4)");
                Info("+CSSLCFG: \"authmode\",(0-9),(0-3)");
                Info("+CSSLCFG: \"ignorelocaltime\",(0-9),(0,1)");
                Info("+CSSLCFG: \"negotiatetime\",(0-9),(10-300)");
                Info("+CSSLCFG: \"cacert\",(0-9),(5-108)");
                Info("+CSSLCFG: \"clientcert\",(0-9),(5-108)");
                Info("+CSSLCFG: \"clientkey\",(0-9),(5-108)");
                Info("+CSSLCFG: \"enableSNI\",(0-9),(0,1)");
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Set)
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (!parameters.PeekIs((byte)'"'))
            {
                if (!parameters.TryReadInt(0, SslCommands.MaxContext, out int query) || !parameters.TryEnd())
                {
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
                }

                SslContextSettings c = sslContexts[query];
                Info(string.Format(CultureInfo.InvariantCulture, "+CSSLCFG: {0},{1},{2},{3},{4},\"{5}\",\"{6}\",\"{7}\",{8}", query, c.Version,
                    c.AuthenticationMode, c.IgnoreLocalTime, c.NegotiateTime, c.CaCertificate, c.ClientCertificate, c.ClientKey, c.EnableSni));
                return CommandOutcome.Ok;
            }

            if (!parameters.TryReadQuotedString(32, out string name) || !parameters.TryReadComma()
                || !parameters.TryReadInt(0, SslCommands.MaxContext, out int context) || !parameters.TryReadComma())
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            SslContextSettings settings = sslContexts[context];
            string key = name.ToLowerInvariant();
            if (key == "cacert" || key == "clientcert" || key == "clientkey")
            {
                if (!parameters.TryReadQuotedString(MaxFileNameLength, out string file) || !parameters.TryEnd() || !IsValidFileName(file))
                {
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
                }

                if (key == "cacert")
                {
                    settings.CaCertificate = file;
                }
                else if (key == "clientcert")
                {
                    settings.ClientCertificate = file;
                }
                else
                {
                    settings.ClientKey = file;
                }

                return CommandOutcome.Ok;
            }

            int minimum;
            int maximum;
            switch (key)
            {
                case "sslversion":
                    minimum = 0;
                    maximum = 4;
                    break;
                case "authmode":
                    minimum = 0;
                    maximum = 3;
                    break;
                case "ignorelocaltime":
                case "enablesni":
                    minimum = 0;
                    maximum = 1;
                    break;
                case "negotiatetime":
                    minimum = 10;
                    maximum = 300;
                    break;
                default:
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (!parameters.TryReadInt(minimum, maximum, out int value) || !parameters.TryEnd())
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            switch (key)
            {
                case "sslversion":
                    settings.Version = value;
                    break;
                case "authmode":
                    settings.AuthenticationMode = value;
                    break;
                case "ignorelocaltime":
                    settings.IgnoreLocalTime = value;
                    break;
                case "enablesni":
                    settings.EnableSni = value;
                    break;
                default:
                    settings.NegotiateTime = value;
                    break;
            }

            return CommandOutcome.Ok;
        }

        /// <summary>AT+HTTPINIT: starts the HTTP service (ERROR when already started).</summary>
        private CommandOutcome HttpInit(CommandForm form, AtReader parameters)
        {
            if (form == CommandForm.Test)
            {
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Action || !parameters.IsAtEnd)
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (httpInitialized)
            {
                return CommandOutcome.Cme(CmeError.OperationNotAllowed);
            }

            httpInitialized = true;
            httpUrl = null;
            httpContentType = null;
            httpUserData = null;
            httpAccept = null;
            httpSslContext = 0;
            httpConnectTimeout = 120;
            httpReceiveTimeout = 20;
            httpBody = null;
            httpResponse = null;
            return CommandOutcome.Ok;
        }

        /// <summary>AT+HTTPTERM: stops the service, abandoning a request in progress.</summary>
        private CommandOutcome HttpTerm(CommandForm form, AtReader parameters)
        {
            if (form == CommandForm.Test)
            {
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Action || !parameters.IsAtEnd)
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (!httpInitialized)
            {
                return CommandOutcome.Cme(CmeError.OperationNotAllowed);
            }

            ReleaseLinked(ref httpCancellation, cancel: true);
            httpInitialized = false;
            httpBusy = false;
            httpBody = null;
            httpResponse = null;
            return CommandOutcome.Ok;
        }

        /// <summary>AT+HTTPPARA="&lt;name&gt;",&lt;value&gt;: URL, CONTENT, USERDATA, ACCEPT (strings); SSLCFG, CONNECTTO, RECVTO, READMODE (numbers).</summary>
        private CommandOutcome HttpParameter(CommandForm form, AtReader parameters)
        {
            if (form == CommandForm.Test)
            {
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Set || !parameters.TryReadQuotedString(16, out string name) || !parameters.TryReadComma())
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (!httpInitialized)
            {
                return CommandOutcome.Cme(CmeError.OperationNotAllowed);
            }

            string key = name.ToUpperInvariant();
            switch (key)
            {
                case "URL":
                case "CONTENT":
                case "USERDATA":
                case "ACCEPT":
                    if (!parameters.TryReadQuotedString(key == "URL" ? MaxUrlLength : MaxParameterLength, out string text) || !parameters.TryEnd())
                    {
                        return CommandOutcome.Cme(CmeError.IncorrectParameters);
                    }

                    if (key == "URL")
                    {
                        httpUrl = text;
                    }
                    else if (key == "CONTENT")
                    {
                        httpContentType = text;
                    }
                    else if (key == "USERDATA")
                    {
                        httpUserData = text;
                    }
                    else
                    {
                        httpAccept = text;
                    }

                    return CommandOutcome.Ok;
                case "SSLCFG":
                case "CONNECTTO":
                case "RECVTO":
                case "READMODE":
                    int minimum = key == "SSLCFG" || key == "READMODE" ? 0 : key == "CONNECTTO" ? 20 : 2;
                    int maximum = key == "SSLCFG" ? SslCommands.MaxContext : key == "READMODE" ? 1 : 120;
                    if (!parameters.TryReadInt(minimum, maximum, out int value) || !parameters.TryEnd())
                    {
                        return CommandOutcome.Cme(CmeError.IncorrectParameters);
                    }

                    if (key == "SSLCFG")
                    {
                        httpSslContext = value;
                    }
                    else if (key == "CONNECTTO")
                    {
                        httpConnectTimeout = value;
                    }
                    else if (key == "RECVTO")
                    {
                        httpReceiveTimeout = value;
                    }

                    return CommandOutcome.Ok;
                default:
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }
        }

        /// <summary>AT+HTTPDATA=&lt;size&gt;,&lt;time&gt;: DOWNLOAD, exactly size raw bytes, OK.</summary>
        private CommandOutcome HttpData(CommandForm form, AtReader parameters)
        {
            if (form == CommandForm.Test)
            {
                Info("+HTTPDATA: (1-153600),(1-65535)");
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Set || !parameters.TryReadInt(1, HttpCommands.MaxDataLength, out int size) || !parameters.TryReadComma()
                || !parameters.TryReadInt(1, 65535, out int _) || !parameters.TryEnd())
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (!httpInitialized || httpBusy)
            {
                return CommandOutcome.Cme(CmeError.OperationNotAllowed);
            }

            BeginDataPhase(DataPhase.HttpBody, size, null);
            Info(HttpCommands.DownloadPrompt);
            return CommandOutcome.Pending;
        }

        /// <summary>AT+HTTPACTION=&lt;method&gt;: OK at once; the request runs in the background and ends with the +HTTPACTION URC.</summary>
        private CommandOutcome HttpAction(CommandForm form, AtReader parameters)
        {
            if (form == CommandForm.Test)
            {
                Info("+HTTPACTION: (0-4)");
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Set || !parameters.TryReadInt(HttpCommands.MethodGet, HttpCommands.MethodPut, out int method) || !parameters.TryEnd())
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (!httpInitialized || httpBusy)
            {
                return CommandOutcome.Cme(CmeError.OperationNotAllowed);
            }

            if (string.IsNullOrEmpty(httpUrl))
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            ModemHttpRequest request = BuildHttpRequest(method);
            httpBusy = true;
            httpResponse = null;
            ReleaseLinked(ref httpCancellation, cancel: false); // the previous action has finished (not busy)
            httpCancellation = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
            CancellationToken token = httpCancellation.Token;
            bool registered = IsRegistered && attached;
            DataSessionPolicy policy = dataPolicy;
            long remaining = policy.MaxBytes > 0 ? Math.Max(0, policy.MaxBytes - dataBytesUsed) : long.MaxValue;
            bool expired = policy.IsWalledGarden && policy.MaxDuration > TimeSpan.Zero && options.Clock.GetUtcNow() - attachedAt > policy.MaxDuration;
            _ = Task.Run(() => Background("HTTP action", () => RunHttpActionAsync(method, request, registered && !expired, policy, remaining, token)));
            return CommandOutcome.Ok;
        }

        private ModemHttpRequest BuildHttpRequest(int method)
        {
            SslContextSettings settings = sslContexts[httpSslContext];
            X509Certificate2Collection anchors = null;
            X509Certificate2 client = null;
            lock (certificateFiles)
            {
                if (settings.CaCertificate.Length > 0 && certificateFiles.TryGetValue(settings.CaCertificate, out byte[] caFile))
                {
                    anchors = TrustAnchorCache.GetOrLoad(caFile, LoadCertificates);
                }

                if (settings.AuthenticationMode >= 2 && settings.ClientCertificate.Length > 0 && settings.ClientKey.Length > 0
                    && certificateFiles.TryGetValue(settings.ClientCertificate, out byte[] certificateFile)
                    && certificateFiles.TryGetValue(settings.ClientKey, out byte[] keyFile))
                {
                    client = LoadClientCertificate(certificateFile, keyFile);
                }
            }

            return new ModemHttpRequest
            {
                Method = method,
                Url = httpUrl,
                ContentType = httpContentType,
                UserData = httpUserData,
                Accept = httpAccept,
                Body = httpBody,
                AuthenticationMode = settings.AuthenticationMode,
                TrustAnchors = anchors,
                ClientCertificate = client,
                ConnectTimeout = TimeSpan.FromSeconds(httpConnectTimeout),
                ReceiveTimeout = TimeSpan.FromSeconds(httpReceiveTimeout),
            };
        }

        /// <summary>A CA file as PEM (one or more certificates) or DER; an unreadable file yields an empty collection (handshake fails).</summary>
        private static X509Certificate2Collection LoadCertificates(byte[] file)
        {
            var collection = new X509Certificate2Collection();
            try
            {
                string text = System.Text.Encoding.ASCII.GetString(file);
                if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                {
                    collection.ImportFromPem(text);
                }
                else
                {
                    collection.Add(X509CertificateLoader.LoadCertificate(file));
                }
            }
            catch (CryptographicException)
            {
                collection.Clear(); // not a certificate: nothing is trusted
            }

            return collection;
        }

        private X509Certificate2 LoadClientCertificate(byte[] certificateFile, byte[] keyFile)
        {
            try
            {
                return X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(certificateFile), System.Text.Encoding.ASCII.GetString(keyFile));
            }
            catch (CryptographicException)
            {
                logger.LogInformation("client certificate or key file unusable; TLS goes without a client certificate");
                return null;
            }
        }

        private async Task RunHttpActionAsync(int method, ModemHttpRequest request, bool networkAvailable, DataSessionPolicy policy, long remaining, CancellationToken token)
        {
            ModemHttpClient.Result result = networkAvailable
                ? await ExchangeAsync(method, request, policy, remaining, token).ConfigureAwait(false)
                : new ModemHttpClient.Result(SimcomHttpStatus.NoNetwork, Array.Empty<byte>(), 0, TlsValidationResult.Valid);
            if (result.Tls != TlsValidationResult.Valid)
            {
                logger.LogInformation("TLS refused by the modem: {Reason}", result.Tls);
            }

            await LockedAsync(
                () =>
                {
                    if (token.IsCancellationRequested)
                    {
                        return;
                    }

                    httpBusy = false;
                    httpResponse = result.Body;
                    dataBytesUsed += result.BytesUsed;
                    if (result.Status >= 700)
                    {
                        lastError = "HTTP(S) failure " + result.Status.ToString(CultureInfo.InvariantCulture) + (result.Tls != TlsValidationResult.Valid ? " (" + result.Tls + ")" : string.Empty);
                    }

                    scratch.Clear();
                    HttpCommands.FormatAction(scratch, method, result.Status, result.Body.Length);
                    Urc(scratch.ToString());
                },
                token).ConfigureAwait(false);
        }

        /// <summary>
        /// AT+HTTPREAD? gives "+HTTPREAD: LEN,&lt;len&gt;"; AT+HTTPREAD=[&lt;offset&gt;,]&lt;size&gt; answers OK, then
        /// "+HTTPREAD: &lt;n&gt;", n raw bytes, and "+HTTPREAD: 0" (A76xx).
        /// </summary>
        private CommandOutcome HttpRead(CommandForm form, AtReader parameters)
        {
            switch (form)
            {
                case CommandForm.Test:
                    Info("+HTTPREAD: (0-2147483647),(1-2147483647)");
                    return CommandOutcome.Ok;
                case CommandForm.Read:
                    if (!httpInitialized)
                    {
                        return CommandOutcome.Cme(CmeError.OperationNotAllowed);
                    }

                    Info(HttpCommands.ReadPrefix + " LEN," + (httpResponse == null ? 0 : httpResponse.Length).ToString(CultureInfo.InvariantCulture));
                    return CommandOutcome.Ok;
                case CommandForm.Set:
                    break;
                default:
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (!parameters.TryReadInt(out int first))
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            int offset = 0;
            int size = first;
            if (parameters.TrySkip((byte)','))
            {
                offset = first;
                if (!parameters.TryReadInt(out size))
                {
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
                }
            }

            if (!parameters.TryEnd() || size < 1)
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (!httpInitialized || httpBusy || httpResponse == null)
            {
                return CommandOutcome.Cme(CmeError.OperationNotAllowed);
            }

            int available = Math.Max(0, httpResponse.Length - offset);
            int count = Math.Min(size, available);
            WriteFinal(AtResultCode.Ok, 0);
            if (count > 0)
            {
                scratch.Clear();
                HttpCommands.FormatReadHeader(scratch, count);
                InfoFromScratch();
                output.Write(httpResponse, offset, count);
            }

            scratch.Clear();
            HttpCommands.FormatReadHeader(scratch, 0);
            InfoFromScratch();
            return CommandOutcome.Done;
        }
    }
}
