using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace M2MDevice.Emulator.Tests.Cost
{
    /// <summary>
    /// Issue 8 part 3: the managed memory one firmware instance keeps alive, measured by walking its object graph from a
    /// root (the <c>DeviceRuntime</c>) through every instance field, stopping at the Hal objects the board provides (flash,
    /// keys, modem sink, logs, listener: not firmware memory). Counts objects, fields, array and string payload, and the
    /// size each object takes on 64-bit .NET (16-byte header, fields packed, 8-byte alignment; arrays 24 + elements).
    /// nanoFramework lays objects out differently (one 12-byte heap block per object and per field, arrays with a header
    /// block and packed elements, strings in UTF-8); <see cref="NanoEstimateBytes"/> applies that layout to the same counts.
    /// Static fields are not walked (shared constant tables, not per-instance). Not thread-safe: call it on the firmware's
    /// own thread, between or inside its calls.
    /// </summary>
    public sealed class RetainedGraph
    {
        private const int NanoBlock = 12;

        private readonly List<string> largeArrays = new List<string>();
        private readonly Dictionary<object, string> owners = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);

        private RetainedGraph()
        {
        }

        /// <summary>Objects reached (class instances, arrays, strings).</summary>
        public int Objects { get; private set; }

        /// <summary>Instance fields of the class instances reached.</summary>
        public int Fields { get; private set; }

        /// <summary>Arrays reached.</summary>
        public int Arrays { get; private set; }

        /// <summary>Bytes of array elements (byte[] 1 per element, int[] 4, references 8 on 64-bit .NET).</summary>
        public long ArrayPayloadBytes { get; private set; }

        /// <summary>Array elements that are references (4 bytes each on nanoFramework, 8 on 64-bit .NET).</summary>
        public long ReferenceElements { get; private set; }

        /// <summary>Strings reached and their characters.</summary>
        public int Strings { get; private set; }

        /// <summary>Characters of the strings reached (ASCII on the device: one byte each in UTF-8).</summary>
        public long StringCharacters { get; private set; }

        /// <summary>Largest single array, in bytes of elements.</summary>
        public long LargestArrayBytes { get; private set; }

        /// <summary>Arrays of at least 256 bytes of elements: "Owner.field: bytes", largest first (where the memory goes).</summary>
        public IReadOnlyList<string> LargeArrays => this.largeArrays;

        /// <summary>Bytes the graph takes on 64-bit .NET (CoreCLR layout).</summary>
        public long DotNetBytes { get; private set; }

        /// <summary>
        /// The same graph on nanoFramework (32-bit): a 12-byte block per object header and per field, arrays with a
        /// 12-byte header block plus packed elements (references 4 bytes), strings as a block plus UTF-8 bytes.
        /// </summary>
        public long NanoEstimateBytes =>
            (long)NanoBlock * ((this.Objects - this.Arrays - this.Strings) + this.Fields)
            + (long)NanoBlock * this.Arrays + (this.ArrayPayloadBytes - (this.ReferenceElements * 4))
            + (long)NanoBlock * this.Strings + this.StringCharacters;

        /// <summary>Walks the graph from root, not entering the objects in stopAt (compared by reference).</summary>
        public static RetainedGraph Measure(object root, params object[] stopAt)
        {
            var result = new RetainedGraph();
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            foreach (object stop in stopAt)
            {
                if (stop != null)
                {
                    seen.Add(stop);
                }
            }

            var pending = new Stack<object>();
            if (root != null && seen.Add(root))
            {
                pending.Push(root);
            }

            while (pending.Count > 0)
            {
                object item = pending.Pop();
                result.Visit(item, seen, pending);
            }

            result.largeArrays.Sort((a, b) => ParseSize(b).CompareTo(ParseSize(a)));
            result.owners.Clear();

            return result;
        }

        /// <inheritdoc />
        public override string ToString() =>
            $"{this.Objects} objects ({this.Arrays} arrays, {this.Strings} strings), {this.Fields} fields, array payload {this.ArrayPayloadBytes} B, .NET {this.DotNetBytes} B, nano estimate {this.NanoEstimateBytes} B";

        private static long Align(long size) => (size + 7) & ~7L;

        private static long ParseSize(string entry) => long.Parse(entry[(entry.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

        private static int FieldSize(Type type)
        {
            if (!type.IsValueType || type.IsPointer)
            {
                return 8;
            }

            if (type.IsEnum)
            {
                type = Enum.GetUnderlyingType(type);
            }

            if (type.IsPrimitive)
            {
                return type == typeof(long) || type == typeof(ulong) || type == typeof(double) || type == typeof(IntPtr) || type == typeof(UIntPtr) ? 8
                    : type == typeof(int) || type == typeof(uint) || type == typeof(float) ? 4
                    : type == typeof(short) || type == typeof(ushort) || type == typeof(char) ? 2
                    : 1;
            }

            // A struct field (none in device code, which avoids Nullable and tuples): its own fields, packed.
            int size = 0;
            foreach (FieldInfo field in InstanceFields(type))
            {
                size += FieldSize(field.FieldType);
            }

            return Math.Max(size, 1);
        }

        private static IEnumerable<FieldInfo> InstanceFields(Type type)
        {
            for (Type t = type; t != null && t != typeof(object); t = t.BaseType)
            {
                foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    yield return field;
                }
            }
        }

        private void Visit(object item, HashSet<object> seen, Stack<object> pending)
        {
            this.Objects++;
            Type type = item.GetType();
            if (item is string text)
            {
                this.Strings++;
                this.StringCharacters += text.Length;
                this.DotNetBytes += Align(22 + (2L * text.Length));
                return;
            }

            if (item is Array array)
            {
                this.Arrays++;
                Type element = type.GetElementType();
                int elementSize = FieldSize(element);
                long payload = (long)elementSize * array.Length;
                this.ArrayPayloadBytes += payload;
                this.LargestArrayBytes = Math.Max(this.LargestArrayBytes, payload);
                if (payload >= 256)
                {
                    this.largeArrays.Add((this.owners.TryGetValue(item, out string owner) ? owner : "?") + ": " + payload);
                }

                this.DotNetBytes += Math.Max(24, Align(24 + payload));
                if (!element.IsValueType)
                {
                    this.ReferenceElements += array.Length;
                    string name = this.owners.TryGetValue(item, out string arrayOwner) ? arrayOwner : type.Name;
                    foreach (object child in array)
                    {
                        if (child != null && seen.Add(child))
                        {
                            this.owners[child] = name + "[]";
                            pending.Push(child);
                        }
                    }
                }

                return;
            }

            long size = 16;
            foreach (FieldInfo field in InstanceFields(type))
            {
                this.Fields++;
                size += FieldSize(field.FieldType);
                if (!field.FieldType.IsValueType)
                {
                    object child = field.GetValue(item);
                    if (child != null && seen.Add(child))
                    {
                        this.owners[child] = type.Name + "." + field.Name;
                        pending.Push(child);
                    }
                }
            }

            this.DotNetBytes += Math.Max(24, Align(size));
        }
    }
}
