using System;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>A composition configuration (file or options) that cannot be used; the message is one line naming the field.</summary>
    public sealed class NetworkConfigurationException : Exception
    {
        /// <summary>Creates the error with its one-line message.</summary>
        public NetworkConfigurationException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the error (for serializers and analyzers).</summary>
        public NetworkConfigurationException()
        {
        }

        /// <summary>Creates the error with an inner exception.</summary>
        public NetworkConfigurationException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
