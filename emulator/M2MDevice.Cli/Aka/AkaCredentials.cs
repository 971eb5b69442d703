using M2MDevice.Aka;

namespace M2MDevice.Cli.Aka
{
    /// <summary>
    /// Validated subscriber credentials from the command line: algorithm, K, OP or OPc (TOP or TOPc for
    /// TUAK) and the TUAK output lengths in bytes.
    /// </summary>
    /// <param name="Kind">MILENAGE or TUAK.</param>
    /// <param name="Key">K (16 bytes; TUAK also 32).</param>
    /// <param name="OperatorValue">OPc/TOPc when IsOpc, otherwise OP/TOP.</param>
    /// <param name="IsOpc">True when OperatorValue is already the derived OPc/TOPc.</param>
    /// <param name="MacLength">TUAK MAC length in bytes.</param>
    /// <param name="ResLength">TUAK RES length in bytes.</param>
    /// <param name="CkLength">TUAK CK length in bytes.</param>
    /// <param name="IkLength">TUAK IK length in bytes.</param>
    /// <param name="Iterations">TUAK Keccak iterations.</param>
    public sealed record AkaCredentials(
        AkaAlgorithmKind Kind,
        byte[] Key,
        byte[] OperatorValue,
        bool IsOpc,
        int MacLength,
        int ResLength,
        int CkLength,
        int IkLength,
        int Iterations);
}
