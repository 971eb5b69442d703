namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// Parses the header block of an HTTP/1.x response (RFC 9112 section 4 status line, section 6.3
    /// Content-Length) from ASCII bytes, without a text-encoding library. Used by <see cref="SslHttpClient"/>.
    /// </summary>
    public static class HttpResponseHeader
    {
        private const string ContentLengthName = "content-length:";

        /// <summary>
        /// Reads the status code and Content-Length from header[0..length); false when the status line is
        /// not "HTTP/1.x NNN" or Content-Length is absent, repeated with another value, or not a number.
        /// </summary>
        public static bool TryParse(byte[] header, int length, out int statusCode, out int contentLength)
        {
            statusCode = 0;
            contentLength = -1;

            // RFC 9112 4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
            if (length < 12 || header[0] != 'H' || header[1] != 'T' || header[2] != 'T' || header[3] != 'P'
                || header[4] != '/' || header[5] != '1' || header[6] != '.' || header[8] != ' ')
            {
                return false;
            }

            for (int i = 9; i < 12; i++)
            {
                if (header[i] < '0' || header[i] > '9')
                {
                    return false;
                }

                statusCode = (statusCode * 10) + (header[i] - '0');
            }

            int lineStart = NextLine(header, 0, length);
            while (lineStart >= 0 && lineStart < length)
            {
                if (StartsWithIgnoreCase(header, lineStart, length, ContentLengthName))
                {
                    int value;
                    if (!TryParseNumber(header, lineStart + ContentLengthName.Length, length, out value)
                        || (contentLength >= 0 && contentLength != value))
                    {
                        return false;
                    }

                    contentLength = value;
                }

                lineStart = NextLine(header, lineStart, length);
            }

            return contentLength >= 0;
        }

        private static int NextLine(byte[] header, int from, int length)
        {
            for (int i = from; i + 1 < length; i++)
            {
                if (header[i] == 13 && header[i + 1] == 10)
                {
                    return i + 2;
                }
            }

            return -1;
        }

        private static bool StartsWithIgnoreCase(byte[] header, int at, int length, string lowerName)
        {
            if (at + lowerName.Length > length)
            {
                return false;
            }

            for (int i = 0; i < lowerName.Length; i++)
            {
                int c = header[at + i];
                if (c >= 'A' && c <= 'Z')
                {
                    c += 'a' - 'A';
                }

                if (c != lowerName[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static bool TryParseNumber(byte[] header, int at, int length, out int value)
        {
            value = 0;
            while (at < length && (header[at] == ' ' || header[at] == '\t'))
            {
                at++;
            }

            int digits = 0;
            while (at < length && header[at] >= '0' && header[at] <= '9')
            {
                if (digits == 9)
                {
                    return false;
                }

                value = (value * 10) + (header[at] - '0');
                digits++;
                at++;
            }

            while (at < length && (header[at] == ' ' || header[at] == '\t'))
            {
                at++;
            }

            return digits > 0 && (at == length || header[at] == 13);
        }
    }
}
