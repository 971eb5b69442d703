using static M2MDevice.NanoLint.Tests.LintHarness;

namespace M2MDevice.NanoLint.Tests
{
    /// <summary>
    /// One trigger set and one clean set per rule. Unless a platform is named, each snippet is checked
    /// against nanoFramework's mscorlib (the gate) and against .NET's assemblies.
    /// </summary>
    public class NanoLintRuleTests
    {
        [Theory]
        [InlineData("class [|Box|]<T> { }")]
        [InlineData("struct [|Box|]<T> { }")]
        [InlineData("interface [|IBox|]<T> { }")]
        [InlineData("delegate void [|Handler|]<T>(T value);")]
        [InlineData("class Outer { class [|Inner|]<TKey, TValue> { } }")]
        public void GenericType_Definition_ReportsNano001(string markup)
        {
            AssertReports("NANO001", markup);
        }

        [Fact]
        public void GenericType_NonGenericTypesAndInterfaces_Clean()
        {
            AssertClean("interface IShape { int Area(); } class Square : IShape { public int Area() { return 4; } } struct Size { public int Width; }");
        }

        [Theory]
        [InlineData("class C { void [|Swap|]<T>(ref T a, ref T b) { T t = a; a = b; b = t; } }")]
        [InlineData("class C { void M() { int [|Local|]<T>(T x) { return 0; } } }")]
        [InlineData("interface I { void [|Visit|]<T>(); }")]
        public void GenericMethod_Definition_ReportsNano002(string markup)
        {
            AssertReports("NANO002", markup);
        }

        [Fact]
        public void GenericMethod_OverloadsAndLocalFunctions_Clean()
        {
            AssertClean("class C { int M(int x) { return Twice(x); int Twice(int y) { return 2 * y; } } object M(object x) { return x; } }");
        }

        [Theory]
        [InlineData("using System; class C { [|Action|] done; }")]
        [InlineData("using System; class C { [|Action<int>|] progress; }")]
        [InlineData("using System; class C { [|Func<int, int>|] map; }")]
        [InlineData("using System; class C { [|Func<int, int, int, int>|] wide; }")]
        [InlineData("class C { System.[|Func<int>|] get; }")]
        [InlineData("using System; class C { static void Tick() { } static void Run(Action a) { } static void Go() { Run([|Tick|]); } }")]
        public void ActionFunc_Use_ReportsNano003(string markup)
        {
            AssertReports("NANO003", markup);
        }

        [Fact]
        public void ActionFunc_NamedDelegatesAndMembersCalledAction_Clean()
        {
            AssertClean(
                "delegate void TickHandler(); enum Step { Action, Wait } "
                + "class C { Step step = Step.Action; int Func; static void Tick() { } "
                + "void Go() { TickHandler h = Tick; h(); h = new TickHandler(Tick); h(); Func = 1; } }");
        }

        [Theory]
        [InlineData("using System; class C { void M() { Func<int, int> f = [|x =>|] x + 1; } }")]
        [InlineData("class C { void M() { var f = [|() =>|] 1; } }")]
        [InlineData("class C { void M() { System.Delegate d = [|() =>|] { }; } }")]
        [InlineData("class C { void M() { object o = [|() =>|] 1; } }")]
        [InlineData("delegate int Op<T>(T x); class C { void M() { Op<int> o = [|delegate|] (int x) { return x; }; } }")]
        [InlineData("using System; class C { void Run(Action a) { } void M() { Run([|() =>|] { }); } }")]
        public void Lambda_NotNamedNonGenericDelegate_ReportsNano004(string markup)
        {
            AssertReports("NANO004", markup);
        }

        [Fact]
        public void Lambda_NamedNonGenericDelegate_Clean()
        {
            AssertClean(
                "using System.Threading; delegate int Transform(int x); "
                + "class C { void M() { Transform t = x => x + 1; Transform u = delegate (int x) { return x * 2; }; t(u(1)); "
                + "var thread = new Thread(() => { }); thread.Start(); } }");
        }

