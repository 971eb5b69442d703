using System;
using System.Collections.Generic;
using System.Linq;
using M2MDevice.Aka;

namespace M2MDevice.Emulator.Tests.Faults
{
    /// <summary>
    /// Every SQN the client side received, recovered from the vectors (SQN = (SQN xor AK) xor f5(RAND) with the
    /// subscriber's K/OPc, MAC-A checked with f1), per IMSI in issue order (each IMSI is driven by one client at a
    /// time, so acknowledgement order is issue order), with the server life it came from. The rules checked: per IMSI
    /// no SQN twice, and per IND (the low <see cref="UsimSqnState.IndBits"/> bits, TS 33.102 C.3.2) strictly increasing.
    /// </summary>
    internal sealed class SqnLedger
    {
        private readonly Dictionary<string, List<Entry>> byImsi = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        private readonly object gate = new object();

        /// <summary>How many SQNs were recorded.</summary>
        public int Count
        {
            get
            {
                lock (this.gate)
                {
                    return this.byImsi.Values.Sum(l => l.Count);
                }
            }
        }

        /// <summary>
        /// Recovers the SQN of one vector (RAND, AUTN) for the subscriber (K, OPc, MILENAGE), checks its MAC-A, its IND
        /// (expected: <paramref name="expectedInd"/>) and records it; returns the problem or null.
        /// </summary>
        public string Record(string imsi, byte[] k, byte[] opc, byte[] rand, byte[] autn, int expectedInd, int life, string source)
        {
            long sqn = RecoverSqn(k, opc, rand, autn, out bool macValid);
            if (!macValid)
            {
                return $"{source}: IMSI {imsi}: AUTN's MAC-A does not verify with the subscriber's keys";
            }

            int ind = (int)(sqn & (UsimSqnState.SlotCount - 1));
            lock (this.gate)
            {
                if (!this.byImsi.TryGetValue(imsi, out List<Entry> entries))
                {
                    entries = new List<Entry>();
                    this.byImsi[imsi] = entries;
                }

                entries.Add(new Entry(sqn, ind, life, source));
            }

            return ind == expectedInd ? null : $"{source}: IMSI {imsi}: SQN carries IND {ind}, the requester's is {expectedInd}";
        }

        /// <summary>The SQNs recorded for an IMSI (SEQ || IND as 48-bit numbers), in issue order.</summary>
        public IReadOnlyList<long> Sqns(string imsi)
        {
            lock (this.gate)
            {
                return this.byImsi.TryGetValue(imsi, out List<Entry> entries) ? entries.Select(e => e.Sqn).ToList() : new List<long>();
            }
        }

        /// <summary>Every IMSI with SQNs.</summary>
        public IReadOnlyList<string> Imsis()
        {
            lock (this.gate)
            {
                return this.byImsi.Keys.ToList();
            }
        }

        /// <summary>Per IMSI: all SQNs unique; per IND strictly increasing in issue order. Returns the violations.</summary>
        public List<string> Check()
        {
            var problems = new List<string>();
            lock (this.gate)
            {
                foreach (KeyValuePair<string, List<Entry>> pair in this.byImsi)
                {
                    var seen = new Dictionary<long, Entry>();
                    var lastPerInd = new Dictionary<int, Entry>();
                    foreach (Entry entry in pair.Value)
                    {
                        if (seen.TryGetValue(entry.Sqn, out Entry first))
                        {
                            problems.Add($"IMSI {pair.Key}: SQN SEQ {entry.Sqn >> UsimSqnState.IndBits} IND {entry.Ind} issued twice: life {first.Life} ({first.Source}) and life {entry.Life} ({entry.Source})");
                        }
                        else
                        {
                            seen.Add(entry.Sqn, entry);
                        }

                        // TS 33.102 C.1.1.1 / C.2.2: per IND the SEQ the AuC issues only grows.
                        if (lastPerInd.TryGetValue(entry.Ind, out Entry previous) && entry.Sqn <= previous.Sqn)
                        {
                            problems.Add($"IMSI {pair.Key}: IND {entry.Ind}: SEQ {entry.Sqn >> UsimSqnState.IndBits} (life {entry.Life}, {entry.Source}) not above SEQ {previous.Sqn >> UsimSqnState.IndBits} (life {previous.Life}, {previous.Source})");
                        }

                        lastPerInd[entry.Ind] = entry;
                    }
                }
            }

            return problems;
        }

        /// <summary>SQN = (SQN xor AK) xor f5(RAND) (TS 33.102 6.3.2); MAC-A = f1(K, SQN, RAND, AMF) checked.</summary>
        public static long RecoverSqn(byte[] k, byte[] opc, byte[] rand, byte[] autn, out bool macValid)
        {
            IAkaAlgorithm milenage = AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, k, 0, k.Length, opc, 0, null);
            try
            {
                byte[] ak = new byte[AkaSizes.Ak];
                milenage.F5(rand, 0, ak, 0);
                byte[] sqn = new byte[AkaSizes.Sqn];
                for (int i = 0; i < sqn.Length; i++)
                {
                    sqn[i] = (byte)(autn[i] ^ ak[i]);
                }

                byte[] mac = new byte[milenage.MacLength];
                milenage.F1(rand, 0, sqn, 0, autn, AkaSizes.Sqn, mac, 0);
                macValid = autn.AsSpan(AkaSizes.Sqn + 2, mac.Length).SequenceEqual(mac);
                long value = 0;
                foreach (byte b in sqn)
                {
                    value = (value << 8) | b;
                }

                return value;
            }
            finally
            {
                milenage.Clear();
            }
        }

        private sealed record Entry(long Sqn, int Ind, int Life, string Source);
    }
}
