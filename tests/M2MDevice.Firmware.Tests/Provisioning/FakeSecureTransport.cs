using System;
using System.Collections.Generic;
using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Firmware.Tests.Provisioning
{
    /// <summary>
    /// HTTPS as the modem would do it, with the servers in-process: a POST is held until the harness delivers it, then
    /// routed by URL to RS or HO. Like the modem, it checks the pinned trust anchor (a different one is a TLS failure)
    /// and can be told to fail the next requests to a path (unreachable host, TLS failure, timeout by silence).
    /// </summary>
    internal sealed class FakeSecureTransport : ISecureTransport
    {
        private readonly TestRegistrationService rs;
        private readonly TestHomeOperator ho;
        private readonly List<Fault> faults = new List<Fault>();
        private readonly List<Fault> lostAnswers = new List<Fault>();
        private Request pending;

        public FakeSecureTransport(TestRegistrationService rs, TestHomeOperator ho)
        {
            this.rs = rs;
            this.ho = ho;
        }

        public ISecureTransportListener Listener { get; set; }

        public bool HasPending => pending != null;

        public List<string> Urls { get; } = new List<string>();

        public int Cancels { get; private set; }

        /// <summary>Answer from inside TryBeginPost (a transport that completes at once must not break the machine).</summary>
        public bool Synchronous { get; set; }

        /// <summary>The next <paramref name="times"/> requests whose URL contains <paramref name="urlPart"/> fail with result (null = no answer at all).</summary>
        public void Fail(string urlPart, TransportResult? result, int times)
        {
            faults.Add(new Fault { UrlPart = urlPart, Result = result, Remaining = times });
        }

        /// <summary>The next <paramref name="times"/> answers from URLs containing urlPart are lost after the server handled the request.</summary>
        public void LoseAnswers(string urlPart, int times)
        {
            lostAnswers.Add(new Fault { UrlPart = urlPart, Remaining = times });
        }

        public bool TryBeginPost(string url, byte[] trustAnchorDer, byte[] body, int offset, int count)
        {
            if (pending != null)
            {
                return false;
            }

            Urls.Add(url);
            pending = new Request { Url = url, Anchor = (byte[])trustAnchorDer.Clone(), Body = body.AsSpan(offset, count).ToArray() };
            if (Synchronous)
            {
                Deliver();
            }

            return true;
        }

        public void Cancel()
        {
            Cancels++;
            pending = null;
        }

        public void Deliver()
        {
            Request request = pending;
            pending = null;
            foreach (Fault fault in faults)
            {
                if (fault.Remaining > 0 && request.Url.Contains(fault.UrlPart, StringComparison.Ordinal))
                {
                    fault.Remaining--;
                    if (fault.Result.HasValue)
                    {
                        Listener.OnPostCompleted(fault.Result.Value, 0, Array.Empty<byte>(), 0, 0);
                    }

                    return;
                }
            }

            int status;
            byte[] answer;
            byte[] expectedAnchor;
            if (request.Url == "https://" + rs.Host + "/ub/v1/bootstrap")
            {
                expectedAnchor = rs.TrustAnchor;
                (status, answer) = Matches(request, expectedAnchor) ? rs.HandleBootstrap(request.Body) : (0, null);
            }
            else if (request.Url == "https://" + rs.Host + "/ub/v1/home-operator")
            {
                expectedAnchor = rs.TrustAnchor;
                (status, answer) = Matches(request, expectedAnchor) ? rs.HandleHomeOperator(request.Body) : (0, null);
            }
            else if (request.Url == ho.BaseUrl + "ua/v1/package")
            {
                expectedAnchor = ho.TrustAnchor;
                (status, answer) = Matches(request, expectedAnchor) ? ho.HandlePackage(request.Body) : (0, null);
            }
            else if (request.Url == ho.BaseUrl + "ua/v1/notification")
            {
                expectedAnchor = ho.TrustAnchor;
                (status, answer) = Matches(request, expectedAnchor) ? ho.HandleNotification(request.Body) : (0, null);
            }
            else
            {
                Listener.OnPostCompleted(TransportResult.ConnectFailed, 0, Array.Empty<byte>(), 0, 0);
                return;
            }

            if (answer == null)
            {
                // ARCHITECTURE 3.1: a server not chaining to the uploaded CA fails the TLS handshake, never silently.
                Listener.OnPostCompleted(TransportResult.TlsFailed, 0, Array.Empty<byte>(), 0, 0);
                return;
            }

            foreach (Fault fault in lostAnswers)
            {
                if (fault.Remaining > 0 && request.Url.Contains(fault.UrlPart, StringComparison.Ordinal))
                {
                    fault.Remaining--;
                    Listener.OnPostCompleted(TransportResult.Timeout, 0, Array.Empty<byte>(), 0, 0);
                    return;
                }
            }

            // The body is valid only during the call: hand over a buffer that is scribbled on afterwards.
            byte[] wire = new byte[answer.Length + 8];
            Array.Copy(answer, 0, wire, 4, answer.Length);
            Listener.OnPostCompleted(TransportResult.Completed, status, wire, 4, answer.Length);
            Array.Fill(wire, (byte)0xEE);
        }

        private static bool Matches(Request request, byte[] anchor) => request.Anchor.AsSpan().SequenceEqual(anchor);

        private sealed class Request
        {
            public string Url;
            public byte[] Anchor;
            public byte[] Body;
        }

        private sealed class Fault
        {
            public string UrlPart;
            public TransportResult? Result;
            public int Remaining;
        }
    }
}
