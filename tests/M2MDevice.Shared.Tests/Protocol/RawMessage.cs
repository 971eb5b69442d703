using System.Collections.Generic;
using M2MDevice.Protocol;

namespace M2MDevice.Tests.Protocol
{
    /// <summary>A message taken apart without the codec, for building malformed variants of valid messages.</summary>
    public sealed class RawMessage
    {
        public byte Version;
        public byte Type;
        public List<(byte Tag, byte[] Value)> Tlvs = new List<(byte Tag, byte[] Value)>();
        public byte[] Mac = System.Array.Empty<byte>();

        public static RawMessage Parse(byte[] bytes)
        {
            var raw = new RawMessage { Version = bytes[0], Type = bytes[1] };
            int bodyEnd = 4 + ((bytes[2] << 8) | bytes[3]);
            int position = 4;
            while (position < bodyEnd)
            {
                byte tag = bytes[position];
                int length = (bytes[position + 1] << 8) | bytes[position + 2];
                raw.Tlvs.Add((tag, bytes[(position + 3)..(position + 3 + length)]));
                position += 3 + length;
            }

            raw.Mac = bytes[bodyEnd..];
            return raw;
        }

        /// <summary>Reassembles header, TLVs (as they are, in list order) and the MAC bytes as they were.</summary>
        public byte[] Build(int bodyLengthDelta = 0)
        {
            var body = new List<byte>();
            foreach ((byte tag, byte[] value) in Tlvs)
            {
                body.Add(tag);
                body.Add((byte)(value.Length >> 8));
                body.Add((byte)value.Length);
                body.AddRange(value);
            }

            int length = body.Count + bodyLengthDelta;
            var all = new List<byte> { Version, Type, (byte)(length >> 8), (byte)length };
            all.AddRange(body);
            all.AddRange(Mac);
            return all.ToArray();
        }

        /// <summary>Reassembles and, for authenticated types, recomputes the MAC as the sender would (keys from the given nonces).</summary>
        public byte[] BuildSigned(byte[] ksNaf, byte[] deviceNonce, byte[] serverNonce)
        {
            byte[] unsigned = Build();
            if (!MessageEnvelope.IsAuthenticated((MessageType)Type))
            {
                return unsigned;
            }

            var protection = new MessageProtection();
            protection.SetKeys(ksNaf, 0, deviceNonce, 0, serverNonce, 0, serverNonce == null ? 0 : 16);
            protection.Sign(unsigned, 0, unsigned.Length - 16);
            return unsigned;
        }
    }
}
