using System;

namespace M2MDevice.Cli
{
    /// <summary>
    /// Bad user input found after parsing (a rule that spans options); its message is the one line printed
    /// on stderr and must never contain a secret value.
    /// </summary>
    public sealed class CliInputException : Exception
    {
        /// <summary>Creates the error with its one-line message.</summary>
        public CliInputException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the error (for serializers and analyzers).</summary>
        public CliInputException()
        {
        }

        /// <summary>Creates the error with an inner exception.</summary>
        public CliInputException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
