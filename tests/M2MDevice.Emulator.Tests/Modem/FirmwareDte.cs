using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using M2MDevice.At;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Emulator.Tests.Modem
{
    /// <summary>
    /// The real firmware AT stack as the DTE: firmware/Modem AtChannel and RemoteSimResponder serving a
    /// SoftUsim over its own DeviceKeyStore, driven from one pump thread (the firmware core is single-threaded:
    /// every call into it holds one lock). URCs the responder does not take are queued for the test.
    /// </summary>
    internal sealed class FirmwareDte : IAtUrcHandler, IAtCommandHandler, IByteSink, IAsyncDisposable
    {
        private readonly object gate = new object();
        private readonly Stream stream;
        private readonly Dictionary<AtCommand, TaskCompletionSource<AtCommand>> waiting = new Dictionary<AtCommand, TaskCompletionSource<AtCommand>>();
        private readonly Channel<string> urcs = System.Threading.Channels.Channel.CreateUnbounded<string>();
        private readonly CancellationTokenSource stop = new CancellationTokenSource();
        private readonly Task pump;

        public FirmwareDte(Stream stream, UsimProfile profile)
        {
            this.stream = stream;
            var flash = new SimulatedFlash(4096, 16, 256, 3);
            Store = new DeviceKeyStore(flash, 2, ModemTestKit.StorageKeys());
            Store.Mount();
            byte[] image = ManufactureImage.Encode(ModemTestKit.Image(profile), ModemTestKit.StorageKeys(), new byte[8]);
            Assert.Equal(KeyStoreResult.Ok, Store.LoadManufactureImage(image, 0, image.Length, out _));
            Assert.True(Store.TryGetProfile(Store.ActiveIdentity, out UsimProfile stored));
            Usim = new SoftUsim(Store, Store.ActiveIdentity, stored);
            Card = new SoftUsimCard(Usim);
            Channel = new AtChannel(this, this);
            Responder = new RemoteSimResponder(Channel, Card);
            pump = Task.Run(PumpAsync);
        }

        public DeviceKeyStore Store { get; }

        public SoftUsim Usim { get; }

        public SoftUsimCard Card { get; }

        public AtChannel Channel { get; }

        public RemoteSimResponder Responder { get; }

        /// <summary>Sends a command through the firmware channel and waits for its completion.</summary>
        public async Task<AtCommand> SendAsync(string text, string responsePrefix = null)
        {
            var command = new AtCommand();
            command.Begin(responsePrefix, 30000).Append(text);
            command.Handler = this;
            var completion = new TaskCompletionSource<AtCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gate)
            {
                waiting[command] = completion;
                AtSendResult sent = Channel.Send(command);
                Assert.True(sent == AtSendResult.Started || sent == AtSendResult.Queued, "channel refused " + sent);
            }

            return await completion.Task.WaitAsync(RawAtClient.Timeout);
        }

        /// <summary>The next URC not consumed by the remote-SIM responder.</summary>
        public async Task<string> NextUrcAsync()
        {
            using var timeout = new CancellationTokenSource(RawAtClient.Timeout);
            return await urcs.Reader.ReadAsync(timeout.Token);
        }

        public async Task<string> WaitForUrcAsync(Func<string, bool> match)
        {
            while (true)
            {
                string urc = await NextUrcAsync();
                if (match(urc))
                {
                    return urc;
                }
            }
        }

        public void OnUnsolicited(byte[] line, int offset, int count)
        {
            if (Responder.TryHandleUnsolicited(line, offset, count))
            {
                return;
            }

            urcs.Writer.TryWrite(AtAscii.GetString(line, offset, count));
        }

        public void OnCompleted(AtCommand command)
        {
            if (waiting.Remove(command, out TaskCompletionSource<AtCommand> completion))
            {
                completion.TrySetResult(command);
            }
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            stream.Write(buffer, offset, count);
        }

        public async ValueTask DisposeAsync()
        {
            stop.Cancel();
            try
            {
                await pump;
            }
            catch (OperationCanceledException)
            {
                // stopped
            }
        }

        private async Task PumpAsync()
        {
            byte[] buffer = new byte[512];
            try
            {
                while (true)
                {
                    int read = await stream.ReadAsync(buffer, stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    lock (gate)
                    {
                        Channel.Receive(buffer, 0, read);
                    }
                }
            }
            catch (IOException)
            {
                // hung up
            }
        }

        /// <summary>The firmware's soft USIM behind the firmware's remote-SIM card interface.</summary>
        internal sealed class SoftUsimCard : IRemoteSimCard
        {
            private readonly SoftUsim usim;

            public SoftUsimCard(SoftUsim usim)
            {
                this.usim = usim;
            }

            public int Processed { get; private set; }

            public bool Reset(bool coldStart, out byte[] answerToReset)
            {
                answerToReset = coldStart ? usim.Init() : usim.Reset();
                return true;
            }

            public int Process(byte[] command, int offset, int count, byte[] response, int responseOffset)
            {
                if (!usim.IsPowered)
                {
                    return 0;
                }

                Processed++;
                return usim.Process(command, offset, count, response, responseOffset);
            }

            public void PowerOff()
            {
                usim.Deinit();
            }
        }
    }
}
