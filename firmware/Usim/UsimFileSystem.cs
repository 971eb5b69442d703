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

        // Files under ADF.USIM (24 with EF_SPN and EF_MSISDN): its child array is made that large at once.
        private const int AdfChildCapacity = 24;

        private const string LociDefault = "FFFFFFFFFFFFFFFFFEFF01";
        private const string EccDefault = "11F2FF0019F1FF00";
        private const string PsLociDefault = "FFFFFFFFFFFFFFFFFFFFFFFEFF01";
        private const string StartHfnDefault = "F00000F00000";
        private const string ThresholdDefault = "FFFFFF";
        private const string EpsLociDefault = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFE01";

        private readonly UsimFile[] persisted = new UsimFile[16];
        private int persistedCount;

        public UsimFileSystem(UsimProfile profile)
        {
            Mf = new UsimFile(UsimFileId.Mf, UsimFileStructure.MasterFile);
            Mf.Add(LinearFixed(UsimFileId.Dir, 0x1E, UsimAccessCondition.Always, UsimAccessCondition.Administrative, profile, DirRecordLength, false));
            Mf.Add(Transparent(UsimFileId.Iccid, 0x02, UsimAccessCondition.Always, UsimAccessCondition.Never, profile, false));
            Mf.Add(Transparent(UsimFileId.PreferredLanguages, 0x05, UsimAccessCondition.Always, UsimAccessCondition.Pin, profile, false));

            Adf = new UsimFile(UsimFileId.CurrentAdf, UsimFileStructure.ApplicationFile, AdfChildCapacity);
            Adf.Aid = UsimAid;
            Mf.Add(Adf);

            Adf.Add(Transparent(UsimFileId.LanguageIndication, 0x02, UsimAccessCondition.Always, UsimAccessCondition.Pin, profile, false));
            Adf.Add(Transparent(UsimFileId.Imsi, 0x07, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, profile, false));
            Adf.Add(Transparent(UsimFileId.Keys, 0x08, UsimAccessCondition.Pin, UsimAccessCondition.Pin, profile, true));
            Adf.Add(Transparent(UsimFileId.KeysPs, 0x09, UsimAccessCondition.Pin, UsimAccessCondition.Pin, profile, true));
            Adf.Add(Transparent(UsimFileId.PlmnWithAct, 0x0A, UsimAccessCondition.Pin, UsimAccessCondition.Pin, profile, false));
            Adf.Add(Transparent(UsimFileId.HigherPriorityPlmnPeriod, 0x12, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, profile, false));
            Adf.Add(Transparent(UsimFileId.Ust, 0x04, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, profile, false));
            if (profile.ServiceProviderName != null)
            {
                Adf.Add(Transparent(UsimFileId.Spn, 0, UsimAccessCondition.Always, UsimAccessCondition.Administrative, profile, false));
            }

            if (profile.Msisdn != null)
            {
                Adf.Add(LinearFixed(UsimFileId.Msisdn, 0, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, profile, UsimEncoding.DiallingNumberLength, false));
            }

            Adf.Add(Transparent(UsimFileId.Acc, 0x06, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, profile, false));
            Adf.Add(Transparent(UsimFileId.Fplmn, 0x0D, UsimAccessCondition.Pin, UsimAccessCondition.Pin, profile, true));
            Adf.Add(Transparent(UsimFileId.Loci, 0x0B, UsimAccessCondition.Pin, UsimAccessCondition.Pin, profile, true));
            Adf.Add(Transparent(UsimFileId.Ad, 0x03, UsimAccessCondition.Always, UsimAccessCondition.Administrative, profile, false));
            Adf.Add(LinearFixed(UsimFileId.Ecc, 0x01, UsimAccessCondition.Always, UsimAccessCondition.Administrative, profile, 4, false));
            Adf.Add(Transparent(UsimFileId.PsLoci, 0x0C, UsimAccessCondition.Pin, UsimAccessCondition.Pin, profile, true));
            Adf.Add(Transparent(UsimFileId.Est, 0x05, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, profile, false));
            Adf.Add(Transparent(UsimFileId.StartHfn, 0x0F, UsimAccessCondition.Pin, UsimAccessCondition.Pin, profile, true));
            Adf.Add(Transparent(UsimFileId.Threshold, 0x10, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, profile, false));
            Adf.Add(Transparent(UsimFileId.OplmnWithAct, 0x11, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, profile, false));
            Adf.Add(Transparent(UsimFileId.HplmnWithAct, 0x13, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, profile, false));
            Adf.Add(Transparent(UsimFileId.Ehplmn, 0x1D, UsimAccessCondition.Pin, UsimAccessCondition.Administrative, profile, false));
            Adf.Add(Transparent(UsimFileId.EpsLoci, 0x1E, UsimAccessCondition.Pin, UsimAccessCondition.Pin, profile, true));
            Adf.Add(LinearFixed(UsimFileId.EpsNsc, 0x18, UsimAccessCondition.Pin, UsimAccessCondition.Pin, profile, EpsNscRecordLength, true));

            // TS 31.102 4.4.1: DF_GSM-ACCESS goes with service 27, which also makes AUTHENTICATE return Kc.
            UsimFile gsmAccess = Adf.Add(new UsimFile(UsimFileId.GsmAccess, UsimFileStructure.DedicatedFile));
            gsmAccess.Add(Transparent(UsimFileId.Kc, 0x01, UsimAccessCondition.Pin, UsimAccessCondition.Pin, profile, true));
            gsmAccess.Add(Transparent(UsimFileId.KcGprs, 0x02, UsimAccessCondition.Pin, UsimAccessCondition.Pin, profile, true));
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

        /// <summary>
        /// Issue 8.3: makes this tree what a new UsimFileSystem(profile) would be, in place (a SIM INIT after a power
        /// cycle or an identity switch then allocates nothing, or only the EFs whose length changed): every EF gets
        /// profile's content back. Returns false, changing nothing, when profile has another set of EFs (EF_SPN or
        /// EF_MSISDN present in one and not the other): build a new tree then.
        /// </summary>
        public bool TryRefill(UsimProfile profile)
        {
            if ((Adf.FindChild(UsimFileId.Spn) != null) != (profile.ServiceProviderName != null)
                || (Adf.FindChild(UsimFileId.Msisdn) != null) != (profile.Msisdn != null))
            {
                return false;
            }

            Refill(Mf, profile);
            return true;
        }

        /// <summary>Zeroes the content of every EF (the card is off; EF_KEYS may hold CK and IK).</summary>
        public void Wipe()
        {
            Wipe(Mf);
        }

        private static void Refill(UsimFile directory, UsimProfile profile)
        {
            for (int i = 0; i < directory.ChildCount; i++)
            {
                UsimFile child = directory.ChildAt(i);
                if (child.IsDirectory)
                {
                    Refill(child, profile);
                    continue;
                }

                int length = ContentLength(child.FileId, profile);
                if (child.Data.Length != length)
                {
                    child.ReplaceData(new byte[length]);
                }

                FillContent(child.FileId, profile, child.Data);
            }
        }

        private static void Wipe(UsimFile directory)
        {
            for (int i = 0; i < directory.ChildCount; i++)
            {
                UsimFile child = directory.ChildAt(i);
                if (child.IsDirectory)
                {
                    Wipe(child);
                }
                else
                {
                    Array.Clear(child.Data, 0, child.Data.Length);
                }
            }
        }

        private UsimFile Transparent(ushort fileId, byte shortFileId, UsimAccessCondition read, UsimAccessCondition update, UsimProfile profile, bool persist)
        {
            return Track(new UsimFile(fileId, shortFileId, UsimFileStructure.Transparent, read, update, Content(fileId, profile), 0, persist));
        }

        private UsimFile LinearFixed(ushort fileId, byte shortFileId, UsimAccessCondition read, UsimAccessCondition update, UsimProfile profile, int recordLength, bool persist)
        {
            return Track(new UsimFile(fileId, shortFileId, UsimFileStructure.LinearFixed, read, update, Content(fileId, profile), recordLength, persist));
        }

        private UsimFile Track(UsimFile file)
        {
            if (file.Persisted)
            {
                persisted[persistedCount++] = file;
            }

            return file;
        }

        private static byte[] Content(ushort fileId, UsimProfile profile)
        {
            byte[] data = new byte[ContentLength(fileId, profile)];
            FillContent(fileId, profile, data);
            return data;
        }

        /// <summary>Length of the content a new card holds in EF fileId for profile.</summary>
        private static int ContentLength(ushort fileId, UsimProfile profile)
        {
            switch (fileId)
            {
                case UsimFileId.Dir:
                    return DirRecordLength * 2;
                case UsimFileId.Iccid:
                    return profile.EfIccid.Length;
                case UsimFileId.PreferredLanguages:
                case UsimFileId.LanguageIndication:
                    return 4;
                case UsimFileId.Imsi:
                    return profile.EfImsi.Length;
                case UsimFileId.Keys:
                case UsimFileId.KeysPs:
                    return 33;
                case UsimFileId.PlmnWithAct:
                    return ListLength(profile.PlmnWithAct, 8, UsimEncoding.PlmnWithActLength);
                case UsimFileId.HigherPriorityPlmnPeriod:
                case UsimFileId.Est:
                    return 1;
                case UsimFileId.Ust:
                    return UstLength;
                case UsimFileId.Spn:
                    return 17;
                case UsimFileId.Msisdn:
                    return UsimEncoding.DiallingNumberLength;
                case UsimFileId.Acc:
                    return profile.Acc != null ? profile.Acc.Length : 2;
                case UsimFileId.Fplmn:
                    return ListLength(profile.Fplmn, 4, UsimEncoding.PlmnLength);
                case UsimFileId.Loci:
                    return LociDefault.Length / 2;
                case UsimFileId.Ad:
                    return 4;
                case UsimFileId.Ecc:
                    return EccDefault.Length / 2;
                case UsimFileId.PsLoci:
                    return PsLociDefault.Length / 2;
                case UsimFileId.StartHfn:
                    return StartHfnDefault.Length / 2;
                case UsimFileId.Threshold:
                    return ThresholdDefault.Length / 2;
                case UsimFileId.OplmnWithAct:
                    return ListLength(profile.OplmnWithAct, 8, UsimEncoding.PlmnWithActLength);
                case UsimFileId.HplmnWithAct:
                    return ListLength(profile.HplmnWithAct, 1, UsimEncoding.PlmnWithActLength);
                case UsimFileId.Ehplmn:
                    return ListLength(profile.Ehplmn, 4, UsimEncoding.PlmnLength);
                case UsimFileId.EpsLoci:
                    return EpsLociDefault.Length / 2;
                case UsimFileId.EpsNsc:
                    return EpsNscRecordLength;
                case UsimFileId.Kc:
                case UsimFileId.KcGprs:
                    return 9;
                default:
                    throw new ArgumentOutOfRangeException(nameof(fileId));
            }
        }

        /// <summary>Writes the content a new card holds in EF fileId for profile over all of data (ContentLength bytes).</summary>
        private static void FillContent(ushort fileId, UsimProfile profile, byte[] data)
        {
            // As a new array: every byte not written below is zero.
            Array.Clear(data, 0, data.Length);
            switch (fileId)
            {
                case UsimFileId.Dir:
                    FillDir(data);
                    break;
                case UsimFileId.Iccid:
                    Array.Copy(profile.EfIccid, data, data.Length);
                    break;
                case UsimFileId.PreferredLanguages:
                case UsimFileId.LanguageIndication:
                    // TS 102 221 13.5 / TS 31.102 4.2.1: "en" (ISO 639), then an unused entry.
                    data[0] = 0x65;
                    data[1] = 0x6E;
                    data[2] = 0xFF;
                    data[3] = 0xFF;
                    break;
                case UsimFileId.Imsi:
                    Array.Copy(profile.EfImsi, data, data.Length);
                    break;
                case UsimFileId.Keys:
                case UsimFileId.KeysPs:
                    // TS 31.102 4.2.3: KSI '07' = no key available; CK and IK unset.
                    data[0] = 0x07;
                    Fill(data, 1, data.Length - 1, 0xFF);
                    break;
                case UsimFileId.PlmnWithAct:
                    FillPlmnWithActList(profile.PlmnWithAct, data);
                    break;
                case UsimFileId.HigherPriorityPlmnPeriod:
                    // TS 31.102 4.2.6: '00' = no higher priority PLMN search attempts.
                    break;
                case UsimFileId.Ust:
                    FillUst(profile.ServiceProviderName != null, profile.Msisdn != null, data);
                    break;
                case UsimFileId.Spn:
                    FillSpn(profile.ServiceProviderName, data);
                    break;
                case UsimFileId.Msisdn:
                    UsimEncoding.EncodeDiallingNumber(profile.Msisdn, data, 0);
                    break;
                case UsimFileId.Acc:
                    FillAcc(profile, data);
                    break;
                case UsimFileId.Fplmn:
                    FillPlmnList(profile.Fplmn, data);
                    break;
                case UsimFileId.Loci:
                    // TS 31.102 4.2.17: TMSI deleted, LAI deleted (LAC 'FFFE'), status "not updated".
                    FillHex(LociDefault, data);
                    break;
                case UsimFileId.Ad:
                    UsimEncoding.EncodeAdministrativeData(profile.MncLength, data, 0);
                    break;
                case UsimFileId.Ecc:
                    // TS 31.102 4.2.21: emergency numbers 112 and 911, category '00'.
                    FillHex(EccDefault, data);
                    break;
                case UsimFileId.PsLoci:
                    // TS 31.102 4.2.23: P-TMSI and signature deleted, RAI deleted, status "not updated".
                    FillHex(PsLociDefault, data);
                    break;
                case UsimFileId.Est:
                    // TS 31.102 4.2.47: FDN, BDN and ACL not enabled.
                    break;
                case UsimFileId.StartHfn:
                    // TS 31.102 4.2.51: START-CS and START-PS 'F00000' until the terminal stores its values.
                    FillHex(StartHfnDefault, data);
                    break;
                case UsimFileId.Threshold:
                    FillHex(ThresholdDefault, data);
                    break;
                case UsimFileId.OplmnWithAct:
                    FillPlmnWithActList(profile.OplmnWithAct, data);
                    break;
                case UsimFileId.HplmnWithAct:
                    FillPlmnWithActList(profile.HplmnWithAct, data);
                    break;
                case UsimFileId.Ehplmn:
                    FillPlmnList(profile.Ehplmn, data);
                    break;
                case UsimFileId.EpsLoci:
                    // TS 31.102 4.2.91: GUTI deleted, TAI deleted (TAC 'FFFE'), status "not updated".
                    FillHex(EpsLociDefault, data);
                    break;
                case UsimFileId.EpsNsc:
                    FillEpsSecurityContext(data);
                    break;
                case UsimFileId.Kc:
                case UsimFileId.KcGprs:
                    // TS 31.102 4.4.1.1: Kc unset, CKSN '07' = no key available.
                    Fill(data, 0, 8, 0xFF);
                    data[8] = 0x07;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(fileId));
            }
        }

        private static int ListLength(byte[] content, int emptyEntries, int entryLength)
        {
            return content != null ? content.Length : emptyEntries * entryLength;
        }

        private static void Fill(byte[] data, int offset, int count, byte value)
        {
            for (int i = offset; i < offset + count; i++)
            {
                data[i] = value;
            }
        }

        private static void FillDir(byte[] dir)
        {
            // TS 102 221 13.1: application template '61' with AID '4F' and label '50', padded with 'FF';
            // the second record is empty.
            Fill(dir, 0, dir.Length, 0xFF);
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
        }

        private static void FillUst(bool hasSpn, bool hasMsisdn, byte[] ust)
        {
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
        }

        private static void SetService(byte[] ust, int service)
        {
            // TS 31.102 4.2.8: service n is bit ((n-1) mod 8) of byte (n-1) div 8.
            ust[(service - 1) / 8] |= (byte)(1 << ((service - 1) % 8));
        }

        private static void FillSpn(string name, byte[] spn)
        {
            // TS 31.102 4.2.12: display condition byte, then up to 16 characters of the SMS default
            // alphabet (plain ASCII letters and digits coincide with it), padded with 'FF'.
            if (name.Length > 16)
            {
                throw new ArgumentException("service provider name longer than 16 characters", nameof(name));
            }

            Fill(spn, 1, spn.Length - 1, 0xFF);
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (c < 0x20 || c > 0x7E)
                {
                    throw new ArgumentException("service provider name must be printable ASCII", nameof(name));
                }

                spn[1 + i] = (byte)c;
            }
        }

        private static void FillAcc(UsimProfile profile, byte[] acc)
        {
            if (profile.Acc != null)
            {
                Array.Copy(profile.Acc, acc, acc.Length);
                return;
            }

            // TS 22.011 4.2: classes 0-9 are allocated at random; the last IMSI digit is a uniform choice.
            // TS 31.102 4.2.15: byte 2 bit (n+1) is class n for n < 8, byte 1 bits 1-2 are classes 8-9.
            string imsi;
            int accessClass = 0;
            if (UsimEncoding.TryDecodeImsi(profile.EfImsi, 0, out imsi))
            {
                accessClass = imsi[imsi.Length - 1] - '0';
            }

            if (accessClass < 8)
            {
                acc[1] = (byte)(1 << accessClass);
            }
            else
            {
                acc[0] = (byte)(1 << (accessClass - 8));
            }
        }

        private static void FillPlmnList(byte[] content, byte[] list)
        {
            if (content != null)
            {
                Array.Copy(content, list, list.Length);
                return;
            }

            Fill(list, 0, list.Length, 0xFF);
        }

        private static void FillPlmnWithActList(byte[] content, byte[] list)
        {
            if (content != null)
            {
                Array.Copy(content, list, list.Length);
                return;
            }

            // TS 31.102 4.2.5: an unused entry is 'FFFFFF' with no access technology '0000'.
            for (int i = 0; i < list.Length; i += UsimEncoding.PlmnWithActLength)
            {
                list[i] = 0xFF;
                list[i + 1] = 0xFF;
                list[i + 2] = 0xFF;
            }
        }

        private static void FillEpsSecurityContext(byte[] record)
        {
            // TS 31.102 4.2.92: template 'A0' with KSI_ASME '07' (no context), K_ASME, uplink and downlink
            // NAS counts and algorithms zero.
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
        }

        private static void FillHex(string hex, byte[] bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((HexValue(hex[2 * i]) << 4) | HexValue(hex[(2 * i) + 1]));
            }
        }

        private static int HexValue(char c)
        {
            return c <= '9' ? c - '0' : c - 'A' + 10;
        }
    }
}
