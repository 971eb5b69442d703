using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CsCheck;
using M2MDevice.Aka;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;
using Xunit.Abstractions;

namespace M2MDevice.Robustness.Tests.Usim
{
    /// <summary>
    /// firmware/Usim/SoftUsim.Process over sessions of random, valid and mutated-valid C-APDUs (a fresh card per
    /// session, valid commands reaching the deep states: ADF selected, EF selected, AUTHENTICATE with the
    /// TS 35.208 set 1 vector): never an exception, always an R-APDU of 2..258 bytes ending in a status word, and
    /// a command answered with an error status word changes nothing stored (SQN_MS array, files). Also
    /// AuthenticateApdu.ParseCommand/ParseResponse and the UsimEncoding decoders on random and mutated input.
    /// </summary>
    public class SoftUsimFuzzTests
    {
        private static readonly JsonElement E1 = TestVectors.Load("aka").GetProperty("vectors").EnumerateArray().First();

        private static readonly string[] Golden =
        {
            "00a4040c10a0000000871002ffffffff894d324d01",
            "00a4000c026f07", "00a40004026f07", "00b0000009", "00b0000000",
            "00a4000c026f7e", "00d600000bffffffff00f110000000ff01",
            "00a4000c026f7b", "00d600000c00f110ffffffffffffffffff",
            "00a4000c023f00", "00a4000c022fe2", "00b000000a",
            "00a4000c022f00", "00b2010400", "00dc0104050102030405",
            "002000010831323334ffffffff", "0020000100",
            "80f2000000", "00c0000000", "0070000001", "801000000cffffffffffffffffffffffff",
            E1.GetProperty("authenticate_command").GetString(),
            "0088008122" + "10" + E1.GetProperty("RAND").GetString() + "10" + E1.GetProperty("AUTN").GetString(),
            "0088008011" + "10" + E1.GetProperty("RAND").GetString() + "00",
        };

        private static readonly byte[][] GoldenBytes = Array.ConvertAll(Golden, Convert.FromHexString);

        private readonly ITestOutputHelper output;

        public SoftUsimFuzzTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        /// <summary>IUsimStore that records every write; Digest covers everything a Load returns.</summary>
        private sealed class RecordingStore : IUsimStore
        {
            private readonly Dictionary<(UsimIdentityKind, ushort), byte[]> files = new Dictionary<(UsimIdentityKind, ushort), byte[]>();
            private readonly byte[][] sqn = { new byte[192], new byte[192] };

            public int Writes { get; private set; }

            public void SaveSqnSlot(UsimIdentityKind identity, int index, byte[] value, int offset)
            {
                Assert.InRange(index, 0, 31);
                Array.Copy(value, offset, sqn[(int)identity & 1], index * 6, 6);
                Writes++;
            }

            public void SaveFile(UsimIdentityKind identity, ushort fileId, byte[] data, int offset, int count)
            {
                Assert.InRange(count, 1, SoftUsim.MaxPersistedFileLength);
                files[(identity, fileId)] = data.AsSpan(offset, count).ToArray();
                Writes++;
            }

            public int LoadFile(UsimIdentityKind identity, ushort fileId, byte[] buffer, int offset)
            {
                if (!files.TryGetValue((identity, fileId), out byte[] data))
                {
                    return -1;
                }

                Array.Copy(data, 0, buffer, offset, data.Length);
                return data.Length;
            }

            public void LoadSqnSlots(UsimIdentityKind identity, byte[] buffer, int offset) => Array.Copy(sqn[(int)identity & 1], 0, buffer, offset, 192);

            public string Digest() =>
                Convert.ToHexString(sqn[0]) + Convert.ToHexString(sqn[1])
                + string.Concat(files.OrderBy(f => f.Key).Select(f => $"|{f.Key}:{Convert.ToHexString(f.Value)}"));
        }

