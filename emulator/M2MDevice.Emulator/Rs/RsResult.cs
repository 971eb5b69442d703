using M2MDevice.Emulator.Hosting;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>
    /// The outcome of an operation of RS (<see cref="RsService"/>, <see cref="RsClient"/>) or of a home operator: a value,
    /// or an <see cref="ApiError"/> (nothing stored changed).
    /// </summary>
    public sealed class RsResult<T>
    {
        private RsResult(T value, ApiError error)
        {
            this.Value = value;
            this.Error = error;
        }

        /// <summary>The value on success.</summary>
        public T Value { get; }

        /// <summary>The refusal, or null on success.</summary>
        public ApiError Error { get; }

        /// <summary>True on success.</summary>
        public bool IsSuccess => this.Error == null;

        /// <summary>A success.</summary>
        public static RsResult<T> Ok(T value) => new RsResult<T>(value, null);

        /// <summary>A refusal.</summary>
        public static RsResult<T> Fail(ApiError error) => new RsResult<T>(default, error);

        /// <summary>Converts a refusal.</summary>
        public static implicit operator RsResult<T>(ApiError error) => Fail(error);
    }
}
