namespace M2MDevice.Firmware.Modem
{
    /// <summary>
    /// The modem's supply and power key as the sans-IO <see cref="CellularStateMachine"/> drives them: every
    /// call only sets a line level and returns at once; the machine times the pulse with its ticks. The board
    /// implements it over GPIO (e.g. SIMCom A76xx PWRKEY, hardware design manual: pulse of at least 50 ms to
    /// switch on); boards whose modem is always powered pass null instead.
    /// </summary>
    public interface IModemPower
    {
        /// <summary>Switches the modem's supply on or off (a board without a supply switch ignores it).</summary>
        void SetSupply(bool on);

        /// <summary>Asserts (pressed) or releases the power key line.</summary>
        void SetPowerKey(bool pressed);
    }
}
