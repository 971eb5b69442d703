using System;
using M2MDevice.Aka;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Aka
{
    public class UsimAuthenticatorAllocationTests
    {
        [Theory]
        [InlineData(AkaAlgorithmKind.Milenage)]
        [InlineData(AkaAlgorithmKind.Tuak)]
        public void Authenticate_AfterWarmUp_AllocatesNothing(AkaAlgorithmKind kind)
        {
            byte[] k = Hex("465b5ce8b199b49faa5f0a2ee238a6bc");
            byte[] operatorConstant = new byte[kind == AkaAlgorithmKind.Milenage ? 16 : 32];
            operatorConstant[0] = 0x5a;
            const int Runs = 200;

            // Setup (allowed to allocate): the vectors, the USIM, its output buffers.
            var generator = new AuthenticationVectorGenerator(AkaAlgorithmFactory.Create(kind, k, 0, 16, operatorConstant, 0, null));
            var auc = new AucSqnState(1000);
            byte[][] rands = new byte[Runs][];
            byte[][] autns = new byte[Runs][];
            byte[] sqn = new byte[6];
            var av = new AuthenticationVector();
            for (int i = 0; i < Runs; i++)
            {
                rands[i] = new byte[16];
                rands[i][0] = (byte)i;
                rands[i][1] = (byte)(i >> 8);
                auc.Next(i & 31, sqn, 0);
                generator.Generate(rands[i], 0, sqn, 0, new byte[2], 0, av);
                autns[i] = av.Autn[..av.AutnLength];
            }

            byte[] slots = new byte[UsimSqnState.ArrayLength];
            slots[5] = 0x01; // SEQ_MS(0) just below the first vector's SEQ
            slots[4] = 0x7d;
            var usim = new UsimAuthenticator(AkaAlgorithmFactory.Create(kind, k, 0, 16, operatorConstant, 0, null), new UsimSqnState(slots, 0));
            var output = new UsimAuthenticationOutput();
            byte[] badAutn = (byte[])autns[0].Clone();
            badAutn[15] ^= 1;

            // Warm-up: every path once (JIT, static constructors).
            usim.Authenticate(rands[0], 0, autns[0], 0, autns[0].Length, output);
            usim.Authenticate(rands[0], 0, autns[0], 0, autns[0].Length, output);
            usim.Authenticate(rands[0], 0, badAutn, 0, badAutn.Length, output);
            usim.AuthenticateGsm(rands[0], 0, output);

            long before = GC.GetAllocatedBytesForCurrentThread();
            int successes = 0;
            for (int i = 1; i < Runs; i++)
            {
                if (usim.Authenticate(rands[i], 0, autns[i], 0, autns[i].Length, output) == AkaResult.Success)
                {
                    successes++;
                }

                usim.Authenticate(rands[i], 0, autns[i], 0, autns[i].Length, output); // replay: sync failure
                usim.Authenticate(rands[i], 0, badAutn, 0, badAutn.Length, output); // MAC failure
                usim.AuthenticateGsm(rands[i], 0, output);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(Runs - 1, successes);
            Assert.Equal(0, allocated);
        }
    }
}
