namespace M2MDevice.At
{
    /// <summary>
    /// TS 27.007 clause 10 packet domain commands: +CGDCONT (10.1.1), +CGATT (10.1.9), +CGACT (10.1.10).
    /// Registration reports +CGREG/+CEREG are in <see cref="NetworkServiceCommands"/>.
    /// </summary>
    public static class PacketDomainCommands
    {
        /// <summary>Prefix of +CGDCONT read responses.</summary>
        public const string ContextPrefix = "+CGDCONT:";

        /// <summary>Prefix of +CGATT read responses.</summary>
        public const string AttachPrefix = "+CGATT:";

        /// <summary>Prefix of +CGACT read responses.</summary>
        public const string ActivationPrefix = "+CGACT:";

        /// <summary>Longest APN (TS 23.003 9.1: at most 100 octets).</summary>
        public const int MaxApnLength = 100;

        /// <summary>AT+CGDCONT=&lt;cid&gt;,"&lt;PDP_type&gt;","&lt;APN&gt;" (e.g. "IP", "IPV6", "IPV4V6").</summary>
        public static void WriteDefineContext(AtWriter writer, int contextId, string pdpType, string apn)
        {
            if (contextId < 1 || contextId > 255)
            {
                throw new System.ArgumentOutOfRangeException(nameof(contextId));
            }

            if (apn == null || apn.Length > MaxApnLength)
            {
                throw new System.ArgumentException("APN is 0..100 characters", nameof(apn));
            }

            writer.Append("AT+CGDCONT=").AppendInt(contextId).AppendByte((byte)',').AppendQuoted(pdpType)
                .AppendByte((byte)',').AppendQuoted(apn);
        }

        /// <summary>AT+CGDCONT?</summary>
        public static void WriteContextRead(AtWriter writer)
        {
            writer.Append("AT+CGDCONT?");
        }

        /// <summary>AT+CGATT=&lt;state&gt; (1 attach, 0 detach).</summary>
        public static void WriteAttach(AtWriter writer, bool attach)
        {
            writer.Append(attach ? "AT+CGATT=1" : "AT+CGATT=0");
        }

        /// <summary>AT+CGATT?</summary>
        public static void WriteAttachRead(AtWriter writer)
        {
            writer.Append("AT+CGATT?");
        }

        /// <summary>AT+CGACT=&lt;state&gt;,&lt;cid&gt;.</summary>
        public static void WriteActivate(AtWriter writer, bool activate, int contextId)
        {
            writer.Append(activate ? "AT+CGACT=1," : "AT+CGACT=0,").AppendInt(contextId);
        }

        /// <summary>AT+CGACT?</summary>
        public static void WriteActivationRead(AtWriter writer)
        {
            writer.Append("AT+CGACT?");
        }

        /// <summary>
        /// "+CGDCONT: &lt;cid&gt;,&lt;PDP_type&gt;,&lt;APN&gt;[,...]" (10.1.1 read): the first three parameters; the
        /// rest (address, compression flags ...) is skipped.
        /// </summary>
        public static bool TryParseContext(AtReader reader, out int contextId, out string pdpType, out string apn)
        {
            contextId = 0;
            pdpType = null;
            apn = null;
            int saved = reader.Position;
            if (!reader.TryExpect(ContextPrefix) || !reader.TryReadInt(1, 255, out int cid) || !reader.TryReadComma()
                || !reader.TryReadQuotedString(16, out string type) || !reader.TryReadComma()
                || !reader.TryReadOptionalQuotedString(MaxApnLength, out string name) || !reader.TrySkipRemainingParameters())
            {
                return reader.Fail(reader.Error, saved);
            }

            contextId = cid;
            pdpType = type;
            apn = name ?? string.Empty;
            return true;
        }

        /// <summary>"+CGATT: &lt;state&gt;" (10.1.9).</summary>
        public static bool TryParseAttach(AtReader reader, out bool attached)
        {
            attached = false;
            int saved = reader.Position;
            if (!reader.TryExpect(AttachPrefix) || !reader.TryReadInt(0, 1, out int state) || !reader.TryEnd())
            {
                return reader.Fail(reader.Error, saved);
            }

            attached = state == 1;
            return true;
        }

        /// <summary>"+CGACT: &lt;cid&gt;,&lt;state&gt;" (10.1.10 read, one line per context).</summary>
        public static bool TryParseActivation(AtReader reader, out int contextId, out bool active)
        {
            contextId = 0;
            active = false;
            int saved = reader.Position;
            if (!reader.TryExpect(ActivationPrefix) || !reader.TryReadInt(1, 255, out int cid) || !reader.TryReadComma()
                || !reader.TryReadInt(0, 1, out int state) || !reader.TryEnd())
            {
                return reader.Fail(reader.Error, saved);
            }

            contextId = cid;
            active = state == 1;
            return true;
        }
    }
}
