using System;
using M2MDevice.Crypto;
using M2MDevice.Firmware.Hal;

namespace M2MDevice.Firmware.KeyStore
{
    /// <summary>
    /// One key-store area: two flash sectors ("slots"), each an append-only log of records
    /// (docs/keystore-format.md section 4). The area's state is its newest valid checkpoint record
    /// plus the valid delta records that follow it in the same sector. Writes never touch a byte that
    /// holds a valid record: a record is appended after the last programmed byte of the sector that
    /// holds the newest checkpoint; when it does not fit, the other sector (which holds only older
    /// records) is erased and a checkpoint written there. A power cut therefore loses at most the
    /// record being written, and the newest complete record still wins by sequence.
    /// </summary>
    public sealed class RecordLog
    {
        private const int TornSequenceCapacity = 16;
        private const uint TornSequenceWindow = 64;

        private readonly IFlash flash;
        private readonly RecordCodec codec;
        private readonly int firstSector;
        private readonly RecordType checkpointType;
        private readonly RecordType deltaType;
        private readonly byte[] scanBuffer;
        private readonly byte[] recordBuffer;
        private readonly int sectorSize;
        private readonly int[] writeOffset = new int[2];
        private readonly bool[] blank = new bool[2];
        private readonly uint[] tornSequences = new uint[TornSequenceCapacity];

        private int current = -1;
        private int checkpointOffset;
        private uint checkpointSequence;
        private uint lastSequence;
        private int replayOffset = -1;
        private int rejectedCount;
        private RecordStatus firstRejection;
        private int firstRejectionAddress = -1;

        /// <summary>
        /// Binds the area to sectors firstSector and firstSector + 1. deltaType is 0 for areas whose
        /// every record is a checkpoint. scanBuffer (one sector) and recordBuffer (one sector) may be
        /// shared by all areas of a store; recordBuffer is where callers put a body to write, at
        /// <see cref="RecordCodec.HeaderSize"/>. No flash access here.
        /// </summary>
        public RecordLog(
            IFlash flash,
            RecordCodec codec,
            int firstSector,
            RecordType checkpointType,
            RecordType deltaType,
            byte[] scanBuffer,
            byte[] recordBuffer)
        {
            if (flash == null || codec == null || scanBuffer == null || recordBuffer == null)
            {
                throw new ArgumentNullException(nameof(flash));
            }

            sectorSize = flash.SectorSize;
            if (firstSector < 0 || (firstSector + 2) * sectorSize > flash.Size
                || scanBuffer.Length < sectorSize || recordBuffer.Length < sectorSize)
            {
                throw new ArgumentOutOfRangeException(nameof(firstSector));
            }

            this.flash = flash;
            this.codec = codec;
            this.firstSector = firstSector;
            this.checkpointType = checkpointType;
            this.deltaType = deltaType;
            this.scanBuffer = scanBuffer;
            this.recordBuffer = recordBuffer;
        }

        /// <summary>True when a valid checkpoint was found or written: the area has a state.</summary>
        public bool HasState => current >= 0;

        /// <summary>Highest sequence number used in the area (valid records and torn headers).</summary>
        public uint LastSequence => lastSequence;

        /// <summary>Which of the two sectors (0 or 1) holds the newest checkpoint; -1 when none.</summary>
        public int CurrentSlot => current;

        /// <summary>Flash sector index of slot 0 (slot 1 is the next sector).</summary>
        public int FirstSector => firstSector;

        /// <summary>Invalid records met by the last <see cref="Mount"/> (erased space is not counted).</summary>
        public int RejectedCount => rejectedCount;

        /// <summary>Reason of the first invalid record the last <see cref="Mount"/> met (Valid when none).</summary>
        public RecordStatus FirstRejection => firstRejection;

        /// <summary>Flash address of that record, -1 when none.</summary>
        public int FirstRejectionAddress => firstRejectionAddress;

        /// <summary>True when the sector not holding the newest checkpoint is fully erased.</summary>
        public bool IsOtherSlotBlank => current < 0 ? blank[0] && blank[1] : blank[1 - current];

        /// <summary>Bytes still free in the current sector.</summary>
        public int FreeBytes => current < 0 ? 0 : sectorSize - writeOffset[current];

