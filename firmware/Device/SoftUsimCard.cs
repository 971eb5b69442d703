using System;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Firmware.Device
{
    /// <summary>
    /// The soft USIM as the modem's remote card (<see cref="IRemoteSimCard"/>, docs/remote-sim.md): INIT is a cold
    /// start (<see cref="SoftUsim.Init"/>), RESET a warm reset (<see cref="SoftUsim.Reset"/>), DEINIT
    /// <see cref="SoftUsim.Deinit"/>; an APDU while the card is off is answered 0 (the responder then reports
    /// "card not powered"). The card applies a pending identity switch at INIT/RESET.
    /// </summary>
    public sealed class SoftUsimCard : IRemoteSimCard
    {
        private readonly SoftUsim usim;

        /// <summary>Serves usim to the modem.</summary>
        public SoftUsimCard(SoftUsim usim)
        {
            if (usim == null)
            {
                throw new ArgumentNullException(nameof(usim));
            }

            this.usim = usim;
        }

        /// <summary>Cold starts (INIT) since construction.</summary>
        public int ColdStarts { get; private set; }

        /// <summary>Warm resets (RESET) since construction.</summary>
        public int WarmResets { get; private set; }

        /// <summary>APDUs refused because the card was off.</summary>
        public int UnpoweredCommands { get; private set; }

        /// <inheritdoc />
        public bool Reset(bool coldStart, out byte[] answerToReset)
        {
            // TS 102 221 6.2 / 6.4: both resets rebuild the session from the store; only the counters differ.
            if (coldStart)
            {
                ColdStarts++;
                answerToReset = usim.Init();
            }
            else
            {
                WarmResets++;
                answerToReset = usim.Reset();
            }

            return answerToReset != null;
        }

        /// <inheritdoc />
        public int Process(byte[] command, int offset, int count, byte[] response, int responseOffset)
        {
            if (!usim.IsPowered)
            {
                UnpoweredCommands++;
                return 0;
            }

            return usim.Process(command, offset, count, response, responseOffset);
        }

        /// <inheritdoc />
        public void PowerOff()
        {
            usim.Deinit();
        }
    }
}
