using System;
using M2MDevice.Firmware.Modem;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>The AT channel as an <see cref="IDeviceCore"/>, until the provisioning core owns it.</summary>
    public sealed class AtChannelCore : IDeviceCore
    {
        private readonly AtChannel channel;

        /// <summary>Drives channel.</summary>
        public AtChannelCore(AtChannel channel)
        {
            if (channel == null)
            {
                throw new ArgumentNullException(nameof(channel));
            }

            this.channel = channel;
        }

        /// <inheritdoc />
        public void Receive(byte[] data, int offset, int count)
        {
            channel.Receive(data, offset, count);
        }

        /// <inheritdoc />
        public void Tick(int elapsedMilliseconds)
        {
            channel.Tick(elapsedMilliseconds);
        }
    }
}
