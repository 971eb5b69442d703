using M2MDevice.At;

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

        /// <summary>SIMCom A76xx: the line a module sends once it has powered up (or restarted) and takes commands.</summary>
        public const string ModemReadyLine = "RDY";

        /// <summary>Lines no owner took.</summary>
        public int UnhandledCount { get; private set; }

        /// <summary>RDY lines seen (the modem's power-up included).</summary>
        public int ModemReadyCount { get; private set; }

        /// <inheritdoc />
        public void OnUnsolicited(byte[] line, int offset, int count)
        {
            if (AtAscii.EqualsText(line, offset, count, ModemReadyLine))
            {
                // A restarted modem holds neither the certificates uploaded nor anything the cellular machine set up.
                ModemReadyCount++;
                if (Transport != null)
                {
                    Transport.ForgetUploadedCertificates();
                }

                if (Cellular != null)
                {
                    Cellular.OnModemRestarted();
                }

                return;
            }

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
