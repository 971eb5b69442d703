namespace M2MDevice.Firmware.Hal
{
    /// <summary>
    /// A NOR flash region the key store owns: on the ESP32 a dedicated data partition, or a fixed-size
    /// file on I:\ whose adapter keeps these semantics (program = read, AND, write back); in the
    /// emulator and tests a <see cref="SimulatedFlash"/>. NOR semantics: erase sets a whole sector to
    /// 0xFF; program can only clear bits (1 to 0), so a byte can be programmed once per erase unless the
    /// new value only clears more bits. A power cut during program or erase may leave the bytes being
    /// written in any intermediate state; the key store is built to survive that.
    /// </summary>
    public interface IFlash
    {
        /// <summary>Program page size in bytes (a single program operation may span pages).</summary>
        int PageSize { get; }

        /// <summary>Erase sector size in bytes; erase works on whole sectors only.</summary>
        int SectorSize { get; }

        /// <summary>Total size of the region in bytes, a multiple of <see cref="SectorSize"/>.</summary>
        int Size { get; }

        /// <summary>Reads count bytes at address into buffer[offset..].</summary>
        void Read(int address, byte[] buffer, int offset, int count);

        /// <summary>Sets every byte of sector <paramref name="sectorIndex"/> (address sectorIndex * SectorSize) to 0xFF.</summary>
        void EraseSector(int sectorIndex);

        /// <summary>
        /// Programs count bytes from data[offset..] at address. NOR: each stored byte becomes
        /// stored AND data; programming a 1 over a stored 0 is a programming error.
        /// </summary>
        void Program(int address, byte[] data, int offset, int count);
    }
}
