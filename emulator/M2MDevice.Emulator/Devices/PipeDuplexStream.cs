using System;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Modem;

namespace M2MDevice.Emulator.Devices
{
    /// <summary>The modem's end of a <see cref="DeviceModemLink"/>: reads what the device wrote, writes to the device.</summary>
    internal sealed class PipeDuplexStream : SerialLineStream
    {
        private readonly Stream input;
        private readonly Stream output;

        public PipeDuplexStream(PipeReader reader, PipeWriter writer)
        {
            input = reader.AsStream(leaveOpen: true);
            output = writer.AsStream(leaveOpen: true);
        }

        public override void Flush() => output.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => input.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => input.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count)
        {
            output.Write(buffer, offset, count);
            output.Flush();
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await output.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
