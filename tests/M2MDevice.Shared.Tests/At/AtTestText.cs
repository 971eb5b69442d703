using System;
using System.Collections.Generic;
using M2MDevice.At;

namespace M2MDevice.Shared.Tests.At
{
    /// <summary>Helpers shared by the AT tests: ASCII conversion and a reader over a string.</summary>
    internal static class AtTestText
    {
        public static byte[] Bytes(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }

        public static string Text(byte[] bytes, int offset, int count)
        {
            char[] chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                chars[i] = (char)bytes[offset + i];
            }

            return new string(chars);
        }

        public static AtReader Reader(string line)
        {
            var reader = new AtReader();
            reader.Reset(Bytes(line), 0, line.Length);
            return reader;
        }

        /// <summary>
        /// Runs an assembler over input split into the given chunk sizes (cycled) and renders every token.
        /// Lines matching "+DATA: n" start an n-byte data phase.
        /// </summary>
        public static List<string> Tokens(byte[] input, int[] chunkSizes, int maxLine = 64, bool prompt = true, string echo = null)
        {
            var assembler = new AtLineAssembler(maxLine, prompt);
            if (echo != null)
            {
                byte[] e = Bytes(echo);
                assembler.ExpectEcho(e, 0, e.Length);
            }

            var tokens = new List<string>();
            var data = new List<byte>();
            int position = 0;
            int chunkIndex = 0;
            while (position < input.Length)
            {
                int size = Math.Min(chunkSizes[chunkIndex++ % chunkSizes.Length], input.Length - position);
                int offset = position;
                int count = size;
                while (count > 0)
                {
                    int used = assembler.Advance(input, offset, count);
                    Assert.InRange(used, 1, count);
                    offset += used;
                    count -= used;
                    switch (assembler.Token)
                    {
                        case AtTokenKind.Line:
                        case AtTokenKind.Echo:
                            string line = Text(assembler.LineBuffer, 0, assembler.LineLength);
                            FlushData(tokens, data);
                            tokens.Add(assembler.Token + ":" + line);
                            if (line.StartsWith("+DATA: ", StringComparison.Ordinal) && int.TryParse(line.Substring(7), out int n) && n > 0)
                            {
                                assembler.BeginData(n, true);
                            }

                            break;
                        case AtTokenKind.Data:
                            for (int i = 0; i < assembler.DataCount; i++)
                            {
                                data.Add(input[assembler.DataOffset + i]);
                            }

                            if (!assembler.InData)
                            {
                                FlushData(tokens, data);
                            }

                            break;
                        case AtTokenKind.Prompt:
                        case AtTokenKind.Overflow:
                            FlushData(tokens, data);
                            tokens.Add(assembler.Token.ToString());
                            break;
                    }
                }

                position += size;
            }

            FlushData(tokens, data);
            return tokens;
        }

        private static void FlushData(List<string> tokens, List<byte> data)
        {
            if (data.Count > 0)
            {
                tokens.Add("Data:" + Convert.ToHexString(data.ToArray()));
                data.Clear();
            }
        }
    }
}
