using System;
using System.Threading;
using System.Threading.Tasks;

namespace M2MDevice.Emulator.Visited
{
    /// <summary>
    /// Fault injection (issue 7 part 1): a vector source that keeps a copy of the first vector it passes on and, once
    /// <see cref="ArmReplay"/> was called, answers the next plain request with that already used (RAND, AUTN) again, as a
    /// visited core reusing a consumed vector from its cache or a false base station replaying a captured challenge
    /// would. The USIM must refuse it by its SQN check and answer AUTS (TS 33.102 6.3.3, C.2.2); the resynchronisation
    /// request (RAND and AUTS, 6.3.5) and every later request go to the inner source unchanged. Thread-safe.
    /// </summary>
    public sealed class ReplayingVectorSource : IAuthenticationVectorSource
    {
        private readonly IAuthenticationVectorSource inner;
        private readonly object gate = new object();
        private RoamingVector recorded;
        private bool armed;
        private int replays;
        private int resynchronizations;

        /// <summary>Wraps inner; nothing is replayed until <see cref="ArmReplay"/>.</summary>
        public ReplayingVectorSource(IAuthenticationVectorSource inner)
        {
            ArgumentNullException.ThrowIfNull(inner);
            this.inner = inner;
        }

        /// <summary>True once a vector has been kept for replay.</summary>
        public bool HasRecorded
        {
            get
            {
                lock (this.gate)
                {
                    return this.recorded != null;
                }
            }
        }

        /// <summary>RAND of the kept vector (a copy), or null.</summary>
        public byte[] RecordedRand
        {
            get
            {
                lock (this.gate)
                {
                    return (byte[])this.recorded?.Rand.Clone();
                }
            }
        }

        /// <summary>Used vectors served again so far.</summary>
        public int Replays => Volatile.Read(ref this.replays);

        /// <summary>Resynchronisation requests (RAND and AUTS) passed to the inner source so far.</summary>
        public int Resynchronizations => Volatile.Read(ref this.resynchronizations);

        /// <summary>Serves the kept vector once more, in answer to the next request without AUTS.</summary>
        public void ArmReplay()
        {
            lock (this.gate)
            {
                if (this.recorded == null)
                {
                    throw new InvalidOperationException("no vector was passed on yet");
                }

                this.armed = true;
            }
        }

        /// <inheritdoc/>
        public async Task<AuthenticationInfoResult> SendAuthenticationInfoAsync(string imsi, int count, byte[] rand, byte[] auts, CancellationToken cancellationToken)
        {
            if (auts == null)
            {
                lock (this.gate)
                {
                    if (this.armed)
                    {
                        this.armed = false;
                        this.replays++;
                        return AuthenticationInfoResult.Success(new[] { Copy(this.recorded) }, false);
                    }
                }
            }
            else
            {
                Interlocked.Increment(ref this.resynchronizations);
            }

            AuthenticationInfoResult result = await this.inner.SendAuthenticationInfoAsync(imsi, count, rand, auts, cancellationToken).ConfigureAwait(false);
            if (result.Status == AuthenticationInfoStatus.Ok && result.Vectors.Count > 0)
            {
                lock (this.gate)
                {
                    // A copy: the core clears the vectors it has used.
                    this.recorded ??= Copy(result.Vectors[0]);
                }
            }

            return result;
        }

        private static RoamingVector Copy(RoamingVector vector)
        {
            return new RoamingVector((byte[])vector.Rand.Clone(), (byte[])vector.Xres.Clone(), (byte[])vector.Ck.Clone(), (byte[])vector.Ik.Clone(), (byte[])vector.Autn.Clone());
        }
    }
}
