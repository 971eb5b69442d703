using M2MDevice.Crypto;

namespace M2MDevice.Benchmarks
{
    /// <summary>
    /// The AES work inside one MILENAGE vector: 6 block encryptions (TEMP, then OUT1..OUT5, TS 35.206 4.1),
    /// one call each or, with batched set, one EncryptBlocks call: the floor a vector generator can reach
    /// with that cipher and how much batching the independent OUT blocks could gain.
    /// </summary>
    public sealed class AesFloorScenario : AkaScenario
    {
        private const int Blocks = 6;

        private readonly string name;
        private readonly IBatchBlockCipher cipher;
        private readonly bool batched;
        private readonly byte[] buffer = new byte[Blocks * 16];

        /// <summary>Creates the scenario over cipher.</summary>
        public AesFloorScenario(string name, IBatchBlockCipher cipher, bool batched)
        {
            this.name = name;
            this.cipher = cipher;
            this.batched = batched;
        }

        /// <inheritdoc/>
        public override string Name => this.name;

        /// <inheritdoc/>
        public override string Unit => "6 blocks";

        /// <inheritdoc/>
        public override byte Run()
        {
            if (this.batched)
            {
                this.cipher.EncryptBlocks(this.buffer, 0, this.buffer, 0, Blocks);
            }
            else
            {
                for (int i = 0; i < Blocks; i++)
                {
                    this.cipher.EncryptBlock(this.buffer, i * 16, this.buffer, i * 16);
                }
            }

            return this.buffer[0];
        }
    }
}
