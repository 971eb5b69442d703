using System;
using System.CommandLine;
using System.IO;
using System.Security.Cryptography;

namespace M2MDevice.Cli.Aka
{
    /// <summary>
    /// `m2m aka`: UMTS AKA (TS 33.102 6.3) from the command line. `gen` is the network side (AuC: one
    /// authentication vector), `verify` the USIM side (AUTHENTICATE: MAC and SQN checks), `resync` the AuC
    /// side of a synchronization failure (SQN_MS from AUTS). The algorithms are shared/Aka's; this class
    /// only parses, calls and prints.
    /// </summary>
    public static class AkaCommand
    {
        /// <summary>Builds the `aka` command group.</summary>
        public static Command Create()
        {
            Command aka = new Command("aka", "UMTS AKA (TS 33.102 6.3) with MILENAGE or TUAK: generate, verify, resynchronize");
            aka.Add(CreateGenerate());
            aka.Add(CreateVerify());
            aka.Add(CreateResync());
            CliHelp.SetExamples(
                aka,
                "m2m aka gen --k 465b5ce8b199b49faa5f0a2ee238a6bc --opc cd63cb71954a9f4e48a5994e37a02baf --rand 23553cbe9637a89d218ae64dae47bf35 --sqn 0xff9bb4d0b607 --amf b9b9",
                "m2m aka verify --k 465b5ce8b199b49faa5f0a2ee238a6bc --opc cd63cb71954a9f4e48a5994e37a02baf --rand 23553cbe9637a89d218ae64dae47bf35 --autn 55f328b43577b9b94a9ffac354dfafb3",
                "m2m aka resync --k 465b5ce8b199b49faa5f0a2ee238a6bc --opc cd63cb71954a9f4e48a5994e37a02baf --rand 23553cbe9637a89d218ae64dae47bf35 --auts ba853f3c121b1d42e794305f81bd");
            return aka;
        }

        private static Command CreateGenerate()
        {
            Command command = new Command("gen", "Network side (AuC, TS 33.102 6.3.2): compute one authentication vector; prints RAND, AUTN, RES, CK, IK, AK, Kc, SRES");
            AkaCredentialOptions credentials = new AkaCredentialOptions();
            Option<byte[]> rand = CliOptions.Hex("--rand", "RAND, 16 bytes (default: a fresh random RAND)", 16);
            Option<long> sqn = CliOptions.Sqn("--sqn", "SQN to put in AUTN: 48 bits, decimal or 0x-hex");
            Option<byte[]> amf = CliOptions.Hex("--amf", "AMF, 2 bytes", 2);
            sqn.Required = true;
            amf.Required = true;
            credentials.AddTo(command);
            command.Add(rand);
            command.Add(sqn);
            command.Add(amf);
            CliApplication.SetAction(command, (parseResult, output) =>
            {
                byte[] randValue = CliOptions.IsGiven(parseResult, rand) ? parseResult.GetValue(rand) : RandomNumberGenerator.GetBytes(16);
                return AkaOperations.Generate(
                    credentials.Read(parseResult),
                    randValue,
                    parseResult.GetValue(sqn),
                    parseResult.GetValue(amf),
                    output,
                    parseResult.GetValue(credentials.Json));
            });
            CliHelp.SetExamples(
                command,
                "m2m aka gen --k 465b5ce8b199b49faa5f0a2ee238a6bc --opc cd63cb71954a9f4e48a5994e37a02baf --rand 23553cbe9637a89d218ae64dae47bf35 --sqn 0xff9bb4d0b607 --amf b9b9",
                "m2m aka gen --k 00112233445566778899aabbccddeeff --op 00112233445566778899aabbccddeeff --sqn 1 --amf 8000 --json",
                "m2m aka gen --alg tuak --k abababababababababababababababab --op 5555555555555555555555555555555555555555555555555555555555555555 --rand 42424242424242424242424242424242 --sqn 0x111111111111 --amf ffff --res-len 32");
            return command;
        }

        private static Command CreateVerify()
        {
            Command command = new Command("verify", "USIM side (TS 33.102 6.3.3): check AUTN; prints SQN, RES, CK, IK (exit 0), `MAC failure` (exit 2) or `AUTS: hex` (exit 3)");
            AkaCredentialOptions credentials = new AkaCredentialOptions();
            Option<byte[]> rand = CliOptions.Hex("--rand", "RAND, 16 bytes", 16);
            Option<byte[]> autn = CliOptions.Hex("--autn", "AUTN, 16 bytes (TUAK with a longer MAC: 8 + MAC bytes)", 16, 24, 40);
            Option<long> sqnMs = CliOptions.Sqn("--sqn-ms", "The USIM's highest accepted SQN, 48 bits, decimal or 0x-hex; SQNs up to it are stale (default: a new USIM that accepts any forward jump)");
            rand.Required = true;
            autn.Required = true;
            credentials.AddTo(command);
            command.Add(rand);
            command.Add(autn);
            command.Add(sqnMs);
            CliApplication.SetAction(command, (parseResult, output) =>
            {
                bool hasSqnMs = CliOptions.IsGiven(parseResult, sqnMs);
                return AkaOperations.Verify(
                    credentials.Read(parseResult),
                    parseResult.GetValue(rand),
                    parseResult.GetValue(autn),
                    hasSqnMs,
                    parseResult.GetValue(sqnMs),
                    output,
                    parseResult.GetValue(credentials.Json));
            });
            CliHelp.SetExamples(
                command,
                "m2m aka verify --k 465b5ce8b199b49faa5f0a2ee238a6bc --opc cd63cb71954a9f4e48a5994e37a02baf --rand 23553cbe9637a89d218ae64dae47bf35 --autn 55f328b43577b9b94a9ffac354dfafb3",
                "m2m aka verify --k 465b5ce8b199b49faa5f0a2ee238a6bc --opc cd63cb71954a9f4e48a5994e37a02baf --rand 23553cbe9637a89d218ae64dae47bf35 --autn 55f328b43577b9b94a9ffac354dfafb3 --sqn-ms 0xff9bb4d0b620");
            return command;
        }

        private static Command CreateResync()
        {
            Command command = new Command("resync", "AuC side of a synchronization failure (TS 33.102 6.3.5): check AUTS; prints SQN_MS (exit 0) or `MAC-S failure` (exit 2)");
            AkaCredentialOptions credentials = new AkaCredentialOptions();
            Option<byte[]> rand = CliOptions.Hex("--rand", "RAND of the failed challenge, 16 bytes", 16);
            Option<byte[]> auts = CliOptions.Hex("--auts", "AUTS from the USIM, 14 bytes (TUAK with a longer MAC: 6 + MAC bytes)", 14, 22, 38);
            rand.Required = true;
            auts.Required = true;
            credentials.AddTo(command);
            command.Add(rand);
            command.Add(auts);
            CliApplication.SetAction(command, (parseResult, output) => AkaOperations.Resync(
                credentials.Read(parseResult),
                parseResult.GetValue(rand),
                parseResult.GetValue(auts),
                output,
                parseResult.GetValue(credentials.Json)));
            CliHelp.SetExamples(
                command,
                "m2m aka resync --k 465b5ce8b199b49faa5f0a2ee238a6bc --opc cd63cb71954a9f4e48a5994e37a02baf --rand 23553cbe9637a89d218ae64dae47bf35 --auts ba853f3c121b1d42e794305f81bd");
            return command;
        }
    }
}
