namespace M2MDevice.Firmware.Modem
{
    /// <summary>Receives every line the <see cref="AtChannel"/> did not attribute to the command in flight.</summary>
    public interface IAtUrcHandler
    {
        /// <summary>
        /// An unsolicited result code (or a stray line) in line[offset..offset+count), terminator excluded.
        /// The bytes are valid only during the call. Must not call <see cref="AtChannel.Receive"/>.
        /// </summary>
        void OnUnsolicited(byte[] line, int offset, int count);
    }
}
