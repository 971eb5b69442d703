using Microsoft.CodeAnalysis;

namespace M2MDevice.NanoLint
{
    /// <summary>
    /// The NanoLint rules: C# constructs that compile against nanoFramework's mscorlib but cannot run on
    /// nanoFramework 1.x (its runtime has no generics, no async, no multidimensional arrays, ...).
    /// Every rule is an error, so the nano gate build fails. docs/nano-lint.md lists them.
    /// </summary>
    public static class NanoRules
    {
        /// <summary>Category of every NanoLint rule.</summary>
        public const string Category = "NanoFramework";

        /// <summary>NANO001: generic type definition.</summary>
        public static readonly DiagnosticDescriptor GenericType = Create(
            "NANO001",
            "Generic type definition",
            "Generic type '{0}' cannot run on nanoFramework 1.x: its runtime has no generic types; use a concrete type, object or ArrayList",
            "nanoFramework 1.x cannot load generic type definitions (classes, structs, interfaces, records and delegates with type parameters).");

        /// <summary>NANO002: generic method or local function definition.</summary>
        public static readonly DiagnosticDescriptor GenericMethod = Create(
            "NANO002",
            "Generic method definition",
            "Generic method '{0}' cannot run on nanoFramework 1.x: its runtime has no generic methods; write concrete overloads",
            "nanoFramework 1.x cannot execute generic method definitions (methods and local functions with type parameters).");

        /// <summary>NANO003: System.Action or System.Func.</summary>
        public static readonly DiagnosticDescriptor ActionFunc = Create(
            "NANO003",
            "System.Action or System.Func",
            "'{0}' is System.Action/System.Func, which nanoFramework 1.x cannot run (their generic forms need generics); declare a named non-generic delegate",
            "Action<T> and Func<T> are generic delegates; device code uses named non-generic delegates instead, Action included, so one rule covers every arity.");

        /// <summary>NANO004: lambda or anonymous method not converted to a named non-generic delegate.</summary>
        public static readonly DiagnosticDescriptor Lambda = Create(
            "NANO004",
            "Lambda or anonymous method without a named non-generic delegate type",
            "{0} converts to '{1}': nanoFramework 1.x runs lambdas and anonymous methods only as instances of a named non-generic delegate type",
            "A lambda whose target is Action/Func, a generic delegate, an expression tree, System.Delegate or an inferred (natural) delegate type needs generics at run time.");

        /// <summary>NANO005: multidimensional array.</summary>
        public static readonly DiagnosticDescriptor MultidimensionalArray = Create(
            "NANO005",
            "Multidimensional array",
            "Multidimensional array '{0}' (rank {1}): nanoFramework 1.x supports only single-dimension arrays; use a jagged array or a flat array with index arithmetic",
            "nanoFramework 1.x has no multidimensional array type (T[,]); jagged arrays (T[][]) are fine.");

        /// <summary>NANO006: async, await and System.Threading.Tasks.</summary>
        public static readonly DiagnosticDescriptor Async = Create(
            "NANO006",
            "async/await or System.Threading.Tasks",
            "'{0}' needs Tasks and the compiler's async state machine, which nanoFramework 1.x lacks; use a thread and events",
            "nanoFramework 1.x has no System.Threading.Tasks and no async method builders.");

        /// <summary>NANO007: iterator (yield).</summary>
        public static readonly DiagnosticDescriptor Iterator = Create(
            "NANO007",
            "Iterator (yield)",
            "'{0}' makes an iterator, whose compiler-generated class implements the generic IEnumerable<T>/IEnumerator<T> that nanoFramework 1.x cannot run; return an array or write an IEnumerator class",
            "yield-based iterators are lowered to generic enumerator classes; nanoFramework 1.x has limited support for them.");

        /// <summary>NANO008: LINQ.</summary>
        public static readonly DiagnosticDescriptor Linq = Create(
            "NANO008",
            "LINQ",
            "LINQ ('{0}') needs System.Linq, generics and generic delegates, which nanoFramework 1.x lacks; write a loop",
            "Query syntax and System.Linq operators are generic extension methods over generic delegates.");

        /// <summary>NANO009: System.Text.</summary>
        public static readonly DiagnosticDescriptor SystemText = Create(
            "NANO009",
            "System.Text",
            "'{0}' uses System.Text, which device code must not use: nanoFramework's mscorlib has none of it (StringBuilder and Encoding are separate nanoFramework packages); work on byte arrays",
            "System.Text is not part of nanoFramework's mscorlib; device code converts bytes explicitly.");

        /// <summary>NANO010: tuples.</summary>
        public static readonly DiagnosticDescriptor Tuple = Create(
            "NANO010",
            "Tuple",
            "Tuple '{0}' needs the generic System.ValueTuple, which nanoFramework 1.x cannot run; use out parameters or a small class",
            "Tuple types and tuple literals are System.ValueTuple<...> instances; tuple deconstruction syntax is flagged with them.");

