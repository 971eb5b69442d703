namespace M2MDevice.Emulator.Modem
{
    /// <summary>Which SIM the modem uses (AT+M2MSIMSEL, docs/emulator-modem.md).</summary>
    public enum SimSlot
    {
        /// <summary>0: the card in the modem's slot (<see cref="InsertedSimCard"/>).</summary>
        Inserted = 0,

        /// <summary>1: the device's soft USIM over the +M2MSIM remote-SIM channel (docs/remote-sim.md).</summary>
        Remote = 1,
    }
}
