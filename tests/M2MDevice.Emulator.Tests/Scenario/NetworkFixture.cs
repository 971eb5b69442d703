using System;
using System.IO;
using System.Threading.Tasks;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Storage;

namespace M2MDevice.Emulator.Tests.Scenario
{
    /// <summary>
    /// The default network (RS, HOs Alpha and Beta, Visited-1 and Visited-2) running in memory on loopback for a test
    /// class, plus a scratch directory holding the CA certificate file the CLI's --ca takes.
    /// </summary>
    public sealed class NetworkFixture : IAsyncLifetime
    {
        public NetworkComposition Network { get; private set; }

        public string Directory { get; } = Path.Combine(Path.GetTempPath(), "m2m-demo-tests-" + Guid.NewGuid().ToString("N"));

        public string CaFile => Path.Combine(this.Directory, "ca.crt.pem");

        public async Task InitializeAsync()
        {
            System.IO.Directory.CreateDirectory(this.Directory);
            this.Network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(2));
            this.Network.WriteCaCertificate(this.CaFile);
        }

        public async Task DisposeAsync()
        {
            await this.Network.DisposeAsync();
            System.IO.Directory.Delete(this.Directory, true);
        }

        /// <summary>A fresh empty directory under the scratch directory.</summary>
        public string NewDirectory()
        {
            string path = Path.Combine(this.Directory, Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(path);
            return path;
        }

        /// <summary>K and OPc RS stored for a device (RS keeps them in its emulator database).</summary>
        public (byte[] K, byte[] Opc) RsCredentials(string deviceId)
        {
            byte[] k = (byte[])this.Network.Rs.Database.Read(c => SqliteDatabase.Scalar(c, null, "SELECT k FROM device WHERE device_id = $id", ("$id", deviceId)));
            byte[] opc = (byte[])this.Network.Rs.Database.Read(c => SqliteDatabase.Scalar(c, null, "SELECT opc FROM device WHERE device_id = $id", ("$id", deviceId)));
            return (k, opc);
        }
    }
}
