namespace M2MDevice.Emulator.Rs
{
    /// <summary>An authenticated caller: role, its id (null for admin) and, for a visited operator, its IND (TS 33.102 C.1.2).</summary>
    public sealed record RsPrincipal(RsRole Role, string Id, int Ind) : IOperatorPrincipal<RsRole>;
}
