using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Scenario;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace M2MDevice.Emulator.Visited
{
    /// <summary>
    /// The core network of a visited operator (VO) as far as registration goes: takes the IMSI the UE
    /// presents, applies the roaming policy (<see cref="SubscriberRule"/>: PIMSI ranges routed to the RS,
    /// operational ranges to their home operator, others rejected), fetches a vector through
    /// <see cref="IAuthenticationVectorSource"/>, runs UMTS AKA with the UE's USIM (TS 33.102 6.3) and
    /// handles MAC failure and synchronisation failure (one resynchronisation through the source with
    /// RAND+AUTS, TS 33.102 6.3.5). Thread-safe: one instance serves every modem in its coverage. Every NAS and
    /// SendAuthenticationInfo message is reported to an optional <see cref="ITraceRecorder"/> under the IMSI the UE
    /// presented (message names and the operator's name only; never RAND, AUTN, RES, CK or IK).
    /// </summary>
    public sealed class VisitedOperator
    {
        private readonly IReadOnlyList<SubscriberRule> rules;
        private readonly ILogger logger;
        private readonly ITraceRecorder trace;
        private int nextKeySetIdentifier;
        private int acceptedCount;
        private int resynchronizationCount;

        /// <summary>Creates an operator with its policy.</summary>
        /// <param name="name">Operator name (logs).</param>
        /// <param name="rules">Subscriber rules; the first that matches an IMSI applies.</param>
        /// <param name="defaultRejectCause">Cause for an IMSI no rule matches (TS 24.008 #11 PLMN not allowed by default).</param>
        /// <param name="walledGarden">Policy for subscribers of rules marked walled garden (null: unrestricted).</param>
        /// <param name="logger">Optional logger; never given secrets.</param>
        /// <param name="trace">Optional message trace (null: <see cref="TraceRecorder.None"/>); never given secrets.</param>
        public VisitedOperator(string name, IEnumerable<SubscriberRule> rules, int defaultRejectCause, DataSessionPolicy walledGarden, ILogger logger = null, ITraceRecorder trace = null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            ArgumentNullException.ThrowIfNull(rules);
            if (defaultRejectCause < 1 || defaultRejectCause > 255)
            {
                throw new ArgumentOutOfRangeException(nameof(defaultRejectCause));
            }

            Name = name;
            this.rules = new List<SubscriberRule>(rules);
            DefaultRejectCause = defaultRejectCause;
            WalledGarden = walledGarden ?? DataSessionPolicy.Unrestricted;
            this.logger = logger ?? NullLogger.Instance;
            this.trace = trace ?? TraceRecorder.None;
        }

        /// <summary>Operator name.</summary>
        public string Name { get; }

        /// <summary>The policy, in order.</summary>
        public IReadOnlyList<SubscriberRule> Rules => rules;

        /// <summary>Cause for an IMSI no rule matches.</summary>
        public int DefaultRejectCause { get; }

        /// <summary>The walled garden applied to subscribers of rules marked so.</summary>
        public DataSessionPolicy WalledGarden { get; }

        /// <summary>Registrations accepted so far.</summary>
        public int AcceptedCount => Volatile.Read(ref acceptedCount);

        /// <summary>Resynchronisations requested from sources so far.</summary>
        public int ResynchronizationCount => Volatile.Read(ref resynchronizationCount);

        /// <summary>The rule for an IMSI, or null.</summary>
        public SubscriberRule FindRule(string imsi)
        {
            foreach (SubscriberRule rule in rules)
            {
                if (rule.Matches(imsi))
                {
                    return rule;
                }
            }

            return null;
        }

        /// <summary>
        /// Runs the registration of the subscriber imsi whose USIM answers through terminal. Never throws for a
        /// refusal; cancellation propagates.
        /// </summary>
        public async Task<RegistrationOutcome> RegisterAsync(string imsi, IAuthenticationTerminal terminal, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(terminal);
            try
            {
                return await RegisterCoreAsync(imsi, terminal, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The UE gave the attempt up (a new network search); the diagram shows why no answer follows.
                Trace(imsi, TraceParticipant.Modem, TraceParticipant.VisitedOperator, TraceMessage.AttachAbandoned, null);
                throw;
            }
        }

        private async Task<RegistrationOutcome> RegisterCoreAsync(string imsi, IAuthenticationTerminal terminal, CancellationToken cancellationToken)
        {
            SubscriberRule rule = imsi == null ? null : FindRule(imsi);
            bool fromRs = rule != null && IsRegistrationService(rule);
            Trace(imsi, TraceParticipant.Modem, TraceParticipant.VisitedOperator, fromRs || rule == null ? TraceMessage.AttachRequestPimsi : TraceMessage.AttachRequestImsi, Name);
            if (rule == null)
            {
                logger.LogInformation("{Operator}: no rule for the subscriber, reject #{Cause}", Name, DefaultRejectCause);
                return Rejected(imsi, DefaultRejectCause);
            }

            if (rule.RejectCause != 0)
            {
                logger.LogInformation("{Operator}: subscriber rejected by policy, #{Cause}", Name, rule.RejectCause);
                return Rejected(imsi, rule.RejectCause);
            }

            // ARCHITECTURE 3.2: a PIMSI's vectors come from RS, an operational IMSI's from its home operator's AuC.
            string source = fromRs ? TraceParticipant.RegistrationService : TraceParticipant.HomeOperator;
            Trace(imsi, TraceParticipant.VisitedOperator, source, fromRs ? TraceMessage.SendAuthenticationInfo : TraceMessage.SendAuthenticationInfoImsi, null);
            AuthenticationInfoResult info = await rule.Source.SendAuthenticationInfoAsync(imsi, 1, null, null, cancellationToken).ConfigureAwait(false);
            if (info.Status != AuthenticationInfoStatus.Ok)
            {
                Trace(imsi, source, TraceParticipant.VisitedOperator, TraceMessage.AuthenticationInfoError, info.Status.ToString());
                return Rejected(imsi, CauseFor(info.Status));
            }

            Trace(imsi, source, TraceParticipant.VisitedOperator, fromRs ? TraceMessage.AuthenticationVectors : TraceMessage.AuthenticationVectorsImsi, null);

            bool resynchronized = false;
            for (int attempt = 0; ; attempt++)
            {
                RoamingVector vector = info.Vectors[0];
                Trace(imsi, TraceParticipant.VisitedOperator, TraceParticipant.Modem, TraceMessage.AuthenticationRequest, null);
                AuthenticateResponse answer = await terminal.AuthenticateAsync(vector.Rand, vector.Autn, cancellationToken).ConfigureAwait(false);
                try
                {
                    if (answer == null)
                    {
                        Trace(imsi, TraceParticipant.Modem, TraceParticipant.VisitedOperator, TraceMessage.AuthenticationFailure, "SIM not available");
                        return RegistrationOutcome.SimNotAvailable();
                    }

                    if (answer.IsSyncFailure)
                    {
                        // TS 33.102 6.3.5: the VLR sends RAND and AUTS to the HE, which resynchronises and answers new vectors.
                        Trace(imsi, TraceParticipant.Modem, TraceParticipant.VisitedOperator, TraceMessage.AuthenticationSyncFailure, null);
                        if (attempt > 0)
                        {
                            return Rejected(imsi, NasCause.SynchFailure);
                        }

                        byte[] auts = answer.Auts.AsSpan(0, answer.AutsLength).ToArray();
                        byte[] rand = (byte[])vector.Rand.Clone();
                        info.ClearVectors();
                        Interlocked.Increment(ref resynchronizationCount);
                        Trace(imsi, TraceParticipant.VisitedOperator, source, TraceMessage.SendAuthenticationInfoResync, null);
                        info = await rule.Source.SendAuthenticationInfoAsync(imsi, 1, rand, auts, cancellationToken).ConfigureAwait(false);
                        if (info.Status != AuthenticationInfoStatus.Ok)
                        {
                            Trace(imsi, source, TraceParticipant.VisitedOperator, TraceMessage.AuthenticationInfoError, info.Status.ToString());
                            return Rejected(imsi, info.Status == AuthenticationInfoStatus.InvalidAuts ? NasCause.SynchFailure : CauseFor(info.Status));
                        }

                        Trace(imsi, source, TraceParticipant.VisitedOperator, fromRs ? TraceMessage.AuthenticationVectors : TraceMessage.AuthenticationVectorsImsi, "resynchronised");

                        resynchronized = true;
                        continue;
                    }

                    if (!answer.IsSuccess)
                    {
                        // TS 24.008 4.3.2.6 (a): the MS answers AUTHENTICATION FAILURE #20 when the MAC does not verify.
                        int cause = answer.StatusWord == AuthenticateApdu.StatusMacFailure ? NasCause.MacFailure : NasCause.ProtocolError;
                        logger.LogInformation("{Operator}: authentication failed at the UE, #{Cause}", Name, cause);
                        Trace(imsi, TraceParticipant.Modem, TraceParticipant.VisitedOperator, TraceMessage.AuthenticationFailure, "#" + cause.ToString(CultureInfo.InvariantCulture));
                        return Rejected(imsi, cause);
                    }

                    Trace(imsi, TraceParticipant.Modem, TraceParticipant.VisitedOperator, TraceMessage.AuthenticationResponse, null);

                    // TS 33.102 6.3.3: the VLR compares RES with XRES (constant time; lengths must agree).
                    bool match = answer.ResLength == vector.Xres.Length
                        && CryptographicOperations.FixedTimeEquals(answer.Res.AsSpan(0, answer.ResLength), vector.Xres);
                    if (!match)
                    {
                        logger.LogInformation("{Operator}: RES does not match, authentication reject", Name);
                        return Rejected(imsi, NasCause.IllegalMs);
                    }

                    int ksi = Interlocked.Increment(ref nextKeySetIdentifier) % 7; // TS 24.008 10.5.1.2: 7 = no key
                    uint tmsi = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4)) & 0x3FFFFFFF;
                    Interlocked.Increment(ref acceptedCount);
                    Trace(imsi, TraceParticipant.VisitedOperator, TraceParticipant.Modem, TraceMessage.AttachAccept, rule.WalledGarden ? "walled garden" : null);
                    return RegistrationOutcome.Accept(ksi, tmsi, (byte[])vector.Ck.Clone(), (byte[])vector.Ik.Clone(), resynchronized,
                        rule.WalledGarden ? WalledGarden : DataSessionPolicy.Unrestricted);
                }
                finally
                {
                    answer?.Clear();
                    vector.Clear();
                }
            }
        }

        // The composition names RS's rules "rs" (ARCHITECTURE 3.2); any other source is a home operator's AuC.
        private static bool IsRegistrationService(SubscriberRule rule) => string.Equals(rule.SourceName, "rs", StringComparison.OrdinalIgnoreCase);

        private RegistrationOutcome Rejected(string imsi, int cause)
        {
            Trace(imsi, TraceParticipant.VisitedOperator, TraceParticipant.Modem, TraceMessage.AttachReject, "#" + cause.ToString(CultureInfo.InvariantCulture));
            return RegistrationOutcome.Reject(cause);
        }

        // Public identifiers and message names only: the IMSI files the event under its device (ITraceRecorder.Alias).
        private void Trace(string imsi, string from, string to, string message, string detail)
        {
            if (imsi == null)
            {
                return; // no identity: the event would belong to every device's diagram
            }

            trace.Record(new TraceEvent(imsi, from, to, message, DateTimeOffset.UtcNow, detail));
        }

        private static int CauseFor(AuthenticationInfoStatus status)
        {
            switch (status)
            {
                case AuthenticationInfoStatus.UnknownSubscriber:
                case AuthenticationInfoStatus.RetiredSubscriber:
                    return NasCause.ImsiUnknownInHlr; // docs/rs-api.md: unknown or retired PIMSI -> #2
                case AuthenticationInfoStatus.InvalidAuts:
                    return NasCause.SynchFailure;
                default:
                    return NasCause.NetworkFailure;
            }
        }
    }
}
