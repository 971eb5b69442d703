namespace M2MDevice.Emulator.Ho
{
    /// <summary>A registered owner or visited operator: its id, bearer token (shown once; the HO keeps only its hash) and, for a visited operator, its IND.</summary>
    public sealed record HoRegistration(HoRole Role, string Id, string Token, int? Ind) : Rs.ICallerRegistration;
}
