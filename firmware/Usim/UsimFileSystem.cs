using System;

namespace M2MDevice.Firmware.Usim
{
    /// <summary>
    /// Builds the soft USIM's file tree from one UsimProfile (TS 102 221 13, TS 31.102 4.2 / 4.4.1) and
    /// reloads the files the terminal updates from IUsimStore. See docs/soft-usim.md for the table.
    /// </summary>
    internal sealed class UsimFileSystem
    {
        /// <summary>
        /// AID of ADF.USIM: RID A000000087 (3GPP), application code 1002 (USIM, TS 31.110 / TS 101 220
        /// Annex E), country code FFFF, provider code FFFF, then a provider field of our own.
        /// </summary>
        internal static readonly byte[] UsimAid = new byte[]
        {
            0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x4D, 0x32, 0x4D, 0x01,
        };

        // UST services (TS 31.102 4.2.8) this card offers; each one's files are present.
        private const int ServiceSpn = 19;
        private const int ServicePlmnWithAct = 20;
        private const int ServiceMsisdn = 21;
        private const int ServiceGsmAccess = 27;
        private const int ServiceSetToOne = 33;
        private const int ServiceEst = 34;
        private const int ServiceGsmSecurityContext = 38;
        private const int ServiceOplmnWithAct = 42;
        private const int ServiceHplmnWithAct = 43;
        private const int ServiceEhplmn = 71;
        private const int ServiceEpsMobilityManagement = 85;
        private const int UstLength = 11;

        private const int DirRecordLength = 32;
        private const int EpsNscRecordLength = 54;

        private readonly UsimFile[] persisted = new UsimFile[16];
        private int persistedCount;

