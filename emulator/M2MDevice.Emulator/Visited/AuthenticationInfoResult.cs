using System;
using System.Collections.Generic;

namespace M2MDevice.Emulator.Visited
{
    /// <summary>The answer to SendAuthenticationInfo: vectors (oldest SQN first) when Ok, else the reason.</summary>
    public sealed class AuthenticationInfoResult
    {
        private AuthenticationInfoResult(AuthenticationInfoStatus status, IReadOnlyList<RoamingVector> vectors, bool resynchronized)
        {
            Status = status;
            Vectors = vectors;
            Resynchronized = resynchronized;
        }

        /// <summary>Ok, or why no vector came.</summary>
        public AuthenticationInfoStatus Status { get; }

        /// <summary>The vectors (empty unless Ok).</summary>
        public IReadOnlyList<RoamingVector> Vectors { get; }

        /// <summary>True when the source re-synchronised SQN from an AUTS first (TS 33.102 6.3.5).</summary>
        public bool Resynchronized { get; }

        /// <summary>A successful answer.</summary>
        public static AuthenticationInfoResult Success(IReadOnlyList<RoamingVector> vectors, bool resynchronized)
        {
            ArgumentNullException.ThrowIfNull(vectors);
            if (vectors.Count == 0)
            {
                throw new ArgumentException("a successful answer carries at least one vector", nameof(vectors));
            }

            return new AuthenticationInfoResult(AuthenticationInfoStatus.Ok, vectors, resynchronized);
        }

        /// <summary>A failed answer.</summary>
        public static AuthenticationInfoResult Failure(AuthenticationInfoStatus status)
        {
            if (status == AuthenticationInfoStatus.Ok)
            {
                throw new ArgumentOutOfRangeException(nameof(status));
            }

            return new AuthenticationInfoResult(status, Array.Empty<RoamingVector>(), false);
        }

        /// <summary>Wipes every vector's secrets.</summary>
        public void ClearVectors()
        {
            foreach (RoamingVector vector in Vectors)
            {
                vector.Clear();
            }
        }
    }
}
