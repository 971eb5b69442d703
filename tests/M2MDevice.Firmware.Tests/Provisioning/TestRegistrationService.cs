using System;
using System.Collections.Generic;
using System.Text;
using M2MDevice.Aka;
using M2MDevice.Crypto;
using M2MDevice.Firmware.Usim;
using M2MDevice.Protocol;

namespace M2MDevice.Firmware.Tests.Provisioning
{
    /// <summary>
    /// RS in-process for the provisioning tests (docs/rs-api.md, Ub): an AuC for the PIMSI (one SEQ_HE, IND 0 for its
    /// own bootstrap challenges, IND 1 for the visited operator), the GBA bootstrap (RAND/AUTN, RES check, AUTS resync,
    /// B-TID, Ks = CK || IK), the home-operator answer MAC'd under Ks_NAF(RS) and Zn for the home operator. Every
    /// message is built and checked with shared/Protocol; faults are switches.
    /// </summary>
    internal sealed class TestRegistrationService
    {
        public const int BootstrapInd = 0;
        public const int VisitedInd = 1;
        public static readonly byte[] UaId = { 0x01, 0x00, 0x00, 0x00, 0x02 };

        private readonly AuthenticationVectorGenerator generator;
        private readonly Random random;
        private readonly Dictionary<string, AuthenticationVector> challenges = new Dictionary<string, AuthenticationVector>();
        private readonly Dictionary<string, Session> sessions = new Dictionary<string, Session>();
        private readonly byte[] amf = { 0x80, 0x00 };

        public TestRegistrationService(UsimProfile preliminary, string impi, int seed)
        {
            generator = new AuthenticationVectorGenerator(AkaAlgorithmFactory.Create(preliminary.Algorithm, preliminary.K, 0, preliminary.K.Length, preliminary.Opc, 0, null));
            Impi = impi;
            random = new Random(seed);
        }

        public string Host { get; } = "rs.m2m.test";

        public byte[] TrustAnchor { get; } = ProvisioningHarness.Der(0x11, 60);

        public string Impi { get; }

        public AucSqnState Auc { get; set; } = new AucSqnState();

        public TestHomeOperator HomeOperator { get; set; }

        /// <summary>False: RS does not know the IMPI (ErrorAnswer UnknownIdentity).</summary>
        public bool Registered { get; set; } = true;

        /// <summary>Answer HomeOperatorStatus.Unknown.</summary>
        public bool AnswerUnknown { get; set; }

        /// <summary>Pending answers before the association exists.</summary>
        public int PendingAnswers { get; set; }

        public uint PendingRetryAfter { get; set; } = 60;

        /// <summary>Challenges whose AUTN carries a wrong MAC-A (a rogue network impersonating RS).</summary>
        public int RogueChallenges { get; set; }

        /// <summary>Home-operator answers whose MAC is spoiled (tampered in transit).</summary>
        public int TamperedAnswers { get; set; }

        public uint KeyLifetime { get; set; } = 3600;

        public List<string> RogueRands { get; } = new List<string>();

        public List<string> AnsweredRands { get; } = new List<string>();

        public int ChallengesIssued { get; private set; }

        public int Resyncs { get; private set; }

        public int Bootstraps { get; private set; }

        public int HomeOperatorAnswers { get; private set; }

        public List<string> Log { get; } = new List<string>();

        public byte[] RsNafId => NafIdOf(Host);

        public static byte[] NafIdOf(string host)
        {
            byte[] name = Encoding.ASCII.GetBytes(host);
            var nafId = new byte[name.Length + UaId.Length];
            name.CopyTo(nafId, 0);
            UaId.CopyTo(nafId, name.Length);
            return nafId;
        }

        /// <summary>The next vector of the PIMSI's AuC with the given IND (SQN = SEQ_HE + 1 || IND).</summary>
        public AuthenticationVector NextVector(int ind)
        {
            var sqn = new byte[6];
            Auc.Next(ind, sqn, 0);
            var rand = new byte[16];
            random.NextBytes(rand);
            var vector = new AuthenticationVector();
            generator.Generate(rand, 0, sqn, 0, amf, 0, vector);
            return vector;
        }

