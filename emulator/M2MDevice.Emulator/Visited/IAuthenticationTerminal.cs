using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;

namespace M2MDevice.Emulator.Visited
{
    /// <summary>
    /// The UE side of the AKA the visited operator runs: the modem forwards RAND and AUTN to its USIM
    /// (AUTHENTICATE, TS 31.102 7.1.2) and returns the parsed answer. Narrow on purpose.
    /// </summary>
    public interface IAuthenticationTerminal
    {
        /// <summary>
        /// Runs AUTHENTICATE in the 3G context. Returns the parsed response (RES/CK/IK, AUTS, or an error status
        /// word such as '9862' MAC failure), or null when the SIM did not answer (removed, timeout, card error).
        /// The caller clears the response after use.
        /// </summary>
        Task<AuthenticateResponse> AuthenticateAsync(byte[] rand, byte[] autn, CancellationToken cancellationToken);
    }
}
