namespace M2MDevice.Emulator.Rs
{
    /// <summary>
    /// What every operator server's service (<see cref="RsService"/>, a home operator's) offers the routes they share
    /// (<see cref="OperatorRoutes{TPrincipal, TRole}"/>): token authentication, visited-operator registration and
    /// SendAuthenticationInfo of the roaming interface.
    /// </summary>
    /// <typeparam name="TPrincipal">The server's authenticated caller.</typeparam>
    /// <typeparam name="TRegistration">The server's registration result.</typeparam>
    internal interface IOperatorService<TPrincipal, TRegistration>
    {
        /// <summary>The caller behind a bearer token, or null when the token is unknown.</summary>
        TPrincipal Authenticate(string token);

        /// <summary>Registers a visited operator and assigns its IND.</summary>
        RsResult<TRegistration> RegisterVisitedOperator(string name);

        /// <summary>SendAuthenticationInfo for an authenticated visited operator.</summary>
        RsResult<AuthenticationInfo> SendAuthenticationInfo(TPrincipal visitedOperator, string imsi, int count, byte[] rand, byte[] auts);
    }
}