        /// <summary>
        /// Scans both sectors: finds the newest valid checkpoint, the append position of each sector
        /// and the highest sequence in use. Call once after power-up, before <see cref="StartReplay"/>.
        /// </summary>
        public void Mount()
        {
            current = -1;
            checkpointOffset = 0;
            checkpointSequence = 0;
            replayOffset = -1;
            rejectedCount = 0;
            firstRejection = RecordStatus.Valid;
            firstRejectionAddress = -1;
            int tornCount = 0;
            bool anyValid = false;
            uint maxValid = 0;
            for (int slot = 0; slot < 2; slot++)
            {
                int baseAddress = SlotAddress(slot);
                flash.Read(baseAddress, scanBuffer, 0, sectorSize);
                int end = sectorSize;
                while (end > 0 && scanBuffer[end - 1] == 0xFF)
                {
                    end--;
                }

                blank[slot] = end == 0;

                // Append position: past the last programmed byte (records end with a non-0xFF trailer,
                // so a complete record is never mistaken for free space).
                writeOffset[slot] = RecordCodec.AlignedLength(end);
                int position = 0;
                while (position < end)
                {
                    RecordType type;
                    uint sequence;
                    int bodyOffset;
                    int bodyLength;
                    int recordLength;
                    RecordStatus status = codec.Decode(
                        scanBuffer, position, end - position, baseAddress + position,
                        out type, out sequence, out bodyOffset, out bodyLength, out recordLength);
                    bool ours = type == checkpointType || (deltaType != 0 && type == deltaType);
                    if (status == RecordStatus.Valid && ours)
                    {
                        if (!anyValid || sequence > maxValid)
                        {
                            maxValid = sequence;
                        }

                        anyValid = true;
                        if (type == checkpointType && (current < 0 || sequence > checkpointSequence))
                        {
                            current = slot;
                            checkpointOffset = position;
                            checkpointSequence = sequence;
                        }

                        position += RecordCodec.AlignedLength(recordLength);
                        continue;
                    }

                    if (status != RecordStatus.Empty)
                    {
                        Reject(status == RecordStatus.Valid ? RecordStatus.UnknownType : status, baseAddress + position);
                    }

                    // A torn write's header names the sequence it used; remember it so the retry uses
                    // a fresh one and never repeats a counter block.
                    if (status != RecordStatus.Valid && ours && tornCount < TornSequenceCapacity)
                    {
                        tornSequences[tornCount++] = sequence;
                    }

                    position += RecordCodec.Alignment;
                }
            }

            ConstantTime.Clear(scanBuffer, 0, sectorSize);
            lastSequence = maxValid;
            for (int i = 0; i < tornCount; i++)
            {
                uint torn = tornSequences[i];
                if (torn > lastSequence && torn - maxValid <= TornSequenceWindow)
                {
                    lastSequence = torn;
                }
            }
        }

        /// <summary>
        /// Starts reading the state: <see cref="TryReadNext"/> then yields the newest checkpoint and
        /// the deltas after it. Returns false when the area has no state.
        /// </summary>
        public bool StartReplay()
        {
            if (current < 0)
            {
                replayOffset = -1;
                return false;
            }

            flash.Read(SlotAddress(current), scanBuffer, 0, sectorSize);
            replayOffset = checkpointOffset;
            return true;
        }

        /// <summary>
        /// Yields the next record of the state, decrypted in <see cref="ReplayBuffer"/> at bodyOffset.
        /// Returns false (and wipes the buffer) at the end.
        /// </summary>
        public bool TryReadNext(out RecordType type, out int bodyOffset, out int bodyLength)
        {
            type = 0;
            bodyOffset = 0;
            bodyLength = 0;
            if (replayOffset < 0)
            {
                return false;
            }

            int end = writeOffset[current] < sectorSize ? writeOffset[current] : sectorSize;
            int baseAddress = SlotAddress(current);
            while (replayOffset < end)
            {
                uint sequence;
                int recordLength;
                RecordStatus status = codec.Decode(
                    scanBuffer, replayOffset, end - replayOffset, baseAddress + replayOffset,
                    out type, out sequence, out bodyOffset, out bodyLength, out recordLength);
                if (status != RecordStatus.Valid)
                {
                    replayOffset += RecordCodec.Alignment;
                    continue;
                }

                replayOffset += RecordCodec.AlignedLength(recordLength);
                bool isCheckpoint = type == checkpointType && sequence == checkpointSequence;
                bool isDelta = deltaType != 0 && type == deltaType && sequence > checkpointSequence;
                if (isCheckpoint || isDelta)
                {
                    return true;
                }
            }

            replayOffset = -1;
            ConstantTime.Clear(scanBuffer, 0, sectorSize);
            type = 0;
            bodyOffset = 0;
            bodyLength = 0;
            return false;
        }

