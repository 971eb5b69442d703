// Facade of nanoFramework.System.Threading 1.1.52 (Threading/CancellationToken.cs): the type only (passed to the
// Wi-Fi helper). Compile-only.
namespace System.Threading
{
    /// <summary>Facade: propagates a cancellation request.</summary>
    public struct CancellationToken
    {
    }
}
