using M2MDevice.Aka;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// One manufactured device: id and PIMSI from RS, algorithm, the encoded manufacture image (secret content,
    /// encrypted and MAC'd under <see cref="Keys"/>), the keys, and the image file name relative to the output
    /// directory once written (null in memory).
    /// </summary>
    public sealed record ManufacturedUnit(string DeviceId, string Pimsi, AkaAlgorithmKind Algorithm, byte[] Image, DeviceStorageKeys Keys, string ImageFile)
    {
        /// <inheritdoc/>
        public override string ToString() => $"ManufacturedUnit({this.DeviceId}, {this.Pimsi})";
    }
}
