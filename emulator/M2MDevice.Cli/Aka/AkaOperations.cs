using System.IO;
using M2MDevice.Aka;
using M2MDevice.Crypto;

namespace M2MDevice.Cli.Aka
{
    /// <summary>
    /// The calls into shared/Aka behind `m2m aka` and how their results are printed. Nothing here computes
    /// a cryptographic function itself: the AuC path is AuthenticationVectorGenerator, the USIM path is
    /// UsimAuthenticator over a UsimSqnState.
    /// </summary>
    public static class AkaOperations
    {
        /// <summary>
        /// Builds the subscriber's algorithm: OP/TOP given on the command line is first turned into
        /// OPc/TOPc (TS 35.206 4.1 / TS 35.231 6.2) by the algorithm's own derivation.
        /// </summary>
        public static IAkaAlgorithm CreateAlgorithm(AkaCredentials credentials)
        {
            byte[] key = credentials.Key;
            if (credentials.Kind == AkaAlgorithmKind.Milenage)
            {
                byte[] opc = credentials.OperatorValue;
                if (!credentials.IsOpc)
                {
                    opc = new byte[Milenage.OpcLength];
                    Aes128 cipherK = new Aes128(key);
                    Milenage.DeriveOpc(cipherK, credentials.OperatorValue, 0, opc, 0);
                    cipherK.Clear();
                }

                return AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, key, 0, key.Length, opc, 0, null);
            }

            byte[] topc = credentials.OperatorValue;
            if (!credentials.IsOpc)
            {
                topc = new byte[Tuak.TopcLength];
                Tuak.DeriveTopc(credentials.OperatorValue, 0, key, 0, key.Length, credentials.Iterations, topc, 0);
            }

            TuakParameters parameters = new TuakParameters(
                credentials.MacLength,
                credentials.ResLength,
                credentials.CkLength,
                credentials.IkLength,
                credentials.Iterations);
            return AkaAlgorithmFactory.Create(AkaAlgorithmKind.Tuak, key, 0, key.Length, topc, 0, parameters);
        }

        /// <summary>`aka gen`: one authentication vector for RAND, SQN and AMF (TS 33.102 6.3.2).</summary>
        public static CliExitCode Generate(AkaCredentials credentials, byte[] rand, long sqn, byte[] amf, TextWriter output, bool json)
        {
            IAkaAlgorithm algorithm = CreateAlgorithm(credentials);
            AuthenticationVectorGenerator generator = new AuthenticationVectorGenerator(algorithm);
            AuthenticationVector vector = new AuthenticationVector();
            byte[] sqnBytes = new byte[AkaSizes.Sqn];
            WriteUInt48(sqn, sqnBytes, 0);
            generator.Generate(rand, 0, sqnBytes, 0, amf, 0, vector);

            // AK is not part of the vector; f5 of the same RAND is what masked SQN in AUTN.
            byte[] ak = new byte[AkaSizes.Ak];
            algorithm.F5(rand, 0, ak, 0);

            CliOutput result = new CliOutput()
                .Add("RAND", "rand", vector.Rand)
                .Add("AUTN", "autn", Slice(vector.Autn, vector.AutnLength))
                .Add("RES", "res", Slice(vector.Xres, vector.XresLength))
                .Add("CK", "ck", Slice(vector.Ck, vector.CkLength))
                .Add("IK", "ik", Slice(vector.Ik, vector.IkLength))
                .Add("AK", "ak", ak);
            if (vector.HasGsm)
            {
                result.Add("Kc", "kc", vector.Kc).Add("SRES", "sres", vector.Sres);
            }

            result.WriteTo(output, json);
            vector.Clear();
            algorithm.Clear();
            return CliExitCode.Success;
        }

