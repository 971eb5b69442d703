using System.CommandLine;
using System.CommandLine.Parsing;
using M2MDevice.Aka;

namespace M2MDevice.Cli.Aka
{
    /// <summary>
    /// The subscriber credential options every `m2m aka` command takes: --k, one of --opc/--op, --alg and
    /// the TUAK output lengths. Checks the rules that span options while parsing, so every violation is a
    /// parse error (one line, exit 1).
    /// </summary>
    public sealed class AkaCredentialOptions
    {
        /// <summary>TS 35.231 6.1: TUAK MAC-A/MAC-S lengths in bits.</summary>
        private static readonly int[] TuakMacLengths = { 64, 128, 256 };

        /// <summary>TS 35.231 6.1: TUAK RES lengths in bits.</summary>
        private static readonly int[] TuakResLengths = { 32, 64, 128, 256 };

        /// <summary>TS 35.231 6.1: TUAK CK and IK lengths in bits.</summary>
        private static readonly int[] TuakKeyLengths = { 128, 256 };

        /// <summary>Creates the options (new instances per command: a System.CommandLine option has one parent).</summary>
        public AkaCredentialOptions()
        {
            Key = CliOptions.Hex("--k", "Subscriber key K: 16 bytes (TUAK: 16 or 32)", 16, 32);
            Opc = CliOptions.Hex("--opc", "OPc (MILENAGE, 16 bytes) or TOPc (TUAK, 32 bytes); give this or --op", 16, 32);
            Op = CliOptions.Hex("--op", "Operator variant OP (MILENAGE, 16 bytes) or TOP (TUAK, 32 bytes); OPc/TOPc is derived from it", 16, 32);
            Algorithm = new Option<AkaAlgorithmKind>("--alg")
            {
                Description = "Algorithm set: milenage (TS 35.206) or tuak (TS 35.231)",
                HelpName = "milenage|tuak",
                DefaultValueFactory = _ => AkaAlgorithmKind.Milenage,
                CustomParser = ParseAlgorithm,
            };
            MacLength = CliOptions.OneOf("--mac-len", "TUAK only: MAC-A/MAC-S length in bits", 64, TuakMacLengths);
            ResLength = CliOptions.OneOf("--res-len", "TUAK only: RES length in bits", 64, TuakResLengths);
            CkLength = CliOptions.OneOf("--ck-len", "TUAK only: CK length in bits", 128, TuakKeyLengths);
            IkLength = CliOptions.OneOf("--ik-len", "TUAK only: IK length in bits", 128, TuakKeyLengths);
            Iterations = CliOptions.Range("--iterations", "TUAK only: Keccak iterations", 1, 1, 255);
            Json = new Option<bool>("--json") { Description = "Print one JSON object (lowercase hex strings) instead of lines" };
            Key.Required = true;
        }

        /// <summary>--k: the subscriber key.</summary>
        public Option<byte[]> Key { get; }

        /// <summary>--opc: OPc or TOPc.</summary>
        public Option<byte[]> Opc { get; }

        /// <summary>--op: OP or TOP.</summary>
        public Option<byte[]> Op { get; }

        /// <summary>--alg.</summary>
        public Option<AkaAlgorithmKind> Algorithm { get; }

        /// <summary>--mac-len (TUAK).</summary>
        public Option<int> MacLength { get; }

        /// <summary>--res-len (TUAK).</summary>
        public Option<int> ResLength { get; }

        /// <summary>--ck-len (TUAK).</summary>
        public Option<int> CkLength { get; }

        /// <summary>--ik-len (TUAK).</summary>
        public Option<int> IkLength { get; }

        /// <summary>--iterations (TUAK).</summary>
        public Option<int> Iterations { get; }

        /// <summary>--json.</summary>
        public Option<bool> Json { get; }

        /// <summary>Adds the options and their cross-option checks to command.</summary>
        public void AddTo(Command command)
        {
            command.Add(Key);
            command.Add(Opc);
            command.Add(Op);
            command.Add(Algorithm);
            command.Add(MacLength);
            command.Add(ResLength);
            command.Add(CkLength);
            command.Add(IkLength);
            command.Add(Iterations);
            command.Add(Json);
            command.Validators.Add(Validate);
        }

