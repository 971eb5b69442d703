using System;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Crypto;
using M2MDevice.Emulator.Rs;
using M2MDevice.Protocol;

namespace M2MDevice.Emulator.Tests.Rs
{
    /// <summary>The device side of ARCHITECTURE 3.3 built from shared/Aka and shared/Protocol: bootstrap, then ask for the HO.</summary>
    public sealed class DeviceBootstrapClient
    {
        private readonly RsTestKit kit;
        private readonly TestDevice device;

        public DeviceBootstrapClient(RsTestKit kit, TestDevice device)
        {
            this.kit = kit;
            this.device = device;
        }

        public byte[] BTid { get; private set; }

        public byte[] Rand { get; private set; }

        public byte[] Ks { get; private set; }

        public uint Lifetime { get; private set; }

        public int Challenges { get; private set; }

        public static byte[] Encode(Func<byte[], (ProtocolResult, int)> encode)
        {
            byte[] buffer = new byte[MessageEnvelope.MaxMessageLength];
            (ProtocolResult result, int length) = encode(buffer);
            Assert.Equal(ProtocolResult.Success, result);
            return buffer.AsSpan(0, length).ToArray();
        }

        public async Task<(HttpStatusCode Status, byte[] Body)> SendBootstrapRequestAsync(string impi = null)
        {
            var request = new BootstrapRequest { Impi = Encoding.ASCII.GetBytes(impi ?? this.device.Impi) };
            return await this.kit.PostBinaryAsync("ub/v1/bootstrap", Encode(b => (request.Encode(b, 0, b.Length, out int n), n)));
        }

        /// <summary>Full bootstrap: request, challenge(s), RES (resyncing with AUTS when the USIM asks), result.</summary>
        public async Task BootstrapAsync()
        {
            (HttpStatusCode status, byte[] body) = await this.SendBootstrapRequestAsync();
            for (int attempt = 0; attempt < 3; attempt++)
            {
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Equal(ProtocolResult.Success, BootstrapChallenge.TryDecode(body, 0, body.Length, out BootstrapChallenge challenge));
                this.Challenges++;
                (AkaResult result, UsimAuthenticationOutput output) = this.device.Authenticate(challenge.Rand, challenge.Autn);
                var response = new BootstrapResponse { Rand = challenge.Rand };
                if (result == AkaResult.SyncFailure)
                {
                    response.Auts = output.Auts.AsSpan(0, output.AutsLength).ToArray();
                    (status, body) = await this.kit.PostBinaryAsync("ub/v1/bootstrap", Encode(b => (response.Encode(b, 0, b.Length, out int n), n)));
                    continue;
                }

                Assert.Equal(AkaResult.Success, result);
                response.Res = output.Res.AsSpan(0, output.ResLength).ToArray();
                (status, body) = await this.kit.PostBinaryAsync("ub/v1/bootstrap", Encode(b => (response.Encode(b, 0, b.Length, out int n), n)));
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Equal(ProtocolResult.Success, BootstrapResult.TryDecode(body, 0, body.Length, out BootstrapResult bootstrapResult));
                this.BTid = bootstrapResult.BTid;
                this.Lifetime = bootstrapResult.Lifetime;
                this.Rand = challenge.Rand;

                // TS 33.220 4.5.2: Ks = CK || IK.
                this.Ks = new byte[32];
                Array.Copy(output.Ck, 0, this.Ks, 0, 16);
                Array.Copy(output.Ik, 0, this.Ks, 16, 16);
                return;
            }

            Assert.Fail("bootstrap did not finish");
        }

        /// <summary>Ks_NAF for a NAF_Id (TS 33.220 B.3) computed on the device.</summary>
        public byte[] KsNaf(byte[] nafId)
        {
            byte[] impi = Encoding.UTF8.GetBytes(this.device.Impi);
            byte[] output = new byte[32];
            new Kdf().DeriveKsNaf(this.Ks, 0, this.Rand, 0, impi, 0, impi.Length, nafId, 0, nafId.Length, output, 0);
            return output;
        }

        /// <summary>NAF_Id of RS: the B-TID's host || Ua security protocol identifier.</summary>
        public byte[] RsNafIdFromBTid()
        {
            string btid = Encoding.ASCII.GetString(this.BTid);
            return RsNafId.For(btid.Substring(btid.IndexOf('@') + 1));
        }

        public async Task<(HttpStatusCode Status, HomeOperatorAnswer Answer, byte[] Raw)> AskHomeOperatorAsync(bool corruptMac = false)
        {
            byte[] nonce = RandomNumberGenerator.GetBytes(16);
            byte[] ksNaf = this.KsNaf(this.RsNafIdFromBTid());
            var protection = new MessageProtection();
            var request = new HomeOperatorRequest { BTid = this.BTid, DeviceNonce = nonce };
            byte[] message = Encode(b => (request.Encode(protection, ksNaf, 0, b, 0, b.Length, out int n), n));
            if (corruptMac)
            {
                message[^1] ^= 0x01;
            }

            (HttpStatusCode status, byte[] body) = await this.kit.PostBinaryAsync("ub/v1/home-operator", message);
            if (status != HttpStatusCode.OK)
            {
                return (status, null, body);
            }

            Assert.Equal(ProtocolResult.Success, HomeOperatorAnswer.TryOpen(protection, ksNaf, 0, nonce, 0, body, 0, body.Length, out HomeOperatorAnswer answer));
            return (status, answer, body);
        }

        public static ErrorCause CauseOf(byte[] body)
        {
            Assert.Equal(ProtocolResult.Success, ErrorAnswer.TryDecode(body, 0, body.Length, out ErrorAnswer error));
            return error.Cause;
        }
    }
}
