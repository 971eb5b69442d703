using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace M2MDevice.Emulator.Tests.ThirdParty
{
    /// <summary>
    /// A Linux pty has no modem-control lines: TIOCMBIC/TIOCMBIS (DTR) fail with ENOTTY, and gsmlib 1.10 (Debian's
    /// gsm-utils) treats that as fatal ("clearing DTR failed") before it sends a single AT command. Later gsmlib
    /// revisions ignore ENOTTY there; this LD_PRELOAD shim does the same for the distribution's binary and nothing
    /// else (only those two requests, only on ENOTTY). It does not touch the AT dialogue. Compiled once per run
    /// with the system C compiler.
    /// </summary>
    internal static class PtyModemLines
    {
        private const string Source = """
            #define _GNU_SOURCE
            #include <dlfcn.h>
            #include <errno.h>
            #include <stdarg.h>
            #include <sys/ioctl.h>

            /* A pty has no DTR: treat ENOTTY on the DTR toggling requests as done, as later gsmlib revisions do. */
            int ioctl(int fd, unsigned long request, ...)
            {
                static int (*next)(int, unsigned long, ...);
                va_list list;
                va_start(list, request);
                void *argument = va_arg(list, void *);
                va_end(list);
                if (next == 0)
                {
                    next = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
                }

                int result = next(fd, request, argument);
                if (result < 0 && errno == ENOTTY && (request == TIOCMBIC || request == TIOCMBIS))
                {
                    errno = 0;
                    return 0;
                }

                return result;
            }
            """;

        private static readonly SemaphoreSlim Gate = new SemaphoreSlim(1, 1);
        private static string library;

        /// <summary>The environment that preloads the shim (compiling it on first use).</summary>
        public static async Task<IReadOnlyDictionary<string, string>> EnvironmentAsync()
        {
            await Gate.WaitAsync();
            try
            {
                if (library == null)
                {
                    string compiler = ExternalTool.Require("cc");
                    string folder = Path.Combine(Path.GetTempPath(), "m2m-pty-shim-" + Guid.NewGuid().ToString("N"));
                    Directory.CreateDirectory(folder);
                    AppDomain.CurrentDomain.ProcessExit += (sender, e) => Directory.Delete(folder, recursive: true);
                    string source = Path.Combine(folder, "ptymodemlines.c");
                    string built = Path.Combine(folder, "ptymodemlines.so");
                    await File.WriteAllTextAsync(source, Source);
                    ToolRun run = await ExternalTool.RunAsync(compiler, "-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-o", built, source, "-ldl");
                    Assert.True(run.ExitCode == 0, $"compiling the pty DTR shim failed ({ExternalTool.InstallHint} gcc libc6-dev):\n{run.Output}");
                    library = built;
                }

                return new Dictionary<string, string> { ["LD_PRELOAD"] = library };
            }
            finally
            {
                Gate.Release();
            }
        }
    }
}
