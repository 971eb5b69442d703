using System;
using M2MDevice.Aka;

namespace M2MDevice.Firmware.Usim
{
    /// <summary>
    /// The soft USIM: a UICC (ETSI TS 102 221) with one USIM application (3GPP TS 31.102) that a cellular
    /// modem drives through C-APDUs. It presents the active <see cref="UsimProfile"/> (preliminary or
    /// operational identity), answers AUTHENTICATE through the shared AKA code (M2MDevice.Aka) and
    /// persists through <see cref="IUsimStore"/> what changes (SQN_MS slots, EFs the terminal updates)
    /// before it answers. Protocol T=0 (see <see cref="Reset"/>): a case 4 command sent as a T=0 TPDU
    /// (no Le) is answered '61xx' and its data fetched with GET RESPONSE; a command that carries Le
    /// gets its data directly. Sans-IO and single-threaded: call from one thread. docs/soft-usim.md
    /// lists files, instructions and status words.
    /// </summary>
    public sealed class SoftUsim
    {
        /// <summary>Room the response buffer must offer: 256 data bytes and SW1 SW2.</summary>
        public const int MaxResponseLength = 258;

        /// <summary>
        /// Largest EF the card hands to <see cref="IUsimStore.SaveFile"/>: EF_FPLMN of up to 85 PLMNs; the
        /// other persisted EFs are fixed-size (11 to 54 bytes). <see cref="IUsimStore.LoadFile"/> gets a
        /// 256-byte buffer.
        /// </summary>
        public const int MaxPersistedFileLength = 255;

        /// <summary>
        /// EFs the card persists per identity: EF_LOCI, EF_PSLOCI, EF_EPSLOCI, EF_FPLMN, EF_KEYS,
        /// EF_KEYSPS, EF_START-HFN, EF_EPSNSC, EF_Kc, EF_KcGPRS.
        /// </summary>
        public const int PersistedFileCount = 10;

        /// <summary>PIN1 attempts before it blocks (TS 102 221 9.4: at least 3).</summary>
        public const int PinAttempts = 3;

        /// <summary>
        /// ATR (ISO/IEC 7816-3, TS 102 221 6.3-6.4): TS '3B' direct convention; T0 '9A' (TA1 and TD1
        /// follow, 10 historical bytes); TA1 '96' (Fi 512, Di 32); TD1 '80' (TD2 follows, T=0); TD2 '1F'
        /// (TA3 follows, T=15 global bytes); TA3 'C7' (clock stop either level, classes A, B and C);
        /// historical bytes '80' category, '31 E0' card service data (selection by full and partial
        /// DF name, EF_DIR read by READ RECORD, card with MF), '73 FE 21 00' card capabilities (selection
        /// by DF name, path, FID, SFI; record numbers; basic logical channel only), '82 90 00' status;
        /// TCK 'BB' (XOR of T0..TCK is 0; present because T=15 is indicated).
        /// </summary>
        private static readonly byte[] AnswerToReset = new byte[]
        {
            0x3B, 0x9A, 0x96, 0x80, 0x1F, 0xC7, 0x80, 0x31, 0xE0, 0x73, 0xFE, 0x21, 0x00, 0x82, 0x90, 0x00, 0xBB,
        };

        // Instructions (TS 102 221 10.1.2, TS 31.102 7.1).
        private const byte InsSelect = 0xA4;
        private const byte InsStatus = 0xF2;
        private const byte InsReadBinary = 0xB0;
        private const byte InsUpdateBinary = 0xD6;
        private const byte InsReadRecord = 0xB2;
        private const byte InsUpdateRecord = 0xDC;
        private const byte InsVerify = 0x20;
        private const byte InsAuthenticate = 0x88;
        private const byte InsManageChannel = 0x70;
        private const byte InsGetResponse = 0xC0;
        private const byte InsTerminalProfile = 0x10;

        // TS 31.102 4.2.8 service 38: GSM security context.
        private const int ServiceGsmSecurityContext = 38;

        private const int ClassInvalid = 0;
        private const int ClassInterindustry = 1;
        private const int ClassProprietary = 2;

        private readonly IUsimStore store;
        private readonly byte[] work = new byte[MaxResponseLength];
        private readonly byte[] pending = new byte[256];
        private readonly byte[] scratch = new byte[256];
        private readonly byte[] sqnSlots = new byte[UsimSqnState.ArrayLength];
        private readonly byte[] pinValue = new byte[8];
        private readonly AuthenticateCommand authenticateCommand = new AuthenticateCommand();
        private readonly UsimAuthenticationOutput authenticationOutput = new UsimAuthenticationOutput();
        private readonly UsimSqnState sqnState = new UsimSqnState();
        private readonly UsimSqnState detachedSqnState = new UsimSqnState();

        private UsimIdentityKind activeIdentity;
        private UsimProfile activeProfile;
        private UsimIdentityKind nextIdentity;
        private UsimProfile nextProfile;
        private bool resetPending;

        private UsimFileSystem files;

        // Issue 8.3: the tree of the last session, wiped, refilled by the next Init instead of building a new one.
        private UsimFileSystem spareFiles;
        private IAkaAlgorithm algorithm;
        private UsimAuthenticator authenticator;

        private UsimFile currentDf;
        private UsimFile currentEf;
        private int currentRecord;
        private bool applicationActive;
        private int pendingLength;
        private int pendingOffset;

        private bool pinConfigured;
        private bool pinEnabled;
        private bool pinVerified;
        private int pinRetries = PinAttempts;

        // The command being processed (set by Process, valid during one call).
        private byte[] command;
        private int commandOffset;
        private byte p1;
        private byte p2;
        private int lc;
        private int dataOffset;
        private bool hasLe;
        private int le;
        private byte[] response;
        private int responseOffset;

