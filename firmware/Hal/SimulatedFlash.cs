using System;

namespace M2MDevice.Firmware.Hal
{
    /// <summary>
    /// An in-memory NOR flash for tests and the emulator. Enforces NOR semantics (program only clears
    /// bits, erase sets a sector to 0xFF), keeps wear statistics (bytes programmed and erases per
    /// sector), and can be armed to cut power after a number of programmed bytes or a number of
    /// operations: the cut byte is left half programmed (a random subset of its bits cleared), a cut
    /// erase leaves a random subset of the sector's bytes erased, and <see cref="PowerCutException"/>
    /// is thrown. Until <see cref="Reboot"/> every further operation throws too (the device is off).
    /// </summary>
    public sealed class SimulatedFlash : IFlash
    {
        private readonly byte[] memory;
        private readonly int pageSize;
        private readonly int sectorSize;
        private readonly int sectorCount;
        private readonly int[] programmedBytes;
        private readonly int[] erases;
        private readonly Random random;

        // Armed cut: remaining whole bytes (or operations) that still succeed; -1 when disarmed.
        private int bytesBeforeCut = -1;
        private int operationsBeforeCut = -1;
        private bool poweredOff;
        private int operationCount;

        /// <summary>Creates an erased flash of sectorCount sectors of sectorSize bytes.</summary>
        /// <param name="sectorSize">Erase unit in bytes (4096 on the ESP32's SPI flash).</param>
        /// <param name="sectorCount">Number of sectors.</param>
        /// <param name="pageSize">Program page in bytes (256 on the ESP32's SPI flash); divides sectorSize.</param>
        /// <param name="seed">Seed of the generator that picks the state of torn bytes.</param>
        public SimulatedFlash(int sectorSize, int sectorCount, int pageSize, int seed)
        {
            if (sectorSize <= 0 || sectorCount <= 0 || pageSize <= 0 || sectorSize % pageSize != 0)
            {
                throw new ArgumentException("invalid flash geometry");
            }

            this.sectorSize = sectorSize;
            this.sectorCount = sectorCount;
            this.pageSize = pageSize;
            memory = new byte[sectorSize * sectorCount];
            programmedBytes = new int[sectorCount];
            erases = new int[sectorCount];
            random = new Random(seed);
            for (int i = 0; i < memory.Length; i++)
            {
                memory[i] = 0xFF;
            }
        }

        /// <inheritdoc />
        public int PageSize => pageSize;

        /// <inheritdoc />
        public int SectorSize => sectorSize;

        /// <inheritdoc />
        public int Size => memory.Length;

        /// <summary>Number of sectors.</summary>
        public int SectorCount => sectorCount;

        /// <summary>True after a power cut fired and until <see cref="Reboot"/>.</summary>
        public bool IsPoweredOff => poweredOff;

        /// <summary>Program and erase operations performed since construction or <see cref="ResetStatistics"/>.</summary>
        public int OperationCount => operationCount;

        /// <summary>Bytes programmed into sector since construction or <see cref="ResetStatistics"/>.</summary>
        public int GetProgrammedBytes(int sectorIndex)
        {
            return programmedBytes[sectorIndex];
        }

        /// <summary>Erases of sector since construction or <see cref="ResetStatistics"/>.</summary>
        public int GetEraseCount(int sectorIndex)
        {
            return erases[sectorIndex];
        }

        /// <summary>Bytes programmed into all sectors.</summary>
        public int TotalProgrammedBytes
        {
            get
            {
                int total = 0;
                for (int i = 0; i < sectorCount; i++)
                {
                    total += programmedBytes[i];
                }

                return total;
            }
        }

        /// <summary>Erases of all sectors.</summary>
        public int TotalErases
        {
            get
            {
                int total = 0;
                for (int i = 0; i < sectorCount; i++)
                {
                    total += erases[i];
                }

                return total;
            }
        }

        /// <summary>Zeroes the wear statistics and the operation count.</summary>
        public void ResetStatistics()
        {
            for (int i = 0; i < sectorCount; i++)
            {
                programmedBytes[i] = 0;
                erases[i] = 0;
            }

            operationCount = 0;
        }

        /// <summary>
        /// Arms a power cut: the next byteCount programmed bytes succeed, the one after is torn
        /// (random subset of its bits) and power is lost. Erases in between succeed.
        /// </summary>
        public void ArmCutAfterProgrammedBytes(int byteCount)
        {
            if (byteCount < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(byteCount));
            }

