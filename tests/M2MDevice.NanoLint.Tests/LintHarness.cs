using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace M2MDevice.NanoLint.Tests
{
    /// <summary>
    /// Compiles a snippet in-process and runs <see cref="NanoLintAnalyzer"/> on it. Snippets mark the
    /// expected diagnostic span with <c>[|</c> and <c>|]</c>.
    /// </summary>
    public static class LintHarness
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> NanoReferences = new Lazy<ImmutableArray<MetadataReference>>(
            () => ImmutableArray.Create<MetadataReference>(
                MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "nano", "mscorlib.dll"))));

        private static readonly Lazy<ImmutableArray<MetadataReference>> NetReferences = new Lazy<ImmutableArray<MetadataReference>>(
            () => ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES"))
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal)
                    || Path.GetFileName(path) == "mscorlib.dll"
                    || Path.GetFileName(path) == "netstandard.dll")
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray());

        /// <summary>Both platforms, for checks that must hold whatever resolves.</summary>
        public static readonly LintPlatform[] AllPlatforms = { LintPlatform.Nano, LintPlatform.Net };

        /// <summary>The compilation of <paramref name="source"/> (no markers) for <paramref name="platform"/>.</summary>
        public static CSharpCompilation Compile(string source, LintPlatform platform)
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText(
                source,
                new CSharpParseOptions(LanguageVersion.Latest),
                path: "Probe.cs");
            var options = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Disable,
                allowUnsafe: true);
            ImmutableArray<MetadataReference> references = platform == LintPlatform.Nano ? NanoReferences.Value : NetReferences.Value;
            return CSharpCompilation.Create("Probe", new[] { tree }, references, options);
        }

        /// <summary>NanoLint's diagnostics on <paramref name="source"/>; fails if the analyzer throws.</summary>
        public static ImmutableArray<Diagnostic> Run(string source, LintPlatform platform)
        {
            var failures = new List<Exception>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (exception, analyzer, diagnostic) => failures.Add(exception),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            CompilationWithAnalyzers withAnalyzers = Compile(source, platform)
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NanoLintAnalyzer()), options);
            ImmutableArray<Diagnostic> diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            Assert.True(failures.Count == 0, $"NanoLint threw on {platform}: {string.Join("; ", failures)}");
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
            return diagnostics;
        }

        /// <summary>Asserts that NanoLint reports <paramref name="id"/> exactly at the marked span.</summary>
        public static void AssertReports(string id, string markup, params LintPlatform[] platforms)
        {
            (string source, TextSpan expected) = ParseMarkup(markup);
            foreach (LintPlatform platform in platforms.Length == 0 ? AllPlatforms : platforms)
            {
                ImmutableArray<Diagnostic> diagnostics = Run(source, platform);
                bool found = diagnostics.Any(d => d.Id == id && d.Location.SourceSpan == expected);
                Assert.True(
                    found,
                    $"{platform}: expected {id} at '{source.Substring(expected.Start, expected.Length)}' {expected}; got: {Describe(source, diagnostics)}");
                Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
            }
        }

        /// <summary>
        /// Asserts that NanoLint reports nothing and that the snippet compiles without errors against
        /// <paramref name="platforms"/> (so it is code a nano gate build would accept).
        /// </summary>
        public static void AssertClean(string source, params LintPlatform[] platforms)
        {
            foreach (LintPlatform platform in platforms.Length == 0 ? AllPlatforms : platforms)
            {
                ImmutableArray<Diagnostic> errors = Compile(source, platform).GetDiagnostics()
                    .Where(d => d.Severity == DiagnosticSeverity.Error)
                    .ToImmutableArray();
                Assert.True(errors.IsEmpty, $"{platform}: the clean snippet does not compile: {Describe(source, errors)}");
                ImmutableArray<Diagnostic> diagnostics = Run(source, platform);
                Assert.True(diagnostics.IsEmpty, $"{platform}: expected no NanoLint diagnostics; got: {Describe(source, diagnostics)}");
            }
        }

        private static (string Source, TextSpan Span) ParseMarkup(string markup)
        {
            int start = markup.IndexOf("[|", StringComparison.Ordinal);
            int end = markup.IndexOf("|]", StringComparison.Ordinal);
            Assert.True(start >= 0 && end > start, "the snippet needs one [| ... |] marker");
            string source = markup.Remove(end, 2).Remove(start, 2);
            return (source, TextSpan.FromBounds(start, end - 2));
        }

        private static string Describe(string source, IEnumerable<Diagnostic> diagnostics)
        {
            return string.Join(
                " | ",
                diagnostics.Select(d => $"{d.Id} '{source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)}' {d.GetMessage()}"));
        }
    }
}
