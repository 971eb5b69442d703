namespace M2MDevice.Emulator.Hosting
{
    /// <summary>A registered caller: its id, bearer token (shown once; only its hash is stored) and IND, or -1 for a role without one.</summary>
    internal sealed record TokenGrant(string Id, string Token, int Ind);
}
