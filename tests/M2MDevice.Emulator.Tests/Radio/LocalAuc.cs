using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Visited;

namespace M2MDevice.Emulator.Tests.Radio
{
    /// <summary>
    /// A home AuC in the test process (TS 33.102 6.3.2): the shared MILENAGE and Annex C code keyed per IMSI,
    /// RAND from a seeded generator, resynchronisation from AUTS (6.3.5). A "rogue" instance keyed with the
    /// wrong K produces vectors whose MAC the USIM refuses.
    /// </summary>
    internal sealed class LocalAuc : IAuthenticationVectorSource
    {
        private readonly Dictionary<string, Subscriber> subscribers = new Dictionary<string, Subscriber>(StringComparer.Ordinal);
        private readonly Random random;
        private readonly int ind;
        private readonly object gate = new object();

        public LocalAuc(int seed = 7, int ind = 1)
        {
            random = new Random(seed);
            this.ind = ind;
        }

        public int Requests { get; private set; }

        public int Resynchronizations { get; private set; }

        public int InvalidAuts { get; private set; }

        public void Add(string imsi, byte[] k, byte[] opc, long seqHe = 0)
        {
            IAkaAlgorithm algorithm = AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, k, 0, k.Length, opc, 0, null);
            subscribers[imsi] = new Subscriber(new AuthenticationVectorGenerator(algorithm), new AucSqnState(seqHe));
        }

        public long SeqHe(string imsi) => subscribers[imsi].Sqn.SeqHe;

        public Task<AuthenticationInfoResult> SendAuthenticationInfoAsync(string imsi, int count, byte[] rand, byte[] auts, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                Requests++;
                if (!subscribers.TryGetValue(imsi, out Subscriber subscriber))
                {
                    return Task.FromResult(AuthenticationInfoResult.Failure(AuthenticationInfoStatus.UnknownSubscriber));
                }

                bool resynchronized = false;
                if (rand != null)
                {
                    var sqnMs = new byte[6];
                    if (!subscriber.Generator.TryResolveAuts(rand, 0, auts, 0, auts.Length, sqnMs, 0))
                    {
                        InvalidAuts++;
                        return Task.FromResult(AuthenticationInfoResult.Failure(AuthenticationInfoStatus.InvalidAuts));
                    }

                    subscriber.Sqn.Resynchronize(sqnMs, 0);
                    Resynchronizations++;
                    resynchronized = true;
                }

                var vectors = new List<RoamingVector>();
                for (int i = 0; i < count; i++)
                {
                    var sqn = new byte[6];
                    subscriber.Sqn.Next(ind, sqn, 0);
                    var challenge = new byte[16];
                    random.NextBytes(challenge);
                    var vector = new AuthenticationVector();
                    subscriber.Generator.Generate(challenge, 0, sqn, 0, new byte[] { 0x80, 0x00 }, 0, vector);
                    vectors.Add(new RoamingVector(
                        (byte[])vector.Rand.Clone(),
                        vector.Xres.AsSpan(0, vector.XresLength).ToArray(),
                        vector.Ck.AsSpan(0, vector.CkLength).ToArray(),
                        vector.Ik.AsSpan(0, vector.IkLength).ToArray(),
                        vector.Autn.AsSpan(0, vector.AutnLength).ToArray()));
                    vector.Clear();
                }

                return Task.FromResult(AuthenticationInfoResult.Success(vectors, resynchronized));
            }
        }

        private sealed record Subscriber(AuthenticationVectorGenerator Generator, AucSqnState Sqn);
    }
}
