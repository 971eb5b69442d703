using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Visited;

namespace M2MDevice.Emulator.Tests.Radio
{
    /// <summary>The visited operator core on its own: policy routing and every AKA outcome, with a scripted UE.</summary>
    public sealed class VisitedOperatorTests
    {
        private const string Pimsi = "001010000000001";
        private const string Operational = "001020000000001";

        private static readonly byte[] K = Convert.FromHexString("465b5ce8b199b49faa5f0a2ee238a6bc");
        private static readonly byte[] Opc = Convert.FromHexString("cd63cb71954a9f4e48a5994e37a02baf");

        /// <summary>A UE whose USIM is the shared UsimAuthenticator (or a script of answers).</summary>
        private sealed class ScriptedUe : IAuthenticationTerminal
        {
            private readonly UsimAuthenticator usim;
            private readonly Queue<Func<byte[], byte[], AuthenticateResponse>> script = new Queue<Func<byte[], byte[], AuthenticateResponse>>();

            public ScriptedUe(UsimSqnState sqn = null)
            {
                usim = new UsimAuthenticator(AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, K, 0, 16, Opc, 0, null), sqn ?? new UsimSqnState());
            }

            public int Calls { get; private set; }

            public void Then(Func<byte[], byte[], AuthenticateResponse> answer) => script.Enqueue(answer);

            public Task<AuthenticateResponse> AuthenticateAsync(byte[] rand, byte[] autn, CancellationToken cancellationToken)
            {
                Calls++;
                if (script.Count > 0)
                {
                    return Task.FromResult(script.Dequeue()(rand, autn));
                }

                var output = new UsimAuthenticationOutput();
                AkaResult result = usim.Authenticate(rand, 0, autn, 0, autn.Length, output);
                var apdu = new byte[300];
                int length = AuthenticateApdu.BuildResponse(AuthenticateContext.Umts, result, output, apdu, 0);
                var response = new AuthenticateResponse();
                AuthenticateApdu.ParseResponse(AuthenticateContext.Umts, apdu, 0, length, response);
                output.Clear();
                return Task.FromResult(response);
            }
        }

        private static AuthenticateResponse Status(int statusWord)
        {
            var response = new AuthenticateResponse();
            byte[] apdu = { (byte)(statusWord >> 8), (byte)statusWord };
            Assert.Equal(AuthenticateParseResult.ErrorStatus, AuthenticateApdu.ParseResponse(AuthenticateContext.Umts, apdu, 0, 2, response));
            return response;
        }

        private static (VisitedOperator Vo, LocalAuc Rs, LocalAuc Ho) Build()
        {
            var rs = new LocalAuc(seed: 1);
            rs.Add(Pimsi, K, Opc);
            var ho = new LocalAuc(seed: 2);
            ho.Add(Operational, K, Opc);
            var garden = new DataSessionPolicy(new[] { "rs.m2m.test" }, 1000, TimeSpan.FromMinutes(1));
            var vo = new VisitedOperator("VO", new[]
            {
                SubscriberRule.Accept("0010100", "0010100", rs, "rs", true),
                SubscriberRule.Accept("00102", "00102", ho, "ho", false),
                SubscriberRule.Reject("9", "9", NasCause.RoamingNotAllowed),
            }, NasCause.PlmnNotAllowed, garden);
            return (vo, rs, ho);
        }

        [Fact]
        public async Task Register_PimsiAndOperational_RoutedToRsAndHomeWithTheirPolicies()
        {
            (VisitedOperator vo, LocalAuc rs, LocalAuc ho) = Build();

            RegistrationOutcome pimsi = await vo.RegisterAsync(Pimsi, new ScriptedUe(), CancellationToken.None);
            RegistrationOutcome operational = await vo.RegisterAsync(Operational, new ScriptedUe(), CancellationToken.None);

            Assert.True(pimsi.Accepted);
            Assert.True(pimsi.DataPolicy.IsWalledGarden);
            Assert.True(operational.Accepted);
            Assert.False(operational.DataPolicy.IsWalledGarden);
            Assert.Equal((1, 1), (rs.Requests, ho.Requests));
            Assert.Equal(16, pimsi.Ck.Length);
            pimsi.ClearKeys();
            Assert.All(pimsi.Ck, b => Assert.Equal(0, b));
            Assert.Equal("Accepted", pimsi.ToString());
        }

        [Theory]
        [InlineData("999990000000000", NasCause.RoamingNotAllowed)]
        [InlineData("262010000000000", NasCause.PlmnNotAllowed)]
        public async Task Register_RejectedByPolicy_CauseWithoutAka(string imsi, int cause)
        {
            (VisitedOperator vo, LocalAuc rs, _) = Build();
            var ue = new ScriptedUe();

            RegistrationOutcome outcome = await vo.RegisterAsync(imsi, ue, CancellationToken.None);

            Assert.Equal((false, cause), (outcome.Accepted, outcome.Cause));
            Assert.Equal((0, 0), (ue.Calls, rs.Requests));
        }

