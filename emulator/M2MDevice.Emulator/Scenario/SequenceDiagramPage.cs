using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// Renders recorded <see cref="TraceEvent"/>s as a self-contained HTML page: a sequence diagram drawn as inline
    /// SVG (no script, no network: it shows in any browser offline), the same diagram as Mermaid text in a
    /// <c>&lt;pre class="mermaid"&gt;</c> block for tools that render Mermaid, and a table of the events with their
    /// times. Lifelines follow <see cref="TraceParticipant.Order"/>; each gap between neighbouring lifelines is as wide
    /// as the longest label drawn across it needs (estimated from its length), and the page scales the SVG down to the
    /// window's width, so a whole provisioning flow (about 40 messages) stays readable.
    /// </summary>
    public static class SequenceDiagramPage
    {
        private const int LeftMargin = 56;
        private const int HeaderHeight = 44;
        private const int RowHeight = 30;
        private const int BoxWidth = 120;
        private const int MinimumGap = BoxWidth + 24;
        private const int SelfLoopWidth = 36;

        // Average advance of a 12 px sans-serif glyph, plus padding around a label.
        private const double CharacterWidth = 6.0;
        private const int LabelPadding = 24;

        /// <summary>The whole HTML page.</summary>
        public static string Render(string title, IReadOnlyList<TraceEvent> events)
        {
            ArgumentNullException.ThrowIfNull(events);
            string heading = WebUtility.HtmlEncode(title ?? "M2M provisioning trace");
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(heading).Append("</title>\n");
            html.Append("<style>body{font-family:sans-serif;margin:1.5em;color:#222}svg{background:#fff;border:1px solid #ddd;max-width:100%;height:auto}")
                .Append("table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #ccc;padding:2px 8px;font-size:13px;text-align:left}")
                .Append("pre.mermaid{background:#f6f6f6;padding:8px;font-size:12px}</style>\n</head>\n<body>\n");
            html.Append("<h1>").Append(heading).Append("</h1>\n");
            html.Append("<p>").Append(events.Count.ToString(CultureInfo.InvariantCulture))
                .Append(" messages; numbers refer to the interactions of figure 2 of the seed (1 attach and AKA, 2 vectors from RS, 3 RS gives the home operator, 4 the home operator downloads the USIM), M manufacture, S subscription registration, Zn HO&#8596;RS.</p>\n");
            html.Append(RenderSvg(events)).Append('\n');
            html.Append("<h2>Mermaid source</h2>\n<pre class=\"mermaid\">").Append(WebUtility.HtmlEncode(RenderMermaid(events))).Append("</pre>\n");
            html.Append("<h2>Events</h2>\n<table>\n<tr><th>+ms</th><th>device</th><th>from</th><th>to</th><th>message</th><th>detail</th></tr>\n");
            DateTimeOffset start = events.Count > 0 ? events[0].Timestamp : default;
            foreach (TraceEvent item in events)
            {
                html.Append("<tr><td>").Append(Milliseconds(item.Timestamp - start))
                    .Append("</td><td>").Append(WebUtility.HtmlEncode(item.DeviceId ?? string.Empty))
                    .Append("</td><td>").Append(WebUtility.HtmlEncode(item.From))
                    .Append("</td><td>").Append(WebUtility.HtmlEncode(item.To))
                    .Append("</td><td>").Append(WebUtility.HtmlEncode(item.Message))
                    .Append("</td><td>").Append(WebUtility.HtmlEncode(item.Detail ?? string.Empty)).Append("</td></tr>\n");
            }

            html.Append("</table>\n</body>\n</html>\n");
            return html.ToString();
        }

        /// <summary>Writes the page to path (UTF-8).</summary>
        public static void Write(string path, string title, IReadOnlyList<TraceEvent> events)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            File.WriteAllText(path, Render(title, events), new UTF8Encoding(false));
        }

        /// <summary>The participants in display order: the known ones first, then others in order of appearance.</summary>
        public static IReadOnlyList<string> Participants(IReadOnlyList<TraceEvent> events)
        {
            ArgumentNullException.ThrowIfNull(events);
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (TraceEvent item in events)
            {
                used.Add(item.From);
                used.Add(item.To);
            }

            var ordered = new List<string>();
            foreach (string name in TraceParticipant.Order)
            {
                if (used.Contains(name))
                {
                    ordered.Add(name);
                }
            }

            foreach (TraceEvent item in events)
            {
                foreach (string name in new[] { item.From, item.To })
                {
                    if (!ordered.Contains(name))
                    {
                        ordered.Add(name);
                    }
                }
            }

            return ordered;
        }

        /// <summary>The diagram as Mermaid sequenceDiagram text.</summary>
        public static string RenderMermaid(IReadOnlyList<TraceEvent> events)
        {
            ArgumentNullException.ThrowIfNull(events);
            var text = new StringBuilder("sequenceDiagram\n");
            foreach (string name in Participants(events))
            {
                text.Append("    participant ").Append(MermaidId(name)).Append(" as ").Append(MermaidText(name)).Append('\n');
            }

            foreach (TraceEvent item in events)
            {
                string label = item.Detail == null ? item.Message : item.Message + " [" + item.Detail + "]";
                text.Append("    ").Append(MermaidId(item.From)).Append("->>").Append(MermaidId(item.To)).Append(": ").Append(MermaidText(label)).Append('\n');
            }

            return text.ToString();
        }

        /// <summary>The diagram as an inline SVG element (lifelines, one arrow per message with its name, +ms on the left).</summary>
        public static string RenderSvg(IReadOnlyList<TraceEvent> events)
        {
            ArgumentNullException.ThrowIfNull(events);
            IReadOnlyList<string> participants = Participants(events);
            int[] centers = Layout(participants, events, out int width);
            int height = HeaderHeight + 20 + events.Count * RowHeight + 20;
            var svg = new StringBuilder();
            svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"sequence diagram\" width=\"").Append(width)
                .Append("\" height=\"").Append(height).Append("\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height).Append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
            svg.Append("<defs><marker id=\"arrow\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L10,4 L0,8 z\" fill=\"#333\"/></marker></defs>\n");
            for (int i = 0; i < participants.Count; i++)
            {
                int x = centers[i];
                svg.Append("<line x1=\"").Append(x).Append("\" y1=\"").Append(HeaderHeight).Append("\" x2=\"").Append(x).Append("\" y2=\"").Append(height - 10)
                    .Append("\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>\n");
                svg.Append("<rect x=\"").Append(x - (BoxWidth / 2)).Append("\" y=\"8\" width=\"").Append(BoxWidth).Append("\" height=\"").Append(HeaderHeight - 14)
                    .Append("\" rx=\"4\" fill=\"#e8f0fe\" stroke=\"#335\"/>\n");
                svg.Append("<text x=\"").Append(x).Append("\" y=\"").Append(HeaderHeight - 14).Append("\" text-anchor=\"middle\" font-weight=\"bold\">")
                    .Append(WebUtility.HtmlEncode(participants[i])).Append("</text>\n");
            }

            DateTimeOffset start = events.Count > 0 ? events[0].Timestamp : default;
            for (int row = 0; row < events.Count; row++)
            {
                TraceEvent item = events[row];
                int y = HeaderHeight + 30 + (row * RowHeight);
                int from = centers[IndexOf(participants, item.From)];
                int to = centers[IndexOf(participants, item.To)];
                string label = WebUtility.HtmlEncode(Label(item));
                svg.Append("<text x=\"4\" y=\"").Append(y).Append("\" fill=\"#777\" font-size=\"10\">+").Append(Milliseconds(item.Timestamp - start)).Append(" ms</text>\n");
                if (from == to)
                {
                    svg.Append("<path d=\"M").Append(from).Append(',').Append(y - 8).Append(" h30 v14 h-28\" fill=\"none\" stroke=\"#333\" marker-end=\"url(#arrow)\"/>\n");
                    bool rightmost = from == centers[centers.Length - 1] && centers.Length > 1;
                    svg.Append("<text x=\"").Append(rightmost ? from - 6 : from + SelfLoopWidth).Append("\" y=\"").Append(y)
                        .Append(rightmost ? "\" text-anchor=\"end\">" : "\">").Append(label).Append("</text>\n");
                    continue;
                }

                svg.Append("<line x1=\"").Append(from).Append("\" y1=\"").Append(y).Append("\" x2=\"").Append(to).Append("\" y2=\"").Append(y)
                    .Append("\" stroke=\"#333\" marker-end=\"url(#arrow)\"/>\n");
                svg.Append("<text x=\"").Append((from + to) / 2).Append("\" y=\"").Append(y - 5).Append("\" text-anchor=\"middle\">").Append(label).Append("</text>\n");
            }

            svg.Append("</svg>");
            return svg.ToString();
        }

        /// <summary>
        /// The x of each lifeline and the total width: every gap is at least <see cref="MinimumGap"/>; an arrow whose
        /// label is wider than the gaps it spans widens them evenly (narrow spans first); a self-message needs its
        /// label's width right of its lifeline.
        /// </summary>
        private static int[] Layout(IReadOnlyList<string> participants, IReadOnlyList<TraceEvent> events, out int width)
        {
            int count = Math.Max(1, participants.Count);
            int[] gaps = new int[count];
            for (int i = 0; i < count; i++)
            {
                gaps[i] = i == count - 1 ? (BoxWidth / 2) + 12 : MinimumGap;
            }

            var spans = new List<(int First, int Last, int Needed)>();
            foreach (TraceEvent item in events)
            {
                int a = IndexOf(participants, item.From);
                int b = IndexOf(participants, item.To);
                int needed = LabelWidth(Label(item));
                if (a == b && a > 0 && a == count - 1)
                {
                    // On the rightmost lifeline the label stands left of the loop, in the gap to its neighbour.
                    spans.Add((a - 1, a, needed + 8));
                }
                else if (a == b)
                {
                    // The label starts right of the loop; the gap to the next lifeline (or the right margin) holds it.
                    spans.Add((a, a + 1, needed + SelfLoopWidth));
                }
                else
                {
                    spans.Add((Math.Min(a, b), Math.Max(a, b), needed));
                }
            }

            spans.Sort((x, y) => (x.Last - x.First).CompareTo(y.Last - y.First));
            foreach ((int first, int last, int needed) in spans)
            {
                int have = 0;
                for (int i = first; i < last; i++)
                {
                    have += gaps[i];
                }

                int missing = needed - have;
                for (int i = first; missing > 0 && i < last; i++)
                {
                    int share = (missing + (last - i) - 1) / (last - i);
                    gaps[i] += share;
                    missing -= share;
                }
            }

            int[] centers = new int[count];
            int x = LeftMargin + (BoxWidth / 2);
            for (int i = 0; i < count; i++)
            {
                centers[i] = x;
                x += gaps[i];
            }

            width = x;
            return centers;
        }

        private static string Label(TraceEvent item) => item.Detail == null ? item.Message : item.Message + " [" + item.Detail + "]";

        private static int LabelWidth(string label) => (int)Math.Ceiling(label.Length * CharacterWidth) + LabelPadding;

        private static int IndexOf(IReadOnlyList<string> participants, string name)
        {
            for (int i = 0; i < participants.Count; i++)
            {
                if (string.Equals(participants[i], name, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return 0;
        }

        private static string Milliseconds(TimeSpan elapsed) => ((long)elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

        private static string MermaidId(string name)
        {
            var id = new StringBuilder();
            foreach (char c in name)
            {
                id.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
            }

            return id.Length == 0 ? "_" : id.ToString();
        }

        // Mermaid ends a message at ';' and treats '#' as an entity start.
        private static string MermaidText(string text) => text.Replace(";", ",", StringComparison.Ordinal).Replace("#", "no. ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
    }
}
