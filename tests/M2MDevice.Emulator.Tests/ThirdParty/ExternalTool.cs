using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace M2MDevice.Emulator.Tests.ThirdParty
{
    /// <summary>
    /// Finds and runs the third-party AT clients CI installs (socat, gsm-utils' gsmctl, ppp's chat). A missing
    /// tool fails the test with the install command: CI installs them, so a skip would hide a broken setup.
    /// </summary>
    internal static class ExternalTool
    {
        public const string InstallHint = "apt-get install socat gsm-utils ppp";

        /// <summary>Bound on one tool run; a hung client is killed and the test fails with what it printed.</summary>
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

        private static readonly string[] Folders = { "/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin", "/usr/local/sbin" };

        /// <summary>The full path of the tool; fails the test with the install hint when it is absent.</summary>
        public static string Require(string name)
        {
            string path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
            foreach (string folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            foreach (string folder in Folders)
            {
                string candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            Assert.Fail($"'{name}' is not installed; the third-party AT client tests need it: {InstallHint}");
            return null;
        }

        /// <summary>Starts a process with stdout and stderr captured line by line.</summary>
        public static Process Start(string file, string[] arguments, DataReceivedEventHandler onOutput, IReadOnlyDictionary<string, string> environment = null)
        {
            var info = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = false,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            if (environment != null)
            {
                foreach (KeyValuePair<string, string> variable in environment)
                {
                    info.Environment[variable.Key] = variable.Value;
                }
            }

            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            process.OutputDataReceived += onOutput;
            process.ErrorDataReceived += onOutput;
            Assert.True(process.Start(), "could not start " + file);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }

        /// <summary>Runs a tool to completion within <see cref="Timeout"/>; returns its exit code and interleaved output.</summary>
        public static Task<ToolRun> RunAsync(string file, params string[] arguments) => RunAsync(file, arguments, null);

        /// <summary>As <see cref="RunAsync(string, string[])"/> with extra environment variables.</summary>
        public static async Task<ToolRun> RunAsync(string file, string[] arguments, IReadOnlyDictionary<string, string> environment)
        {
            var output = new StringBuilder();
            void Collect(object sender, DataReceivedEventArgs e)
            {
                if (e.Data != null)
                {
                    lock (output)
                    {
                        output.AppendLine(e.Data);
                    }
                }
            }

            using Process process = Start(file, arguments, Collect, environment);
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                lock (output)
                {
                    Assert.Fail($"{Path.GetFileName(file)} {string.Join(' ', arguments)} did not finish within {Timeout}; output:\n{output}");
                }
            }

            // WaitForExitAsync returns after the redirected streams reached end of file.
            lock (output)
            {
                return new ToolRun(process.ExitCode, output.ToString());
            }
        }
    }
}
