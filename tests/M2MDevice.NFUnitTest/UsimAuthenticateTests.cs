using M2MDevice.Aka;
using M2MDevice.Crypto;
using nanoFramework.TestFramework;

namespace M2MDevice.NFUnitTest
{
    /// <summary>
    /// The USIM side of AKA through the AUTHENTICATE APDU (TS 31.102 7.1.2), without the soft USIM's file
    /// system: vector E1 of tests/vectors/aka.json (TS 35.208 set 1) parsed, run through
    /// <see cref="UsimAuthenticator"/> and answered byte for byte.
    /// </summary>
    [TestClass]
    public class UsimAuthenticateTests
    {
        private const string K = "465b5ce8b199b49faa5f0a2ee238a6bc";
        private const string Opc = "cd63cb71954a9f4e48a5994e37a02baf";
        private const string Sqn = "ff9bb4d0b607";
        private const string Command = "00880081221023553cbe9637a89d218ae64dae47bf351055f328b43577b9b94a9ffac354dfafb300";
        private const string Response = "db08a54211d5e3ba50bf10b40ba9a3c58b2a05bbf0d987b21bf8cb10f769bcd751044604127672711c6d344108eae4be823af9a08b9000";
        private const string SqnMsAhead = "ff9bb4d0b620";
        private const string SyncFailureResponse = "dc0eba853f3c121b1d42e794305f81bd9000";

        [TestMethod]
        public void Authenticate_E1WithFreshSqn_AnswersVectorResponse()
        {
            UsimSqnState state = SqnStates.Accepting(TestHex.Parse(Sqn));
            int length = Run(TestHex.Parse(Command), state, out AkaResult result, out int changedSlot, out byte[] response);

            Assert.AreEqual((int)AkaResult.Success, (int)result);
            Assert.AreEqual(Response, TestHex.Format(response, 0, length));
            Assert.AreEqual(UsimSqnState.IndOf(TestHex.Parse(Sqn), 0), changedSlot);
        }

        [TestMethod]
        public void Authenticate_E1WithUsimAhead_AnswersVectorSyncFailure()
        {
            byte[] slots = new byte[UsimSqnState.ArrayLength];
            byte[] used = TestHex.Parse(Sqn);
            byte[] ahead = TestHex.Parse(SqnMsAhead);
            System.Array.Copy(used, 0, slots, UsimSqnState.IndOf(used, 0) * 6, 6);
            System.Array.Copy(ahead, 0, slots, UsimSqnState.IndOf(ahead, 0) * 6, 6);
            UsimSqnState state = new UsimSqnState(slots, 0);

            int length = Run(TestHex.Parse(Command), state, out AkaResult result, out int changedSlot, out byte[] response);

            // TS 33.102 6.3.3: SQN not fresh -> AUTS over SQN_MS, the highest accepted SQN.
            Assert.AreEqual((int)AkaResult.SyncFailure, (int)result);
            Assert.AreEqual(SyncFailureResponse, TestHex.Format(response, 0, length));
            Assert.AreEqual(-1, changedSlot);
            CollectionAssert.AreEqual(slots, state.Slots);
        }

        [TestMethod]
        [DataRow(23)]
        [DataRow(29)]
        [DataRow(38)]
        public void Authenticate_E1WithFlippedAutnByte_Answers9862AndKeepsState(int byteIndex)
        {
            // APDU bytes 23..38 are AUTN: 23 starts SQN xor AK, 29 is AMF, 38 ends MAC-A.
            byte[] apdu = TestHex.Parse(Command);
            apdu[byteIndex] ^= 0x01;
            UsimSqnState state = SqnStates.Accepting(TestHex.Parse(Sqn));
            byte[] before = (byte[])state.Slots.Clone();

            int length = Run(apdu, state, out AkaResult result, out int changedSlot, out byte[] response);

            // TS 33.102 6.3.3: MAC failure first; the SQN state is untouched and no RES leaves the card.
            Assert.AreEqual((int)AkaResult.MacFailure, (int)result);
            Assert.AreEqual("9862", TestHex.Format(response, 0, length));
            CollectionAssert.AreEqual(before, state.Slots);
        }

        [TestMethod]
        public void ParseCommand_Truncated_ReportsTruncated()
        {
            byte[] apdu = TestHex.Parse(Command);
            AuthenticateCommand command = new AuthenticateCommand();

            AuthenticateParseResult parsed = AuthenticateApdu.ParseCommand(apdu, 0, 20, command);

            Assert.AreNotEqual((int)AuthenticateParseResult.Ok, (int)parsed);
        }

        private static int Run(byte[] apdu, UsimSqnState state, out AkaResult result, out int changedSlot, out byte[] response)
        {
            AuthenticateCommand command = new AuthenticateCommand();
            Assert.AreEqual((int)AuthenticateParseResult.Ok, (int)AuthenticateApdu.ParseCommand(apdu, 0, apdu.Length, command));
            Milenage milenage = new Milenage(new Aes128(TestHex.Parse(K)), TestHex.Parse(Opc), 0);
            UsimAuthenticator usim = new UsimAuthenticator(milenage, state);
            UsimAuthenticationOutput output = new UsimAuthenticationOutput();

            result = usim.Authenticate(command.Rand, 0, command.Autn, 0, command.AutnLength, output);
            changedSlot = output.ChangedSqnSlot;
            response = new byte[64];
            return AuthenticateApdu.BuildResponse(command.Context, result, output, response, 0);
        }
    }
}
