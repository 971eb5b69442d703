namespace nanoFramework.TestFramework
{
    /// <summary>Test output (nanoFramework.TestFramework 3.0.80 surface).</summary>
    public static class OutputHelper
    {
        /// <summary>Writes text.</summary>
        public static void Write(string message) => System.Console.Write(message);

        /// <summary>Writes a line.</summary>
        public static void WriteLine(string message) => System.Console.WriteLine(message);
    }
}