        [Theory]
        [InlineData("class C { int[|[,]|] grid; }")]
        [InlineData("class C { object M() { return new int[|[2, 3]|]; } }")]
        [InlineData("class C { object M() { return [|new[,]|] { { 1, 2 }, { 3, 4 } }; } }")]
        [InlineData("class C { byte[|[,,]|][] cube; }")]
        public void MultidimensionalArray_TypeOrCreation_ReportsNano005(string markup)
        {
            AssertReports("NANO005", markup);
        }

        [Fact]
        public void MultidimensionalArray_JaggedAndSingle_Clean()
        {
            AssertClean("class C { byte[][] rows = new byte[2][]; int[] flat = new int[6]; object M() { return new[] { 1, 2 }; } }");
        }

        [Theory]
        [InlineData("using System.Threading.Tasks; class C { [|async|] Task M() { await Task.Yield(); } }")]
        [InlineData("using System.Threading.Tasks; class C { async Task M() { [|await|] Task.Yield(); } }")]
        [InlineData("using [|System.Threading.Tasks|]; class C { }")]
        [InlineData("class C { void M() { System.Threading.ThreadStart s = [|async|] () => { }; } }")]
        public void Async_AsyncAwaitTasks_ReportsNano006(string markup)
        {
            AssertReports("NANO006", markup);
        }

        [Fact]
        public void Async_IdentifiersNamedAsyncAwaitAndThreads_Clean()
        {
            AssertClean(
                "using System.Threading; class C { int async; readonly ManualResetEvent ready = new ManualResetEvent(false); "
                + "void M() { int await = 1; async = await; ready.Set(); ready.WaitOne(); } }");
        }

        [Theory]
        [InlineData("using System.Collections; class C { IEnumerable M() { [|yield|] return 1; } }")]
        [InlineData("using System.Collections; class C { IEnumerator M() { [|yield|] break; } }")]
        public void Iterator_Yield_ReportsNano007(string markup)
        {
            AssertReports("NANO007", markup);
        }

        [Fact]
        public void Iterator_ArrayAsEnumerable_Clean()
        {
            AssertClean("using System.Collections; class C { int yield; IEnumerable M() { yield = 1; return new int[] { yield }; } }");
        }

        [Theory]
        [InlineData("class C { object M(int[] a) { return [|from|] x in a select x; } }")]
        [InlineData("using [|System.Linq|]; class C { }")]
        [InlineData("using static [|System.Linq.Enumerable|]; class C { }")]
        public void Linq_QueryOrNamespace_ReportsNano008(string markup)
        {
            AssertReports("NANO008", markup);
        }

        [Fact]
        public void Linq_ExtensionMethodCall_ReportsNano008()
        {
            AssertReports("NANO008", "using System.Linq; class C { int M(int[] a) { return a.[|Count|](); } }", LintPlatform.Net);
            AssertReports("NANO008", "class C { int M(int[] a) { return System.Linq.[|Enumerable|].Count(a); } }", LintPlatform.Net);
            AssertReports("NANO008", "class C { int M(int[] a) { return [|System.Linq.Enumerable|].Count(a); } }", LintPlatform.Nano);
        }

        [Fact]
        public void Linq_Loop_Clean()
        {
            AssertClean("class C { int Sum(int[] a) { int n = 0; foreach (int x in a) { n += x; } return n; } }");
        }

        [Fact]
        public void SystemText_UsingDirective_ReportsNano009()
        {
            AssertReports("NANO009", "using [|System.Text|]; class C { }");
        }

        [Fact]
        public void SystemText_QualifiedUse_ReportsNano009()
        {
            // Unresolved against nano's mscorlib: reported at the first name inside System.Text.
            AssertReports("NANO009", "class C { byte[] M() { return [|System.Text.Encoding|].UTF8.GetBytes(\"a\"); } }", LintPlatform.Nano);
            AssertReports("NANO009", "class C { object M() { return new System.Text.[|StringBuilder|](); } }", LintPlatform.Net);
            AssertReports("NANO009", "class C { byte[] M() { return System.Text.[|Encoding|].UTF8.GetBytes(\"a\"); } }", LintPlatform.Net);
        }

