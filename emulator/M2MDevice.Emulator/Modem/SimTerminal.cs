using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Visited;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// The modem's side of the SIM interface (the "terminal" of TS 102 221 / TS 31.102): powers the card on and
    /// reads it as a real modem does, writes back what a modem writes (EF_LOCI, EF_PSLOCI, EF_EPSLOCI after
    /// registration, EF_FPLMN after reject #11, EF_KEYS/EF_KEYSPS after AKA), runs AUTHENTICATE for the
    /// visited operator, and passes +CSIM/+CRSM through. T=0 (TS 102 221 7.3.1.1): '61xx' is fetched with GET
    /// RESPONSE, '6Cxx' is re-sent with the exact Le. Every sequence (select + read) holds one lock so a
    /// concurrent +CSIM cannot change the current file in the middle.
    /// </summary>
    internal sealed class SimTerminal : IAuthenticationTerminal
    {
        private const int MaxTransportRetries = 8;

        private readonly ISimCard card;
        private readonly SemaphoreSlim gate = new SemaphoreSlim(1, 1);
        private byte[] usimAid;

        public SimTerminal(ISimCard card)
        {
            ArgumentNullException.ThrowIfNull(card);
            this.card = card;
        }

        public ISimCard Card => card;

        /// <summary>Why the last operation failed (transport), Ok when it did not.</summary>
        public SimCardStatus LastTransportStatus { get; private set; }

        /// <summary>
        /// TS 31.102 5.1.1: activation, MF, EF_DIR (USIM AID), EF_ICCID, ADF.USIM, EF_IMSI, EF_AD, EF_FPLMN,
        /// EF_EHPLMN, EF_PLMNwAcT, EF_OPLMNwACT, EF_LOCI. Returns the snapshot, or null with state telling why.
        /// </summary>
        public async Task<(SimCardInfo Info, SimState State)> PowerOnAsync(CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                SimCardResponse atr = await card.ResetAsync(true, cancellationToken).ConfigureAwait(false);
                LastTransportStatus = atr.Status;
                if (atr.Status != SimCardStatus.Ok)
                {
                    return (null, atr.Status == SimCardStatus.Absent ? SimState.Absent : SimState.Failure);
                }

                // MF with its FCP, then EF_DIR: the first record's application template names the USIM AID.
                if (await SelectAsync(0x00, UsimFileId.Mf, true, cancellationToken).ConfigureAwait(false) == null)
                {
                    return (null, SimState.Failure);
                }

                byte[] dirFcp = await SelectAsync(0x00, UsimFileId.Dir, true, cancellationToken).ConfigureAwait(false);
                if (dirFcp == null || !TryGetRecordLength(dirFcp, out int recordLength))
                {
                    return (null, SimState.Failure);
                }

                byte[] record = await ReadRecordAsync(1, recordLength, cancellationToken).ConfigureAwait(false);
                byte[] aid = record == null ? null : FindUsimAid(record);
                if (aid == null)
                {
                    return (null, SimState.Failure);
                }

                byte[] iccidFile = await ReadTransparentAsync(UsimFileId.Iccid, false, cancellationToken).ConfigureAwait(false);
                string iccid = null;
                if (iccidFile == null || iccidFile.Length < UsimEncoding.IccidFileLength || !UsimEncoding.TryDecodeIccid(iccidFile, 0, out iccid))
                {
                    return (null, SimState.Failure);
                }

                usimAid = aid;
                if (!await SelectApplicationAsync(cancellationToken).ConfigureAwait(false))
                {
                    return (null, SimState.Failure);
                }

                SimCardResponse imsiRead = await ReadTransparentRawAsync(UsimFileId.Imsi, true, cancellationToken).ConfigureAwait(false);
                if (imsiRead == null)
                {
                    return (null, SimState.Failure);
                }

                if (imsiRead.StatusWord == 0x6982)
                {
                    return (null, SimState.PinRequired); // TS 102 221 10.2.1.3: security status not satisfied (PIN1)
                }

                if (imsiRead.StatusWord != 0x9000 || imsiRead.Data.Length < 2 + UsimEncoding.ImsiFileLength
                    || !UsimEncoding.TryDecodeImsi(imsiRead.Data, 0, out string imsi))
                {
                    return (null, SimState.Failure);
                }

                byte[] ad = await ReadTransparentAsync(UsimFileId.Ad, true, cancellationToken).ConfigureAwait(false);
                int mncLength = 2;
                if (ad != null && UsimEncoding.TryDecodeMncLength(ad, 0, ad.Length, out int decoded))
                {
                    mncLength = decoded;
                }

                byte[] fplmn = await ReadTransparentAsync(UsimFileId.Fplmn, true, cancellationToken).ConfigureAwait(false);
                byte[] ehplmn = await ReadTransparentAsync(UsimFileId.Ehplmn, true, cancellationToken).ConfigureAwait(false);
                byte[] user = await ReadTransparentAsync(UsimFileId.PlmnWithAct, true, cancellationToken).ConfigureAwait(false);
                byte[] operatorList = await ReadTransparentAsync(UsimFileId.OplmnWithAct, true, cancellationToken).ConfigureAwait(false);
                byte[] loci = await ReadTransparentAsync(UsimFileId.Loci, true, cancellationToken).ConfigureAwait(false);
                string lastPlmn = null;
                if (loci != null && loci.Length >= UsimEncoding.LociLength
                    && UsimEncoding.TryDecodeLocationInformation(loci, 0, out _, out string mcc, out string mnc, out _, out byte status)
                    && (status & 0x07) == 0)
                {
                    lastPlmn = mcc + mnc;
                }

                var info = new SimCardInfo(atr.Data, iccid, imsi, mncLength, aid, DecodePlmns(fplmn, 3), fplmn == null ? 0 : fplmn.Length / 3,
                    DecodePlmns(ehplmn, 3), DecodePlmns(user, 5), DecodePlmns(operatorList, 5), lastPlmn);
                return (info, SimState.Ready);
            }
            finally
            {
                gate.Release();
            }
        }

        /// <summary>Powers the card off (errors ignored: the card is going away either way).</summary>
        public async Task PowerOffAsync(CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await card.PowerOffAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }

        /// <summary>+CSIM: one APDU passed through unchanged (the DTE handles T=0 itself).</summary>
        public async Task<SimCardResponse> TransmitRawAsync(byte[] command, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                SimCardResponse answer = await card.TransmitAsync(command, 0, command.Length, cancellationToken).ConfigureAwait(false);
                LastTransportStatus = answer.Status;
                return answer;
            }
            finally
            {
                gate.Release();
            }
        }

        /// <summary>
        /// +CRSM (TS 27.007 8.18): selects fileId (under the MF for 2Fxx and the MF itself, else under ADF.USIM,
        /// or along pathId) and runs command. Returns the R-APDU, or null when the card did not answer.
        /// </summary>
        public async Task<SimCardResponse> RestrictedAccessAsync(int command, int fileId, int p1, int p2, int p3, byte[] data, byte[] pathId, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                SimCardResponse selected = await SelectForRestrictedAccessAsync(fileId, pathId, command == 192, cancellationToken).ConfigureAwait(false);
                if (selected == null || selected.StatusWord != 0x9000 || command == 192)
                {
                    return selected; // GET RESPONSE: the FCP of the selection is the answer
                }

                byte[] apdu;
                switch (command)
                {
                    case 176: // READ BINARY
                        apdu = new byte[] { 0x00, 0xB0, (byte)p1, (byte)p2, (byte)p3 };
                        break;
                    case 178: // READ RECORD
                        apdu = new byte[] { 0x00, 0xB2, (byte)p1, (byte)p2, (byte)p3 };
                        break;
                    case 214: // UPDATE BINARY
                    case 220: // UPDATE RECORD
                        apdu = new byte[5 + (data == null ? 0 : data.Length)];
                        apdu[0] = 0x00;
                        apdu[1] = command == 214 ? (byte)0xD6 : (byte)0xDC;
                        apdu[2] = (byte)p1;
                        apdu[3] = (byte)p2;
                        apdu[4] = (byte)(data == null ? 0 : data.Length);
                        if (data != null)
                        {
                            Array.Copy(data, 0, apdu, 5, data.Length);
                        }

                        break;
                    case 242: // STATUS
                        apdu = new byte[] { 0x80, 0xF2, (byte)p1, (byte)p2, (byte)p3 };
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(command));
                }

                return await TransmitT0Async(apdu, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }

        /// <inheritdoc/>
        public async Task<AuthenticateResponse> AuthenticateAsync(byte[] rand, byte[] autn, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(rand);
            ArgumentNullException.ThrowIfNull(autn);
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!await SelectApplicationAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                // TS 31.102 7.1.2: AUTHENTICATE, 3G context, with Le so the card answers at once.
                byte[] command = new byte[5 + 1 + 16 + 1 + autn.Length + 1];
                int length = AuthenticateApdu.BuildUmtsCommand(0x00, rand, 0, autn, 0, autn.Length, command, 0);
                SimCardResponse answer = await TransmitT0Async(command.AsSpan(0, length).ToArray(), cancellationToken).ConfigureAwait(false);
                if (answer == null)
                {
                    return null;
                }

                try
                {
                    var response = new AuthenticateResponse();
                    AuthenticateParseResult parsed = AuthenticateApdu.ParseResponse(AuthenticateContext.Umts, answer.Data, 0, answer.Data.Length, response);
                    if (parsed != AuthenticateParseResult.Ok && parsed != AuthenticateParseResult.ErrorStatus)
                    {
                        response.Clear();
                        return null;
                    }

                    return response;
                }
                finally
                {
                    answer.Clear();
                }
            }
            finally
            {
                gate.Release();
            }
        }

        /// <summary>Writes a whole transparent EF of ADF.USIM (UPDATE BINARY from offset 0). True on '9000'.</summary>
        public async Task<bool> UpdateUsimFileAsync(ushort fileId, byte[] content, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!await SelectApplicationAsync(cancellationToken).ConfigureAwait(false)
                    || await SelectAsync(0x00, fileId, false, cancellationToken).ConfigureAwait(false) == null)
                {
                    return false;
                }

                byte[] apdu = new byte[5 + content.Length];
                apdu[1] = 0xD6;
                apdu[4] = (byte)content.Length;
                Array.Copy(content, 0, apdu, 5, content.Length);
                SimCardResponse answer = await TransmitT0Async(apdu, cancellationToken).ConfigureAwait(false);
                CryptographicOperations.ZeroMemory(apdu);
                return answer != null && answer.StatusWord == 0x9000;
            }
            finally
            {
                gate.Release();
            }
        }

        /// <summary>Reads a whole transparent EF of ADF.USIM, or null.</summary>
        public async Task<byte[]> ReadUsimFileAsync(ushort fileId, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await SelectApplicationAsync(cancellationToken).ConfigureAwait(false)
                    ? await ReadTransparentAsync(fileId, true, cancellationToken).ConfigureAwait(false)
                    : null;
            }
            finally
            {
                gate.Release();
            }
        }

        private async Task<bool> SelectApplicationAsync(CancellationToken cancellationToken)
        {
            if (usimAid == null)
            {
                return false;
            }

            // TS 102 221 11.1.1: SELECT by DF name (AID), P2 '0C' no data returned.
            byte[] apdu = new byte[5 + usimAid.Length];
            apdu[1] = 0xA4;
            apdu[2] = 0x04;
            apdu[3] = 0x0C;
            apdu[4] = (byte)usimAid.Length;
            Array.Copy(usimAid, 0, apdu, 5, usimAid.Length);
            SimCardResponse answer = await TransmitT0Async(apdu, cancellationToken).ConfigureAwait(false);
            return answer != null && answer.StatusWord == 0x9000;
        }

        private async Task<SimCardResponse> SelectForRestrictedAccessAsync(int fileId, byte[] pathId, bool withFcp, CancellationToken cancellationToken)
        {
            if (pathId != null && pathId.Length >= 2)
            {
                // TS 27.007 8.18 <pathid>: the path of the DF from the MF (TS 102 221 8.4.2), e.g. "7FFF" or "3F007FFF".
                int start = pathId[0] == 0x3F && pathId[1] == 0x00 ? 2 : 0;
                byte[] path = new byte[pathId.Length - start + 2];
                Array.Copy(pathId, start, path, 0, pathId.Length - start);
                path[path.Length - 2] = (byte)(fileId >> 8);
                path[path.Length - 1] = (byte)fileId;
                byte[] apdu = new byte[5 + path.Length];
                apdu[1] = 0xA4;
                apdu[2] = 0x08;
                apdu[3] = withFcp ? (byte)0x04 : (byte)0x0C;
                apdu[4] = (byte)path.Length;
                Array.Copy(path, 0, apdu, 5, path.Length);
                return await TransmitT0Async(apdu, cancellationToken).ConfigureAwait(false);
            }

            bool underMf = fileId == UsimFileId.Mf || (fileId >> 8) == 0x2F;
            if (underMf)
            {
                if (fileId != UsimFileId.Mf && await SelectAsync(0x00, UsimFileId.Mf, false, cancellationToken).ConfigureAwait(false) == null)
                {
                    return SimCardResponse.Answer(new byte[] { 0x6A, 0x82 });
                }
            }
            else if (!await SelectApplicationAsync(cancellationToken).ConfigureAwait(false))
            {
                return SimCardResponse.Answer(new byte[] { 0x6A, 0x82 });
            }

            byte[] select = { 0x00, 0xA4, 0x00, withFcp ? (byte)0x04 : (byte)0x0C, 0x02, (byte)(fileId >> 8), (byte)fileId };
            return await TransmitT0Async(select, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>SELECT by FID (P1 '00'); with FCP returns the FCP, else an empty array; null unless '9000'.</summary>
        private async Task<byte[]> SelectAsync(byte p1, ushort fileId, bool withFcp, CancellationToken cancellationToken)
        {
            byte[] apdu = { 0x00, 0xA4, p1, withFcp ? (byte)0x04 : (byte)0x0C, 0x02, (byte)(fileId >> 8), (byte)fileId };
            SimCardResponse answer = await TransmitT0Async(apdu, cancellationToken).ConfigureAwait(false);
            if (answer == null || answer.StatusWord != 0x9000)
            {
                return null;
            }

            return answer.Data.AsSpan(0, answer.Data.Length - 2).ToArray();
        }

        private async Task<byte[]> ReadRecordAsync(int record, int length, CancellationToken cancellationToken)
        {
            byte[] apdu = { 0x00, 0xB2, (byte)record, 0x04, (byte)length };
            SimCardResponse answer = await TransmitT0Async(apdu, cancellationToken).ConfigureAwait(false);
            return answer == null || answer.StatusWord != 0x9000 ? null : answer.Data.AsSpan(0, answer.Data.Length - 2).ToArray();
        }

        /// <summary>Selects the EF (FCP for its size) and reads it whole; null when absent or unreadable.</summary>
        private async Task<byte[]> ReadTransparentAsync(ushort fileId, bool inApplication, CancellationToken cancellationToken)
        {
            SimCardResponse answer = await ReadTransparentRawAsync(fileId, inApplication, cancellationToken).ConfigureAwait(false);
            return answer == null || answer.StatusWord != 0x9000 ? null : answer.Data.AsSpan(0, answer.Data.Length - 2).ToArray();
        }

        private async Task<SimCardResponse> ReadTransparentRawAsync(ushort fileId, bool inApplication, CancellationToken cancellationToken)
        {
            _ = inApplication; // MF EFs are selectable from anywhere (TS 102 221 8.4.1); USIM EFs need the ADF current.
            byte[] fcp = await SelectAsync(0x00, fileId, true, cancellationToken).ConfigureAwait(false);
            if (fcp == null || !TryGetFileSize(fcp, out int size) || size == 0)
            {
                return LastTransportStatus == SimCardStatus.Ok ? SimCardResponse.Answer(new byte[] { 0x6A, 0x82 }) : null;
            }

            var content = new byte[size + 2];
            int offset = 0;
            while (offset < size)
            {
                int chunk = Math.Min(256, size - offset);
                byte[] apdu = { 0x00, 0xB0, (byte)(offset >> 8), (byte)offset, (byte)chunk };
                SimCardResponse answer = await TransmitT0Async(apdu, cancellationToken).ConfigureAwait(false);
                if (answer == null)
                {
                    return null;
                }

                if (answer.StatusWord != 0x9000)
                {
                    return answer;
                }

                Array.Copy(answer.Data, 0, content, offset, answer.Data.Length - 2);
                offset += answer.Data.Length - 2;
                if (answer.Data.Length == 2)
                {
                    break;
                }
            }

            content[size] = 0x90;
            content[size + 1] = 0x00;
            return SimCardResponse.Answer(content);
        }

        /// <summary>Sends an APDU and completes T=0 procedures ('61xx' GET RESPONSE, '6Cxx' re-send). Null when the card did not answer.</summary>
        private async Task<SimCardResponse> TransmitT0Async(byte[] apdu, CancellationToken cancellationToken)
        {
            SimCardResponse answer = await card.TransmitAsync(apdu, 0, apdu.Length, cancellationToken).ConfigureAwait(false);
            LastTransportStatus = answer.Status;
            if (answer.Status != SimCardStatus.Ok || answer.Data.Length < 2)
            {
                return null;
            }

            for (int retry = 0; retry < MaxTransportRetries; retry++)
            {
                int sw1 = answer.Data[answer.Data.Length - 2];
                int sw2 = answer.Data[answer.Data.Length - 1];
                if (sw1 == 0x6C && apdu.Length == 5)
                {
                    // TS 102 221 7.3.1.1.4: wrong Le; re-send the same command with Le = SW2.
                    apdu = (byte[])apdu.Clone();
                    apdu[4] = (byte)sw2;
                    answer = await card.TransmitAsync(apdu, 0, apdu.Length, cancellationToken).ConfigureAwait(false);
                }
                else if (sw1 == 0x61)
                {
                    // TS 102 221 7.3.1.1.4: response bytes available; fetch them with GET RESPONSE.
                    byte[] prefix = answer.Data.AsSpan(0, answer.Data.Length - 2).ToArray();
                    byte[] getResponse = { 0x00, 0xC0, 0x00, 0x00, (byte)sw2 };
                    SimCardResponse fetched = await card.TransmitAsync(getResponse, 0, getResponse.Length, cancellationToken).ConfigureAwait(false);
                    answer.Clear();
                    if (fetched.Status != SimCardStatus.Ok || fetched.Data.Length < 2)
                    {
                        LastTransportStatus = fetched.Status;
                        return null;
                    }

                    if (prefix.Length > 0)
                    {
                        byte[] joined = new byte[prefix.Length + fetched.Data.Length];
                        Array.Copy(prefix, joined, prefix.Length);
                        Array.Copy(fetched.Data, 0, joined, prefix.Length, fetched.Data.Length);
                        fetched.Clear();
                        fetched = SimCardResponse.Answer(joined);
                    }

                    answer = fetched;
                }
                else
                {
                    return answer;
                }

                LastTransportStatus = answer.Status;
                if (answer.Status != SimCardStatus.Ok || answer.Data.Length < 2)
                {
                    return null;
                }
            }

            return answer;
        }

        private static bool TryGetFileSize(byte[] fcp, out int size)
        {
            // TS 102 221 11.1.1.4.1: tag '80' file size (2 bytes) inside the FCP template '62'.
            size = 0;
            if (!TryFindTag(fcp, 0x80, out int offset, out int length) || length < 2)
            {
                return false;
            }

            size = (fcp[offset] << 8) | fcp[offset + 1];
            return true;
        }

        private static bool TryGetRecordLength(byte[] fcp, out int recordLength)
        {
            // TS 102 221 11.1.1.4.3: file descriptor '82': descriptor byte, coding byte, record length (2), count.
            recordLength = 0;
            if (!TryFindTag(fcp, 0x82, out int offset, out int length) || length < 5)
            {
                return false;
            }

            recordLength = (fcp[offset + 2] << 8) | fcp[offset + 3];
            return recordLength > 0 && recordLength <= 255;
        }

        private static bool TryFindTag(byte[] fcp, int tag, out int valueOffset, out int valueLength)
        {
            valueOffset = 0;
            valueLength = 0;
            if (fcp.Length < 2 || fcp[0] != 0x62)
            {
                return false;
            }

            int end = Math.Min(fcp.Length, 2 + fcp[1]);
            int p = 2;
            while (p + 2 <= end)
            {
                int t = fcp[p];
                int l = fcp[p + 1];
                if (p + 2 + l > end)
                {
                    return false;
                }

                if (t == tag)
                {
                    valueOffset = p + 2;
                    valueLength = l;
                    return true;
                }

                p += 2 + l;
            }

            return false;
        }

        private static byte[] FindUsimAid(byte[] record)
        {
            // TS 102 221 13.1: application template '61' holding the AID '4F'; USIM AIDs start A0000000871002 (TS 31.110).
            if (record.Length < 4 || record[0] != 0x61 || record[2] != 0x4F)
            {
                return null;
            }

            int length = record[3];
            if (length < 7 || length > 16 || 4 + length > record.Length)
            {
                return null;
            }

            byte[] aid = record.AsSpan(4, length).ToArray();
            byte[] usimPrefix = { 0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02 };
            return aid.AsSpan(0, 7).SequenceEqual(usimPrefix) ? aid : null;
        }

        private static IReadOnlyList<string> DecodePlmns(byte[] file, int entryLength)
        {
            var list = new List<string>();
            if (file == null)
            {
                return list;
            }

            for (int offset = 0; offset + entryLength <= file.Length; offset += entryLength)
            {
                if (UsimEncoding.TryDecodePlmn(file, offset, out string mcc, out string mnc))
                {
                    list.Add(mcc + mnc);
                }
            }

            return list;
        }
    }
}
