using M2MDevice.Aka;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>One device of a batch: id, PIMSI and the preliminary credentials to write into its key store. K and Opc are secret.</summary>
    public sealed record ManufacturedDevice(string DeviceId, string Pimsi, byte[] K, byte[] Opc, AkaAlgorithmKind Algorithm);
}
