using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Modem;

namespace M2MDevice.Emulator.Faults
{
    /// <summary>
    /// The modem's end of one modem instance's UART in a <see cref="RebootableDevice"/>: reads what the device wrote
    /// (one pipe per modem instance, completed when that modem is replaced), writes into the device's inbound queue.
    /// </summary>
    internal sealed class ModemPort : SerialLineStream
    {
        private readonly Pipe fromDevice = new Pipe(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
        private readonly Stream input;
        private readonly ConcurrentQueue<byte[]> toDevice;
        private readonly AutoResetEvent arrived;

        public ModemPort(ConcurrentQueue<byte[]> toDevice, AutoResetEvent arrived)
        {
            this.toDevice = toDevice;
            this.arrived = arrived;
            this.input = this.fromDevice.Reader.AsStream(leaveOpen: true);
        }

        /// <summary>The device writes (its thread): never blocks.</summary>
        public void WriteFromDevice(byte[] buffer, int offset, int count)
        {
            this.fromDevice.Writer.Write(buffer.AsSpan(offset, count));
            ValueTask<FlushResult> flush = this.fromDevice.Writer.FlushAsync();
            if (!flush.IsCompleted)
            {
                flush.AsTask().GetAwaiter().GetResult(); // unreachable with pausing disabled
            }
        }

        /// <summary>The line is cut: the modem reads the end of its input.</summary>
        public void Hangup() => this.fromDevice.Writer.Complete();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => this.input.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => this.input.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => this.input.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count)
        {
            this.toDevice.Enqueue(buffer.AsSpan(offset, count).ToArray());
            this.arrived.Set();
        }
    }
}