        [Fact]
        public void SystemText_StringsAndOwnTextNamespace_Clean()
        {
            AssertClean(
                "namespace Device.Text { class Line { } } "
                + "namespace Device { using Device.Text; class C { Line line; string M(int x) { return \"v\" + x.ToString() + $\"/{x}\"; } } }");
        }

        [Theory]
        [InlineData("class C { [|(int, int)|] M() { return default; } }")]
        [InlineData("class C { object M() { return [|(1, 2)|]; } }")]
        [InlineData("class C { void M() { int a = 1, b = 2; [|(a, b)|] = (b, a); } }")]
        [InlineData("class C { [|(int Low, (int, int) High)|] nested; }")]
        [InlineData("class C { System.[|ValueTuple<int, int>|] pair; }")]
        public void Tuple_TypeOrLiteral_ReportsNano010(string markup)
        {
            AssertReports("NANO010", markup);
        }

        [Fact]
        public void Tuple_OutParametersAndParentheses_Clean()
        {
            AssertClean("class C { void M(out int a, out int b) { a = 1; b = (a + 2) * 3; } }");
        }

        [Theory]
        [InlineData("class C { [|int?|] x; }")]
        [InlineData("class C { bool M(object o) { return o is [|long?|]; } }")]
        [InlineData("class C { System.[|Nullable<int>|] x; }")]
        [InlineData("struct S { } class C { [|S?|] s; }")]
        public void NullableValue_Type_ReportsNano011(string markup)
        {
            AssertReports("NANO011", markup);
        }

        [Fact]
        public void NullableValue_ReferenceAnnotationsAndTryPattern_Clean()
        {
            AssertClean("#nullable enable\nclass C { string? name; bool TryGet(out int value) { value = 0; return name != null; } }");
        }

        [Theory]
        [InlineData("class C { [|dynamic|] d; }")]
        [InlineData("class C { void M([|dynamic|] x) { } }")]
        public void Dynamic_Type_ReportsNano012(string markup)
        {
            AssertReports("NANO012", markup);
        }

        [Fact]
        public void Dynamic_FieldNamedDynamic_Clean()
        {
            AssertClean("class C { int dynamic; void M() { dynamic = 2; } }");
        }

        [Theory]
        [InlineData("using System; class C { void M() { Span<byte> s = [|stackalloc|] byte[4]; } }")]
        [InlineData("class C { unsafe void M() { int* p = [|stackalloc|] int[4]; } }")]
        public void StackAlloc_Expression_ReportsNano013(string markup)
        {
            AssertReports("NANO013", markup);
        }

        [Fact]
        public void StackAlloc_PreallocatedBuffer_Clean()
        {
            AssertClean("class C { readonly byte[] work = new byte[16]; void M() { System.Array.Clear(work, 0, work.Length); } }");
        }

        [Theory]
        [InlineData("class C { [|unsafe|] void M() { } }")]
        [InlineData("class C { void M() { [|unsafe|] { } } }")]
        [InlineData("class C { unsafe void M(byte[] a) { [|fixed|] (byte* p = a) { } } }")]
        [InlineData("unsafe struct S { [|fixed|] byte b[4]; }")]
        public void Unsafe_Code_ReportsNano014(string markup)
        {
            AssertReports("NANO014", markup);
        }

        [Fact]
        public void Unsafe_OffsetsIntoArrays_Clean()
        {
            AssertClean("class C { void M(byte[] a, int offset) { a[offset] = 1; } void N(ref int x) { x++; } }");
        }

        [Theory]
        [InlineData("class C { object M() { return typeof(C).[|GetMethod|](\"M\"); } }")]
        [InlineData("class C { object M() { return [|Activator|].CreateInstance(typeof(C)); } }")]
        [InlineData("using System.Reflection; class C { object M() { return [|Assembly|].GetExecutingAssembly(); } }")]
        [InlineData("class C { object M(object o) { return o.GetType().[|GetFields|](); } }")]
        public void Reflection_Use_ReportsNano015(string markup)
        {
            AssertReports("NANO015", markup);
        }

