namespace M2MDevice.Firmware.Modem
{
    /// <summary>
    /// The <see cref="IAtUrcHandler"/> that hands each unsolicited line to its owner: remote-SIM requests to
    /// the <see cref="RemoteSimResponder"/>, registration reports to the <see cref="CellularStateMachine"/>,
    /// +HTTPACTION to the <see cref="ModemHttpsTransport"/>. The owners are set after construction (they need
    /// the channel, the channel needs this router). Lines nobody takes are counted.
    /// </summary>
    public sealed class ModemUrcRouter : IAtUrcHandler
    {
        /// <summary>Remote-SIM responder, or null.</summary>
        public RemoteSimResponder RemoteSim { get; set; }

        /// <summary>Cellular state machine, or null.</summary>
        public CellularStateMachine Cellular { get; set; }

        /// <summary>HTTPS transport, or null.</summary>
        public ModemHttpsTransport Transport { get; set; }

        /// <summary>Lines no owner took.</summary>
        public int UnhandledCount { get; private set; }

        /// <inheritdoc />
        public void OnUnsolicited(byte[] line, int offset, int count)
        {
            if (RemoteSim != null && RemoteSim.TryHandleUnsolicited(line, offset, count))
            {
                return;
            }

            if (Cellular != null && Cellular.TryHandleUnsolicited(line, offset, count))
            {
                return;
            }

            if (Transport != null && Transport.TryHandleUnsolicited(line, offset, count))
            {
                return;
            }

            UnhandledCount++;
        }
    }
}
