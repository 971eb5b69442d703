using System.Collections.Generic;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>The answer to SendAuthenticationInfo: the IMSI and its vectors, oldest SQN first; Resynchronized after an AUTS.</summary>
    public sealed record AuthenticationInfo(string Imsi, IReadOnlyList<AuthenticationQuintet> Vectors, bool Resynchronized);
}
