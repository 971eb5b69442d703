using System.IO;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>Small whole-file reads from the internal drive I:\ (setup only; allocates).</summary>
    public static class InternalDrive
    {
        /// <summary>Reads a file of at most maxLength bytes; false when absent, too long or short-read.</summary>
        public static bool TryReadAll(string path, int maxLength, out byte[] content)
        {
            content = null;
            if (!File.Exists(path))
            {
                return false;
            }

            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None))
            {
                long length = stream.Length;
                if (length > maxLength)
                {
                    return false;
                }

                byte[] buffer = new byte[(int)length];
                int done = 0;
                while (done < buffer.Length)
                {
                    int read = stream.Read(buffer, done, buffer.Length - done);
                    if (read <= 0)
                    {
                        return false;
                    }

                    done += read;
                }

                content = buffer;
                return true;
            }
        }
    }
}
