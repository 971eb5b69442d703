using System;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// One message of a device's flow: which device, who sent it to whom (<see cref="TraceParticipant"/> names),
    /// its name (<see cref="TraceMessage"/> for the standard ones), when, and an optional short non-secret detail
    /// (a PLMN, a cause, a status such as "Pending"). Never carries key material.
    /// </summary>
    public sealed record TraceEvent(string DeviceId, string From, string To, string Message, DateTimeOffset Timestamp, string Detail = null);
}
