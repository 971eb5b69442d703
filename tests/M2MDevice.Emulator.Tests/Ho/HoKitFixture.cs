using System.Threading.Tasks;
using M2MDevice.Emulator.Tests.Rs;

namespace M2MDevice.Emulator.Tests.Ho
{
    /// <summary>One RS + HO shared by tests that change nothing stored (bad input, refused credentials), with one device connected.</summary>
    public sealed class HoKitFixture : IAsyncLifetime
    {
        public HoTestKit Kit { get; private set; }

        public HoDeviceClient Device { get; private set; }

        public async Task InitializeAsync()
        {
            this.Kit = await HoTestKit.StartAsync();
            (this.Device, _) = await HoProvisioningTests.ConnectedDeviceAsync(this.Kit);
            await this.Device.DownloadAsync();
        }

        public async Task DisposeAsync()
        {
            await this.Kit.DisposeAsync();
        }
    }
}