        /// <summary>The visited operator's attach with the PIMSI: one AKA with RS's vectors (IND 1), resync once on AUTS.</summary>
        public bool AuthenticateVisited(FakeBootstrapUsim usim)
        {
            return RunAccessAka(usim, generator, Auc, VisitedInd, random);
        }

        internal static bool RunAccessAka(FakeBootstrapUsim usim, AuthenticationVectorGenerator auc, AucSqnState state, int ind, Random random)
        {
            var output = new UsimAuthenticationOutput();
            for (int attempt = 0; attempt < 2; attempt++)
            {
                var sqn = new byte[6];
                state.Next(ind, sqn, 0);
                var rand = new byte[16];
                random.NextBytes(rand);
                var vector = new AuthenticationVector();
                auc.Generate(rand, 0, sqn, 0, new byte[] { 0x80, 0x00 }, 0, vector);
                AkaResult result = usim.Authenticate(vector.Rand, 0, vector.Autn, 0, vector.AutnLength, output);
                if (result == AkaResult.Success)
                {
                    return ConstantTime.AreEqual(output.Res, 0, vector.Xres, 0, vector.XresLength) && output.ResLength == vector.XresLength;
                }

                if (result != AkaResult.SyncFailure)
                {
                    return false;
                }

                var sqnMs = new byte[6];
                Assert.True(auc.TryResolveAuts(vector.Rand, 0, output.Auts, 0, output.AutsLength, sqnMs, 0));
                state.Resynchronize(sqnMs, 0);
            }

            return false;
        }

        public (int, byte[]) HandleBootstrap(byte[] message)
        {
            Assert.Equal(ProtocolResult.Success, MessageEnvelope.TryReadHeader(message, 0, message.Length, out MessageType type, out _, out _));
            if (type == MessageType.BootstrapRequest)
            {
                Assert.Equal(ProtocolResult.Success, BootstrapRequest.TryDecode(message, 0, message.Length, out BootstrapRequest request));
                if (!Registered || Encoding.ASCII.GetString(request.Impi) != Impi)
                {
                    return Error(404, ErrorCause.UnknownIdentity, 0);
                }

                return Challenge();
            }

            Assert.Equal(MessageType.BootstrapResponse, type);
            Assert.Equal(ProtocolResult.Success, BootstrapResponse.TryDecode(message, 0, message.Length, out BootstrapResponse response));
            string randHex = Convert.ToHexString(response.Rand);
            AnsweredRands.Add(randHex);
            if (!challenges.Remove(randHex, out AuthenticationVector vector))
            {
                return Error(403, ErrorCause.AuthenticationFailed, 0);
            }

            if (response.Auts != null)
            {
                // TS 33.102 6.3.5: verify MAC-S, take SQN_MS, resynchronise, send a new challenge.
                var sqnMs = new byte[6];
                if (!generator.TryResolveAuts(response.Rand, 0, response.Auts, 0, response.Auts.Length, sqnMs, 0))
                {
                    return Error(403, ErrorCause.AuthenticationFailed, 0);
                }

                Auc.Resynchronize(sqnMs, 0);
                Resyncs++;
                return Challenge();
            }

            if (response.Res.Length != vector.XresLength || !ConstantTime.AreEqual(response.Res, 0, vector.Xres, 0, vector.XresLength))
            {
                return Error(403, ErrorCause.AuthenticationFailed, 0);
            }

            var btid = new byte[BTid.MaxLength];
            byte[] host = Encoding.ASCII.GetBytes(Host);
            Assert.Equal(ProtocolResult.Success, BTid.TryBuild(vector.Rand, 0, host, 0, host.Length, btid, 0, btid.Length, out int btidLength));
            var session = new Session { Rand = (byte[])vector.Rand.Clone(), Ks = new byte[32] };
            Array.Copy(vector.Ck, 0, session.Ks, 0, 16);
            Array.Copy(vector.Ik, 0, session.Ks, 16, 16);
            string btidText = Encoding.ASCII.GetString(btid, 0, btidLength);
            sessions[btidText] = session;
            Bootstraps++;
            Log.Add("bootstrap " + btidText);
            var result = new BootstrapResult { BTid = btid.AsSpan(0, btidLength).ToArray(), Lifetime = KeyLifetime };
            return (200, Encode(result.Encode));
        }

