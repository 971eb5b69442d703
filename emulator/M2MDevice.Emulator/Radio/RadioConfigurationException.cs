using System;

namespace M2MDevice.Emulator.Radio
{
    /// <summary>The radio environment configuration is malformed; the message names the field (never a secret).</summary>
    public sealed class RadioConfigurationException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public RadioConfigurationException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the exception with its cause.</summary>
        public RadioConfigurationException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