            bytesBeforeCut = byteCount;
        }

        /// <summary>
        /// Arms a power cut: the next operationCount operations (program or erase calls) succeed and
        /// the one after is cut: an erase leaves a random subset of bytes erased, a program writes a
        /// random prefix of its bytes and tears the next one.
        /// </summary>
        public void ArmCutAfterOperations(int count)
        {
            if (count < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            operationsBeforeCut = count;
        }

        /// <summary>Restores power: keeps the contents, disarms any pending cut.</summary>
        public void Reboot()
        {
            poweredOff = false;
            bytesBeforeCut = -1;
            operationsBeforeCut = -1;
        }

        /// <summary>Copies the whole contents into destination (for tests that replay from a state).</summary>
        public void CopyTo(byte[] destination)
        {
            Array.Copy(memory, destination, memory.Length);
        }

        /// <summary>Replaces the whole contents (for tests that replay from a state); statistics are kept.</summary>
        public void LoadFrom(byte[] source)
        {
            if (source.Length != memory.Length)
            {
                throw new ArgumentException("size mismatch", nameof(source));
            }

            Array.Copy(source, memory, memory.Length);
        }

        /// <inheritdoc />
        public void Read(int address, byte[] buffer, int offset, int count)
        {
            CheckRange(address, count);
            ThrowIfOff();
            Array.Copy(memory, address, buffer, offset, count);
        }

        /// <inheritdoc />
        public void EraseSector(int sectorIndex)
        {
            if (sectorIndex < 0 || sectorIndex >= sectorCount)
            {
                throw new ArgumentOutOfRangeException(nameof(sectorIndex));
            }

            ThrowIfOff();
            int start = sectorIndex * sectorSize;
            if (TakeOperation())
            {
                // Interrupted erase: some bytes made it to 0xFF, others kept old content.
                for (int i = 0; i < sectorSize; i++)
                {
                    if (random.Next(2) == 0)
                    {
                        memory[start + i] = 0xFF;
                    }
                }

                erases[sectorIndex]++;
                Cut("erase of sector " + sectorIndex.ToString());
            }

            for (int i = 0; i < sectorSize; i++)
            {
                memory[start + i] = 0xFF;
            }

            erases[sectorIndex]++;
        }

        /// <inheritdoc />
        public void Program(int address, byte[] data, int offset, int count)
        {
            CheckRange(address, count);
            if (data == null || offset < 0 || count < 0 || offset + count > data.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(data));
            }

            ThrowIfOff();
            for (int i = 0; i < count; i++)
            {
                byte stored = memory[address + i];
                byte value = data[offset + i];
                if ((value & ~stored & 0xFF) != 0)
                {
                    // NOR cannot set a bit without an erase: the caller has a layout bug.
                    throw new InvalidOperationException("program would set bits at address " + (address + i).ToString());
                }
            }

            // An operation cut tears the program at a random byte.
            int tearAt = -1;
            if (TakeOperation())
            {
                tearAt = count == 0 ? 0 : random.Next(count);
            }

            for (int i = 0; i < count; i++)
            {
                int at = address + i;
                byte value = data[offset + i];
                if (i == tearAt || bytesBeforeCut == 0)
                {
                    // Torn byte: only some of the bits that should clear have cleared.
                    memory[at] = (byte)(memory[at] & (value | random.Next(256)));
                    programmedBytes[at / sectorSize]++;
                    Cut("program at address " + at.ToString());
                }

                memory[at] = (byte)(memory[at] & value);
                programmedBytes[at / sectorSize]++;
                if (bytesBeforeCut > 0)
                {
                    bytesBeforeCut--;
                }
            }

            if (tearAt >= 0)
            {
                Cut("program at address " + address.ToString());
            }
        }

        private bool TakeOperation()
        {
            operationCount++;
            if (operationsBeforeCut < 0)
            {
                return false;
            }

            if (operationsBeforeCut == 0)
            {
                return true;
            }

            operationsBeforeCut--;
            return false;
        }

        private void Cut(string where)
        {
            poweredOff = true;
            bytesBeforeCut = -1;
            operationsBeforeCut = -1;
            throw new PowerCutException("power cut during " + where);
        }

        private void ThrowIfOff()
        {
            if (poweredOff)
            {
                throw new PowerCutException("flash accessed while powered off");
            }
        }

        private void CheckRange(int address, int count)
        {
            if (address < 0 || count < 0 || address + count > memory.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(address));
            }
        }
    }
}