        [Fact]
        public void Reflection_MemberInfoInvoke_ReportsNano015()
        {
            AssertReports(
                "NANO015",
                "using System.Reflection; class C { object M(MethodInfo m) { return m.[|Invoke|](this, null); } }");
        }

        [Fact]
        public void Reflection_AssemblyAttributesAndTypeNames_Clean()
        {
            AssertClean(
                "using System.Reflection; [assembly: AssemblyTitle(\"probe\")] "
                + "class C { string M(object o) { return o.GetType().Name + typeof(C).FullName; } }");
        }

        [Theory]
        [InlineData("record [|Point|](int X, int Y);")]
        [InlineData("record struct [|Point|](int X);")]
        [InlineData("record class [|Point|] { }")]
        public void Record_Declaration_ReportsNano016(string markup)
        {
            AssertReports("NANO016", markup);
        }

        [Fact]
        public void Record_PlainClassAndFieldNamedRecord_Clean()
        {
            AssertClean("class Point { public int X; public int Y; int record; void M() { record = X + Y; } }");
        }

        [Theory]
        [InlineData("interface IShape { int Area(); int [|Twice|]() { return Area() * 2; } }")]
        [InlineData("interface IShape { static int [|Zero|]() { return 0; } }")]
        [InlineData("interface IShape { int [|Size|] => 1; }")]
        [InlineData("interface IShape { int [|Size|] { get { return 1; } } }")]
        [InlineData("interface IShape { static int [|count|]; }")]
        public void InterfaceMember_BodyOrStatic_ReportsNano017(string markup)
        {
            AssertReports("NANO017", markup);
        }

        [Fact]
        public void InterfaceMember_PureContract_Clean()
        {
            AssertClean(
                "interface IShape { const int Max = 4; int Area(); int Size { get; set; } "
                + "event System.EventHandler Changed; int this[int i] { get; } }");
        }

        [Theory]
        [InlineData("ref struct [|Cursor|] { public int Offset; }")]
        [InlineData("readonly ref struct [|Cursor|] { }")]
        public void RefStruct_Declaration_ReportsNano018(string markup)
        {
            AssertReports("NANO018", markup);
        }

        [Fact]
        public void RefStruct_PlainStructAndRefParameters_Clean()
        {
            AssertClean("struct Cursor { public int Offset; } class C { void M(ref Cursor c, out int x) { c.Offset++; x = c.Offset; } }");
        }

        [Theory]
        [InlineData("using System; class C { void M([|ReadOnlySpan<byte>|] data) { } }")]
        [InlineData("using System; class C { [|Memory<byte>|] buffer; }")]
        [InlineData("class C { void M() { System.[|Span<int>|] s = default; } }")]
        public void Span_Type_ReportsNano019(string markup)
        {
            AssertReports("NANO019", markup);
        }

        [Fact]
        public void Span_InferredFromCall_ReportsNano019()
        {
            AssertReports("NANO019", "class C { void M(byte[] a) { [|var|] s = System.MemoryExtensions.AsSpan(a); } }", LintPlatform.Net);
        }

        [Fact]
        public void Span_ArrayOffsetCount_Clean()
        {
            AssertClean("class C { void M(byte[] data, int offset, int count) { System.Array.Copy(data, offset, data, 0, count); } }");
            AssertClean("class C { void M(System.SpanByte data) { } }", LintPlatform.Nano);
        }

        [Theory]
        [InlineData("class C { object M() { return [|new|] { A = 1 }; } }")]
        [InlineData("class C { int M() { var p = [|new|] { A = 1, B = 2 }; return p.A; } }")]
        public void AnonymousType_Creation_ReportsNano020(string markup)
        {
            AssertReports("NANO020", markup);
        }

