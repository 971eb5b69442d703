using System;
using M2MDevice.Aka;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Firmware.Tests.Provisioning
{
    /// <summary>
    /// The soft USIM's AKA as IBootstrapUsim sees it, built on the shared UsimAuthenticator and UsimSqnState over the
    /// real key store (the SQN array of each identity is loaded from it and the changed slot saved before answering),
    /// as SoftUsim will do once it implements the interface. The network attach (FakeCellularNetwork) runs its AKA
    /// through the same object, so bootstrap and access AKA share one SQN array.
    /// </summary>
    internal sealed class FakeBootstrapUsim : IBootstrapUsim
    {
        private readonly DeviceKeyStore store;
        private UsimProfile profile;

        public FakeBootstrapUsim(DeviceKeyStore store)
        {
            this.store = store;
            CurrentIdentity = store.ActiveIdentity;
            Assert.True(store.TryGetProfile(CurrentIdentity, out profile));
        }

        public UsimIdentityKind CurrentIdentity { get; private set; }

        public int Switches { get; private set; }

        public string CurrentImsi
        {
            get
            {
                Assert.True(UsimEncoding.TryDecodeImsi(profile.EfImsi, 0, out string imsi));
                return imsi;
            }
        }

        public AkaResult Authenticate(byte[] rand, int randOffset, byte[] autn, int autnOffset, int autnLength, UsimAuthenticationOutput output)
        {
            IAkaAlgorithm algorithm = AkaAlgorithmFactory.Create(profile.Algorithm, profile.K, 0, profile.K.Length, profile.Opc, 0, null);
            var slots = new byte[UsimSqnState.ArrayLength];
            store.LoadSqnSlots(CurrentIdentity, slots, 0);
            var sqn = new UsimSqnState(slots, 0);
            var authenticator = new UsimAuthenticator(algorithm, sqn);
            AkaResult result = authenticator.Authenticate(rand, randOffset, autn, autnOffset, autnLength, output);
            if (result == AkaResult.Success && output.ChangedSqnSlot >= 0)
            {
                // Durable before RES leaves the card (TS 33.102 C.2.2 / docs/keystore-format.md 5.1).
                store.SaveSqnSlot(CurrentIdentity, output.ChangedSqnSlot, sqn.Slots, output.ChangedSqnSlot * UsimSqnState.SlotLength);
            }

            algorithm.Clear();
            return result;
        }

        public void SwitchIdentity(UsimIdentityKind identity, UsimProfile newProfile)
        {
            Assert.NotNull(newProfile);
            CurrentIdentity = identity;
            profile = newProfile;
            Switches++;
        }
    }
}
