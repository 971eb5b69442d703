using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Cli;

namespace M2MDevice.Emulator.Tests.Faults
{
    /// <summary>
    /// `m2m serve --data DIR` as a real child process (the m2m.dll built next to this test assembly, run by the same
    /// dotnet host), its stdout parsed into <see cref="ServeEndpoints"/> once it prints "Press Ctrl+C to stop.", and
    /// killed with SIGKILL (<see cref="Process.Kill(bool)"/>): no shutdown code runs, exactly like a crash.
    /// </summary>
    internal sealed class ServeProcess : IDisposable
    {
        /// <summary>Bound on one start (a loaded CI machine); a server that does not come up fails the test with its output.</summary>
        public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

        private readonly Process process;
        private readonly StringBuilder output = new StringBuilder();
        private readonly TaskCompletionSource<ServeEndpoints> ready = new TaskCompletionSource<ServeEndpoints>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> lines = new List<string>();
        private bool disposed;

        private ServeProcess(string dataDirectory)
        {
            var info = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(M2mDll());
            info.ArgumentList.Add("serve");
            info.ArgumentList.Add("--data");
            info.ArgumentList.Add(dataDirectory);
            this.process = new Process { StartInfo = info, EnableRaisingEvents = true };
            this.process.OutputDataReceived += (sender, e) => this.OnLine(e.Data, false);
            this.process.ErrorDataReceived += (sender, e) => this.OnLine(e.Data, true);
            this.process.Exited += (sender, e) => this.ready.TrySetException(new InvalidOperationException("m2m serve exited before it was ready"));
        }

        /// <summary>Everything the process printed so far (stdout and stderr interleaved).</summary>
        public string Output
        {
            get
            {
                lock (this.output)
                {
                    return this.output.ToString();
                }
            }
        }

        /// <summary>Starts `m2m serve --data <paramref name="dataDirectory"/>` (not yet ready: see <see cref="WaitReadyAsync"/>).</summary>
        public static ServeProcess Start(string dataDirectory)
        {
            var serve = new ServeProcess(dataDirectory);
            Assert.True(serve.process.Start(), "could not start m2m serve");
            serve.process.BeginOutputReadLine();
            serve.process.BeginErrorReadLine();
            return serve;
        }

        /// <summary>The endpoints once the network runs; fails the test with the output when it does not come up in time.</summary>
        public async Task<ServeEndpoints> WaitReadyAsync()
        {
            Task finished = await Task.WhenAny(this.ready.Task, Task.Delay(StartTimeout));
            if (finished != this.ready.Task || this.ready.Task.IsFaulted)
            {
                this.Kill();
                Assert.Fail($"m2m serve did not come up within {StartTimeout.TotalSeconds} s; output:\n{this.Output}");
            }

            return await this.ready.Task;
        }

        /// <summary>SIGKILL, then waits until the process is gone (its files are closed by the kernel).</summary>
        public void Kill()
        {
            try
            {
                this.process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited (e.g. it failed to start): nothing to kill.
            }

            this.process.WaitForExit();
        }

        /// <summary>Kills the process if it still runs.</summary>
        public void Dispose()
        {
            if (this.disposed)
            {
                return;
            }

            this.disposed = true;
            this.Kill();
            this.process.Dispose();
        }

        private static string M2mDll()
        {
            // The test project references the CLI: m2m.dll, m2m.runtimeconfig.json and m2m.deps.json are copied here.
            string dll = typeof(CliApplication).Assembly.Location;
            Assert.True(File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")), "m2m.runtimeconfig.json is missing next to " + dll);
            return dll;
        }

        private static string DotnetHost()
        {
            // DOTNET_HOST_PATH is set by the SDK for `dotnet test`; otherwise the host running this test, else PATH.
            string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host))
            {
                return host;
            }

            string current = Environment.ProcessPath;
            return current != null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
        }

        private void OnLine(string line, bool isError)
        {
            if (line == null)
            {
                return;
            }

            lock (this.output)
            {
                this.output.AppendLine(isError ? "stderr: " + line : line);
                if (isError)
                {
                    return;
                }

                this.lines.Add(line);
                if (line.StartsWith("Press Ctrl+C to stop.", StringComparison.Ordinal))
                {
                    this.ready.TrySetResult(ServeEndpoints.Parse(this.lines));
                }
            }
        }
    }
}
