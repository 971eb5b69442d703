using System;
using System.Collections.Generic;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// What a manufacturing run produced: the RS batch ids (RS serves at most 1000 devices per batch), the RS address
    /// and trust anchor written into every image, the allowed-network list (numeric PLMNs) and the units.
    /// </summary>
    public sealed record ManufacturedBatch(IReadOnlyList<string> BatchIds, Uri RsAddress, byte[] RsTrustAnchorDer, IReadOnlyList<string> AllowedNetworks, IReadOnlyList<ManufacturedUnit> Units);
}
