using System;
using M2MDevice.Protocol;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>
    /// NAF_Id = NAF FQDN || Ua security protocol identifier (TS 33.220 B.3, H.2), the P3 of Ks_NAF. RS's own NAF_Id
    /// uses the host of the B-TID (the device reads it from the B-TID, so it need not know RS's host name otherwise);
    /// a home operator's uses the FQDN it registered. The rule itself lives in <see cref="NafId"/> (shared/Protocol),
    /// so RS, home operators and the device firmware compute it identically.
    /// </summary>
    public static class RsNafId
    {
        /// <summary>
        /// The 5-byte Ua security protocol identifier of this project's Ua (TS 33.220 Annex H: organization octet
        /// then four octets). Not registered: the value is the placeholder of docs/protocol.md ("Open points"), which
        /// RS, HO and device must share; documented in docs/rs-api.md.
        /// </summary>
        public static ReadOnlySpan<byte> UaSecurityProtocolId
        {
            get
            {
                byte[] id = new byte[NafId.UaSecurityProtocolIdLength];
                NafId.CopyUaSecurityProtocolId(id, 0);
                return id;
            }
        }

        /// <summary>NAF_Id bytes for <paramref name="fqdn"/>.</summary>
        public static byte[] For(string fqdn)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(fqdn);
            return NafId.For(fqdn);
        }
    }
}
