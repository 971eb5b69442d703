using System;
using System.IO;
using M2MDevice.Firmware.Hal;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// <see cref="IFlash"/> over a fixed-size file on the ESP32's internal drive I:\ (System.IO.FileSystem).
    /// NOR semantics are emulated exactly at the API: a new file reads all 0xFF; <see cref="EraseSector"/>
    /// writes 0xFF over the sector; <see cref="Program"/> reads the bytes, refuses to set any bit (like
    /// SimulatedFlash), and writes old AND new back, then flushes.
    /// <para>
    /// Difference from raw NOR, under power loss: the key store's analysis (docs/keystore-format.md 4.2)
    /// assumes a cut tears at most the bytes being programmed. Here a cut happens inside the file system
    /// driver of the I:\ drive, which may lose the whole write, or (ESP-IDF documents this for SPIFFS)
    /// corrupt the file system. The MAC and two-slot layout still reject torn or stale records, but a
    /// damaged file system is outside what the key store can repair. Production boards should give the key
    /// store a raw flash partition through a native driver (docs/board.md).
    /// </para>
    /// </summary>
    public sealed class FileFlash : IFlash, IDisposable
    {
        private readonly string path;
        private readonly int sectorSize;
        private readonly int pageSize;
        private readonly int size;
        private readonly byte[] erased;
        private readonly byte[] scratch;
        private FileStream stream;

        /// <summary>Describes the file; <see cref="Open"/> creates or opens it.</summary>
        public FileFlash(string path, int sectorSize, int sectorCount, int pageSize)
        {
            if (path == null || sectorSize <= 0 || sectorCount <= 0 || pageSize <= 0 || sectorSize % pageSize != 0)
            {
                throw new ArgumentException("invalid flash geometry");
            }

            this.path = path;
            this.sectorSize = sectorSize;
            this.pageSize = pageSize;
            size = sectorSize * sectorCount;
            erased = new byte[sectorSize];
            scratch = new byte[sectorSize];
            for (int i = 0; i < sectorSize; i++)
            {
                erased[i] = 0xFF;
            }
        }

        /// <inheritdoc />
        public int PageSize => pageSize;

        /// <inheritdoc />
        public int SectorSize => sectorSize;

        /// <inheritdoc />
        public int Size => size;

        /// <summary>
        /// Opens the file, creating it fully erased when absent. A file of another size is refused
        /// (InvalidOperationException): it belongs to another layout and must not be reinterpreted.
        /// </summary>
        public void Open()
        {
            if (stream != null)
            {
                throw new InvalidOperationException("already open");
            }

            bool exists = File.Exists(path);
            stream = new FileStream(path, exists ? FileMode.Open : FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            if (!exists)
            {
                for (int at = 0; at < size; at += sectorSize)
                {
                    stream.Write(erased, 0, sectorSize);
                }

                stream.Flush();
            }
            else if (stream.Length != size)
            {
                stream.Dispose();
                stream = null;
                throw new InvalidOperationException("key store file has the wrong size");
            }
        }

        /// <inheritdoc />
        public void Read(int address, byte[] buffer, int offset, int count)
        {
            CheckRange(address, count);
            CheckBuffer(buffer, offset, count);
            ReadAt(address, buffer, offset, count);
        }

        /// <inheritdoc />
        public void EraseSector(int sectorIndex)
        {
            if (sectorIndex < 0 || (sectorIndex + 1) * sectorSize > size)
            {
                throw new ArgumentOutOfRangeException(nameof(sectorIndex));
            }

            stream.Seek(sectorIndex * sectorSize, SeekOrigin.Begin);
            stream.Write(erased, 0, sectorSize);
            stream.Flush();
        }

        /// <inheritdoc />
        public void Program(int address, byte[] data, int offset, int count)
        {
            CheckRange(address, count);
            CheckBuffer(data, offset, count);

            // First pass: NOR cannot set a bit without an erase; refuse before writing anything.
            for (int done = 0; done < count; done += scratch.Length)
            {
                int chunk = count - done < scratch.Length ? count - done : scratch.Length;
                ReadAt(address + done, scratch, 0, chunk);
                for (int i = 0; i < chunk; i++)
                {
                    if ((data[offset + done + i] & ~scratch[i] & 0xFF) != 0)
                    {
                        throw new InvalidOperationException("program would set bits at address " + (address + done + i).ToString());
                    }
                }
            }

            // Second pass: stored AND new (equal to new after the check, kept for NOR fidelity).
            for (int done = 0; done < count; done += scratch.Length)
            {
                int chunk = count - done < scratch.Length ? count - done : scratch.Length;
                ReadAt(address + done, scratch, 0, chunk);
                for (int i = 0; i < chunk; i++)
                {
                    scratch[i] = (byte)(scratch[i] & data[offset + done + i]);
                }

                stream.Seek(address + done, SeekOrigin.Begin);
                stream.Write(scratch, 0, chunk);
            }

            stream.Flush();
        }

        /// <summary>Closes the file.</summary>
        public void Dispose()
        {
            if (stream != null)
            {
                stream.Dispose();
                stream = null;
            }
        }

        private void ReadAt(int address, byte[] buffer, int offset, int count)
        {
            stream.Seek(address, SeekOrigin.Begin);
            int done = 0;
            while (done < count)
            {
                int read = stream.Read(buffer, offset + done, count - done);
                if (read <= 0)
                {
                    throw new IOException("key store file ended early");
                }

                done += read;
            }
        }

        private void CheckRange(int address, int count)
        {
            if (stream == null)
            {
                throw new InvalidOperationException("not open");
            }

            if (address < 0 || count < 0 || address + count > size)
            {
                throw new ArgumentOutOfRangeException(nameof(address));
            }
        }

        private static void CheckBuffer(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(buffer));
            }
        }
    }
}
