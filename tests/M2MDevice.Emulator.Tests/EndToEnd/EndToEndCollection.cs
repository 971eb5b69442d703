namespace M2MDevice.Emulator.Tests.EndToEnd
{
    /// <summary>
    /// The end-to-end tests run one at a time: each starts a whole network and a device fleet, and on a small machine
    /// several at once would only compete for the cores (their own timers are real time).
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class EndToEndCollection
    {
        /// <summary>The collection name.</summary>
        public const string Name = "EndToEnd";
    }
}
