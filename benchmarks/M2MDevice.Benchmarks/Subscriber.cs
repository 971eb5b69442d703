namespace M2MDevice.Benchmarks
{
    /// <summary>The benchmark subscriber: TS 35.208 test set 1 (tests/vectors/milenage.json) and TS 35.233 set 1 for TUAK.</summary>
    public static class Subscriber
    {
        /// <summary>MILENAGE K.</summary>
        public static byte[] MilenageKey => System.Convert.FromHexString("465b5ce8b199b49faa5f0a2ee238a6bc");

        /// <summary>MILENAGE OPc.</summary>
        public static byte[] MilenageOpc => System.Convert.FromHexString("cd63cb71954a9f4e48a5994e37a02baf");

        /// <summary>TUAK K.</summary>
        public static byte[] TuakKey => System.Convert.FromHexString("abababababababababababababababab");

        /// <summary>TUAK TOPc.</summary>
        public static byte[] TuakTopc => System.Convert.FromHexString("bd04d9530e87513c5d837ac2ad954623a8e2330c115305a73eb45d1f40cccbff");

        /// <summary>First RAND; each operation changes its last bytes so no per-RAND cache can help.</summary>
        public static byte[] Rand => System.Convert.FromHexString("23553cbe9637a89d218ae64dae47bf35");

        /// <summary>AMF.</summary>
        public static byte[] Amf => System.Convert.FromHexString("b9b9");

        /// <summary>Writes counter into the last 4 bytes of RAND.</summary>
        public static void StampRand(byte[] rand, uint counter)
        {
            rand[12] = (byte)(counter >> 24);
            rand[13] = (byte)(counter >> 16);
            rand[14] = (byte)(counter >> 8);
            rand[15] = (byte)counter;
        }
    }
}