        private static UsimProfile Profile()
        {
            var profile = new UsimProfile
            {
                EfImsi = new byte[9],
                EfIccid = new byte[10],
                MncLength = 2,
                Algorithm = AkaAlgorithmKind.Milenage,
                K = Convert.FromHexString(E1.GetProperty("K").GetString()),
                Opc = Convert.FromHexString(E1.GetProperty("OPc").GetString()),
                Fplmn = Convert.FromHexString("ffffffffffffffffffffffff"),
            };
            UsimEncoding.EncodeImsi("001010123456789", profile.EfImsi, 0);
            UsimEncoding.EncodeIccid("8988211000000430010", profile.EfIccid, 0);
            return profile;
        }

        /// <summary>TS 102 221 10.2.1: status words that report an error (no processing, or checking/execution error).</summary>
        private static bool IsError(int sw1, int sw2) =>
            sw1 == 0x64 || sw1 == 0x65 || sw1 == 0x67 || sw1 == 0x68 || sw1 == 0x69 || sw1 == 0x6A || sw1 == 0x6B
            || sw1 == 0x6C || sw1 == 0x6D || sw1 == 0x6E || sw1 == 0x6F || (sw1 == 0x98 && sw2 != 0x10) || (sw1 == 0x63 && (sw2 & 0xF0) == 0xC0);

        private static Gen<byte[]> Apdu()
        {
            Gen<byte[]> random = Gen.Byte.Array[0, 40];
            Gen<byte[]> header = Gen.Select(Gen.OneOf(Gen.Byte, Gen.Const((byte)0x00), Gen.Const((byte)0x80)), Gen.OneOf(Gen.Byte, Gen.Int[0, GoldenBytes.Length - 1].Select(i => GoldenBytes[i][1])), Gen.Byte.Array[2, 40])
                .Select((cla, ins, rest) => new[] { cla, ins }.Concat(rest).ToArray());
            Gen<byte[]> golden = Gen.Int[0, GoldenBytes.Length - 1].Select(i => GoldenBytes[i]);
            Gen<byte[]> mutated = Fuzz.MutationsOf(GoldenBytes, 3).Select(m => m.Bytes);
            return Gen.Frequency((1, random), (1, header), (2, golden), (3, mutated));
        }

        [Fact]
        public void Process_RandomAndMutatedSessions_StatusWordAlwaysAndErrorsChangeNothing()
        {
            int apdus = 0;
            int errors = 0;
            byte[] selectUsim = GoldenBytes[0];
            Fuzz.Run(
                output,
                "SoftUsim.Process",
                Gen.Select(Apdu().Array[1, 8], Gen.Bool, Gen.Int[0, 4]),
                5000,
                0x5E55105UL,
                input =>
                {
                    (byte[][] session, bool withPin, int offset) = input;
                    var store = new RecordingStore();
                    var usim = new SoftUsim(store, UsimIdentityKind.Preliminary, Profile());
                    if (withPin)
                    {
                        usim.ConfigurePin("1234");
                    }

                    usim.Init();
                    byte[] response = new byte[offset + SoftUsim.MaxResponseLength + 3];
                    Send(usim, selectUsim, response, offset);
                    foreach (byte[] apdu in session)
                    {
                        byte[] command = new byte[offset + apdu.Length + 2];
                        Array.Copy(apdu, 0, command, offset, apdu.Length);
                        string before = store.Digest();
                        int writes = store.Writes;
                        int length = usim.Process(command, offset, apdu.Length, response, offset);
                        Assert.InRange(length, 2, SoftUsim.MaxResponseLength);
                        apdus++;
                        int sw1 = response[offset + length - 2];
                        int sw2 = response[offset + length - 1];
                        if (IsError(sw1, sw2))
                        {
                            errors++;
                            Assert.Equal(2, length);
                            Assert.Equal(writes, store.Writes);
                            Assert.Equal(before, store.Digest());
                        }
                    }
                });
            output.WriteLine($"  {apdus} C-APDUs, {errors} answered with an error status word");
        }

        private static void Send(SoftUsim usim, byte[] apdu, byte[] response, int offset)
        {
            byte[] command = new byte[offset + apdu.Length];
            Array.Copy(apdu, 0, command, offset, apdu.Length);
            Assert.Equal(2, usim.Process(command, offset, apdu.Length, response, offset));
        }

