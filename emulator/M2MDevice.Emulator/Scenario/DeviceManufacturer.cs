using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Rs;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// The manufacturer's tool (ARCHITECTURE 1 phase 1, 3.6): registers batches at RS (at most
    /// <see cref="RsService.MaxBatchSize"/> devices each) and encodes one <see cref="ManufactureImage"/> per device:
    /// device id, RS address, RS trust anchor, allowed-network list and the preliminary profile (PIMSI, K, OPc,
    /// algorithm, a preliminary ICCID), encrypted and MAC'd under that device's <see cref="DeviceStorageKeys"/>.
    /// The K/OPc RS returned are wiped once encoded.
    /// </summary>
    public sealed class DeviceManufacturer
    {
        /// <summary>ICCID length of preliminary identities (ITU-T E.118, 19 digits with the Luhn digit).</summary>
        public const int IccidLength = 19;

        private readonly RsClient rs;

        /// <summary>Creates the tool over an RS client holding a manufacturer token.</summary>
        public DeviceManufacturer(RsClient manufacturerClient)
        {
            ArgumentNullException.ThrowIfNull(manufacturerClient);
            this.rs = manufacturerClient;
        }

        /// <summary>Numeric PLMNs (MCC+MNC) the device may attach to with its PIMSI; default: 00101.</summary>
        public IReadOnlyList<string> AllowedNetworks { get; set; } = new[] { "00101" };

        /// <summary>MNC length of the PIMSIs (2 or 3; EF_AD, TS 31.102 4.2.18).</summary>
        public int MncLength { get; set; } = 2;

        /// <summary>Where each device's storage keys come from; default: fresh random eFuse keys.</summary>
        public Func<DeviceStorageKeys> KeySource { get; set; } = DeviceStorageKeys.Generate;

        /// <summary>Trace of the manufacture messages (per device: RegisterBatch, Batch, Write image).</summary>
        public ITraceRecorder Trace { get; set; } = TraceRecorder.None;

        /// <summary>
        /// Registers count devices (split into batches of at most 1000) and encodes their images; reports the number
        /// of units made so far. A refusal by RS is returned as its error; units of batches already registered before
        /// it are lost to the caller but stay registered at RS (RS batches are all or nothing each).
        /// </summary>
        public async Task<RsResult<ManufacturedBatch>> ManufactureAsync(int count, AkaAlgorithmKind algorithm, IProgress<int> progress = null, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
            byte[] allowed = EncodeAllowedNetworks(this.AllowedNetworks);
            var units = new List<ManufacturedUnit>(count);
            var batchIds = new List<string>();
            Uri rsAddress = null;
            byte[] anchor = null;
            while (units.Count < count)
            {
                int size = Math.Min(RsService.MaxBatchSize, count - units.Count);
                RsResult<DeviceBatch> registered;
                try
                {
                    registered = await this.rs.RegisterBatchAsync(size, algorithm, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException exception)
                {
                    // The message names the host and the socket or TLS problem; it carries no token.
                    return RsResult<ManufacturedBatch>.Fail(new ApiError(0, JsonHttp.UnreachableCode, exception.InnerException?.Message ?? exception.Message));
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return RsResult<ManufacturedBatch>.Fail(new ApiError(0, JsonHttp.UnreachableCode, "the request timed out"));
                }

                if (!registered.IsSuccess)
                {
                    return RsResult<ManufacturedBatch>.Fail(registered.Error);
                }

                DeviceBatch batch = registered.Value;
                if (batch.RsAddress == null)
                {
                    return RsResult<ManufacturedBatch>.Fail(new ApiError(502, "invalid-response", "RS answered a batch without its address"));
                }

                batchIds.Add(batch.BatchId);
                rsAddress = batch.RsAddress;
                anchor = batch.TrustAnchorDer;
                foreach (ManufacturedDevice device in batch.Devices)
                {
                    this.Trace.Record(new TraceEvent(device.DeviceId, TraceParticipant.Manufacturer, TraceParticipant.RegistrationService, TraceMessage.RegisterBatch, DateTimeOffset.UtcNow, batch.BatchId));
                    this.Trace.Record(new TraceEvent(device.DeviceId, TraceParticipant.RegistrationService, TraceParticipant.Manufacturer, TraceMessage.BatchRegistered, DateTimeOffset.UtcNow, device.Pimsi));
                    DeviceStorageKeys keys = this.KeySource();
                    byte[] image = this.EncodeImage(device, batch.RsAddress, batch.TrustAnchorDer, allowed, keys);
                    units.Add(new ManufacturedUnit(device.DeviceId, device.Pimsi, device.Algorithm, image, keys, null));
                    this.Trace.Record(new TraceEvent(device.DeviceId, TraceParticipant.Manufacturer, TraceParticipant.Device, TraceMessage.WriteImage, DateTimeOffset.UtcNow));
                }

                progress?.Report(units.Count);
            }

            return RsResult<ManufacturedBatch>.Ok(new ManufacturedBatch(batchIds, rsAddress, anchor, this.AllowedNetworks, units));
        }

        /// <summary>
        /// Encodes one image under keys and wipes the device's K and OPc. Throws ArgumentException when a field
        /// does not fit the image format (e.g. an RS address over 200 characters).
        /// </summary>
        public byte[] EncodeImage(ManufacturedDevice device, Uri rsAddress, byte[] rsTrustAnchorDer, byte[] allowedNetworks, DeviceStorageKeys keys)
        {
            ArgumentNullException.ThrowIfNull(device);
            ArgumentNullException.ThrowIfNull(rsAddress);
            ArgumentNullException.ThrowIfNull(keys);
            UsimProfile profile = this.PreliminaryProfile(device);
            var image = new ManufactureImage
            {
                DeviceId = device.DeviceId,
                RsAddress = rsAddress.AbsoluteUri,
                RsTrustAnchor = rsTrustAnchorDer,
                AllowedNetworks = allowedNetworks,
                Preliminary = profile,
            };
            try
            {
                return ManufactureImage.Encode(image, keys.ToKeyProvider(), RandomNumberGenerator.GetBytes(ManufactureImage.NonceSize));
            }
            finally
            {
                ProfileCodec.Wipe(profile);
                CryptographicOperations.ZeroMemory(device.K);
                CryptographicOperations.ZeroMemory(device.Opc);
            }
        }

        /// <summary>The allowed-network list in the image encoding: 3 bytes per PLMN (TS 24.008 10.5.1.13).</summary>
        public static byte[] EncodeAllowedNetworks(IReadOnlyList<string> plmns)
        {
            ArgumentNullException.ThrowIfNull(plmns);
            if (plmns.Count == 0)
            {
                return null;
            }

            byte[] encoded = new byte[plmns.Count * 3];
            for (int i = 0; i < plmns.Count; i++)
            {
                string plmn = plmns[i];
                if (!PimsiRange.IsDigits(plmn, 5, 6))
                {
                    throw new ArgumentException("a PLMN is MCC (3 digits) + MNC (2 or 3 digits)", nameof(plmns));
                }

                UsimEncoding.EncodePlmn(plmn.Substring(0, 3), plmn.Substring(3), encoded, i * 3);
            }

            return encoded;
        }

        /// <summary>The preliminary ICCID of a PIMSI: "89" || MCC || MNC (2 digits) || MSIN as serial || Luhn digit.</summary>
        public static string PreliminaryIccid(string pimsi, int mncLength)
        {
            ArgumentNullException.ThrowIfNull(pimsi);
            string prefix = "89" + pimsi.Substring(0, 3) + pimsi.Substring(3, 2);
            long serial = long.Parse(pimsi.AsSpan(3 + mncLength), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);
            return Iccid.Build(prefix, serial, IccidLength);
        }

        private UsimProfile PreliminaryProfile(ManufacturedDevice device)
        {
            byte[] efImsi = new byte[UsimEncoding.ImsiFileLength];
            UsimEncoding.EncodeImsi(device.Pimsi, efImsi, 0);
            byte[] efIccid = new byte[UsimEncoding.IccidFileLength];
            UsimEncoding.EncodeIccid(PreliminaryIccid(device.Pimsi, this.MncLength), efIccid, 0);
            byte[] fplmn = new byte[12];
            Array.Fill(fplmn, (byte)0xFF);
            return new UsimProfile
            {
                EfImsi = efImsi,
                EfIccid = efIccid,
                MncLength = (byte)this.MncLength,
                Algorithm = device.Algorithm,
                K = (byte[])device.K.Clone(),
                Opc = (byte[])device.Opc.Clone(),
                Fplmn = fplmn,
                ProfileSequence = 0,
            };
        }
    }
}
