using System;
using System.Collections.Generic;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>A registered batch: the devices, the RS address and the RS trust anchor (DER) for every key store.</summary>
    public sealed record DeviceBatch(string BatchId, Uri RsAddress, byte[] TrustAnchorDer, IReadOnlyList<ManufacturedDevice> Devices);
}
