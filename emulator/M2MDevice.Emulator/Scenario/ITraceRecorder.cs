namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// Where the components of one emulated network report the messages of a device's flow (modem, VO, RS, HO,
    /// device; figure 2 of the seed), for the demo's sequence diagram. Implementations are thread-safe and never
    /// block; callers pass names and ids only, never secrets (no K, OPc, RAND, RES, keys, tokens). Network components
    /// that know a device only by a public identity (the VO sees a PIMSI or IMSI) record events with that identity as
    /// <see cref="TraceEvent.DeviceId"/>; whoever binds the identity to the device (RS at batch registration, the HO
    /// when it allocates the operational IMSI) calls <see cref="Alias"/> so a recorder can file those events under the
    /// device.
    /// </summary>
    public interface ITraceRecorder
    {
        /// <summary>Records one message; a disabled recorder ignores it.</summary>
        void Record(TraceEvent traceEvent);

        /// <summary>
        /// Declares that events recorded with identity (a PIMSI or operational IMSI; public, never a key) as device id
        /// belong to deviceId. The default ignores it (a recorder that does not map identities).
        /// </summary>
        void Alias(string identity, string deviceId)
        {
        }
    }
}
