namespace M2MDevice.Emulator.Rs
{
    /// <summary>
    /// A registered manufacturer or operator: its id and bearer token (shown once; RS keeps only its hash), the IND
    /// of a visited operator, the NAF_Id (hex) of a home operator.
    /// </summary>
    public sealed record RsRegistration(RsRole Role, string Id, string Token, int? Ind, string NafIdHex) : ICallerRegistration;
}
