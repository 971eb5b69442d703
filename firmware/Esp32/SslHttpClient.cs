using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// <see cref="ISecureHttpClient"/> over nanoFramework's SslStream (mbedTLS in the native firmware) for
    /// bench boards with native IP (Wi-Fi), selected by <see cref="DataPath.NativeIp"/>. The server must
    /// chain to the pinned CA (SslVerification.CertificateRequired, TLS 1.2). HTTP/1.1, one request per
    /// connection, Content-Length bodies only. Not thread-safe: one request at a time.
    /// </summary>
    public sealed class SslHttpClient : ISecureHttpClient
    {
        private const int HeaderCapacity = 1024;
        private const int TimeoutMilliseconds = 30000;

        private readonly byte[] header = new byte[HeaderCapacity];

        /// <inheritdoc />
        public SecureHttpResult Post(
            string host,
            int port,
            string path,
            byte[] caDer,
            byte[] body,
            int offset,
            int count,
            byte[] response,
            int responseOffset,
            int responseCapacity,
            out int statusCode,
            out int responseLength)
        {
            statusCode = 0;
            responseLength = 0;
            if (host == null || path == null || caDer == null || body == null || response == null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            IPAddress[] addresses;
            try
            {
                addresses = Dns.GetHostEntry(host).AddressList;
            }
            catch (Exception)
            {
                // nanoFramework reports resolution failures as SocketException; the result says so.
                return SecureHttpResult.ResolveFailed;
            }

            if (addresses == null || addresses.Length == 0)
            {
                return SecureHttpResult.ResolveFailed;
            }

            Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.ReceiveTimeout = TimeoutMilliseconds;
                socket.SendTimeout = TimeoutMilliseconds;
                try
                {
                    socket.Connect(new IPEndPoint(addresses[0], port));
                }
                catch (Exception)
                {
                    return SecureHttpResult.ConnectFailed;
                }

                SslStream tls = new SslStream(socket);
                tls.SslVerification = SslVerification.CertificateRequired;
                try
                {
                    // The pinned CA is the only trust anchor: no device store, no client certificate.
                    tls.AuthenticateAsClient(host, null, new X509Certificate(caDer), SslProtocols.Tls12);
                }
                catch (Exception)
                {
                    return SecureHttpResult.TlsFailed;
                }

                return Exchange(tls, host, path, body, offset, count, response, responseOffset, responseCapacity, out statusCode, out responseLength);
            }
            finally
            {
                socket.Close();
            }
        }

        private SecureHttpResult Exchange(
            SslStream tls,
            string host,
            string path,
            byte[] body,
            int offset,
            int count,
            byte[] response,
            int responseOffset,
            int responseCapacity,
            out int statusCode,
            out int responseLength)
        {
            statusCode = 0;
            responseLength = 0;
            int length = 0;
            length = Append(header, length, "POST ");
            length = Append(header, length, path);
            length = Append(header, length, " HTTP/1.1\r\nHost: ");
            length = Append(header, length, host);
            length = Append(header, length, "\r\nContent-Type: application/octet-stream\r\nConnection: close\r\nContent-Length: ");
            length = Append(header, length, count.ToString());
            length = Append(header, length, "\r\n\r\n");
            try
            {
                tls.Write(header, 0, length);
                tls.Write(body, offset, count);
                tls.Flush();

                int headerLength = ReadHeader(tls, out int bodyStart, out int received);
                if (headerLength < 0)
                {
                    return SecureHttpResult.MalformedResponse;
                }

                int contentLength;
                if (!HttpResponseHeader.TryParse(header, headerLength, out statusCode, out contentLength))
                {
                    return SecureHttpResult.MalformedResponse;
                }

                if (contentLength > responseCapacity)
                {
                    return SecureHttpResult.ResponseTooLarge;
                }

                // Body bytes that arrived with the header come first.
                int already = received - bodyStart;
                if (already > contentLength)
                {
                    return SecureHttpResult.MalformedResponse;
                }

                Array.Copy(header, bodyStart, response, responseOffset, already);
                int done = already;
                while (done < contentLength)
                {
                    int read = tls.Read(response, responseOffset + done, contentLength - done);
                    if (read <= 0)
                    {
                        return SecureHttpResult.TransportFailed;
                    }

                    done += read;
                }

                responseLength = contentLength;
                return SecureHttpResult.Completed;
            }
            catch (SocketException e)
            {
                // Socket.ReceiveTimeout/SendTimeout expired: the server is silent, which the caller reports as a timeout.
                return e.ErrorCode == (int)SocketError.TimedOut ? SecureHttpResult.TimedOut : SecureHttpResult.TransportFailed;
            }
            catch (Exception)
            {
                // Other socket and TLS errors after the handshake: the exchange failed and the caller retries.
                return SecureHttpResult.TransportFailed;
            }
        }

        // Reads until the blank line ending the header block; returns its length (without the blank
        // line), or -1 when it does not fit. bodyStart/received describe bytes read past it.
        private int ReadHeader(SslStream tls, out int bodyStart, out int received)
        {
            received = 0;
            bodyStart = 0;
            while (received < HeaderCapacity)
            {
                int read = tls.Read(header, received, HeaderCapacity - received);
                if (read <= 0)
                {
                    return -1;
                }

                int from = received > 3 ? received - 3 : 0;
                received += read;
                for (int i = from; i + 3 < received; i++)
                {
                    if (header[i] == 13 && header[i + 1] == 10 && header[i + 2] == 13 && header[i + 3] == 10)
                    {
                        bodyStart = i + 4;
                        return i;
                    }
                }
            }

            return -1;
        }

        private static int Append(byte[] buffer, int at, string text)
        {
            if (at + text.Length > buffer.Length)
            {
                throw new ArgumentException("request header too long");
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < ' ' && c != '\r' && c != '\n' || c > '~')
                {
                    throw new ArgumentException("request header must be printable ASCII");
                }

                buffer[at + i] = (byte)c;
            }

            return at + text.Length;
        }
    }
}
