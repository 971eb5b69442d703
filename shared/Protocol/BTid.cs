using System;

namespace M2MDevice.Protocol
{
    /// <summary>
    /// The bootstrapping transaction identifier of TS 33.220 4.5.2: "base64encoded(RAND)@BSF_servers_domain_name",
    /// here RS's host name. ASCII bytes throughout; no allocation.
    /// </summary>
    public static class BTid
    {
        /// <summary>RAND length in bytes (TS 33.102 6.3.7).</summary>
        public const int RandSize = 16;

        /// <summary>Length of base64(RAND): 24 characters, "==" padded (RFC 4648 4).</summary>
        public const int EncodedRandLength = 24;

        /// <summary>Shortest B-TID: 24 characters, '@', a one-character host.</summary>
        public const int MinLength = EncodedRandLength + 2;

        /// <summary>Longest B-TID: a 253-character host name (RFC 1123).</summary>
        public const int MaxLength = EncodedRandLength + 1 + 253;

        private const byte At = 0x40; // '@'

        /// <summary>
        /// Writes base64(RAND) '@' host to output[outputOffset]; BadValue when host is not a host name
        /// (Ascii.IsHostName), BufferTooSmall when it does not fit in outputCapacity.
        /// </summary>
        public static ProtocolResult TryBuild(
            byte[] rand, int randOffset, byte[] host, int hostOffset, int hostCount,
            byte[] output, int outputOffset, int outputCapacity, out int length)
        {
            length = 0;
            TlvReader.CheckRange(rand, randOffset, RandSize);
            TlvReader.CheckRange(host, hostOffset, hostCount);
            TlvReader.CheckRange(output, outputOffset, outputCapacity);
            if (!Ascii.IsHostName(host, hostOffset, hostCount))
            {
                return ProtocolResult.BadValue;
            }

            int total = EncodedRandLength + 1 + hostCount;
            if (total > outputCapacity)
            {
                return ProtocolResult.BufferTooSmall;
            }

            // TS 33.220 4.5.2: B-TID = base64encoded(RAND)@BSF_servers_domain_name.
            Base64.Encode(rand, randOffset, RandSize, output, outputOffset);
            output[outputOffset + EncodedRandLength] = At;
            Array.Copy(host, hostOffset, output, outputOffset + EncodedRandLength + 1, hostCount);
            length = total;
            return ProtocolResult.Success;
        }

        /// <summary>
        /// Splits a B-TID into its RAND (16 bytes written to rand[randOffset]) and host (where it lies in btid).
        /// BadLength for a length outside MinLength..MaxLength or a RAND part not 24 characters; BadValue for
        /// a RAND part that is not canonical Base64 or a host that is not a host name.
        /// </summary>
        public static ProtocolResult TryParse(
            byte[] btid, int offset, int count, byte[] rand, int randOffset, out int hostOffset, out int hostCount)
        {
            hostOffset = 0;
            hostCount = 0;
            TlvReader.CheckRange(btid, offset, count);
            TlvReader.CheckRange(rand, randOffset, RandSize);
            if (count < MinLength || count > MaxLength)
            {
                return ProtocolResult.BadLength;
            }

            if (btid[offset + EncodedRandLength] != At)
            {
                return ProtocolResult.BadLength;
            }

            int decoded;
            if (!Base64.TryDecode(btid, offset, EncodedRandLength, rand, randOffset, RandSize, out decoded) || decoded != RandSize)
            {
                return ProtocolResult.BadValue;
            }

            int host = offset + EncodedRandLength + 1;
            int hostLength = count - EncodedRandLength - 1;
            if (!Ascii.IsHostName(btid, host, hostLength))
            {
                return ProtocolResult.BadValue;
            }

            hostOffset = host;
            hostCount = hostLength;
            return ProtocolResult.Success;
        }
    }
}