        public (int, byte[]) HandleHomeOperator(byte[] message)
        {
            Assert.Equal(ProtocolResult.Success, HomeOperatorRequest.TryDecode(message, 0, message.Length, out HomeOperatorRequest request));
            byte[] ksNaf = KsNafFor(Encoding.ASCII.GetString(request.BTid), RsNafId);
            if (ksNaf == null)
            {
                return Error(404, ErrorCause.UnknownBTid, 0);
            }

            var protection = new MessageProtection();
            if (request.VerifyMac(protection, ksNaf, 0, message, 0, message.Length) != ProtocolResult.Success)
            {
                return Error(403, ErrorCause.AuthenticationFailed, 0);
            }

            var answer = new HomeOperatorAnswer { DeviceNonce = request.DeviceNonce };
            if (AnswerUnknown)
            {
                answer.Status = HomeOperatorStatus.Unknown;
            }
            else if (PendingAnswers > 0)
            {
                PendingAnswers--;
                answer.Status = HomeOperatorStatus.Pending;
                answer.RetryAfter = PendingRetryAfter;
            }
            else
            {
                answer.Status = HomeOperatorStatus.Associated;
                answer.Lifetime = 86400;
                answer.HomeOperatorAddress = Encoding.ASCII.GetBytes(HomeOperator.BaseUrl);
                answer.HomeOperatorId = HomeOperator.NafId;
                answer.TrustAnchor = HomeOperator.TrustAnchor;
            }

            HomeOperatorAnswers++;
            var buffer = new byte[MessageEnvelope.MaxMessageLength];
            Assert.Equal(ProtocolResult.Success, answer.Encode(protection, ksNaf, 0, buffer, 0, buffer.Length, out int length));
            byte[] encoded = buffer.AsSpan(0, length).ToArray();
            if (TamperedAnswers > 0)
            {
                TamperedAnswers--;
                encoded[encoded.Length - 1] ^= 0x01;
            }

            return (200, encoded);
        }

        /// <summary>Zn: Ks_NAF = KDF(Ks, "gba-me", RAND, IMPI, NAF_Id) for a live B-TID (TS 33.220 B.3), or null.</summary>
        public byte[] KsNafFor(string btid, byte[] nafId)
        {
            if (!sessions.TryGetValue(btid, out Session session))
            {
                return null;
            }

            byte[] impi = Encoding.ASCII.GetBytes(Impi);
            var ksNaf = new byte[32];
            new Kdf(600).DeriveKsNaf(session.Ks, 0, session.Rand, 0, impi, 0, impi.Length, nafId, 0, nafId.Length, ksNaf, 0);
            return ksNaf;
        }

        /// <summary>Forgets every bootstrap session (key lifetime over, or RS restarted without them).</summary>
        public void ExpireSessions() => sessions.Clear();

        internal static (int, byte[]) Error(int status, ErrorCause cause, uint retryAfter)
        {
            var error = new ErrorAnswer { Cause = cause, RetryAfter = retryAfter };
            return (status, Encode(error.Encode));
        }

        internal delegate ProtocolResult Encoder(byte[] buffer, int offset, int capacity, out int length);

        internal static byte[] Encode(Encoder encode)
        {
            var buffer = new byte[MessageEnvelope.MaxMessageLength];
            Assert.Equal(ProtocolResult.Success, encode(buffer, 0, buffer.Length, out int length));
            return buffer.AsSpan(0, length).ToArray();
        }

        private (int, byte[]) Challenge()
        {
            AuthenticationVector vector = NextVector(BootstrapInd);
            byte[] autn = vector.Autn.AsSpan(0, vector.AutnLength).ToArray();
            string randHex = Convert.ToHexString(vector.Rand);
            if (RogueChallenges > 0)
            {
                RogueChallenges--;
                autn[autn.Length - 1] ^= 0x01;
                RogueRands.Add(randHex);
            }

            challenges[randHex] = vector;
            ChallengesIssued++;
            var challenge = new BootstrapChallenge { Rand = (byte[])vector.Rand.Clone(), Autn = autn };
            return (200, Encode(challenge.Encode));
        }

        private sealed class Session
        {
            public byte[] Rand;
            public byte[] Ks;
        }
    }
}
