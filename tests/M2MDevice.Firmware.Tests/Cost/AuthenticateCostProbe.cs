using System;
using M2MDevice.Aka;
using M2MDevice.Crypto;

namespace M2MDevice.Firmware.Tests.Cost
{
    /// <summary>
    /// Issue 8 part 3: the device-side cost of one AUTHENTICATE (TS 31.102 7.1.2) on the USIM's own code path
    /// (<see cref="UsimAuthenticator"/> over <see cref="Milenage"/> over the portable <see cref="Aes128"/>, as SoftUsim builds
    /// it), with a <see cref="CountingBlockCipher"/> between MILENAGE and AES. Each case runs once to warm up, then
    /// <see cref="Measure"/> runs it and reports AES blocks and bytes allocated on the calling thread for that run.
    /// Setup (the challenges, built by an AuC on its own MILENAGE instance) allocates; the measured runs must not.
    /// </summary>
    public sealed class AuthenticateCostProbe
    {
        /// <summary>Challenges prepared per case (each success needs a fresh SQN).</summary>
        public const int Capacity = 64;

        private const int Ind = 5;

        private readonly CountingBlockCipher cipher;
        private readonly UsimAuthenticator usim;
        private readonly UsimAuthenticationOutput output = new UsimAuthenticationOutput();
        private readonly byte[] rand;
        private readonly byte[][] freshAutns = new byte[Capacity][];
        private readonly byte[] staleAutn;
        private readonly byte[] badMacAutn;
        private int nextFresh;

        /// <summary>Builds the USIM for K/OPc (16 bytes each) and the challenges an AuC would send with rand.</summary>
        public AuthenticateCostProbe(byte[] k, byte[] opc, byte[] rand, byte[] amf)
        {
            this.rand = (byte[])rand.Clone();
            var network = new AuthenticationVectorGenerator(AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, k, 0, 16, opc, 0, null));
            var auc = new AucSqnState();
            var vector = new AuthenticationVector();
            byte[] sqn = new byte[AkaSizes.Sqn];

            // The first vector of IND 5 is the stale one: the fresh ones that follow overtake it.
            auc.Next(Ind, sqn, 0);
            network.Generate(this.rand, 0, sqn, 0, amf, 0, vector);
            this.staleAutn = vector.Autn[..vector.AutnLength];
            for (int i = 0; i < Capacity; i++)
            {
                auc.Next(Ind, sqn, 0);
                network.Generate(this.rand, 0, sqn, 0, amf, 0, vector);
                this.freshAutns[i] = vector.Autn[..vector.AutnLength];
            }

            this.badMacAutn = (byte[])this.freshAutns[Capacity - 1].Clone();
            this.badMacAutn[this.badMacAutn.Length - 1] ^= 0x01;

            this.cipher = new CountingBlockCipher(new Aes128(k));
            this.usim = new UsimAuthenticator(AkaAlgorithmFactory.CreateMilenage(this.cipher, opc, 0), new UsimSqnState());

            // Warm up every path once (the first fresh vector makes the stale one stale).
            Run(AuthenticateCase.Success);
            Run(AuthenticateCase.SyncFailure);
            Run(AuthenticateCase.MacFailure);
            Run(AuthenticateCase.GsmContext);
        }

        /// <summary>The output of the last run (RES/CK/IK, AUTS or SRES/Kc).</summary>
        public UsimAuthenticationOutput Output => this.output;

        /// <summary>Fresh challenges left for <see cref="AuthenticateCase.Success"/>.</summary>
        public int FreshLeft => Capacity - this.nextFresh;

        /// <summary>Runs one case and returns its result; adds its AES blocks to the counter.</summary>
        public AkaResult Run(AuthenticateCase which)
        {
            switch (which)
            {
                case AuthenticateCase.Success:
                    if (this.nextFresh == Capacity)
                    {
                        throw new InvalidOperationException("no fresh challenge left");
                    }

                    byte[] autn = this.freshAutns[this.nextFresh++];
                    return this.usim.Authenticate(this.rand, 0, autn, 0, autn.Length, this.output);
                case AuthenticateCase.SyncFailure:
                    return this.usim.Authenticate(this.rand, 0, this.staleAutn, 0, this.staleAutn.Length, this.output);
                case AuthenticateCase.MacFailure:
                    return this.usim.Authenticate(this.rand, 0, this.badMacAutn, 0, this.badMacAutn.Length, this.output);
                default:
                    return this.usim.AuthenticateGsm(this.rand, 0, this.output);
            }
        }

        /// <summary>Runs one case and reports its AES blocks and the bytes it allocated on this thread.</summary>
        public AkaResult Measure(AuthenticateCase which, out long aesBlocks, out long allocatedBytes)
        {
            this.cipher.Reset();
            long before = GC.GetAllocatedBytesForCurrentThread();
            AkaResult result = Run(which);
            allocatedBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            aesBlocks = this.cipher.Blocks;
            return result;
        }
    }
}
