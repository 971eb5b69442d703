using System;
using System.Collections.Generic;
using System.Text;
using CsCheck;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace M2MDevice.Robustness.Tests
{
    /// <summary>
    /// The fuzz driver of this suite: CsCheck generators driven by one fixed-seed PCG stream, one case after the
    /// other, so a run is the same on every machine and every failure names its case number and input. Each run
    /// prints "decoder: N cases (seed S)" through the test output (docs/robustness.md).
    /// </summary>
    public static class Fuzz
    {
        /// <summary>Bytes that often sit on a boundary: zero, all ones, sign bits, small lengths.</summary>
        private static readonly byte[] Interesting = { 0x00, 0x01, 0x02, 0x7F, 0x80, 0xFE, 0xFF, 0x10, 0x20, 0x40 };

        /// <summary>
        /// Runs check over cases inputs drawn from gen with the PCG stream of seed; returns cases. An exception from
        /// check fails the test with the case number and the printed input.
        /// </summary>
        public static int Run<T>(ITestOutputHelper output, string decoder, Gen<T> gen, int cases, ulong seed, Action<T> check, Func<T, string> print = null)
        {
            var pcg = new PCG(7, seed);
            for (int i = 0; i < cases; i++)
            {
                T input = gen.Generate(pcg, null, out _);
                try
                {
                    check(input);
                }
                catch (Exception exception)
                {
                    string shown = print != null ? print(input) : Print(input);
                    throw new XunitException($"{decoder}: case {i} of {cases} (seed {seed:X}) failed on input {shown}{Environment.NewLine}{exception}");
                }
            }

            output.WriteLine($"{decoder}: {cases} cases (seed {seed:X})");
            return cases;
        }

        /// <summary>As <see cref="Run{T}"/> for checks that talk to a server or a modem (one case at a time).</summary>
        public static async System.Threading.Tasks.Task<int> RunAsync<T>(ITestOutputHelper output, string decoder, Gen<T> gen, int cases, ulong seed, Func<T, System.Threading.Tasks.Task> check, Func<T, string> print = null)
        {
            var pcg = new PCG(7, seed);
            for (int i = 0; i < cases; i++)
            {
                T input = gen.Generate(pcg, null, out _);
                try
                {
                    await check(input).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    string shown = print != null ? print(input) : Print(input);
                    throw new XunitException($"{decoder}: case {i} of {cases} (seed {seed:X}) failed on input {shown}{Environment.NewLine}{exception}");
                }
            }

            output.WriteLine($"{decoder}: {cases} cases (seed {seed:X})");
            return cases;
        }

        /// <summary>Counts outcomes by name (for the "what did the cases hit" line of a test's output).</summary>
        public sealed class Tally
        {
            private readonly SortedDictionary<string, int> counts = new SortedDictionary<string, int>(StringComparer.Ordinal);

            /// <summary>Counts one outcome.</summary>
            public void Add(object outcome)
            {
                string key = outcome?.ToString() ?? "null";
                counts[key] = counts.TryGetValue(key, out int n) ? n + 1 : 1;
            }

            /// <inheritdoc />
            public override string ToString() => "  outcomes: " + string.Join(", ", System.Linq.Enumerable.Select(counts, c => c.Key + " " + c.Value));
        }

        /// <summary>A readable form of an input (hex for bytes, escaped text for strings, fields of tuples).</summary>
        public static string Print(object value)
        {
            switch (value)
            {
                case null:
                    return "null";
                case byte[] bytes:
                    return "0x" + Convert.ToHexString(bytes);
                case string text:
                    return "\"" + Escape(text) + "\"";
                case string[] texts:
                    return "[" + string.Join(", ", Array.ConvertAll(texts, t => Print(t))) + "]";
                case System.Runtime.CompilerServices.ITuple tuple:
                    var parts = new List<string>();
                    for (int i = 0; i < tuple.Length; i++)
                    {
                        parts.Add(Print(tuple[i]));
                    }

                    return "(" + string.Join(", ", parts) + ")";
                case int[] numbers:
                    return "[" + string.Join(",", numbers) + "]";
                default:
                    return value.ToString();
            }
        }

        /// <summary>Control characters and non-ASCII as \xNN.</summary>
        public static string Escape(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                if (c >= ' ' && c < 0x7F && c != '\\')
                {
                    builder.Append(c);
                }
                else
                {
                    builder.Append("\\x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            return builder.ToString();
        }

        /// <summary>One edit of a byte string: kind (0..7), a position (taken modulo the length) and a value.</summary>
        public static readonly Gen<(int Kind, int Position, byte Value)> Edit = Gen.Select(Gen.Int[0, 7], Gen.Int[0, 1 << 20], Gen.Byte);

        /// <summary>
        /// Applies one edit: flip a bit, set a byte, set a boundary byte, insert, delete, truncate, duplicate a span,
        /// or swap two bytes. Never changes input.
        /// </summary>
        public static byte[] Mutate(byte[] input, (int Kind, int Position, byte Value) edit)
        {
            if (input.Length == 0)
            {
                return new[] { edit.Value };
            }

            int at = edit.Position % input.Length;
            byte[] copy = (byte[])input.Clone();
            switch (edit.Kind)
            {
                case 0:
                    copy[at] ^= (byte)(1 << (edit.Value & 7));
                    return copy;
                case 1:
                    copy[at] = edit.Value;
                    return copy;
                case 2:
                    copy[at] = Interesting[edit.Value % Interesting.Length];
                    return copy;
                case 3:
                    return Concat(input.AsSpan(0, at), new[] { edit.Value }, input.AsSpan(at));
                case 4:
                    return Concat(input.AsSpan(0, at), ReadOnlySpan<byte>.Empty, input.AsSpan(at + 1));
                case 5:
                    return input.AsSpan(0, at).ToArray();
                case 6:
                    int length = 1 + (edit.Value % Math.Min(16, input.Length - at));
                    return Concat(input.AsSpan(0, at + length), input.AsSpan(at, length), input.AsSpan(at + length));
                default:
                    int other = (at + 1 + edit.Value) % input.Length;
                    (copy[at], copy[other]) = (copy[other], copy[at]);
                    return copy;
            }
        }

        /// <summary>Applies the edits in order.</summary>
        public static byte[] Mutate(byte[] input, (int Kind, int Position, byte Value)[] edits)
        {
            byte[] result = input;
            foreach ((int Kind, int Position, byte Value) edit in edits)
            {
                result = Mutate(result, edit);
            }

            return result;
        }

        /// <summary>One of originals with 1..maxEdits edits; the index of the original comes along.</summary>
        public static Gen<(int Index, byte[] Bytes)> MutationsOf(byte[][] originals, int maxEdits)
        {
            return Gen.Select(Gen.Int[0, originals.Length - 1], Edit.Array[1, maxEdits])
                .Select((index, edits) => (index, Mutate(originals[index], edits)));
        }

        /// <summary>Text mutations: the same edits over the ASCII bytes of the text.</summary>
        public static Gen<string> TextMutationsOf(string[] originals, int maxEdits)
        {
            byte[][] bytes = Array.ConvertAll(originals, Encoding.Latin1.GetBytes);
            return MutationsOf(bytes, maxEdits).Select(m => Encoding.Latin1.GetString(m.Bytes));
        }

        /// <summary>Chunk sizes for feeding a stream in pieces: 1..maxChunk each (the last size repeats).</summary>
        public static Gen<int[]> Chunks(int maxChunk) => Gen.Int[1, maxChunk].Array[1, 16];

        /// <summary>Splits count bytes into consecutive (offset, length) pieces using sizes cyclically.</summary>
        public static List<(int Offset, int Count)> Split(int count, int[] sizes)
        {
            var pieces = new List<(int, int)>();
            int offset = 0;
            int i = 0;
            while (offset < count)
            {
                int size = Math.Min(sizes[i % sizes.Length], count - offset);
                pieces.Add((offset, size));
                offset += size;
                i++;
            }

            return pieces;
        }

        private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
        {
            byte[] result = new byte[a.Length + b.Length + c.Length];
            a.CopyTo(result);
            b.CopyTo(result.AsSpan(a.Length));
            c.CopyTo(result.AsSpan(a.Length + b.Length));
            return result;
        }
    }
}
