using System;
using M2MDevice.Firmware.Hal;

namespace M2MDevice.Emulator.Devices
{
    /// <summary>
    /// The flash of an <see cref="EmulatedDevice"/>: the same NOR semantics as <see cref="SimulatedFlash"/> (erase sets a
    /// sector to 0xFF, program only clears bits and setting a bit is a programming error) without its power-cut and wear
    /// instrumentation, storing each sector only up to its last programmed byte (in 64-byte steps): the key store appends
    /// records from the start of a sector, so a device holds a few hundred bytes per used sector instead of the whole
    /// 56 KiB region (issue 8: thousands of resident devices). An erased sector holds nothing. Not thread-safe (the
    /// device's worker thread only).
    /// </summary>
    public sealed class CompactFlash : IFlash
    {
        private const int Step = 64;
        private readonly byte[][] sectors;
        private readonly int sectorSize;
        private readonly int pageSize;

        /// <summary>Creates an erased flash of sectorCount sectors of sectorSize bytes (pageSize divides sectorSize).</summary>
        public CompactFlash(int sectorSize, int sectorCount, int pageSize)
        {
            if (sectorSize <= 0 || sectorCount <= 0 || pageSize <= 0 || sectorSize % pageSize != 0)
            {
                throw new ArgumentException("invalid flash geometry");
            }

            this.sectorSize = sectorSize;
            this.pageSize = pageSize;
            this.sectors = new byte[sectorCount][];
        }

        /// <inheritdoc />
        public int PageSize => this.pageSize;

        /// <inheritdoc />
        public int SectorSize => this.sectorSize;

        /// <inheritdoc />
        public int Size => this.sectorSize * this.sectors.Length;

        /// <summary>Number of sectors.</summary>
        public int SectorCount => this.sectors.Length;

        /// <summary>Bytes actually stored (the programmed prefix of every sector), for memory accounting.</summary>
        public int StoredBytes
        {
            get
            {
                int total = 0;
                foreach (byte[] sector in this.sectors)
                {
                    total += sector?.Length ?? 0;
                }

                return total;
            }
        }

        /// <summary>Copies the whole flash (erased bytes as 0xFF) into destination, as <see cref="SimulatedFlash.CopyTo"/>.</summary>
        public void CopyTo(byte[] destination)
        {
            ArgumentNullException.ThrowIfNull(destination);
            this.Read(0, destination, 0, this.Size);
        }

        /// <summary>Replaces the whole flash with source (a <see cref="CopyTo"/> image), as <see cref="SimulatedFlash.LoadFrom"/>.</summary>
        public void LoadFrom(byte[] source)
        {
            ArgumentNullException.ThrowIfNull(source);
            if (source.Length != this.Size)
            {
                throw new ArgumentException("size mismatch", nameof(source));
            }

            for (int index = 0; index < this.sectors.Length; index++)
            {
                // Keep only up to the last byte that is not erased.
                int start = index * this.sectorSize;
                int length = source.AsSpan(start, this.sectorSize).LastIndexOfAnyExcept((byte)0xFF) + 1;
                this.sectors[index] = null;
                if (length > 0)
                {
                    byte[] sector = this.Grow(index, length);
                    Array.Copy(source, start, sector, 0, length);
                }
            }
        }

        /// <inheritdoc />
        public void Read(int address, byte[] buffer, int offset, int count)
        {
            this.CheckRange(address, count);
            ArgumentNullException.ThrowIfNull(buffer);
            if (offset < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            while (count > 0)
            {
                int index = address / this.sectorSize;
                int within = address % this.sectorSize;
                int length = Math.Min(count, this.sectorSize - within);
                byte[] sector = this.sectors[index];
                int stored = sector == null ? 0 : Math.Clamp(sector.Length - within, 0, length);
                if (stored > 0)
                {
                    Array.Copy(sector, within, buffer, offset, stored);
                }

                // Beyond the stored prefix the sector is erased.
                buffer.AsSpan(offset + stored, length - stored).Fill(0xFF);
                address += length;
                offset += length;
                count -= length;
            }
        }

        /// <inheritdoc />
        public void EraseSector(int sectorIndex)
        {
            if (sectorIndex < 0 || sectorIndex >= this.sectors.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(sectorIndex));
            }

            this.sectors[sectorIndex] = null;
        }

        /// <inheritdoc />
        public void Program(int address, byte[] data, int offset, int count)
        {
            this.CheckRange(address, count);
            if (data == null || offset < 0 || count < 0 || offset + count > data.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(data));
            }

            // Check the whole operation first, as SimulatedFlash does: a refused program changes nothing.
            for (int i = 0; i < count; i++)
            {
                byte stored = this.StoredAt(address + i);
                byte value = data[offset + i];
                if ((value & ~stored & 0xFF) != 0)
                {
                    // NOR cannot set a bit without an erase: the caller has a layout bug.
                    throw new InvalidOperationException("program would set bits at address " + (address + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            while (count > 0)
            {
                int index = address / this.sectorSize;
                int within = address % this.sectorSize;
                int length = Math.Min(count, this.sectorSize - within);
                byte[] sector = this.Grow(index, within + length);
                for (int i = 0; i < length; i++)
                {
                    sector[within + i] &= data[offset + i];
                }

                address += length;
                offset += length;
                count -= length;
            }
        }

        private byte StoredAt(int address)
        {
            byte[] sector = this.sectors[address / this.sectorSize];
            int within = address % this.sectorSize;
            return sector != null && within < sector.Length ? sector[within] : (byte)0xFF;
        }

        /// <summary>The sector's storage, grown (0xFF-filled) to hold at least length bytes.</summary>
        private byte[] Grow(int index, int length)
        {
            byte[] sector = this.sectors[index];
            if (sector != null && sector.Length >= length)
            {
                return sector;
            }

            // Half again as much as before (at least the request, in 64-byte steps): appends copy little, waste little.
            int kept = sector?.Length ?? 0;
            int wanted = Math.Max(length, kept + (kept / 2));
            int size = Math.Min(this.sectorSize, ((wanted + Step - 1) / Step) * Step);
            byte[] grown = new byte[size];
            if (kept > 0)
            {
                Array.Copy(sector, grown, kept);
            }

            grown.AsSpan(kept).Fill(0xFF);
            this.sectors[index] = grown;
            return grown;
        }

        private void CheckRange(int address, int count)
        {
            if (address < 0 || count < 0 || address > this.Size - count)
            {
                throw new ArgumentOutOfRangeException(nameof(address), "outside the flash");
            }
        }
    }
}
