namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// Where the components of one emulated network report the messages of a device's flow (modem, VO, RS, HO,
    /// device; figure 2 of the seed), for the demo's sequence diagram. Implementations are thread-safe and never
    /// block; callers pass names and ids only, never secrets (no K, OPc, RAND, RES, keys, tokens).
    /// </summary>
    public interface ITraceRecorder
    {
        /// <summary>Records one message; a disabled recorder ignores it.</summary>
        void Record(TraceEvent traceEvent);
    }
}