        public UsimFileSystem(UsimProfile profile)
        {
            Mf = new UsimFile(UsimFileId.Mf, UsimFileStructure.MasterFile);
            Mf.Add(LinearFixed(UsimFileId.Dir, 0x1E, UsimAccessCondition.Always, UsimAccessCondition.Administrative, BuildDir(), DirRecordLength, false));
            Mf.Add(Transparent(UsimFileId.Iccid, 0x02, UsimAccessCondition.Always, UsimAccessCondition.Never, Copy(profile.EfIccid), false));
            Mf.Add(Transparent(UsimFileId.PreferredLanguages, 0x05, UsimAccessCondition.Always, UsimAccessCondition.Pin, Languages(), false));

            Adf = new UsimFile(UsimFileId.CurrentAdf, UsimFileStructure.ApplicationFile);
            Adf.Aid = UsimAid;
            Mf.Add(Adf);

            bool hasSpn = profile.ServiceProviderName != null;
            bool hasMsisdn = profile.Msisdn != null;

            Adf.Add(Transparent(UsimFileId.LanguageIndication, 0x02, UsimAccessCondition.Always, UsimAccessCondition.Pin, Languages(), false));
            Adf.Add(Transparent(UsimFileId.Imsi, 0x07, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, Copy(profile.EfImsi), false));
            Adf.Add(Transparent(UsimFileId.Keys, 0x08, UsimAccessCondition.Pin, UsimAccessCondition.Pin, EmptyKeys(), true));
            Adf.Add(Transparent(UsimFileId.KeysPs, 0x09, UsimAccessCondition.Pin, UsimAccessCondition.Pin, EmptyKeys(), true));
            Adf.Add(Transparent(UsimFileId.PlmnWithAct, 0x0A, UsimAccessCondition.Pin, UsimAccessCondition.Pin, PlmnWithActList(profile.PlmnWithAct, 8), false));
            // TS 31.102 4.2.6: '00' = no higher priority PLMN search attempts.
            Adf.Add(Transparent(UsimFileId.HigherPriorityPlmnPeriod, 0x12, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, new byte[] { 0x00 }, false));
            Adf.Add(Transparent(UsimFileId.Ust, 0x04, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, BuildUst(hasSpn, hasMsisdn), false));
            if (hasSpn)
            {
                Adf.Add(Transparent(UsimFileId.Spn, 0, UsimAccessCondition.Always, UsimAccessCondition.Administrative, BuildSpn(profile.ServiceProviderName), false));
            }

            if (hasMsisdn)
            {
                byte[] msisdn = new byte[UsimEncoding.DiallingNumberLength];
                UsimEncoding.EncodeDiallingNumber(profile.Msisdn, msisdn, 0);
                Adf.Add(LinearFixed(UsimFileId.Msisdn, 0, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, msisdn, msisdn.Length, false));
            }

            Adf.Add(Transparent(UsimFileId.Acc, 0x06, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, BuildAcc(profile), false));
            Adf.Add(Transparent(UsimFileId.Fplmn, 0x0D, UsimAccessCondition.Pin, UsimAccessCondition.Pin, PlmnList(profile.Fplmn, 4), true));
            // TS 31.102 4.2.17: TMSI deleted, LAI deleted (LAC 'FFFE'), status "not updated".
            Adf.Add(Transparent(UsimFileId.Loci, 0x0B, UsimAccessCondition.Pin, UsimAccessCondition.Pin, Hex("FFFFFFFFFFFFFFFFFEFF01"), true));
            byte[] ad = new byte[4];
            UsimEncoding.EncodeAdministrativeData(profile.MncLength, ad, 0);
            Adf.Add(Transparent(UsimFileId.Ad, 0x03, UsimAccessCondition.Always, UsimAccessCondition.Administrative, ad, false));
            // TS 31.102 4.2.21: emergency numbers 112 and 911, category '00'.
            Adf.Add(LinearFixed(UsimFileId.Ecc, 0x01, UsimAccessCondition.Always, UsimAccessCondition.Administrative, Hex("11F2FF0019F1FF00"), 4, false));
            // TS 31.102 4.2.23: P-TMSI and signature deleted, RAI deleted, status "not updated".
            Adf.Add(Transparent(UsimFileId.PsLoci, 0x0C, UsimAccessCondition.Pin, UsimAccessCondition.Pin, Hex("FFFFFFFFFFFFFFFFFFFFFFFEFF01"), true));
            // TS 31.102 4.2.47: FDN, BDN and ACL not enabled.
            Adf.Add(Transparent(UsimFileId.Est, 0x05, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, new byte[] { 0x00 }, false));
            // TS 31.102 4.2.51: START-CS and START-PS 'F00000' until the terminal stores its values.
            Adf.Add(Transparent(UsimFileId.StartHfn, 0x0F, UsimAccessCondition.Pin, UsimAccessCondition.Pin, Hex("F00000F00000"), true));
            Adf.Add(Transparent(UsimFileId.Threshold, 0x10, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, Hex("FFFFFF"), false));
            Adf.Add(Transparent(UsimFileId.OplmnWithAct, 0x11, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, PlmnWithActList(profile.OplmnWithAct, 8), false));
            Adf.Add(Transparent(UsimFileId.HplmnWithAct, 0x13, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, PlmnWithActList(profile.HplmnWithAct, 1), false));
            Adf.Add(Transparent(UsimFileId.Ehplmn, 0x1D, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, PlmnList(profile.Ehplmn, 4), false));
            // TS 31.102 4.2.91: GUTI deleted, TAI deleted (TAC 'FFFE'), status "not updated".
            Adf.Add(Transparent(UsimFileId.EpsLoci, 0x1E, UsimAccessCondition.Pin, UsimAccessCondition.Pin, Hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFE01"), true));
            Adf.Add(LinearFixed(UsimFileId.EpsNsc, 0x18, UsimAccessCondition.Pin, UsimAccessCondition.Pin, EmptyEpsSecurityContext(), EpsNscRecordLength, true));

            // TS 31.102 4.4.1: DF_GSM-ACCESS goes with service 27, which also makes AUTHENTICATE return Kc.
            UsimFile gsmAccess = Adf.Add(new UsimFile(UsimFileId.GsmAccess, UsimFileStructure.DedicatedFile));
            gsmAccess.Add(Transparent(UsimFileId.Kc, 0x01, UsimAccessCondition.Pin, UsimAccessCondition.Pin, EmptyKc(), true));
            gsmAccess.Add(Transparent(UsimFileId.KcGprs, 0x02, UsimAccessCondition.Pin, UsimAccessCondition.Pin, EmptyKc(), true));
        }

        public UsimFile Mf { get; }

        public UsimFile Adf { get; }

        public int PersistedCount
        {
            get { return persistedCount; }
        }

        /// <summary>The EFs whose updates are persisted, in a fixed order.</summary>
        public UsimFile PersistedAt(int index)
        {
            return persisted[index];
        }

        /// <summary>
        /// Replaces the defaults of persisted files with what the store holds for this identity. A saved
        /// content of another size (the profile's EF_FPLMN length changed) is left out: the EF keeps
        /// the profile's content, which is what a fresh card would hold.
        /// </summary>
        public void Load(IUsimStore store, UsimIdentityKind identity, byte[] scratch)
        {
            for (int i = 0; i < persistedCount; i++)
            {
                UsimFile file = persisted[i];
                int length = store.LoadFile(identity, file.FileId, scratch, 0);
                if (length == file.Data.Length)
                {
                    Array.Copy(scratch, 0, file.Data, 0, length);
                }
            }

            Array.Clear(scratch, 0, scratch.Length);
        }

        /// <summary>True when UST service n (1-based, TS 31.102 4.2.8) is available.</summary>
        public bool IsServiceAvailable(int service)
        {
            UsimFile ust = Adf.FindChild(UsimFileId.Ust);
            int index = (service - 1) / 8;
            return index < ust.Data.Length && (ust.Data[index] & (1 << ((service - 1) % 8))) != 0;
        }

        private UsimFile Transparent(ushort fileId, byte shortFileId, UsimAccessCondition read, UsimAccessCondition update, byte[] data, bool persist)
        {
            return Track(new UsimFile(fileId, shortFileId, UsimFileStructure.Transparent, read, update, data, 0, persist));
        }

        private UsimFile LinearFixed(ushort fileId, byte shortFileId, UsimAccessCondition read, UsimAccessCondition update, byte[] data, int recordLength, bool persist)
        {
            return Track(new UsimFile(fileId, shortFileId, UsimFileStructure.LinearFixed, read, update, data, recordLength, persist));
        }

        private UsimFile Track(UsimFile file)
        {
            if (file.Persisted)
            {
                persisted[persistedCount++] = file;
            }

            return file;
        }

        private static byte[] BuildDir()
        {
            // TS 102 221 13.1: application template '61' with AID '4F' and label '50', padded with 'FF';
            // the second record is empty.
            byte[] dir = new byte[DirRecordLength * 2];
            for (int i = 0; i < dir.Length; i++)
            {
                dir[i] = 0xFF;
            }

            int p = 0;
            dir[p++] = 0x61;
            dir[p++] = (byte)(2 + UsimAid.Length + 2 + 4);
            dir[p++] = 0x4F;
            dir[p++] = (byte)UsimAid.Length;
            Array.Copy(UsimAid, 0, dir, p, UsimAid.Length);
            p += UsimAid.Length;
            dir[p++] = 0x50;
            dir[p++] = 4;
            dir[p++] = (byte)'U';
            dir[p++] = (byte)'S';
            dir[p++] = (byte)'I';
            dir[p] = (byte)'M';
            return dir;
        }

        private static byte[] BuildUst(bool hasSpn, bool hasMsisdn)
        {
            byte[] ust = new byte[UstLength];
            SetService(ust, ServicePlmnWithAct);
            SetService(ust, ServiceGsmAccess);
            SetService(ust, ServiceSetToOne);
            SetService(ust, ServiceEst);
            SetService(ust, ServiceGsmSecurityContext);
            SetService(ust, ServiceOplmnWithAct);
            SetService(ust, ServiceHplmnWithAct);
            SetService(ust, ServiceEhplmn);
            SetService(ust, ServiceEpsMobilityManagement);
            if (hasSpn)
            {
                SetService(ust, ServiceSpn);
            }

            if (hasMsisdn)
            {
                SetService(ust, ServiceMsisdn);
            }

            return ust;
        }

        private static void SetService(byte[] ust, int service)
        {
            // TS 31.102 4.2.8: service n is bit ((n-1) mod 8) of byte (n-1) div 8.
            ust[(service - 1) / 8] |= (byte)(1 << ((service - 1) % 8));
        }

        private static byte[] BuildSpn(string name)
        {
            // TS 31.102 4.2.12: display condition byte, then up to 16 characters of the SMS default
            // alphabet (plain ASCII letters and digits coincide with it), padded with 'FF'.
            if (name.Length > 16)
            {
                throw new ArgumentException("service provider name longer than 16 characters", nameof(name));
            }

            byte[] spn = new byte[17];
            for (int i = 1; i < spn.Length; i++)
            {
                spn[i] = 0xFF;
            }

            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (c < 0x20 || c > 0x7E)
                {
                    throw new ArgumentException("service provider name must be printable ASCII", nameof(name));
                }

                spn[1 + i] = (byte)c;
            }

            return spn;
        }

        private static byte[] BuildAcc(UsimProfile profile)
        {
            if (profile.Acc != null)
            {
                return Copy(profile.Acc);
            }

            // TS 22.011 4.2: classes 0-9 are allocated at random; the last IMSI digit is a uniform choice.
            // TS 31.102 4.2.15: byte 2 bit (n+1) is class n for n < 8, byte 1 bits 1-2 are classes 8-9.
            string imsi;
            int accessClass = 0;
            if (UsimEncoding.TryDecodeImsi(profile.EfImsi, 0, out imsi))
            {
                accessClass = imsi[imsi.Length - 1] - '0';
            }

            byte[] acc = new byte[2];
            if (accessClass < 8)
            {
                acc[1] = (byte)(1 << accessClass);
            }
            else
            {
                acc[0] = (byte)(1 << (accessClass - 8));
            }

            return acc;
        }

        private static byte[] PlmnList(byte[] content, int emptyEntries)
        {
            if (content != null)
            {
                return Copy(content);
            }

            byte[] list = new byte[emptyEntries * UsimEncoding.PlmnLength];
            for (int i = 0; i < list.Length; i++)
            {
                list[i] = 0xFF;
            }

            return list;
        }

        private static byte[] PlmnWithActList(byte[] content, int emptyEntries)
        {
            if (content != null)
            {
                return Copy(content);
            }

            // TS 31.102 4.2.5: an unused entry is 'FFFFFF' with no access technology '0000'.
            byte[] list = new byte[emptyEntries * UsimEncoding.PlmnWithActLength];
            for (int i = 0; i < list.Length; i += UsimEncoding.PlmnWithActLength)
            {
                list[i] = 0xFF;
                list[i + 1] = 0xFF;
                list[i + 2] = 0xFF;
            }

            return list;
        }

        private static byte[] Languages()
        {
            // TS 102 221 13.5 / TS 31.102 4.2.1: "en" (ISO 639), then an unused entry.
            return new byte[] { 0x65, 0x6E, 0xFF, 0xFF };
        }

        private static byte[] EmptyKeys()
        {
            // TS 31.102 4.2.3: KSI '07' = no key available; CK and IK unset.
            byte[] keys = new byte[33];
            keys[0] = 0x07;
            for (int i = 1; i < keys.Length; i++)
            {
                keys[i] = 0xFF;
            }

            return keys;
        }

        private static byte[] EmptyKc()
        {
            // TS 31.102 4.4.1.1: Kc unset, CKSN '07' = no key available.
            byte[] kc = new byte[9];
            for (int i = 0; i < 8; i++)
            {
                kc[i] = 0xFF;
            }

            kc[8] = 0x07;
            return kc;
        }

        private static byte[] EmptyEpsSecurityContext()
        {
            // TS 31.102 4.2.92: template 'A0' with KSI_ASME '07' (no context), K_ASME, uplink and downlink
            // NAS counts and algorithms zero.
            byte[] record = new byte[EpsNscRecordLength];
            record[0] = 0xA0;
            record[1] = EpsNscRecordLength - 2;
            record[2] = 0x80;
            record[3] = 0x01;
            record[4] = 0x07;
            record[5] = 0x81;
            record[6] = 0x20;
            record[39] = 0x82;
            record[40] = 0x04;
            record[45] = 0x83;
            record[46] = 0x04;
            record[51] = 0x84;
            record[52] = 0x01;
            return record;
        }

        private static byte[] Copy(byte[] source)
        {
            byte[] copy = new byte[source.Length];
            Array.Copy(source, copy, source.Length);
            return copy;
        }

        private static byte[] Hex(string hex)
        {
            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((HexValue(hex[2 * i]) << 4) | HexValue(hex[(2 * i) + 1]));
            }

            return bytes;
        }

        private static int HexValue(char c)
        {
            return c <= '9' ? c - '0' : c - 'A' + 10;
        }
    }
}
