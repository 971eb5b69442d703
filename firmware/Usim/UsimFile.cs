using System;

namespace M2MDevice.Firmware.Usim
{
    /// <summary>
    /// One node of the soft USIM's file system (TS 102 221 8): MF, DF, ADF or EF with its FID, SFI,
    /// access conditions and content. Records of a linear fixed EF are stored back to back in Data.
    /// </summary>
    internal sealed class UsimFile
    {
        private UsimFile[] children;
        private int childCount;

        public UsimFile(ushort fileId, UsimFileStructure structure)
            : this(fileId, structure, 4)
        {
        }

        /// <summary>A directory with room for childCapacity children before its child array grows.</summary>
        public UsimFile(ushort fileId, UsimFileStructure structure, int childCapacity)
        {
            FileId = fileId;
            Structure = structure;
            children = new UsimFile[childCapacity];
        }

        public UsimFile(ushort fileId, byte shortFileId, UsimFileStructure structure, UsimAccessCondition read, UsimAccessCondition update, byte[] data, int recordLength, bool persisted)
        {
            CheckContent(structure, data, recordLength);

            FileId = fileId;
            ShortFileId = shortFileId;
            Structure = structure;
            Read = read;
            Update = update;
            Data = data;
            RecordLength = recordLength;
            Persisted = persisted;
        }

        /// <summary>The FID (TS 102 221 8.1).</summary>
        public ushort FileId { get; }

        /// <summary>The SFI 1..30, or 0 when the EF has none (FCP tag '88' empty, TS 102 221 11.1.1.4.8).</summary>
        public byte ShortFileId { get; }

        public UsimFileStructure Structure { get; }

        public UsimAccessCondition Read { get; }

        public UsimAccessCondition Update { get; }

        /// <summary>True when updates go to IUsimStore before the terminal gets 9000.</summary>
        public bool Persisted { get; }

        /// <summary>The content of an EF.</summary>
        public byte[] Data { get; private set; }

        /// <summary>Record length of a linear fixed EF.</summary>
        public int RecordLength { get; }

        /// <summary>Number of records of a linear fixed EF.</summary>
        public int RecordCount
        {
            get { return Structure == UsimFileStructure.LinearFixed ? Data.Length / RecordLength : 0; }
        }

        /// <summary>The AID of an ADF (TS 101 220).</summary>
        public byte[] Aid { get; set; }

        /// <summary>The DF this file is in; null for the MF.</summary>
        public UsimFile Parent { get; private set; }

        public bool IsDirectory
        {
            get { return Structure == UsimFileStructure.MasterFile || Structure == UsimFileStructure.DedicatedFile || Structure == UsimFileStructure.ApplicationFile; }
        }

        public UsimFile Add(UsimFile child)
        {
            if (childCount == children.Length)
            {
                UsimFile[] grown = new UsimFile[children.Length * 2];
                Array.Copy(children, grown, childCount);
                children = grown;
            }

            child.Parent = this;
            children[childCount++] = child;
            return child;
        }

        public int ChildCount
        {
            get { return childCount; }
        }

        public UsimFile ChildAt(int index)
        {
            return children[index];
        }

        /// <summary>Gives the EF new content of another length (a refilled file system, see UsimFileSystem.TryRefill).</summary>
        public void ReplaceData(byte[] data)
        {
            CheckContent(Structure, data, RecordLength);
            Data = data;
        }

        private static void CheckContent(UsimFileStructure structure, byte[] data, int recordLength)
        {
            if (data == null || data.Length == 0 || data.Length > 0xFFFF)
            {
                throw new ArgumentException("EF content must hold 1..65535 bytes", nameof(data));
            }

            if (structure == UsimFileStructure.LinearFixed && (recordLength < 1 || recordLength > 255 || data.Length % recordLength != 0 || data.Length / recordLength > 254))
            {
                throw new ArgumentException("linear fixed EF needs whole records of 1..255 bytes", nameof(recordLength));
            }
        }

        /// <summary>The child with this FID, or null.</summary>
        public UsimFile FindChild(ushort fileId)
        {
            for (int i = 0; i < childCount; i++)
            {
                if (children[i].FileId == fileId)
                {
                    return children[i];
                }
            }

            return null;
        }

        /// <summary>The child EF with this SFI, or null.</summary>
        public UsimFile FindChildByShortFileId(int shortFileId)
        {
            for (int i = 0; i < childCount; i++)
            {
                if (children[i].ShortFileId != 0 && children[i].ShortFileId == shortFileId)
                {
                    return children[i];
                }
            }

            return null;
        }
    }
}
