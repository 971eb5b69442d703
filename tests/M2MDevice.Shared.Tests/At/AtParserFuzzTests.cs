using System;
using CsCheck;
using M2MDevice.At;

namespace M2MDevice.Shared.Tests.At
{
    /// <summary>Every parser on random and mutated lines: never throws, and a failure leaves the cursor where it was.</summary>
    public class AtParserFuzzTests
    {
        private delegate bool Parse(AtReader reader);

        private static readonly string[] ValidLines =
        {
            "+CREG: 3,\"00C3\",\"0001A2B3\",7,0,11", "+CGREG: 2,1,\"00C3\",\"0001A2B3\",7,\"12\"", "+CEREG: 4,1,\"2F0A\",\"01A2B3C4\",7,,,\"00100100\",\"01000111\"",
            "+COPS: (2,\"A\",\"B\",\"00101\",7),(1,\"C\",\"D\",\"00102\",2),,(0-4),(0-2)", "+COPS: 0,2,\"00101\",7", "+CSQ: 20,99",
            "+CPIN: SIM PIN", "+CFUN: 1", "+CSIM: 4,\"9000\"", "+CRSM: 144,0,\"0AFF\"", "+CGDCONT: 1,\"IP\",\"apn\",\"0.0.0.0\",0,0",
            "+CGATT: 1", "+CGACT: 1,1", "+HTTPACTION: 0,200,12", "+HTTPREAD: DATA,12", "+HTTPREAD: LEN,12",
            "+M2MSIM: 2,\"APDU\",\"00A4080C027FFF\"", "AT+M2MSIM=1,0,\"3B9A96801FC78031E073FE211B\"", "+CEER: cause", "+CGSN: 356938035643809",
        };

        private static readonly Parse[] Parsers =
        {
            r => NetworkServiceCommands.TryParseRegistration(r, RegistrationKind.Circuit, false, new RegistrationState()),
            r => NetworkServiceCommands.TryParseRegistration(r, RegistrationKind.Circuit, true, new RegistrationState()),
            r => NetworkServiceCommands.TryParseRegistration(r, RegistrationKind.Gprs, true, new RegistrationState()),
            r => NetworkServiceCommands.TryParseRegistration(r, RegistrationKind.Eps, true, new RegistrationState()),
            r => NetworkServiceCommands.TryParseOperatorList(r, new OperatorList(3)),
            r => NetworkServiceCommands.TryParseOperatorRead(r, new OperatorSelection()),
            r => MobileTerminationCommands.TryParseSignalQuality(r, out _, out _),
            r => MobileTerminationCommands.TryParsePinStatus(r, out _),
            r => MobileTerminationCommands.TryParseFunctionality(r, out _),
            r => MobileTerminationCommands.TryParseGenericSimAccess(r, new byte[8], 0, 8, out _),
            r => MobileTerminationCommands.TryParseRestrictedSimAccess(r, out _, out _, new byte[8], 0, 8, out _),
            r => PacketDomainCommands.TryParseContext(r, out _, out _, out _),
            r => PacketDomainCommands.TryParseAttach(r, out _),
            r => PacketDomainCommands.TryParseActivation(r, out _, out _),
            r => HttpCommands.TryParseAction(r, out _, out _, out _),
            r => HttpCommands.TryParseReadHeader(r, out _),
            r => HttpCommands.TryParseReadLength(r, out _),
            r => RemoteSimMessage.TryParseRequest(r, new RemoteSimRequest()),
            r => RemoteSimMessage.TryParseRequestId(r, out _),
            r => RemoteSimMessage.TryParseResponse(r, new RemoteSimResponse()),
            r => GeneralCommands.TryParseExtendedErrorReport(r, out _),
            r => GeneralCommands.TryParseSerialNumber(r, out _),
            r => GeneralCommands.TryParseImsi(r, out _),
            r => GeneralCommands.TryParseInformationText(r, 16, out _),
            r => AtFinalResult.TryParse(r.Buffer, r.Position, r.Remaining, out _, out _),
        };

        private static void CheckAll(byte[] line, int offset)
        {
            var reader = new AtReader();
            foreach (Parse parse in Parsers)
            {
                reader.Reset(line, offset, line.Length - offset);
                if (!parse(reader))
                {
                    Assert.Equal(offset, reader.Position);
                }
                else
                {
                    Assert.InRange(reader.Position, offset, line.Length);
                }
            }
        }

        [Fact]
        public void Parsers_RandomBytes_NeverThrowAndKeepCursorOnFailure()
        {
            Gen.Byte.Array[0, 120].Sample(line => CheckAll(line, 0), iter: 3000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void Parsers_MutatedValidLines_NeverThrowAndKeepCursorOnFailure()
        {
            Gen<byte> interesting = Gen.OneOfConst((byte)'"', (byte)',', (byte)'(', (byte)')', (byte)' ', (byte)'9', (byte)'A', (byte)'-', (byte)0, (byte)0xFF);
            Gen.Select(Gen.Int[0, ValidLines.Length - 1], Gen.Int[0, 200].Array[1, 4], interesting.Array[4], Gen.Int[0, 2])
                .Sample((index, positions, replacements, operation) =>
                {
                    byte[] line = AtTestText.Bytes(ValidLines[index]);
                    for (int i = 0; i < positions.Length; i++)
                    {
                        int at = positions[i] % line.Length;
                        if (operation == 0)
                        {
                            line[at] = replacements[i];
                        }
                        else if (operation == 1)
                        {
                            line = line[..at]; // truncation
                            if (line.Length == 0)
                            {
                                break;
                            }
                        }
                        else
                        {
                            byte[] longer = new byte[line.Length + 1];
                            Array.Copy(line, longer, at);
                            longer[at] = replacements[i];
                            Array.Copy(line, at, longer, at + 1, line.Length - at);
                            line = longer;
                        }
                    }

                    CheckAll(line, 0);
                    byte[] prefixed = new byte[line.Length + 3];
                    Array.Copy(line, 0, prefixed, 3, line.Length);
                    CheckAll(prefixed, 3);
                }, iter: 4000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void Parsers_ValidLines_EachParsedBySomeParser()
        {
            var reader = new AtReader();
            foreach (string text in ValidLines)
            {
                byte[] line = AtTestText.Bytes(text);
                bool any = false;
                foreach (Parse parse in Parsers)
                {
                    reader.Reset(line, 0, line.Length);
                    any |= parse(reader);
                }

                Assert.True(any, text);
            }
        }
    }
}
