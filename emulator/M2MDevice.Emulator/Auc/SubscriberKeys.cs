using System;
using System.Security.Cryptography;
using M2MDevice.Aka;
using M2MDevice.Crypto;
using M2MDevice.Host;
using Microsoft.Data.Sqlite;

namespace M2MDevice.Emulator.Auc
{
    /// <summary>
    /// Subscriber credentials on the network side, shared by RS (preliminary credentials) and the home operators
    /// (profiles): new K and OPc/TOPc from the operator's OP/TOP, the stored algorithm names, and keyed algorithm
    /// instances read from the store with the read copies of K and OPc zeroed.
    /// </summary>
    internal static class SubscriberKeys
    {
        /// <summary>Length of K (TS 35.206, TS 35.231: 128-bit keys here).</summary>
        public const int KLength = 16;

        /// <summary>Throws ArgumentException unless OP is null or 16 bytes and TOP null or 32 bytes.</summary>
        public static void CheckOperatorKeys(byte[] op, byte[] top, string paramName)
        {
            if (op != null && op.Length != Milenage.OpcLength)
            {
                throw new ArgumentException("OP must be 16 bytes", paramName);
            }

            if (top != null && top.Length != Tuak.TopcLength)
            {
                throw new ArgumentException("TOP must be 32 bytes", paramName);
            }
        }

        /// <summary>A new random K.</summary>
        public static byte[] NewK() => RandomNumberGenerator.GetBytes(KLength);

        /// <summary>OPc (MILENAGE) or TOPc (TUAK) of <paramref name="k"/> from the operator's OP or TOP; random when that is null.</summary>
        public static byte[] DeriveOpc(AkaAlgorithmKind algorithm, byte[] k, byte[] op, byte[] top)
        {
            if (algorithm == AkaAlgorithmKind.Milenage)
            {
                byte[] opc = new byte[Milenage.OpcLength];
                if (op != null)
                {
                    // TS 35.206 4.1: OPc = OP xor E_K(OP).
                    Milenage.DeriveOpc(HostBlockCipher.Create(k), op, 0, opc, 0);
                }
                else
                {
                    RandomNumberGenerator.Fill(opc);
                }

                return opc;
            }

            byte[] topc = new byte[Tuak.TopcLength];
            if (top != null)
            {
                // TS 35.231 6.2: TOPc from TOP and K.
                Tuak.DeriveTopc(top, 0, k, 0, k.Length, TuakParameters.Default.KeccakIterations, topc, 0);
            }
            else
            {
                RandomNumberGenerator.Fill(topc);
            }

            return topc;
        }

        /// <summary>The stored name of an algorithm ("milenage", "tuak").</summary>
        public static string AlgorithmName(AkaAlgorithmKind algorithm) => algorithm == AkaAlgorithmKind.Tuak ? "tuak" : "milenage";

        /// <summary>A keyed instance of the stored algorithm <paramref name="algorithm"/>; K and OPc are copied, not kept.</summary>
        public static IAkaAlgorithm CreateAlgorithm(string algorithm, byte[] k, byte[] opc)
        {
            if (algorithm == "milenage")
            {
                // The network side's MILENAGE: AES-NI kernels when the CPU has them, else the portable path.
                return HostMilenage.Create(k, 0, opc, 0);
            }

            return AkaAlgorithmFactory.Create(AkaAlgorithmKind.Tuak, k, 0, k.Length, opc, 0, null);
        }

        /// <summary>The keyed algorithm of a row: algorithm name, K and OPc columns; the K and OPc read are zeroed.</summary>
        public static IAkaAlgorithm ReadAlgorithm(SqliteDataReader reader, int algorithmColumn, int kColumn, int opcColumn)
        {
            byte[] k = (byte[])reader.GetValue(kColumn);
            byte[] opc = (byte[])reader.GetValue(opcColumn);
            try
            {
                return CreateAlgorithm(reader.GetString(algorithmColumn), k, opc);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(k);
                CryptographicOperations.ZeroMemory(opc);
            }
        }
    }
}
