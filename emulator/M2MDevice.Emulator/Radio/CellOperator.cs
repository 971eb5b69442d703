using System;
using M2MDevice.Emulator.Visited;

namespace M2MDevice.Emulator.Radio
{
    /// <summary>
    /// One operator in coverage: its PLMN (MCC+MNC), names, access technology, the signal the modem measures
    /// (+CSQ), the cell it camps on, and its core network (<see cref="VisitedOperator"/>).
    /// </summary>
    public sealed class CellOperator
    {
        /// <summary>Creates an operator; validates every field.</summary>
        public CellOperator(string plmn, string longName, string shortName, int accessTechnology, int rssi, int bitErrorRate, int areaCode, int cellId, VisitedOperator core)
        {
            if (plmn == null || plmn.Length < 5 || plmn.Length > 6 || !IsDigits(plmn))
            {
                throw new ArgumentException("PLMN is MCC (3 digits) + MNC (2 or 3 digits)", nameof(plmn));
            }

            ArgumentException.ThrowIfNullOrWhiteSpace(longName);
            ArgumentNullException.ThrowIfNull(core);
            CheckName(longName, nameof(longName));
            CheckName(shortName ?? string.Empty, nameof(shortName));

            // TS 27.007 7.3 <AcT>: 0 GSM, 2 UTRAN, 7 E-UTRAN, 9 E-UTRAN NB-S1 ...
            if (accessTechnology < 0 || accessTechnology > 13)
            {
                throw new ArgumentOutOfRangeException(nameof(accessTechnology));
            }

            // TS 27.007 8.5: rssi 0..31 or 99, ber 0..7 or 99.
            if ((rssi < 0 || rssi > 31) && rssi != 99)
            {
                throw new ArgumentOutOfRangeException(nameof(rssi));
            }

            if ((bitErrorRate < 0 || bitErrorRate > 7) && bitErrorRate != 99)
            {
                throw new ArgumentOutOfRangeException(nameof(bitErrorRate));
            }

            if (areaCode < 0 || areaCode > 0xFFFF)
            {
                throw new ArgumentOutOfRangeException(nameof(areaCode));
            }

            if (cellId < 0 || cellId > 0x0FFFFFFF)
            {
                throw new ArgumentOutOfRangeException(nameof(cellId));
            }

            Plmn = plmn;
            LongName = longName;
            ShortName = shortName ?? string.Empty;
            AccessTechnology = accessTechnology;
            Rssi = rssi;
            BitErrorRate = bitErrorRate;
            AreaCode = areaCode;
            CellId = cellId;
            Core = core;
        }

        /// <summary>Numeric PLMN, MCC + MNC ("00101").</summary>
        public string Plmn { get; }

        /// <summary>MCC, the first three digits.</summary>
        public string Mcc => Plmn.Substring(0, 3);

        /// <summary>MNC, two or three digits.</summary>
        public string Mnc => Plmn.Substring(3);

        /// <summary>Long alphanumeric name (+COPS format 0).</summary>
        public string LongName { get; }

        /// <summary>Short alphanumeric name (+COPS format 1).</summary>
        public string ShortName { get; }

        /// <summary>TS 27.007 &lt;AcT&gt; (7 = E-UTRAN).</summary>
        public int AccessTechnology { get; }

        /// <summary>+CSQ &lt;rssi&gt; when camped here.</summary>
        public int Rssi { get; }

        /// <summary>+CSQ &lt;ber&gt; when camped here.</summary>
        public int BitErrorRate { get; }

        /// <summary>LAC / TAC of the cell (16 bits).</summary>
        public int AreaCode { get; }

        /// <summary>Cell identity (28 bits).</summary>
        public int CellId { get; }

        /// <summary>The operator's core network.</summary>
        public VisitedOperator Core { get; }

        private static void CheckName(string name, string parameter)
        {
            foreach (char c in name)
            {
                if (c < ' ' || c > '~' || c == '"')
                {
                    throw new ArgumentException("operator names are printable ASCII without '\"'", parameter);
                }
            }

            if (name.Length > At.NetworkServiceCommands.MaxOperatorNameLength)
            {
                throw new ArgumentException("operator name too long", parameter);
            }
        }

        private static bool IsDigits(string value)
        {
            foreach (char c in value)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