        /// <summary>
        /// Creates the card presenting identity with profile. Nothing is read or computed until
        /// <see cref="Init"/>. The profile is validated (ArgumentException when malformed) and kept by
        /// reference; the key store owns it.
        /// </summary>
        public SoftUsim(IUsimStore store, UsimIdentityKind identity, UsimProfile profile)
        {
            if (store == null)
            {
                throw new ArgumentNullException(nameof(store));
            }

            Validate(identity, profile);
            this.store = store;
            nextIdentity = identity;
            nextProfile = profile;
            activeIdentity = identity;
            activeProfile = profile;
            resetPending = true;
        }

        /// <summary>The identity presented now (the one installed at the last Init/Reset).</summary>
        public UsimIdentityKind ActiveIdentity
        {
            get { return activeIdentity; }
        }

        /// <summary>
        /// The identity the card presents after the next Init/Reset: the one given to the last
        /// <see cref="SwitchIdentity"/>, else <see cref="ActiveIdentity"/>. <see cref="Authenticate(byte[], int, byte[], int, int, UsimAuthenticationOutput)"/> runs with it.
        /// </summary>
        public UsimIdentityKind SelectedIdentity
        {
            get { return nextIdentity; }
        }

        /// <summary>True after <see cref="SwitchIdentity"/> until the next <see cref="Reset"/> applies it.</summary>
        public bool IsResetPending
        {
            get { return resetPending && files != null; }
        }

        /// <summary>True between Init/Reset and Deinit.</summary>
        public bool IsPowered
        {
            get { return files != null; }
        }

        /// <summary>
        /// Makes identity (with its profile) the one presented after the next Init/Reset, as a REFRESH
        /// with UICC reset would (TS 102 221 14.1 / TS 31.111 6.4.7): the running session keeps the
        /// current identity so the terminal never sees files change under it. Call it after the key
        /// store has persisted the choice; then have the modem reset the SIM.
        /// </summary>
        public void SwitchIdentity(UsimIdentityKind identity, UsimProfile profile)
        {
            Validate(identity, profile);
            nextIdentity = identity;
            nextProfile = profile;
            resetPending = true;
        }

        /// <summary>
        /// Sets PIN1 (key reference '01', TS 102 221 9.5.1) to 4..8 digits and enables it; null removes
        /// it (PIN1 disabled, the default). Takes effect at once and resets the retry counter; the PIN
        /// state is volatile (the firmware configures it at start).
        /// </summary>
        public void ConfigurePin(string digits)
        {
            if (digits == null)
            {
                pinConfigured = false;
                pinEnabled = false;
                pinVerified = false;
                Array.Clear(pinValue, 0, pinValue.Length);
                return;
            }

            if (!UsimEncoding.IsDigits(digits, 4, 8))
            {
                throw new ArgumentException("PIN must be 4 to 8 digits", nameof(digits));
            }

            // TS 102 221 9.5.1: PIN coded as ASCII digits, padded with 'FF' to 8 bytes.
            for (int i = 0; i < pinValue.Length; i++)
            {
                pinValue[i] = i < digits.Length ? (byte)digits[i] : (byte)0xFF;
            }

            pinConfigured = true;
            pinEnabled = true;
            pinVerified = false;
            pinRetries = PinAttempts;
        }

        /// <summary>
        /// Powers the card on: applies a pending identity switch, builds the file system from the active
        /// profile (refilling the previous session's tree in place when it has the same files), reloads the persisted EFs and the SQN_MS array from the store, keys the algorithm,
        /// and returns a new copy of the ATR. The session starts with the MF selected and PIN1 unverified.
        /// </summary>
        public byte[] Init()
        {
            if (resetPending)
            {
                activeIdentity = nextIdentity;
                activeProfile = nextProfile;
                resetPending = false;
            }

            Deinit();
            UsimFileSystem built = spareFiles;
            spareFiles = null;
            if (built == null || !built.TryRefill(activeProfile))
            {
                built = new UsimFileSystem(activeProfile);
            }

            built.Load(store, activeIdentity, scratch);

            store.LoadSqnSlots(activeIdentity, sqnSlots, 0);
            sqnState.Load(sqnSlots, 0);
            Array.Clear(sqnSlots, 0, sqnSlots.Length);

            algorithm = CreateAlgorithm(activeProfile);
            authenticator = new UsimAuthenticator(algorithm, sqnState);
            files = built;
            currentDf = files.Mf;
            currentEf = null;
            currentRecord = 0;
            applicationActive = false;
            pinVerified = false;

            byte[] atr = new byte[AnswerToReset.Length];
            Array.Copy(AnswerToReset, atr, atr.Length);
            return atr;
        }

        /// <summary>Cold or warm reset: the same as <see cref="Init"/> (state is rebuilt from the store).</summary>
        public byte[] Reset()
        {
            return Init();
        }

        /// <summary>Powers the card off: wipes the algorithm, the response buffers and the session state.</summary>
        public void Deinit()
        {
            if (algorithm != null)
            {
                algorithm.Clear();
            }

            algorithm = null;
            authenticator = null;
            if (files != null)
            {
                files.Wipe();
                spareFiles = files;
            }

            files = null;
            currentDf = null;
            currentEf = null;
            applicationActive = false;
            pinVerified = false;
            DiscardPending();
            authenticationOutput.Clear();
            Array.Clear(work, 0, work.Length);
            Array.Clear(scratch, 0, scratch.Length);
        }

