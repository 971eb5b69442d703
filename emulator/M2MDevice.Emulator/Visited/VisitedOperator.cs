using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
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
    /// RAND+AUTS, TS 33.102 6.3.5). Thread-safe: one instance serves every modem in its coverage.
    /// </summary>
    public sealed class VisitedOperator
    {
        private readonly IReadOnlyList<SubscriberRule> rules;
        private readonly ILogger logger;
        private int nextKeySetIdentifier;
        private int acceptedCount;
        private int resynchronizationCount;

        /// <summary>Creates an operator with its policy.</summary>
        /// <param name="name">Operator name (logs).</param>
        /// <param name="rules">Subscriber rules; the first that matches an IMSI applies.</param>
        /// <param name="defaultRejectCause">Cause for an IMSI no rule matches (TS 24.008 #11 PLMN not allowed by default).</param>
        /// <param name="walledGarden">Policy for subscribers of rules marked walled garden (null: unrestricted).</param>
        /// <param name="logger">Optional logger; never given secrets.</param>
        public VisitedOperator(string name, IEnumerable<SubscriberRule> rules, int defaultRejectCause, DataSessionPolicy walledGarden, ILogger logger = null)
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
            SubscriberRule rule = imsi == null ? null : FindRule(imsi);
            if (rule == null)
            {
                logger.LogInformation("{Operator}: no rule for the subscriber, reject #{Cause}", Name, DefaultRejectCause);
                return RegistrationOutcome.Reject(DefaultRejectCause);
            }

            if (rule.RejectCause != 0)
            {
                logger.LogInformation("{Operator}: subscriber rejected by policy, #{Cause}", Name, rule.RejectCause);
                return RegistrationOutcome.Reject(rule.RejectCause);
            }

            AuthenticationInfoResult info = await rule.Source.SendAuthenticationInfoAsync(imsi, 1, null, null, cancellationToken).ConfigureAwait(false);
            if (info.Status != AuthenticationInfoStatus.Ok)
            {
                return RegistrationOutcome.Reject(CauseFor(info.Status));
            }

            bool resynchronized = false;
            for (int attempt = 0; ; attempt++)
            {
                RoamingVector vector = info.Vectors[0];
                AuthenticateResponse answer = await terminal.AuthenticateAsync(vector.Rand, vector.Autn, cancellationToken).ConfigureAwait(false);
                try
                {
                    if (answer == null)
                    {
                        return RegistrationOutcome.SimNotAvailable();
                    }

                    if (answer.IsSyncFailure)
                    {
                        // TS 33.102 6.3.5: the VLR sends RAND and AUTS to the HE, which resynchronises and answers new vectors.
                        if (attempt > 0)
                        {
                            return RegistrationOutcome.Reject(NasCause.SynchFailure);
                        }

                        byte[] auts = answer.Auts.AsSpan(0, answer.AutsLength).ToArray();
                        byte[] rand = (byte[])vector.Rand.Clone();
                        info.ClearVectors();
                        Interlocked.Increment(ref resynchronizationCount);
                        info = await rule.Source.SendAuthenticationInfoAsync(imsi, 1, rand, auts, cancellationToken).ConfigureAwait(false);
                        if (info.Status != AuthenticationInfoStatus.Ok)
                        {
                            return RegistrationOutcome.Reject(info.Status == AuthenticationInfoStatus.InvalidAuts ? NasCause.SynchFailure : CauseFor(info.Status));
                        }

                        resynchronized = true;
                        continue;
                    }

                    if (!answer.IsSuccess)
                    {
                        // TS 24.008 4.3.2.6 (a): the MS answers AUTHENTICATION FAILURE #20 when the MAC does not verify.
                        int cause = answer.StatusWord == AuthenticateApdu.StatusMacFailure ? NasCause.MacFailure : NasCause.ProtocolError;
                        logger.LogInformation("{Operator}: authentication failed at the UE, #{Cause}", Name, cause);
                        return RegistrationOutcome.Reject(cause);
                    }

                    // TS 33.102 6.3.3: the VLR compares RES with XRES (constant time; lengths must agree).
                    bool match = answer.ResLength == vector.Xres.Length
                        && CryptographicOperations.FixedTimeEquals(answer.Res.AsSpan(0, answer.ResLength), vector.Xres);
                    if (!match)
                    {
                        logger.LogInformation("{Operator}: RES does not match, authentication reject", Name);
                        return RegistrationOutcome.Reject(NasCause.IllegalMs);
                    }

                    int ksi = Interlocked.Increment(ref nextKeySetIdentifier) % 7; // TS 24.008 10.5.1.2: 7 = no key
                    uint tmsi = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4)) & 0x3FFFFFFF;
                    Interlocked.Increment(ref acceptedCount);
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
