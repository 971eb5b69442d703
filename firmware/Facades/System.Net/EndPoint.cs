// Facade of nanoFramework.System.Net 1.11.60 (EndPoint.cs): the type only (its abstract members are
// not used here). Compile-only.
namespace System.Net
{
    /// <summary>Facade: a network address.</summary>
    public abstract class EndPoint
    {
    }
}
