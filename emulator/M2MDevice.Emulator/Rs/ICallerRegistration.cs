namespace M2MDevice.Emulator.Rs
{
    /// <summary>A caller an operator server registered (<see cref="RsRegistration"/>, a home operator's registration).</summary>
    internal interface ICallerRegistration
    {
        /// <summary>The caller's id.</summary>
        string Id { get; }

        /// <summary>The caller's bearer token (shown once).</summary>
        string Token { get; }

        /// <summary>A visited operator's IND; null for other roles.</summary>
        int? Ind { get; }
    }
}
