using System;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// The card in the modem's SIM slot: the firmware's <see cref="SoftUsim"/> over a
    /// <see cref="DeviceKeyStore"/> on its own <see cref="SimulatedFlash"/>, loaded from a manufactured
    /// key-store image (docs/keystore-format.md section 6), so the inserted card persists SQN and the EFs
    /// the modem updates exactly as the device's own store would. Thread-safe (one lock around the card).
    /// </summary>
    public sealed class InsertedSimCard : ISimCard
    {
        /// <summary>Flash geometry of the card's store: 16 sectors of 4 KiB, 256-byte pages, store at sector 1.</summary>
        public const int SectorSize = 4096;

        private const int SectorCount = 16;
        private const int PageSize = 256;
        private const int FirstSector = 1;

        private readonly object gate = new object();
        private readonly SoftUsim usim;
        private readonly byte[] response = new byte[SoftUsim.MaxResponseLength];

        /// <summary>Wraps an existing soft USIM (its store is the caller's).</summary>
        public InsertedSimCard(SoftUsim usim)
        {
            ArgumentNullException.ThrowIfNull(usim);
            this.usim = usim;
        }

        private InsertedSimCard(SoftUsim usim, DeviceKeyStore store, SimulatedFlash flash)
            : this(usim)
        {
            Store = store;
            Flash = flash;
        }

        /// <summary>The key store behind the card (null when wrapping a caller's USIM).</summary>
        public DeviceKeyStore Store { get; }

        /// <summary>The card's flash (null when wrapping a caller's USIM).</summary>
        public SimulatedFlash Flash { get; }

        /// <summary>
        /// Manufactures a card: a blank flash, a key store mounted on it, the encoded manufacture image loaded
        /// with keys (the storage keys it was encoded under), and a soft USIM presenting the store's identity.
        /// Throws ArgumentException when the image does not decode.
        /// </summary>
        public static InsertedSimCard FromManufactureImage(byte[] image, IKeyProvider keys, int flashSeed = 1)
        {
            ArgumentNullException.ThrowIfNull(image);
            ArgumentNullException.ThrowIfNull(keys);
            var flash = new SimulatedFlash(SectorSize, SectorCount, PageSize, flashSeed);
            var store = new DeviceKeyStore(flash, FirstSector, keys);
            KeyStoreResult mounted = store.Mount();
            if (mounted != KeyStoreResult.NotInitialized && mounted != KeyStoreResult.Ok)
            {
                throw new InvalidOperationException("a blank card store did not mount: " + mounted);
            }

            KeyStoreResult loaded = store.LoadManufactureImage(image, 0, image.Length, out RecordStatus imageStatus);
            if (loaded != KeyStoreResult.Ok)
            {
                throw new ArgumentException("the manufacture image was refused: " + loaded + " (" + imageStatus + ")", nameof(image));
            }

            if (!store.TryGetProfile(store.ActiveIdentity, out UsimProfile profile))
            {
                throw new ArgumentException("the manufacture image holds no usable profile", nameof(image));
            }

            return new InsertedSimCard(new SoftUsim(store, store.ActiveIdentity, profile), store, flash);
        }

        /// <summary>Manufactures a card from an image object (encoded under keys with a fresh random nonce first).</summary>
        public static InsertedSimCard FromManufactureImage(ManufactureImage image, IKeyProvider keys, int flashSeed = 1)
        {
            ArgumentNullException.ThrowIfNull(image);
            byte[] encoded = ManufactureImage.Encode(image, keys, System.Security.Cryptography.RandomNumberGenerator.GetBytes(ManufactureImage.NonceSize));
            return FromManufactureImage(encoded, keys, flashSeed);
        }

        /// <inheritdoc/>
        public Task<SimCardResponse> ResetAsync(bool coldStart, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                byte[] atr = coldStart ? usim.Init() : usim.Reset();
                return Task.FromResult(SimCardResponse.Answer(atr));
            }
        }

        /// <inheritdoc/>
        public Task<SimCardResponse> TransmitAsync(byte[] command, int offset, int count, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(command);
            lock (gate)
            {
                if (!usim.IsPowered)
                {
                    return Task.FromResult(SimCardResponse.Failure(SimCardStatus.NotPowered));
                }

                int length = usim.Process(command, offset, count, response, 0);
                byte[] answer = response.AsSpan(0, length).ToArray();
                Array.Clear(response, 0, length);
                return Task.FromResult(SimCardResponse.Answer(answer));
            }
        }

        /// <inheritdoc/>
        public Task PowerOffAsync(CancellationToken cancellationToken)
        {
            lock (gate)
            {
                usim.Deinit();
            }

            return Task.CompletedTask;
        }
    }
}
