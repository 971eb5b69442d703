using System;
using System.Text.Json;
using M2MDevice.Aka;
using M2MDevice.Emulator.Rs;

namespace M2MDevice.Emulator.Tests.Rs
{
    /// <summary>The device side built from a batch entry: a soft USIM (shared UsimAuthenticator) over the returned K and OPc.</summary>
    public sealed class TestDevice
    {
        private TestDevice(string deviceId, string pimsi, byte[] k, byte[] opc, AkaAlgorithmKind algorithm, string impi)
        {
            this.DeviceId = deviceId;
            this.Pimsi = pimsi;
            this.K = k;
            this.Opc = opc;
            this.Algorithm = algorithm;
            this.Impi = impi;
            this.SqnState = new UsimSqnState();
            this.Usim = new UsimAuthenticator(AkaAlgorithmFactory.Create(algorithm, k, 0, k.Length, opc, 0, null), this.SqnState);
        }

        public string DeviceId { get; }

        public string Pimsi { get; }

        public byte[] K { get; }

        public byte[] Opc { get; }

        public AkaAlgorithmKind Algorithm { get; }

        public string Impi { get; }

        public UsimSqnState SqnState { get; }

        public UsimAuthenticator Usim { get; }

        public static TestDevice FromJson(JsonElement device, PimsiRange range)
        {
            string pimsi = device.GetProperty("pimsi").GetString();
            AkaAlgorithmKind algorithm = device.GetProperty("algorithm").GetString() == "tuak" ? AkaAlgorithmKind.Tuak : AkaAlgorithmKind.Milenage;
            return new TestDevice(
                device.GetProperty("deviceId").GetString(),
                pimsi,
                Convert.FromHexString(device.GetProperty("k").GetString()),
                Convert.FromHexString(device.GetProperty("opc").GetString()),
                algorithm,
                range.ImpiOf(pimsi));
        }

        public static TestDevice From(ManufacturedDevice device, PimsiRange range)
        {
            return new TestDevice(device.DeviceId, device.Pimsi, device.K, device.Opc, device.Algorithm, range.ImpiOf(device.Pimsi));
        }

        /// <summary>Runs AUTHENTICATE on the USIM.</summary>
        public (AkaResult Result, UsimAuthenticationOutput Output) Authenticate(byte[] rand, byte[] autn)
        {
            var output = new UsimAuthenticationOutput();
            AkaResult result = this.Usim.Authenticate(rand, 0, autn, 0, autn.Length, output);
            return (result, output);
        }

        /// <summary>Moves every SQN slot of the USIM to SEQ = seq, as if it had accepted vectors from elsewhere on all INDs.</summary>
        public void AdvanceSqn(long seq)
        {
            byte[] slots = new byte[UsimSqnState.ArrayLength];
            for (int ind = 0; ind < UsimSqnState.SlotCount; ind++)
            {
                long value = (seq << UsimSqnState.IndBits) | (long)ind;
                for (int i = 0; i < 6; i++)
                {
                    slots[(ind * 6) + i] = (byte)(value >> (8 * (5 - i)));
                }
            }

            this.SqnState.Load(slots, 0);
        }
    }
}
