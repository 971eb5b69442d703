using System;
using System.Collections.Generic;
using M2MDevice.At;
using M2MDevice.Firmware.Modem;

namespace M2MDevice.Firmware.Tests.Modem
{
    /// <summary>An AtChannel wired to a ScriptedModem and a recorder of every completion and URC.</summary>
    public sealed class ChannelHarness : IAtUrcHandler, IAtCommandHandler
    {
        public ChannelHarness(Chunking chunking, int seed, int queueCapacity = 8, int maxLineLength = AtChannel.DefaultMaxLineLength)
        {
            Modem = new ScriptedModem(chunking, seed);
            Channel = new AtChannel(Modem, this, queueCapacity, maxLineLength);
        }

        public ScriptedModem Modem { get; }

        public AtChannel Channel { get; }

        public List<string> Log { get; } = new List<string>();

        /// <summary>Optional hook for URCs (e.g. a RemoteSimResponder); true when it consumed the line.</summary>
        public Func<byte[], int, int, bool> UrcFilter { get; set; }

        public AtCommand Command(string text, string prefix = null, int timeout = 1000)
        {
            var command = new AtCommand();
            command.Begin(prefix, timeout).Append(text);
            command.Handler = this;
            return command;
        }

        public AtSendResult Send(AtCommand command) => Channel.Send(command);

        public AtCommand Send(string text, string prefix = null, int timeout = 1000)
        {
            AtCommand command = Command(text, prefix, timeout);
            Channel.Send(command);
            return command;
        }

        public void Pump() => Modem.Pump(Channel);

        public void OnUnsolicited(byte[] line, int offset, int count)
        {
            if (UrcFilter != null && UrcFilter(line, offset, count))
            {
                Log.Add("SIM " + AtAscii.GetString(line, offset, count));
                return;
            }

            Log.Add("URC " + AtAscii.GetString(line, offset, count));
        }

        public void OnCompleted(AtCommand command)
        {
            var lines = new List<string>();
            for (int i = 0; i < command.ResponseLineCount; i++)
            {
                lines.Add(command.GetResponseLineText(i));
            }

            Log.Add("DONE " + command.Text + " " + command.Result + " " + command.ErrorNumber + " [" + string.Join("|", lines) + "]");
        }
    }
}
