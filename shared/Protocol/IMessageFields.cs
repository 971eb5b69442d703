namespace M2MDevice.Protocol
{
    /// <summary>
    /// The per-message parts of a TLV message (docs/protocol.md) that MessageCodec runs its shared encode, decode and
    /// MAC sequences over: the field rules and the field bodies between the envelope header and the MAC.
    /// </summary>
    internal interface IMessageFields
    {
        /// <summary>Checks every field against its rule; Success or the first violation.</summary>
        ProtocolResult Validate();

        /// <summary>Writes the fields after the envelope header.</summary>
        void WriteFields(TlvWriter writer);

        /// <summary>Reads the fields up to the end of the body; Success once every required tag was seen.</summary>
        ProtocolResult ReadFields(TlvReader reader);
    }
}