        [Fact]
        public void AuthenticateApdu_ParseCommandAndResponse_DefinedResultNeverThrows()
        {
            byte[][] commands = { GoldenBytes[^3], GoldenBytes[^2], GoldenBytes[^1] };
            byte[][] responses =
            {
                Convert.FromHexString(E1.GetProperty("authenticate_response").GetString()),
                Convert.FromHexString(E1.GetProperty("sync_failure_response").GetString()),
                Convert.FromHexString("04" + E1.GetProperty("SRES").GetString() + "08" + E1.GetProperty("Kc").GetString() + "9000"),
                Convert.FromHexString("9862"),
            };
            Gen<byte[]> bytes = Gen.OneOf(Gen.Byte.Array[0, 60], Fuzz.MutationsOf(commands, 4).Select(m => m.Bytes), Fuzz.MutationsOf(responses, 4).Select(m => m.Bytes));
            Fuzz.Run(
                output,
                "AuthenticateApdu.ParseCommand/ParseResponse",
                Gen.Select(bytes, Gen.Int[0, 3], Gen.Bool),
                5000,
                0xA07E47UL,
                input =>
                {
                    (byte[] apdu, int offset, bool umts) = input;
                    byte[] buffer = new byte[offset + apdu.Length + 1];
                    Array.Copy(apdu, 0, buffer, offset, apdu.Length);
                    var command = new AuthenticateCommand();
                    AuthenticateParseResult parsed = AuthenticateApdu.ParseCommand(buffer, offset, apdu.Length, command);
                    Assert.True(Enum.IsDefined(parsed));
                    int sw = AuthenticateApdu.StatusWordFor(parsed);
                    Assert.InRange(sw, 0, 0xFFFF);
                    if (parsed == AuthenticateParseResult.Ok)
                    {
                        Assert.True(Enum.IsDefined(command.Context));
                        Assert.InRange(command.AutnLength, 0, command.Autn.Length);
                    }

                    var response = new AuthenticateResponse();
                    AuthenticateParseResult answer = AuthenticateApdu.ParseResponse(umts ? AuthenticateContext.Umts : AuthenticateContext.Gsm, buffer, offset, apdu.Length, response);
                    Assert.True(Enum.IsDefined(answer));
                    Assert.InRange(response.ResLength, 0, response.Res.Length);
                    Assert.InRange(response.CkLength, 0, response.Ck.Length);
                    Assert.InRange(response.IkLength, 0, response.Ik.Length);
                });
        }

        [Fact]
        public void UsimEncoding_RandomFiles_DecodeOrRefuseNeverThrow()
        {
            Fuzz.Run(
                output,
                "UsimEncoding.TryDecode*",
                Gen.Byte.Array[0, 24],
                5000,
                0xE5C0DEUL,
                bytes =>
                {
                    byte[] buffer = new byte[Math.Max(bytes.Length, 16)];
                    Array.Fill(buffer, (byte)0xFF);
                    Array.Copy(bytes, buffer, bytes.Length);
                    if (UsimEncoding.TryDecodeImsi(buffer, 0, out string imsi))
                    {
                        Assert.Matches("^[0-9]{1,15}$", imsi);
                    }

                    if (UsimEncoding.TryDecodeIccid(buffer, 0, out string iccid))
                    {
                        Assert.Matches("^[0-9]+$", iccid);
                    }

                    if (UsimEncoding.TryDecodePlmn(buffer, 0, out string mcc, out string mnc))
                    {
                        Assert.Matches("^[0-9]{3}$", mcc);
                        Assert.Matches("^[0-9]{2,3}$", mnc);
                    }

                    UsimEncoding.TryDecodeMncLength(buffer, 0, bytes.Length, out _);
                    UsimEncoding.TryDecodeLocationInformation(buffer, 0, out _, out _, out _, out _, out _);
                });
        }
    }
}
