using System;
using System.Text;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>
    /// NAF_Id = NAF FQDN || Ua security protocol identifier (TS 33.220 B.3, H.2), the P3 of Ks_NAF. RS's own NAF_Id
    /// uses the host of the B-TID (the device reads it from the B-TID, so it need not know RS's host name otherwise);
    /// a home operator's uses the FQDN it registered.
    /// </summary>
    public static class RsNafId
    {
        /// <summary>
        /// The 5-byte Ua security protocol identifier of this project's Ua (TS 33.220 Annex H: organization octet
        /// then four octets). Not registered: the value is the placeholder of docs/protocol.md ("Open points"), which
        /// RS, HO and device must share; documented in docs/rs-api.md.
        /// </summary>
        public static ReadOnlySpan<byte> UaSecurityProtocolId => new byte[] { 0x01, 0x00, 0x00, 0x00, 0x02 };

        /// <summary>NAF_Id bytes for <paramref name="fqdn"/>.</summary>
        public static byte[] For(string fqdn)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(fqdn);
            byte[] host = Encoding.ASCII.GetBytes(fqdn);
            byte[] nafId = new byte[host.Length + UaSecurityProtocolId.Length];
            host.CopyTo(nafId, 0);
            UaSecurityProtocolId.CopyTo(nafId.AsSpan(host.Length));
            return nafId;
        }
    }
}
