namespace M2MDevice.Protocol
{
    /// <summary>
    /// The envelope every message shares (docs/protocol.md, "Envelope"):
    /// version (1 byte) || type (1 byte) || body length (2 bytes big-endian) || body (TLVs) || MAC (16 bytes,
    /// only for authenticated types). The MAC is AES-CMAC over everything before it.
    /// </summary>
    public static class MessageEnvelope
    {
        /// <summary>The protocol version this codec writes and reads.</summary>
        public const byte Version = 1;

        /// <summary>Header length in bytes: version, type, body length.</summary>
        public const int HeaderSize = 4;

        /// <summary>MAC trailer length in bytes (AES-CMAC, RFC 4493, untruncated).</summary>
        public const int MacSize = 16;

        /// <summary>Longest body any message may have; a longer length is rejected before anything is read.</summary>
        public const int MaxBodyLength = 4096;

        /// <summary>Longest whole message: header, body and MAC.</summary>
        public const int MaxMessageLength = HeaderSize + MaxBodyLength + MacSize;

        /// <summary>TLV header length in bytes: tag (1) and value length (2, big-endian).</summary>
        public const int TlvHeaderSize = 3;

        /// <summary>True when the type byte is assigned (MessageType).</summary>
        public static bool IsKnownType(byte type)
        {
            switch (type)
            {
                case (byte)MessageType.BootstrapRequest:
                case (byte)MessageType.BootstrapChallenge:
                case (byte)MessageType.BootstrapResponse:
                case (byte)MessageType.BootstrapResult:
                case (byte)MessageType.HomeOperatorRequest:
                case (byte)MessageType.HomeOperatorAnswer:
                case (byte)MessageType.PackageRequest:
                case (byte)MessageType.UsimPackage:
                case (byte)MessageType.InstallReceipt:
                case (byte)MessageType.FailureReport:
                case (byte)MessageType.NotificationAck:
                case (byte)MessageType.UsimPackageBody:
                case (byte)MessageType.ErrorAnswer:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>True when messages of this type end with a 16-byte AES-CMAC.</summary>
        public static bool IsAuthenticated(MessageType type)
        {
            switch (type)
            {
                case MessageType.HomeOperatorRequest:
                case MessageType.HomeOperatorAnswer:
                case MessageType.PackageRequest:
                case MessageType.UsimPackage:
                case MessageType.InstallReceipt:
                case MessageType.FailureReport:
                case MessageType.NotificationAck:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Reads the header of the message at buffer[offset], of which count bytes are available. On success gives
        /// the type, the body length and the whole message length (header, body, MAC); the message may be followed
        /// by further bytes. Checks, in order: header complete, version, type, body length limit, message complete.
        /// </summary>
        public static ProtocolResult TryReadHeader(
            byte[] buffer, int offset, int count, out MessageType type, out int bodyLength, out int messageLength)
        {
            type = 0;
            bodyLength = 0;
            messageLength = 0;
            TlvReader.CheckRange(buffer, offset, count);
            if (count < 1)
            {
                return ProtocolResult.Truncated;
            }

            // The version is checked first so that a future version may change everything after it.
            if (buffer[offset] != Version)
            {
                return ProtocolResult.UnknownVersion;
            }

            if (count < HeaderSize)
            {
                return ProtocolResult.Truncated;
            }

            byte typeByte = buffer[offset + 1];
            if (!IsKnownType(typeByte))
            {
                return ProtocolResult.UnknownType;
            }

            int length = (buffer[offset + 2] << 8) | buffer[offset + 3];
            if (length > MaxBodyLength)
            {
                return ProtocolResult.Oversized;
            }

            int total = HeaderSize + length + (IsAuthenticated((MessageType)typeByte) ? MacSize : 0);
            if (count < total)
            {
                return ProtocolResult.Truncated;
            }

            type = (MessageType)typeByte;
            bodyLength = length;
            messageLength = total;
            return ProtocolResult.Success;
        }
    }
}
