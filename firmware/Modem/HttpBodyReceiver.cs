using System;
using M2MDevice.At;

namespace M2MDevice.Firmware.Modem
{
    /// <summary>
    /// Collects the body bytes of AT+HTTPREAD into a preallocated buffer: recognises the data headers
    /// "+HTTPREAD: &lt;len&gt;" / "+HTTPREAD: DATA,&lt;len&gt;" and takes the raw bytes that follow. Bytes beyond
    /// the capacity are counted in <see cref="OverflowCount"/>, not stored.
    /// </summary>
    public sealed class HttpBodyReceiver : IAtDataReceiver
    {
        private readonly byte[] buffer;
        private readonly AtReader reader = new AtReader();

        /// <summary>Creates a receiver holding up to capacity body bytes.</summary>
        public HttpBodyReceiver(int capacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity));
            }

            buffer = new byte[capacity];
        }

        /// <summary>The body bytes received, from index 0.</summary>
        public byte[] Buffer => buffer;

        /// <summary>Number of bytes stored.</summary>
        public int Length { get; private set; }

        /// <summary>Total bytes announced by data headers since <see cref="Clear"/>.</summary>
        public int AnnouncedLength { get; private set; }

        /// <summary>Bytes that did not fit.</summary>
        public int OverflowCount { get; private set; }

        /// <summary>Forgets the bytes received.</summary>
        public void Clear()
        {
            Length = 0;
            AnnouncedLength = 0;
            OverflowCount = 0;
        }

        /// <inheritdoc />
        public bool TryGetDataLength(byte[] line, int offset, int count, out int length)
        {
            reader.Reset(line, offset, count);
            if (!HttpCommands.TryParseReadHeader(reader, out length))
            {
                return false;
            }

            AnnouncedLength += length;
            return true;
        }

        /// <inheritdoc />
        public void OnData(byte[] data, int offset, int count)
        {
            int room = buffer.Length - Length;
            int take = count < room ? count : room;
            Array.Copy(data, offset, buffer, Length, take);
            Length += take;
            OverflowCount += count - take;
        }
    }
}