        /// <summary>NANO011: nullable value types.</summary>
        public static readonly DiagnosticDescriptor NullableValue = Create(
            "NANO011",
            "Nullable value type",
            "'{0}' is the generic System.Nullable<T>, which nanoFramework 1.x cannot run; use TryX(out ...) or a separate flag",
            "int? and Nullable<T> are generic value types.");

        /// <summary>NANO012: dynamic.</summary>
        public static readonly DiagnosticDescriptor Dynamic = Create(
            "NANO012",
            "dynamic",
            "'dynamic' needs the dynamic language runtime binder, which nanoFramework 1.x lacks; use a static type",
            "dynamic is bound at run time by Microsoft.CSharp, absent from nanoFramework.");

        /// <summary>NANO013: stackalloc.</summary>
        public static readonly DiagnosticDescriptor StackAlloc = Create(
            "NANO013",
            "stackalloc",
            "'stackalloc' needs Span<T> or pointers, which nanoFramework 1.x lacks; preallocate a byte[] work buffer",
            "nanoFramework 1.x has neither Span<T> nor unmanaged stack buffers.");

        /// <summary>NANO014: unsafe code.</summary>
        public static readonly DiagnosticDescriptor Unsafe = Create(
            "NANO014",
            "Unsafe code",
            "'{0}' is unsafe code: nanoFramework 1.x's interpreter has no unmanaged pointers or pinning; use arrays with offsets",
            "unsafe contexts, fixed statements and fixed-size buffers rely on unmanaged pointers.");

        /// <summary>NANO015: reflection.</summary>
        public static readonly DiagnosticDescriptor Reflection = Create(
            "NANO015",
            "Reflection",
            "Reflection ('{0}'): nanoFramework 1.x has minimal reflection and its deployment strips the metadata it would need; call members directly",
            "System.Reflection, member lookup on System.Type (GetMethod, GetField, ...), and Activator are not usable on device. Assembly attributes are allowed.");

        /// <summary>NANO016: record types.</summary>
        public static readonly DiagnosticDescriptor Record = Create(
            "NANO016",
            "Record type",
            "Record '{0}': its compiler-generated members use the generic IEquatable<T> and EqualityComparer<T>, which nanoFramework 1.x cannot run; write a plain class or struct",
            "Records (record class and record struct) synthesize generic equality members.");

        /// <summary>NANO017: default or static interface members.</summary>
        public static readonly DiagnosticDescriptor InterfaceMember = Create(
            "NANO017",
            "Default or static interface member",
            "Interface member '{0}' has a body or is static: nanoFramework 1.x runs interfaces as pure contracts; move the code to a class",
            "Default interface implementations and static (abstract) interface members need runtime support nanoFramework 1.x does not reliably provide.");

        /// <summary>NANO018: ref structs.</summary>
        public static readonly DiagnosticDescriptor RefStruct = Create(
            "NANO018",
            "ref struct",
            "ref struct '{0}': nanoFramework 1.x's runtime does not enforce or support byref-like types; use a class or a plain struct",
            "ref structs exist to carry Span-like byrefs, which nanoFramework 1.x does not have.");

        /// <summary>NANO019: Span and Memory types.</summary>
        public static readonly DiagnosticDescriptor Span = Create(
            "NANO019",
            "Span<T> or Memory<T>",
            "'{0}' is a generic span/memory type, which nanoFramework 1.x cannot run; use byte[] with offset and count",
            "Span<T>, ReadOnlySpan<T>, Memory<T> and ReadOnlyMemory<T> are generic; device code passes arrays with offset and count.");

        /// <summary>NANO020: anonymous types.</summary>
        public static readonly DiagnosticDescriptor AnonymousType = Create(
            "NANO020",
            "Anonymous type",
            "Anonymous type '{0}': the compiler emits it as a generic class, which nanoFramework 1.x cannot run; declare a named class",
            "Anonymous types (and inferred anonymous delegate types) are compiled to generic classes.");

        /// <summary>NANO021: use of a generic type or method.</summary>
        public static readonly DiagnosticDescriptor GenericUse = Create(
            "NANO021",
            "Generic type or method use",
            "'{0}' uses generics (a constructed generic type, a generic method call or a generic collection namespace), which nanoFramework 1.x cannot run; use arrays or ArrayList",
            "Constructed generic types and generic method calls (EventHandler<T>, List<T>, user generics) need generics at run time.");

        /// <summary>NANO022: index and range operators, slice patterns.</summary>
        public static readonly DiagnosticDescriptor IndexRange = Create(
            "NANO022",
            "Index or range",
            "'{0}' needs System.Index/System.Range (and generic slicing helpers), which nanoFramework 1.x lacks; use explicit index arithmetic",
            "Hat indices (^1), ranges (a..b) and slice patterns are built on types nanoFramework 1.x does not have.");

        private static DiagnosticDescriptor Create(string id, string title, string message, string description)
        {
            return new DiagnosticDescriptor(
                id,
                title,
                message,
                Category,
                DiagnosticSeverity.Error,
                isEnabledByDefault: true,
                description: description);
        }
    }
}
