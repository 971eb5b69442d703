using System;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// An in-process serial line: two connected duplex streams. What one end writes, the other reads, in
    /// order; disposing an end is a hang-up (the peer reads end of stream). Used to run the real firmware
    /// against an <see cref="EmulatedModem"/> without sockets.
    /// </summary>
    public sealed class DuplexPipe : IDisposable
    {
        /// <summary>Creates a connected pair.</summary>
        public DuplexPipe()
        {
            var toModem = new Pipe(new PipeOptions(useSynchronizationContext: false));
            var toDevice = new Pipe(new PipeOptions(useSynchronizationContext: false));
            DeviceEnd = new PipeEndStream(toDevice.Reader, toModem.Writer);
            ModemEnd = new PipeEndStream(toModem.Reader, toDevice.Writer);
        }

        /// <summary>The DTE (device) side.</summary>
        public Stream DeviceEnd { get; }

        /// <summary>The DCE (modem) side.</summary>
        public Stream ModemEnd { get; }

        /// <summary>Hangs up both ends.</summary>
        public void Dispose()
        {
            DeviceEnd.Dispose();
            ModemEnd.Dispose();
        }

        private sealed class PipeEndStream : SerialLineStream
        {
            private readonly PipeReader reader;
            private readonly PipeWriter writer;
            private readonly Stream input;
            private readonly Stream outputStream;

            public PipeEndStream(PipeReader reader, PipeWriter writer)
            {
                this.reader = reader;
                this.writer = writer;
                input = reader.AsStream(leaveOpen: true);
                outputStream = writer.AsStream(leaveOpen: true);
            }

            public override void Flush() => outputStream.Flush();

            public override Task FlushAsync(CancellationToken cancellationToken) => outputStream.FlushAsync(cancellationToken);

            public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => input.ReadAsync(buffer, cancellationToken);

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => input.ReadAsync(buffer, offset, count, cancellationToken);

            public override void Write(byte[] buffer, int offset, int count)
            {
                outputStream.Write(buffer, offset, count);
                outputStream.Flush();
            }

            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                await outputStream.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                await outputStream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    writer.Complete();
                    reader.Complete();
                }

                base.Dispose(disposing);
            }
        }
    }
}
