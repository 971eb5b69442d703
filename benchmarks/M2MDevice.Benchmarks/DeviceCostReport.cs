using System;
using System.Globalization;
using System.IO;
using System.Threading;
using M2MDevice.Aka;
using M2MDevice.Emulator.Tests.Cost;
using M2MDevice.Firmware.Tests.Cost;

namespace M2MDevice.Benchmarks
{
    /// <summary>
    /// Issue 8 part 3, the device-side cost rows of the quick mode: bytes allocated and AES blocks per AUTHENTICATE
    /// (tests/M2MDevice.Firmware.Tests/Cost), bytes the firmware allocates for one whole provisioning measured on its own
    /// thread against the emulated network, and the managed memory one firmware instance keeps alive at its peak
    /// (tests/M2MDevice.Emulator.Tests/Cost). Counts, not timings: the same on a busy machine.
    /// </summary>
    public static class DeviceCostReport
    {
        /// <summary>Measures and prints the device cost table to output.</summary>
        public static void Run(TextWriter output)
        {
            output.WriteLine();
            output.WriteLine("| Device cost | Value | How |");
            output.WriteLine("|---|---:|---|");
            var probe = new AuthenticateCostProbe(Subscriber.MilenageKey, Subscriber.MilenageOpc, Subscriber.Rand, Subscriber.Amf);
            foreach (AuthenticateCase which in new[] { AuthenticateCase.Success, AuthenticateCase.SyncFailure, AuthenticateCase.MacFailure, AuthenticateCase.GsmContext })
            {
                probe.Measure(which, out long blocks, out long bytes);
                string name = Describe(which);
                Row(output, $"bytes allocated per AUTHENTICATE, {name}", bytes, "UsimAuthenticator over MILENAGE and the portable Aes128, after warm-up");
                Row(output, $"AES blocks per AUTHENTICATE, {name}", blocks, "counting IBlockCipher between MILENAGE and AES (TS 35.206 4.1)");
            }

            using var limit = new CancellationTokenSource(ProvisioningCostRun.Limit + TimeSpan.FromSeconds(30));
            DedicatedFirmwareDevice device = ProvisioningCostRun.RunOnceAsync(true, limit.Token).GetAwaiter().GetResult();
            if (device.Failure != null)
            {
                output.WriteLine($"| bytes allocated per provisioning | n/a | {device.Failure} |");
                return;
            }

            long boot = device.ConstructionBytes + device.StartBytes;
            Row(output, "bytes allocated per provisioning, whole (boot included)", device.FirmwareBytes, "firmware on one thread, emulated modem/VO/RS/HO on others; Hal callbacks excluded");
            Row(output, "bytes allocated per provisioning, boot (DeviceRuntime + Start)", boot, "the working buffers, allocated once");
            Row(output, "bytes allocated per provisioning, flow after boot", device.FirmwareBytes - boot, "SIM bring-up x2, attach x2, 5 HTTPS exchanges, install");
            Row(output, "largest allocation by one firmware call", device.LargestCallBytes, "Start; the transient part of the peak");
            Row(output, "peak live bytes, nanoFramework estimate", device.PeakRetained.NanoEstimateBytes, $"retained graph at {device.PeakRetainedAt}: 12-byte blocks per object and field, packed arrays");
            Row(output, "peak live bytes, .NET 64-bit", device.PeakRetained.DotNetBytes, $"{device.PeakRetained.Objects} objects, {device.PeakRetained.ArrayPayloadBytes} bytes of array payload");
            long gcDelta = ProvisioningCostRun.MeasureBootByGc(device.Unit, out RetainedGraph walked);
            Row(output, "live bytes after boot, GC.GetTotalMemory(true) delta", gcDelta, "a second instance booted in this quiet process (cross-check of the walk)");
            Row(output, "live bytes after boot, retained-graph walk (.NET 64-bit)", walked.DotNetBytes, "the same instance walked from DeviceRuntime, Hal excluded");
        }

        private static string Describe(AuthenticateCase which) => which switch
        {
            AuthenticateCase.Success => "3G success",
            AuthenticateCase.SyncFailure => "sync failure",
            AuthenticateCase.MacFailure => "MAC failure",
            _ => "GSM context",
        };

        private static void Row(TextWriter output, string name, long value, string how) =>
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {value} | {how} |"));
    }
}
