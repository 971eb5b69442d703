using System;

namespace M2MDevice.Firmware.Usim
{
    /// <summary>
    /// Writes the FCP template a SELECT or STATUS returns (TS 102 221 11.1.1.3): tag '62' with the file
    /// descriptor '82', FID '83', DF name '84' (ADF), proprietary 'A5' (MF), life cycle status '8A',
    /// compact security attributes '8C', PIN status template 'C6' (MF/DF/ADF), file size '80' and SFI
    /// '88' (EF). All lengths fit one byte.
    /// </summary>
    internal static class UsimFcp
    {
        // TS 102 221 11.1.1.4.3: file descriptor byte (b7 shareable) and data coding byte '21'.
        private const byte DescriptorTransparent = 0x41;
        private const byte DescriptorLinearFixed = 0x42;
        private const byte DescriptorDirectory = 0x78;
        private const byte DataCoding = 0x21;

        // TS 102 221 11.1.1.4.9: LCSI '05' = operational state, activated.
        private const byte LifeCycleActivated = 0x05;

        // TS 102 221 9.2.3 / ISO 7816-4 security condition bytes: '00' always, '11' user
        // authentication in SE01 (PIN1), '10' user authentication with an implicit key (ADM, as in
        // the TS 102 221 EF_DIR example), 'FF' never.
        private const byte ConditionAlways = 0x00;
        private const byte ConditionPin = 0x11;
        private const byte ConditionAdministrative = 0x10;
        private const byte ConditionNever = 0xFF;

        /// <summary>Longest FCP this card produces (the ADF's, with its 16-byte AID), rounded up.</summary>
        public const int MaxLength = 64;

        public static int Write(UsimFile file, bool pinEnabled, byte[] buffer, int offset)
        {
            int p = offset + 2;
            buffer[p++] = 0x82;
            if (file.IsDirectory)
            {
                buffer[p++] = 2;
                buffer[p++] = DescriptorDirectory;
                buffer[p++] = DataCoding;
            }
            else if (file.Structure == UsimFileStructure.Transparent)
            {
                buffer[p++] = 2;
                buffer[p++] = DescriptorTransparent;
                buffer[p++] = DataCoding;
            }
            else
            {
                // TS 102 221 11.1.1.4.3: record length on 2 bytes, then the number of records.
                buffer[p++] = 5;
                buffer[p++] = DescriptorLinearFixed;
                buffer[p++] = DataCoding;
                buffer[p++] = (byte)(file.RecordLength >> 8);
                buffer[p++] = (byte)file.RecordLength;
                buffer[p++] = (byte)file.RecordCount;
            }

            buffer[p++] = 0x83;
            buffer[p++] = 2;
            buffer[p++] = (byte)(file.FileId >> 8);
            buffer[p++] = (byte)file.FileId;

            if (file.Aid != null)
            {
                // TS 102 221 11.1.1.4.5: DF name (AID) of an ADF.
                buffer[p++] = 0x84;
                buffer[p++] = (byte)file.Aid.Length;
                Array.Copy(file.Aid, 0, buffer, p, file.Aid.Length);
                p += file.Aid.Length;
            }

            if (file.Structure == UsimFileStructure.MasterFile)
            {
                // TS 102 221 11.1.1.4.6.1: UICC characteristics '71' (clock stop allowed, no preferred
                // level; supply voltage classes as in the ATR).
                buffer[p++] = 0xA5;
                buffer[p++] = 3;
                buffer[p++] = 0x80;
                buffer[p++] = 1;
                buffer[p++] = 0x71;
            }

            buffer[p++] = 0x8A;
            buffer[p++] = 1;
            buffer[p++] = LifeCycleActivated;

            // TS 102 221 9.2.3 compact format: AM byte then one SC byte per AM bit, from b7 to b1.
            buffer[p++] = 0x8C;
            buffer[p++] = 3;
            if (file.IsDirectory)
            {
                // AM b3/b2: create DF/EF; both administrative.
                buffer[p++] = 0x06;
                buffer[p++] = ConditionAdministrative;
                buffer[p++] = ConditionAdministrative;
            }
            else
            {
                // AM b2: UPDATE, b1: READ.
                buffer[p++] = 0x03;
                buffer[p++] = Condition(file.Update);
                buffer[p++] = Condition(file.Read);
            }

            if (file.IsDirectory)
            {
                // TS 102 221 9.5.2: PIN status template: PS_DO '90' (b8 = key reference 01 enabled), then
                // key reference '83' 01 (application PIN 1).
                buffer[p++] = 0xC6;
                buffer[p++] = 6;
                buffer[p++] = 0x90;
                buffer[p++] = 1;
                buffer[p++] = pinEnabled ? (byte)0x80 : (byte)0x00;
                buffer[p++] = 0x83;
                buffer[p++] = 1;
                buffer[p++] = 0x01;
            }
            else
            {
                // TS 102 221 11.1.1.4.1: file size (data bytes of the EF).
                buffer[p++] = 0x80;
                buffer[p++] = 2;
                buffer[p++] = (byte)(file.Data.Length >> 8);
                buffer[p++] = (byte)file.Data.Length;

                // TS 102 221 11.1.1.4.8: '88' with the SFI in b8-b4; empty when the EF has no SFI
                // (absent would mean "SFI = 5 low bits of the FID").
                buffer[p++] = 0x88;
                if (file.ShortFileId != 0)
                {
                    buffer[p++] = 1;
                    buffer[p++] = (byte)(file.ShortFileId << 3);
                }
                else
                {
                    buffer[p++] = 0;
                }
            }

            buffer[offset] = 0x62;
            buffer[offset + 1] = (byte)(p - offset - 2);
            return p - offset;
        }

        private static byte Condition(UsimAccessCondition condition)
        {
            switch (condition)
            {
                case UsimAccessCondition.Always:
                    return ConditionAlways;
                case UsimAccessCondition.Pin:
                    return ConditionPin;
                case UsimAccessCondition.Administrative:
                    return ConditionAdministrative;
                default:
                    return ConditionNever;
            }
        }
    }
}
