using System;
using M2MDevice.Emulator.Rs;

namespace M2MDevice.Emulator.Ho
{
    /// <summary>
    /// One PLMN of a profile's PLMN lists: MCC, MNC and the access technology bitmap of the "with access technology"
    /// lists (TS 31.102 4.2.5: 0x8000 UTRAN, 0x4000 E-UTRAN, 0x0080 GSM; ignored for EF_EHPLMN).
    /// </summary>
    public sealed class HoPlmn
    {
        /// <summary>UTRAN, E-UTRAN and GSM (TS 31.102 4.2.5).</summary>
        public const ushort AllAccessTechnologies = 0x8000 | 0x4000 | 0x0080;

        /// <summary>Creates an entry; ArgumentException when MCC is not 3 digits or MNC not 2 or 3 digits.</summary>
        public HoPlmn(string mcc, string mnc, ushort accessTechnology = AllAccessTechnologies)
        {
            if (!PimsiRange.IsDigits(mcc, 3, 3) || !PimsiRange.IsDigits(mnc, 2, 3))
            {
                throw new ArgumentException("a PLMN is an MCC of 3 digits and an MNC of 2 or 3 digits");
            }

            this.Mcc = mcc;
            this.Mnc = mnc;
            this.AccessTechnology = accessTechnology;
        }

        /// <summary>Mobile country code.</summary>
        public string Mcc { get; }

        /// <summary>Mobile network code.</summary>
        public string Mnc { get; }

        /// <summary>Access technology bitmap (TS 31.102 4.2.5).</summary>
        public ushort AccessTechnology { get; }

        /// <inheritdoc/>
        public override string ToString() => this.Mcc + "-" + this.Mnc;
    }
}
