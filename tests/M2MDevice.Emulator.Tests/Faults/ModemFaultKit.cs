using System;
using System.Threading.Tasks;
using M2MDevice.Emulator.Faults;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Emulator.Tests.Faults
{
    /// <summary>Shared steps of the device fault tests (modem faults, power cuts) over the real composition.</summary>
    internal static class ModemFaultKit
    {
        /// <summary>Wall-clock bound of one device run.</summary>
        public static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(40);

        /// <summary>A rebootable device of unit in network's radio, with plan (null: no modem faults).</summary>
        public static RebootableDevice Device(NetworkComposition network, ManufacturedUnit unit, int index, ModemFaultPlan plan = null)
        {
            return new RebootableDevice(unit.DeviceId, unit.Image, unit.Keys.ToKeyProvider(), network.Radio, index, plan);
        }

        /// <summary>Manufactures one device and registers it with the first home operator.</summary>
        public static async Task<ManufacturedUnit> OneRegisteredAsync(NetworkComposition network)
        {
            ManufacturedUnit unit = (await EndToEndKit.ManufactureAsync(network, 1))[0];
            await EndToEndKit.RegisterAsync(network, network.HomeOperators[0], unit.DeviceId);
            return unit;
        }

        /// <summary>
        /// Provisioned on the device (operational identity, preliminary retired, nothing staged or queued, the IMSI its
        /// modem attached with), a key store that mounts from the flash alone, and RS and the HO agreeing on that IMSI.
        /// The attach with that IMSI ran AKA against the HO's keys, so the installed K and OPc are the HO's too.
        /// </summary>
        public static async Task AssertProvisionedAsync(NetworkComposition network, ComposedHomeOperator ho, ManufacturedUnit unit, RebootableDevice device, string where)
        {
            Assert.True(device.Runtime.ProvisioningState == ProvisioningState.Provisioned, where + ": " + device.Runtime.ProvisioningStateName + "\n" + device.RecentLog);
            Assert.Equal(UsimIdentityKind.Operational, device.Runtime.ActiveIdentity);
            Assert.True(device.Runtime.TryGetImsi(out string imsi), where);
            Assert.True(ho.Spec.ImsiRange.Contains(imsi), where + ": " + imsi + " is not the HO's");
            Assert.Equal(imsi, device.Modem.SimInfo.Imsi);

            var store = new DeviceKeyStore(device.Flash, 0, unit.Keys.ToKeyProvider());
            Assert.Equal(KeyStoreResult.Ok, store.Mount());
            Assert.Equal(0, store.BodyErrors);
            Assert.True(store.IsPreliminaryRetired, where);
            Assert.False(store.HasStagedProfile, where);
            Assert.Equal(0, store.NotificationCount);
            Assert.Equal(UsimIdentityKind.Operational, store.ActiveIdentity);

            DeviceStatus status = await EndToEndKit.StatusAsync(network, ho, unit.DeviceId);
            Assert.True(status.Stage == DeviceStage.Provisioned, where + ": stage " + status.Stage + " " + status.Problem);
            Assert.Equal("retired", status.Rs.State);
            Assert.Equal("provisioned", status.Ho.State);
            Assert.Equal(imsi, status.Ho.Imsi);
            Assert.False(status.Ho.OutcomePending, where);
        }
    }
}
