using System;
using M2MDevice.Aka;

namespace M2MDevice.Emulator.Auc
{
    /// <summary>
    /// A subscriber as the AuC reads it inside a transaction: IMSI, the device it belongs to, the keyed algorithm (its key material is cleared on Dispose) and SEQ_HE (TS 33.102 C.1.1).
    /// </summary>
    internal sealed class AucSubscriber : IDisposable
    {
        public AucSubscriber(string imsi, string deviceId, IAkaAlgorithm algorithm, long seqHe)
        {
            this.Imsi = imsi;
            this.DeviceId = deviceId;
            this.Algorithm = algorithm ?? throw new ArgumentNullException(nameof(algorithm));
            this.SeqHe = seqHe;
        }

        public string Imsi { get; }

        public string DeviceId { get; }

        public IAkaAlgorithm Algorithm { get; }

        public long SeqHe { get; }

        public void Dispose() => this.Algorithm.Clear();
    }
}
