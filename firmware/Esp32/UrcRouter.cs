using M2MDevice.Firmware.Modem;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// The AT channel's URC handler on the board: remote-SIM requests go to the
    /// <see cref="RemoteSimResponder"/> (set after construction: the responder needs the channel, the
    /// channel needs this router); other lines are counted for diagnostics until the provisioning core
    /// takes them.
    /// </summary>
    public sealed class UrcRouter : IAtUrcHandler
    {
        /// <summary>Handler of remote-SIM URCs; null until wired.</summary>
        public RemoteSimResponder RemoteSim { get; set; }

        /// <summary>Lines no handler took.</summary>
        public int UnhandledCount { get; private set; }

        /// <inheritdoc />
        public void OnUnsolicited(byte[] line, int offset, int count)
        {
            if (RemoteSim != null && RemoteSim.TryHandleUnsolicited(line, offset, count))
            {
                return;
            }

            UnhandledCount++;
        }
    }
}
