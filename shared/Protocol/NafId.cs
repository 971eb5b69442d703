using System;

namespace M2MDevice.Protocol
{
    /// <summary>
    /// NAF_Id = NAF FQDN || Ua security protocol identifier (TS 33.220 B.3, Annex H), the P3 of Ks_NAF. One rule for
    /// RS, home operators and the device: RS's own NAF_Id uses the host part of the B-TID (so the device needs no other
    /// knowledge of RS's host name); a home operator's uses the FQDN it registered at RS, which the device receives as
    /// the HomeOperatorId of the HomeOperatorAnswer. ASCII bytes; no text-encoding library on the device.
    /// </summary>
    public static class NafId
    {
        /// <summary>Length of the Ua security protocol identifier (TS 33.220 H.2: organization octet + 4 octets).</summary>
        public const int UaSecurityProtocolIdLength = 5;

        /// <summary>Longest NAF_Id: a 253-character FQDN (RFC 1123) and the identifier.</summary>
        public const int MaxLength = 253 + UaSecurityProtocolIdLength;

        // TS 33.220 Annex H: organization octet then four octets. Not registered for this project's Ua: the
        // placeholder 01 00 00 00 02 of docs/protocol.md ("Open points"), which RS, HO and device must share.
        private static readonly byte[] UaId = { 0x01, 0x00, 0x00, 0x00, 0x02 };

        /// <summary>Writes the 5-byte Ua security protocol identifier to buffer[offset].</summary>
        public static void CopyUaSecurityProtocolId(byte[] buffer, int offset)
        {
            TlvReader.CheckRange(buffer, offset, UaSecurityProtocolIdLength);
            Array.Copy(UaId, 0, buffer, offset, UaSecurityProtocolIdLength);
        }

        /// <summary>
        /// Writes host (hostCount ASCII bytes at host[hostOffset]) || Ua security protocol identifier to
        /// output[outputOffset]. BadValue when host is not an RFC 1123 host name, BufferTooSmall when the result
        /// does not fit in outputCapacity.
        /// </summary>
        public static ProtocolResult TryBuild(
            byte[] host, int hostOffset, int hostCount, byte[] output, int outputOffset, int outputCapacity, out int length)
        {
            length = 0;
            TlvReader.CheckRange(host, hostOffset, hostCount);
            TlvReader.CheckRange(output, outputOffset, outputCapacity);
            if (!Ascii.IsHostName(host, hostOffset, hostCount))
            {
                return ProtocolResult.BadValue;
            }

            int total = hostCount + UaSecurityProtocolIdLength;
            if (total > outputCapacity)
            {
                return ProtocolResult.BufferTooSmall;
            }

            // TS 33.220 B.3: NAF_Id = FQDN of the NAF || Ua security protocol identifier.
            Array.Copy(host, hostOffset, output, outputOffset, hostCount);
            Array.Copy(UaId, 0, output, outputOffset + hostCount, UaSecurityProtocolIdLength);
            length = total;
            return ProtocolResult.Success;
        }

        /// <summary>
        /// RS's NAF_Id from a B-TID (count bytes at btid[offset]): the host part after '@' || the identifier
        /// (TS 33.220 4.5.2 and B.3). Failures of BTid.TryParse, or BufferTooSmall.
        /// </summary>
        public static ProtocolResult TryBuildFromBTid(
            byte[] btid, int offset, int count, byte[] output, int outputOffset, int outputCapacity, out int length)
        {
            length = 0;
            byte[] rand = new byte[BTid.RandSize];
            int hostOffset;
            int hostCount;
            ProtocolResult result = BTid.TryParse(btid, offset, count, rand, 0, out hostOffset, out hostCount);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            return TryBuild(btid, hostOffset, hostCount, output, outputOffset, outputCapacity, out length);
        }

        /// <summary>
        /// The NAF_Id of an FQDN as a new array. ArgumentException when fqdn is null, not ASCII or not an RFC 1123
        /// host name (a configuration error, not protocol input).
        /// </summary>
        public static byte[] For(string fqdn)
        {
            if (fqdn == null)
            {
                throw new ArgumentNullException(nameof(fqdn));
            }

            byte[] host = Ascii.GetBytes(fqdn);
            byte[] nafId = new byte[host.Length + UaSecurityProtocolIdLength];
            int length;
            if (TryBuild(host, 0, host.Length, nafId, 0, nafId.Length, out length) != ProtocolResult.Success)
            {
                throw new ArgumentException("not a host name", nameof(fqdn));
            }

            return nafId;
        }
    }
}
