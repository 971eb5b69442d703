using System.Threading;
using System.Threading.Tasks;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// A SIM card as the modem's SIM interface sees it (ISO/IEC 7816-3 activation, T=0 APDU exchange): the
    /// emulated inserted card (<see cref="InsertedSimCard"/>) or the device's soft USIM over the remote-SIM
    /// channel (docs/remote-sim.md). One exchange at a time; callers serialise.
    /// </summary>
    public interface ISimCard
    {
        /// <summary>Powers the card on (coldStart) or resets it; Ok carries the ATR.</summary>
        Task<SimCardResponse> ResetAsync(bool coldStart, CancellationToken cancellationToken);

        /// <summary>Sends one C-APDU; Ok carries the R-APDU (data, SW1, SW2).</summary>
        Task<SimCardResponse> TransmitAsync(byte[] command, int offset, int count, CancellationToken cancellationToken);

        /// <summary>Powers the card off.</summary>
        Task PowerOffAsync(CancellationToken cancellationToken);
    }
}
