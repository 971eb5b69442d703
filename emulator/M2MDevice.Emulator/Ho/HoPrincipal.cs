namespace M2MDevice.Emulator.Ho
{
    /// <summary>An authenticated caller of a home operator: role, its id (null for admin) and, for a visited operator, its IND (TS 33.102 C.1.2).</summary>
    public sealed record HoPrincipal(HoRole Role, string Id, int Ind) : Rs.IOperatorPrincipal<HoRole>;
}
