using System.Threading;
using System.Threading.Tasks;

namespace M2MDevice.Emulator.Visited
{
    /// <summary>
    /// Where a visited operator gets authentication vectors for an IMSI: the Registration Service for PIMSIs
    /// (<see cref="RsRoamingClient"/>), a home operator's AuC for operational IMSIs, or a local AuC in tests.
    /// SendAuthenticationInfo of ARCHITECTURE 3.2 / TS 29.002: count vectors, or, with rand and auts (the
    /// RAND the USIM answered with AUTS), re-synchronise SQN first (TS 33.102 6.3.5).
    /// </summary>
    public interface IAuthenticationVectorSource
    {
        /// <summary>
        /// Requests count (1..5) vectors for imsi; rand and auts both null, or both given for a resync.
        /// Never throws for a refusal or a network failure: those are statuses.
        /// </summary>
        Task<AuthenticationInfoResult> SendAuthenticationInfoAsync(string imsi, int count, byte[] rand, byte[] auts, CancellationToken cancellationToken);
    }
}