        /// <summary>
        /// The USIM side of UMTS AKA (TS 33.102 6.3.3) outside the APDU path, for the device's own GBA bootstrap
        /// (TS 33.220 4.5.2, the Ub step): RAND (16 bytes) and AUTN (autnLength bytes) are checked with the
        /// <see cref="SelectedIdentity"/>'s K/OPc and SQN_MS array, the same array AUTHENTICATE uses (RS picks
        /// its own IND, TS 33.102 C.3.4, so the two paths never compete for a slot). Success: output holds RES,
        /// CK and IK, and the changed SQN slot is durable in the store before this returns. SyncFailure: output
        /// holds AUTS. MacFailure or InvalidInput: output is empty and nothing changes. File selection, the
        /// pending T=0 response and the PIN state are not touched; the card need not be powered (the SQN array
        /// is then read from the store). If the store throws, output is wiped and the exception propagates.
        /// </summary>
        public AkaResult Authenticate(byte[] rand, int randOffset, byte[] autn, int autnOffset, int autnLength, UsimAuthenticationOutput output)
        {
            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            bool live = files != null && !resetPending;
            IAkaAlgorithm detachedAlgorithm = null;
            UsimSqnState state = sqnState;
            UsimAuthenticator runner = authenticator;
            if (!live)
            {
                // Not powered, or a switch is pending: run with the selected identity's own keys and SQN array.
                store.LoadSqnSlots(nextIdentity, sqnSlots, 0);
                detachedSqnState.Load(sqnSlots, 0);
                Array.Clear(sqnSlots, 0, sqnSlots.Length);
                detachedAlgorithm = CreateAlgorithm(nextProfile);
                state = detachedSqnState;
                runner = new UsimAuthenticator(detachedAlgorithm, detachedSqnState);
            }

            bool completed = false;
            try
            {
                AkaResult result = runner.Authenticate(rand, randOffset, autn, autnOffset, autnLength, output);
                if (result == AkaResult.Success && output.ChangedSqnSlot >= 0)
                {
                    // TS 33.102 C.2.2 / ARCHITECTURE 6: the accepted SQN is durable before RES leaves the card.
                    int slot = output.ChangedSqnSlot;
                    store.SaveSqnSlot(nextIdentity, slot, state.Slots, slot * UsimSqnState.SlotLength);
                }

                completed = true;
                return result;
            }
            finally
            {
                if (!completed)
                {
                    output.Clear(); // the store failed: RES, CK and IK must not leave
                }

                if (detachedAlgorithm != null)
                {
                    detachedAlgorithm.Clear();
                    Array.Clear(detachedSqnState.Slots, 0, detachedSqnState.Slots.Length);
                }
            }
        }

