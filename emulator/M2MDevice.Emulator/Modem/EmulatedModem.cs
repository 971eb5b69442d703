using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.At;
using M2MDevice.Emulator.Radio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// The emulated cellular modem (DCE) of one device: an AT command server over a duplex byte stream
    /// (ARCHITECTURE 3.1; docs/emulator-modem.md). V.250 command lines, echo, S3/S4, verbose or numeric
    /// results, +CME ERROR per AT+CMEE (TS 27.007 9.1-9.2); the TS 27.007 subset of ARCHITECTURE 3.1; the SIM
    /// slot (inserted <see cref="InsertedSimCard"/> or the device's soft USIM over +M2MSIM); registration at
    /// the operators of a <see cref="RadioEnvironment"/>; SIMCom A76xx certificates, SSL contexts and HTTP(S)
    /// with real TLS. A command's final result never waits for the SIM: SIM power-on and registration run in
    /// the background and report by URC (docs/remote-sim.md). One lock orders command handling, background
    /// state changes and everything written, so URCs never split a response.
    /// </summary>
    public sealed partial class EmulatedModem : IAsyncDisposable
    {
        private readonly ModemOptions options;
        private readonly RadioEnvironment radio;
        private readonly ISimCard insertedCard;
        private readonly ILogger logger;
        private readonly SemaphoreSlim stateLock = new SemaphoreSlim(1, 1);
        private readonly AtLineAssembler assembler;
        private readonly AtReader reader = new AtReader();
        // Longest formatted line: +CSIM/+CRSM with a 256-byte answer in hex (about 540 characters); issue 8: 2 KiB, not 8, per modem.
        private readonly AtWriter scratch = new AtWriter(2048);
        private readonly MemoryStream output = new MemoryStream();
        private readonly MemoryStream deferredUrcs = new MemoryStream();
        private bool handlingCommand;
        private readonly RemoteSimCard remoteCard;
        private readonly ModemHttpClient httpClient;
        private readonly CancellationTokenSource lifetime = new CancellationTokenSource();
        private Stream stream;
        private int started;

        // V.250 6.2 / TS 27.007 9.1 settings.
        private bool echo = true;
        private bool verbose = true;
        private bool quiet;
        private int errorMode;

        /// <summary>Creates a modem. insertedCard may be null (empty slot). No I/O until <see cref="RunAsync"/>.</summary>
        public EmulatedModem(ModemOptions options, RadioEnvironment radio, ISimCard insertedCard)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(radio);
            options.Validate();
            this.options = options;
            this.radio = radio;
            this.insertedCard = insertedCard;
            logger = options.LoggerFactory?.CreateLogger<EmulatedModem>() ?? (ILogger)NullLogger.Instance;
            assembler = new AtLineAssembler(options.MaxLineLength, false);
            remoteCard = new RemoteSimCard(EmitUrcAsync, options.RemoteSimTimeout, options.Clock, lifetime.Token, logger);
            httpClient = new ModemHttpClient(options.Clock, options.AllowUnverifiedTls, options.MaxHttpResponseBytes);
            functionality = options.InitialFunctionality;
            slot = options.InitialSlot;
            simState = SimState.Off;
        }

        /// <summary>The SIM state (+CPIN?).</summary>
        public SimState SimState => simState;

        /// <summary>What was read from the SIM at its last power-on (null before).</summary>
        public SimCardInfo SimInfo => simInfo;

        /// <summary>The slot in use.</summary>
        public SimSlot Slot => slot;

        /// <summary>Registration status (+CREG/+CGREG/+CEREG &lt;stat&gt;).</summary>
        public RegistrationStatus RegistrationStatus => registrationStatus;

        /// <summary>The operator the modem is registered with, or null.</summary>
        public CellOperator ServingOperator => servingOperator;

        /// <summary>Remote-SIM requests the device did not answer within <see cref="ModemOptions.RemoteSimTimeout"/>.</summary>
        public int RemoteSimTimeouts => remoteCard.TimedOutRequests;

        /// <summary>
        /// Remote-SIM requests whose modem operation (power-on, registration) was cancelled while the device had them;
        /// each stayed outstanding until the device answered it (docs/remote-sim.md: one request outstanding).
        /// </summary>
        public int RemoteSimAbandonedRequests => remoteCard.AbandonedRequests;

        /// <summary>
        /// Serves the AT command stream until it ends (end of stream or cancellation). Call once; the stream
        /// is the caller's (not disposed here).
        /// </summary>
        public async Task RunAsync(Stream duplex, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(duplex);
            if (Interlocked.Exchange(ref started, 1) != 0)
            {
                throw new InvalidOperationException("a modem serves one stream");
            }

            stream = duplex;
            using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.Token);
            CancellationToken token = linked.Token;
            await stateLock.WaitAsync(token).ConfigureAwait(false);
            try
            {
                if (functionality == 1)
                {
                    StartSimPowerOn();
                }
            }
            finally
            {
                stateLock.Release();
            }

            // The line assembler is incremental, so a small read buffer only means more reads (issue 8: per modem, for its life).
            byte[] buffer = new byte[1024];
            try
            {
                while (!token.IsCancellationRequested)
                {
                    int read = await duplex.ReadAsync(buffer, token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    await ConsumeAsync(buffer, read, token).ConfigureAwait(false);
                    Array.Clear(buffer, 0, read); // remote-SIM answers carry RES, CK and IK
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Stopped by the owner.
            }
            catch (IOException exception)
            {
                logger.LogInformation("AT stream closed: {Message}", exception.Message);
            }
            finally
            {
                lifetime.Cancel();
            }
        }

        /// <summary>Stops background work (registration, SIM, HTTP).</summary>
        public ValueTask DisposeAsync()
        {
            lifetime.Cancel();
            return ValueTask.CompletedTask;
        }

        private async Task ConsumeAsync(byte[] buffer, int count, CancellationToken token)
        {
            int offset = 0;
            while (offset < count)
            {
                int used = assembler.Advance(buffer, offset, count - offset);
                switch (assembler.Token)
                {
                    case AtTokenKind.Line:
                    case AtTokenKind.Echo:
                        byte[] line = assembler.LineBuffer.AsSpan(0, assembler.LineLength).ToArray();
                        await HandleLineAsync(line, token).ConfigureAwait(false);
                        Array.Clear(line); // a command line may carry an R-APDU with keys
                        break;
                    case AtTokenKind.Data:
                        await HandleDataAsync(buffer, assembler.DataOffset, assembler.DataCount, token).ConfigureAwait(false);
                        break;
                    case AtTokenKind.Overflow:
                        await LockedAsync(() => WriteFinal(AtResultCode.Error, 0), token).ConfigureAwait(false);
                        break;
                    default:
                        break;
                }

                offset += used;
            }
        }

        private async Task HandleLineAsync(byte[] line, CancellationToken token)
        {
            await stateLock.WaitAsync(token).ConfigureAwait(false);
            try
            {
                if (echo)
                {
                    // V.250 6.2.4: E1 echoes the characters received, including the terminator.
                    output.Write(line);
                    output.WriteByte(assembler.LineTerminator);
                }

                handlingCommand = true;
                try
                {
                    await ExecuteLineAsync(line, token).ConfigureAwait(false);
                }
                finally
                {
                    EndCommand();
                }

                await FlushAsync(token).ConfigureAwait(false);
            }
            finally
            {
                stateLock.Release();
            }
        }

        /// <summary>URCs raised while a command ran follow its final result (TS 27.007 3: no URC inside a response).</summary>
        private void EndCommand()
        {
            handlingCommand = false;
            if (deferredUrcs.Length > 0)
            {
                deferredUrcs.WriteTo(output);
                deferredUrcs.SetLength(0);
            }
        }

        /// <summary>Runs action under the state lock and writes what it produced.</summary>
        private async Task LockedAsync(Action action, CancellationToken token)
        {
            await stateLock.WaitAsync(token).ConfigureAwait(false);
            try
            {
                action();
                await FlushAsync(token).ConfigureAwait(false);
            }
            finally
            {
                stateLock.Release();
            }
        }

        /// <summary>Writes one URC (remote-SIM requests come through here).</summary>
        private Task EmitUrcAsync(string line, CancellationToken token)
        {
            return LockedAsync(() => Urc(line), token);
        }

        /// <summary>An unsolicited result code: at once, or after the final result of the command being handled.</summary>
        private void Urc(string text)
        {
            if (!handlingCommand)
            {
                Info(text);
                return;
            }

            long mark = output.Length;
            Info(text);
            output.Position = mark;
            output.CopyTo(deferredUrcs);
            output.SetLength(mark);
        }

        /// <summary>
        /// Cancels (when cancel) and disposes a linked source and clears the field. A linked source stays registered with
        /// <see cref="lifetime"/> until disposed, so without this every registration, SIM power-on and HTTP action left
        /// a registration behind for the modem's whole life (issue 8: about 20 per resident device). Work still holding
        /// the token sees it cancelled (or, for a finished action, never cancelled), as before.
        /// </summary>
        private static void ReleaseLinked(ref CancellationTokenSource source, bool cancel)
        {
            CancellationTokenSource old = source;
            source = null;
            if (old == null)
            {
                return;
            }

            if (cancel)
            {
                old.Cancel();
            }

            old.Dispose();
        }

        private async Task FlushAsync(CancellationToken token)
        {
            if (output.Length == 0 || stream == null)
            {
                output.SetLength(0);
                return;
            }

            byte[] bytes = output.ToArray();
            output.SetLength(0);
            if (output.Capacity > 1024)
            {
                // A large answer (AT+HTTPREAD) grew the buffer: give it back rather than keep it for the modem's life.
                Array.Clear(output.GetBuffer());
                output.Capacity = 256;
            }

            await stream.WriteAsync(bytes, token).ConfigureAwait(false);
            await stream.FlushAsync(token).ConfigureAwait(false);
            Array.Clear(bytes);
        }

        /// <summary>An information text or URC line (V.250 5.7.1: &lt;S3&gt;&lt;S4&gt;text&lt;S3&gt;&lt;S4&gt; with V1).</summary>
        private void Info(string text)
        {
            if (verbose)
            {
                output.WriteByte(assembler.LineTerminator);
                output.WriteByte(assembler.ResponseFormatting);
            }

            for (int i = 0; i < text.Length; i++)
            {
                output.WriteByte((byte)text[i]);
            }

            output.WriteByte(assembler.LineTerminator);
            output.WriteByte(assembler.ResponseFormatting);
        }

        private void InfoFromScratch()
        {
            Info(scratch.ToString());
        }

        /// <summary>Writes a final result code in the current format (V.250 6.2.5-6.2.6, TS 27.007 9.1).</summary>
        private void WriteFinal(AtResultCode code, int errorNumber)
        {
            if (quiet)
            {
                return; // V.250 6.2.5: Q1 suppresses result codes
            }

            if (code == AtResultCode.CmeError && errorMode == 0)
            {
                code = AtResultCode.Error;
            }

            if (!verbose && code != AtResultCode.CmeError)
            {
                // V.250 6.2.6 table 1: numeric codes, terminated by S3 alone.
                int number = code == AtResultCode.Ok ? 0 : code == AtResultCode.Connect ? 1 : code == AtResultCode.NoCarrier ? 3 : 4;
                output.WriteByte((byte)('0' + number));
                output.WriteByte(assembler.LineTerminator);
                return;
            }

            scratch.Clear();
            AtFinalResult.Format(scratch, code, errorNumber, errorMode == 2);
            InfoFromScratch();
        }
    }
}