        /// <summary>
        /// `aka verify`: the USIM's AUTHENTICATE in 3G context (TS 33.102 6.3.3). With hasSqnMs the USIM has
        /// already accepted every SQN up to sqnMs (see <see cref="CreateSqnState"/>); otherwise it is a new
        /// USIM that accepts any forward jump (see <see cref="CreateNewSqnState"/>).
        /// </summary>
        public static CliExitCode Verify(AkaCredentials credentials, byte[] rand, byte[] autn, bool hasSqnMs, long sqnMs, TextWriter output, bool json)
        {
            IAkaAlgorithm algorithm = CreateAlgorithm(credentials);
            int autnLength = Autn.LengthFor(algorithm.MacLength);
            if (autn.Length != autnLength)
            {
                throw new CliInputException($"--autn: must be {autnLength} bytes with a {algorithm.MacLength * 8}-bit MAC, got {autn.Length} bytes");
            }

            UsimSqnState sqnState = hasSqnMs ? CreateSqnState(sqnMs) : CreateNewSqnState();
            UsimAuthenticator authenticator = new UsimAuthenticator(algorithm, sqnState);
            UsimAuthenticationOutput authentication = new UsimAuthenticationOutput();
            AkaResult akaResult = authenticator.Authenticate(rand, 0, autn, 0, autn.Length, authentication);
            CliOutput result = new CliOutput();
            CliExitCode exitCode;
            switch (akaResult)
            {
                case AkaResult.Success:
                    // The SQN the USIM accepted is the slot it just updated (TS 33.102 C.2.2).
                    long acceptedSqn = ReadUInt48(sqnState.Slots, authentication.ChangedSqnSlot * UsimSqnState.SlotLength);
                    result.AddJsonOnly("result", "success")
                        .Add("SQN", "sqn", acceptedSqn)
                        .Add("RES", "res", Slice(authentication.Res, authentication.ResLength))
                        .Add("CK", "ck", Slice(authentication.Ck, authentication.CkLength))
                        .Add("IK", "ik", Slice(authentication.Ik, authentication.IkLength));
                    if (authentication.HasKc)
                    {
                        result.Add("Kc", "kc", authentication.Kc);
                    }

                    exitCode = CliExitCode.Success;
                    break;
                case AkaResult.MacFailure:
                    result.AddJsonOnly("result", "macFailure").AddTextLine("MAC failure");
                    exitCode = CliExitCode.MacFailure;
                    break;
                case AkaResult.SyncFailure:
                    result.AddJsonOnly("result", "syncFailure").Add("AUTS", "auts", Slice(authentication.Auts, authentication.AutsLength));
                    exitCode = CliExitCode.SynchronizationFailure;
                    break;
                default:
                    // Lengths were checked above, so anything else is a contract change in shared/Aka.
                    throw new System.InvalidOperationException($"unexpected AKA result {akaResult}");
            }

            result.WriteTo(output, json);
            authentication.Clear();
            algorithm.Clear();
            return exitCode;
        }

        /// <summary>`aka resync`: SQN_MS from AUTS, MAC-S checked (TS 33.102 6.3.5).</summary>
        public static CliExitCode Resync(AkaCredentials credentials, byte[] rand, byte[] auts, TextWriter output, bool json)
        {
            IAkaAlgorithm algorithm = CreateAlgorithm(credentials);
            int autsLength = Auts.LengthFor(algorithm.MacLength);
            if (auts.Length != autsLength)
            {
                throw new CliInputException($"--auts: must be {autsLength} bytes with a {algorithm.MacLength * 8}-bit MAC, got {auts.Length} bytes");
            }

            AuthenticationVectorGenerator generator = new AuthenticationVectorGenerator(algorithm);
            byte[] sqnMs = new byte[AkaSizes.Sqn];
            CliOutput result = new CliOutput();
            CliExitCode exitCode;
            if (generator.TryResolveAuts(rand, 0, auts, 0, auts.Length, sqnMs, 0))
            {
                result.AddJsonOnly("result", "success").Add("SQN_MS", "sqnMs", ReadUInt48(sqnMs, 0));
                exitCode = CliExitCode.Success;
            }
            else
            {
                result.AddJsonOnly("result", "macFailure").AddTextLine("MAC-S failure");
                exitCode = CliExitCode.MacFailure;
            }

            result.WriteTo(output, json);
            algorithm.Clear();
            return exitCode;
        }

        /// <summary>
        /// A USIM whose highest accepted SQN is sqnMs and that treats SQN as one counter: slot IND(sqnMs)
        /// holds sqnMs, lower INDs hold SEQ_MS || i and higher INDs (SEQ_MS - 1) || i, so exactly the SQNs
        /// above sqnMs are fresh (TS 33.102 C.2.2) and a stale one yields AUTS with SQN_MS = sqnMs.
        /// </summary>
        public static UsimSqnState CreateSqnState(long sqnMs)
        {
            long seqMs = sqnMs >> UsimSqnState.IndBits;
            int indMs = (int)(sqnMs & (UsimSqnState.SlotCount - 1));
            byte[] slots = new byte[UsimSqnState.ArrayLength];
            for (int i = 0; i < UsimSqnState.SlotCount; i++)
            {
                long seq = i <= indMs ? seqMs : seqMs - 1;
                long value = seq < 0 ? 0 : (seq << UsimSqnState.IndBits) | (long)i;
                WriteUInt48(value, slots, i * UsimSqnState.SlotLength);
            }

            return new UsimSqnState(slots, 0);
        }

        /// <summary>
        /// A new USIM (every SQN_MS(i) zero, TS 33.102 C.2.2) whose delta (C.2.1) is widened to the whole SEQ
        /// range, so that a MAC-verified AUTN from any test vector is accepted unless its SEQ is 0.
        /// </summary>
        public static UsimSqnState CreateNewSqnState()
        {
            UsimSqnState state = new UsimSqnState();
            state.Delta = AucSqnState.MaxSeq;
            return state;
        }

        /// <summary>48-bit big-endian SQN (TS 33.102 6.3.7) from a number.</summary>
        private static void WriteUInt48(long value, byte[] buffer, int offset)
        {
            for (int i = AkaSizes.Sqn - 1; i >= 0; i--)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }

        /// <summary>A 48-bit big-endian SQN as a number.</summary>
        private static long ReadUInt48(byte[] buffer, int offset)
        {
            long value = 0;
            for (int i = 0; i < AkaSizes.Sqn; i++)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }

        private static byte[] Slice(byte[] buffer, int length)
        {
            byte[] slice = new byte[length];
            System.Array.Copy(buffer, slice, length);
            return slice;
        }
    }
}
