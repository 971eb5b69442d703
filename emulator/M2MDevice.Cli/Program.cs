using System;

namespace M2MDevice.Cli
{
    /// <summary>Entry point of the `m2m` executable; all composition is in CliApplication.</summary>
    public static class Program
    {
        /// <summary>Runs the command line against the console.</summary>
        public static int Main(string[] args) => CliApplication.Run(args, Console.Out, Console.Error);
    }
}
