using System.Security.Cryptography;

namespace M2MDevice.Emulator.Visited
{
    /// <summary>
    /// What a registration attempt at a visited operator ended with: accepted (with the keys the modem stores
    /// in EF_KEYS/EF_KEYSPS, a TMSI and the data-session policy) or not, with the NAS cause.
    /// </summary>
    public sealed class RegistrationOutcome
    {
        private RegistrationOutcome(bool accepted, int cause, bool simFailure)
        {
            Accepted = accepted;
            Cause = cause;
            SimFailure = simFailure;
            DataPolicy = DataSessionPolicy.Unrestricted;
        }

        /// <summary>True when the subscriber is registered.</summary>
        public bool Accepted { get; }

        /// <summary>NAS cause of a failed attempt (<see cref="NasCause"/>), 0 when accepted.</summary>
        public int Cause { get; }

        /// <summary>True when the SIM did not answer AUTHENTICATE (removed, silent, card error).</summary>
        public bool SimFailure { get; }

        /// <summary>Key set identifier assigned with the keys (0..6, TS 24.008 10.5.1.2).</summary>
        public int KeySetIdentifier { get; private set; }

        /// <summary>TMSI allocated by the visited operator.</summary>
        public uint Tmsi { get; private set; }

        /// <summary>CK of the accepted AKA (secret; the modem writes it to the USIM, then calls <see cref="ClearKeys"/>).</summary>
        public byte[] Ck { get; private set; }

        /// <summary>IK of the accepted AKA (secret).</summary>
        public byte[] Ik { get; private set; }

        /// <summary>True when the vectors came after a re-synchronisation (TS 33.102 6.3.5).</summary>
        public bool Resynchronized { get; private set; }

        /// <summary>Data-session policy (walled garden for PIMSIs).</summary>
        public DataSessionPolicy DataPolicy { get; private set; }

        /// <summary>An accepted registration; takes ownership of ck and ik.</summary>
        public static RegistrationOutcome Accept(int keySetIdentifier, uint tmsi, byte[] ck, byte[] ik, bool resynchronized, DataSessionPolicy policy)
        {
            return new RegistrationOutcome(true, 0, false)
            {
                KeySetIdentifier = keySetIdentifier,
                Tmsi = tmsi,
                Ck = ck,
                Ik = ik,
                Resynchronized = resynchronized,
                DataPolicy = policy ?? DataSessionPolicy.Unrestricted,
            };
        }

        /// <summary>A rejection (or MS-side failure) with a NAS cause.</summary>
        public static RegistrationOutcome Reject(int cause)
        {
            return new RegistrationOutcome(false, cause, false);
        }

        /// <summary>The SIM could not take part.</summary>
        public static RegistrationOutcome SimNotAvailable()
        {
            return new RegistrationOutcome(false, 0, true);
        }

        /// <summary>Wipes CK and IK.</summary>
        public void ClearKeys()
        {
            if (Ck != null)
            {
                CryptographicOperations.ZeroMemory(Ck);
            }

            if (Ik != null)
            {
                CryptographicOperations.ZeroMemory(Ik);
            }
        }

        /// <summary>No secrets.</summary>
        public override string ToString()
        {
            return Accepted ? "Accepted" : (SimFailure ? "SimFailure" : "Rejected #" + Cause.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
