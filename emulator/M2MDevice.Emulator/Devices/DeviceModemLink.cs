using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using M2MDevice.Firmware.Device;
using M2MDevice.Firmware.Hal;

namespace M2MDevice.Emulator.Devices
{
    /// <summary>
    /// The in-process UART between one device's firmware core and its <see cref="Modem.EmulatedModem"/>: two pipes.
    /// The device side is sans-IO: <see cref="Write"/> (the core's <see cref="IByteSink"/>) never blocks, and received
    /// bytes are not pushed at the core but announced (<see cref="ArmRead"/>) so the device's worker thread pulls them
    /// (<see cref="Deliver"/>). The modem side is an ordinary duplex <see cref="ModemStream"/> its async server reads.
    /// </summary>
    public sealed class DeviceModemLink : IByteSink
    {
        private readonly Pipe toModem = new Pipe(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));

        // Inline reader scheduler: the "data ready" notice runs on the modem's writing thread and only posts to the worker.
        private readonly Pipe toDevice = new Pipe(new PipeOptions(readerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
        // Only for pipe segments not backed by an array (never with the default pool): made on first need, not per device.
        private byte[] scratch;
        private ValueTask<ReadResult> pendingRead;
        private bool readArmed;

        /// <summary>Creates a connected link.</summary>
        public DeviceModemLink()
        {
            this.ModemStream = new PipeDuplexStream(this.toModem.Reader, this.toDevice.Writer);
        }

        /// <summary>The modem's end (pass it to EmulatedModem.RunAsync).</summary>
        public Stream ModemStream { get; }

        /// <summary>Bytes the device wrote.</summary>
        public long BytesToModem { get; private set; }

        /// <summary>Bytes delivered to the device.</summary>
        public long BytesToDevice { get; private set; }

        /// <summary>The device writes (IByteSink): copied into the pipe at once, never blocks.</summary>
        public void Write(byte[] buffer, int offset, int count)
        {
            this.toModem.Writer.Write(buffer.AsSpan(offset, count));
            ValueTask<FlushResult> flush = this.toModem.Writer.FlushAsync();
            if (!flush.IsCompleted)
            {
                // Unreachable with pausing disabled; kept so a future option change cannot lose bytes silently.
                flush.AsTask().GetAwaiter().GetResult();
            }

            this.BytesToModem += count;
        }

        /// <summary>
        /// Starts waiting for modem output; ready runs (on whatever thread completes the wait) once bytes or the end of
        /// the stream are available. Then call <see cref="Deliver"/> from the device's thread. One wait at a time.
        /// </summary>
        public void ArmRead(Action ready)
        {
            ArgumentNullException.ThrowIfNull(ready);
            if (this.readArmed)
            {
                throw new InvalidOperationException("a read is already armed");
            }

            this.readArmed = true;
            this.pendingRead = this.toDevice.Reader.ReadAsync();
            if (this.pendingRead.IsCompleted)
            {
                ready();
                return;
            }

            this.pendingRead.GetAwaiter().UnsafeOnCompleted(ready);
        }

        /// <summary>
        /// Feeds the bytes of the completed wait into runtime (on the device's thread). False when the modem hung up
        /// (nothing more will come); true when <see cref="ArmRead"/> may wait again.
        /// </summary>
        public bool Deliver(DeviceRuntime runtime)
        {
            ArgumentNullException.ThrowIfNull(runtime);
            if (!this.readArmed || !this.pendingRead.IsCompleted)
            {
                throw new InvalidOperationException("no completed read to deliver");
            }

            this.readArmed = false;
            ReadResult result = this.pendingRead.GetAwaiter().GetResult();
            ReadOnlySequence<byte> buffer = result.Buffer;
            try
            {
                foreach (ReadOnlyMemory<byte> segment in buffer)
                {
                    this.BytesToDevice += segment.Length;
                    if (MemoryMarshal.TryGetArray(segment, out ArraySegment<byte> array))
                    {
                        runtime.Receive(array.Array, array.Offset, array.Count);
                        continue;
                    }

                    this.scratch ??= new byte[4096];
                    for (int done = 0; done < segment.Length; done += this.scratch.Length)
                    {
                        int count = Math.Min(this.scratch.Length, segment.Length - done);
                        segment.Span.Slice(done, count).CopyTo(this.scratch);
                        runtime.Receive(this.scratch, 0, count);
                    }
                }
            }
            finally
            {
                this.toDevice.Reader.AdvanceTo(buffer.End);
            }

            return !result.IsCompleted && !result.IsCanceled;
        }

        /// <summary>The modem stopped: the device reads the end of the stream.</summary>
        public void CompleteFromModem(Exception error)
        {
            this.toDevice.Writer.Complete(error);
        }

        /// <summary>The device is gone: the modem reads the end of the stream.</summary>
        public void CompleteFromDevice()
        {
            this.toModem.Writer.Complete();
        }
    }
}
