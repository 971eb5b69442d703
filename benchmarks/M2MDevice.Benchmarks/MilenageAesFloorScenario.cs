using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace M2MDevice.Benchmarks
{
    /// <summary>How the AES blocks of MILENAGE vectors are scheduled in <see cref="MilenageAesFloorScenario"/>.</summary>
    public enum AesFloorSchedule
    {
        /// <summary>As HostVectorGenerator.Generate: TEMP alone, then OUT1..OUT4 four in flight.</summary>
        OneVector,

        /// <summary>
        /// As HostVectorGenerator.GenerateBatch: pairs of vectors, the eight OUT blocks of one pair in flight with
        /// the two TEMP blocks of the next pair.
        /// </summary>
        PipelinedPairs,

        /// <summary>Throughput limit: five independent blocks per vector, eight in flight (ignores TEMP -> OUT dependency).</summary>
        Independent,
    }

    /// <summary>
    /// The AES-NI floor of MILENAGE vector generation: only the AES rounds of the five blocks one vector needs
    /// (TEMP, then OUT1..OUT4 that depend on it, TS 35.206 4.1), scheduled like the fast path; no MILENAGE
    /// xors, no loads or stores of vector fields. 16 vectors per Run. The round keys are arbitrary values:
    /// AES-NI timing does not depend on them. Needs AES-NI (Name says so when absent and Run does nothing).
    /// </summary>
    public sealed class MilenageAesFloorScenario : AkaScenario
    {
        private const int VectorsPerRun = 16;

        private readonly string name;
        private readonly AesFloorSchedule schedule;
        private readonly Vector128<byte>[] keys = new Vector128<byte>[11];
        private readonly Vector128<byte> seed = Vector128.Create((byte)0x5A);
        private Vector128<byte> sink;

        /// <summary>Creates the scenario.</summary>
        public MilenageAesFloorScenario(string name, AesFloorSchedule schedule)
        {
            this.name = Aes.IsSupported ? name : name + " (no AES-NI: not measured)";
            this.schedule = schedule;
            for (int r = 0; r < this.keys.Length; r++)
            {
                this.keys[r] = Vector128.Create((byte)(0x3D * r + 1));
            }

        }

        /// <inheritdoc/>
        public override string Name => this.name;

        /// <inheritdoc/>
        public override string Unit => "vector";

        /// <inheritdoc/>
        public override int OperationsPerRun => VectorsPerRun;

        /// <inheritdoc/>
        public override byte Run()
        {
            if (!Aes.IsSupported)
            {
                return 0;
            }

            Vector128<byte> acc = Vector128<byte>.Zero;
            if (this.schedule == AesFloorSchedule.OneVector)
            {
                for (int v = 0; v < VectorsPerRun; v++)
                {
                    acc = this.One(acc, v);
                }
            }
            else if (this.schedule == AesFloorSchedule.PipelinedPairs)
            {
                acc = this.Pipelined(acc);
            }
            else
            {
                for (int v = 0; v < VectorsPerRun; v += 8)
                {
                    acc = this.Independent40(acc, v);
                }
            }

            this.sink ^= acc;
            return acc.GetElement(0);
        }

        // Each vector's TEMP input differs (the vector number) but does not wait for the previous vector's
        // output: acc only gathers results, as the fast path's stores do.
        private Vector128<byte> One(Vector128<byte> acc, int v)
        {
            Vector128<byte>[] k = this.keys;
            Vector128<byte> t = this.seed ^ Vector128.Create((byte)v) ^ k[0];
            for (int r = 1; r < 10; r++)
            {
                t = Aes.Encrypt(t, k[r]);
            }

            t = Aes.EncryptLast(t, k[10]);
            Vector128<byte> b1 = t ^ k[1], b2 = t ^ k[2], b3 = t ^ k[3], b4 = t ^ k[4];
            for (int r = 1; r < 10; r++)
            {
                Vector128<byte> kr = k[r];
                b1 = Aes.Encrypt(b1, kr);
                b2 = Aes.Encrypt(b2, kr);
                b3 = Aes.Encrypt(b3, kr);
                b4 = Aes.Encrypt(b4, kr);
            }

            Vector128<byte> last = k[10];
            return acc ^ Aes.EncryptLast(b1, last) ^ Aes.EncryptLast(b2, last) ^ Aes.EncryptLast(b3, last) ^ Aes.EncryptLast(b4, last);
        }

        private Vector128<byte> Pipelined(Vector128<byte> acc)
        {
            Vector128<byte>[] k = this.keys;
            Vector128<byte> ta = this.seed ^ k[0];
            Vector128<byte> tb = ta ^ k[5];
            for (int r = 1; r < 10; r++)
            {
                Vector128<byte> kr = k[r];
                ta = Aes.Encrypt(ta, kr);
                tb = Aes.Encrypt(tb, kr);
            }

            ta = Aes.EncryptLast(ta, k[10]);
            tb = Aes.EncryptLast(tb, k[10]);
            for (int v = 0; v < VectorsPerRun; v += 2)
            {
                Vector128<byte> a1 = ta ^ k[1], a2 = ta ^ k[2], a3 = ta ^ k[3], a4 = ta ^ k[4];
                Vector128<byte> b1 = tb ^ k[1], b2 = tb ^ k[2], b3 = tb ^ k[3], b4 = tb ^ k[4];
                Vector128<byte> na = this.seed ^ Vector128.Create((byte)v) ^ k[0];
                Vector128<byte> nb = na ^ k[5];
                for (int r = 1; r < 10; r++)
                {
                    Vector128<byte> kr = k[r];
                    a1 = Aes.Encrypt(a1, kr);
                    a2 = Aes.Encrypt(a2, kr);
                    a3 = Aes.Encrypt(a3, kr);
                    a4 = Aes.Encrypt(a4, kr);
                    b1 = Aes.Encrypt(b1, kr);
                    b2 = Aes.Encrypt(b2, kr);
                    b3 = Aes.Encrypt(b3, kr);
                    b4 = Aes.Encrypt(b4, kr);
                    na = Aes.Encrypt(na, kr);
                    nb = Aes.Encrypt(nb, kr);
                }

                Vector128<byte> last = k[10];
                acc ^= Aes.EncryptLast(a1, last) ^ Aes.EncryptLast(a2, last) ^ Aes.EncryptLast(a3, last) ^ Aes.EncryptLast(a4, last)
                    ^ Aes.EncryptLast(b1, last) ^ Aes.EncryptLast(b2, last) ^ Aes.EncryptLast(b3, last) ^ Aes.EncryptLast(b4, last);
                ta = Aes.EncryptLast(na, last);
                tb = Aes.EncryptLast(nb, last);
            }

            return acc;
        }

        // 8 vectors' worth: 40 independent blocks, 8 in flight.
        private Vector128<byte> Independent40(Vector128<byte> acc, int v)
        {
            Vector128<byte>[] k = this.keys;
            Vector128<byte> x = this.seed ^ Vector128.Create((byte)v);
            for (int group = 0; group < 5; group++)
            {
                Vector128<byte> s0 = x ^ k[0], s1 = x ^ k[1], s2 = x ^ k[2], s3 = x ^ k[3];
                Vector128<byte> s4 = x ^ k[4], s5 = x ^ k[5], s6 = x ^ k[6], s7 = x ^ k[7];
                for (int r = 1; r < 10; r++)
                {
                    Vector128<byte> kr = k[r];
                    s0 = Aes.Encrypt(s0, kr);
                    s1 = Aes.Encrypt(s1, kr);
                    s2 = Aes.Encrypt(s2, kr);
                    s3 = Aes.Encrypt(s3, kr);
                    s4 = Aes.Encrypt(s4, kr);
                    s5 = Aes.Encrypt(s5, kr);
                    s6 = Aes.Encrypt(s6, kr);
                    s7 = Aes.Encrypt(s7, kr);
                }

                Vector128<byte> last = k[10];
                acc ^= Aes.EncryptLast(s0, last) ^ Aes.EncryptLast(s1, last) ^ Aes.EncryptLast(s2, last) ^ Aes.EncryptLast(s3, last)
                    ^ Aes.EncryptLast(s4, last) ^ Aes.EncryptLast(s5, last) ^ Aes.EncryptLast(s6, last) ^ Aes.EncryptLast(s7, last);
                x = Vector128.Create((byte)(v + group + 1)) ^ this.seed;
            }

            return acc;
        }
    }
}
