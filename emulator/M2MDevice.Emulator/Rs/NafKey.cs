using System;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>Ks_NAF of a B-TID for one NAF (TS 33.220 4.5.3, B.3), as given to the associated home operator over Zn. KsNaf is secret.</summary>
    public sealed record NafKey(string BTid, byte[] KsNaf, byte[] NafId, string Impi, string Pimsi, string DeviceId, DateTimeOffset ExpiresAt);
}
