using M2MDevice.Aka;

namespace M2MDevice.Benchmarks
{
    /// <summary>
    /// Device side: one full AUTHENTICATE (TS 33.102 6.3.3) on UsimAuthenticator over the portable
    /// AES: f5, f1 and the constant-time MAC check, the SQN freshness check and update, f2-f4 and c3.
    /// With apdu set it also parses the command APDU and builds the response (TS 31.102 7.1.2).
    /// Pre-computed challenges carry increasing SQNs; the SQN array is reset when they run out.
    /// </summary>
    public sealed class UsimAuthenticateScenario : AkaScenario
    {
        private const int ChallengeCount = 4096;

        private readonly bool apdu;
        private readonly UsimSqnState sqnState = new UsimSqnState();
        private readonly UsimAuthenticator authenticator;
        private readonly UsimAuthenticationOutput output = new UsimAuthenticationOutput();
        private readonly AuthenticateCommand command = new AuthenticateCommand();
        private readonly byte[] zeroSlots = new byte[UsimSqnState.ArrayLength];
        private readonly byte[][] rands = new byte[ChallengeCount][];
        private readonly byte[][] autns = new byte[ChallengeCount][];
        private readonly byte[][] apdus = new byte[ChallengeCount][];
        private readonly int[] apduLengths = new int[ChallengeCount];
        private readonly byte[] response = new byte[256];
        private int next;

        /// <summary>Creates the USIM and the challenges an AuC with the same subscriber would send.</summary>
        public UsimAuthenticateScenario(bool apdu)
        {
            this.apdu = apdu;
            byte[] key = Subscriber.MilenageKey;
            byte[] opc = Subscriber.MilenageOpc;
            IAkaAlgorithm network = AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, key, 0, key.Length, opc, 0, null);
            AuthenticationVectorGenerator generator = new AuthenticationVectorGenerator(network);
            AucSqnState auc = new AucSqnState();
            AuthenticationVector vector = new AuthenticationVector();
            byte[] sqn = new byte[AkaSizes.Sqn];
            for (int i = 0; i < ChallengeCount; i++)
            {
                this.rands[i] = Subscriber.Rand;
                Subscriber.StampRand(this.rands[i], (uint)i);
                auc.Next(i % UsimSqnState.SlotCount, sqn, 0);
                generator.Generate(this.rands[i], 0, sqn, 0, Subscriber.Amf, 0, vector);
                this.autns[i] = new byte[vector.AutnLength];
                System.Array.Copy(vector.Autn, this.autns[i], vector.AutnLength);
                this.apdus[i] = new byte[64];
                this.apduLengths[i] = AuthenticateApdu.BuildUmtsCommand(0x00, this.rands[i], 0, this.autns[i], 0, this.autns[i].Length, this.apdus[i], 0);
            }

            IAkaAlgorithm usim = AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, key, 0, key.Length, opc, 0, null);
            this.authenticator = new UsimAuthenticator(usim, this.sqnState);
        }

        /// <inheritdoc/>
        public override string Name => this.apdu ? "USIM AUTHENTICATE APDU, MILENAGE, portable AES" : "USIM AUTHENTICATE, MILENAGE, portable AES";

        /// <inheritdoc/>
        public override string Unit => "AUTHENTICATE";

        /// <inheritdoc/>
        public override byte Run()
        {
            int i = this.next;
            this.next = i + 1 == ChallengeCount ? 0 : i + 1;
            if (i == 0)
            {
                this.sqnState.Load(this.zeroSlots, 0);
            }

            AkaResult result;
            if (this.apdu)
            {
                AuthenticateParseResult parsed = AuthenticateApdu.ParseCommand(this.apdus[i], 0, this.apduLengths[i], this.command);
                if (parsed != AuthenticateParseResult.Ok)
                {
                    throw new System.InvalidOperationException(parsed.ToString());
                }

                result = this.authenticator.Authenticate(this.command.Rand, 0, this.command.Autn, 0, this.command.AutnLength, this.output);
                AuthenticateApdu.BuildResponse(this.command.Context, result, this.output, this.response, 0);
            }
            else
            {
                result = this.authenticator.Authenticate(this.rands[i], 0, this.autns[i], 0, this.autns[i].Length, this.output);
            }

            if (result != AkaResult.Success)
            {
                throw new System.InvalidOperationException(result.ToString());
            }

            return this.output.Res[0];
        }
    }
}
