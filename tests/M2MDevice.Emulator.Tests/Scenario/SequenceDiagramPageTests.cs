using System;
using System.Collections.Generic;
using System.Linq;
using M2MDevice.Emulator.Scenario;

namespace M2MDevice.Emulator.Tests.Scenario
{
    /// <summary>The trace page from a recorded event list: inline SVG with every named message, Mermaid text, no script.</summary>
    public class SequenceDiagramPageTests
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

        private static IReadOnlyList<TraceEvent> Flow()
        {
            var recorder = new TraceRecorder();
            string[][] steps =
            {
                new[] { TraceParticipant.Device, TraceParticipant.Modem, TraceMessage.AttachCommand },
                new[] { TraceParticipant.Modem, TraceParticipant.VisitedOperator, TraceMessage.AttachRequestPimsi },
                new[] { TraceParticipant.VisitedOperator, TraceParticipant.RegistrationService, TraceMessage.SendAuthenticationInfo },
                new[] { TraceParticipant.RegistrationService, TraceParticipant.VisitedOperator, TraceMessage.AuthenticationVectors },
                new[] { TraceParticipant.VisitedOperator, TraceParticipant.Modem, TraceMessage.AuthenticationRequest },
                new[] { TraceParticipant.Modem, TraceParticipant.Device, TraceMessage.UsimAuthenticate },
                new[] { TraceParticipant.Device, TraceParticipant.Modem, TraceMessage.UsimAuthenticateResult },
                new[] { TraceParticipant.Modem, TraceParticipant.VisitedOperator, TraceMessage.AuthenticationResponse },
                new[] { TraceParticipant.VisitedOperator, TraceParticipant.Modem, TraceMessage.AttachAccept },
                new[] { TraceParticipant.Modem, TraceParticipant.RegistrationService, TraceMessage.BootstrapRequest },
                new[] { TraceParticipant.RegistrationService, TraceParticipant.Modem, TraceMessage.HomeOperatorAnswer },
                new[] { TraceParticipant.Modem, TraceParticipant.HomeOperator, TraceMessage.PackageRequest },
                new[] { TraceParticipant.HomeOperator, TraceParticipant.RegistrationService, TraceMessage.NafKeyRequest },
                new[] { TraceParticipant.HomeOperator, TraceParticipant.Modem, TraceMessage.UsimPackage },
                new[] { TraceParticipant.Device, TraceParticipant.Device, "install profile" },
            };
            for (int i = 0; i < steps.Length; i++)
            {
                recorder.Record(new TraceEvent("dev-1", steps[i][0], steps[i][1], steps[i][2], Start.AddMilliseconds(i * 7)));
            }

            recorder.Record(new TraceEvent("dev-2", TraceParticipant.Device, TraceParticipant.Modem, "other device", Start));
            return recorder.EventsFor("dev-1");
        }

        [Fact]
        public void Render_RecordedFlow_SvgNamesEveryMessage()
        {
            IReadOnlyList<TraceEvent> events = Flow();
            string html = SequenceDiagramPage.Render("trace <dev-1>", events);

            Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("http://cdn", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("trace &lt;dev-1&gt;", html, StringComparison.Ordinal);
            string svg = SequenceDiagramPage.RenderSvg(events);
            Assert.Contains(svg, html, StringComparison.Ordinal);
            Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", svg, StringComparison.Ordinal);
            foreach (TraceEvent item in events)
            {
                Assert.Contains(">" + System.Net.WebUtility.HtmlEncode(item.Message) + "</text>", svg, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("other device", html, StringComparison.Ordinal);
            Assert.Equal(events.Count, CountOf(svg, "marker-end=\"url(#arrow)\""));

            // Well-formed XML, so any browser draws it.
            System.Xml.Linq.XElement parsed = System.Xml.Linq.XElement.Parse(svg);
            Assert.Equal("svg", parsed.Name.LocalName);
        }

        [Fact]
        public void Participants_KnownNamesFirstInFigureOrder()
        {
            IReadOnlyList<string> participants = SequenceDiagramPage.Participants(Flow());
            Assert.Equal(new[] { "Device", "Modem", "VO", "RS", "HO" }, participants);
        }

        [Fact]
        public void RenderMermaid_EveryMessageAsArrowLine()
        {
            var events = new List<TraceEvent>
            {
                new TraceEvent("d", TraceParticipant.Modem, TraceParticipant.VisitedOperator, TraceMessage.AttachRequestPimsi, Start),
                new TraceEvent("d", TraceParticipant.VisitedOperator, TraceParticipant.Modem, TraceMessage.AttachReject, Start, "#11; PLMN not allowed"),
            };
            string text = SequenceDiagramPage.RenderMermaid(events);
            string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("sequenceDiagram", lines[0]);
            Assert.Contains("    Modem->>VO: 1 Attach request (PIMSI)", lines);
            Assert.Contains("    VO->>Modem: 1 Attach reject [no. 11, PLMN not allowed]", lines);
        }

        [Fact]
        public void TraceRecorder_CapacityAndFilter_DropsAndFilters()
        {
            var recorder = new TraceRecorder(capacity: 2) { DeviceFilter = "a" };
            recorder.Record("a", "X", "Y", "one");
            recorder.Record("b", "X", "Y", "ignored");
            recorder.Record("a", "X", "Y", "two");
            recorder.Record("a", "X", "Y", "three");
            Assert.Equal(new[] { "one", "two" }, recorder.Snapshot().Select(e => e.Message));
            Assert.Equal(1, recorder.Dropped);
            TraceRecorder.None.Record("a", "X", "Y", "nothing");
            Assert.Empty(TraceRecorder.None.Snapshot());
        }

        private static int CountOf(string text, string part)
        {
            int count = 0;
            for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }
    }
}
