using System;
using M2MDevice.At;
using M2MDevice.Crypto;
using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Firmware.Modem
{
    /// <summary>
    /// HTTPS POST through the modem's own TLS and HTTP stack (SIMCom A76xx AT Command Manual, SSL and
    /// HTTP(S) chapters), sans-IO over the <see cref="AtChannel"/>: AT+CCERTDOWN (trust anchor as PEM, once
    /// per power cycle), AT+CSSLCFG (TLS 1.2, server authentication against that CA, SNI), AT+HTTPINIT,
    /// AT+HTTPPARA (URL, CONTENT, SSLCFG), AT+HTTPDATA (binary body after DOWNLOAD), AT+HTTPACTION=1 and its
    /// URC, AT+HTTPREAD (binary response body), AT+HTTPTERM. Every failure maps to a
    /// <see cref="TransportResult"/>; the response body is bounded by the capacity given at construction.
    /// Request and response bodies are never logged. The body array passed to <see cref="TryBeginPost"/> is
    /// read when the modem prompts for it, so it must stay unchanged until the completion.
    /// </summary>
    public sealed class ModemHttpsTransport : ISecureTransport, IAtCommandHandler
    {
        /// <summary>Largest DER trust anchor: its PEM form must fit one AT+CCERTDOWN (10240 bytes).</summary>
        public const int MaxTrustAnchorLength = 7500;

        /// <summary>Longest URL accepted.</summary>
        public const int MaxUrlLength = 256;

        /// <summary>SSL context the transport configures and binds to HTTP.</summary>
        public const int SslContext = 0;

        /// <summary>Time the modem may take from AT+HTTPACTION's OK to its URC (connect, TLS, exchange).</summary>
        public const int DefaultActionTimeoutMilliseconds = 120000;

        private const string PemHeader = "-----BEGIN CERTIFICATE-----\n";
        private const string PemFooter = "-----END CERTIFICATE-----\n";
        private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        private const int UploadedNameSlots = 4;
        private const int CertificateNameDigestLength = 8;
        private const int PemGrowth = 256;

        private readonly AtChannel channel;
        private readonly IModemLog log;
        private readonly AtCommand command = new AtCommand(MaxUrlLength + 64, 256, 6);
        private readonly AtReader reader = new AtReader();
        private readonly HttpBodyReceiver receiver;
        // Issue 8.3: grown to the largest trust anchor met (PemGrowth steps), not sized for the 2048-byte limit up front.
        private byte[] pem;
        private readonly int trustAnchorLimit;
        private readonly byte[] digest = new byte[Sha256.HashSize];

        // Issue 8.3: one hash for the certificate names, and the last name with its digest prefix (posts to the same
        // server repeat the same anchor: the name is then not built again).
        private readonly Sha256 nameHash = new Sha256();
        private readonly byte[] lastNameDigest = new byte[CertificateNameDigestLength];
        private string lastName;
        private readonly string[] uploadedNames = new string[UploadedNameSlots];

        private int generation;
        private int commandGeneration;
        private bool issueWhenFree;
        private int step;
        private int actionTimerMilliseconds = -1;
        private bool needsTerminate;
        private bool initialiseRetried;
        private bool actionOk;
        private bool actionReported;

        private string url;
        private byte[] body;
        private int bodyOffset;
        private int bodyCount;
        private string certificateName;
        private int pemLength;
        private int uploadedNext;

        private int httpStatus;
        private int announcedLength;
        private TransportResult outcome;

        /// <summary>Creates the transport; response bodies larger than maxResponseLength are refused.</summary>
        public ModemHttpsTransport(AtChannel channel, IModemLog log, int maxResponseLength)
            : this(channel, log, maxResponseLength, MaxTrustAnchorLength)
        {
        }

        /// <summary>
        /// Creates the transport for trust anchors of at most maxTrustAnchorLength DER bytes (1..<see cref="MaxTrustAnchorLength"/>):
        /// the PEM buffer is sized for that (the device runtime passes the protocol's 2048-byte limit: a 2.8 KB buffer
        /// instead of the 10 KB one AT+CCERTDOWN allows).
        /// </summary>
        public ModemHttpsTransport(AtChannel channel, IModemLog log, int maxResponseLength, int maxTrustAnchorLength)
        {
            if (maxTrustAnchorLength < 1 || maxTrustAnchorLength > MaxTrustAnchorLength)
            {
                throw new ArgumentOutOfRangeException(nameof(maxTrustAnchorLength));
            }

            if (channel == null)
            {
                throw new ArgumentNullException(nameof(channel));
            }

            if (log == null)
            {
                throw new ArgumentNullException(nameof(log));
            }

            this.channel = channel;
            this.log = log;
            trustAnchorLimit = maxTrustAnchorLength;
            receiver = new HttpBodyReceiver(maxResponseLength);
            command.Handler = this;
            ActionTimeoutMilliseconds = DefaultActionTimeoutMilliseconds;
        }

        /// <summary>Told when a request completes. Set before the first request.</summary>
        public ISecureTransportListener Listener { get; set; }

        /// <summary>Where the request in flight is.</summary>
        public HttpsTransportState State { get; private set; }

        /// <summary>How long to wait for the +HTTPACTION URC after AT+HTTPACTION's OK.</summary>
        public int ActionTimeoutMilliseconds { get; set; }

        /// <summary>Certificate uploads performed (AT+CCERTDOWN) since construction.</summary>
        public int CertificateUploads { get; private set; }

        /// <summary>The raw +HTTPACTION status of the last request (HTTP status or SIMCom 7xx code), 0 if none.</summary>
        public int LastActionStatus { get; private set; }

        /// <summary>
        /// The buffer response bodies are read into (maxResponseLength bytes), the one OnPostCompleted hands over: written
        /// only while a request is in flight, so the listener may handle responses in it without a copy.
        /// </summary>
        public byte[] ResponseBuffer
        {
            get { return receiver.Buffer; }
        }

        /// <summary>
        /// Forgets which trust anchors the modem holds: call after the modem restarted (its certificate
        /// uploads are then done again).
        /// </summary>
        public void ForgetUploadedCertificates()
        {
            for (int i = 0; i < uploadedNames.Length; i++)
            {
                uploadedNames[i] = null;
            }
        }

        /// <summary>
        /// The modem file name of a trust anchor: "m2m" + the first 8 bytes of SHA-256(DER) in hex + ".pem",
        /// so the same anchor always maps to the same file and different anchors never share one.
        /// </summary>
        public string CertificateName(byte[] trustAnchorDer)
        {
            if (trustAnchorDer == null)
            {
                throw new ArgumentNullException(nameof(trustAnchorDer));
            }

            nameHash.Update(trustAnchorDer, 0, trustAnchorDer.Length);
            nameHash.Final(digest, 0);
            bool same = lastName != null;
            for (int i = 0; i < CertificateNameDigestLength; i++)
            {
                same &= digest[i] == lastNameDigest[i];
            }

            if (!same)
            {
                Array.Copy(digest, 0, lastNameDigest, 0, CertificateNameDigestLength);
                lastName = "m2m" + AtAscii.ToHex(digest, 0, CertificateNameDigestLength) + ".pem";
            }

            return lastName;
        }

        /// <inheritdoc />
        /// <exception cref="ArgumentException">The URL is not https:// or cannot be quoted, the trust anchor is
        /// empty or longer than <see cref="MaxTrustAnchorLength"/>, or the body is larger than AT+HTTPDATA takes.</exception>
        public bool TryBeginPost(string url, byte[] trustAnchorDer, byte[] body, int offset, int count)
        {
            if (Listener == null)
            {
                throw new InvalidOperationException("set Listener first");
            }

            CheckUrl(url);
            if (trustAnchorDer == null || trustAnchorDer.Length == 0 || trustAnchorDer.Length > trustAnchorLimit)
            {
                throw new ArgumentException("trust anchor is 1.." + trustAnchorLimit + " bytes of DER", nameof(trustAnchorDer));
            }

            if (body == null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            if (offset < 0 || count < 0 || offset > body.Length - count || count > HttpCommands.MaxDataLength)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            if (State != HttpsTransportState.Idle)
            {
                return false;
            }

            this.url = url;
            this.body = body;
            bodyOffset = offset;
            bodyCount = count;
            certificateName = CertificateName(trustAnchorDer);
            pemLength = 0;
            if (!IsUploaded(certificateName))
            {
                pemLength = WritePem(trustAnchorDer);
            }

            httpStatus = 0;
            announcedLength = 0;
            LastActionStatus = 0;
            outcome = TransportResult.ModemError;
            initialiseRetried = false;
            receiver.Clear();
            log.Log(ModemLogLevel.Information, "https: POST " + count + " bytes to " + url);
            if (needsTerminate)
            {
                Transition(HttpsTransportState.Cleaning);
            }
            else
            {
                StartRequest();
            }

            return true;
        }

        /// <inheritdoc />
        public void Cancel()
        {
            if (State == HttpsTransportState.Idle)
            {
                return;
            }

            log.Log(ModemLogLevel.Information, "https: cancelled in " + StateName(State));
            needsTerminate = State != HttpsTransportState.UploadingCertificate && State != HttpsTransportState.ConfiguringTls;
            Transition(HttpsTransportState.Idle);
            body = null;
        }

        /// <summary>Offers an unsolicited line; true when it was the +HTTPACTION URC and was consumed.</summary>
        public bool TryHandleUnsolicited(byte[] line, int offset, int count)
        {
            if (!AtAscii.StartsWith(line, offset, count, HttpCommands.ActionPrefix))
            {
                return false;
            }

            reader.Reset(line, offset, count);
            if (State != HttpsTransportState.Acting || actionReported)
            {
                log.Log(ModemLogLevel.Warning, "https: unexpected +HTTPACTION ignored");
                return true;
            }

            if (!HttpCommands.TryParseAction(reader, out int method, out int status, out int length) || method != HttpCommands.MethodPost || length < 0)
            {
                log.Log(ModemLogLevel.Error, "https: malformed +HTTPACTION");
                outcome = TransportResult.ModemError;
                actionReported = true;
                Transition(HttpsTransportState.Terminating);
                return true;
            }

            actionReported = true;
            LastActionStatus = status;
            if (actionOk)
            {
                OnActionReport(status, length);
            }
            else
            {
                httpStatus = status;
                announcedLength = length; // the URC overtook the command's OK: act on the OK
            }

            return true;
        }

        /// <summary>Advances the wait for the +HTTPACTION URC.</summary>
        public void Tick(int elapsedMilliseconds)
        {
            if (elapsedMilliseconds < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(elapsedMilliseconds));
            }

            if (issueWhenFree && !command.Pending)
            {
                IssueStep();
            }

            if (actionTimerMilliseconds >= 0)
            {
                actionTimerMilliseconds -= elapsedMilliseconds;
                if (actionTimerMilliseconds <= 0)
                {
                    actionTimerMilliseconds = -1;
                    log.Log(ModemLogLevel.Error, "https: no +HTTPACTION in time");
                    outcome = TransportResult.Timeout;
                    Transition(HttpsTransportState.Terminating);
                }
            }
        }

        /// <inheritdoc />
        public void OnCompleted(AtCommand completed)
        {
            if (commandGeneration != generation)
            {
                if (issueWhenFree)
                {
                    IssueStep();
                }

                return;
            }

            AtResultCode result = completed.Result;
            if (result != AtResultCode.Ok)
            {
                log.Log(ModemLogLevel.Warning, "https: " + StepName() + " ended " + (result == AtResultCode.CmeError ? "+CME ERROR: " + completed.ErrorNumber : "result " + (int)result));
            }

            switch (State)
            {
                case HttpsTransportState.Cleaning:
                    StartRequest(); // errors ignored: there may have been nothing to terminate
                    break;
                case HttpsTransportState.UploadingCertificate:
                    if (result == AtResultCode.Ok)
                    {
                        RememberUploaded(certificateName);
                        CertificateUploads++;
                        Transition(HttpsTransportState.ConfiguringTls);
                    }
                    else
                    {
                        Finish(result == AtResultCode.Timeout ? TransportResult.Timeout : TransportResult.TlsFailed);
                    }

                    break;
                case HttpsTransportState.ConfiguringTls:
                    if (result != AtResultCode.Ok)
                    {
                        Finish(result == AtResultCode.Timeout ? TransportResult.Timeout : TransportResult.TlsFailed);
                    }
                    else
                    {
                        NextStep(HttpsTransportState.Preparing);
                    }

                    break;
                case HttpsTransportState.Preparing:
                    if (step == -1 && result != AtResultCode.Timeout)
                    {
                        step = 0; // whatever HTTPTERM said, initialise again
                        IssueStep();
                    }
                    else if (result == AtResultCode.Ok)
                    {
                        NextStep(bodyCount > 0 ? HttpsTransportState.SendingBody : HttpsTransportState.Acting);
                    }
                    else if (step == 0 && !initialiseRetried && result != AtResultCode.Timeout)
                    {
                        // A76xx: AT+HTTPINIT fails while a previous HTTP session is open; close it once.
                        initialiseRetried = true;
                        step = -1;
                        IssueStep();
                    }
                    else if (step <= 0)
                    {
                        Finish(result == AtResultCode.Timeout ? TransportResult.Timeout : TransportResult.NoConnection);
                    }
                    else
                    {
                        FailAndTerminate(result);
                    }

                    break;
                case HttpsTransportState.SendingBody:
                    if (result == AtResultCode.Ok)
                    {
                        Transition(HttpsTransportState.Acting);
                    }
                    else
                    {
                        FailAndTerminate(result);
                    }

                    break;
                case HttpsTransportState.Acting:
                    if (result != AtResultCode.Ok)
                    {
                        FailAndTerminate(result);
                    }
                    else
                    {
                        actionOk = true;
                        if (actionReported)
                        {
                            OnActionReport(httpStatus, announcedLength);
                        }
                        else
                        {
                            actionTimerMilliseconds = ActionTimeoutMilliseconds;
                        }
                    }

                    break;
                case HttpsTransportState.Reading:
                    if (result == AtResultCode.Ok && receiver.Length == announcedLength && receiver.OverflowCount == 0)
                    {
                        outcome = TransportResult.Completed;
                    }
                    else if (result == AtResultCode.Ok)
                    {
                        log.Log(ModemLogLevel.Error, "https: read " + receiver.Length + " of " + announcedLength + " bytes");
                        outcome = TransportResult.ModemError;
                    }
                    else
                    {
                        outcome = result == AtResultCode.Timeout ? TransportResult.Timeout : TransportResult.ModemError;
                    }

                    Transition(HttpsTransportState.Terminating);
                    break;
                case HttpsTransportState.Terminating:
                    Finish(outcome);
                    break;
            }
        }

        /// <summary>
        /// The <see cref="TransportResult"/> of a +HTTPACTION status: HTTP statuses (100..599) are Completed;
        /// SIMCom codes per A76xx AT Command Manual 16.3 (HTTP(S) command result codes).
        /// </summary>
        public static TransportResult MapActionStatus(int status)
        {
            if (status >= 100 && status <= 599)
            {
                return TransportResult.Completed;
            }

            switch (status)
            {
                case 704: // connection closed error
                case 706: // receive/send socket data failed
                case 713: // get DNS failed
                case 714: // connect socket failed
                    return TransportResult.ConnectFailed;
                case 705: // timeout
                case 718: // send data timeout
                    return TransportResult.Timeout;
                case 709: // network error
                case 712: // failed to create socket (no PDP context)
                case 717: // no network error
                    return TransportResult.NoConnection;
                case 710: // start a new SSL session failed
                case 715: // handshake failed (untrusted, expired or mismatched certificate)
                case 719: // CA missed
                    return TransportResult.TlsFailed;
                default: // 701 alert state, 702 unknown, 703 busy, 707 file/memory, 708 parameter, 711 state, 716 close
                    return TransportResult.ModemError;
            }
        }

        /// <summary>The name of a state, for logs (nanoFramework's Enum.ToString gives the number).</summary>
        public static string StateName(HttpsTransportState state)
        {
            switch (state)
            {
                case HttpsTransportState.Idle: return "Idle";
                case HttpsTransportState.Cleaning: return "Cleaning";
                case HttpsTransportState.UploadingCertificate: return "UploadingCertificate";
                case HttpsTransportState.ConfiguringTls: return "ConfiguringTls";
                case HttpsTransportState.Preparing: return "Preparing";
                case HttpsTransportState.SendingBody: return "SendingBody";
                case HttpsTransportState.Acting: return "Acting";
                case HttpsTransportState.Reading: return "Reading";
                default: return "Terminating";
            }
        }

        private void OnActionReport(int status, int length)
        {
            actionTimerMilliseconds = -1;
            httpStatus = status;
            announcedLength = length;
            TransportResult mapped = MapActionStatus(status);
            if (mapped != TransportResult.Completed)
            {
                log.Log(ModemLogLevel.Error, "https: modem error " + status);
                outcome = mapped;
                Transition(HttpsTransportState.Terminating);
            }
            else if (length > receiver.Buffer.Length)
            {
                log.Log(ModemLogLevel.Error, "https: response of " + length + " bytes exceeds " + receiver.Buffer.Length);
                outcome = TransportResult.ResponseTooLarge;
                Transition(HttpsTransportState.Terminating);
            }
            else if (length == 0)
            {
                outcome = TransportResult.Completed;
                Transition(HttpsTransportState.Terminating);
            }
            else
            {
                Transition(HttpsTransportState.Reading);
            }
        }

        private void StartRequest()
        {
            needsTerminate = false;
            Transition(pemLength > 0 ? HttpsTransportState.UploadingCertificate : HttpsTransportState.ConfiguringTls);
        }

        private void NextStep(HttpsTransportState after)
        {
            step++;
            if (!IssueStep())
            {
                Transition(after);
            }
        }

        private void FailAndTerminate(AtResultCode result)
        {
            outcome = result == AtResultCode.Timeout ? TransportResult.Timeout : TransportResult.ModemError;
            Transition(HttpsTransportState.Terminating);
        }

        private void Transition(HttpsTransportState next)
        {
            IModemLogFilter filter = log as IModemLogFilter;
            if (filter == null || filter.IsEnabled(ModemLogLevel.Debug))
            {
                // Issue 8.3: built only when the log keeps Debug entries.
                log.Log(ModemLogLevel.Debug, "https: " + StateName(State) + " -> " + StateName(next));
            }

            State = next;
            generation++;
            step = 0;
            issueWhenFree = false;
            actionTimerMilliseconds = -1;
            if (next == HttpsTransportState.Acting)
            {
                actionOk = false;
                actionReported = false;
            }

            if (next != HttpsTransportState.Idle)
            {
                IssueStep();
            }
        }

        private void Finish(TransportResult result)
        {
            int status = result == TransportResult.Completed ? httpStatus : 0;
            int length = result == TransportResult.Completed ? receiver.Length : 0;
            log.Log(result == TransportResult.Completed ? ModemLogLevel.Information : ModemLogLevel.Error, "https: done, result " + (int)result + " status " + status + " length " + length);
            body = null;
            Transition(HttpsTransportState.Idle);
            Listener.OnPostCompleted(result, status, receiver.Buffer, 0, length);
        }

        private bool IssueStep()
        {
            if (command.Pending)
            {
                issueWhenFree = true;
                return true;
            }

            issueWhenFree = false;
            if (!BuildStep())
            {
                return false;
            }

            commandGeneration = generation;
            if (channel.Send(command) == AtSendResult.QueueFull)
            {
                issueWhenFree = true; // retried on the next tick
            }

            return true;
        }

        private bool BuildStep()
        {
            AtWriter writer;
            switch (State)
            {
                case HttpsTransportState.Cleaning:
                case HttpsTransportState.Terminating:
                    HttpCommands.WriteTerm(command.Begin(null, 10000));
                    return true;
                case HttpsTransportState.UploadingCertificate:
                    // A76xx SSL chapter: AT+CCERTDOWN="<name>",<len>, '>' prompt, exactly len bytes, OK.
                    SslCommands.WriteCertificateDownload(command.Begin(null, 10000), certificateName, pemLength);
                    command.SetPayload(pem, 0, pemLength);
                    return true;
                case HttpsTransportState.ConfiguringTls:
                    writer = command.Begin(null, 5000);
                    switch (step)
                    {
                        case 0:
                            SslCommands.WriteContextParameter(writer, "sslversion", SslContext, SslCommands.VersionTls12);
                            return true;
                        case 1:
                            SslCommands.WriteContextParameter(writer, "authmode", SslContext, SslCommands.AuthenticationServer);
                            return true;
                        case 2:
                            SslCommands.WriteContextFile(writer, "cacert", SslContext, certificateName);
                            return true;
                        case 3:
                            // RFC 6066 3: server name indication, so virtual hosts present the right certificate.
                            SslCommands.WriteContextParameter(writer, "enableSNI", SslContext, 1);
                            return true;
                    }

                    return false;
                case HttpsTransportState.Preparing:
                    writer = command.Begin(null, 10000);
                    switch (step)
                    {
                        case -1:
                            HttpCommands.WriteTerm(writer);
                            return true;
                        case 0:
                            HttpCommands.WriteInit(writer);
                            return true;
                        case 1:
                            HttpCommands.WriteParameter(writer, "URL", url);
                            return true;
                        case 2:
                            HttpCommands.WriteParameter(writer, "CONTENT", "application/octet-stream");
                            return true;
                        case 3:
                            HttpCommands.WriteParameter(writer, "SSLCFG", SslContext);
                            return true;
                    }

                    return false;
                case HttpsTransportState.SendingBody:
                    // A76xx: AT+HTTPDATA=<size>,<time>, DOWNLOAD, exactly size bytes (CR LF and "OK" included), OK.
                    HttpCommands.WriteData(command.Begin(null, 30000), bodyCount, 20);
                    command.SetPayload(body, bodyOffset, bodyCount);
                    return true;
                case HttpsTransportState.Acting:
                    // The +HTTPACTION URC starts with '+', so it is not collected as this command's response.
                    HttpCommands.WriteAction(command.Begin(null, 10000), HttpCommands.MethodPost);
                    return true;
                case HttpsTransportState.Reading:
                    // OK, then "+HTTPREAD: <n>" + n raw bytes (repeated), then "+HTTPREAD: 0".
                    HttpCommands.WriteRead(command.Begin(HttpCommands.ReadPrefix, 30000), 0, announcedLength);
                    command.SetCompletionPrefix(HttpCommands.ReadEndLine);
                    command.DataReceiver = receiver;
                    return true;
                default:
                    return false;
            }
        }

        private string StepName()
        {
            return StateName(State) + "/" + step;
        }

        private bool IsUploaded(string name)
        {
            for (int i = 0; i < uploadedNames.Length; i++)
            {
                if (uploadedNames[i] == name)
                {
                    return true;
                }
            }

            return false;
        }

        private void RememberUploaded(string name)
        {
            uploadedNames[uploadedNext] = name;
            uploadedNext = (uploadedNext + 1) % uploadedNames.Length;
        }

        private static void CheckUrl(string url)
        {
            if (url == null || url.Length > MaxUrlLength || url.Length < 9 || url.Substring(0, 8) != "https://")
            {
                throw new ArgumentException("URL is https://host[:port]/path, at most " + MaxUrlLength + " characters", nameof(url));
            }

            for (int i = 0; i < url.Length; i++)
            {
                char c = url[i];
                if (c == '"' || c <= ' ' || c > (char)0x7E)
                {
                    throw new ArgumentException("URL cannot be quoted", nameof(url));
                }
            }
        }

        // RFC 7468 2: header and footer lines, base64 of the DER in lines of at most 64 characters.
        private static int PemLength(int derLength)
        {
            int base64 = (derLength + 2) / 3 * 4;
            return PemHeader.Length + base64 + ((base64 + 63) / 64) + PemFooter.Length;
        }

        private int WritePem(byte[] der)
        {
            int needed = PemLength(der.Length);
            if (pem == null || pem.Length < needed)
            {
                pem = new byte[(needed + PemGrowth - 1) / PemGrowth * PemGrowth];
            }

            // RFC 7468 2: "-----BEGIN CERTIFICATE-----", base64 in lines of 64 characters, the END line.
            int length = AtAscii.GetBytes(PemHeader, pem, 0);
            int lineLength = 0;
            for (int i = 0; i < der.Length; i += 3)
            {
                int remaining = der.Length - i;
                int b0 = der[i];
                int b1 = remaining > 1 ? der[i + 1] : 0;
                int b2 = remaining > 2 ? der[i + 2] : 0;
                int group = (b0 << 16) | (b1 << 8) | b2;
                pem[length++] = (byte)Base64Alphabet[(group >> 18) & 0x3F];
                pem[length++] = (byte)Base64Alphabet[(group >> 12) & 0x3F];
                pem[length++] = remaining > 1 ? (byte)Base64Alphabet[(group >> 6) & 0x3F] : (byte)'=';
                pem[length++] = remaining > 2 ? (byte)Base64Alphabet[group & 0x3F] : (byte)'=';
                lineLength += 4;
                if (lineLength == 64)
                {
                    pem[length++] = (byte)'\n';
                    lineLength = 0;
                }
            }

            if (lineLength > 0)
            {
                pem[length++] = (byte)'\n';
            }

            length += AtAscii.GetBytes(PemFooter, pem, length);
            return length;
        }
    }
}
