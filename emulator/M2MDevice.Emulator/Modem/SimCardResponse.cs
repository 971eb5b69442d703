using System;
using System.Security.Cryptography;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>The answer of a SIM card to power-on or an APDU. Data may carry keys (AUTHENTICATE): <see cref="Clear"/> it.</summary>
    public sealed class SimCardResponse
    {
        private SimCardResponse(SimCardStatus status, byte[] data)
        {
            Status = status;
            Data = data;
        }

        /// <summary>Transport outcome.</summary>
        public SimCardStatus Status { get; }

        /// <summary>ATR or R-APDU (data, SW1, SW2); empty unless Ok.</summary>
        public byte[] Data { get; }

        /// <summary>The status word of an R-APDU (SW1 SW2), or -1.</summary>
        public int StatusWord => Status == SimCardStatus.Ok && Data.Length >= 2 ? (Data[Data.Length - 2] << 8) | Data[Data.Length - 1] : -1;

        /// <summary>An answer; takes ownership of data.</summary>
        public static SimCardResponse Answer(byte[] data)
        {
            ArgumentNullException.ThrowIfNull(data);
            return new SimCardResponse(SimCardStatus.Ok, data);
        }

        /// <summary>A failure without data.</summary>
        public static SimCardResponse Failure(SimCardStatus status)
        {
            if (status == SimCardStatus.Ok)
            {
                throw new ArgumentOutOfRangeException(nameof(status));
            }

            return new SimCardResponse(status, Array.Empty<byte>());
        }

        /// <summary>Wipes the data.</summary>
        public void Clear()
        {
            CryptographicOperations.ZeroMemory(Data);
        }
    }
}
