using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace M2MDevice.Tests
{
    public class VectorCopyTests
    {
        // The repository carries a copy of the project's verified vectors so a clone is self-contained;
        // where the original sits beside the repository (developer machines, CI), the copy must match it.
        [Fact]
        public void RepositoryCopy_WhenOriginalPresent_IsIdentical()
        {
            string copy = Path.Combine(AppContext.BaseDirectory, "vectors");
            DirectoryInfo dir = new DirectoryInfo(SourceDirectory());
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "M2MDevice.sln")))
            {
                dir = dir.Parent;
            }
            Assert.NotNull(dir);
            string original = Path.Combine(dir.FullName, "..", "shared", "vectors");
            if (!Directory.Exists(original))
            {
                return; // a user's clone without the steering folder: nothing to compare
            }
            foreach (string file in Directory.GetFiles(original, "*.json"))
            {
                string name = Path.GetFileName(file);
                Assert.Equal(File.ReadAllText(file), File.ReadAllText(Path.Combine(copy, name)));
            }
        }
    
        private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path);
    }
}
