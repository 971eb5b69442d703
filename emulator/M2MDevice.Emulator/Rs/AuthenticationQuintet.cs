namespace M2MDevice.Emulator.Rs
{
    /// <summary>One authentication vector of TS 33.102 6.3.2 as sent to a visited operator. Xres, Ck and Ik are secret.</summary>
    public sealed record AuthenticationQuintet(byte[] Rand, byte[] Xres, byte[] Ck, byte[] Ik, byte[] Autn);
}