        /// <summary>
        /// Processes one C-APDU of count bytes at command[offset] (TS 102 221 10.1: CLA INS P1 P2 [P3/Lc
        /// data] [Le]) and writes the R-APDU (data, SW1, SW2) at response[responseOffset]; returns its
        /// length. The response buffer must offer <see cref="MaxResponseLength"/> bytes. Every malformed
        /// command gets a status word; exceptions mean a programming error (not powered, bad buffers) or
        /// a failing store, in which case nothing was answered and nothing was acknowledged.
        /// </summary>
        public int Process(byte[] command, int offset, int count, byte[] response, int responseOffset)
        {
            if (command == null)
            {
                throw new ArgumentNullException(nameof(command));
            }

            if (response == null)
            {
                throw new ArgumentNullException(nameof(response));
            }

            if (offset < 0 || count < 0 || offset > command.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            if (responseOffset < 0 || responseOffset > response.Length - MaxResponseLength)
            {
                throw new ArgumentOutOfRangeException(nameof(responseOffset));
            }

            if (files == null)
            {
                throw new InvalidOperationException("the USIM is not powered: call Init first");
            }

            this.command = command;
            this.commandOffset = offset;
            this.response = response;
            this.responseOffset = responseOffset;
            try
            {
                return Dispatch(count);
            }
            finally
            {
                this.command = null;
                this.response = null;
            }
        }

        private int Dispatch(int count)
        {
            if (count < 4)
            {
                DiscardPending();
                return Status(UsimStatusWord.WrongLength);
            }

            byte cla = command[commandOffset];
            byte ins = command[commandOffset + 1];
            p1 = command[commandOffset + 2];
            p2 = command[commandOffset + 3];

            // TS 102 221 7.3.1.1.4: the data of a '61xx' stays available only to the next GET RESPONSE.
            if (ins != InsGetResponse)
            {
                DiscardPending();
            }

            // TS 102 221 10.1.1: '0X'/'4X' interindustry, '8X'/'CX' TS 102 221 specific; anything else
            // (e.g. 'A0', the GSM class of TS 51.011) is not a UICC class.
            int classKind = ClassInvalid;
            int channel = 0;
            int secureMessaging = 0;
            int high = cla & 0xF0;
            if (high == 0x00 || high == 0x80)
            {
                classKind = high == 0x00 ? ClassInterindustry : ClassProprietary;
                channel = cla & 0x03;
                secureMessaging = (cla >> 2) & 0x03;
            }
            else if (high == 0x40 || high == 0xC0)
            {
                classKind = high == 0x40 ? ClassInterindustry : ClassProprietary;
                channel = 4 + (cla & 0x0F);
            }

            if (classKind == ClassInvalid)
            {
                return Status(UsimStatusWord.ClassNotSupported);
            }

            int expectedClass = ExpectedClass(ins);
            if (expectedClass == ClassInvalid)
            {
                return Status(UsimStatusWord.InstructionNotSupported);
            }

            if (expectedClass != classKind)
            {
                return Status(UsimStatusWord.ClassNotSupported);
            }

            if (channel != 0)
            {
                // Only the basic logical channel exists (ATR card capabilities: one channel).
                return Status(UsimStatusWord.LogicalChannelNotSupported);
            }

            if (secureMessaging != 0)
            {
                return Status(UsimStatusWord.SecureMessagingNotSupported);
            }

            if (!ParseLengths(count))
            {
                return Status(UsimStatusWord.WrongLength);
            }

            switch (ins)
            {
                case InsSelect:
                    return Select();
                case InsStatus:
                    return StatusCommand();
                case InsReadBinary:
                    return ReadBinary();
                case InsUpdateBinary:
                    return UpdateBinary();
                case InsReadRecord:
                    return ReadRecord();
                case InsUpdateRecord:
                    return UpdateRecord();
                case InsVerify:
                    return Verify();
                case InsAuthenticate:
                    return Authenticate(count);
                case InsManageChannel:
                    return ManageChannel();
                case InsGetResponse:
                    return GetResponse();
                default:
                    return TerminalProfile();
            }
        }

        private static int ExpectedClass(byte ins)
        {
            switch (ins)
            {
                case InsSelect:
                case InsReadBinary:
                case InsUpdateBinary:
                case InsReadRecord:
                case InsUpdateRecord:
                case InsVerify:
                case InsAuthenticate:
                case InsManageChannel:
                case InsGetResponse:
                    return ClassInterindustry;
                case InsStatus:
                case InsTerminalProfile:
                    return ClassProprietary;
                default:
                    return ClassInvalid;
            }
        }

        // TS 102 221 10.1 / 7.3.1.1: after the header, either nothing (case 1), P3 alone (Le of a case 2
        // command, or an empty Lc), Lc and data (case 3, also a T=0 case 4 TPDU), or Lc, data and Le
        // (case 4 as an APDU). Extended lengths are not supported (ATR card capabilities).
        private bool ParseLengths(int count)
        {
            lc = 0;
            dataOffset = commandOffset + 5;
            hasLe = false;
            le = 0;
            if (count == 4)
            {
                return true;
            }

            int p3 = command[commandOffset + 4];
            if (count == 5)
            {
                hasLe = true;
                le = p3 == 0 ? 256 : p3;
                return true;
            }

            if (p3 == 0)
            {
                return false;
            }

            lc = p3;
            if (count == 5 + lc)
            {
                return true;
            }

            if (count == 6 + lc)
            {
                int last = command[commandOffset + 5 + lc];
                hasLe = true;
                le = last == 0 ? 256 : last;
                return true;
            }

            return false;
        }

        // ---- SELECT (TS 102 221 11.1.1) ----

        private int Select()
        {
            // P1: '00' by FID, '03' parent DF, '04' by DF name (AID), '08' path from MF, '09' path from current DF.
            if (p1 != 0x00 && p1 != 0x03 && p1 != 0x04 && p1 != 0x08 && p1 != 0x09)
            {
                return Status(UsimStatusWord.IncorrectP1P2);
            }

            // P2 b4-b3: '01' return FCP template, '11' no data returned.
            int responseKind = p2 & 0x0C;
            if (responseKind != 0x04 && responseKind != 0x0C)
            {
                return Status(UsimStatusWord.IncorrectP1P2);
            }

            bool terminate = false;
            if (p1 == 0x04)
            {
                // P2 b7-b6 application session control: '00' activation, '10' termination; b2-b1 occurrence.
                int session = p2 & 0x60;
                if ((p2 & 0x90) != 0 || (session != 0x00 && session != 0x40))
                {
                    return Status(UsimStatusWord.IncorrectP1P2);
                }

                terminate = session == 0x40;
                if ((p2 & 0x03) != 0)
                {
                    // Next/last/previous occurrence: there is only the one USIM application.
                    return Status(UsimStatusWord.FileNotFound);
                }
            }
            else if ((p2 & 0xF3) != 0)
            {
                return Status(UsimStatusWord.IncorrectP1P2);
            }

            UsimFile target;
            if (p1 == 0x00)
            {
                if (lc != 2)
                {
                    return Status(UsimStatusWord.WrongLength);
                }

                target = ResolveFileId(ReadFileId(dataOffset));
            }
            else if (p1 == 0x03)
            {
                if (lc != 0)
                {
                    return Status(UsimStatusWord.WrongLength);
                }

                target = currentDf.Parent;
            }
            else if (p1 == 0x04)
            {
                if (lc < 1 || lc > 16)
                {
                    return Status(UsimStatusWord.WrongLength);
                }

                target = MatchesUsimAid() ? files.Adf : null;
            }
            else
            {
                if (lc < 2 || (lc & 1) != 0)
                {
                    return Status(UsimStatusWord.WrongLength);
                }

                target = ResolvePath(p1 == 0x08);
            }

            if (target == null)
            {
                return Status(UsimStatusWord.FileNotFound);
            }

            if (terminate)
            {
                // TS 102 221 11.1.1.2: the application session ends; the MF becomes current.
                applicationActive = false;
                currentDf = files.Mf;
                currentEf = null;
                currentRecord = 0;
                return Status(UsimStatusWord.Success);
            }

            if (target == files.Adf)
            {
                applicationActive = true;
            }

            if (target.IsDirectory)
            {
                currentDf = target;
                currentEf = null;
            }
            else
            {
                currentDf = target.Parent;
                currentEf = target;
            }

            currentRecord = 0;
            if (responseKind == 0x0C)
            {
                return Status(UsimStatusWord.Success);
            }

            int length = UsimFcp.Write(target, pinEnabled, work, 0);
            return SendOutgoing(length);
        }

        // TS 102 221 8.4.1: selectable by FID from the current DF: the MF, the current ADF ('7FFF'), the
        // current DF itself, its children, its parent, and the DFs beside it (plus the MF's EFs, below).
        private UsimFile ResolveFileId(ushort fileId)
        {
            if (fileId == UsimFileId.Mf)
            {
                return files.Mf;
            }

            if (fileId == UsimFileId.CurrentAdf)
            {
                return applicationActive ? files.Adf : null;
            }

            if (currentDf.FileId == fileId)
            {
                return currentDf;
            }

            UsimFile child = currentDf.FindChild(fileId);
            if (child != null)
            {
                return child;
            }

            UsimFile parent = currentDf.Parent;
            if (parent == null)
            {
                return null;
            }

            if (parent.FileId == fileId)
            {
                return parent;
            }

            UsimFile sibling = parent.FindChild(fileId);
            if (sibling != null && sibling.Structure == UsimFileStructure.DedicatedFile)
            {
                return sibling;
            }

            // Beyond 8.4.1, as many cards do: the EFs under the MF (EF_ICCID, EF_DIR, EF_PL) from anywhere,
            // since terminals read EF_ICCID by FID alone. Their FIDs clash with no application file.
            UsimFile mfChild = files.Mf.FindChild(fileId);
            return mfChild != null && !mfChild.IsDirectory ? mfChild : null;
        }

        // TS 102 221 8.4.2: a path is a concatenation of FIDs; from the MF it omits '3F00' (tolerated
        // when present); '7FFF' names the current ADF. Every element but the last must be a DF.
        private UsimFile ResolvePath(bool fromMf)
        {
            UsimFile node = fromMf ? files.Mf : currentDf;
            int position = dataOffset;
            int end = dataOffset + lc;
            if (fromMf && ReadFileId(position) == UsimFileId.Mf)
            {
                position += 2;
            }

            while (position < end)
            {
                if (!node.IsDirectory)
                {
                    return null;
                }

                ushort fileId = ReadFileId(position);
                UsimFile next;
                if (fileId == UsimFileId.CurrentAdf)
                {
                    next = applicationActive ? files.Adf : null;
                }
                else
                {
                    next = node.FindChild(fileId);
                }

                if (next == null)
                {
                    return null;
                }

                node = next;
                position += 2;
            }

            return node;
        }

        // TS 102 221 8.5.2 / ISO 7816-4 5.3.1: a DF name may be right-truncated; at least the 5-byte RID
        // must be given.
        private bool MatchesUsimAid()
        {
            byte[] aid = files.Adf.Aid;
            if (lc < 5 || lc > aid.Length)
            {
                return false;
            }

            for (int i = 0; i < lc; i++)
            {
                if (command[dataOffset + i] != aid[i])
                {
                    return false;
                }
            }

            return true;
        }

        // ---- STATUS (TS 102 221 11.1.2) ----

        private int StatusCommand()
        {
            // P1: '00' no indication, '01' application initialised, '02' terminal will terminate the session.
            if (p1 > 0x02 || (p2 != 0x00 && p2 != 0x01 && p2 != 0x0C))
            {
                return Status(UsimStatusWord.IncorrectP1P2);
            }

            if (lc != 0)
            {
                return Status(UsimStatusWord.WrongLength);
            }

            if (p2 == 0x0C)
            {
                return Status(UsimStatusWord.Success);
            }

            int length;
            if (p2 == 0x00)
            {
                // The FCP of the current DF or ADF, as SELECT returns it.
                length = UsimFcp.Write(currentDf, pinEnabled, work, 0);
            }
            else
            {
                // The DF name TLV ('84') of the active application.
                if (!applicationActive)
                {
                    return Status(UsimStatusWord.ReferencedDataNotFound);
                }

                byte[] aid = files.Adf.Aid;
                work[0] = 0x84;
                work[1] = (byte)aid.Length;
                Array.Copy(aid, 0, work, 2, aid.Length);
                length = 2 + aid.Length;
            }

            return SendExact(work, 0, length);
        }

        // ---- READ BINARY / UPDATE BINARY (TS 102 221 11.1.3, 11.1.4) ----

        private int ReadBinary()
        {
            if (lc != 0)
            {
                return Status(UsimStatusWord.WrongLength);
            }

            int fileOffset;
            ushort sw = ResolveTransparent(out fileOffset);
            if (sw != UsimStatusWord.Success)
            {
                return Status(sw);
            }

            if (!IsAllowed(currentEf.Read))
            {
                return Status(UsimStatusWord.SecurityStatusNotSatisfied);
            }

            int size = currentEf.Data.Length;
            if (fileOffset >= size)
            {
                return Status(UsimStatusWord.WrongP1P2);
            }

            int available = size - fileOffset;
            if (available > 256)
            {
                available = 256;
            }

            // TS 102 221 7.3.1.1.3 (T=0 case 2): Le absent or beyond the end is answered '6Cxx' with
            // the length available; the terminal repeats the command with that Le.
            if (!hasLe || le > available)
            {
                return Status(UsimStatusWord.WrongLe(available));
            }

            Array.Copy(currentEf.Data, fileOffset, response, responseOffset, le);
            return le + PutStatus(responseOffset + le, UsimStatusWord.Success);
        }

        private int UpdateBinary()
        {
            if (lc == 0)
            {
                return Status(UsimStatusWord.WrongLength);
            }

            int fileOffset;
            ushort sw = ResolveTransparent(out fileOffset);
            if (sw != UsimStatusWord.Success)
            {
                return Status(sw);
            }

            if (!IsAllowed(currentEf.Update))
            {
                return Status(UsimStatusWord.SecurityStatusNotSatisfied);
            }

            int size = currentEf.Data.Length;
            if (fileOffset >= size)
            {
                return Status(UsimStatusWord.WrongP1P2);
            }

            if (lc > size - fileOffset)
            {
                return Status(UsimStatusWord.WrongLength);
            }

            WriteFile(currentEf, fileOffset, lc);
            return Status(UsimStatusWord.Success);
        }

        // TS 102 221 11.1.3.2: P1 b8 = 1: SFI in b5-b1 (b7-b6 = 0), offset in P2, the EF becomes current;
        // otherwise a 15-bit offset into the current EF.
        private ushort ResolveTransparent(out int fileOffset)
        {
            fileOffset = 0;
            if ((p1 & 0x80) != 0)
            {
                int shortFileId = p1 & 0x1F;
                if ((p1 & 0x60) != 0 || shortFileId == 0)
                {
                    return UsimStatusWord.IncorrectP1P2;
                }

                UsimFile file = currentDf.FindChildByShortFileId(shortFileId);
                if (file == null)
                {
                    return UsimStatusWord.FileNotFound;
                }

                SelectEf(file);
                fileOffset = p2;
            }
            else
            {
                if (currentEf == null)
                {
                    return UsimStatusWord.NoEfSelected;
                }

                fileOffset = (p1 << 8) | p2;
            }

            return currentEf.Structure == UsimFileStructure.Transparent ? UsimStatusWord.Success : UsimStatusWord.IncompatibleFileStructure;
        }

        // ---- READ RECORD / UPDATE RECORD (TS 102 221 11.1.5, 11.1.6) ----

        private int ReadRecord()
        {
            if (lc != 0)
            {
                return Status(UsimStatusWord.WrongLength);
            }

            int record;
            ushort sw = ResolveRecord(false, out record);
            if (sw != UsimStatusWord.Success)
            {
                return Status(sw);
            }

            int length = currentEf.RecordLength;
            if (!hasLe || le != length)
            {
                // TS 102 221 7.3.1.1.3: the record length is the only Le accepted.
                return Status(UsimStatusWord.WrongLe(length));
            }

            MoveRecordPointer(record);
            Array.Copy(currentEf.Data, (record - 1) * length, response, responseOffset, length);
            return length + PutStatus(responseOffset + length, UsimStatusWord.Success);
        }

        private int UpdateRecord()
        {
            if (lc == 0)
            {
                return Status(UsimStatusWord.WrongLength);
            }

            int record;
            ushort sw = ResolveRecord(true, out record);
            if (sw != UsimStatusWord.Success)
            {
                return Status(sw);
            }

            if (lc != currentEf.RecordLength)
            {
                return Status(UsimStatusWord.WrongLength);
            }

            WriteFile(currentEf, (record - 1) * currentEf.RecordLength, lc);
            MoveRecordPointer(record);
            return Status(UsimStatusWord.Success);
        }

        // P2 b8-b4: SFI (0 = current EF); b3-b1: '010' next, '011' previous, '100' absolute/current
        // (P1 = record number, '00' = current record).
        private ushort ResolveRecord(bool update, out int record)
        {
            record = 0;
            int mode = p2 & 0x07;
            int shortFileId = p2 >> 3;
            if ((mode != 0x02 && mode != 0x03 && mode != 0x04) || shortFileId == 0x1F)
            {
                return UsimStatusWord.IncorrectP1P2;
            }

            if (shortFileId != 0)
            {
                UsimFile file = currentDf.FindChildByShortFileId(shortFileId);
                if (file == null)
                {
                    return UsimStatusWord.FileNotFound;
                }

                if (file != currentEf)
                {
                    SelectEf(file);
                }
            }

            if (currentEf == null)
            {
                return UsimStatusWord.NoEfSelected;
            }

            if (currentEf.Structure != UsimFileStructure.LinearFixed)
            {
                return UsimStatusWord.IncompatibleFileStructure;
            }

            if (!IsAllowed(update ? currentEf.Update : currentEf.Read))
            {
                return UsimStatusWord.SecurityStatusNotSatisfied;
            }

            int count = currentEf.RecordCount;
            if (mode == 0x04)
            {
                record = p1 == 0 ? currentRecord : p1;
            }
            else if (mode == 0x02)
            {
                // Linear fixed EFs do not wrap around.
                record = currentRecord + 1;
            }
            else
            {
                record = currentRecord == 0 ? count : currentRecord - 1;
            }

            return record >= 1 && record <= count ? UsimStatusWord.Success : UsimStatusWord.RecordNotFound;
        }

        private void MoveRecordPointer(int record)
        {
            // TS 102 221 11.1.5: next/previous move the record pointer; absolute mode leaves it.
            int mode = p2 & 0x07;
            if (mode != 0x04)
            {
                currentRecord = record;
            }
        }

        // ---- VERIFY PIN (TS 102 221 11.1.9) ----

        private int Verify()
        {
            if (p1 != 0x00)
            {
                return Status(UsimStatusWord.WrongP1P2);
            }

            // P2: key reference; only PIN1 ('01') exists, and only when configured.
            if (p2 != 0x01 || !pinConfigured)
            {
                return Status(UsimStatusWord.ReferencedDataNotFound);
            }

            if (lc == 0)
            {
                // Empty data: report the verification state.
                if (pinRetries == 0)
                {
                    return Status(UsimStatusWord.PinBlocked);
                }

                if (!pinEnabled || pinVerified)
                {
                    return Status(UsimStatusWord.Success);
                }

                return Status((ushort)(UsimStatusWord.VerificationFailedBase | pinRetries));
            }

            if (lc != pinValue.Length)
            {
                return Status(UsimStatusWord.WrongLength);
            }

            if (pinRetries == 0)
            {
                return Status(UsimStatusWord.PinBlocked);
            }

            if (M2MDevice.Crypto.ConstantTime.AreEqual(command, dataOffset, pinValue, 0, pinValue.Length))
            {
                pinVerified = true;
                pinRetries = PinAttempts;
                return Status(UsimStatusWord.Success);
            }

            pinVerified = false;
            pinRetries--;
            return Status((ushort)(UsimStatusWord.VerificationFailedBase | pinRetries));
        }

        // ---- AUTHENTICATE (TS 31.102 7.1.2) ----

        private int Authenticate(int count)
        {
            if (!applicationActive)
            {
                // An application command: the USIM must be the active application.
                return Status(UsimStatusWord.ConditionsOfUseNotSatisfied);
            }

            if (!IsAllowed(UsimAccessCondition.Pin))
            {
                return Status(UsimStatusWord.SecurityStatusNotSatisfied);
            }

            AuthenticateParseResult parsed = AuthenticateApdu.ParseCommand(command, commandOffset, count, authenticateCommand);
            if (parsed != AuthenticateParseResult.Ok)
            {
                return Status((ushort)AuthenticateApdu.StatusWordFor(parsed));
            }

            AuthenticateContext context = authenticateCommand.Context;
            AkaResult result;
            if (context == AuthenticateContext.Gsm)
            {
                if (!files.IsServiceAvailable(ServiceGsmSecurityContext))
                {
                    return Status(UsimStatusWord.SecurityContextNotSupported);
                }

                result = authenticator.AuthenticateGsm(authenticateCommand.Rand, 0, authenticationOutput);
            }
            else
            {
                result = authenticator.Authenticate(authenticateCommand.Rand, 0, authenticateCommand.Autn, 0, authenticateCommand.AutnLength, authenticationOutput);
            }

            try
            {
                if (result == AkaResult.Success && authenticationOutput.ChangedSqnSlot >= 0)
                {
                    // TS 33.102 C.2.2 / ARCHITECTURE 6: the accepted SQN is durable before RES leaves the card.
                    int slot = authenticationOutput.ChangedSqnSlot;
                    store.SaveSqnSlot(activeIdentity, slot, sqnState.Slots, slot * UsimSqnState.SlotLength);
                }

                int length = AuthenticateApdu.BuildResponse(context, result, authenticationOutput, work, 0);
                if (length == 2)
                {
                    // A status word alone (9862, 9864, 6A80): nothing to send as data.
                    return Status((ushort)((work[0] << 8) | work[1]));
                }

                // The body without its trailing '9000' goes out directly or through GET RESPONSE.
                return SendOutgoing(length - 2);
            }
            finally
            {
                authenticationOutput.Clear();
                Array.Clear(authenticateCommand.Rand, 0, authenticateCommand.Rand.Length);
                Array.Clear(authenticateCommand.Autn, 0, authenticateCommand.Autn.Length);
                Array.Clear(work, 0, work.Length);
            }
        }

        // ---- MANAGE CHANNEL (TS 102 221 11.1.17), GET RESPONSE (11.1.13), TERMINAL PROFILE (11.2.1) ----

        private int ManageChannel()
        {
            if (p1 == 0x00)
            {
                // Open: only the basic channel exists.
                return Status(UsimStatusWord.LogicalChannelNotSupported);
            }

            if (p1 == 0x80)
            {
                // Close: the basic channel cannot be closed; no other channel is ever open.
                return Status(p2 == 0x00 ? UsimStatusWord.IncorrectP1P2 : UsimStatusWord.LogicalChannelNotSupported);
            }

            return Status(UsimStatusWord.IncorrectP1P2);
        }

        private int GetResponse()
        {
            if (p1 != 0x00 || p2 != 0x00)
            {
                DiscardPending();
                return Status(UsimStatusWord.WrongP1P2);
            }

            if (lc != 0)
            {
                DiscardPending();
                return Status(UsimStatusWord.WrongLength);
            }

            if (pendingLength == 0)
            {
                return Status(UsimStatusWord.ConditionsOfUseNotSatisfied);
            }

            int available = pendingLength - pendingOffset;
            if (!hasLe || le > available)
            {
                // TS 102 221 7.3.1.1.4: '6Cxx' keeps the data for a repeated GET RESPONSE.
                return Status(UsimStatusWord.WrongLe(available));
            }

            Array.Copy(pending, pendingOffset, response, responseOffset, le);
            pendingOffset += le;
            int remaining = pendingLength - pendingOffset;
            if (remaining > 0)
            {
                return le + PutStatus(responseOffset + le, UsimStatusWord.MoreDataAvailable(remaining));
            }

            DiscardPending();
            return le + PutStatus(responseOffset + le, UsimStatusWord.Success);
        }

        private int TerminalProfile()
        {
            // The terminal announces its capabilities; this card has no toolkit, so it only acknowledges.
            if (p1 != 0x00 || p2 != 0x00)
            {
                return Status(UsimStatusWord.WrongP1P2);
            }

            return Status(lc == 0 ? UsimStatusWord.WrongLength : UsimStatusWord.Success);
        }

        // ---- helpers ----

        private void SelectEf(UsimFile file)
        {
            currentEf = file;
            currentDf = file.Parent;
            currentRecord = 0;
        }

        private bool IsAllowed(UsimAccessCondition condition)
        {
            switch (condition)
            {
                case UsimAccessCondition.Always:
                    return true;
                case UsimAccessCondition.Pin:
                    // TS 102 221 9.5.1: a disabled PIN is satisfied without verification.
                    return !pinEnabled || pinVerified;
                default:
                    return false;
            }
        }

        // Writes lc command data bytes into file at fileOffset. A persisted file goes to the store first
        // (its whole content); if the store throws, the old bytes are put back and nothing is answered.
        private void WriteFile(UsimFile file, int fileOffset, int count)
        {
            Array.Copy(file.Data, fileOffset, scratch, 0, count);
            Array.Copy(command, dataOffset, file.Data, fileOffset, count);
            if (!file.Persisted)
            {
                Array.Clear(scratch, 0, count);
                return;
            }

            bool saved = false;
            try
            {
                store.SaveFile(activeIdentity, file.FileId, file.Data, 0, file.Data.Length);
                saved = true;
            }
            finally
            {
                if (!saved)
                {
                    Array.Copy(scratch, 0, file.Data, fileOffset, count);
                }

                Array.Clear(scratch, 0, count);
            }
        }

        // Sends length bytes of work as the data of a case 4 command (TS 102 221 7.3.1.1.4): without Le
        // (a T=0 TPDU) the data waits for GET RESPONSE behind '61xx'; with Le the first Le bytes go out
        // now, any rest behind '61xx'. work is wiped afterwards.
        private int SendOutgoing(int length)
        {
            int now = hasLe ? (le < length ? le : length) : 0;
            Array.Copy(work, 0, response, responseOffset, now);
            int rest = length - now;
            if (rest > 0)
            {
                Array.Copy(work, now, pending, 0, rest);
                pendingLength = rest;
                pendingOffset = 0;
            }

            Array.Clear(work, 0, length);
            ushort sw = rest > 0 ? UsimStatusWord.MoreDataAvailable(rest) : UsimStatusWord.Success;
            return now + PutStatus(responseOffset + now, sw);
        }

        // Sends data of a case 2 command whose Le must be exactly the length (T=0, TS 102 221 7.3.1.1.3).
        private int SendExact(byte[] data, int offset, int length)
        {
            if (!hasLe || le != length)
            {
                Array.Clear(data, offset, length);
                return Status(UsimStatusWord.WrongLe(length));
            }

            Array.Copy(data, offset, response, responseOffset, length);
            Array.Clear(data, offset, length);
            return length + PutStatus(responseOffset + length, UsimStatusWord.Success);
        }

        private void DiscardPending()
        {
            if (pendingLength != 0)
            {
                Array.Clear(pending, 0, pending.Length);
            }

            pendingLength = 0;
            pendingOffset = 0;
        }

        private ushort ReadFileId(int position)
        {
            return (ushort)((command[position] << 8) | command[position + 1]);
        }

        private int Status(ushort statusWord)
        {
            return PutStatus(responseOffset, statusWord);
        }

        private int PutStatus(int position, ushort statusWord)
        {
            response[position] = (byte)(statusWord >> 8);
            response[position + 1] = (byte)statusWord;
            return 2;
        }

        private static IAkaAlgorithm CreateAlgorithm(UsimProfile profile)
        {
            if (profile.Algorithm == AkaAlgorithmKind.Tuak)
            {
                TuakParameters parameters = TuakParameters.Default;
                if (!HasDefaultTuakParameters(profile))
                {
                    // TS 35.231 5.1: CK and IK lengths are chosen separately (TS 35.233 sets 3 and 5 differ).
                    parameters = new TuakParameters(profile.TuakMacLength, profile.TuakResLength, profile.TuakCkLength, profile.TuakIkLength, profile.TuakKeccakIterations);
                }

                return AkaAlgorithmFactory.Create(AkaAlgorithmKind.Tuak, profile.K, 0, profile.K.Length, profile.Opc, 0, parameters);
            }

            return AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, profile.K, 0, profile.K.Length, profile.Opc, 0, null);
        }

