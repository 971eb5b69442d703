namespace M2MDevice.Emulator.Scenario
{
    /// <summary>One device of a manufacture manifest: id, PIMSI and image file (relative to the manifest). No secrets.</summary>
    public sealed record ManifestEntry(string DeviceId, string Pimsi, string Image);
}
