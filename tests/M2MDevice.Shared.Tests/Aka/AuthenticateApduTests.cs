using System;
using System.Text.Json;
using M2MDevice.Aka;
using static M2MDevice.Tests.Aka.AkaVectorTests;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Aka
{
    public class AuthenticateApduTests
    {
        private const string E1 = "E1 (35.208 set 1)";

        private static byte[] E1Command => Hex(Field(Vector(E1), "authenticate_command"));

        [Fact]
        public void ParseCommand_E1_ReadsRandAutnAndLe()
        {
            JsonElement vector = Vector(E1);
            var command = new AuthenticateCommand();
            Assert.Equal(AuthenticateParseResult.Ok, AuthenticateApdu.ParseCommand(E1Command, 0, E1Command.Length, command));
            Assert.Equal(AuthenticateContext.Umts, command.Context);
            Assert.Equal(0, command.LogicalChannel);
            Assert.Equal(Field(vector, "RAND"), ToHex(command.Rand));
            Assert.Equal(Field(vector, "AUTN"), ToHex(command.Autn[..command.AutnLength]));
            Assert.True(command.HasLe);
            Assert.Equal(256, command.Le);
        }

        [Fact]
        public void BuildUmtsCommand_E1_MatchesVector()
        {
            JsonElement vector = Vector(E1);
            byte[] output = new byte[64];
            int length = AuthenticateApdu.BuildUmtsCommand(0x00, Hex(Field(vector, "RAND")), 0, Hex(Field(vector, "AUTN")), 0, 16, output, 3);
            Assert.Equal(Field(vector, "authenticate_command"), ToHex(output[3..(3 + length)]));
        }

        [Fact]
        public void UsimRun_E1Command_ProducesVectorResponse()
        {
            JsonElement vector = Vector(E1);
            var command = new AuthenticateCommand();
            Assert.Equal(AuthenticateParseResult.Ok, AuthenticateApdu.ParseCommand(E1Command, 0, E1Command.Length, command));
            var usim = new UsimAuthenticator(AlgorithmOf(vector), StateAccepting(Hex(Field(vector, "SQN"))));
            var output = new UsimAuthenticationOutput();
            AkaResult result = usim.Authenticate(command.Rand, 0, command.Autn, 0, command.AutnLength, output);
            byte[] response = new byte[128];
            int length = AuthenticateApdu.BuildResponse(command.Context, result, output, response, 0);
            Assert.Equal(Field(vector, "authenticate_response"), ToHex(response[..length]));

            var parsed = new AuthenticateResponse();
            Assert.Equal(AuthenticateParseResult.Ok, AuthenticateApdu.ParseResponse(AuthenticateContext.Umts, response, 0, length, parsed));
            Assert.True(parsed.IsSuccess);
            Assert.Equal(Field(vector, "RES"), ToHex(parsed.Res[..parsed.ResLength]));
            Assert.Equal(Field(vector, "CK"), ToHex(parsed.Ck[..parsed.CkLength]));
            Assert.Equal(Field(vector, "IK"), ToHex(parsed.Ik[..parsed.IkLength]));
            Assert.True(parsed.HasKc);
            Assert.Equal(Field(vector, "Kc"), ToHex(parsed.Kc));
        }

        [Fact]
        public void UsimRun_E1CommandWithUsimAhead_ProducesVectorSyncFailureResponse()
        {
            JsonElement vector = Vector(E1);
            byte[] sqn = Hex(Field(vector, "SQN"));
            byte[] sqnMs = Hex(Field(vector, "sync_failure_if_sqn_ms"));
            byte[] slots = new byte[UsimSqnState.ArrayLength];
            sqn.CopyTo(slots, UsimSqnState.IndOf(sqn, 0) * 6); // the vector was already used
            sqnMs.CopyTo(slots, UsimSqnState.IndOf(sqnMs, 0) * 6); // and a later one is the highest
            var state = new UsimSqnState(slots, 0);
            var usim = new UsimAuthenticator(AlgorithmOf(vector), state);
            var command = new AuthenticateCommand();
            AuthenticateApdu.ParseCommand(E1Command, 0, E1Command.Length, command);
            var output = new UsimAuthenticationOutput();

            AkaResult result = usim.Authenticate(command.Rand, 0, command.Autn, 0, command.AutnLength, output);
            Assert.Equal(AkaResult.SyncFailure, result);
            byte[] response = new byte[64];
            int length = AuthenticateApdu.BuildResponse(command.Context, result, output, response, 0);
            Assert.Equal(Field(vector, "sync_failure_response"), ToHex(response[..length]));
            Assert.Equal(slots, state.Slots);

            var parsed = new AuthenticateResponse();
            Assert.Equal(AuthenticateParseResult.Ok, AuthenticateApdu.ParseResponse(AuthenticateContext.Umts, response, 0, length, parsed));
            Assert.True(parsed.IsSyncFailure);
            byte[] resolved = new byte[6];
            Assert.True(new AuthenticationVectorGenerator(AlgorithmOf(vector)).TryResolveAuts(command.Rand, 0, parsed.Auts, 0, parsed.AutsLength, resolved, 0));
            Assert.Equal(ToHex(sqnMs), ToHex(resolved));
        }

        [Fact]
        public void UsimRun_E1WithWrongMac_Answers9862AndKeepsState()
        {
            JsonElement vector = Vector(E1);
            byte[] apdu = E1Command;
            apdu[apdu.Length - 2] ^= 0x01; // last MAC byte
            var command = new AuthenticateCommand();
            Assert.Equal(AuthenticateParseResult.Ok, AuthenticateApdu.ParseCommand(apdu, 0, apdu.Length, command));
            UsimSqnState state = StateAccepting(Hex(Field(vector, "SQN")));
            byte[] before = (byte[])state.Slots.Clone();
            var output = new UsimAuthenticationOutput();
            AkaResult result = new UsimAuthenticator(AlgorithmOf(vector), state).Authenticate(command.Rand, 0, command.Autn, 0, command.AutnLength, output);
            byte[] response = new byte[64];
            int length = AuthenticateApdu.BuildResponse(command.Context, result, output, response, 0);
            Assert.Equal("9862", ToHex(response[..length]));
            Assert.Equal(before, state.Slots);
            Assert.Equal(new byte[32], output.Res);
            Assert.Equal(new byte[32], output.Ck);
        }

        [Fact]
        public void GsmContext_E3_RoundTripsSresAndKc()
        {
            JsonElement vector = Vector("E3 (libosmocore milenage_test)");
            byte[] command = new byte[32];
            int commandLength = AuthenticateApdu.BuildGsmCommand(0x00, Hex(Field(vector, "RAND")), 0, command, 0);
            Assert.Equal("0088008011" + "10" + Field(vector, "RAND") + "00", ToHex(command[..commandLength]));
            var parsed = new AuthenticateCommand();
            Assert.Equal(AuthenticateParseResult.Ok, AuthenticateApdu.ParseCommand(command, 0, commandLength, parsed));
            Assert.Equal(AuthenticateContext.Gsm, parsed.Context);
            Assert.Equal(0, parsed.AutnLength);

            var output = new UsimAuthenticationOutput();
            var usim = new UsimAuthenticator(AlgorithmOf(vector), new UsimSqnState());
            AkaResult result = usim.AuthenticateGsm(parsed.Rand, 0, output);
            byte[] response = new byte[32];
            int length = AuthenticateApdu.BuildResponse(AuthenticateContext.Gsm, result, output, response, 0);
            Assert.Equal("04" + Field(vector, "SRES") + "08" + Field(vector, "Kc") + "9000", ToHex(response[..length]));

            var gsm = new AuthenticateResponse();
            Assert.Equal(AuthenticateParseResult.Ok, AuthenticateApdu.ParseResponse(AuthenticateContext.Gsm, response, 0, length, gsm));
            Assert.True(gsm.IsSuccess && gsm.HasSres && gsm.HasKc);
            Assert.Equal(Field(vector, "SRES"), ToHex(gsm.Sres));
        }

        [Theory]
        [InlineData("", AuthenticateParseResult.Truncated)]
        [InlineData("008800", AuthenticateParseResult.Truncated)]
        [InlineData("00880081", AuthenticateParseResult.MissingData)]
        [InlineData("0088008100", AuthenticateParseResult.MissingData)]
        [InlineData("80880081", AuthenticateParseResult.ClassNotSupported)]
        [InlineData("a0880081", AuthenticateParseResult.ClassNotSupported)]
        [InlineData("0c880081", AuthenticateParseResult.ClassNotSupported)]
        [InlineData("00b00081", AuthenticateParseResult.InstructionNotSupported)]
        [InlineData("00880181", AuthenticateParseResult.IncorrectP1P2)]
        [InlineData("00880084", AuthenticateParseResult.IncorrectP1P2)]
        [InlineData("00880082", AuthenticateParseResult.IncorrectP1P2)]
        public void ParseCommand_BadHeader_ReportsReason(string hex, AuthenticateParseResult expected)
        {
            byte[] apdu = Hex(hex);
            Assert.Equal(expected, AuthenticateApdu.ParseCommand(apdu, 0, apdu.Length, new AuthenticateCommand()));
        }

        [Fact]
        public void ParseCommand_EveryTruncation_IsRejected()
        {
            byte[] apdu = E1Command;
            for (int length = 0; length < apdu.Length - 1; length++)
            {
                AuthenticateParseResult result = AuthenticateApdu.ParseCommand(apdu, 0, length, new AuthenticateCommand());
                Assert.NotEqual(AuthenticateParseResult.Ok, result);
                Assert.Equal(AuthenticateApdu.StatusWrongLength, AuthenticateApdu.StatusWordFor(result));
            }

            // Without Le (case 3 form) the command is still complete.
            var command = new AuthenticateCommand();
            Assert.Equal(AuthenticateParseResult.Ok, AuthenticateApdu.ParseCommand(apdu, 0, apdu.Length - 1, command));
            Assert.False(command.HasLe);
        }

        [Fact]
        public void ParseCommand_ExtraTrailingByte_IsOversized()
        {
            byte[] apdu = E1Command;
            byte[] longer = new byte[apdu.Length + 1];
            apdu.CopyTo(longer, 0);
            Assert.Equal(AuthenticateParseResult.Oversized, AuthenticateApdu.ParseCommand(longer, 0, longer.Length, new AuthenticateCommand()));
            Assert.Equal(0x6700, AuthenticateApdu.StatusWordFor(AuthenticateParseResult.Oversized));
        }

        [Theory]
        [InlineData(5, 0x0f)] // RAND length 15
        [InlineData(22, 0x0f)] // AUTN length 15
        [InlineData(22, 0x11)] // AUTN length 17
        public void ParseCommand_WrongLvLength_IsIncorrectData(int index, int value)
        {
            byte[] apdu = E1Command;
            apdu[index] = (byte)value;
            AuthenticateParseResult result = AuthenticateApdu.ParseCommand(apdu, 0, apdu.Length, new AuthenticateCommand());
            Assert.Equal(AuthenticateParseResult.IncorrectData, result);
            Assert.Equal(0x6A80, AuthenticateApdu.StatusWordFor(result));
        }

        [Fact]
        public void ParseCommand_GsmContextWithAutn_IsIncorrectData()
        {
            byte[] apdu = E1Command;
            apdu[3] = 0x80;
            Assert.Equal(AuthenticateParseResult.IncorrectData, AuthenticateApdu.ParseCommand(apdu, 0, apdu.Length, new AuthenticateCommand()));
        }

        [Fact]
        public void ParseCommand_LogicalChannelClasses_ReportChannel()
        {
            var command = new AuthenticateCommand();
            byte[] apdu = E1Command;
            apdu[0] = 0x03;
            Assert.Equal(AuthenticateParseResult.Ok, AuthenticateApdu.ParseCommand(apdu, 0, apdu.Length, command));
            Assert.Equal(3, command.LogicalChannel);
            apdu[0] = 0x45;
            Assert.Equal(AuthenticateParseResult.Ok, AuthenticateApdu.ParseCommand(apdu, 0, apdu.Length, command));
            Assert.Equal(9, command.LogicalChannel);
        }

        [Fact]
        public void ParseCommand_AtOffsetInLargerBuffer_IgnoresSurroundingBytes()
        {
            byte[] apdu = E1Command;
            byte[] buffer = new byte[apdu.Length + 10];
            Array.Fill(buffer, (byte)0xEE);
            apdu.CopyTo(buffer, 4);
            var command = new AuthenticateCommand();
            Assert.Equal(AuthenticateParseResult.Ok, AuthenticateApdu.ParseCommand(buffer, 4, apdu.Length, command));
            Assert.Equal(Field(Vector(E1), "AUTN"), ToHex(command.Autn[..16]));
        }

        [Theory]
        [InlineData("", AuthenticateParseResult.Truncated)]
        [InlineData("9862", AuthenticateParseResult.ErrorStatus)]
        [InlineData("019862", AuthenticateParseResult.Oversized)]
        [InlineData("9000", AuthenticateParseResult.Truncated)]
        [InlineData("dd009000", AuthenticateParseResult.UnknownTag)]
        [InlineData("dc0d00000000000000000000000000009000", AuthenticateParseResult.IncorrectData)]
        [InlineData("dc0e000000000000000000000000009000", AuthenticateParseResult.Truncated)]
        [InlineData("dc0e00000000000000000000000000000000", AuthenticateParseResult.ErrorStatus)]
        [InlineData("db030000009000", AuthenticateParseResult.IncorrectData)]
        public void ParseResponse_Malformed_ReportsReason(string hex, AuthenticateParseResult expected)
        {
            byte[] apdu = Hex(hex);
            var response = new AuthenticateResponse();
            AuthenticateParseResult result = AuthenticateApdu.ParseResponse(AuthenticateContext.Umts, apdu, 0, apdu.Length, response);
            if (expected == AuthenticateParseResult.ErrorStatus && apdu.Length > 2)
            {
                Assert.Equal(AuthenticateParseResult.Oversized, result);
                return;
            }

            Assert.Equal(expected, result);
            Assert.False(response.IsSuccess || response.IsSyncFailure);
        }

        [Fact]
        public void ParseResponse_E1WithTrailingGarbageOrTruncated_IsRejected()
        {
            byte[] good = Hex(Field(Vector(E1), "authenticate_response"));
            byte[] body = good[..^2];
            int withoutKc = 1 + 9 + 17 + 17; // 'DB' RES CK IK: Kc is optional (TS 31.102 7.1.2.1)
            for (int cut = 1; cut < body.Length; cut++)
            {
                if (cut == withoutKc)
                {
                    continue;
                }

                byte[] apdu = new byte[cut + 2];
                Array.Copy(body, apdu, cut);
                apdu[cut] = 0x90;
                var response = new AuthenticateResponse();
                Assert.NotEqual(AuthenticateParseResult.Ok, AuthenticateApdu.ParseResponse(AuthenticateContext.Umts, apdu, 0, apdu.Length, response));
                Assert.False(response.IsSuccess);
                Assert.Equal(0, response.ResLength);
            }
        }

        [Theory]
        [InlineData(AkaResult.Success, 0x9000)]
        [InlineData(AkaResult.SyncFailure, 0x9000)]
        [InlineData(AkaResult.MacFailure, 0x9862)]
        [InlineData(AkaResult.ContextNotSupported, 0x9864)]
        [InlineData(AkaResult.InvalidInput, 0x6A80)]
        public void StatusWordFor_AkaResult_FollowsTs31102(AkaResult result, int statusWord)
        {
            Assert.Equal(statusWord, AuthenticateApdu.StatusWordFor(result));
        }
    }
}
