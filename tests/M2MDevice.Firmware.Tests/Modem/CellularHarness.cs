using System;
using System.Collections.Generic;
using M2MDevice.At;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Firmware.Tests.Modem
{
    /// <summary>
    /// The device's modem stack (channel, URC router, remote-SIM responder, cellular machine, HTTPS transport)
    /// wired to a <see cref="ScriptedModem"/>, with a deterministic clock and recorders for every outcome.
    /// </summary>
    public sealed class CellularHarness : ICellularNetworkListener, ISecureTransportListener, IModemLog, IModemPower
    {
        public const string Apn = "m2m.test";

        public CellularHarness(Chunking chunking, int seed, bool withPower = false, int maxResponseLength = 4096)
        {
            Modem = new ScriptedModem(chunking, seed);
            Router = new ModemUrcRouter();
            Channel = new AtChannel(Modem, Router, 4, AtChannel.DefaultMaxLineLength);
            Card = new FakeCard();
            RemoteSim = new RemoteSimResponder(Channel, Card);
            Cellular = new CellularStateMachine(Channel, this, withPower ? this : null, RemoteSim) { Listener = this };
            Transport = new ModemHttpsTransport(Channel, this, maxResponseLength) { Listener = this };
            Router.RemoteSim = RemoteSim;
            Router.Cellular = Cellular;
            Router.Transport = Transport;
        }

        public ScriptedModem Modem { get; }

        public ModemUrcRouter Router { get; }

        public AtChannel Channel { get; }

        public FakeCard Card { get; }

        public RemoteSimResponder RemoteSim { get; }

        public CellularStateMachine Cellular { get; }

        public ModemHttpsTransport Transport { get; }

        public long Now { get; private set; }

        /// <summary>Outcomes: "ATTACH result cause plmn", "DETACH", "LINKLOST", "POST result status hex" with their time.</summary>
        public List<string> Events { get; } = new List<string>();

        public List<string> LogLines { get; } = new List<string>();

        public List<string> PowerLines { get; } = new List<string>();

        public byte[] LastBody { get; private set; }

        public void Pump() => Modem.Pump(Channel);

        /// <summary>Advances the clock by ms in steps of tick, pumping the modem's output after each.</summary>
        public void Advance(long ms, int tick = 100)
        {
            for (long t = 0; t < ms; t += tick)
            {
                Now += tick;
                Modem.Now = Now;
                Channel.Tick(tick);
                Cellular.Tick(tick);
                Transport.Tick(tick);
                Pump();
            }
        }

        /// <summary>Advances until an outcome event beyond count arrives, or limit ms pass.</summary>
        public void RunUntilEvent(long limit, int tick = 100)
        {
            int count = Events.Count;
            Pump();
            long end = Now + limit;
            while (Events.Count == count && Now < end)
            {
                Advance(tick, tick);
            }
        }

        public void OnAttachCompleted(AttachResult result, int rejectCause, string plmn)
            => Events.Add($"ATTACH {result} {rejectCause} {plmn ?? "-"}");

        public void OnDetachCompleted() => Events.Add("DETACH");

        public void OnLinkLost() => Events.Add("LINKLOST");

        public void OnPostCompleted(TransportResult result, int httpStatus, byte[] body, int offset, int count)
        {
            LastBody = body.AsSpan(offset, count).ToArray();
            Events.Add($"POST {result} {httpStatus} {Convert.ToHexString(LastBody)}");
        }

        public void Log(ModemLogLevel level, string text) => LogLines.Add(level + " " + text);

        public void SetSupply(bool on) => PowerLines.Add($"{Now} supply {on}");

        public void SetPowerKey(bool pressed) => PowerLines.Add($"{Now} key {pressed}");

        /// <summary>A registration URC line as the DCE writes it (mode 3, with location and cause).</summary>
        public static string Registration(RegistrationKind kind, RegistrationStatus status, int cause = -1)
        {
            var writer = new AtWriter(128);
            NetworkServiceCommands.FormatRegistrationUrc(writer, kind, 3, status, 0x1234, 0x0001ABCD, 7, cause);
            return writer.ToString();
        }

        /// <summary>A soft USIM stand-in: answers AUTHENTICATE with a fixed status word, everything else 9000.</summary>
        public sealed class FakeCard : IRemoteSimCard
        {
            public byte[] AuthenticateAnswer { get; set; } = { 0x98, 0x62 };

            public byte[] GetResponseAnswer { get; set; } = { 0x90, 0x00 };

            public bool Reset(bool coldStart, out byte[] answerToReset)
            {
                answerToReset = new byte[] { 0x3B, 0x00 };
                return true;
            }

            public int Process(byte[] command, int offset, int count, byte[] response, int responseOffset)
            {
                byte instruction = command[offset + 1];
                byte[] answer = instruction == 0x88 ? AuthenticateAnswer : instruction == 0xC0 ? GetResponseAnswer : new byte[] { 0x90, 0x00 };
                Array.Copy(answer, 0, response, responseOffset, answer.Length);
                return answer.Length;
            }

            public void PowerOff()
            {
            }
        }
    }
}