        [Fact]
        public void AnonymousType_ObjectInitializer_Clean()
        {
            AssertClean("class Pair { public int A; } class C { object M() { return new Pair { A = 1 }; } }");
        }

        [Theory]
        [InlineData("class Box<T> { } class C { [|Box<int>|] box; }")]
        [InlineData("using System; class C { event [|EventHandler<EventArgs>|] Changed; }")]
        [InlineData("using [|System.Collections.Generic|]; class C { }")]
        [InlineData("class C { static T Id<T>(T x) { return x; } int M() { return [|Id|](1); } }")]
        [InlineData("class C { static T Id<T>(T x) { return x; } int M() { return [|Id<int>|](1); } }")]
        public void GenericUse_ConstructedTypeOrCall_ReportsNano021(string markup)
        {
            AssertReports("NANO021", markup);
        }

        [Fact]
        public void GenericUse_BclCollection_ReportsNano021()
        {
            AssertReports("NANO021", "class C { object M() { return new System.Collections.Generic.[|List<int>|](); } }");
        }

        [Fact]
        public void GenericUse_ArrayListAndNonGenericEvents_Clean()
        {
            AssertClean(
                "using System; using System.Collections; "
                + "class C { readonly ArrayList list = new ArrayList(); event EventHandler Changed; "
                + "int M() { list.Add(1); Changed?.Invoke(this, EventArgs.Empty); return (int)list[0]; } }");
        }

        [Theory]
        [InlineData("class C { int M(int[] a) { return a[[|^1|]]; } }")]
        [InlineData("class C { int[] M(int[] a) { return a[[|1..^1|]]; } }")]
        [InlineData("class C { bool M(int[] a) { return a is [1, [|..|]]; } }")]
        public void IndexRange_HatRangeOrSlice_ReportsNano022(string markup)
        {
            AssertReports("NANO022", markup);
        }

        [Fact]
        public void IndexRange_ExplicitArithmetic_Clean()
        {
            AssertClean("class C { int M(int[] a) { return a[a.Length - 1]; } }");
        }

        [Fact]
        public void Analyzer_DeviceStyleCode_Clean()
        {
            // The shape of real device code: enums, switch expressions, patterns, exceptions, locks,
            // properties, named delegates and events, string interpolation, jagged arrays.
            AssertClean(@"
using System;
using System.Collections;
using System.Threading;

namespace Device
{
    public enum AtResult { Ok, Error, Timeout }

    public delegate void LineHandler(string line);

    public sealed class Channel : IDisposable
    {
        private readonly object gate = new object();
        private readonly byte[][] slots = new byte[4][];
        private readonly ArrayList pending = new ArrayList();
        private int sequence;

        public event LineHandler LineReceived;

        public int Pending { get { lock (gate) { return pending.Count; } } }

        public static string Describe(AtResult result) => result switch
        {
            AtResult.Ok => ""OK"",
            AtResult.Error => ""ERROR"",
            _ => ""TIMEOUT"",
        };

        public bool TryTake(out string line)
        {
            lock (gate)
            {
                if (pending.Count == 0) { line = null; return false; }
                line = (string)pending[0];
                pending.RemoveAt(0);
                return true;
            }
        }

        public void Feed(object item)
        {
            if (item is string text && text.Length > 0)
            {
                int id = Interlocked.Increment(ref sequence);
                LineReceived?.Invoke($""{id}:{text}"");
            }
            else if (item is not null)
            {
                throw new ArgumentException(""not a line"", nameof(item));
            }

            slots[0] = new byte[] { 1, 2, 3 };
        }

        public void Dispose() { }
    }
}");
        }

        [Fact]
        public void Analyzer_BrokenCode_DoesNotThrow()
        {
            // Unresolved names everywhere: the analyzer must neither throw nor invent findings.
            string source = "class C { Missing m; void M() { var x = Unknown.Call(y => y, m.Go<int>()); Foo(1); } }";
            foreach (LintPlatform platform in AllPlatforms)
            {
                Assert.All(Run(source, platform), d => Assert.StartsWith("NANO", d.Id));
            }
        }
    }
}
