using System;
using M2MDevice.Protocol;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>A binary answer of the device interface (ARCHITECTURE 3.3): HTTP status and the encoded protocol message.</summary>
    public sealed record DeviceAnswer(int Status, byte[] Body)
    {
        /// <summary>A refusal: <paramref name="status"/> with an ErrorAnswer carrying <paramref name="cause"/> and, when not 0, a retry-after in seconds.</summary>
        public static DeviceAnswer Refuse(int status, ErrorCause cause, uint retryAfter = 0)
        {
            var error = new ErrorAnswer { Cause = cause, RetryAfter = retryAfter };
            byte[] buffer = new byte[64];
            error.Encode(buffer, 0, buffer.Length, out int length);
            return new DeviceAnswer(status, buffer.AsSpan(0, length).ToArray());
        }
    }
}
