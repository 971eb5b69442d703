using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace M2MDevice.NanoLint.Tests
{
    /// <summary>The rule catalog: stable ids, all errors, every rule documented.</summary>
    public class NanoLintCatalogTests
    {
        [Fact]
        public void SupportedDiagnostics_Ids_AreNano001ToNano022InOrder()
        {
            string[] ids = new NanoLintAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToArray();
            string[] expected = Enumerable.Range(1, 22).Select(i => $"NANO{i:000}").ToArray();
            Assert.Equal(expected, ids);
        }

        [Fact]
        public void SupportedDiagnostics_Every_IsEnabledError()
        {
            Assert.All(new NanoLintAnalyzer().SupportedDiagnostics, d =>
            {
                Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
                Assert.True(d.IsEnabledByDefault);
                Assert.Equal(NanoRules.Category, d.Category);
                Assert.Contains("nanoFramework", d.MessageFormat.ToString(), StringComparison.Ordinal);
            });
        }

        [Fact]
        public void Documentation_EveryRule_HasARow()
        {
            string docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "nano-lint.md"));
            Assert.All(new NanoLintAnalyzer().SupportedDiagnostics, d => Assert.Contains($"| {d.Id} |", docs, StringComparison.Ordinal));
        }

        private static string RepositoryRoot([CallerFilePath] string path = "")
        {
            DirectoryInfo dir = new DirectoryInfo(Path.GetDirectoryName(path));
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "M2MDevice.sln")))
            {
                dir = dir.Parent;
            }

            Assert.NotNull(dir);
            return dir.FullName;
        }
    }
}
