namespace M2MDevice.At
{
    /// <summary>
    /// The operators of a +COPS=? response, up to a fixed capacity (entries beyond it are counted in
    /// <see cref="TotalCount"/> but not kept, and <see cref="Truncated"/> is set).
    /// </summary>
    public sealed class OperatorList
    {
        private readonly OperatorEntry[] entries;

        /// <summary>Creates a list holding up to capacity operators.</summary>
        public OperatorList(int capacity)
        {
            if (capacity < 1)
            {
                throw new System.ArgumentOutOfRangeException(nameof(capacity));
            }

            entries = new OperatorEntry[capacity];
            for (int i = 0; i < capacity; i++)
            {
                entries[i] = new OperatorEntry();
            }
        }

        /// <summary>Number of entries kept.</summary>
        public int Count { get; internal set; }

        /// <summary>Number of entries the response listed.</summary>
        public int TotalCount { get; internal set; }

        /// <summary>True when the response listed more operators than the capacity.</summary>
        public bool Truncated => TotalCount > Count;

        /// <summary>Capacity.</summary>
        public int Capacity => entries.Length;

        /// <summary>Entry index (0 &lt;= index &lt; Count).</summary>
        public OperatorEntry Get(int index)
        {
            if (index < 0 || index >= Count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(index));
            }

            return entries[index];
        }

        internal OperatorEntry Slot(int index)
        {
            return entries[index];
        }
    }
}
