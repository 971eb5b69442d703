using System.Threading.Tasks;

namespace M2MDevice.Emulator.Tests.Rs
{
    /// <summary>One RS shared by tests that change nothing stored (bad input, refused credentials).</summary>
    public sealed class RsKitFixture : IAsyncLifetime
    {
        public RsTestKit Kit { get; private set; }

        public async Task InitializeAsync()
        {
            this.Kit = await RsTestKit.StartAsync();
            await this.Kit.RegisterBatchAsync(1);
        }

        public async Task DisposeAsync()
        {
            await this.Kit.DisposeAsync();
        }
    }
}
