using System;
using System.IO;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// One end of an emulated serial line: readable and writable, never seekable (no length, no position). The
    /// emulator's line streams derive from it so only their reading, writing and flushing differ.
    /// </summary>
    public abstract class SerialLineStream : Stream
    {
        /// <inheritdoc />
        public sealed override bool CanRead => true;

        /// <inheritdoc />
        public sealed override bool CanSeek => false;

        /// <inheritdoc />
        public sealed override bool CanWrite => true;

        /// <inheritdoc />
        public sealed override long Length => throw new NotSupportedException();

        /// <inheritdoc />
        public sealed override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        /// <inheritdoc />
        public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        /// <inheritdoc />
        public sealed override void SetLength(long value) => throw new NotSupportedException();
    }
}
