using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Auc;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Pki;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Storage;
using M2MDevice.Firmware.Usim;
using M2MDevice.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace M2MDevice.Emulator.Ho
{
    /// <summary>
    /// A selected home operator's logic, testable without its HTTP endpoints: owner and visited-operator registration,
    /// device registration with association at RS (Zn, ARCHITECTURE 3.4), profile generation from the HO's IMSI range,
    /// the USIM download (3.5) with Ks_NAF(HO) fetched from RS per B-TID, install receipts and failure reports with the
    /// outcome reported to RS, and the HSS/AuC of the operational IMSIs (the roaming interface of docs/rs-api.md).
    /// Every change is committed to SQLite before a method returns (persist before acknowledge); a refused request
    /// changes nothing stored. Thread-safe (the database serialises transactions).
    /// </summary>
    public sealed class HoService : IDisposable, IOperatorService<HoPrincipal, HoRegistration>
    {
        /// <summary>Most vectors one SendAuthenticationInfo returns (TS 29.002 numberOfRequestedVectors 1..5).</summary>
        public const int MaxVectorsPerRequest = AuthenticationCentre.MaxVectorsPerRequest;

        /// <summary>Longest device id accepted from an owner (RS ids are far shorter).</summary>
        public const int MaxDeviceIdLength = 64;

        /// <summary>IND bits of the profiles (TS 33.102 C.3.2: 5), as the AuC issues SQN = SEQ || IND.</summary>
        public const byte SqnIndLength = UsimSqnState.IndBits;

        /// <summary>The HSS's subscribers: operational IMSIs with the K and OPc of their newest profile; SEQ_HE on the subscriber.</summary>
        private static readonly SubscriberTable Subscribers = new SubscriberTable(
            "SELECT s.device_id, p.algorithm, p.k, p.opc, s.seq_he FROM subscriber s JOIN profile p ON p.imsi = s.imsi WHERE s.imsi = $imsi ORDER BY p.sequence DESC LIMIT 1",
            "UPDATE subscriber SET seq_he = $seq WHERE imsi = $imsi",
            (c, t, imsi) => ApiError.NotFound("unknown-subscriber", "no profile of this home operator has this IMSI; reject the attach"));

        private readonly SqliteDatabase database;
        private readonly HoServerOptions options;
        private readonly PimsiRange range;
        private readonly TimeProvider clock;
        private readonly ILogger logger;
        private readonly TokenDirectory tokens;
        private readonly AuthenticationCentre auc;
        private readonly byte[] nafId;
        private readonly byte[] homePlmns;
        private readonly byte[] homePlmnsWithAct;
        private readonly byte[] operatorPlmnsWithAct;
        private readonly byte[] serviceProviderName;
        private readonly long maxIccidSerial;
        private RsClient zn;

        /// <summary>
        /// Creates the service over an opened HO database (<see cref="HoStore.Open"/>). <paramref name="adminToken"/>
        /// authenticates the HO admin role. Throws ArgumentException for an unusable configuration.
        /// </summary>
        public HoService(SqliteDatabase database, HoServerOptions options, string adminToken, ILogger logger = null)
        {
            ArgumentNullException.ThrowIfNull(database);
            ArgumentNullException.ThrowIfNull(options);
            ArgumentException.ThrowIfNullOrWhiteSpace(adminToken);
            ArgumentException.ThrowIfNullOrWhiteSpace(options.Name);
            SubscriberKeys.CheckOperatorKeys(options.Op, options.Top, nameof(options));
            if (options.Algorithm != AkaAlgorithmKind.Milenage && options.Algorithm != AkaAlgorithmKind.Tuak)
            {
                throw new ArgumentException("the algorithm must be MILENAGE or TUAK", nameof(options));
            }

            this.database = database;
            this.options = options;
            this.range = options.ImsiRange ?? throw new ArgumentException("an IMSI range is required", nameof(options));
            this.clock = options.Clock ?? TimeProvider.System;
            this.logger = logger ?? NullLogger.Instance;
            this.tokens = new TokenDirectory(database, this.clock, adminToken, this.logger);
            this.auc = new AuthenticationCentre(database, Subscribers, this.clock, this.logger);
            this.nafId = M2MDevice.Protocol.NafId.For(options.NafHost ?? throw new ArgumentException("a NAF host is required", nameof(options)));
            this.maxIccidSerial = Iccid.MaxSerial(options.IccidIssuerPrefix, options.IccidLength);

            var home = new HoPlmn(this.range.Mcc, this.range.Mnc);
            this.homePlmns = EncodePlmns(options.EquivalentHomePlmns ?? new[] { home }, false);
            this.homePlmnsWithAct = EncodePlmns(options.HomePlmns ?? new[] { home }, true);
            this.operatorPlmnsWithAct = EncodePlmns(options.OperatorPlmns, true);
            if (options.ServiceProviderName != null)
            {
                this.serviceProviderName = Encoding.ASCII.GetBytes(options.ServiceProviderName);
                if (this.serviceProviderName.Length < 1 || this.serviceProviderName.Length > ProtocolLimits.MaxServiceProviderNameLength
                    || Encoding.ASCII.GetString(this.serviceProviderName) != options.ServiceProviderName
                    || !M2MDevice.Protocol.Ascii.IsPrintable(this.serviceProviderName, 0, this.serviceProviderName.Length, true))
                {
                    throw new ArgumentException("the service provider name is 1 to 16 printable ASCII characters", nameof(options));
                }
            }
        }

        /// <summary>This HO's NAF_Id (NAF host || Ua security protocol id, TS 33.220 B.3), a copy.</summary>
        public byte[] NafId => (byte[])this.nafId.Clone();

        /// <summary>The operational IMSI range.</summary>
        public PimsiRange ImsiRange => this.range;

        /// <summary>The id RS gave this HO (after <see cref="ConnectToRsAsync"/>), or null.</summary>
        public string RsHomeOperatorId { get; private set; }

        /// <summary>
        /// Registers this HO at RS on first start (RS admin token from the options; NAF host, https base URL the
        /// devices contact, DER trust anchor they pin) and stores the HO token RS returns; on later starts uses the
        /// stored registration. Then reports outcomes still pending. Refusals of RS (e.g. 409 "naf-host-taken") are
        /// returned; nothing is stored then.
        /// </summary>
        public async Task<RsResult<string>> ConnectToRsAsync(Uri baseUrl, byte[] trustAnchorDer, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(baseUrl);
            ArgumentNullException.ThrowIfNull(trustAnchorDer);
            if (this.options.RsBaseAddress == null)
            {
                throw new InvalidOperationException("RsBaseAddress is required");
            }

            EmulatorCa trust = this.options.RsTrust ?? this.options.Ca ?? throw new InvalidOperationException("a CA to trust RS with is required");
            string hoId = this.database.Read(c => SqliteDatabase.Scalar(c, null, "SELECT value FROM setting WHERE name = 'rs_ho_id'") as string);
            string token = this.database.Read(c => SqliteDatabase.Scalar(c, null, "SELECT value FROM setting WHERE name = 'rs_token'") as string);
            if (token == null)
            {
                if (string.IsNullOrEmpty(this.options.RsAdminToken))
                {
                    return new ApiError(StatusCodes.Status500InternalServerError, "rs-not-registered", "no RS registration is stored and no RS admin token is configured");
                }

                using var admin = new RsClient(this.options.RsBaseAddress, this.options.RsAdminToken, trust);
                RsResult<RsRegistration> registered = await admin.RegisterHomeOperatorAsync(this.options.Name, this.options.NafHost, baseUrl, trustAnchorDer, cancellationToken).ConfigureAwait(false);
                if (!registered.IsSuccess)
                {
                    return registered.Error;
                }

                // TS 33.220 B.3: RS and HO must derive Ks_NAF(HO) over the same NAF_Id; a mismatch is a configuration error.
                if (registered.Value.NafIdHex != Convert.ToHexStringLower(this.nafId))
                {
                    throw new InvalidOperationException("RS computes another NAF_Id for this HO");
                }

                hoId = registered.Value.Id;
                token = registered.Value.Token;
                this.database.Write((c, t) =>
                {
                    SqliteDatabase.Execute(c, t, "INSERT INTO setting (name, value) VALUES ('rs_ho_id', $v)", ("$v", hoId));
                    SqliteDatabase.Execute(c, t, "INSERT INTO setting (name, value) VALUES ('rs_token', $v)", ("$v", token));
                    return 0;
                });
                this.logger.LogInformation("registered at RS as {HomeOperator}", hoId);
            }

            this.zn?.Dispose();
            this.zn = new RsClient(this.options.RsBaseAddress, token, trust);
            this.RsHomeOperatorId = hoId;
            await this.ReportPendingOutcomesAsync(null, cancellationToken).ConfigureAwait(false);
            return RsResult<string>.Ok(hoId);
        }

        /// <summary>The role and id behind a bearer token, or null when the token is unknown.</summary>
        public HoPrincipal Authenticate(string token)
        {
            return this.tokens.Authenticate(token, new HoPrincipal(HoRole.Admin, null, -1), (c, hash) =>
            {
                if (TokenDirectory.FindId(c, HoStore.Owners, hash) is string owner)
                {
                    return new HoPrincipal(HoRole.Owner, owner, -1);
                }

                return AuthenticationCentre.TryFindVisitedOperator(c, hash, out string visitedOperator, out int ind) ? new HoPrincipal(HoRole.VisitedOperator, visitedOperator, ind) : null;
            });
        }

        /// <summary>Registers a device owner; returns its id and token.</summary>
        public RsResult<HoRegistration> RegisterOwner(string name)
        {
            ApiError error = this.tokens.Register(HoStore.Owners, name, out TokenGrant grant);
            return error ?? RsResult<HoRegistration>.Ok(new HoRegistration(HoRole.Owner, grant.Id, grant.Token, null));
        }

        /// <summary>
        /// Registers a visited operator and assigns its IND (TS 33.102 C.1.2: one IND per serving node): 1..31 in
        /// registration order, shared round-robin beyond 31 operators; IND 0 stays unused, as at RS.
        /// </summary>
        public RsResult<HoRegistration> RegisterVisitedOperator(string name)
        {
            ApiError error = this.tokens.Register(AuthenticationCentre.VisitedOperators, name, out TokenGrant grant);
            return error ?? RsResult<HoRegistration>.Ok(new HoRegistration(HoRole.VisitedOperator, grant.Id, grant.Token, grant.Ind));
        }

        /// <summary>
        /// Registers a device (its RS device id) for an owner and associates it with this HO at RS: the registration
        /// is stored first ("pending"), then RS is asked. Idempotent for the same owner (Changed false once
        /// associated). RS refusals come back with RS's status and code ("unknown-device", "associated-elsewhere",
        /// "device-retired") and undo the pending registration; 409 "registered-to-another-owner" when another owner
        /// holds the device here. When RS cannot be reached the device stays "pending" and a repeat retries.
        /// </summary>
        public async Task<RsResult<HoDeviceRegistration>> RegisterDeviceAsync(string ownerId, string deviceId, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(ownerId);
            ApiError error = CheckDeviceId(deviceId);
            if (error != null)
            {
                return error;
            }

            bool inserted = false;
            HoDeviceRecord existing = null;
            error = this.database.Write((c, t) =>
            {
                existing = ReadDevice(c, t, deviceId);
                if (existing != null && existing.OwnerId != ownerId)
                {
                    return ApiError.Conflict("registered-to-another-owner", "another owner has registered this device at this home operator");
                }

                if (existing == null)
                {
                    SqliteDatabase.Execute(
                        c, t, "INSERT INTO device (device_id, owner_id, association, state, created_at) VALUES ($id, $owner, 'pending', 'registered', $now)",
                        ("$id", deviceId), ("$owner", ownerId), ("$now", this.Now()));
                    inserted = true;
                }

                return null;
            });
            if (error != null)
            {
                return error;
            }

            if (existing != null && existing.Association == "associated")
            {
                return RsResult<HoDeviceRegistration>.Ok(new HoDeviceRegistration(existing, false));
            }

            RsResult<AssociationResult> associated = await this.CallRsAsync(z => z.AssociateAsync(deviceId, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (associated.IsSuccess)
            {
                this.database.Write((c, t) => SqliteDatabase.Execute(
                    c, t, "UPDATE device SET association = 'associated', associated_at = $now WHERE device_id = $id", ("$now", this.Now()), ("$id", deviceId)));
                this.logger.LogInformation("device {DeviceId} registered for owner {Owner} and associated at RS", deviceId, ownerId);
                return RsResult<HoDeviceRegistration>.Ok(new HoDeviceRegistration(this.GetDevice(deviceId), true));
            }

            ApiError refusal = associated.Error;
            if (refusal.Code is "unknown-device" or "associated-elsewhere" or "device-retired")
            {
                // A definitive refusal: the registration was never acknowledged, so it is undone (nothing stored changed).
                this.database.Write((c, t) => SqliteDatabase.Execute(
                    c, t, "DELETE FROM device WHERE device_id = $id AND owner_id = $owner AND association = 'pending' AND state = 'registered'", ("$id", deviceId), ("$owner", ownerId)));
                this.logger.LogInformation("RS refused to associate device {DeviceId}: {Code}", deviceId, refusal.Code);
                return new ApiError(refusal.Status, refusal.Code, "RS refused the association: " + refusal.Detail);
            }

            this.logger.LogWarning("device {DeviceId} registered but not yet associated at RS: {Code}", deviceId, refusal.Code);
            return RsResult<HoDeviceRegistration>.Ok(new HoDeviceRegistration(this.GetDevice(deviceId), inserted));
        }

        /// <summary>The stored facts of a device (no secrets), or null when unknown.</summary>
        public HoDeviceRecord GetDevice(string deviceId)
        {
            return string.IsNullOrEmpty(deviceId) ? null : this.database.Read(c => ReadDevice(c, null, deviceId));
        }

        /// <summary>The devices of an owner, oldest registration first.</summary>
        public IReadOnlyList<HoDeviceRecord> ListDevices(string ownerId)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(ownerId);
            return this.database.Read(c =>
            {
                var devices = new List<HoDeviceRecord>();
                using SqliteCommand command = SqliteDatabase.Command(c, null, DeviceSelect + " WHERE d.owner_id = $owner ORDER BY d.created_at, d.device_id", ("$owner", ownerId));
                using SqliteDataReader reader = command.ExecuteReader();
                while (reader.Read())
                {
                    devices.Add(ReadDeviceRecord(reader));
                }

                return devices;
            });
        }

        /// <summary>
        /// SendAuthenticationInfo for an operational IMSI (the roaming interface of docs/rs-api.md, served by the HO's
        /// HSS): <paramref name="count"/> vectors with SQN = SEQ || IND of the calling VO (TS 33.102 C.1.1.1) from
        /// the K/OPc of the IMSI's newest profile; with RAND and AUTS, resynchronises first (TS 33.102 6.3.5). SEQ_HE
        /// and the audit rows are committed before the vectors exist. 404 "unknown-subscriber", 400 "invalid-auts".
        /// </summary>
        public RsResult<AuthenticationInfo> SendAuthenticationInfo(HoPrincipal visitedOperator, string imsi, int count, byte[] rand, byte[] auts)
        {
            ArgumentNullException.ThrowIfNull(visitedOperator);
            return this.auc.SendAuthenticationInfo(visitedOperator.Ind, visitedOperator.Id, imsi, count, rand, auts);
        }

        /// <summary>Every SQN issued for <paramref name="imsi"/>, in issue order (the audit of "never reuse an SQN").</summary>
        public IReadOnlyList<SqnAuditEntry> GetSqnAudit(string imsi) => this.auc.GetSqnAudit(imsi);

        /// <summary>
        /// The download (ARCHITECTURE 3.5, docs/protocol.md 6.3 and 6.5): decodes the PackageRequest, gets Ks_NAF(HO)
        /// of its B-TID (stored, or from RS over Zn), verifies the MAC, then answers the stored package of this B-TID and
        /// nonce from ResumeOffset (resume or retry: the same bytes), or builds a new one: the device's current profile
        /// (generated from the IMSI range on first download, a new one after a failure report), a fresh HO nonce, the
        /// body encrypted and the message MAC'd; the message is committed before it is answered. ErrorAnswer otherwise.
        /// </summary>
        public async Task<DeviceAnswer> HandlePackageRequestAsync(byte[] message, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(message);
            ProtocolResult decoded = PackageRequest.TryDecode(message, 0, message.Length, out PackageRequest request);
            if (decoded != ProtocolResult.Success)
            {
                return Refuse(StatusCodes.Status400BadRequest, decoded == ProtocolResult.UnknownVersion ? ErrorCause.UnsupportedVersion : ErrorCause.MalformedRequest);
            }

            string btid = Encoding.ASCII.GetString(request.BTid);
            KeyLookup lookup = await this.FindNafKeyAsync(btid, cancellationToken).ConfigureAwait(false);
            if (lookup.Refusal != null)
            {
                return lookup.Refusal;
            }

            var protection = new MessageProtection();
            try
            {
                if (request.VerifyMac(protection, lookup.KsNaf, 0, message, 0, message.Length) != ProtocolResult.Success)
                {
                    this.logger.LogWarning("package request for device {DeviceId}: MAC does not verify", lookup.DeviceId);
                    return Refuse(StatusCodes.Status403Forbidden, ErrorCause.AuthenticationFailed);
                }

                return this.database.Write((c, t) => this.IssuePackage(c, t, request, btid, lookup, protection));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(lookup.KsNaf);
                protection.Clear();
            }
        }

        /// <summary>
        /// Notifications (ARCHITECTURE 3.5): an InstallReceipt marks the profile installed and the device provisioned;
        /// a FailureReport is recorded (the next download issues a new profile). Stored first, then reported to RS
        /// (provisioned: RS retires the PIMSI; failed: RS counts it), then acknowledged with a NotificationAck MAC'd
        /// under the notification's nonce. A repeat (the device retries until acknowledged) is acknowledged again and
        /// changes nothing but a repeat counter. When RS cannot be reached the report waits (<see cref="ReportPendingOutcomesAsync"/>).
        /// </summary>
        public async Task<DeviceAnswer> HandleNotificationAsync(byte[] message, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(message);
            ProtocolResult header = MessageEnvelope.TryReadHeader(message, 0, message.Length, out MessageType type, out _, out _);
            if (header != ProtocolResult.Success)
            {
                return Refuse(StatusCodes.Status400BadRequest, header == ProtocolResult.UnknownVersion ? ErrorCause.UnsupportedVersion : ErrorCause.MalformedRequest);
            }

            Notification notification;
            if (type == MessageType.InstallReceipt && InstallReceipt.TryDecode(message, 0, message.Length, out InstallReceipt receipt) == ProtocolResult.Success)
            {
                notification = new Notification(type, receipt.BTid, receipt.DeviceNonce, receipt.ProfileSequence, 0, -1, receipt.Plmn, (p, k) => receipt.VerifyMac(p, k, 0, message, 0, message.Length));
            }
            else if (type == MessageType.FailureReport && FailureReport.TryDecode(message, 0, message.Length, out FailureReport report) == ProtocolResult.Success)
            {
                notification = new Notification(type, report.BTid, report.DeviceNonce, report.ProfileSequence, report.Cause, report.HasNetworkRejectCause ? report.NetworkRejectCause : -1, null, (p, k) => report.VerifyMac(p, k, 0, message, 0, message.Length));
            }
            else
            {
                return Refuse(StatusCodes.Status400BadRequest, ErrorCause.MalformedRequest);
            }

            string btid = Encoding.ASCII.GetString(notification.BTid);
            KeyLookup lookup = await this.FindNafKeyAsync(btid, cancellationToken).ConfigureAwait(false);
            if (lookup.Refusal != null)
            {
                return lookup.Refusal;
            }

            var protection = new MessageProtection();
            try
            {
                if (notification.VerifyMac(protection, lookup.KsNaf) != ProtocolResult.Success)
                {
                    this.logger.LogWarning("notification for device {DeviceId}: MAC does not verify", lookup.DeviceId);
                    return Refuse(StatusCodes.Status403Forbidden, ErrorCause.AuthenticationFailed);
                }

                DeviceAnswer refusal = this.database.Write((c, t) => this.StoreNotification(c, t, lookup.DeviceId, notification));
                if (refusal != null)
                {
                    return refusal;
                }

                // Stored; the RS report is attempted now and otherwise retried later, so it never delays the ack for long.
                await this.ReportPendingOutcomesAsync(lookup.DeviceId, cancellationToken).ConfigureAwait(false);
                var ack = new NotificationAck { DeviceNonce = notification.DeviceNonce, ProfileSequence = notification.Sequence, AcknowledgedType = notification.Type };
                byte[] buffer = new byte[MessageEnvelope.MaxMessageLength];
                if (ack.Encode(protection, lookup.KsNaf, 0, buffer, 0, buffer.Length, out int length) != ProtocolResult.Success)
                {
                    return Refuse(StatusCodes.Status500InternalServerError, ErrorCause.ServerFailure);
                }

                return new DeviceAnswer(StatusCodes.Status200OK, buffer.AsSpan(0, length).ToArray());
            }
            finally
            {
                CryptographicOperations.ZeroMemory(lookup.KsNaf);
                protection.Clear();
            }
        }

        /// <summary>
        /// Reports stored notifications not yet reported to RS (Zn outcomes), oldest first, for one device or all
        /// (null). Stops at the first RS failure (retried next time); a definitive RS refusal (e.g. 409
        /// "device-retired") is recorded as the result. Returns how many were reported.
        /// </summary>
        public async Task<int> ReportPendingOutcomesAsync(string deviceId = null, CancellationToken cancellationToken = default)
        {
            var pending = this.database.Read(c =>
            {
                var rows = new List<(long Id, string DeviceId, string Kind, long FailureCause, long RejectCause)>();
                using SqliteCommand command = SqliteDatabase.Command(
                    c, null, "SELECT id, device_id, kind, COALESCE(failure_cause, 0), COALESCE(reject_cause, -1) FROM notification WHERE rs_reported_at IS NULL AND ($device IS NULL OR device_id = $device) ORDER BY id", ("$device", deviceId));
                using SqliteDataReader reader = command.ExecuteReader();
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4)));
                }

                return rows;
            });

            int reported = 0;
            foreach (var row in pending)
            {
                bool provisioned = row.Kind == "receipt";
                string detail = provisioned ? null : FailureDetail((FailureCause)row.FailureCause, (int)row.RejectCause);
                RsResult<OutcomeResult> result = await this.CallRsAsync(z => z.ReportOutcomeAsync(row.DeviceId, provisioned, detail, cancellationToken), cancellationToken).ConfigureAwait(false);
                string outcome;
                if (result.IsSuccess)
                {
                    outcome = result.Value.State;
                }
                else if (result.Error.Status >= 400 && result.Error.Status < 500 && result.Error.Code != "invalid-token" && result.Error.Code != "wrong-role")
                {
                    outcome = result.Error.Code;
                    this.logger.LogWarning("RS refused the outcome of device {DeviceId}: {Code}", row.DeviceId, result.Error.Code);
                }
                else
                {
                    this.logger.LogWarning("outcome of device {DeviceId} not reported to RS yet: {Code}", row.DeviceId, result.Error.Code);
                    break;
                }

                this.database.Write((c, t) => SqliteDatabase.Execute(
                    c, t, "UPDATE notification SET rs_reported_at = $now, rs_result = $result WHERE id = $id", ("$now", this.Now()), ("$result", outcome), ("$id", row.Id)));
                this.logger.LogInformation("outcome {Kind} of device {DeviceId} reported to RS: {Result}", row.Kind, row.DeviceId, outcome);
                reported++;
            }

            return reported;
        }

        /// <summary>Releases the RS client.</summary>
        public void Dispose()
        {
            this.zn?.Dispose();
            this.zn = null;
        }

        private const string DeviceSelect = @"SELECT d.device_id, d.owner_id, d.association, d.state, d.pimsi, s.imsi, s.iccid,
  COALESCE((SELECT MAX(p.sequence) FROM profile p WHERE p.device_id = d.device_id), 0),
  d.created_at, d.associated_at, d.provisioned_at, d.failure_count, d.last_failure_cause,
  EXISTS (SELECT 1 FROM notification n WHERE n.device_id = d.device_id AND n.rs_reported_at IS NULL)
