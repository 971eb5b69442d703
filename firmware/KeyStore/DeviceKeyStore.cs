using System;
using M2MDevice.Crypto;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Firmware.KeyStore
{
    /// <summary>
    /// The device's power-fail-safe secure storage (ARCHITECTURE.md section 4, docs/keystore-format.md):
    /// device info and preliminary credentials from the manufacture image, the operational profiles
    /// (identity selector, active, staged), the SQN arrays, terminal-updated USIM files, provisioning
    /// state and pending notifications. Each lives in its own <see cref="RecordLog"/> area of two
    /// sectors; every method that changes state returns only once the change is durable, and a power
    /// cut at any byte leaves either the old or the new state. Keys never leave this class and the
    /// soft USIM. Not thread-safe: the firmware core calls it from one thread.
    /// </summary>
    public sealed class DeviceKeyStore : IUsimStore
    {
        /// <summary>Sectors the store occupies: seven areas of two sectors.</summary>
        public const int SectorCount = 14;

        private const int Body = RecordCodec.HeaderSize;
        private const byte PreliminaryPresent = 1;
        private const byte PreliminaryRetired = 2;
        private const byte TagSelector = 1;
        private const byte TagActive = 2;
        private const byte TagStaged = 3;
        private const byte TagLastCommitted = 4;
        private const byte TagPendingReset = 5;
        private const byte TagRolledBackIdentity = 6;
        private const byte ResetFiles = 1;
        private const byte ResetSqn = 2;
        private const int FingerprintLength = 16;

        private readonly IFlash flash;
        private readonly int firstSector;
        private readonly IKeyProvider keys;
        // One sector buffer serves both as the scan/replay buffer and as the record buffer (RecordLog allows it): every
        // replay ends (and wipes it) inside Mount before anything is written, and a write never reads the flash back.
        private readonly byte[] scanBuffer;
        private readonly byte[] recordBuffer;
        private readonly byte[] undoBuffer = new byte[KeyStoreLimits.MaxFileLength];
        private readonly byte[][] sqnArrays = new byte[][] { new byte[KeyStoreLimits.SqnArrayLength], new byte[KeyStoreLimits.SqnArrayLength] };
        private readonly byte[] fileIdentities = new byte[KeyStoreLimits.MaxFiles];
        private readonly ushort[] fileIds = new ushort[KeyStoreLimits.MaxFiles];
        private readonly byte[][] fileContents = new byte[KeyStoreLimits.MaxFiles][];
        private readonly uint[] notificationIds = new uint[KeyStoreLimits.MaxNotifications];
        private readonly byte[][] notificationMessages = new byte[KeyStoreLimits.MaxNotifications][];
        private readonly byte[] previousFingerprint = new byte[FingerprintLength];
        private readonly byte[] stagedFingerprint = new byte[FingerprintLength];

        private RecordCodec codec;
        private RecordLog deviceLog;
        private RecordLog preliminaryLog;
        private RecordLog profilesLog;
        private RecordLog sqnLog;
        private RecordLog filesLog;
        private RecordLog provisioningLog;
        private RecordLog notificationLog;
        private bool mounted;
        private int bodyErrors;

        private ManufactureImage deviceInfo;
        private UsimProfile preliminary;
        private bool preliminaryRetired;
        private UsimIdentityKind selector;
        private UsimProfile active;
        private UsimProfile staged;
        private uint lastCommittedSequence;
        private byte pendingReset;
        private byte[] rolledBackIdentity;
        private int fileCount;
        private uint provisioningState;
        // Issue 8.3: a buffer replaced only by a longer blob, holding provisioningBlobLength bytes (-1: never saved).
        private byte[] provisioningBlob;
        private int provisioningBlobLength = -1;
        private uint nextNotificationId;
        private int notificationCount;

        /// <summary>
        /// Binds the store to sectors firstSector .. firstSector + 13 of the flash. No flash or key
        /// access here; call <see cref="Mount"/>.
        /// </summary>
        public DeviceKeyStore(IFlash flash, int firstSector, IKeyProvider keys)
        {
            if (flash == null || keys == null)
            {
                throw new ArgumentNullException(nameof(flash));
            }

            if (flash.SectorSize < KeyStoreLimits.MinSectorSize || firstSector < 0
                || (firstSector + SectorCount) * flash.SectorSize > flash.Size)
            {
                throw new ArgumentOutOfRangeException(nameof(firstSector));
            }

            this.flash = flash;
            this.firstSector = firstSector;
            this.keys = keys;
            scanBuffer = new byte[flash.SectorSize];
            recordBuffer = scanBuffer;
        }

        /// <summary>True once the manufacture image has been loaded (device info present).</summary>
        public bool IsInitialized => deviceInfo != null;

        /// <summary>The identity the USIM presents: preliminary until a profile is committed.</summary>
        public UsimIdentityKind ActiveIdentity => selector;

        /// <summary>True while the preliminary credentials are held (loaded and not retired).</summary>
        public bool HasPreliminary => preliminary != null;

        /// <summary>True once <see cref="RetirePreliminary"/> has completed.</summary>
        public bool IsPreliminaryRetired => preliminaryRetired;

        /// <summary>True when a downloaded profile waits for <see cref="CommitStagedProfile"/>.</summary>
        public bool HasStagedProfile => staged != null;

        /// <summary>True when an operational profile is committed.</summary>
        public bool HasActiveProfile => active != null;

        /// <summary>Sequence number of the newest profile ever committed (kept across rollback); 0 before the first commit.</summary>
        public uint LastCommittedProfileSequence => lastCommittedSequence;

        /// <summary>Device id from the manufacture image, or null before it is loaded.</summary>
        public string DeviceId => deviceInfo == null ? null : deviceInfo.DeviceId;

        /// <summary>RS address from the manufacture image, or null before it is loaded.</summary>
        public string RsAddress => deviceInfo == null ? null : deviceInfo.RsAddress;

        /// <summary>The provisioning state machine's state number (0 when never saved).</summary>
        public uint ProvisioningStateNumber => provisioningState;

        /// <summary>Pending (unacknowledged) notifications.</summary>
        public int NotificationCount => notificationCount;

        /// <summary>Records whose MAC was valid but whose body did not parse during the last mount (firmware bug indicator).</summary>
        public int BodyErrors => bodyErrors;

        /// <summary>Invalid records the last mount skipped, over all areas (torn writes, corruption).</summary>
        public int RejectedRecords
        {
            get
            {
                return deviceLog.RejectedCount + preliminaryLog.RejectedCount + profilesLog.RejectedCount
                    + sqnLog.RejectedCount + filesLog.RejectedCount + provisioningLog.RejectedCount
                    + notificationLog.RejectedCount;
            }
        }

        /// <summary>The area log of a record type (diagnostics and tests).</summary>
        public RecordLog GetLog(RecordType type)
        {
            switch (type)
            {
                case RecordType.DeviceInfo:
                    return deviceLog;
                case RecordType.Preliminary:
                    return preliminaryLog;
                case RecordType.Profiles:
                    return profilesLog;
                case RecordType.SqnCheckpoint:
                case RecordType.SqnEntry:
                    return sqnLog;
                case RecordType.FilesCheckpoint:
                case RecordType.FileEntry:
                    return filesLog;
                case RecordType.ProvisioningState:
                    return provisioningLog;
                case RecordType.Notifications:
                    return notificationLog;
                default:
                    throw new ArgumentOutOfRangeException(nameof(type));
            }
        }

        /// <summary>
        /// Reads every area and rebuilds the state (after power-up, and after a power cut). Finishes an
        /// interrupted retirement scrub and an interrupted profile switch (docs/keystore-format.md 4.5).
        /// Returns <see cref="KeyStoreResult.NotInitialized"/> on a blank store (load the manufacture
        /// image), else Ok.
        /// </summary>
        public KeyStoreResult Mount()
        {
            if (codec == null)
            {
                codec = new RecordCodec(keys);
                deviceLog = NewLog(0, RecordType.DeviceInfo, 0);
                preliminaryLog = NewLog(2, RecordType.Preliminary, 0);
                profilesLog = NewLog(4, RecordType.Profiles, 0);
                sqnLog = NewLog(6, RecordType.SqnCheckpoint, RecordType.SqnEntry);
                filesLog = NewLog(8, RecordType.FilesCheckpoint, RecordType.FileEntry);
                provisioningLog = NewLog(10, RecordType.ProvisioningState, 0);
                notificationLog = NewLog(12, RecordType.Notifications, 0);
            }

            ResetState();
            bodyErrors = 0;
            MountDeviceInfo();
            MountPreliminary();
            MountProfiles();
            MountSqn();
            MountFiles();
            MountProvisioning();
            MountNotifications();
            mounted = true;
            if (deviceInfo == null)
            {
                // A first boot cut between the preliminary record and the device info (written last):
                // not initialized yet; the image is loaded again.
                ResetState();
                return KeyStoreResult.NotInitialized;
            }

            if (preliminaryRetired && !preliminaryLog.IsOtherSlotBlank)
            {
                // A cut interrupted the scrub after the tombstone was written: finish it.
                preliminaryLog.EraseOtherSlot();
            }

            if (pendingReset != 0)
            {
                // A cut interrupted a profile switch after its commit record: finish the fresh start.
                CompleteOperationalReset();
            }

            return KeyStoreResult.Ok;
        }

        /// <summary>
        /// First boot: decodes the manufacture image and stores the preliminary credentials, then the
        /// device info (written last, so a cut in between simply repeats the load on the next boot).
        /// Refused once initialized, so a retained image never resurrects retired credentials.
        /// </summary>
        public KeyStoreResult LoadManufactureImage(byte[] image, int offset, int count, out RecordStatus imageStatus)
        {
            EnsureMounted();
            imageStatus = RecordStatus.Valid;
            if (deviceInfo != null)
            {
                return KeyStoreResult.AlreadyInitialized;
            }

            ManufactureImage decoded;
            imageStatus = ManufactureImage.TryDecode(image, offset, count, codec, scanBuffer, out decoded);
            if (imageStatus != RecordStatus.Valid)
            {
                return KeyStoreResult.BadImage;
            }

            preliminary = decoded.Preliminary;
            preliminaryRetired = false;
            WritePreliminary(false);
            decoded.Preliminary = null;
            int length = decoded.EncodeDeviceInfo(recordBuffer, Body) - Body;
            deviceLog.WriteCheckpoint(length);
            deviceInfo = decoded;
            return KeyStoreResult.Ok;
        }

        /// <summary>A copy of the RS trust anchor (DER), or null before initialization.</summary>
        public byte[] GetRsTrustAnchor()
        {
            return deviceInfo == null ? null : Tlv.Copy(deviceInfo.RsTrustAnchor, 0, deviceInfo.RsTrustAnchor.Length);
        }

        /// <summary>A copy of the allowed-network list (3 bytes per PLMN), or null when none.</summary>
        public byte[] GetAllowedNetworks()
        {
            return deviceInfo == null || deviceInfo.AllowedNetworks == null
                ? null
                : Tlv.Copy(deviceInfo.AllowedNetworks, 0, deviceInfo.AllowedNetworks.Length);
        }

        /// <summary>
        /// A copy of the profile the USIM presents for identity: the preliminary credentials, or the
        /// active operational profile. False when that identity has none.
        /// </summary>
        public bool TryGetProfile(UsimIdentityKind identity, out UsimProfile profile)
        {
            profile = ProfileCodec.Clone(identity == UsimIdentityKind.Preliminary ? preliminary
                : identity == UsimIdentityKind.Operational ? active : null);
            return profile != null;
        }

        /// <summary>A copy of the staged profile; false when none.</summary>
        public bool TryGetStagedProfile(out UsimProfile profile)
        {
            profile = ProfileCodec.Clone(staged);
            return profile != null;
        }

        /// <summary>
        /// Stores a downloaded profile as staged (replacing any earlier staged one). Refused with
        /// NotNewer when its sequence number is not above every profile committed before, including
        /// one rolled back (ARCHITECTURE.md 3.5: a package is accepted only once and only with a
        /// sequence number above the last installed).
        /// </summary>
        public KeyStoreResult StageProfile(UsimProfile profile)
        {
            EnsureMounted();
            if (ProfileCodec.GetEncodedLength(profile) > KeyStoreLimits.MaxProfileLength)
            {
                return KeyStoreResult.TooLarge;
            }

            if (profile.ProfileSequence <= lastCommittedSequence)
            {
                return KeyStoreResult.NotNewer;
            }

            staged = ProfileCodec.Clone(profile);
            WriteProfiles();
            return KeyStoreResult.Ok;
        }

        /// <summary>
        /// Atomically makes the staged profile active and selects the operational identity. The new
        /// profile starts like a freshly downloaded UICC profile (TS 31.102 initial values): the
        /// operational terminal-updated files read as never saved, so the soft USIM presents the
        /// profile's defaults; the operational SQN array reads all zero unless the profile is the same
        /// subscription (same EF_IMSI and K) as the one that array belongs to, whose history is kept
        /// (never a replay window, no resync). The commit record carries a reset-pending mark, so from
        /// the moment it is durable the old state is never presented again; the clean-up records follow
        /// and a cut among them is finished by <see cref="Mount"/> (docs/keystore-format.md 4.2, 4.5).
        /// The preliminary credentials and their state stay until <see cref="RetirePreliminary"/>.
        /// </summary>
        public KeyStoreResult CommitStagedProfile()
        {
            EnsureMounted();
            if (staged == null)
            {
                return KeyStoreResult.NothingStaged;
            }

            byte reset = 0;
            if (HasFiles(UsimIdentityKind.Operational))
            {
                reset |= ResetFiles;
            }

            if (!IsAllZero(sqnArrays[1]) && !IsSameSqnOwner(staged))
            {
                reset |= ResetSqn;
            }

            UsimProfile previous = active;
            active = staged;
            staged = null;
            selector = UsimIdentityKind.Operational;
            lastCommittedSequence = active.ProfileSequence;
            ForgetRolledBackIdentity();
            pendingReset = reset;

            // The commit point: one record (selector, active, reset mark).
            WriteProfiles();
            if (previous != active)
            {
                ProfileCodec.Wipe(previous);
            }

            CompleteOperationalReset();
            return KeyStoreResult.Ok;
        }

        /// <summary>
        /// The new profile could not attach: selects the preliminary identity again and discards the
        /// committed and staged operational profiles (one record write).
        /// </summary>
        public KeyStoreResult RollbackToPreliminary()
        {
            EnsureMounted();
            if (preliminary == null)
            {
                return KeyStoreResult.NoPreliminary;
            }

            if (active != null)
            {
                // The operational SQN array stays (it is the only record of which SQNs this K has
                // accepted); remember whose it is, so a later commit of the same subscription keeps it.
                ForgetRolledBackIdentity();
                rolledBackIdentity = new byte[FingerprintLength];
                codec.ComputeIdentityFingerprint(active.EfImsi, active.K, rolledBackIdentity, 0);
            }

            ProfileCodec.Wipe(active);
            ProfileCodec.Wipe(staged);
            active = null;
            staged = null;
            selector = UsimIdentityKind.Preliminary;
            WriteProfiles();
            return KeyStoreResult.Ok;
        }

        /// <summary>
        /// The operational profile has attached: replaces the preliminary credentials by a tombstone in a
        /// freshly erased sector, then erases the other sector so no copy of the old K remains.
        /// </summary>
        public KeyStoreResult RetirePreliminary()
        {
            EnsureMounted();
            if (preliminaryRetired)
            {
                return KeyStoreResult.AlreadyRetired;
            }

            if (selector != UsimIdentityKind.Operational || active == null)
            {
                return KeyStoreResult.NotOperational;
            }

            ProfileCodec.Wipe(preliminary);
            preliminary = null;
            preliminaryRetired = true;
            WritePreliminary(true);
            preliminaryLog.EraseOtherSlot();
            return KeyStoreResult.Ok;
        }

        /// <summary>A copy of the provisioning blob, or null when never saved.</summary>
        public byte[] GetProvisioningBlob()
        {
            return provisioningBlobLength < 0 ? null : Tlv.Copy(provisioningBlob, 0, provisioningBlobLength);
        }

        /// <summary>Durably saves the provisioning state number and its blob (blob may be null for none).</summary>
        public KeyStoreResult SaveProvisioningState(uint state, byte[] blob, int offset, int count)
        {
            EnsureMounted();
            if (count < 0 || count > KeyStoreLimits.MaxProvisioningBlobLength)
            {
                return KeyStoreResult.TooLarge;
            }

            provisioningState = state;
            if (blob == null)
            {
                count = 0;
            }

            // Saved at every provisioning transition: the held copy's buffer is reused (the blob holds Ks_NAF: what it
            // held beyond the new length, or in a buffer outgrown, is wiped).
            if (provisioningBlob == null || provisioningBlob.Length < count)
            {
                byte[] grown = new byte[count];
                if (provisioningBlob != null)
                {
                    ConstantTime.Clear(provisioningBlob, 0, provisioningBlob.Length);
                }

                provisioningBlob = grown;
            }

            if (count > 0)
            {
                Array.Copy(blob, offset, provisioningBlob, 0, count);
            }

            ConstantTime.Clear(provisioningBlob, count, provisioningBlob.Length - count);
            provisioningBlobLength = count;
            RecordCodec.WriteUInt32(recordBuffer, Body, state);
            Array.Copy(provisioningBlob, 0, recordBuffer, Body + 4, count);
            provisioningLog.WriteCheckpoint(4 + count);
            return KeyStoreResult.Ok;
        }

        /// <summary>Id of pending notification index (0 = oldest).</summary>
        public uint GetNotificationId(int index)
        {
            CheckNotificationIndex(index);
            return notificationIds[index];
        }

        /// <summary>A copy of pending notification index (0 = oldest).</summary>
        public byte[] GetNotificationMessage(int index)
        {
            CheckNotificationIndex(index);
            byte[] message = notificationMessages[index];
            return Tlv.Copy(message, 0, message.Length);
        }

        /// <summary>Durably appends a notification to the queue; id is unique over the device's life.</summary>
        public KeyStoreResult EnqueueNotification(byte[] message, int offset, int count, out uint id)
        {
            EnsureMounted();
            id = 0;
            if (notificationCount == KeyStoreLimits.MaxNotifications)
            {
                return KeyStoreResult.QueueFull;
            }

            int total = count;
            for (int i = 0; i < notificationCount; i++)
            {
                total += notificationMessages[i].Length;
            }

            if (count < 0 || total > KeyStoreLimits.MaxNotificationsTotalLength)
            {
                return KeyStoreResult.TooLarge;
            }

            id = nextNotificationId == 0 ? 1 : nextNotificationId;
            nextNotificationId = id + 1;
            notificationIds[notificationCount] = id;
            notificationMessages[notificationCount] = Tlv.Copy(message, offset, count);
            notificationCount++;
            WriteNotifications();
            return KeyStoreResult.Ok;
        }

        /// <summary>Durably removes the notification with this id; false when no such notification is pending.</summary>
        public bool AcknowledgeNotification(uint id)
        {
            EnsureMounted();
            for (int i = 0; i < notificationCount; i++)
            {
                if (notificationIds[i] == id)
                {
                    for (int j = i; j < notificationCount - 1; j++)
                    {
                        notificationIds[j] = notificationIds[j + 1];
                        notificationMessages[j] = notificationMessages[j + 1];
                    }

                    notificationCount--;
                    notificationMessages[notificationCount] = null;
                    WriteNotifications();
                    return true;
                }
            }

            return false;
        }

        /// <inheritdoc />
        public void SaveSqnSlot(UsimIdentityKind identity, int index, byte[] sqn, int offset)
        {
            EnsureMounted();
            if (index < 0 || index >= KeyStoreLimits.SqnSlotCount)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            if (sqn == null || offset < 0 || offset > sqn.Length - KeyStoreLimits.SqnLength)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            byte[] array = SqnArray(identity);
            int at = index * KeyStoreLimits.SqnLength;
            Array.Copy(array, at, undoBuffer, 0, KeyStoreLimits.SqnLength);
            Array.Copy(sqn, offset, array, at, KeyStoreLimits.SqnLength);
            bool durable = false;
            try
            {
                // TS 33.102 C.2: only the IND slot that changed is written (one 40-byte record per AKA).
                recordBuffer[Body] = (byte)identity;
                recordBuffer[Body + 1] = (byte)index;
                Array.Copy(sqn, offset, recordBuffer, Body + 2, KeyStoreLimits.SqnLength);
                if (!sqnLog.TryAppendDelta(KeyStoreLimits.SqnEntryBodyLength))
                {
                    WriteSqnCheckpoint();
                }

                durable = true;
            }
            finally
            {
                if (!durable)
                {
                    // The write failed: the RAM state stays what flash holds.
                    Array.Copy(undoBuffer, 0, array, at, KeyStoreLimits.SqnLength);
                }

                Array.Clear(undoBuffer, 0, KeyStoreLimits.SqnLength);
            }
        }

        /// <inheritdoc />
        public void LoadSqnSlots(UsimIdentityKind identity, byte[] buffer, int offset)
        {
            Array.Copy(SqnArray(identity), 0, buffer, offset, KeyStoreLimits.SqnArrayLength);
        }

        /// <inheritdoc />
        public void SaveFile(UsimIdentityKind identity, ushort fileId, byte[] data, int offset, int count)
        {
            EnsureMounted();
            SqnArray(identity); // validates identity
            if (count < 1 || count > KeyStoreLimits.MaxFileLength)
            {
                // IUsimStore contract: whole EFs of 1 to 255 bytes (SoftUsim.MaxPersistedFileLength).
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            if (data == null || offset < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            int index = FindFile(identity, fileId);
            if (index >= 0 && fileContents[index].Length == count
                && ConstantTime.AreEqual(fileContents[index], 0, data, offset, count))
            {
                return; // unchanged content: already durable, spare the flash
            }

            int total = count;
            for (int i = 0; i < fileCount; i++)
            {
                if (i != index)
                {
                    total += fileContents[i].Length;
                }
            }

            if (total > KeyStoreLimits.MaxFilesTotalLength || (index < 0 && fileCount == KeyStoreLimits.MaxFiles))
            {
                throw new InvalidOperationException("USIM file storage full");
            }

            // The RAM state takes the new content for the record writers, and gets the old one back if
            // the write fails, so a retry of the same content is written rather than skipped as unchanged.
            bool added = index < 0;
            byte[] previous = null;
            int previousLength = 0;
            if (added)
            {
                index = fileCount++;
                fileIdentities[index] = (byte)identity;
                fileIds[index] = fileId;
                fileContents[index] = new byte[count];
            }
            else if (fileContents[index].Length != count)
            {
                previous = fileContents[index];
                fileContents[index] = new byte[count];
            }
            else
            {
                previousLength = count;
                Array.Copy(fileContents[index], 0, undoBuffer, 0, count);
            }

            Array.Copy(data, offset, fileContents[index], 0, count);
            bool durable = false;
            try
            {
                int length = PutFile(index, Body) - Body;
                if (!filesLog.TryAppendDelta(length))
                {
                    WriteFilesCheckpoint();
                }

                durable = true;
            }
            finally
            {
                if (!durable)
                {
                    if (added)
                    {
                        fileCount--;
                        fileContents[index] = null;
                    }
                    else if (previous != null)
                    {
                        fileContents[index] = previous;
                    }
                    else
                    {
                        Array.Copy(undoBuffer, 0, fileContents[index], 0, previousLength);
                    }
                }

                // EF_KEYS and EF_Kc hold CK, IK, Kc.
                Array.Clear(undoBuffer, 0, previousLength);
            }
        }

        /// <inheritdoc />
        public int LoadFile(UsimIdentityKind identity, ushort fileId, byte[] buffer, int offset)
        {
            int index = FindFile(identity, fileId);
            if (index < 0)
            {
                return -1;
            }

            byte[] content = fileContents[index];
            Array.Copy(content, 0, buffer, offset, content.Length);
            return content.Length;
        }

        private RecordLog NewLog(int sectorOffset, RecordType checkpointType, RecordType deltaType)
        {
            return new RecordLog(flash, codec, firstSector + sectorOffset, checkpointType, deltaType, scanBuffer, recordBuffer);
        }

        private void EnsureMounted()
        {
            if (!mounted)
            {
                throw new InvalidOperationException("key store not mounted");
            }
        }

        private void ResetState()
        {
            deviceInfo = null;
            ProfileCodec.Wipe(preliminary);
            ProfileCodec.Wipe(active);
            ProfileCodec.Wipe(staged);
            preliminary = null;
            preliminaryRetired = false;
            selector = UsimIdentityKind.Preliminary;
            active = null;
            staged = null;
            lastCommittedSequence = 0;
            pendingReset = 0;
            ForgetRolledBackIdentity();
            Array.Clear(sqnArrays[0], 0, KeyStoreLimits.SqnArrayLength);
            Array.Clear(sqnArrays[1], 0, KeyStoreLimits.SqnArrayLength);
            for (int i = 0; i < KeyStoreLimits.MaxFiles; i++)
            {
                fileContents[i] = null;
            }

            fileCount = 0;
            provisioningState = 0;
            provisioningBlob = null;
            provisioningBlobLength = -1;
            nextNotificationId = 1;
            for (int i = 0; i < KeyStoreLimits.MaxNotifications; i++)
            {
                notificationMessages[i] = null;
            }

            notificationCount = 0;
        }

        private byte[] SqnArray(UsimIdentityKind identity)
        {
            if (identity == UsimIdentityKind.Preliminary)
            {
                return sqnArrays[0];
            }

            if (identity == UsimIdentityKind.Operational)
            {
                return sqnArrays[1];
            }

            throw new ArgumentOutOfRangeException(nameof(identity));
        }

        private void MountDeviceInfo()
        {
            deviceLog.Mount();
            RecordType type;
            int bodyOffset;
            int bodyLength;
            if (deviceLog.StartReplay() && deviceLog.TryReadNext(out type, out bodyOffset, out bodyLength))
            {
                ManufactureImage info = new ManufactureImage();
                if (info.DecodeFields(deviceLog.ReplayBuffer, bodyOffset, bodyLength, false) == RecordStatus.Valid)
                {
                    deviceInfo = info;
                }
                else
                {
                    bodyErrors++;
                }

                FinishReplay(deviceLog);
            }
        }

        private void MountPreliminary()
        {
            preliminaryLog.Mount();
            RecordType type;
            int bodyOffset;
            int bodyLength;
            if (preliminaryLog.StartReplay() && preliminaryLog.TryReadNext(out type, out bodyOffset, out bodyLength))
            {
                byte[] buffer = preliminaryLog.ReplayBuffer;
                byte state = buffer[bodyOffset];
                if (state == PreliminaryRetired && bodyLength == 1)
                {
                    preliminaryRetired = true;
                }
                else if (state != PreliminaryPresent
                    || ProfileCodec.TryDecode(buffer, bodyOffset + 1, bodyLength - 1, out preliminary) != RecordStatus.Valid)
                {
                    bodyErrors++;
                }

                FinishReplay(preliminaryLog);
            }
        }

        private void MountProfiles()
        {
            profilesLog.Mount();
            RecordType type;
            int bodyOffset;
            int bodyLength;
            if (!profilesLog.StartReplay() || !profilesLog.TryReadNext(out type, out bodyOffset, out bodyLength))
            {
                return;
            }

            byte[] buffer = profilesLog.ReplayBuffer;
            int end = bodyOffset + bodyLength;
            int p = bodyOffset;
            uint seen = 0;
            bool ok = true;
            UsimIdentityKind readSelector = 0;
            UsimProfile readActive = null;
            UsimProfile readStaged = null;
            uint readLastCommitted = 0;
            byte readPendingReset = 0;
            byte[] readRolledBack = null;
            while (ok && p < end)
            {
                byte tag;
                int valueOffset;
                int valueLength;
                ok = Tlv.TryRead(buffer, p, end, out tag, out valueOffset, out valueLength) && Tlv.MarkSeen(ref seen, tag);
                if (!ok)
                {
                    break;
                }

                if (tag == TagSelector && valueLength == 1)
                {
                    readSelector = (UsimIdentityKind)buffer[valueOffset];
                }
                else if (tag == TagActive)
                {
                    ok = ProfileCodec.TryDecode(buffer, valueOffset, valueLength, out readActive) == RecordStatus.Valid;
                }
                else if (tag == TagStaged)
                {
                    ok = ProfileCodec.TryDecode(buffer, valueOffset, valueLength, out readStaged) == RecordStatus.Valid;
                }
                else if (tag == TagLastCommitted && valueLength == 4)
                {
                    readLastCommitted = RecordCodec.ReadUInt32(buffer, valueOffset);
                }
                else if (tag == TagPendingReset && valueLength == 1)
                {
                    readPendingReset = buffer[valueOffset];
                    ok = readPendingReset != 0 && (readPendingReset & ~(ResetFiles | ResetSqn)) == 0;
                }
                else if (tag == TagRolledBackIdentity && valueLength == FingerprintLength)
                {
                    readRolledBack = Tlv.Copy(buffer, valueOffset, valueLength);
                }
                else
                {
                    ok = false;
                }

                p = valueOffset + valueLength;
            }

            bool selectorOk = readSelector == UsimIdentityKind.Preliminary
                || (readSelector == UsimIdentityKind.Operational && readActive != null);
            if (ok && selectorOk)
            {
                selector = readSelector;
                active = readActive;
                staged = readStaged;
                lastCommittedSequence = readLastCommitted;
                pendingReset = readPendingReset;
                rolledBackIdentity = readRolledBack;
            }
            else
            {
                ProfileCodec.Wipe(readActive);
                ProfileCodec.Wipe(readStaged);
                if (readRolledBack != null)
                {
                    ConstantTime.Clear(readRolledBack);
                }

                bodyErrors++;
            }

            FinishReplay(profilesLog);
        }

        private void MountSqn()
        {
            sqnLog.Mount();
            if (!sqnLog.StartReplay())
            {
                return;
            }

            RecordType type;
            int bodyOffset;
            int bodyLength;
            byte[] buffer = sqnLog.ReplayBuffer;
            while (sqnLog.TryReadNext(out type, out bodyOffset, out bodyLength))
            {
                if (type == RecordType.SqnCheckpoint)
                {
                    for (int i = 0; i < 2; i++)
                    {
                        int at = bodyOffset + (i * (1 + KeyStoreLimits.SqnArrayLength));
                        if (buffer[at] != i + 1)
                        {
                            bodyErrors++;
                            continue;
                        }

                        Array.Copy(buffer, at + 1, sqnArrays[i], 0, KeyStoreLimits.SqnArrayLength);
                    }
                }
                else
                {
                    byte identity = buffer[bodyOffset];
                    byte index = buffer[bodyOffset + 1];
                    if ((identity != 1 && identity != 2) || index >= KeyStoreLimits.SqnSlotCount)
                    {
                        bodyErrors++;
                        continue;
                    }

                    Array.Copy(buffer, bodyOffset + 2, sqnArrays[identity - 1], index * KeyStoreLimits.SqnLength, KeyStoreLimits.SqnLength);
                }
            }
        }

        private void MountFiles()
        {
            filesLog.Mount();
            if (!filesLog.StartReplay())
            {
                return;
            }

            RecordType type;
            int bodyOffset;
            int bodyLength;
            byte[] buffer = filesLog.ReplayBuffer;
            while (filesLog.TryReadNext(out type, out bodyOffset, out bodyLength))
            {
                int end = bodyOffset + bodyLength;
                int p = bodyOffset;
                int entries = 1;
                if (type == RecordType.FilesCheckpoint)
                {
                    fileCount = 0;
                    entries = buffer[p++];
                }

                for (int i = 0; i < entries; i++)
                {
                    p = ReadFileEntry(buffer, p, end);
                    if (p < 0)
                    {
                        bodyErrors++;
                        break;
                    }
                }
            }
        }

        // Parses identity (1), file id (2), length (2), content; returns the position after it or -1.
        private int ReadFileEntry(byte[] buffer, int p, int end)
        {
            if (end - p < 5)
            {
                return -1;
            }

            byte identity = buffer[p];
            ushort fileId = (ushort)((buffer[p + 1] << 8) | buffer[p + 2]);
            int length = (buffer[p + 3] << 8) | buffer[p + 4];
            p += 5;
            if ((identity != 1 && identity != 2) || length > KeyStoreLimits.MaxFileLength || length > end - p)
            {
                return -1;
            }

            int index = FindFile((UsimIdentityKind)identity, fileId);
            if (index < 0)
            {
                if (fileCount == KeyStoreLimits.MaxFiles)
                {
                    return -1;
                }

                index = fileCount++;
                fileIdentities[index] = identity;
                fileIds[index] = fileId;
            }

            fileContents[index] = Tlv.Copy(buffer, p, length);
            return p + length;
        }

        private void MountProvisioning()
        {
            provisioningLog.Mount();
            RecordType type;
            int bodyOffset;
            int bodyLength;
            if (provisioningLog.StartReplay() && provisioningLog.TryReadNext(out type, out bodyOffset, out bodyLength))
            {
                if (bodyLength >= 4 && bodyLength - 4 <= KeyStoreLimits.MaxProvisioningBlobLength)
                {
                    provisioningState = RecordCodec.ReadUInt32(provisioningLog.ReplayBuffer, bodyOffset);
                    provisioningBlob = Tlv.Copy(provisioningLog.ReplayBuffer, bodyOffset + 4, bodyLength - 4);
                    provisioningBlobLength = provisioningBlob.Length;
                }
                else
                {
                    bodyErrors++;
                }

                FinishReplay(provisioningLog);
            }
        }

        private void MountNotifications()
        {
            notificationLog.Mount();
            RecordType type;
            int bodyOffset;
            int bodyLength;
            if (!notificationLog.StartReplay() || !notificationLog.TryReadNext(out type, out bodyOffset, out bodyLength))
            {
                return;
            }

            byte[] buffer = notificationLog.ReplayBuffer;
            int end = bodyOffset + bodyLength;
            bool ok = bodyLength >= 5;
            if (ok)
            {
                uint next = RecordCodec.ReadUInt32(buffer, bodyOffset);
                int count = buffer[bodyOffset + 4];
                int p = bodyOffset + 5;
                ok = count <= KeyStoreLimits.MaxNotifications;
                for (int i = 0; ok && i < count; i++)
                {
                    ok = end - p >= 6;
                    if (!ok)
                    {
                        break;
                    }

                    uint id = RecordCodec.ReadUInt32(buffer, p);
                    int length = (buffer[p + 4] << 8) | buffer[p + 5];
                    p += 6;
                    ok = length <= end - p;
                    if (ok)
                    {
                        notificationIds[i] = id;
                        notificationMessages[i] = Tlv.Copy(buffer, p, length);
                        p += length;
                    }
                }

                ok = ok && p == end;
                if (ok)
                {
                    nextNotificationId = next;
                    notificationCount = count;
                }
                else
                {
                    for (int i = 0; i < KeyStoreLimits.MaxNotifications; i++)
                    {
                        notificationMessages[i] = null;
                    }
                }
            }

            if (!ok)
            {
                bodyErrors++;
            }

            FinishReplay(notificationLog);
        }

        // Drains the replay so the log wipes its decrypted buffer.
        private static void FinishReplay(RecordLog log)
        {
            RecordType type;
            int bodyOffset;
            int bodyLength;
            while (log.TryReadNext(out type, out bodyOffset, out bodyLength))
            {
            }
        }

        private void WritePreliminary(bool retired)
        {
            if (retired)
            {
                recordBuffer[Body] = PreliminaryRetired;

                // A fresh sector, so the other one (holding every older copy of the credentials) can be erased.
                preliminaryLog.WriteCheckpointInFreshSlot(1);
                return;
            }

            recordBuffer[Body] = PreliminaryPresent;
            int length = ProfileCodec.Encode(preliminary, recordBuffer, Body + 1);
            preliminaryLog.WriteCheckpoint(1 + length);
        }

        private void WriteProfiles()
        {
            int p = Tlv.PutByte(recordBuffer, Body, TagSelector, (byte)selector);
            p = PutProfile(p, TagActive, active);
            p = PutProfile(p, TagStaged, staged);
            p = Tlv.PutUInt32(recordBuffer, p, TagLastCommitted, lastCommittedSequence);
            if (pendingReset != 0)
            {
                p = Tlv.PutByte(recordBuffer, p, TagPendingReset, pendingReset);
            }

            if (rolledBackIdentity != null)
            {
                p = Tlv.PutBytes(recordBuffer, p, TagRolledBackIdentity, rolledBackIdentity);
            }

            profilesLog.WriteCheckpoint(p - Body);
        }

        private int PutProfile(int position, byte tag, UsimProfile profile)
        {
            if (profile == null)
            {
                return position;
            }

            int length = ProfileCodec.GetEncodedLength(profile);
            position = Tlv.PutHeader(recordBuffer, position, tag, length);
            return position + ProfileCodec.Encode(profile, recordBuffer, position);
        }

        private void WriteSqnCheckpoint()
        {
            int p = Body;
            for (int i = 0; i < 2; i++)
            {
                recordBuffer[p++] = (byte)(i + 1);
                Array.Copy(sqnArrays[i], 0, recordBuffer, p, KeyStoreLimits.SqnArrayLength);
                p += KeyStoreLimits.SqnArrayLength;
            }

            sqnLog.WriteCheckpoint(p - Body);
        }

        private int PutFile(int index, int p)
        {
            byte[] content = fileContents[index];
            recordBuffer[p] = fileIdentities[index];
            recordBuffer[p + 1] = (byte)(fileIds[index] >> 8);
            recordBuffer[p + 2] = (byte)fileIds[index];
            recordBuffer[p + 3] = (byte)(content.Length >> 8);
            recordBuffer[p + 4] = (byte)content.Length;
            Array.Copy(content, 0, recordBuffer, p + 5, content.Length);
            return p + 5 + content.Length;
        }

        private void WriteFilesCheckpoint()
        {
            recordBuffer[Body] = (byte)fileCount;
            int p = Body + 1;
            for (int i = 0; i < fileCount; i++)
            {
                p = PutFile(i, p);
            }

            filesLog.WriteCheckpoint(p - Body);
        }

        private void WriteNotifications()
        {
            RecordCodec.WriteUInt32(recordBuffer, Body, nextNotificationId);
            recordBuffer[Body + 4] = (byte)notificationCount;
            int p = Body + 5;
            for (int i = 0; i < notificationCount; i++)
            {
                byte[] message = notificationMessages[i];
                RecordCodec.WriteUInt32(recordBuffer, p, notificationIds[i]);
                recordBuffer[p + 4] = (byte)(message.Length >> 8);
                recordBuffer[p + 5] = (byte)message.Length;
                Array.Copy(message, 0, recordBuffer, p + 6, message.Length);
                p += 6 + message.Length;
            }

            notificationLog.WriteCheckpoint(p - Body);
        }

        // Makes the operational state fresh as the reset mark says, then clears the mark. Every step is
        // idempotent and the RAM state is fresh before any write, so a cut anywhere is finished by Mount.
        private void CompleteOperationalReset()
        {
            if (pendingReset == 0)
            {
                return;
            }

            if ((pendingReset & ResetSqn) != 0)
            {
                // TS 33.102 C.2: a new K starts with SQN_MS = 0 in every IND slot.
                Array.Clear(sqnArrays[1], 0, KeyStoreLimits.SqnArrayLength);
                WriteSqnCheckpoint();
            }

            if ((pendingReset & ResetFiles) != 0)
            {
                // TS 31.102 initial values: an EF never saved reads as the profile's default.
                RemoveFiles(UsimIdentityKind.Operational);
                WriteFilesCheckpoint();
            }

            pendingReset = 0;
            WriteProfiles();
        }

        private bool IsSameSqnOwner(UsimProfile candidate)
        {
            bool known = false;
            if (active != null)
            {
                codec.ComputeIdentityFingerprint(active.EfImsi, active.K, previousFingerprint, 0);
                known = true;
            }
            else if (rolledBackIdentity != null)
            {
                Array.Copy(rolledBackIdentity, 0, previousFingerprint, 0, FingerprintLength);
                known = true;
            }

            bool same = false;
            if (known)
            {
                codec.ComputeIdentityFingerprint(candidate.EfImsi, candidate.K, stagedFingerprint, 0);
                same = ConstantTime.AreEqual(previousFingerprint, 0, stagedFingerprint, 0, FingerprintLength);
            }

            ConstantTime.Clear(previousFingerprint);
            ConstantTime.Clear(stagedFingerprint);
            return same;
        }

        private void ForgetRolledBackIdentity()
        {
            if (rolledBackIdentity != null)
            {
                ConstantTime.Clear(rolledBackIdentity);
                rolledBackIdentity = null;
            }
        }

        private static bool IsAllZero(byte[] array)
        {
            int bits = 0;
            for (int i = 0; i < array.Length; i++)
            {
                bits |= array[i];
            }

            return bits == 0;
        }

        private bool HasFiles(UsimIdentityKind identity)
        {
            for (int i = 0; i < fileCount; i++)
            {
                if (fileIdentities[i] == (byte)identity)
                {
                    return true;
                }
            }

            return false;
        }

        private void RemoveFiles(UsimIdentityKind identity)
        {
            int kept = 0;
            for (int i = 0; i < fileCount; i++)
            {
                if (fileIdentities[i] == (byte)identity)
                {
                    // EF_KEYS, EF_KEYSPS and EF_Kc hold CK, IK and Kc.
                    ConstantTime.Clear(fileContents[i]);
                    fileContents[i] = null;
                    continue;
                }

                fileIdentities[kept] = fileIdentities[i];
                fileIds[kept] = fileIds[i];
                fileContents[kept] = fileContents[i];
                kept++;
            }

            for (int i = kept; i < fileCount; i++)
            {
                fileContents[i] = null;
            }

            fileCount = kept;
        }

        private int FindFile(UsimIdentityKind identity, ushort fileId)
        {
            for (int i = 0; i < fileCount; i++)
            {
                if (fileIdentities[i] == (byte)identity && fileIds[i] == fileId)
                {
                    return i;
                }
            }

            return -1;
        }

        private void CheckNotificationIndex(int index)
        {
            if (index < 0 || index >= notificationCount)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }
        }
    }
}
