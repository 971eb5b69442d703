using System;
using System.Collections.Generic;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Firmware.Tests.Usim
{
    /// <summary>
    /// IUsimStore fake: keeps files and SQN arrays per identity in memory, counts writes, and can be told
    /// to fail the next write (a flash error) to check that nothing is acknowledged then.
    /// SQN arrays are preallocated so that SaveSqnSlot does not allocate (allocation tests).
    /// </summary>
    public sealed class InMemoryUsimStore : IUsimStore
    {
        private readonly Dictionary<(UsimIdentityKind, ushort), byte[]> files = new();
        private readonly byte[] preliminarySqn = new byte[192];
        private readonly byte[] operationalSqn = new byte[192];

        public int FileSaves { get; private set; }

        public int SqnSaves { get; private set; }

        public int LastSqnSlot { get; private set; } = -1;

        public bool FailNextWrite { get; set; }

        public byte[] SqnArray(UsimIdentityKind identity) =>
            identity == UsimIdentityKind.Preliminary ? preliminarySqn : operationalSqn;

        /// <summary>Sets SQN_MS slot index (IND) to the 6-byte value.</summary>
        public void SetSqnSlot(UsimIdentityKind identity, int index, byte[] sqn) =>
            Array.Copy(sqn, 0, SqnArray(identity), index * 6, 6);

        public byte[] File(UsimIdentityKind identity, ushort fileId) =>
            files.TryGetValue((identity, fileId), out byte[] data) ? data : null;

        public void SaveSqnSlot(UsimIdentityKind identity, int index, byte[] sqn, int offset)
        {
            if (index < 0 || index > 31)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            ThrowIfFailing();
            Array.Copy(sqn, offset, SqnArray(identity), index * 6, 6);
            SqnSaves++;
            LastSqnSlot = index;
        }

        public void SaveFile(UsimIdentityKind identity, ushort fileId, byte[] data, int offset, int count)
        {
            ThrowIfFailing();
            byte[] copy = new byte[count];
            Array.Copy(data, offset, copy, 0, count);
            files[(identity, fileId)] = copy;
            FileSaves++;
        }

        public int LoadFile(UsimIdentityKind identity, ushort fileId, byte[] buffer, int offset)
        {
            if (!files.TryGetValue((identity, fileId), out byte[] data))
            {
                return -1;
            }

            Array.Copy(data, 0, buffer, offset, data.Length);
            return data.Length;
        }

        public void LoadSqnSlots(UsimIdentityKind identity, byte[] buffer, int offset) =>
            Array.Copy(SqnArray(identity), 0, buffer, offset, 192);

        private void ThrowIfFailing()
        {
            if (FailNextWrite)
            {
                FailNextWrite = false;
                throw new InvalidOperationException("simulated flash write failure");
            }
        }
    }
}
