using System;
using M2MDevice.Aka;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Tests.Usim;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;
using Xunit.Abstractions;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.Integration
{
    /// <summary>
    /// A change of home operator through the soft USIM over the key store: subscription A is
    /// operational, the modem has written its location, forbidden PLMNs and keys, and A's AuC has
    /// pushed SQN_MS far up; then subscription B (another IMSI and K) is committed. After the switch the
    /// card presents B's fresh files (TS 31.102 initial values) and B's first vector is accepted
    /// without resynchronisation; a power cut anywhere in the commit shows A with all of A's state or
    /// B fresh, never B with A's files.
    /// </summary>
    public class HomeOperatorSwitchTests
    {
        // TS 31.102 4.2.17: TMSI and LAI deleted (LAC 'FFFE'), update status "not updated".
        private const string FreshLoci = "fffffffffffffffffeff01";

        // TS 31.102 4.2.23 / 4.2.91: P-TMSI, RAI, GUTI and TAI deleted, status "not updated".
        private const string FreshPsLoci = "fffffffffffffffffffffffeff01";
        private const string FreshEpsLoci = "fffffffffffffffffffffffffffffffffe01";

        // TS 31.102 4.2.3: KSI '07' = no key available.
        private static readonly string FreshKeys = "07" + new string('f', 64);

        private const string ALoci = "1122334462f2200001ff00";
        private const string AFplmn = "62f22062f230ffffffffffff";
        private const string AKeys = "01" + "0102030405060708090a0b0c0d0e0f10" + "1112131415161718191a1b1c1d1e1f20";
        private const string PreliminaryLoci = "5566778800f1100002ff00";

        private readonly ITestOutputHelper output;

        public HomeOperatorSwitchTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public void Switch_CommitNewSubscriptionThenReboot_UsimPresentsFreshFilesAndAcceptsFirstVector()
        {
            Scenario scenario = Scenario.Build();
            IntegratedDevice device = scenario.Device;

            Assert.Equal(KeyStoreResult.Ok, device.Store.CommitStagedProfile());
            device.Reboot();

            Assert.Equal(UsimIdentityKind.Operational, device.Usim.ActiveIdentity);
            Assert.Equal("262021234567890", device.BringUp());
            AssertFresh(device, scenario.B);

            // B's AuC starts at SEQ 1 on the IND where A's SQN_MS was far ahead: accepted, no AUTS.
            var aucB = new TestAuc(scenario.B, 0, seed: 9);
            AuthenticationVector first = aucB.Next(3);
            Assert.Equal(IntegratedDevice.ExpectedSuccess(first), device.Send(IntegratedDevice.AuthenticateCommand(first.Rand, first.Autn, first.AutnLength)));

            // The preliminary identity kept its SQN array and its files.
            Assert.Equal(scenario.PreliminarySqn, SqnArray(device.Store, UsimIdentityKind.Preliminary));
            Assert.Equal(PreliminaryLoci, LoadFile(device.Store, UsimIdentityKind.Preliminary, UsimFileId.Loci));
        }

        [Fact]
        public void Switch_PowerCutAtEveryByteAndOperationOfTheCommit_UsimShowsAWithItsStateOrBFresh()
        {
            Scenario scenario = Scenario.Build();
            IntegratedDevice device = scenario.Device;
            byte[] before = device.Snapshot();
            device.Flash.ResetStatistics();
            Assert.Equal(KeyStoreResult.Ok, device.Store.CommitStagedProfile());
            int bytes = device.Flash.TotalProgrammedBytes;
            int operations = device.Flash.OperationCount;

            int cuts = 0;
            int endedA = 0;
            int endedB = 0;
            for (int n = 0; n < bytes + operations; n++)
            {
                device.Flash.Reboot();
                device.Flash.LoadFrom(before);
                var store = new DeviceKeyStore(device.Flash, FirstSector, Keys());
                Assert.Equal(KeyStoreResult.Ok, store.Mount());
                if (n < bytes)
                {
                    device.Flash.ArmCutAfterProgrammedBytes(n);
                }
                else
                {
                    device.Flash.ArmCutAfterOperations(n - bytes);
                }

                Assert.Throws<PowerCutException>(() => store.CommitStagedProfile());
                device.Reboot();
                cuts++;
                string imsi = device.BringUp();
                if (imsi == "262011106487504")
                {
                    // A, with everything A had: location, forbidden PLMNs, keys, SQN_MS (a replay is refused).
                    endedA++;
                    Assert.Equal(ALoci, device.ReadFile(UsimFileId.Loci, 11));
                    Assert.Equal(AFplmn, device.ReadFile(UsimFileId.Fplmn, 12));
                    Assert.Equal(AKeys, device.ReadFile(UsimFileId.Keys, 33));
                    Assert.Equal(scenario.OperationalSqn, SqnArray(device.Store, UsimIdentityKind.Operational));
                    Assert.True(device.Store.HasStagedProfile);
                }
                else
                {
                    endedB++;
                    Assert.Equal("262021234567890", imsi);
                    AssertFresh(device, scenario.B);
                    Assert.Equal(new byte[KeyStoreLimits.SqnArrayLength], SqnArray(device.Store, UsimIdentityKind.Operational));
                }

                Assert.Equal(scenario.PreliminarySqn, SqnArray(device.Store, UsimIdentityKind.Preliminary));
                Assert.Equal(PreliminaryLoci, LoadFile(device.Store, UsimIdentityKind.Preliminary, UsimFileId.Loci));
                Assert.True(device.Store.HasPreliminary);
            }

            output.WriteLine($"home operator switch through the USIM: {cuts} cut points ({bytes} bytes, {operations} operations): {endedA} presented A with its state, {endedB} B fresh");
            Assert.True(endedA > 0);
            Assert.True(endedB > 0);
        }

        private static void AssertFresh(IntegratedDevice device, UsimProfile b)
        {
            Assert.Equal(FreshLoci, device.ReadFile(UsimFileId.Loci, 11));
            Assert.Equal(FreshPsLoci, device.ReadFile(UsimFileId.PsLoci, 14));
            Assert.Equal(FreshEpsLoci, device.ReadFile(UsimFileId.EpsLoci, 18));
            Assert.Equal(FreshKeys, device.ReadFile(UsimFileId.Keys, 33));
            Assert.Equal(FreshKeys, device.ReadFile(UsimFileId.KeysPs, 33));

            // EF_FPLMN: the profile's own list (here empty), not A's forbidden networks.
            Assert.Equal(TestVectors.ToHex(b.Fplmn), device.ReadFile(UsimFileId.Fplmn, 12));
            foreach (ushort fileId in PersistedFiles)
            {
                Assert.Equal(-1, device.Store.LoadFile(UsimIdentityKind.Operational, fileId, new byte[256], 0));
            }
        }

        private static byte[] SqnArray(DeviceKeyStore store, UsimIdentityKind identity)
        {
            var array = new byte[KeyStoreLimits.SqnArrayLength];
            store.LoadSqnSlots(identity, array, 0);
            return array;
        }

        private static string LoadFile(DeviceKeyStore store, UsimIdentityKind identity, ushort fileId)
        {
            var buffer = new byte[256];
            int length = store.LoadFile(identity, fileId, buffer, 0);
            return length < 0 ? "absent" : TestVectors.ToHex(buffer.AsSpan(0, length).ToArray());
        }

        /// <summary>
        /// PIMSI attach (one AKA, a location update), A committed; A attaches (AKA far up the SQN range on
        /// IND 3 and 5) and the modem writes EF_LOCI, EF_FPLMN, EF_KEYS; B staged, commit pending.
        /// </summary>
        private sealed class Scenario
        {
            public IntegratedDevice Device;
            public UsimProfile B;
            public byte[] PreliminarySqn;
            public byte[] OperationalSqn;

            public static Scenario Build()
            {
                UsimProfile preliminary = UsimTestCard.Preliminary();
                UsimProfile a = UsimTestCard.Operational();
                UsimProfile b = UsimTestCard.Profile(
                    "262021234567890", "8949000000000000029", "fec86ba6eb707ed08905757b1bb44b8f", "1006020f0a478bf6b699f15c062e42b3");
                b.Fplmn = TestVectors.Hex("ffffffffffffffffffffffff");
                b.ProfileSequence = 2;
                IntegratedDevice device = IntegratedDevice.Manufacture(preliminary);

                device.BringUp();
                var aucPreliminary = new TestAuc(preliminary, 0, seed: 1);
                AuthenticationVector vector = aucPreliminary.Next(2);
                Assert.Equal(IntegratedDevice.ExpectedSuccess(vector), device.Send(IntegratedDevice.AuthenticateCommand(vector.Rand, vector.Autn, vector.AutnLength)));
                Assert.Equal("9000", device.Send("00d68b000b" + PreliminaryLoci));
                byte[] preliminarySqn = SqnArray(device.Store, UsimIdentityKind.Preliminary);

                Assert.Equal(KeyStoreResult.Ok, device.Store.StageProfile(a));
                Assert.Equal(KeyStoreResult.Ok, device.Store.CommitStagedProfile());
                device.Reboot();
                Assert.Equal("262011106487504", device.BringUp());
                var aucA = new TestAuc(a, 5000, seed: 2);
                foreach (int ind in new[] { 3, 5 })
                {
                    AuthenticationVector v = aucA.Next(ind);
                    Assert.Equal(IntegratedDevice.ExpectedSuccess(v), device.Send(IntegratedDevice.AuthenticateCommand(v.Rand, v.Autn, v.AutnLength)));
                }

                Assert.Equal("9000", device.Send("00a4000c026f7e"));
                Assert.Equal("9000", device.Send("00d600000b" + ALoci));
                Assert.Equal("9000", device.Send("00a4000c026f7b"));
                Assert.Equal("9000", device.Send("00d600000c" + AFplmn));
                Assert.Equal("9000", device.Send("00a4000c026f08"));
                Assert.Equal("9000", device.Send("00d6000021" + AKeys));
                Assert.Equal(ALoci, device.ReadFile(UsimFileId.Loci, 11));

                Assert.Equal(KeyStoreResult.Ok, device.Store.StageProfile(b));
                return new Scenario
                {
                    Device = device,
                    B = b,
                    PreliminarySqn = preliminarySqn,
                    OperationalSqn = SqnArray(device.Store, UsimIdentityKind.Operational),
                };
            }
        }
    }
}
