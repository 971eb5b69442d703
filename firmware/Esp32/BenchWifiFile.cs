using System;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// Bench boards only: the file on I:\ whose presence selects <see cref="DataPath.NativeIp"/>. Printable ASCII, line 1
    /// the SSID, line 2 the password (LF or CRLF); an empty file means "use the Wi-Fi configuration stored on the device"
    /// (Device Explorer's network configuration). The password sits in clear on the drive: bench use only.
    /// </summary>
    public static class BenchWifiFile
    {
        /// <summary>Longest file accepted: an SSID is at most 32 bytes, a WPA2 passphrase at most 63 (IEEE 802.11).</summary>
        public const int MaxLength = 128;

        /// <summary>
        /// Reads the file: false when it is absent, too long, not printable ASCII or has an SSID over 32 bytes. On an
        /// empty file ssid and password are null.
        /// </summary>
        public static bool TryLoad(string path, out string ssid, out string password)
        {
            ssid = null;
            password = null;
            byte[] content;
            if (!InternalDrive.TryReadAll(path, MaxLength, out content))
            {
                return false;
            }

            int at = 0;
            string first;
            string second;
            if (!TryReadLine(content, ref at, out first) || !TryReadLine(content, ref at, out second))
            {
                return false;
            }

            Array.Clear(content, 0, content.Length);
            if (first.Length == 0)
            {
                return second.Length == 0;
            }

            // IEEE 802.11: an SSID is 0-32 octets.
            if (first.Length > 32)
            {
                return false;
            }

            ssid = first;
            password = second;
            return true;
        }

        private static bool TryReadLine(byte[] content, ref int at, out string line)
        {
            line = string.Empty;
            int start = at;
            int end = at;
            while (end < content.Length && content[end] != (byte)'\n')
            {
                end++;
            }

            at = end < content.Length ? end + 1 : end;
            if (end > start && content[end - 1] == (byte)'\r')
            {
                end--;
            }

            char[] chars = new char[end - start];
            for (int i = start; i < end; i++)
            {
                byte b = content[i];
                if (b < 0x20 || b > 0x7E)
                {
                    return false;
                }

                chars[i - start] = (char)b;
            }

            line = new string(chars);
            return true;
        }
    }
}
