using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Tests.Modem;
using M2MDevice.Emulator.Tests.Radio;
using M2MDevice.Emulator.Visited;
using Microsoft.Win32.SafeHandles;

namespace M2MDevice.Emulator.Tests.ThirdParty
{
    /// <summary>
    /// An emulated modem (card inserted from a manufacture image, one operator in coverage) served by a
    /// <see cref="ModemTcpListener"/> on loopback and bridged to a pseudo-terminal by socat, as a user exposes
    /// `m2m serve --modem-tcp` to tools that want a serial device. The bridge holds one descriptor of the pty
    /// slave open (never read) so that a client closing the device does not end socat: several client runs
    /// then talk to the same modem, like several programs opening a real modem's tty one after another.
    /// </summary>
    internal sealed class PtyBridge : IAsyncDisposable
    {
        public const string Plmn = "00101";

        public const string OperatorName = "Home One";

        public const string OperatorShortName = "HOME1";

        /// <summary>RSSI of the operator's cell: +CSQ reports it as is (TS 27.007 8.5).</summary>
        public const int Rssi = 24;

        public static readonly ModemOptions Defaults = new ModemOptions();

        private readonly StringBuilder socatLog = new StringBuilder();
        private readonly TaskCompletionSource bridged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        private ModemTcpListener listener;
        private Process socat;
        private SafeFileHandle slave;

        private PtyBridge(string link)
        {
            Link = link;
        }

        /// <summary>The pty slave's symbolic link (what a user passes to the client as its device).</summary>
        public string Link { get; }

        /// <summary>socat's diagnostics so far (for failure messages).</summary>
        public string SocatLog
        {
            get
            {
                lock (socatLog)
                {
                    return socatLog.ToString();
                }
            }
        }

        public static async Task<PtyBridge> StartAsync()
        {
            string socatPath = ExternalTool.Require("socat");
            var bridge = new PtyBridge(Path.Combine(Path.GetTempPath(), "m2m-pty-" + Guid.NewGuid().ToString("N")));
            try
            {
                bridge.listener = new ModemTcpListener(new IPEndPoint(IPAddress.Loopback, 0), _ => CreateModem());
                bridge.listener.Start();
                int port = bridge.listener.LocalEndpoint.Port;
                bridge.socat = ExternalTool.Start(
                    socatPath,
                    new[] { "-d", "-d", "-v", "pty,link=" + bridge.Link + ",raw,echo=0", "tcp:127.0.0.1:" + port },
                    bridge.OnSocatLine);
                bridge.socat.Exited += (sender, e) => bridge.bridged.TrySetException(new InvalidOperationException("socat exited"));

                // socat opens the pty, then connects, then logs the start of its transfer loop: both ends are up.
                using var timeout = new CancellationTokenSource(ExternalTool.Timeout);
                try
                {
                    await bridge.bridged.Task.WaitAsync(timeout.Token);
                }
                catch (Exception exception) when (exception is OperationCanceledException || exception is InvalidOperationException)
                {
                    Assert.Fail($"socat did not bridge {bridge.Link} to port {port}: {exception.Message}; log:\n{bridge.SocatLog}");
                }

                Assert.True(File.Exists(bridge.Link), "socat did not create " + bridge.Link);
                bridge.slave = File.OpenHandle(bridge.Link, FileMode.Open, FileAccess.ReadWrite);
                return bridge;
            }
            catch
            {
                await bridge.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (socat != null)
            {
                if (!socat.HasExited)
                {
                    socat.Kill(entireProcessTree: true);
                }

                await socat.WaitForExitAsync();
                socat.Dispose();
            }

            slave?.Dispose();
            File.Delete(Link); // socat removes its link only when it ends by itself
            if (listener != null)
            {
                await listener.DisposeAsync();
            }
        }

        private static EmulatedModem CreateModem()
        {
            var auc = new LocalAuc();
            auc.Add(ModemTestKit.Imsi, ModemTestKit.K, ModemTestKit.Opc);
            var radio = new RadioEnvironment(new[]
            {
                ModemTestKit.Operator(Plmn, OperatorName, OperatorShortName, Rssi, SubscriberRule.Accept("0010100", "0010100", auc, "auc", false)),
            });
            InsertedSimCard card = InsertedSimCard.FromManufactureImage(ModemTestKit.Image(ModemTestKit.Profile()), ModemTestKit.StorageKeys());
            return new EmulatedModem(new ModemOptions(), radio, card);
        }

        private void OnSocatLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data == null)
            {
                return;
            }

            lock (socatLog)
            {
                socatLog.AppendLine(e.Data);
            }

            if (e.Data.Contains("starting data transfer loop", StringComparison.Ordinal))
            {
                bridged.TrySetResult();
            }
        }
    }
}
