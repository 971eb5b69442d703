namespace M2MDevice.Protocol
{
    /// <summary>
    /// The encode, decode and MAC sequences every message shares (docs/protocol.md, "Envelope", "Keys", "Checks"),
    /// with the per-message parts passed in: the message type and an IMessageFields instance.
    /// </summary>
    internal static class MessageCodec
    {
        /// <summary>Validates message and writes it unprotected to buffer[offset], at most capacity bytes.</summary>
        public static ProtocolResult Encode(
            IMessageFields message, MessageType type, byte[] buffer, int offset, int capacity, out int length)
        {
            length = 0;
            ProtocolResult result = message.Validate();
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            TlvWriter writer = new TlvWriter(buffer, offset, capacity);
            writer.Begin(type);
            message.WriteFields(writer);
            return writer.Finish(out length);
        }

        /// <summary>
        /// Validates message and writes it to buffer[offset], at most capacity bytes, MAC'd under K_mac derived from
        /// Ks_NAF (32 bytes at ksNaf[ksNafOffset]) and the device nonce (16 bytes). Leaves protection keyed.
        /// </summary>
        public static ProtocolResult Encode(
            IMessageFields message, MessageType type, MessageProtection protection, byte[] ksNaf, int ksNafOffset,
            byte[] deviceNonce, byte[] buffer, int offset, int capacity, out int length)
        {
            length = 0;
            ProtocolResult result = message.Validate();
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            protection.SetKeys(ksNaf, ksNafOffset, deviceNonce, 0, null, 0, 0);
            return Write(message, type, protection, buffer, offset, capacity, out length);
        }

        /// <summary>
        /// Writes an already validated message to buffer[offset], at most capacity bytes, MAC'd under the keys protection
        /// already holds.
        /// </summary>
        public static ProtocolResult Write(
            IMessageFields message, MessageType type, MessageProtection protection, byte[] buffer, int offset, int capacity,
            out int length)
        {
            TlvWriter writer = new TlvWriter(buffer, offset, capacity);
            writer.Begin(type);
            message.WriteFields(writer);
            return writer.Finish(protection, out length);
        }

        /// <summary>
        /// Keys protection from Ks_NAF and the device nonce (16 bytes at deviceNonce[deviceNonceOffset]) and checks the
        /// MAC of count bytes at buffer[offset] in constant time. Success or MacMismatch.
        /// </summary>
        public static ProtocolResult VerifyMac(
            MessageProtection protection, byte[] ksNaf, int ksNafOffset, byte[] deviceNonce, int deviceNonceOffset,
            byte[] buffer, int offset, int count)
        {
            protection.SetKeys(ksNaf, ksNafOffset, deviceNonce, deviceNonceOffset, null, 0, 0);
            return protection.VerifyMac(buffer, offset, count);
        }

        /// <summary>
        /// First half of a device's check of a MAC'd answer: the MAC under K_mac derived from Ks_NAF and the device's own
        /// nonce, then the structure and field rules into decoded. The caller then checks the carried nonce.
        /// </summary>
        public static ProtocolResult TryOpen(
            MessageProtection protection, byte[] ksNaf, int ksNafOffset, byte[] expectedNonce, int expectedNonceOffset,
            byte[] buffer, int offset, int count, MessageType type, IMessageFields decoded)
        {
            // The key depends only on the device's own nonce, so the MAC is checked before any field is parsed.
            ProtocolResult result = VerifyMac(
                protection, ksNaf, ksNafOffset, expectedNonce, expectedNonceOffset, buffer, offset, count);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            return TryDecode(buffer, offset, count, type, decoded);
        }

        /// <summary>Decodes into decoded a message of the given type that fills exactly count bytes at buffer[offset].</summary>
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, MessageType type, IMessageFields decoded)
        {
            TlvReader reader = new TlvReader(buffer, offset, count);
            ProtocolResult result = TryDecode(reader, type, decoded);
            if (result == ProtocolResult.Success && reader.Remaining != 0)
            {
                return ProtocolResult.BadLength;
            }

            return result;
        }

        /// <summary>
        /// Decodes into decoded the message of the given type at the reader's position (structure and field rules) and
        /// moves past it; on failure the reader does not move.
        /// </summary>
        public static ProtocolResult TryDecode(TlvReader reader, MessageType type, IMessageFields decoded)
        {
            int start = reader.Position;
            ProtocolResult result = reader.TryBeginMessage(type);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            result = decoded.ReadFields(reader);
            if (result == ProtocolResult.Success)
            {
                result = decoded.Validate();
            }

            if (result != ProtocolResult.Success)
            {
                reader.Rewind(start);
                return result;
            }

            reader.EndMessage();
            return ProtocolResult.Success;
        }
    }
}
