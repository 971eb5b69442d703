using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using M2MDevice.Aka;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Storage;
using M2MDevice.Host;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Auc
{
    /// <summary>
    /// The AuC of RS (PIMSIs) and of every home operator's HSS (operational IMSIs): SendAuthenticationInfo of the
    /// roaming interface (ARCHITECTURE 3.2) with SQN = SEQ || IND of the requester (TS 33.102 C.1.1.1), resync from
    /// AUTS (TS 33.102 6.3.5), the SQN audit, and the visited operators with their IND. SEQ_HE and the audit rows are
    /// committed before any vector is computed. Subscribers and SEQ_HE come from a <see cref="SubscriberTable"/>.
    /// </summary>
    internal sealed class AuthenticationCentre
    {
        /// <summary>Most vectors one SendAuthenticationInfo returns (TS 29.002 numberOfRequestedVectors 1..5).</summary>
        public const int MaxVectorsPerRequest = 5;

        /// <summary>The visited operators' table: IND 1..31 in registration order (IND 0 is RS's bootstrap).</summary>
        public static readonly CallerTable VisitedOperators = new CallerTable("visited_operator", "vo_id", "vo", "visited operator", AssignInd);

        /// <summary>
        /// AMF of every vector (and of every HO profile): separation bit (bit 0) set so the vectors also serve E-UTRAN
        /// (TS 33.401 6.1.1, TS 33.102 Annex H); the other bits are operator-specific and zero.
        /// </summary>
        private static readonly byte[] Amf = { 0x80, 0x00 };

        private readonly SqliteDatabase database;
        private readonly SubscriberTable subscribers;
        private readonly TimeProvider clock;
        private readonly ILogger logger;

        public AuthenticationCentre(SqliteDatabase database, SubscriberTable subscribers, TimeProvider clock, ILogger logger)
        {
            this.database = database ?? throw new ArgumentNullException(nameof(database));
            this.subscribers = subscribers ?? throw new ArgumentNullException(nameof(subscribers));
            this.clock = clock ?? throw new ArgumentNullException(nameof(clock));
            this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        }

        /// <summary>A copy of the AMF of every vector.</summary>
        public static byte[] AmfCopy() => (byte[])Amf.Clone();

        /// <summary>
        /// SendAuthenticationInfo for the requester <paramref name="requester"/> with IND <paramref name="ind"/>:
        /// <paramref name="count"/> vectors; with RAND and AUTS, resynchronises first. 400 "invalid-field",
        /// "invalid-resync", "invalid-auts"; the store's 404; 409 "sqn-exhausted".
        /// </summary>
        public RsResult<AuthenticationInfo> SendAuthenticationInfo(int ind, string requester, string imsi, int count, byte[] rand, byte[] auts)
        {
            if (!PimsiRange.IsDigits(imsi, 6, 15))
            {
                return JsonBody.Invalid("imsi", "must be 6 to 15 digits");
            }

            if (count < 1 || count > MaxVectorsPerRequest)
            {
                return JsonBody.Invalid("count", $"must be an integer from 1 to {MaxVectorsPerRequest}");
            }

            if ((rand == null) != (auts == null))
            {
                return ApiError.BadRequest("invalid-resync", "resynchronisation needs both 'rand' and 'auts'");
            }

            if (rand != null && rand.Length != AkaSizes.Rand)
            {
                return JsonBody.Invalid("rand", "must be 16 bytes");
            }

            AucSubscriber subscriber = null;
            var sqns = new List<byte[]>(count);
            bool resynchronized = false;
            ApiError refused = this.database.Write((c, t) =>
            {
                subscriber = this.ReadSubscriber(c, t, imsi, out ApiError unknown);
                if (subscriber == null)
                {
                    return unknown;
                }

                var state = new AucSqnState(subscriber.SeqHe);
                if (auts != null)
                {
                    if (!TryResynchronize(subscriber.Algorithm, rand, auts, ref state))
                    {
                        return ApiError.BadRequest("invalid-auts", "AUTS does not verify for this subscriber and RAND (TS 33.102 6.3.5)");
                    }

                    resynchronized = true;
                }

                return this.IssueSqns(c, t, imsi, state, ind, requester, count, sqns);
            });

            var vectors = new List<AuthenticationQuintet>(count);
            using (subscriber)
            {
                if (refused != null)
                {
                    return refused;
                }

                // Persisted: SEQ_HE and the audit rows are committed; only now are the vectors computed and answered.
                var generator = new HostVectorGenerator(subscriber.Algorithm);
                var vector = new AuthenticationVector();
                foreach (byte[] sqn in sqns)
                {
                    byte[] vectorRand = RandomNumberGenerator.GetBytes(AkaSizes.Rand);
                    generator.Generate(vectorRand, 0, sqn, 0, Amf, 0, vector);
                    vectors.Add(new AuthenticationQuintet(
                        vectorRand,
                        vector.Xres.AsSpan(0, vector.XresLength).ToArray(),
                        vector.Ck.AsSpan(0, vector.CkLength).ToArray(),
                        vector.Ik.AsSpan(0, vector.IkLength).ToArray(),
                        vector.Autn.AsSpan(0, vector.AutnLength).ToArray()));
                    CryptographicOperations.ZeroMemory(sqn);
                }

                vector.Clear();
            }

            this.logger.LogInformation("SAI {Imsi}: {Count} vectors for {VisitedOperator} (IND {Ind}){Resync}", imsi, count, requester, ind, resynchronized ? " after resync" : string.Empty);
            return RsResult<AuthenticationInfo>.Ok(new AuthenticationInfo(imsi, vectors, resynchronized));
        }

        /// <summary>
        /// The subscriber of <paramref name="imsi"/> in the caller's transaction, with its keyed algorithm (the K and
        /// OPc read are zeroed) and SEQ_HE; null with the table's 404 refusal otherwise.
        /// </summary>
        public AucSubscriber ReadSubscriber(SqliteConnection c, SqliteTransaction t, string imsi, out ApiError unknown)
        {
            unknown = null;
            using (SqliteCommand command = SqliteDatabase.Command(c, t, this.subscribers.Select, ("$imsi", imsi)))
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                if (reader.Read())
                {
                    return new AucSubscriber(imsi, reader.GetString(0), SubscriberKeys.ReadAlgorithm(reader, 1, 2, 3), reader.GetInt64(4));
                }
            }

            unknown = this.subscribers.Unknown(c, t, imsi);
            return null;
        }

        /// <summary>
        /// Issues <paramref name="count"/> SQNs of <paramref name="imsi"/> for IND <paramref name="ind"/> from
        /// <paramref name="state"/> into <paramref name="sqns"/>, with their audit rows and the new SEQ_HE, in the
        /// caller's transaction. 409 "sqn-exhausted" when SEQ_HE reached its maximum.
        /// </summary>
        public ApiError IssueSqns(SqliteConnection c, SqliteTransaction t, string imsi, AucSqnState state, int ind, string requester, int count, List<byte[]> sqns)
        {
            long now = this.clock.GetUtcNow().ToUnixTimeMilliseconds();
            for (int i = 0; i < count; i++)
            {
                if (state.SeqHe >= AucSqnState.MaxSeq)
                {
                    return ApiError.Conflict("sqn-exhausted", "the subscriber's sequence numbers are exhausted");
                }

                // TS 33.102 C.1.1.1: SQN = (SEQ_HE + 1) || IND of the requester.
                byte[] sqn = new byte[AkaSizes.Sqn];
                state.Next(ind, sqn, 0);
                SqliteDatabase.Execute(
                    c, t, "INSERT INTO sqn_audit (imsi, ind, sqn, requester, issued_at) VALUES ($imsi, $ind, $sqn, $who, $now)",
                    ("$imsi", imsi), ("$ind", ind), ("$sqn", Sqn48(sqn)), ("$who", requester), ("$now", now));
                sqns.Add(sqn);
            }

            // ARCHITECTURE 3.2: SEQ_HE is persisted (this transaction commits) before any SQN leaves the AuC (RS or the HSS).
            SqliteDatabase.Execute(c, t, this.subscribers.UpdateSeqHe, ("$seq", state.SeqHe), ("$imsi", imsi));
            return null;
        }

        /// <summary>
        /// TS 33.102 6.3.5: verifies AUTS (MAC-S) for <paramref name="rand"/> and resets SEQ_HE from SQN_MS; false when
        /// AUTS does not verify. SEQ_HE never goes down.
        /// </summary>
        public static bool TryResynchronize(IAkaAlgorithm algorithm, byte[] rand, byte[] auts, ref AucSqnState state)
        {
            byte[] sqnMs = new byte[AkaSizes.Sqn];
            try
            {
                if (!new AuthenticationVectorGenerator(algorithm).TryResolveAuts(rand, 0, auts, 0, auts.Length, sqnMs, 0))
                {
                    return false;
                }

                long before = state.SeqHe;
                state.Resynchronize(sqnMs, 0);
                if (state.SeqHe < before)
                {
                    // Never lower SEQ_HE: an SQN once issued is never issued again, even if the USIM lags far behind.
                    state = new AucSqnState(before);
                }

                return true;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(sqnMs);
            }
        }

        /// <summary>AUTN for <paramref name="rand"/> and an issued <paramref name="sqn"/> (zeroed afterwards).</summary>
        public static byte[] Autn(IAkaAlgorithm algorithm, byte[] rand, byte[] sqn)
        {
            var vector = new AuthenticationVector();
            new AuthenticationVectorGenerator(algorithm).Generate(rand, 0, sqn, 0, Amf, 0, vector);
            byte[] autn = vector.Autn.AsSpan(0, vector.AutnLength).ToArray();
            vector.Clear();
            CryptographicOperations.ZeroMemory(sqn);
            return autn;
        }

        /// <summary>Every SQN issued for <paramref name="imsi"/>, in issue order.</summary>
        public IReadOnlyList<SqnAuditEntry> GetSqnAudit(string imsi)
        {
            return this.database.Read(c =>
            {
                var entries = new List<SqnAuditEntry>();
                using SqliteCommand command = SqliteDatabase.Command(c, null, "SELECT imsi, ind, sqn, requester, issued_at FROM sqn_audit WHERE imsi = $imsi ORDER BY id", ("$imsi", imsi));
                using SqliteDataReader reader = command.ExecuteReader();
                while (reader.Read())
                {
                    entries.Add(new SqnAuditEntry(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
                }

                return entries;
            });
        }

        /// <summary>The visited operator whose token has <paramref name="tokenHash"/>: true with its id and IND.</summary>
        public static bool TryFindVisitedOperator(SqliteConnection c, byte[] tokenHash, out string id, out int ind)
        {
            using SqliteCommand command = SqliteDatabase.Command(c, null, "SELECT vo_id, ind FROM visited_operator WHERE token_hash = $h", ("$h", tokenHash));
            using SqliteDataReader reader = command.ExecuteReader();
            bool found = reader.Read();
            id = found ? reader.GetString(0) : null;
            ind = found ? reader.GetInt32(1) : -1;
            return found;
        }

        private static long Sqn48(byte[] sqn) => ((long)sqn[0] << 40) | ((long)sqn[1] << 32) | ((long)sqn[2] << 24) | ((long)sqn[3] << 16) | ((long)sqn[4] << 8) | sqn[5];

        private static int AssignInd(SqliteConnection c, SqliteTransaction t)
        {
            // TS 33.102 C.1.2: one IND per serving node: 1..31 in registration order, shared round-robin beyond 31.
            long count = (long)SqliteDatabase.Scalar(c, t, "SELECT COUNT(*) FROM visited_operator");
            return 1 + (int)(count % (UsimSqnState.SlotCount - 1));
        }
    }
}
