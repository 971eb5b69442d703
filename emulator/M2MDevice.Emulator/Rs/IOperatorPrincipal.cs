namespace M2MDevice.Emulator.Rs
{
    /// <summary>An authenticated caller of an operator server (<see cref="RsPrincipal"/>, a home operator's principal).</summary>
    /// <typeparam name="TRole">The server's roles.</typeparam>
    internal interface IOperatorPrincipal<TRole>
    {
        /// <summary>The caller's role.</summary>
        TRole Role { get; }

        /// <summary>The caller's id (null for the admin).</summary>
        string Id { get; }

        /// <summary>A visited operator's IND (TS 33.102 C.1.2); -1 otherwise.</summary>
        int Ind { get; }
    }
}
