// Facade of nanoFramework.System.Threading 1.1.52 (Threading/CancellationTokenSource.cs): members used. Compile-only.
namespace System.Threading
{
    /// <summary>Facade: source of a cancellation token, here one that cancels itself after a delay.</summary>
    public class CancellationTokenSource : IDisposable
    {
        public CancellationTokenSource(int millisecondsDelay)
        {
            throw new NotImplementedException();
        }

        public CancellationToken Token => throw new NotImplementedException();

        public void Dispose()
        {
            throw new NotImplementedException();
        }
    }
}
