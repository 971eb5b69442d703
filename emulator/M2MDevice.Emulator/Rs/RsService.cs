using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using M2MDevice.Aka;
using M2MDevice.Crypto;
using M2MDevice.Emulator.Auc;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Storage;
using M2MDevice.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>
    /// The Registration Service's logic, testable without HTTP: PIMSI pool and preliminary credentials, manufacturer
    /// batches, operator registration, device-to-home-operator association, the AuC of the roaming interface
    /// (ARCHITECTURE 3.2), the device bootstrap (3.3) and Zn (3.4). Every change is committed to SQLite before a
    /// method returns (persist before acknowledge); a refused request changes nothing stored. Thread-safe (the
    /// database serialises transactions).
    /// </summary>
    public sealed class RsService : IOperatorService<RsPrincipal, RsRegistration>
    {
        /// <summary>The IND of RS's own bootstrap challenges (TS 33.102 C.1.2); visited operators get 1..31.</summary>
        public const int BootstrapInd = 0;

        /// <summary>Largest batch one request may register.</summary>
        public const int MaxBatchSize = 1000;

        /// <summary>Most vectors one SendAuthenticationInfo returns (TS 29.002 numberOfRequestedVectors 1..5).</summary>
        public const int MaxVectorsPerRequest = AuthenticationCentre.MaxVectorsPerRequest;

        /// <summary>Requester name of bootstrap SQNs in the audit table.</summary>
        public const string BootstrapRequester = "bootstrap";

        /// <summary>
        /// The AuC's subscribers: PIMSIs of registered devices with their preliminary K and OPc; SEQ_HE lives on the
        /// PIMSI (it outlives the device, so a reused PIMSI never repeats an SQN).
        /// </summary>
        private static readonly SubscriberTable Pimsis = new SubscriberTable(
            "SELECT d.device_id, d.algorithm, d.k, d.opc, p.seq_he FROM device d JOIN pimsi p ON p.imsi = d.imsi WHERE d.imsi = $imsi AND d.state = 'registered'",
            "UPDATE pimsi SET seq_he = $seq WHERE imsi = $imsi",
            UnknownPimsi);

        private readonly SqliteDatabase database;
        private readonly RsServerOptions options;
        private readonly PimsiRange range;
        private readonly TimeProvider clock;
        private readonly ILogger logger;
        private readonly ITraceRecorder trace;
        private readonly TokenDirectory tokens;
        private readonly AuthenticationCentre auc;
        private readonly byte[] trustAnchorDer;

        /// <summary>
        /// Creates the service over an opened RS database (<see cref="RsStore.Open"/>). <paramref name="trustAnchorDer"/>
        /// is the RS trust anchor handed to manufacturers; <paramref name="adminToken"/> authenticates the admin role.
        /// </summary>
        public RsService(SqliteDatabase database, RsServerOptions options, byte[] trustAnchorDer, string adminToken, ILogger logger = null)
        {
            ArgumentNullException.ThrowIfNull(database);
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(trustAnchorDer);
            ArgumentException.ThrowIfNullOrWhiteSpace(adminToken);
            SubscriberKeys.CheckOperatorKeys(options.Op, options.Top, nameof(options));
            this.database = database;
            this.options = options;
            this.range = options.PimsiRange ?? throw new ArgumentException("a PIMSI range is required", nameof(options));
            this.clock = options.Clock ?? TimeProvider.System;
            this.logger = logger ?? NullLogger.Instance;
            this.trace = options.Trace ?? TraceRecorder.None;
            this.tokens = new TokenDirectory(database, this.clock, adminToken, this.logger);
            this.auc = new AuthenticationCentre(database, Pimsis, this.clock, this.logger);
            this.trustAnchorDer = (byte[])trustAnchorDer.Clone();
        }

        /// <summary>The RS address given to manufacturers for device key stores (set by <see cref="RsServer"/> once bound).</summary>
        public Uri RsAddress { get; set; }

        /// <summary>Algorithm of new preliminary credentials when a batch does not name one.</summary>
        public AkaAlgorithmKind DefaultAlgorithm => this.options.DefaultAlgorithm;

        /// <summary>The PIMSI range.</summary>
        public PimsiRange PimsiRange => this.range;

        /// <summary>The role and id behind a bearer token, or null when the token is unknown.</summary>
        public RsPrincipal Authenticate(string token)
        {
            return this.tokens.Authenticate(token, new RsPrincipal(RsRole.Admin, null, -1), (c, hash) =>
            {
                if (TokenDirectory.FindId(c, RsStore.Manufacturers, hash) is string manufacturer)
                {
                    return new RsPrincipal(RsRole.Manufacturer, manufacturer, -1);
                }

                if (AuthenticationCentre.TryFindVisitedOperator(c, hash, out string visitedOperator, out int ind))
                {
                    return new RsPrincipal(RsRole.VisitedOperator, visitedOperator, ind);
                }

                return TokenDirectory.FindId(c, RsStore.HomeOperators, hash) is string homeOperator ? new RsPrincipal(RsRole.HomeOperator, homeOperator, -1) : null;
            });
        }

        /// <summary>Registers a manufacturer; returns its id and token.</summary>
        public RsResult<RsRegistration> RegisterManufacturer(string name)
        {
            ApiError error = this.tokens.Register(RsStore.Manufacturers, name, out TokenGrant grant);
            return error ?? RsResult<RsRegistration>.Ok(new RsRegistration(RsRole.Manufacturer, grant.Id, grant.Token, null, null));
        }

        /// <summary>
        /// Registers a visited operator and assigns its IND (TS 33.102 C.1.2: one IND per serving node): 1..31 in
        /// registration order, shared round-robin beyond 31 operators; IND 0 is RS's own (bootstrap).
        /// </summary>
        public RsResult<RsRegistration> RegisterVisitedOperator(string name)
        {
            ApiError error = this.tokens.Register(AuthenticationCentre.VisitedOperators, name, out TokenGrant grant);
            return error ?? RsResult<RsRegistration>.Ok(new RsRegistration(RsRole.VisitedOperator, grant.Id, grant.Token, grant.Ind, null));
        }

        /// <summary>
        /// Registers a home operator: its NAF host (FQDN of its NAF_Id), https base URL the devices contact, and its
        /// trust anchor (DER certificate the devices pin). Conflict when the NAF host is taken. The same registration
        /// repeated (same name, NAF host, base URL and trust anchor: the HO was killed before it stored RS's answer)
        /// gets the same id and a new token, so the HO can start again.
        /// </summary>
        public RsResult<RsRegistration> RegisterHomeOperator(string name, string nafHost, string baseUrl, byte[] trustAnchorDer)
        {
            ApiError error = TokenDirectory.CheckName(name) ?? CheckHostName("nafHost", nafHost) ?? CheckHttpsUrl("baseUrl", baseUrl) ?? CheckCertificate("trustAnchor", trustAnchorDer);
            if (error != null)
            {
                return error;
            }

            string id = TokenDirectory.NewId(RsStore.HomeOperators.IdPrefix);
            string token = BearerToken.Generate();
            bool repeated = false;
            bool inserted = this.database.Write((c, t) =>
            {
                using (SqliteCommand command = SqliteDatabase.Command(c, t, "SELECT ho_id, name, base_url, trust_anchor FROM home_operator WHERE naf_host = $host", ("$host", nafHost)))
                using (SqliteDataReader reader = command.ExecuteReader())
                {
                    if (reader.Read())
                    {
                        // The same registration again (an HO killed after RS committed it, before it stored the answer):
                        // same id, a new token; the token RS answered the first time stops working. Anything else: taken.
                        if (reader.GetString(1) != name || reader.GetString(2) != baseUrl || !((byte[])reader.GetValue(3)).AsSpan().SequenceEqual(trustAnchorDer))
                        {
                            return false;
                        }

                        id = reader.GetString(0);
                        repeated = true;
                    }
                }

                if (repeated)
                {
                    SqliteDatabase.Execute(c, t, "UPDATE home_operator SET token_hash = $hash WHERE ho_id = $id", ("$hash", BearerToken.Hash(token)), ("$id", id));
                    return true;
                }

                SqliteDatabase.Execute(
                    c, t, "INSERT INTO home_operator (ho_id, name, naf_host, base_url, trust_anchor, token_hash, created_at) VALUES ($id, $name, $host, $url, $anchor, $hash, $now)",
                    ("$id", id), ("$name", name), ("$host", nafHost), ("$url", baseUrl), ("$anchor", trustAnchorDer), ("$hash", BearerToken.Hash(token)), ("$now", this.Now()));
                return true;
            });
            if (!inserted)
            {
                return ApiError.Conflict("naf-host-taken", $"a home operator with NAF host '{nafHost}' is already registered");
            }

            if (repeated)
            {
                this.logger.LogInformation("home operator {Id} ({Host}) registered again: new token", id, nafHost);
            }
            else
            {
                this.logger.LogInformation("registered home operator {Id} ({Host})", id, nafHost);
            }

            return RsResult<RsRegistration>.Ok(new RsRegistration(RsRole.HomeOperator, id, token, null, Convert.ToHexStringLower(RsNafId.For(nafHost))));
        }

        /// <summary>
        /// Allocates <paramref name="count"/> PIMSIs (never-used MSINs first, then PIMSIs whose quarantine ended) and
        /// preliminary credentials, and registers the devices for the manufacturer. All or nothing: 409
        /// "pimsi-pool-exhausted" when the pool cannot supply them all.
        /// </summary>
        public RsResult<DeviceBatch> RegisterBatch(string manufacturerId, int count, AkaAlgorithmKind algorithm)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(manufacturerId);
            if (count < 1 || count > MaxBatchSize)
            {
                return JsonBody.Invalid("count", $"must be an integer from 1 to {MaxBatchSize}");
            }

            if (algorithm != AkaAlgorithmKind.Milenage && algorithm != AkaAlgorithmKind.Tuak)
            {
                return JsonBody.Invalid("algorithm", "must be 'milenage' or 'tuak'");
            }

            string batchId = TokenDirectory.NewId("batch");
            var devices = new List<ManufacturedDevice>(count);
            long now = this.Now();
            bool allocated = this.database.TryWrite((c, t) =>
            {
                for (int i = 0; i < count; i++)
                {
                    string imsi = this.AllocatePimsi(c, t, now);
                    if (imsi == null)
                    {
                        return false;
                    }

                    ManufacturedDevice device = this.NewDevice(imsi, algorithm);
                    SqliteDatabase.Execute(
                        c, t, "INSERT INTO device (device_id, imsi, manufacturer_id, batch_id, algorithm, k, opc, state, created_at) VALUES ($id, $imsi, $mf, $batch, $alg, $k, $opc, 'registered', $now)",
                        ("$id", device.DeviceId), ("$imsi", imsi), ("$mf", manufacturerId), ("$batch", batchId), ("$alg", AlgorithmName(algorithm)), ("$k", device.K), ("$opc", device.Opc), ("$now", now));
                    devices.Add(device);
                }

                return true;
            });
            if (!allocated)
            {
                return ApiError.Conflict("pimsi-pool-exhausted", $"the PIMSI pool cannot supply {count} PIMSIs now (range of {this.range.Size}; retired PIMSIs return after quarantine)");
            }

            this.logger.LogInformation("batch {BatchId}: {Count} devices for manufacturer {Manufacturer}", batchId, count, manufacturerId);
            foreach (ManufacturedDevice device in devices)
            {
                // A VO knows the device only by its PIMSI: the trace files those events under the device.
                this.trace.Alias(device.Pimsi, device.DeviceId);
            }

            return RsResult<DeviceBatch>.Ok(new DeviceBatch(batchId, this.RsAddress, (byte[])this.trustAnchorDer.Clone(), devices));
        }

        /// <summary>The stored facts of a device (no secrets), or null when unknown.</summary>
        public DeviceRecord GetDevice(string deviceId)
        {
            if (string.IsNullOrEmpty(deviceId))
            {
                return null;
            }

            return this.database.Read(c =>
            {
                using SqliteCommand command = SqliteDatabase.Command(
                    c, null, "SELECT device_id, imsi, manufacturer_id, batch_id, algorithm, state, ho_id, created_at, associated_at, retired_at, failure_count FROM device WHERE device_id = $id", ("$id", deviceId));
                using SqliteDataReader reader = command.ExecuteReader();
                if (!reader.Read())
                {
                    return null;
                }

                return new DeviceRecord(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                    reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                    reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
                    reader.GetInt32(10));
            });
        }

        /// <summary>
        /// Associates a device with the calling home operator on its owner's behalf. Idempotent (Changed false when
        /// already associated with this HO); 409 "associated-elsewhere" or "device-retired"; 404 "unknown-device".
        /// </summary>
        public RsResult<AssociationResult> Associate(string homeOperatorId, string deviceId)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(homeOperatorId);
            return this.database.Write<RsResult<AssociationResult>>((c, t) =>
            {
                DeviceState state = ReadDeviceState(c, t, deviceId);
                if (state == null)
                {
                    return UnknownDevice(deviceId);
                }

                if (state.State == "retired")
                {
                    return ApiError.Conflict("device-retired", "the device has been provisioned and its PIMSI retired");
                }

                if (state.HomeOperatorId == homeOperatorId)
                {
                    return RsResult<AssociationResult>.Ok(new AssociationResult(deviceId, homeOperatorId, false));
                }

                if (state.HomeOperatorId != null)
                {
                    return ApiError.Conflict("associated-elsewhere", "the device is associated with another home operator; that operator must release it first");
                }

                SqliteDatabase.Execute(c, t, "UPDATE device SET ho_id = $ho, associated_at = $now WHERE device_id = $id", ("$ho", homeOperatorId), ("$now", this.Now()), ("$id", deviceId));
                this.logger.LogInformation("device {DeviceId} associated with {HomeOperator}", deviceId, homeOperatorId);
                return RsResult<AssociationResult>.Ok(new AssociationResult(deviceId, homeOperatorId, true));
            });
        }

        /// <summary>Releases the association (change of home operator); only the associated HO may. Idempotent when not associated at all.</summary>
        public RsResult<AssociationResult> Dissociate(string homeOperatorId, string deviceId)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(homeOperatorId);
            return this.database.Write<RsResult<AssociationResult>>((c, t) =>
            {
                DeviceState state = ReadDeviceState(c, t, deviceId);
                if (state == null)
                {
                    return UnknownDevice(deviceId);
                }

                if (state.HomeOperatorId == null)
                {
                    return RsResult<AssociationResult>.Ok(new AssociationResult(deviceId, null, false));
                }

                if (state.HomeOperatorId != homeOperatorId)
                {
                    return NotAssociated();
                }

                if (state.State == "retired")
                {
                    return ApiError.Conflict("device-retired", "the device has been provisioned and its PIMSI retired");
                }

                SqliteDatabase.Execute(c, t, "UPDATE device SET ho_id = NULL, associated_at = NULL WHERE device_id = $id", ("$id", deviceId));
                this.logger.LogInformation("device {DeviceId} released by {HomeOperator}", deviceId, homeOperatorId);
                return RsResult<AssociationResult>.Ok(new AssociationResult(deviceId, null, true));
            });
        }

        /// <summary>
        /// SendAuthenticationInfo of the roaming interface (ARCHITECTURE 3.2): <paramref name="count"/> vectors with
        /// SQN = SEQ || IND of the calling VO (TS 33.102 C.1.1.1); with RAND and AUTS, resynchronises first
        /// (TS 33.102 6.3.5). SEQ_HE and the audit rows are committed before the vectors exist. 404
        /// "unknown-subscriber" / "retired-subscriber" (the VO's NAS reject), 400 "invalid-auts".
        /// </summary>
        public RsResult<AuthenticationInfo> SendAuthenticationInfo(RsPrincipal visitedOperator, string imsi, int count, byte[] rand, byte[] auts)
        {
            ArgumentNullException.ThrowIfNull(visitedOperator);
            return this.auc.SendAuthenticationInfo(visitedOperator.Ind, visitedOperator.Id, imsi, count, rand, auts);
        }

        /// <summary>
        /// The device interface, bootstrap step (ARCHITECTURE 3.3, TS 33.220 4.5.2): a BootstrapRequest gets a
        /// BootstrapChallenge from the bootstrap IND; a BootstrapResponse with RES gets a BootstrapResult (B-TID,
        /// lifetime), with AUTS a new challenge after resynchronisation. Failures get an ErrorAnswer.
        /// </summary>
        public DeviceAnswer HandleBootstrap(byte[] message)
        {
            ArgumentNullException.ThrowIfNull(message);
            ProtocolResult header = MessageEnvelope.TryReadHeader(message, 0, message.Length, out MessageType type, out _, out _);
            if (header != ProtocolResult.Success)
            {
                return Refuse(StatusCodes.Status400BadRequest, header == ProtocolResult.UnknownVersion ? ErrorCause.UnsupportedVersion : ErrorCause.MalformedRequest);
            }

            if (type == MessageType.BootstrapRequest)
            {
                return this.HandleBootstrapRequest(message);
            }

            if (type == MessageType.BootstrapResponse)
            {
                return this.HandleBootstrapResponse(message);
            }

            return Refuse(StatusCodes.Status400BadRequest, ErrorCause.MalformedRequest);
        }

        /// <summary>
        /// The device interface, home-operator step (ARCHITECTURE 3.3): verifies the request's MAC under Ks_NAF(RS)
        /// of its B-TID and answers, MAC'd: associated (HO address, identity, trust anchor, lifetime) or pending
        /// (retry after N s). ErrorAnswer for an unknown or expired B-TID or a MAC that does not verify.
        /// </summary>
        public DeviceAnswer HandleHomeOperatorRequest(byte[] message)
        {
            ArgumentNullException.ThrowIfNull(message);
            ProtocolResult decoded = HomeOperatorRequest.TryDecode(message, 0, message.Length, out HomeOperatorRequest request);
            if (decoded != ProtocolResult.Success)
            {
                return Refuse(StatusCodes.Status400BadRequest, decoded == ProtocolResult.UnknownVersion ? ErrorCause.UnsupportedVersion : ErrorCause.MalformedRequest);
            }

            string btid = Encoding.ASCII.GetString(request.BTid);
            Session session = this.database.Read(c => this.ReadSession(c, btid));
            if (session == null)
            {
                return Refuse(StatusCodes.Status404NotFound, ErrorCause.UnknownBTid);
            }

            byte[] ksNaf = new byte[Kdf.OutputSize];
            var protection = new MessageProtection();
            try
            {
                // TS 33.220 4.5.2/B.3: RS's own NAF_Id is the B-TID's host || Ua protocol id; Ks_NAF(RS) from Ks = CK || IK.
                this.DeriveKsNaf(session, RsNafId.For(session.Host), ksNaf);
                if (request.VerifyMac(protection, ksNaf, 0, message, 0, message.Length) != ProtocolResult.Success)
                {
                    this.logger.LogWarning("home-operator request for device {DeviceId}: MAC does not verify", session.DeviceId);
                    return Refuse(StatusCodes.Status403Forbidden, ErrorCause.AuthenticationFailed);
                }

                var answer = new HomeOperatorAnswer { DeviceNonce = request.DeviceNonce };
                HomeOperatorEntry homeOperator = session.HomeOperatorId == null ? null : this.database.Read(c => ReadHomeOperator(c, session.HomeOperatorId));
                if (homeOperator == null)
                {
                    answer.Status = HomeOperatorStatus.Pending;
                    answer.RetryAfter = Seconds(this.options.PendingRetryAfter);
                }
                else
                {
                    answer.Status = HomeOperatorStatus.Associated;
                    answer.HomeOperatorAddress = Encoding.ASCII.GetBytes(homeOperator.BaseUrl);
                    answer.HomeOperatorId = RsNafId.For(homeOperator.NafHost);
                    answer.TrustAnchor = homeOperator.TrustAnchor;
                    answer.Lifetime = Seconds(this.options.AssociationLifetime);
                }

                byte[] buffer = new byte[MessageEnvelope.MaxMessageLength];
                ProtocolResult encoded = answer.Encode(protection, ksNaf, 0, buffer, 0, buffer.Length, out int length);
                if (encoded != ProtocolResult.Success)
                {
                    this.logger.LogError("home-operator answer for device {DeviceId} does not encode: {Result}", session.DeviceId, encoded);
                    return Refuse(StatusCodes.Status500InternalServerError, ErrorCause.ServerFailure);
                }

                this.logger.LogInformation("home-operator request of device {DeviceId}: {Status}", session.DeviceId, answer.Status);
                return new DeviceAnswer(StatusCodes.Status200OK, buffer.AsSpan(0, length).ToArray());
            }
            finally
            {
                CryptographicOperations.ZeroMemory(ksNaf);
                protection.Clear();
            }
        }

        /// <summary>
        /// Zn (ARCHITECTURE 3.4, TS 33.220 4.5.3): Ks_NAF(HO) of a B-TID, only for the home operator the device is
        /// associated with (403 "not-associated"); 404 "unknown-btid" when unknown or expired.
        /// </summary>
        public RsResult<NafKey> GetNafKey(string homeOperatorId, string btid)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(homeOperatorId);
            if (string.IsNullOrEmpty(btid) || btid.Length > M2MDevice.Protocol.BTid.MaxLength)
            {
                return JsonBody.Invalid("btid", "must be a B-TID (base64(RAND)@host)");
            }

            Session session = this.database.Read(c => this.ReadSession(c, btid));
            if (session == null)
            {
                return ApiError.NotFound("unknown-btid", "no bootstrap session with this B-TID, or its key expired");
            }

            if (session.HomeOperatorId != homeOperatorId)
            {
                this.Trace(session.DeviceId, TraceParticipant.HomeOperator, TraceParticipant.RegistrationService, TraceMessage.NafKeyRequest, null);
                this.Trace(session.DeviceId, TraceParticipant.RegistrationService, TraceParticipant.HomeOperator, TraceMessage.NafKeyError, "not-associated");
                return NotAssociated();
            }

            HomeOperatorEntry homeOperator = this.database.Read(c => ReadHomeOperator(c, homeOperatorId));
            byte[] nafId = RsNafId.For(homeOperator.NafHost);
            byte[] ksNaf = new byte[Kdf.OutputSize];
            this.DeriveKsNaf(session, nafId, ksNaf);
            this.logger.LogInformation("Ks_NAF for device {DeviceId} given to {HomeOperator}", session.DeviceId, homeOperatorId);
            this.Trace(session.DeviceId, TraceParticipant.HomeOperator, TraceParticipant.RegistrationService, TraceMessage.NafKeyRequest, homeOperator.NafHost);
            this.Trace(session.DeviceId, TraceParticipant.RegistrationService, TraceParticipant.HomeOperator, TraceMessage.NafKeyAnswer, null);
            return RsResult<NafKey>.Ok(new NafKey(btid, ksNaf, nafId, session.Impi, session.Imsi, session.DeviceId, DateTimeOffset.FromUnixTimeMilliseconds(session.ExpiresAt)));
        }

        /// <summary>
        /// Zn outcome report of the associated home operator. Provisioned: the device is retired, its credentials
        /// wiped, its bootstrap sessions ended and its PIMSI quarantined for the configured period, after which it
        /// returns to the pool; idempotent. Failed: recorded, nothing else changes.
        /// </summary>
        public RsResult<OutcomeResult> ReportOutcome(string homeOperatorId, string deviceId, bool provisioned, string detail)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(homeOperatorId);
            if (detail != null && detail.Length > 500)
            {
                return JsonBody.Invalid("detail", "must be at most 500 characters");
            }

            return this.database.Write<RsResult<OutcomeResult>>((c, t) =>
            {
                DeviceState state = ReadDeviceState(c, t, deviceId);
                if (state == null)
                {
                    return UnknownDevice(deviceId);
                }

                if (state.HomeOperatorId != homeOperatorId)
                {
                    return NotAssociated();
                }

                long now = this.Now();
                if (state.State == "retired")
                {
                    if (!provisioned)
                    {
                        return ApiError.Conflict("device-retired", "the device has been provisioned and its PIMSI retired");
                    }

                    long? availableAt = SqliteDatabase.Scalar(c, t, "SELECT available_at FROM pimsi WHERE imsi = $imsi AND state = 'quarantined'", ("$imsi", state.Imsi)) as long?;
                    return RsResult<OutcomeResult>.Ok(new OutcomeResult(deviceId, "retired", availableAt.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(availableAt.Value) : null, false));
                }

                SqliteDatabase.Execute(
                    c, t, "INSERT INTO outcome (device_id, ho_id, kind, detail, reported_at) VALUES ($id, $ho, $kind, $detail, $now)",
                    ("$id", deviceId), ("$ho", homeOperatorId), ("$kind", provisioned ? "provisioned" : "failed"), ("$detail", detail), ("$now", now));
                this.Trace(deviceId, TraceParticipant.HomeOperator, TraceParticipant.RegistrationService, provisioned ? TraceMessage.Outcome : TraceMessage.OutcomeFailed, null);
                if (!provisioned)
                {
                    SqliteDatabase.Execute(c, t, "UPDATE device SET failure_count = failure_count + 1 WHERE device_id = $id", ("$id", deviceId));
                    this.logger.LogInformation("device {DeviceId}: provisioning failure reported by {HomeOperator}", deviceId, homeOperatorId);
                    return RsResult<OutcomeResult>.Ok(new OutcomeResult(deviceId, state.State, null, true));
                }

                // Seed open point (IMSI shortage): the PIMSI is reused, but only after a quarantine.
                long available = now + (long)this.options.Quarantine.TotalMilliseconds;
                SqliteDatabase.Execute(c, t, "UPDATE device SET state = 'retired', retired_at = $now, k = NULL, opc = NULL WHERE device_id = $id", ("$now", now), ("$id", deviceId));
                SqliteDatabase.Execute(c, t, "DELETE FROM bootstrap_session WHERE device_id = $id", ("$id", deviceId));
                SqliteDatabase.Execute(c, t, "DELETE FROM bootstrap_challenge WHERE device_id = $id", ("$id", deviceId));
                SqliteDatabase.Execute(c, t, "UPDATE pimsi SET state = 'quarantined', available_at = $at WHERE imsi = $imsi", ("$at", available), ("$imsi", state.Imsi));
                this.logger.LogInformation("device {DeviceId} provisioned; PIMSI {Imsi} quarantined", deviceId, state.Imsi);
                this.Trace(deviceId, TraceParticipant.RegistrationService, TraceParticipant.RegistrationService, TraceMessage.PimsiRetired, state.Imsi);
                return RsResult<OutcomeResult>.Ok(new OutcomeResult(deviceId, "retired", DateTimeOffset.FromUnixTimeMilliseconds(available), true));
            });
        }

        /// <summary>Every SQN issued for <paramref name="imsi"/>, in issue order (the audit of "never reuse an SQN").</summary>
        public IReadOnlyList<SqnAuditEntry> GetSqnAudit(string imsi) => this.auc.GetSqnAudit(imsi);

        private DeviceAnswer HandleBootstrapRequest(byte[] message)
        {
            ProtocolResult decoded = BootstrapRequest.TryDecode(message, 0, message.Length, out BootstrapRequest request);
            if (decoded != ProtocolResult.Success)
            {
                return Refuse(StatusCodes.Status400BadRequest, ErrorCause.MalformedRequest);
            }

            string impi = Encoding.ASCII.GetString(request.Impi);
            string imsi = ImsiOfImpi(impi);
            if (imsi == null)
            {
                return Refuse(StatusCodes.Status404NotFound, ErrorCause.UnknownIdentity);
            }

            AucSubscriber subscriber = null;
            byte[] rand = RandomNumberGenerator.GetBytes(AkaSizes.Rand);
            var sqns = new List<byte[]>(1);
            ApiError refused = this.database.Write((c, t) =>
            {
                subscriber = this.auc.ReadSubscriber(c, t, imsi, out ApiError unknown);
                if (subscriber == null)
                {
                    return unknown;
                }

                ApiError issued = this.auc.IssueSqns(c, t, imsi, new AucSqnState(subscriber.SeqHe), BootstrapInd, BootstrapRequester, 1, sqns);
                if (issued == null)
                {
                    this.InsertChallenge(c, t, rand, subscriber.DeviceId, impi);
                }

                return issued;
            });
            if (refused != null)
            {
                return Refuse(refused.Status == StatusCodes.Status404NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict, refused.Status == StatusCodes.Status404NotFound ? ErrorCause.UnknownIdentity : ErrorCause.ServerFailure);
            }

            this.logger.LogInformation("bootstrap challenge for device {DeviceId}", subscriber.DeviceId);
            this.Trace(subscriber.DeviceId, TraceParticipant.RegistrationService, TraceParticipant.Device, TraceMessage.BootstrapChallenge, null);
            return Challenge(subscriber, rand, sqns[0]);
        }

        private DeviceAnswer HandleBootstrapResponse(byte[] message)
        {
            ProtocolResult decoded = BootstrapResponse.TryDecode(message, 0, message.Length, out BootstrapResponse response);
            if (decoded != ProtocolResult.Success)
            {
                return Refuse(StatusCodes.Status400BadRequest, ErrorCause.MalformedRequest);
            }

            AucSubscriber subscriber = null;
            byte[] newRand = RandomNumberGenerator.GetBytes(AkaSizes.Rand);
            var sqns = new List<byte[]>(1);
            byte[] btid = null;
            long now = this.Now();
            ErrorCause? cause = null;
            int status = StatusCodes.Status200OK;
            this.database.Write((c, t) =>
            {
                string deviceId = null;
                string impi = null;
                using (SqliteCommand command = SqliteDatabase.Command(c, t, "SELECT device_id, impi, expires_at FROM bootstrap_challenge WHERE rand = $rand", ("$rand", response.Rand)))
                using (SqliteDataReader reader = command.ExecuteReader())
                {
                    if (reader.Read() && reader.GetInt64(2) > now)
                    {
                        deviceId = reader.GetString(0);
                        impi = reader.GetString(1);
                    }
                }

                // A challenge is answered once, right or wrong.
                SqliteDatabase.Execute(c, t, "DELETE FROM bootstrap_challenge WHERE rand = $rand OR expires_at <= $now", ("$rand", response.Rand), ("$now", now));
                if (deviceId == null)
                {
                    (status, cause) = (StatusCodes.Status403Forbidden, ErrorCause.AuthenticationFailed);
                    return 0;
                }

                subscriber = this.auc.ReadSubscriber(c, t, ImsiOfImpi(impi), out _);
                if (subscriber == null || subscriber.DeviceId != deviceId)
                {
                    (status, cause) = (StatusCodes.Status404NotFound, ErrorCause.UnknownIdentity);
                    return 0;
                }

                if (response.Res != null)
                {
                    if (!VerifyRes(subscriber.Algorithm, response.Rand, response.Res))
                    {
                        (status, cause) = (StatusCodes.Status403Forbidden, ErrorCause.AuthenticationFailed);
                        return 0;
                    }

                    // TS 33.220 4.5.2 step 6: B-TID = base64(RAND)@BSF host; Ks = CK || IK lives for the key lifetime.
                    byte[] host = Encoding.ASCII.GetBytes(this.options.HostName);
                    byte[] buffer = new byte[M2MDevice.Protocol.BTid.MaxLength];
                    if (M2MDevice.Protocol.BTid.TryBuild(response.Rand, 0, host, 0, host.Length, buffer, 0, buffer.Length, out int length) != ProtocolResult.Success)
                    {
                        throw new InvalidOperationException("RS host name is not a valid B-TID host");
                    }

                    btid = buffer.AsSpan(0, length).ToArray();
                    SqliteDatabase.Execute(
                        c, t, "INSERT INTO bootstrap_session (btid, device_id, impi, rand, expires_at) VALUES ($btid, $id, $impi, $rand, $exp) ON CONFLICT (btid) DO UPDATE SET expires_at = excluded.expires_at",
                        ("$btid", Encoding.ASCII.GetString(btid)), ("$id", deviceId), ("$impi", impi), ("$rand", response.Rand), ("$exp", now + (long)this.options.KeyLifetime.TotalMilliseconds));
                    return 0;
                }

                // TS 33.102 6.3.5: AUTS from the USIM: verify MAC-S, resynchronise, challenge again.
                var state = new AucSqnState(subscriber.SeqHe);
                if (!AuthenticationCentre.TryResynchronize(subscriber.Algorithm, response.Rand, response.Auts, ref state))
                {
                    (status, cause) = (StatusCodes.Status403Forbidden, ErrorCause.AuthenticationFailed);
                    return 0;
                }

                ApiError issued = this.auc.IssueSqns(c, t, subscriber.Imsi, state, BootstrapInd, BootstrapRequester, 1, sqns);
                if (issued != null)
                {
                    (status, cause) = (StatusCodes.Status409Conflict, ErrorCause.ServerFailure);
                    return 0;
                }

                this.InsertChallenge(c, t, newRand, deviceId, impi);
                return 0;
            });

            if (cause.HasValue)
            {
                if (subscriber != null)
                {
                    this.Trace(subscriber.DeviceId, TraceParticipant.Device, TraceParticipant.RegistrationService, response.Auts != null ? TraceMessage.BootstrapResynchronization : TraceMessage.BootstrapResponse, null);
                    this.Trace(subscriber.DeviceId, TraceParticipant.RegistrationService, TraceParticipant.Device, TraceMessage.BootstrapError, cause.Value.ToString());
                }

                subscriber?.Dispose();
                this.logger.LogInformation("bootstrap response refused: {Cause}", cause.Value);
                return Refuse(status, cause.Value);
            }

            if (btid != null)
            {
                subscriber.Dispose();
                var result = new BootstrapResult { BTid = btid, Lifetime = Seconds(this.options.KeyLifetime) };
                this.logger.LogInformation("device {DeviceId} bootstrapped", subscriber.DeviceId);

                // The device records the result it receives (3 Bootstrap result); RS records what only it sees.
                this.Trace(subscriber.DeviceId, TraceParticipant.Device, TraceParticipant.RegistrationService, TraceMessage.BootstrapResponse, null);
                return Encode(result.Encode);
            }

            this.logger.LogInformation("device {DeviceId} resynchronised; new bootstrap challenge", subscriber.DeviceId);
            this.Trace(subscriber.DeviceId, TraceParticipant.Device, TraceParticipant.RegistrationService, TraceMessage.BootstrapResynchronization, null);
            this.Trace(subscriber.DeviceId, TraceParticipant.RegistrationService, TraceParticipant.Device, TraceMessage.BootstrapChallenge, "resynchronised");
            return Challenge(subscriber, newRand, sqns[0]);
        }

        private static DeviceAnswer Challenge(AucSubscriber subscriber, byte[] rand, byte[] sqn)
        {
            using (subscriber)
            {
                var challenge = new BootstrapChallenge { Rand = rand, Autn = AuthenticationCentre.Autn(subscriber.Algorithm, rand, sqn) };
                return Encode(challenge.Encode);
            }
        }

        private void InsertChallenge(SqliteConnection c, SqliteTransaction t, byte[] rand, string deviceId, string impi)
        {
            SqliteDatabase.Execute(
                c, t, "INSERT INTO bootstrap_challenge (rand, device_id, impi, expires_at) VALUES ($rand, $id, $impi, $exp)",
                ("$rand", rand), ("$id", deviceId), ("$impi", impi), ("$exp", this.Now() + (long)this.options.ChallengeLifetime.TotalMilliseconds));
        }

        private static bool VerifyRes(IAkaAlgorithm algorithm, byte[] rand, byte[] res)
        {
            byte[] xres = new byte[AkaSizes.MaxRes];
            byte[] ck = new byte[AkaSizes.MaxKey];
            byte[] ik = new byte[AkaSizes.MaxKey];
            byte[] ak = new byte[AkaSizes.Ak];
            try
            {
                algorithm.F2345(rand, 0, xres, 0, ck, 0, ik, 0, ak, 0);

                // TS 33.102 6.3.3 / TS 33.220 4.5.2 step 5: RES must equal XRES; compared in constant time.
                return res.Length == algorithm.ResLength && CryptographicOperations.FixedTimeEquals(res, xres.AsSpan(0, algorithm.ResLength));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(xres);
                CryptographicOperations.ZeroMemory(ck);
                CryptographicOperations.ZeroMemory(ik);
                CryptographicOperations.ZeroMemory(ak);
                algorithm.Clear();
            }
        }

        private void DeriveKsNaf(Session session, byte[] nafId, byte[] ksNaf)
        {
            byte[] xres = new byte[AkaSizes.MaxRes];
            byte[] ks = new byte[2 * AkaSizes.MaxKey];
            byte[] ik = new byte[AkaSizes.MaxKey];
            byte[] ak = new byte[AkaSizes.Ak];
            using IAkaAlgorithmHolder holder = new IAkaAlgorithmHolder(SubscriberKeys.CreateAlgorithm(session.Algorithm, session.K, session.Opc));
            try
            {
                IAkaAlgorithm algorithm = holder.Algorithm;
                if (algorithm.CkLength != 16 || algorithm.IkLength != 16)
                {
                    throw new InvalidOperationException("bootstrap needs 128-bit CK and IK");
                }

                // TS 33.220 4.5.2: Ks = CK || IK of the bootstrap AKA, recomputed from K and the session's RAND.
                algorithm.F2345(session.Rand, 0, xres, 0, ks, 0, ik, 0, ak, 0);
                Array.Copy(ik, 0, ks, 16, 16);
                byte[] impi = Encoding.UTF8.GetBytes(session.Impi);
                new Kdf().DeriveKsNaf(ks, 0, session.Rand, 0, impi, 0, impi.Length, nafId, 0, nafId.Length, ksNaf, 0);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(xres);
                CryptographicOperations.ZeroMemory(ks);
                CryptographicOperations.ZeroMemory(ik);
                CryptographicOperations.ZeroMemory(ak);
                CryptographicOperations.ZeroMemory(session.K);
                CryptographicOperations.ZeroMemory(session.Opc);
            }
        }

        private static ApiError UnknownPimsi(SqliteConnection c, SqliteTransaction t, string imsi)
        {
            bool retired = SqliteDatabase.Scalar(c, t, "SELECT imsi FROM pimsi WHERE imsi = $imsi", ("$imsi", imsi)) != null;
            return retired
                ? ApiError.NotFound("retired-subscriber", "the PIMSI is retired (its device was provisioned); reject the attach")
                : ApiError.NotFound("unknown-subscriber", "no registered device has this IMSI; reject the attach");
        }

        private Session ReadSession(SqliteConnection c, string btid)
        {
            using SqliteCommand command = SqliteDatabase.Command(
                c, null, "SELECT s.device_id, s.impi, s.rand, s.expires_at, d.imsi, d.algorithm, d.k, d.opc, d.ho_id FROM bootstrap_session s JOIN device d ON d.device_id = s.device_id WHERE s.btid = $btid AND s.expires_at > $now AND d.state = 'registered'",
                ("$btid", btid), ("$now", this.Now()));
            using SqliteDataReader reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            return new Session
            {
                DeviceId = reader.GetString(0),
                Impi = reader.GetString(1),
                Rand = (byte[])reader.GetValue(2),
                ExpiresAt = reader.GetInt64(3),
                Imsi = reader.GetString(4),
                Algorithm = reader.GetString(5),
                K = (byte[])reader.GetValue(6),
                Opc = (byte[])reader.GetValue(7),
                HomeOperatorId = reader.IsDBNull(8) ? null : reader.GetString(8),
                Host = btid.Substring(btid.IndexOf('@', StringComparison.Ordinal) + 1),
            };
        }

        private static HomeOperatorEntry ReadHomeOperator(SqliteConnection c, string homeOperatorId)
        {
            using SqliteCommand command = SqliteDatabase.Command(c, null, "SELECT naf_host, base_url, trust_anchor FROM home_operator WHERE ho_id = $id", ("$id", homeOperatorId));
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read() ? new HomeOperatorEntry(reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2)) : null;
        }

        private static DeviceState ReadDeviceState(SqliteConnection c, SqliteTransaction t, string deviceId)
        {
            using SqliteCommand command = SqliteDatabase.Command(c, t, "SELECT imsi, state, ho_id FROM device WHERE device_id = $id", ("$id", deviceId ?? string.Empty));
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read() ? new DeviceState(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)) : null;
        }

        private string AllocatePimsi(SqliteConnection c, SqliteTransaction t, long now)
        {
            long next = Math.Max(this.range.FirstMsin, OperatorStore.ReadCounter(c, t, "next_msin", this.range.FirstMsin));
            if (next <= this.range.LastMsin)
            {
                string fresh = this.range.Format(next);
                OperatorStore.WriteCounter(c, t, "next_msin", next + 1);
                if (SqliteDatabase.Execute(c, t, "INSERT INTO pimsi (imsi, state, seq_he) VALUES ($imsi, 'allocated', 0) ON CONFLICT (imsi) DO NOTHING", ("$imsi", fresh)) == 1)
                {
                    return fresh;
                }
            }

            // Reuse: the PIMSI whose quarantine ended first. Its SEQ_HE continues, so no SQN repeats for the PIMSI.
            string reused = SqliteDatabase.Scalar(
                c, t, "SELECT imsi FROM pimsi WHERE state = 'quarantined' AND available_at <= $now ORDER BY available_at, imsi LIMIT 1", ("$now", now)) as string;
            if (reused == null)
            {
                return null;
            }

            SqliteDatabase.Execute(c, t, "UPDATE pimsi SET state = 'allocated', available_at = NULL WHERE imsi = $imsi", ("$imsi", reused));
            return reused;
        }

        private ManufacturedDevice NewDevice(string imsi, AkaAlgorithmKind algorithm)
        {
            byte[] k = SubscriberKeys.NewK();
            byte[] opc = SubscriberKeys.DeriveOpc(algorithm, k, this.options.Op, this.options.Top);
            return new ManufacturedDevice(TokenDirectory.NewId("dev"), imsi, k, opc, algorithm);
        }

        /// <summary>The wire name of an algorithm ("milenage", "tuak").</summary>
        public static string AlgorithmName(AkaAlgorithmKind algorithm) => SubscriberKeys.AlgorithmName(algorithm);

        /// <summary>
        /// The IMSI of an IMPI derived from it (TS 23.003 13.3: "&lt;IMSI&gt;@realm"), or null when the user part is
        /// not 6 to 15 digits or there is no realm.
        /// </summary>
        public static string ImsiOfImpi(string impi)
        {
            int at = impi?.IndexOf('@', StringComparison.Ordinal) ?? -1;
            if (at < 0 || at == impi.Length - 1)
            {
                return null;
            }

            string user = impi.Substring(0, at);
            return PimsiRange.IsDigits(user, 6, 15) ? user : null;
        }

        private static DeviceAnswer Refuse(int status, ErrorCause cause) => DeviceAnswer.Refuse(status, cause);

        private delegate ProtocolResult Encoder(byte[] buffer, int offset, int capacity, out int length);

        private static DeviceAnswer Encode(Encoder encode)
        {
            byte[] buffer = new byte[MessageEnvelope.MaxMessageLength];
            if (encode(buffer, 0, buffer.Length, out int length) != ProtocolResult.Success)
            {
                return Refuse(StatusCodes.Status500InternalServerError, ErrorCause.ServerFailure);
            }

            return new DeviceAnswer(StatusCodes.Status200OK, buffer.AsSpan(0, length).ToArray());
        }

        private static uint Seconds(TimeSpan span) => (uint)Math.Clamp(Math.Ceiling(span.TotalSeconds), 1, uint.MaxValue);

        private static ApiError UnknownDevice(string deviceId) => ApiError.NotFound("unknown-device", "no device with this id is registered");

        private static ApiError NotAssociated() => ApiError.Forbidden("not-associated", "the device is not associated with the calling home operator");

        private static ApiError CheckHostName(string field, string host)
        {
            byte[] bytes = host == null ? null : Encoding.ASCII.GetBytes(host);
            if (host == null || host.Length > 253 || Encoding.ASCII.GetString(bytes) != host || !M2MDevice.Protocol.Ascii.IsHostName(bytes, 0, bytes.Length))
            {
                return JsonBody.Invalid(field, "must be a host name (RFC 1123)");
            }

            return null;
        }

        private static ApiError CheckHttpsUrl(string field, string url)
        {
            if (url == null || url.Length > ProtocolLimits.MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out Uri parsed) || parsed.Scheme != Uri.UriSchemeHttps || url.Contains(' ', StringComparison.Ordinal))
            {
                return JsonBody.Invalid(field, $"must be an absolute https URL of at most {ProtocolLimits.MaxUrlLength} characters");
            }

            foreach (char ch in url)
            {
                if (ch < 0x21 || ch > 0x7E)
                {
                    return JsonBody.Invalid(field, "must be printable ASCII");
                }
            }

            return null;
        }

        private static ApiError CheckCertificate(string field, byte[] der)
        {
            if (der == null || der.Length > ProtocolLimits.MaxTrustAnchorLength)
            {
                return JsonBody.Invalid(field, $"must be a DER certificate of at most {ProtocolLimits.MaxTrustAnchorLength} bytes");
            }

            try
            {
                using X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(der);
                return null;
            }
            catch (CryptographicException)
            {
                return JsonBody.Invalid(field, "is not a DER X.509 certificate");
            }
        }

        private long Now() => this.clock.GetUtcNow().ToUnixTimeMilliseconds();

        // Message names and public ids only (docs/emulator.md 7): never RAND, AUTN, RES, K, OPc, Ks or Ks_NAF.
        private void Trace(string deviceId, string from, string to, string message, string detail) =>
            this.trace.Record(new TraceEvent(deviceId, from, to, message, this.clock.GetUtcNow(), detail));

        private sealed record DeviceState(string Imsi, string State, string HomeOperatorId);

        private sealed record HomeOperatorEntry(string NafHost, string BaseUrl, byte[] TrustAnchor);

        private sealed class Session
        {
            public string DeviceId;
            public string Impi;
            public byte[] Rand;
            public long ExpiresAt;
            public string Imsi;
            public string Algorithm;
            public byte[] K;
            public byte[] Opc;
            public string HomeOperatorId;
            public string Host;
        }

        private sealed class IAkaAlgorithmHolder : IDisposable
        {
            public IAkaAlgorithmHolder(IAkaAlgorithm algorithm)
            {
                this.Algorithm = algorithm;
            }

            public IAkaAlgorithm Algorithm { get; }

            public void Dispose() => this.Algorithm.Clear();
        }
    }
}
