using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.At;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Visited;
using M2MDevice.Firmware.Usim;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>Network service: +COPS, +CREG/+CGREG/+CEREG with URCs, +CSQ, packet domain, and the registration procedure.</summary>
    public sealed partial class EmulatedModem
    {
        private static readonly RegistrationKind[] Kinds = { RegistrationKind.Circuit, RegistrationKind.Gprs, RegistrationKind.Eps };

        private readonly int[] registrationModes = new int[3];
        private readonly string[] lastReported = new string[3];
        private readonly SortedDictionary<int, PdpContext> contexts = new SortedDictionary<int, PdpContext>();
        private int functionality;
        private RegistrationStatus registrationStatus = RegistrationStatus.NotRegistered;
        private CellOperator servingOperator;
        private int rejectCause = -1;
        private int operatorMode;
        private int operatorFormat;
        private string manualPlmn;
        private CancellationTokenSource registrationCancellation;
        private bool attached;
        private DataSessionPolicy dataPolicy = DataSessionPolicy.Unrestricted;
        private DateTimeOffset attachedAt;
        private long dataBytesUsed;

        /// <summary>Starts a registration per the +COPS mode in the background. Under the lock.</summary>
        private void StartRegistration()
        {
            ReleaseLinked(ref registrationCancellation, cancel: true);
            if (simState != SimState.Ready || functionality != 1 || operatorMode == 2 || terminal == null)
            {
                return;
            }

            registrationCancellation = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
            CancellationToken token = registrationCancellation.Token;
            string manual = operatorMode == 1 || operatorMode == 4 ? manualPlmn : null;
            bool fallback = operatorMode != 1;
            SimTerminal card = terminal;
            SimCardInfo info = simInfo;
            SetRegistration(RegistrationStatus.Searching, null, -1);
            _ = Task.Run(() => Background("registration", () => RegisterAsync(manual, fallback, card, info, token)));
        }

        /// <summary>Leaves the network (no NAS signalling modelled). Under the lock.</summary>
        private void Deregister()
        {
            ReleaseLinked(ref registrationCancellation, cancel: true);
            attached = false;
            foreach (PdpContext context in contexts.Values)
            {
                context.Active = false;
            }

            dataPolicy = DataSessionPolicy.Unrestricted;
            SetRegistration(RegistrationStatus.NotRegistered, null, -1);
        }

        private async Task RegisterAsync(string manual, bool fallback, SimTerminal card, SimCardInfo info, CancellationToken token)
        {
            var candidates = new List<CellOperator>();
            if (manual != null && radio.TryFind(manual, out CellOperator chosen))
            {
                candidates.Add(chosen);
            }

            if (manual == null || fallback)
            {
                foreach (CellOperator cell in AutomaticCandidates(info))
                {
                    if (!candidates.Contains(cell))
                    {
                        candidates.Add(cell);
                    }
                }
            }

            int cause = -1;
            foreach (CellOperator cell in candidates)
            {
                RegistrationOutcome outcome = await cell.Core.RegisterAsync(info.Imsi, card, token).ConfigureAwait(false);
                if (outcome.Accepted)
                {
                    try
                    {
                        await StoreRegistrationAsync(card, cell, outcome, token).ConfigureAwait(false);
                    }
                    finally
                    {
                        outcome.ClearKeys();
                    }

                    bool home = IsHome(info, cell.Plmn);
                    await LockedAsync(
                        () =>
                        {
                            if (token.IsCancellationRequested)
                            {
                                return;
                            }

                            attached = true;
                            dataPolicy = outcome.DataPolicy;
                            attachedAt = options.Clock.GetUtcNow();
                            dataBytesUsed = 0;
                            lastError = "No cause information available";
                            SetRegistration(home ? RegistrationStatus.Home : RegistrationStatus.Roaming, cell, -1);
                        },
                        token).ConfigureAwait(false);
                    return;
                }

                if (outcome.SimFailure)
                {
                    await LockedAsync(
                        () =>
                        {
                            if (token.IsCancellationRequested)
                            {
                                return;
                            }

                            simState = SimState.Failure;
                            lastError = "SIM failure";
                            SetRegistration(RegistrationStatus.NotRegistered, null, -1);
                        },
                        token).ConfigureAwait(false);
                    return;
                }

                cause = outcome.Cause;
                logger.LogInformation("registration at {Plmn} rejected, #{Cause}", cell.Plmn, cause);
                if (cause == NasCause.PlmnNotAllowed)
                {
                    // TS 24.008 4.4.4.7 / TS 24.301 5.5.1.2.5: #11 stores the PLMN in the forbidden list on the SIM.
                    await AddForbiddenPlmnAsync(card, cell.Plmn, token).ConfigureAwait(false);
                }

                bool tryNext = (manual == null || fallback) && (cause == NasCause.PlmnNotAllowed || cause == NasCause.LocationAreaNotAllowed
                    || cause == NasCause.RoamingNotAllowed || cause == NasCause.NoSuitableCells || cause == NasCause.NetworkFailure);
                if (!tryNext)
                {
                    break; // TS 24.008 4.4.4.9: #2, #3, #6 make the SIM invalid for the network; MAC/synch failures end the attempt
                }
            }

            int finalCause = cause;
            await LockedAsync(
                () =>
                {
                    if (token.IsCancellationRequested)
                    {
                        return;
                    }

                    if (finalCause < 0)
                    {
                        lastError = "No network service";
                        SetRegistration(RegistrationStatus.NotRegistered, null, -1);
                    }
                    else
                    {
                        lastError = "Registration rejected: " + NasCause.Describe(finalCause) + " (#" + finalCause.ToString(CultureInfo.InvariantCulture) + ")";
                        SetRegistration(RegistrationStatus.Denied, null, finalCause);
                    }
                },
                token).ConfigureAwait(false);
        }

        /// <summary>TS 23.122 4.4.3.1.1 automatic mode order: RPLMN, HPLMN/EHPLMN, user list, operator list, others by signal; never a forbidden PLMN.</summary>
        private List<CellOperator> AutomaticCandidates(SimCardInfo info)
        {
            var ordered = new List<CellOperator>();
            void AddIf(string plmn)
            {
                if (plmn != null && radio.TryFind(plmn, out CellOperator cell) && !ordered.Contains(cell) && !IsForbidden(info, cell.Plmn))
                {
                    ordered.Add(cell);
                }
            }

            AddIf(info.LastRegisteredPlmn);
            AddIf(info.HomePlmn);
            foreach (string plmn in info.EquivalentHomePlmns)
            {
                AddIf(plmn);
            }

            foreach (string plmn in info.UserPlmns)
            {
                AddIf(plmn);
            }

            foreach (string plmn in info.OperatorPlmns)
            {
                AddIf(plmn);
            }

            var rest = new List<CellOperator>();
            foreach (CellOperator cell in radio.Operators)
            {
                if (!ordered.Contains(cell) && !IsForbidden(info, cell.Plmn))
                {
                    rest.Add(cell);
                }
            }

            rest.Sort((a, b) => SignalRank(b).CompareTo(SignalRank(a)));
            ordered.AddRange(rest);
            return ordered;
        }

        private static int SignalRank(CellOperator cell) => cell.Rssi == 99 ? -1 : cell.Rssi;

        private static bool IsForbidden(SimCardInfo info, string plmn) => info.ForbiddenPlmns.Contains(plmn);

        private static bool IsHome(SimCardInfo info, string plmn) => plmn == info.HomePlmn || info.EquivalentHomePlmns.Contains(plmn);

        /// <summary>What a modem writes after a successful registration: EF_LOCI, EF_PSLOCI, EF_EPSLOCI, EF_KEYS, EF_KEYSPS.</summary>
        private async Task StoreRegistrationAsync(SimTerminal card, CellOperator cell, RegistrationOutcome outcome, CancellationToken token)
        {
            // TS 31.102 4.2.17 EF_LOCI: TMSI, LAI, RFU, update status 0 (updated).
            byte[] loci = new byte[UsimEncoding.LociLength];
            UsimEncoding.EncodeLocationInformation(outcome.Tmsi, cell.Mcc, cell.Mnc, (ushort)cell.AreaCode, 0, loci, 0);
            await card.UpdateUsimFileAsync(UsimFileId.Loci, loci, token).ConfigureAwait(false);

            // TS 31.102 4.2.23 EF_PSLOCI: P-TMSI (TS 23.003 2.8: bits 31-30 set), P-TMSI signature, RAI (LAI + RAC), status 0.
            byte[] psloci = new byte[14];
            WriteUInt32(psloci, 0, outcome.Tmsi | 0xC0000000);
            psloci[4] = 0x5A;
            psloci[5] = 0x3C;
            psloci[6] = 0x96;
            UsimEncoding.EncodePlmn(cell.Mcc, cell.Mnc, psloci, 7);
            psloci[10] = (byte)(cell.AreaCode >> 8);
            psloci[11] = (byte)cell.AreaCode;
            psloci[12] = 0x01;
            psloci[13] = 0x00;
            await card.UpdateUsimFileAsync(UsimFileId.PsLoci, psloci, token).ConfigureAwait(false);

            // TS 31.102 4.2.91 EF_EPSLOCI: GUTI (TS 24.301 9.9.3.12 from octet 2: length 11, 'F6', PLMN, MMEGI, MMEC,
            // M-TMSI), last visited registered TAI (PLMN + TAC), EPS update status 0 (updated).
            byte[] epsloci = new byte[18];
            epsloci[0] = 0x0B;
            epsloci[1] = 0xF6;
            UsimEncoding.EncodePlmn(cell.Mcc, cell.Mnc, epsloci, 2);
            epsloci[5] = 0x80;
            epsloci[6] = 0x01;
            epsloci[7] = 0x01;
            WriteUInt32(epsloci, 8, outcome.Tmsi);
            UsimEncoding.EncodePlmn(cell.Mcc, cell.Mnc, epsloci, 12);
            epsloci[15] = (byte)(cell.AreaCode >> 8);
            epsloci[16] = (byte)cell.AreaCode;
            epsloci[17] = 0x00;
            await card.UpdateUsimFileAsync(UsimFileId.EpsLoci, epsloci, token).ConfigureAwait(false);

            // TS 31.102 4.2.3 / 4.2.4 EF_KEYS, EF_KEYSPS: KSI, CK, IK (128 bits each).
            byte[] keys = new byte[33];
            try
            {
                keys[0] = (byte)outcome.KeySetIdentifier;
                Array.Copy(outcome.Ck, 0, keys, 1, 16);
                Array.Copy(outcome.Ik, 0, keys, 17, 16);
                await card.UpdateUsimFileAsync(UsimFileId.Keys, keys, token).ConfigureAwait(false);
                await card.UpdateUsimFileAsync(UsimFileId.KeysPs, keys, token).ConfigureAwait(false);
            }
            finally
            {
                Array.Clear(keys);
            }
        }

        /// <summary>Adds plmn to EF_FPLMN (first free entry, or in place of the oldest) and to the modem's copy.</summary>
        private async Task AddForbiddenPlmnAsync(SimTerminal card, string plmn, CancellationToken token)
        {
            byte[] file = await card.ReadUsimFileAsync(UsimFileId.Fplmn, token).ConfigureAwait(false);
            if (file == null || file.Length < 3)
            {
                return;
            }

            var entries = new List<string>();
            for (int offset = 0; offset + 3 <= file.Length; offset += 3)
            {
                if (UsimEncoding.TryDecodePlmn(file, offset, out string mcc, out string mnc))
                {
                    entries.Add(mcc + mnc);
                }
            }

            if (entries.Contains(plmn))
            {
                return;
            }

            entries.Add(plmn);
            int capacity = file.Length / 3;
            while (entries.Count > capacity)
            {
                entries.RemoveAt(0); // TS 24.008 4.4.4.7: a full list loses its oldest entry
            }

            for (int i = 0; i < capacity; i++)
            {
                if (i < entries.Count)
                {
                    UsimEncoding.EncodePlmn(entries[i].Substring(0, 3), entries[i].Substring(3), file, i * 3);
                }
                else
                {
                    UsimEncoding.EncodeUnusedPlmn(file, i * 3);
                }
            }

            bool written = await card.UpdateUsimFileAsync(UsimFileId.Fplmn, file, token).ConfigureAwait(false);
            await LockedAsync(
                () =>
                {
                    if (written && terminal == card && simInfo != null)
                    {
                        simInfo = simInfo.WithForbidden(entries);
                    }
                },
                token).ConfigureAwait(false);
        }

        private static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)(value >> 24);
            buffer[offset + 1] = (byte)(value >> 16);
            buffer[offset + 2] = (byte)(value >> 8);
            buffer[offset + 3] = (byte)value;
        }

        /// <summary>Sets the registration state and writes the +CREG/+CGREG/+CEREG URCs whose content changed. Under the lock.</summary>
        private void SetRegistration(RegistrationStatus status, CellOperator cell, int cause)
        {
            registrationStatus = status;
            servingOperator = cell;
            rejectCause = cause;
            for (int i = 0; i < Kinds.Length; i++)
            {
                int mode = registrationModes[i];
                if (mode == 0)
                {
                    continue;
                }

                string urc = RegistrationText(Kinds[i], mode);
                if (urc != lastReported[i])
                {
                    lastReported[i] = urc;
                    Urc(urc);
                }
            }
        }

        /// <summary>The URC text per TS 27.007 7.2 / 10.1.20 / 10.1.22, via the shared formatter.</summary>
        private string RegistrationText(RegistrationKind kind, int mode)
        {
            scratch.Clear();
            CellOperator cell = servingOperator;
            NetworkServiceCommands.FormatRegistrationUrc(scratch, kind, mode, registrationStatus, cell == null ? -1 : cell.AreaCode,
                cell == null ? -1 : cell.CellId, cell == null ? -1 : cell.AccessTechnology, registrationStatus == RegistrationStatus.Denied ? rejectCause : -1);
            return scratch.ToString();
        }

        /// <summary>+CREG/+CGREG/+CEREG (TS 27.007 7.2, 10.1.20, 10.1.22): modes 0-3.</summary>
        private CommandOutcome RegistrationReporting(CommandForm form, AtReader parameters, RegistrationKind kind)
        {
            int index = (int)kind;
            string prefix = NetworkServiceCommands.RegistrationPrefix(kind);
            switch (form)
            {
                case CommandForm.Test:
                    Info(prefix + " (0-3)");
                    return CommandOutcome.Ok;
                case CommandForm.Read:
                    // Read form: "+CREG: <n>,<stat>[,...]" = the URC with <n> inserted after the prefix.
                    int mode = registrationModes[index];
                    string urc = RegistrationText(kind, mode == 0 ? 1 : mode);
                    Info(prefix + " " + mode.ToString(CultureInfo.InvariantCulture) + "," + urc.Substring(prefix.Length + 1));
                    return CommandOutcome.Ok;
                case CommandForm.Set:
                    if (!parameters.TryReadOptionalInt(0, 3, out int value) || !parameters.TryEnd())
                    {
                        return CommandOutcome.Cme(CmeError.IncorrectParameters);
                    }

                    registrationModes[index] = value < 0 ? 0 : value;
                    lastReported[index] = registrationModes[index] == 0 ? null : RegistrationText(kind, registrationModes[index]);
                    return CommandOutcome.Ok;
                default:
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }
        }

        /// <summary>+COPS (TS 27.007 7.3): read, test (operators in coverage), 0 automatic, 1 manual, 2 deregister, 3 format, 4 manual/automatic.</summary>
        private CommandOutcome OperatorSelection(CommandForm form, AtReader parameters)
        {
            switch (form)
            {
                case CommandForm.Read:
                    scratch.Clear();
                    scratch.Append(NetworkServiceCommands.OperatorPrefix).AppendByte((byte)' ').AppendInt(operatorMode);
                    if (servingOperator != null && (registrationStatus == RegistrationStatus.Home || registrationStatus == RegistrationStatus.Roaming))
                    {
                        scratch.AppendByte((byte)',').AppendInt(operatorFormat).AppendByte((byte)',').AppendQuoted(OperatorName(servingOperator, operatorFormat))
                            .AppendByte((byte)',').AppendInt(servingOperator.AccessTechnology);
                    }

                    InfoFromScratch();
                    return CommandOutcome.Ok;
                case CommandForm.Test:
                    if (functionality != 1)
                    {
                        return CommandOutcome.Cme(CmeError.OperationNotAllowed);
                    }

                    scratch.Clear();
                    scratch.Append(NetworkServiceCommands.OperatorPrefix).AppendByte((byte)' ');
                    foreach (CellOperator cell in radio.Operators)
                    {
                        // <stat>: 1 available, 2 current, 3 forbidden (EF_FPLMN).
                        int status = cell == servingOperator ? 2 : simInfo != null && IsForbidden(simInfo, cell.Plmn) ? 3 : 1;
                        scratch.AppendByte((byte)'(').AppendInt(status).AppendByte((byte)',').AppendQuoted(cell.LongName).AppendByte((byte)',')
                            .AppendQuoted(cell.ShortName).AppendByte((byte)',').AppendQuoted(cell.Plmn).AppendByte((byte)',')
                            .AppendInt(cell.AccessTechnology).Append("),");
                    }

                    scratch.Append(",(0,1,2,3,4),(0,1,2)");
                    InfoFromScratch();
                    return CommandOutcome.Ok;
                case CommandForm.Set:
                    break;
                default:
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (!parameters.TryReadInt(0, 4, out int mode))
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            int format = -1;
            string name = null;
            int accessTechnology = -1;
            if (parameters.TrySkip((byte)','))
            {
                if (!parameters.TryReadOptionalInt(0, 2, out format))
                {
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
                }

                if (parameters.TrySkip((byte)','))
                {
                    if (!parameters.TryReadQuotedString(NetworkServiceCommands.MaxOperatorNameLength, out name))
                    {
                        return CommandOutcome.Cme(CmeError.IncorrectParameters);
                    }

                    if (parameters.TrySkip((byte)',') && !parameters.TryReadInt(0, 13, out accessTechnology))
                    {
                        return CommandOutcome.Cme(CmeError.IncorrectParameters);
                    }
                }
            }

            if (!parameters.TryEnd())
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            switch (mode)
            {
                case 0:
                    operatorMode = 0;
                    if (format >= 0)
                    {
                        operatorFormat = format;
                    }

                    if (functionality == 1 && simState == SimState.Ready)
                    {
                        StartRegistration();
                    }

                    return CommandOutcome.Ok;
                case 2:
                    operatorMode = 2;
                    Deregister();
                    return CommandOutcome.Ok;
                case 3:
                    if (format < 0)
                    {
                        return CommandOutcome.Cme(CmeError.IncorrectParameters);
                    }

                    operatorFormat = format;
                    return CommandOutcome.Ok;
                default:
                    break;
            }

            // Manual (1) or manual/automatic (4): the operator must be named and in coverage; the attempt runs in the background.
            if (format < 0 || name == null)
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (functionality != 1)
            {
                return CommandOutcome.Cme(CmeError.OperationNotAllowed);
            }

            int simError = SimError();
            if (simError != 0)
            {
                return CommandOutcome.Cme(simError);
            }

            CellOperator target = null;
            foreach (CellOperator cell in radio.Operators)
            {
                if (OperatorName(cell, format) == name && (accessTechnology < 0 || accessTechnology == cell.AccessTechnology))
                {
                    target = cell;
                    break;
                }
            }

            if (target == null && mode == 1)
            {
                return CommandOutcome.Cme(CmeError.NoNetworkService);
            }

            operatorMode = mode;
            operatorFormat = format;
            manualPlmn = target?.Plmn;
            StartRegistration();
            return CommandOutcome.Ok;
        }

        private static string OperatorName(CellOperator cell, int format)
        {
            return format == 0 ? cell.LongName : format == 1 ? cell.ShortName : cell.Plmn;
        }

        /// <summary>+CSQ (TS 27.007 8.5): the serving (or strongest) cell's signal; 99,99 with the radio off or no coverage.</summary>
        private CommandOutcome SignalQuality(CommandForm form, AtReader parameters)
        {
            if (form == CommandForm.Test)
            {
                Info("+CSQ: (0-31,99),(0-7,99)");
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Action || !parameters.IsAtEnd)
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            int rssi = MobileTerminationCommands.SignalNotKnown;
            int ber = MobileTerminationCommands.SignalNotKnown;
            CellOperator cell = servingOperator;
            if (cell == null && functionality == 1)
            {
                foreach (CellOperator candidate in radio.Operators)
                {
                    if (candidate.Rssi != 99 && (cell == null || candidate.Rssi > cell.Rssi))
                    {
                        cell = candidate;
                    }
                }
            }

            if (cell != null && functionality == 1)
            {
                rssi = cell.Rssi;
                ber = cell.BitErrorRate;
            }

            Info("+CSQ: " + rssi.ToString(CultureInfo.InvariantCulture) + "," + ber.ToString(CultureInfo.InvariantCulture));
            return CommandOutcome.Ok;
        }

        /// <summary>+CGDCONT (TS 27.007 10.1.1): define (cid, PDP type, APN; further parameters accepted and ignored) or undefine.</summary>
        private CommandOutcome DefineContext(CommandForm form, AtReader parameters)
        {
            switch (form)
            {
                case CommandForm.Read:
                    foreach (KeyValuePair<int, PdpContext> entry in contexts)
                    {
                        scratch.Clear();
                        scratch.Append(PacketDomainCommands.ContextPrefix).AppendByte((byte)' ').AppendInt(entry.Key).AppendByte((byte)',')
                            .AppendQuoted(entry.Value.PdpType).AppendByte((byte)',').AppendQuoted(entry.Value.Apn);
                        InfoFromScratch();
                    }

                    return CommandOutcome.Ok;
                case CommandForm.Test:
                    Info("+CGDCONT: (1-15),\"IP\",,,(0-2),(0-4)");
                    Info("+CGDCONT: (1-15),\"IPV6\",,,(0-2),(0-4)");
                    Info("+CGDCONT: (1-15),\"IPV4V6\",,,(0-2),(0-4)");
                    return CommandOutcome.Ok;
                case CommandForm.Set:
                    break;
                default:
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (!parameters.TryReadInt(1, 15, out int cid))
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (parameters.IsAtEnd)
            {
                contexts.Remove(cid); // TS 27.007 10.1.1: AT+CGDCONT=<cid> undefines the context
                return CommandOutcome.Ok;
            }

            if (!parameters.TryReadComma() || !parameters.TryReadQuotedString(16, out string pdpType))
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            pdpType = pdpType.ToUpperInvariant();
            string apn = string.Empty;
            if (parameters.TrySkip((byte)',') && (!parameters.TryReadOptionalQuotedString(PacketDomainCommands.MaxApnLength, out apn) || !parameters.TrySkipRemainingParameters()))
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            // The read form quotes the APN back (V.250 5.4.2.2): refuse what a string constant cannot carry.
            if (!parameters.TryEnd() || (pdpType != "IP" && pdpType != "IPV6" && pdpType != "IPV4V6") || !IsQuotable(apn))
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            contexts[cid] = new PdpContext(pdpType, apn ?? string.Empty);
            return CommandOutcome.Ok;
        }

        /// <summary>True when text fits in a V.250 string constant: printable ASCII without '"' (null is absent, so fine).</summary>
        private static bool IsQuotable(string text)
        {
            foreach (char c in text ?? string.Empty)
            {
                if (c == '"' || c < ' ' || c > (char)0x7E)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>+CGATT (TS 27.007 10.1.9): attach follows registration (started in the background when possible); detach deactivates.</summary>
        private CommandOutcome Attach(CommandForm form, AtReader parameters)
        {
            switch (form)
            {
                case CommandForm.Read:
                    Info("+CGATT: " + (attached ? "1" : "0"));
                    return CommandOutcome.Ok;
                case CommandForm.Test:
                    Info("+CGATT: (0,1)");
                    return CommandOutcome.Ok;
                case CommandForm.Set:
                    break;
                default:
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (!parameters.TryReadInt(0, 1, out int state) || !parameters.TryEnd())
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (state == 0)
            {
                attached = false;
                foreach (PdpContext context in contexts.Values)
                {
                    context.Active = false;
                }

                return CommandOutcome.Ok;
            }

            if (IsRegistered)
            {
                attached = true;
                return CommandOutcome.Ok;
            }

            if (functionality != 1)
            {
                return CommandOutcome.Cme(CmeError.OperationNotAllowed);
            }

            int simError = SimError();
            if (simError != 0)
            {
                return CommandOutcome.Cme(simError);
            }

            if (registrationStatus != RegistrationStatus.Searching)
            {
                StartRegistration(); // the attach completes in the background and is reported by +CGREG/+CEREG
            }

            return CommandOutcome.Ok;
        }

        private bool IsRegistered => registrationStatus == RegistrationStatus.Home || registrationStatus == RegistrationStatus.Roaming;

        /// <summary>+CGACT (TS 27.007 10.1.10): activate or deactivate defined contexts; needs the packet attach.</summary>
        private CommandOutcome Activate(CommandForm form, AtReader parameters)
        {
            switch (form)
            {
                case CommandForm.Read:
                    foreach (KeyValuePair<int, PdpContext> entry in contexts)
                    {
                        Info(PacketDomainCommands.ActivationPrefix + " " + entry.Key.ToString(CultureInfo.InvariantCulture) + "," + (entry.Value.Active ? "1" : "0"));
                    }

                    return CommandOutcome.Ok;
                case CommandForm.Test:
                    Info("+CGACT: (0,1)");
                    return CommandOutcome.Ok;
                case CommandForm.Set:
                    break;
                default:
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (!parameters.TryReadInt(0, 1, out int state))
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            var selected = new List<int>();
            while (parameters.TrySkip((byte)','))
            {
                if (!parameters.TryReadInt(1, 15, out int cid))
                {
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
                }

                selected.Add(cid);
            }

            if (!parameters.TryEnd())
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (selected.Count == 0)
            {
                selected.AddRange(contexts.Keys);
            }

            foreach (int cid in selected)
            {
                if (!contexts.ContainsKey(cid))
                {
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
                }
            }

            if (state == 1 && (!IsRegistered || !attached))
            {
                return CommandOutcome.Cme(CmeError.NoNetworkService);
            }

            foreach (int cid in selected)
            {
                contexts[cid].Active = state == 1;
            }

            return CommandOutcome.Ok;
        }
    }
}