        [Fact]
        public async Task Register_ResDiffers_IllegalMs()
        {
            (VisitedOperator vo, _, _) = Build();
            var ue = new ScriptedUe();
            ue.Then((rand, autn) =>
            {
                var apdu = new byte[64];
                int length = AuthenticateApdu.BuildUmtsSuccess(new byte[8], 0, 8, new byte[16], 0, 16, new byte[16], 0, 16, new byte[8], 0, apdu, 0);
                var response = new AuthenticateResponse();
                AuthenticateApdu.ParseResponse(AuthenticateContext.Umts, apdu, 0, length, response);
                return response;
            });

            Assert.Equal(NasCause.IllegalMs, (await vo.RegisterAsync(Pimsi, ue, CancellationToken.None)).Cause);
        }

        [Fact]
        public async Task Register_MacFailureOrOtherStatus_CauseFromStatusWord()
        {
            (VisitedOperator vo, _, _) = Build();
            var ue = new ScriptedUe();
            ue.Then((rand, autn) => Status(0x9862));
            ue.Then((rand, autn) => Status(0x6A80));

            Assert.Equal(NasCause.MacFailure, (await vo.RegisterAsync(Pimsi, ue, CancellationToken.None)).Cause);
            Assert.Equal(NasCause.ProtocolError, (await vo.RegisterAsync(Pimsi, ue, CancellationToken.None)).Cause);
        }

        [Fact]
        public async Task Register_SimSilent_SimNotAvailable()
        {
            (VisitedOperator vo, _, _) = Build();
            var ue = new ScriptedUe();
            ue.Then((rand, autn) => null);

            RegistrationOutcome outcome = await vo.RegisterAsync(Pimsi, ue, CancellationToken.None);

            Assert.True(outcome.SimFailure);
            Assert.False(outcome.Accepted);
        }

        [Fact]
        public async Task Register_SynchFailureTwice_SynchFailureCause()
        {
            (VisitedOperator vo, LocalAuc rs, _) = Build();
            var sqn = new UsimSqnState();
            var usim = new UsimAuthenticator(AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, K, 0, 16, Opc, 0, null), sqn);
            var ue = new ScriptedUe();
            AuthenticateResponse Auts(byte[] rand, byte[] autn)
            {
                // A USIM whose SQN_MS is far ahead: compute a genuine AUTS for SQN_MS = 2^40.
                var apdu = new byte[64];
                var auts = new byte[14];
                var sqnMs = new byte[] { 0x01, 0x00, 0x00, 0x00, 0x00, 0x00 };
                int autsLength = M2MDevice.Aka.Auts.Build(usim.Algorithm, rand, 0, sqnMs, 0, auts, 0);
                int length = AuthenticateApdu.BuildSyncFailure(auts, 0, autsLength, apdu, 0);
                var response = new AuthenticateResponse();
                AuthenticateApdu.ParseResponse(AuthenticateContext.Umts, apdu, 0, length, response);
                return response;
            }

            ue.Then(Auts);
            ue.Then(Auts);

            RegistrationOutcome outcome = await vo.RegisterAsync(Pimsi, ue, CancellationToken.None);

            Assert.Equal(NasCause.SynchFailure, outcome.Cause);
            Assert.Equal((1, 2, 1), (rs.Resynchronizations, ue.Calls, vo.ResynchronizationCount));
        }

        [Fact]
        public async Task Register_SourceRefuses_CauseFromStatus()
        {
            var unknown = new LocalAuc();
            var vo = new VisitedOperator("VO", new[] { SubscriberRule.Accept("0", "9", unknown, "empty", false) }, NasCause.PlmnNotAllowed, null);

            Assert.Equal(NasCause.ImsiUnknownInHlr, (await vo.RegisterAsync(Pimsi, new ScriptedUe(), CancellationToken.None)).Cause);
        }

        [Fact]
        public void Rule_BadRangeOrCause_Refused()
        {
            Assert.Throws<ArgumentException>(() => SubscriberRule.Reject("002", "001", 11));
            Assert.Throws<ArgumentException>(() => SubscriberRule.Reject("00", "001", 11));
            Assert.Throws<ArgumentOutOfRangeException>(() => SubscriberRule.Reject("0", "9", 0));
            Assert.Throws<ArgumentNullException>(() => SubscriberRule.Accept("0", "9", null, "x", false));
            Assert.False(SubscriberRule.Reject("00101", "00101", 11).Matches("0010"));
        }
    }
}
