using System;
using M2MDevice.Aka;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Firmware.Device
{
    /// <summary>
    /// The soft USIM as the provisioning state machine's <see cref="IBootstrapUsim"/> (docs/decisions.md D8): the
    /// GBA bootstrap AKA runs through <see cref="SoftUsim.Authenticate(byte[], int, byte[], int, int, UsimAuthenticationOutput)"/>, i.e. the same keys, SQN array and
    /// persistence as the AUTHENTICATE APDU the modem sends, without touching the card's file selection; identity
    /// switches go to <see cref="SoftUsim.SwitchIdentity"/> and take effect at the modem's next SIM reset.
    /// </summary>
    public sealed class SoftUsimBootstrap : IBootstrapUsim
    {
        private readonly SoftUsim usim;

        /// <summary>Exposes usim to the provisioning state machine.</summary>
        public SoftUsimBootstrap(SoftUsim usim)
        {
            if (usim == null)
            {
                throw new ArgumentNullException(nameof(usim));
            }

            this.usim = usim;
        }

        /// <summary>Bootstrap AKA runs (any result).</summary>
        public int Authentications { get; private set; }

        /// <summary>Identity switches requested.</summary>
        public int Switches { get; private set; }

        /// <inheritdoc />
        public UsimIdentityKind CurrentIdentity
        {
            get { return usim.SelectedIdentity; }
        }

        /// <inheritdoc />
        public AkaResult Authenticate(byte[] rand, int randOffset, byte[] autn, int autnOffset, int autnLength, UsimAuthenticationOutput output)
        {
            Authentications++;
            return usim.Authenticate(rand, randOffset, autn, autnOffset, autnLength, output);
        }

        /// <inheritdoc />
        public void SwitchIdentity(UsimIdentityKind identity, UsimProfile profile)
        {
            Switches++;
            usim.SwitchIdentity(identity, profile);
        }
    }
}
