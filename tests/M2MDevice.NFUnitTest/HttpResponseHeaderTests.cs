using M2MDevice.Firmware.Esp32;
using nanoFramework.TestFramework;

namespace M2MDevice.NFUnitTest
{
    /// <summary>
    /// The bench HTTPS client's response header parser (firmware/Esp32/HttpResponseHeader.cs, linked into
    /// this assembly): RFC 9112 status line and Content-Length, from raw ASCII bytes.
    /// </summary>
    [TestClass]
    public class HttpResponseHeaderTests
    {
        [TestMethod]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 42", 200, 42)]
        [DataRow("HTTP/1.0 404 Not Found\r\ncontent-length:0", 404, 0)]
        [DataRow("HTTP/1.1 503 Busy\r\nRetry-After: 5\r\nCONTENT-LENGTH:   1024  \r\nConnection: close", 503, 1024)]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 7\r\nContent-Length: 7", 200, 7)]
        public void TryParse_WellFormedHeader_ReturnsStatusAndLength(string header, int status, int length)
        {
            byte[] bytes = Ascii(header);

            bool parsed = HttpResponseHeader.TryParse(bytes, bytes.Length, out int statusCode, out int contentLength);

            Assert.IsTrue(parsed);
            Assert.AreEqual(status, statusCode);
            Assert.AreEqual(length, contentLength);
        }

        [TestMethod]
        [DataRow("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked")]
        [DataRow("HTTP/2 200 OK\r\nContent-Length: 1")]
        [DataRow("HTTP/1.1 2x0 OK\r\nContent-Length: 1")]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2")]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: -1")]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 12345678901")]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 5x")]
        [DataRow("HTTP/1.1")]
        public void TryParse_MalformedHeader_ReturnsFalse(string header)
        {
            byte[] bytes = Ascii(header);

            Assert.IsFalse(HttpResponseHeader.TryParse(bytes, bytes.Length, out int statusCode, out int contentLength));
        }

        private static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }
    }
}