        private static void Validate(UsimIdentityKind identity, UsimProfile profile)
        {
            if (identity != UsimIdentityKind.Preliminary && identity != UsimIdentityKind.Operational)
            {
                throw new ArgumentOutOfRangeException(nameof(identity));
            }

            if (profile == null)
            {
                throw new ArgumentNullException(nameof(profile));
            }

            string imsi;
            if (profile.EfImsi == null || profile.EfImsi.Length != UsimEncoding.ImsiFileLength || !UsimEncoding.TryDecodeImsi(profile.EfImsi, 0, out imsi))
            {
                throw new ArgumentException("EF_IMSI must be a valid 9-byte encoding", nameof(profile));
            }

            if (profile.EfIccid == null || profile.EfIccid.Length != UsimEncoding.IccidFileLength)
            {
                throw new ArgumentException("EF_ICCID must be 10 bytes", nameof(profile));
            }

            if (profile.MncLength != 2 && profile.MncLength != 3)
            {
                throw new ArgumentException("MNC length must be 2 or 3", nameof(profile));
            }

            if (profile.K == null || profile.Opc == null)
            {
                throw new ArgumentException("K and OPc are required", nameof(profile));
            }

            if (profile.Algorithm == AkaAlgorithmKind.Milenage && (profile.K.Length != 16 || profile.Opc.Length != 16))
            {
                throw new ArgumentException("MILENAGE needs a 16-byte K and OPc", nameof(profile));
            }

            if (profile.Algorithm == AkaAlgorithmKind.Tuak && ((profile.K.Length != 16 && profile.K.Length != 32) || profile.Opc.Length != 32))
            {
                throw new ArgumentException("TUAK needs a 16- or 32-byte K and a 32-byte TOPc", nameof(profile));
            }

            if (profile.Algorithm != AkaAlgorithmKind.Milenage && profile.Algorithm != AkaAlgorithmKind.Tuak)
            {
                throw new ArgumentException("unknown algorithm", nameof(profile));
            }

            if (profile.Algorithm == AkaAlgorithmKind.Tuak && !HasDefaultTuakParameters(profile) && !HasValidTuakParameters(profile))
            {
                // TS 35.231 5.1: MAC 64/128/256, RES 32/64/128/256, CK and IK 128/256 bits; 1 or more iterations.
                throw new ArgumentException("TUAK lengths must be all zero (default) or all valid", nameof(profile));
            }

            CheckList(profile.Fplmn, UsimEncoding.PlmnLength, "EF_FPLMN");
            CheckList(profile.Ehplmn, UsimEncoding.PlmnLength, "EF_EHPLMN");
            CheckList(profile.PlmnWithAct, UsimEncoding.PlmnWithActLength, "EF_PLMNwAcT");
            CheckList(profile.OplmnWithAct, UsimEncoding.PlmnWithActLength, "EF_OPLMNwACT");
            CheckList(profile.HplmnWithAct, UsimEncoding.PlmnWithActLength, "EF_HPLMNwAcT");
            if (profile.Acc != null && profile.Acc.Length != 2)
            {
                throw new ArgumentException("EF_ACC must be 2 bytes", nameof(profile));
            }

            if (profile.Msisdn != null)
            {
                string digits = profile.Msisdn.Length > 0 && profile.Msisdn[0] == '+' ? profile.Msisdn.Substring(1) : profile.Msisdn;
                if (!UsimEncoding.IsDigits(digits, 1, 20))
                {
                    throw new ArgumentException("MSISDN must be 1 to 20 digits, optionally after '+'", nameof(profile));
                }
            }

            string name = profile.ServiceProviderName;
            if (name != null)
            {
                bool printable = name.Length <= 16;
                for (int i = 0; i < name.Length; i++)
                {
                    printable &= name[i] >= 0x20 && name[i] <= 0x7E;
                }

                if (!printable)
                {
                    throw new ArgumentException("service provider name must be up to 16 printable ASCII characters", nameof(profile));
                }
            }
        }

        private static bool HasDefaultTuakParameters(UsimProfile profile)
        {
            return profile.TuakMacLength == 0 && profile.TuakResLength == 0 && profile.TuakCkLength == 0
                && profile.TuakIkLength == 0 && profile.TuakKeccakIterations == 0;
        }

        private static bool HasValidTuakParameters(UsimProfile profile)
        {
            int mac = profile.TuakMacLength;
            int res = profile.TuakResLength;
            return (mac == 8 || mac == 16 || mac == 32)
                && (res == 4 || res == 8 || res == 16 || res == 32)
                && (profile.TuakCkLength == 16 || profile.TuakCkLength == 32)
                && (profile.TuakIkLength == 16 || profile.TuakIkLength == 32)
                && profile.TuakKeccakIterations >= 1;
        }

        private static void CheckList(byte[] list, int entryLength, string name)
        {
            if (list != null && (list.Length == 0 || list.Length % entryLength != 0 || list.Length > MaxPersistedFileLength))
            {
                throw new ArgumentException(name + " must hold whole entries, at most 255 bytes", "profile");
            }
        }
    }
}