        /// <summary>The buffer <see cref="TryReadNext"/> decrypts into.</summary>
        public byte[] ReplayBuffer => scanBuffer;

        /// <summary>
        /// Appends a delta record whose body the caller put at recordBuffer[HeaderSize]. Returns false,
        /// writing nothing, when there is no checkpoint yet or the current sector is full: the caller
        /// then writes a checkpoint of its whole state instead.
        /// </summary>
        public bool TryAppendDelta(int bodyLength)
        {
            if (deltaType == 0)
            {
                throw new InvalidOperationException("area has no delta records");
            }

            if (current < 0 || RecordCodec.RecordLength(bodyLength) > sectorSize - writeOffset[current])
            {
                return false;
            }

            WriteAt(current, deltaType, bodyLength);
            return true;
        }

        /// <summary>
        /// Writes a checkpoint whose body the caller put at recordBuffer[HeaderSize]: appended to the
        /// current sector when it fits, else into the other sector after erasing it.
        /// </summary>
        public void WriteCheckpoint(int bodyLength)
        {
            if (current >= 0 && RecordCodec.RecordLength(bodyLength) <= sectorSize - writeOffset[current])
            {
                int offset = writeOffset[current];
                uint sequence = WriteAt(current, checkpointType, bodyLength);
                checkpointOffset = offset;
                checkpointSequence = sequence;
                return;
            }

            WriteCheckpointInFreshSlot(bodyLength);
        }

        /// <summary>
        /// Writes a checkpoint into the sector not holding the current state (erasing it first), so that
        /// afterwards <see cref="EraseOtherSlot"/> can remove every older record of the area.
        /// </summary>
        public void WriteCheckpointInFreshSlot(int bodyLength)
        {
            if (RecordCodec.RecordLength(bodyLength) > sectorSize)
            {
                throw new ArgumentOutOfRangeException(nameof(bodyLength));
            }

            int target = current < 0 ? 0 : 1 - current;
            if (!blank[target])
            {
                // The target holds only records older than the current checkpoint (or garbage).
                flash.EraseSector(firstSector + target);
                blank[target] = true;
            }

            writeOffset[target] = 0;
            uint sequence = WriteAt(target, checkpointType, bodyLength);
            current = target;
            checkpointOffset = 0;
            checkpointSequence = sequence;
        }

        /// <summary>Erases the sector that does not hold the current state (scrubs superseded secrets).</summary>
        public void EraseOtherSlot()
        {
            int other = current < 0 ? 1 : 1 - current;
            flash.EraseSector(firstSector + other);
            blank[other] = true;
            writeOffset[other] = 0;
        }

        private uint WriteAt(int slot, RecordType type, int bodyLength)
        {
            int address = SlotAddress(slot) + writeOffset[slot];
            uint sequence = lastSequence + 1;
            int length = codec.EncodeInPlace(recordBuffer, 0, type, sequence, address, bodyLength);

            // Sequence and append position advance before programming: a torn write consumes both.
            lastSequence = sequence;
            blank[slot] = false;
            writeOffset[slot] += RecordCodec.AlignedLength(length);
            flash.Program(address, recordBuffer, 0, length);
            ConstantTime.Clear(recordBuffer, 0, length);
            return sequence;
        }

        private int SlotAddress(int slot)
        {
            return (firstSector + slot) * sectorSize;
        }

        private void Reject(RecordStatus status, int address)
        {
            if (rejectedCount == 0)
            {
                firstRejection = status;
                firstRejectionAddress = address;
            }

            rejectedCount++;
        }
    }
}