FROM device d LEFT JOIN subscriber s ON s.device_id = d.device_id";

        private static HoDeviceRecord ReadDevice(SqliteConnection c, SqliteTransaction t, string deviceId)
        {
            using SqliteCommand command = SqliteDatabase.Command(c, t, DeviceSelect + " WHERE d.device_id = $id", ("$id", deviceId));
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read() ? ReadDeviceRecord(reader) : null;
        }

        private static HoDeviceRecord ReadDeviceRecord(SqliteDataReader reader)
        {
            return new HoDeviceRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt64(7),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
                reader.IsDBNull(10) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
                reader.GetInt32(11),
                reader.IsDBNull(12) ? null : CauseName((FailureCause)reader.GetInt32(12)),
                reader.GetInt64(13) != 0);
        }

        private DeviceAnswer IssuePackage(SqliteConnection c, SqliteTransaction t, PackageRequest request, string btid, KeyLookup key, MessageProtection protection)
        {
            HoDeviceRecord device = ReadDevice(c, t, key.DeviceId);
            if (device == null)
            {
                this.logger.LogWarning("package request of device {DeviceId}, which is not registered here", key.DeviceId);
                return Refuse(StatusCodes.Status404NotFound, ErrorCause.UnknownIdentity);
            }

            using (SqliteCommand command = SqliteDatabase.Command(c, t, "SELECT message FROM package WHERE btid = $btid AND device_nonce = $nonce", ("$btid", btid), ("$nonce", request.DeviceNonce)))
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                if (reader.Read())
                {
                    // docs/protocol.md 6.5: a resume (or retry) with the interrupted request's nonce gets the same stored message.
                    byte[] stored = (byte[])reader.GetValue(0);
                    if (request.ResumeOffset > stored.Length)
                    {
                        return Refuse(StatusCodes.Status400BadRequest, ErrorCause.MalformedRequest);
                    }

                    this.logger.LogInformation("package of device {DeviceId} sent again from offset {Offset}", key.DeviceId, request.ResumeOffset);
                    return new DeviceAnswer(StatusCodes.Status200OK, stored.AsSpan((int)request.ResumeOffset).ToArray());
                }
            }

            // Cloned device (issue 7): one device holds one bootstrap session per profile. While a package issued
            // under another, still valid B-TID awaits its outcome, or once the device is provisioned, a request
            // under a different B-TID comes from a second device with the same PIMSI and credentials: refuse it,
            // so at most one of them installs the profile. A real device keeps its Ks_NAF(HO) across reboots
            // until its outcome is acknowledged (docs/provisioning.md), so it never trips this. Packages of profiles the
            // device reported failed await nothing: after a rollback the device bootstraps again under a new B-TID, and
            // those older sessions must not make its retries look like a clone's (issue 7 end-to-end finding).
            if (device.State == "issued" || device.State == "provisioned")
            {
                object other = SqliteDatabase.Scalar(
                    c, t,
                    "SELECT p.btid FROM package p JOIN profile f ON f.device_id = p.device_id AND f.sequence = p.sequence LEFT JOIN naf_key k ON k.btid = p.btid "
                    + "WHERE p.device_id = $id AND p.btid <> $btid AND f.state <> 'failed' AND ($provisioned = 1 OR k.expires_at > $now) LIMIT 1",
                    ("$id", key.DeviceId), ("$btid", btid), ("$provisioned", device.State == "provisioned" ? 1 : 0), ("$now", this.Now()));
                if (other != null && other != DBNull.Value)
                {
                    this.logger.LogWarning("suspected clone of device {DeviceId}: package requested under a second bootstrap session while another holds the profile", key.DeviceId);
                    (this.options.Trace ?? TraceRecorder.None).Record(new TraceEvent(key.DeviceId, TraceParticipant.HomeOperator, TraceParticipant.Device, TraceMessage.PackageRefusedClone, this.clock.GetUtcNow(), "second bootstrap session refused"));
                    return Refuse(StatusCodes.Status409Conflict, ErrorCause.Busy);
                }
            }

            ProfileRow profile = this.CurrentProfile(c, t, key.DeviceId, request.LastInstalledSequence, out DeviceAnswer refusal);
            if (profile == null)
            {
                return refusal;
            }

            string imsi = profile.Imsi;
            string iccid = (string)SqliteDatabase.Scalar(c, t, "SELECT iccid FROM subscriber WHERE imsi = $imsi", ("$imsi", imsi));
            var package = new UsimPackage
            {
                DeviceNonce = request.DeviceNonce,
                ServerNonce = RandomNumberGenerator.GetBytes(ProtocolLimits.NonceSize),
                ProfileSequence = (uint)profile.Sequence,
                Body = this.Body(profile, iccid),
            };
            byte[] buffer = new byte[MessageEnvelope.MaxMessageLength];
            ProtocolResult encoded = package.Encode(protection, key.KsNaf, 0, buffer, 0, buffer.Length, out int length);
            package.Body.Clear();
            profile.Clear();
            if (encoded != ProtocolResult.Success)
            {
                // Throwing rolls back a profile generated in this transaction.
                throw new InvalidOperationException("the USIM package does not encode: " + encoded);
            }

            byte[] bytes = buffer.AsSpan(0, length).ToArray();
            long now = this.Now();
            SqliteDatabase.Execute(
                c, t, "INSERT INTO package (btid, device_nonce, device_id, sequence, message, issued_at) VALUES ($btid, $nonce, $id, $seq, $message, $now)",
                ("$btid", btid), ("$nonce", request.DeviceNonce), ("$id", key.DeviceId), ("$seq", profile.Sequence), ("$message", bytes), ("$now", now));
            SqliteDatabase.Execute(c, t, "UPDATE device SET state = 'issued' WHERE device_id = $id AND state IN ('registered', 'failed')", ("$id", key.DeviceId));
            this.logger.LogInformation("package with profile {Sequence} issued to device {DeviceId}", profile.Sequence, key.DeviceId);

            // Public identifiers only; a VO knows the device by this IMSI from its next attach on.
            ITraceRecorder trace = this.options.Trace ?? TraceRecorder.None;
            trace.Alias(imsi, key.DeviceId);
            trace.Record(new TraceEvent(key.DeviceId, TraceParticipant.HomeOperator, TraceParticipant.HomeOperator, TraceMessage.ProfileGenerated, this.clock.GetUtcNow(), $"{imsi}, seq {profile.Sequence}"));

            // A fresh package is always sent whole; after a lost one the device restarts from offset 0 (docs/protocol.md 9).
            return new DeviceAnswer(StatusCodes.Status200OK, bytes);
        }

        private ProfileRow CurrentProfile(SqliteConnection c, SqliteTransaction t, string deviceId, uint lastInstalled, out DeviceAnswer refusal)
        {
            refusal = null;
            ProfileRow latest = ReadProfile(c, t, "SELECT sequence, imsi, algorithm, k, opc, state FROM profile WHERE device_id = $id ORDER BY sequence DESC LIMIT 1", ("$id", deviceId));
            if (latest != null && latest.State != "failed")
            {
                // ARCHITECTURE 3.5: one sequence, one content: a profile once issued is sent again unchanged.
                if (latest.Sequence > lastInstalled)
                {
                    return latest;
                }

                if (latest.Sequence == lastInstalled)
                {
                    latest.Clear();
                    refusal = Refuse(StatusCodes.Status404NotFound, ErrorCause.NoPackage);
                    return null;
                }
            }

            // A new profile: above both the newest issued here and what the device holds (it only installs a higher one).
            long sequence = Math.Max(latest?.Sequence ?? 0, lastInstalled) + 1;
            latest?.Clear();
            if (sequence > uint.MaxValue)
            {
                refusal = Refuse(StatusCodes.Status409Conflict, ErrorCause.NoPackage);
                return null;
            }

            string imsi = SqliteDatabase.Scalar(c, t, "SELECT imsi FROM subscriber WHERE device_id = $id", ("$id", deviceId)) as string;
            if (imsi == null)
            {
                imsi = this.AllocateSubscriber(c, t, deviceId);
                if (imsi == null)
                {
                    this.logger.LogError("IMSI or ICCID range exhausted: no profile for device {DeviceId}", deviceId);
                    refusal = Refuse(StatusCodes.Status503ServiceUnavailable, ErrorCause.ServerFailure);
                    return null;
                }
            }

            byte[] k = SubscriberKeys.NewK();
            byte[] opc = SubscriberKeys.DeriveOpc(this.options.Algorithm, k, this.options.Op, this.options.Top);
            string algorithm = SubscriberKeys.AlgorithmName(this.options.Algorithm);
            SqliteDatabase.Execute(
                c, t, "INSERT INTO profile (device_id, sequence, imsi, algorithm, k, opc, state, created_at) VALUES ($id, $seq, $imsi, $alg, $k, $opc, 'issued', $now)",
                ("$id", deviceId), ("$seq", sequence), ("$imsi", imsi), ("$alg", algorithm), ("$k", k), ("$opc", opc), ("$now", this.Now()));
            this.logger.LogInformation("profile {Sequence} generated for device {DeviceId} with IMSI {Imsi}", sequence, deviceId, imsi);
            return new ProfileRow(sequence, imsi, algorithm, k, opc, "issued");
        }

        private string AllocateSubscriber(SqliteConnection c, SqliteTransaction t, string deviceId)
        {
            long msin = Math.Max(this.range.FirstMsin, OperatorStore.ReadCounter(c, t, "next_msin", this.range.FirstMsin));
            long serial = OperatorStore.ReadCounter(c, t, "next_iccid_serial", 1);
            if (msin > this.range.LastMsin || serial > this.maxIccidSerial)
            {
                return null;
            }

            string imsi = this.range.Format(msin);
            string iccid = Iccid.Build(this.options.IccidIssuerPrefix, serial, this.options.IccidLength);
            OperatorStore.WriteCounter(c, t, "next_msin", msin + 1);
            OperatorStore.WriteCounter(c, t, "next_iccid_serial", serial + 1);
            SqliteDatabase.Execute(
                c, t, "INSERT INTO subscriber (imsi, device_id, iccid, mnc_length, seq_he, created_at) VALUES ($imsi, $id, $iccid, $mnc, 0, $now)",
                ("$imsi", imsi), ("$id", deviceId), ("$iccid", iccid), ("$mnc", this.range.Mnc.Length), ("$now", this.Now()));
            return imsi;
        }

        private UsimPackageBody Body(ProfileRow profile, string iccid)
        {
            var body = new UsimPackageBody
            {
                Imsi = Encoding.ASCII.GetBytes(profile.Imsi),
                Algorithm = profile.Algorithm == "tuak" ? AkaAlgorithmKind.Tuak : AkaAlgorithmKind.Milenage,
                K = (byte[])profile.K.Clone(),
                Opc = (byte[])profile.Opc.Clone(),
                Amf = AuthenticationCentre.AmfCopy(),

                // TS 33.102 C.3.2 / C.2.2: 5 IND bits, delta 2^28, no age limit, the AuC's own profile of Annex C.
                SqnIndLength = SqnIndLength,
                SqnDelta = UsimSqnState.DefaultDelta,
                Iccid = Encoding.ASCII.GetBytes(iccid),

                // TS 31.102 4.2.18: EF_AD carries the MNC length of the IMSI.
                MncLength = (byte)this.range.Mnc.Length,
                HomePlmns = this.homePlmns,
                HomePlmnsWithAct = this.homePlmnsWithAct,
                OperatorPlmnsWithAct = this.operatorPlmnsWithAct,
                ServiceProviderName = this.serviceProviderName,
            };
            if (body.Algorithm == AkaAlgorithmKind.Tuak)
            {
                // TS 35.231 5.1: the lengths the HSS computes with (TuakParameters.Default), so USIM and HSS agree.
                TuakParameters tuak = TuakParameters.Default;
                body.TuakMacLength = (byte)tuak.MacLength;
                body.TuakResLength = (byte)tuak.ResLength;
                body.TuakCkLength = (byte)tuak.CkLength;
                body.TuakIkLength = (byte)tuak.IkLength;
                body.TuakKeccakIterations = (byte)tuak.KeccakIterations;
            }

            return body;
        }

        private DeviceAnswer StoreNotification(SqliteConnection c, SqliteTransaction t, string deviceId, Notification notification)
        {
            if (ReadDevice(c, t, deviceId) == null)
            {
                return Refuse(StatusCodes.Status404NotFound, ErrorCause.UnknownIdentity);
            }

            if (SqliteDatabase.Scalar(c, t, "SELECT state FROM profile WHERE device_id = $id AND sequence = $seq", ("$id", deviceId), ("$seq", (long)notification.Sequence)) == null)
            {
                this.logger.LogWarning("notification of device {DeviceId} names profile {Sequence}, never issued here", deviceId, notification.Sequence);
                return Refuse(StatusCodes.Status404NotFound, ErrorCause.NoPackage);
            }

            bool receipt = notification.Type == MessageType.InstallReceipt;
            string kind = receipt ? "receipt" : "failure";
            long now = this.Now();
            if (SqliteDatabase.Scalar(c, t, "SELECT id FROM notification WHERE device_id = $id AND sequence = $seq AND kind = $kind", ("$id", deviceId), ("$seq", (long)notification.Sequence), ("$kind", kind)) != null)
            {
                // A retry (the ack was lost): acknowledged again, nothing else changes.
                SqliteDatabase.Execute(c, t, "UPDATE notification SET repeats = repeats + 1 WHERE device_id = $id AND sequence = $seq AND kind = $kind", ("$id", deviceId), ("$seq", (long)notification.Sequence), ("$kind", kind));
                return null;
            }

            SqliteDatabase.Execute(
                c, t, "INSERT INTO notification (device_id, sequence, kind, failure_cause, reject_cause, plmn, received_at) VALUES ($id, $seq, $kind, $cause, $reject, $plmn, $now)",
                ("$id", deviceId), ("$seq", (long)notification.Sequence), ("$kind", kind), ("$cause", receipt ? null : (object)(int)notification.Cause),
                ("$reject", notification.RejectCause < 0 ? null : (object)notification.RejectCause), ("$plmn", notification.Plmn), ("$now", now));
            if (receipt)
            {
                SqliteDatabase.Execute(c, t, "UPDATE profile SET state = 'installed' WHERE device_id = $id AND sequence = $seq", ("$id", deviceId), ("$seq", (long)notification.Sequence));
                SqliteDatabase.Execute(c, t, "UPDATE device SET state = 'provisioned', provisioned_at = $now WHERE device_id = $id", ("$now", now), ("$id", deviceId));
                this.logger.LogInformation("device {DeviceId} installed profile {Sequence}", deviceId, notification.Sequence);
            }
            else
            {
                SqliteDatabase.Execute(c, t, "UPDATE profile SET state = 'failed' WHERE device_id = $id AND sequence = $seq AND state = 'issued'", ("$id", deviceId), ("$seq", (long)notification.Sequence));
                SqliteDatabase.Execute(
                    c, t, "UPDATE device SET state = CASE WHEN state = 'provisioned' THEN state ELSE 'failed' END, failure_count = failure_count + 1, last_failure_cause = $cause WHERE device_id = $id",
                    ("$cause", (int)notification.Cause), ("$id", deviceId));
                this.logger.LogInformation("device {DeviceId} reports profile {Sequence} failed: {Cause}", deviceId, notification.Sequence, notification.Cause);
            }

            return null;
        }

        private async Task<KeyLookup> FindNafKeyAsync(string btid, CancellationToken cancellationToken)
        {
            long now = this.Now();
            KeyLookup cached = this.database.Read(c =>
            {
                using SqliteCommand command = SqliteDatabase.Command(c, null, "SELECT device_id, ks_naf FROM naf_key WHERE btid = $btid AND expires_at > $now", ("$btid", btid), ("$now", now));
                using SqliteDataReader reader = command.ExecuteReader();
                return reader.Read() ? new KeyLookup(reader.GetString(0), (byte[])reader.GetValue(1), null) : null;
            });
            if (cached != null)
            {
                return cached;
            }

            // Zn (TS 33.220 4.5.3): RS answers only the HO the device is associated with.
            RsResult<NafKey> fetched = await this.CallRsAsync(z => z.GetNafKeyAsync(btid, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (!fetched.IsSuccess)
            {
                switch (fetched.Error.Code)
                {
                    case "unknown-btid":
                        return new KeyLookup(null, null, Refuse(StatusCodes.Status404NotFound, ErrorCause.UnknownBTid));
                    case "not-associated":
                        this.logger.LogWarning("RS: the device of a B-TID is not associated with this home operator");
                        return new KeyLookup(null, null, Refuse(StatusCodes.Status403Forbidden, ErrorCause.NotAssociated));
                    default:
                        this.logger.LogWarning("Ks_NAF not available from RS: {Code}", fetched.Error.Code);
                        return new KeyLookup(null, null, Refuse(StatusCodes.Status503ServiceUnavailable, ErrorCause.Busy, Seconds(this.options.BusyRetryAfter)));
                }
            }

            NafKey key = fetched.Value;
            if (key.KsNaf == null || key.KsNaf.Length != MessageProtection.KsNafSize || !CryptographicOperations.FixedTimeEquals(key.NafId, this.nafId))
            {
                CryptographicOperations.ZeroMemory(key.KsNaf);
                this.logger.LogError("RS answered a Ks_NAF for another NAF_Id or of the wrong size");
                return new KeyLookup(null, null, Refuse(StatusCodes.Status500InternalServerError, ErrorCause.ServerFailure));
            }

            // Stored until the B-TID's lifetime: receipts still verify after RS retired the device's bootstrap session.
            this.database.Write((c, t) =>
            {
                SqliteDatabase.Execute(c, t, "DELETE FROM naf_key WHERE expires_at <= $now", ("$now", now));
                SqliteDatabase.Execute(
                    c, t, "INSERT INTO naf_key (btid, device_id, pimsi, ks_naf, expires_at) VALUES ($btid, $id, $pimsi, $ks, $exp) ON CONFLICT (btid) DO UPDATE SET ks_naf = excluded.ks_naf, expires_at = excluded.expires_at",
                    ("$btid", btid), ("$id", key.DeviceId), ("$pimsi", key.Pimsi), ("$ks", key.KsNaf), ("$exp", key.ExpiresAt.ToUnixTimeMilliseconds()));
                SqliteDatabase.Execute(c, t, "UPDATE device SET pimsi = $pimsi WHERE device_id = $id AND pimsi IS NULL", ("$pimsi", key.Pimsi), ("$id", key.DeviceId));
                return 0;
            });
            return new KeyLookup(key.DeviceId, key.KsNaf, null);
        }

        private async Task<RsResult<T>> CallRsAsync<T>(Func<RsClient, Task<RsResult<T>>> call, CancellationToken cancellationToken)
        {
            RsClient client = this.zn;
            if (client == null)
            {
                return new ApiError(StatusCodes.Status503ServiceUnavailable, "rs-unavailable", "this home operator is not connected to RS yet");
            }

            try
            {
                return await call(client).ConfigureAwait(false);
            }
            catch (HttpRequestException exception)
            {
                this.logger.LogWarning("RS unreachable: {Error}", exception.HttpRequestError);
                return new ApiError(StatusCodes.Status503ServiceUnavailable, "rs-unavailable", "RS cannot be reached; retry later");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                this.logger.LogWarning("RS did not answer in time");
                return new ApiError(StatusCodes.Status503ServiceUnavailable, "rs-unavailable", "RS did not answer in time; retry later");
            }
        }

        private static ProfileRow ReadProfile(SqliteConnection c, SqliteTransaction t, string sql, params (string Name, object Value)[] parameters)
        {
            using SqliteCommand command = SqliteDatabase.Command(c, t, sql, parameters);
            using SqliteDataReader reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            return new ProfileRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3), (byte[])reader.GetValue(4), reader.GetString(5));
        }

        private static byte[] EncodePlmns(IReadOnlyList<HoPlmn> plmns, bool withAccessTechnology)
        {
            if (plmns == null || plmns.Count == 0)
            {
                return null;
            }

            if (plmns.Count > ProtocolLimits.MaxPlmnEntries)
            {
                throw new ArgumentException($"at most {ProtocolLimits.MaxPlmnEntries} PLMNs per list");
            }

            int size = withAccessTechnology ? UsimEncoding.PlmnWithActLength : UsimEncoding.PlmnLength;
            byte[] bytes = new byte[plmns.Count * size];
            for (int i = 0; i < plmns.Count; i++)
            {
                HoPlmn plmn = plmns[i] ?? throw new ArgumentException("a PLMN list holds no null entries");

                // TS 24.008 10.5.1.13 PLMN encoding; TS 31.102 4.2.5: PLMN then the 2-byte access technology.
                if (withAccessTechnology)
                {
                    UsimEncoding.EncodePlmnWithAct(plmn.Mcc, plmn.Mnc, plmn.AccessTechnology, bytes, i * size);
                }
                else
                {
                    UsimEncoding.EncodePlmn(plmn.Mcc, plmn.Mnc, bytes, i * size);
                }
            }

            return bytes;
        }

        private static string FailureDetail(FailureCause cause, int rejectCause)
        {
            string text = "device reports " + CauseName(cause);
            return rejectCause < 0 ? text : text + " (NAS reject cause " + rejectCause.ToString(CultureInfo.InvariantCulture) + ")";
        }

        private static string CauseName(FailureCause cause)
        {
            string name = Enum.IsDefined(cause) ? cause.ToString() : ((int)cause).ToString(CultureInfo.InvariantCulture);
            return char.ToLowerInvariant(name[0]) + name.Substring(1);
        }

        private static DeviceAnswer Refuse(int status, ErrorCause cause, uint retryAfter = 0) => DeviceAnswer.Refuse(status, cause, retryAfter);

        private static uint Seconds(TimeSpan span) => (uint)Math.Clamp(Math.Ceiling(span.TotalSeconds), 1, uint.MaxValue);

        private static ApiError CheckDeviceId(string deviceId)
        {
            if (deviceId == null || deviceId.Length < 1 || deviceId.Length > MaxDeviceIdLength)
            {
                return JsonBody.Invalid("deviceId", $"must be 1 to {MaxDeviceIdLength} characters");
            }

            foreach (char ch in deviceId)
            {
                if (ch < 0x21 || ch > 0x7E)
                {
                    return JsonBody.Invalid("deviceId", "must be printable ASCII without spaces");
                }
            }

            return null;
        }

        private long Now() => this.clock.GetUtcNow().ToUnixTimeMilliseconds();

        private delegate ProtocolResult MacCheck(MessageProtection protection, byte[] ksNaf);

        private sealed record KeyLookup(string DeviceId, byte[] KsNaf, DeviceAnswer Refusal);

        private sealed record Notification(MessageType Type, byte[] BTid, byte[] DeviceNonce, uint Sequence, FailureCause Cause, int RejectCause, byte[] Plmn, MacCheck Check)
        {
            public ProtocolResult VerifyMac(MessageProtection protection, byte[] ksNaf) => this.Check(protection, ksNaf);
        }

        private sealed record ProfileRow(long Sequence, string Imsi, string Algorithm, byte[] K, byte[] Opc, string State)
        {
            public void Clear()
            {
                CryptographicOperations.ZeroMemory(this.K);
                CryptographicOperations.ZeroMemory(this.Opc);
            }
        }
    }
}
