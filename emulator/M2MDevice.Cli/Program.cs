using System.CommandLine;

namespace M2MDevice.Cli
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            RootCommand root = new RootCommand("m2m: M2M USIM provisioning emulator and tools");
            return root.Parse(args).Invoke();
        }
    }
}