        /// <summary>Reads the validated credentials.</summary>
        public AkaCredentials Read(ParseResult parseResult)
        {
            AkaAlgorithmKind kind = parseResult.GetValue(Algorithm);
            // An option that was not written may still yield a value (System.CommandLine runs the custom
            // parser without tokens), so the choice between OPc and OP goes by what was written.
            bool hasOpc = CliOptions.IsGiven(parseResult, Opc);
            return new AkaCredentials(
                kind,
                parseResult.GetValue(Key),
                hasOpc ? parseResult.GetValue(Opc) : parseResult.GetValue(Op),
                hasOpc,
                parseResult.GetValue(MacLength) / 8,
                parseResult.GetValue(ResLength) / 8,
                parseResult.GetValue(CkLength) / 8,
                parseResult.GetValue(IkLength) / 8,
                parseResult.GetValue(Iterations));
        }

        private static AkaAlgorithmKind ParseAlgorithm(ArgumentResult result)
        {
            string text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[result.Tokens.Count - 1].Value;
            if (!TryParseAlgorithm(text, out AkaAlgorithmKind kind))
            {
                result.AddError($"--alg: unknown algorithm '{text}' (use milenage or tuak)");
            }

            return kind;
        }

        private static bool TryParseAlgorithm(string text, out AkaAlgorithmKind kind)
        {
            switch (text.ToLowerInvariant())
            {
                case "milenage":
                    kind = AkaAlgorithmKind.Milenage;
                    return true;
                case "tuak":
                    kind = AkaAlgorithmKind.Tuak;
                    return true;
                default:
                    kind = AkaAlgorithmKind.Milenage;
                    return false;
            }
        }

        private static OptionResult GivenResult(CommandResult result, Option option)
        {
            OptionResult optionResult = result.GetResult(option);
            return optionResult != null && !optionResult.Implicit ? optionResult : null;
        }

        private static string LastToken(OptionResult optionResult) =>
            optionResult == null || optionResult.Tokens.Count == 0 ? null : optionResult.Tokens[optionResult.Tokens.Count - 1].Value;

        /// <summary>
        /// Rules that span options. Values are read from the tokens, not through GetValue: option values
        /// are converted after command validators run, and a malformed value reports its own error.
        /// </summary>
        private void Validate(CommandResult result)
        {
            // `--k --opc X`: --k took "--opc" as its value, which would make this look like a missing --opc.
            foreach (Option option in new Option[] { Key, Opc, Op, Algorithm })
            {
                string token = LastToken(GivenResult(result, option));
                if (token != null && token.StartsWith("--", System.StringComparison.Ordinal))
                {
                    result.AddError($"{option.Name}: {CliOptions.MissingValueMessage} (found option '{token}')");
                    return;
                }
            }

            OptionResult opcResult = GivenResult(result, Opc);
            OptionResult opResult = GivenResult(result, Op);
            if ((opcResult == null) == (opResult == null))
            {
                result.AddError(opcResult != null ? "give either --opc or --op, not both" : "one of --opc or --op is required");
                return;
            }

            string algorithmText = LastToken(GivenResult(result, Algorithm));
            if (algorithmText != null && !TryParseAlgorithm(algorithmText, out _))
            {
                return;
            }

            AkaAlgorithmKind kind = AkaAlgorithmKind.Milenage;
            if (algorithmText != null)
            {
                TryParseAlgorithm(algorithmText, out kind);
            }

            bool hasOpc = opcResult != null;
            string operatorName = hasOpc ? "--opc" : "--op";
            CliOptions.TryParseHex(LastToken(GivenResult(result, Key)), out byte[] key, out _);
            CliOptions.TryParseHex(LastToken(hasOpc ? opcResult : opResult), out byte[] operatorValue, out _);
            if (kind == AkaAlgorithmKind.Milenage)
            {
                // TS 35.206 2: K, OP and OPc are 128 bits.
                if (key != null && key.Length == 32)
                {
                    result.AddError("--k: MILENAGE K must be 16 bytes (32 hex digits)");
                }
                else if (operatorValue != null && operatorValue.Length == 32)
                {
                    result.AddError($"{operatorName}: MILENAGE {(hasOpc ? "OPc" : "OP")} must be 16 bytes (32 hex digits)");
                }
                else
                {
                    Option[] tuakOnly = { MacLength, ResLength, CkLength, IkLength, Iterations };
                    foreach (Option option in tuakOnly)
                    {
                        if (GivenResult(result, option) != null)
                        {
                            result.AddError($"{option.Name}: applies only to --alg tuak");
                            break;
                        }
                    }
                }
            }
            else if (operatorValue != null && operatorValue.Length == 16)
            {
                // TS 35.231 6.2: TOP and TOPc are 256 bits (K may be 128 or 256).
                result.AddError($"{operatorName}: TUAK {(hasOpc ? "TOPc" : "TOP")} must be 32 bytes (64 hex digits)");
            }
        }
    }
}
