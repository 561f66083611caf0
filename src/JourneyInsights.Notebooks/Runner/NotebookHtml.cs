using System.Text;
using System.Text.RegularExpressions;
using JourneyInsights.Notebooks.Formatting;

namespace JourneyInsights.Notebooks.Runner;

/// <summary>
/// A standalone HTML page of an executed notebook: markdown cells rendered simply (headings, paragraphs, lists, code,
/// emphasis, links, tables), code cells as preformatted text, outputs as the formatters produced them.
/// </summary>
internal static partial class NotebookHtml
{
    public static string Render(NotebookDocument doc, string title)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(title)).Append("</title>\n<style>")
         .Append(Css).Append("</style>\n</head>\n<body>\n");
        foreach (var cell in doc.Cells)
        {
            if (cell.Kind == "markdown")
            {
                h.Append("<section class=\"md\">").Append(Markdown(cell.Source)).Append("</section>\n");
                continue;
            }
            if (cell.Kind != "code")
            {
                h.Append("<pre class=\"raw\">").Append(E(cell.Source)).Append("</pre>\n");
                continue;
            }
            var injected = cell.Tags.Contains("injected-parameters");
            h.Append("<section class=\"code").Append(injected ? " injected" : "").Append("\"><div class=\"prompt\">[")
             .Append(cell.ExecutionCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? " ").Append("]")
             .Append(injected ? " injected parameters" : cell.Language != "csharp" ? " " + E(cell.Language) + " (not run)" : "")
             .Append("</div><pre><code>").Append(E(cell.Source)).Append("</code></pre>");
            foreach (var output in cell.Outputs)
            {
                h.Append("<div class=\"out\">");
                switch (output)
                {
                    case DisplayOutput d when d.Data.TryGetValue("text/html", out var html):
                        h.Append(html);
                        break;
                    case DisplayOutput d when d.Data.TryGetValue("image/png", out var png):
                        h.Append("<img alt=\"output\" src=\"data:image/png;base64,").Append(png).Append("\">");
                        break;
                    case DisplayOutput d:
                        h.Append("<pre>").Append(E(d.Data.GetValueOrDefault("text/plain") ?? "")).Append("</pre>");
                        break;
                    case StreamOutput s:
                        h.Append("<pre class=\"").Append(s.Name).Append("\">").Append(E(s.Text)).Append("</pre>");
                        break;
                    case ErrorOutput e:
                        h.Append("<pre class=\"error\">").Append(E(string.Join("\n", e.Traceback))).Append("</pre>");
                        break;
                }
                h.Append("</div>");
            }
            h.Append("</section>\n");
        }
        return h.Append("</body>\n</html>\n").ToString();
    }

    private static string E(string text) => CellText.Html(text);

    private const string Css =
        "body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}" +
        "section.code{margin:1em 0;border-left:3px solid #cbd5e1;padding-left:.8em}" +
        "section.injected{border-left-color:#f59e0b}.prompt{color:#64748b;font:12px monospace}" +
        "pre{background:#f8fafc;padding:.6em;overflow:auto;font-size:13px}pre.error{background:#fef2f2;color:#991b1b}" +
        "pre.stderr{background:#fff7ed}.out{margin:.4em 0;overflow:auto}img{max-width:100%;height:auto}" +
        ".md table{border-collapse:collapse}.md td,.md th{border:1px solid #ddd;padding:2px 8px}code{font-size:90%}";

    /// <summary>A small subset of CommonMark: enough for analyst notes. All text is encoded first.</summary>
    public static string Markdown(string source)
    {
        var h = new StringBuilder();
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var paragraph = new List<string>();
        string? list = null;

        void EndParagraph()
        {
            if (paragraph.Count > 0) h.Append("<p>").Append(Inline(string.Join(" ", paragraph))).Append("</p>\n");
            paragraph.Clear();
        }
        void EndList()
        {
            if (list is not null) h.Append("</").Append(list).Append(">\n");
            list = null;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var t = line.Trim();
            if (t.StartsWith("```", StringComparison.Ordinal))
            {
                EndParagraph(); EndList();
                var code = new List<string>();
                for (i++; i < lines.Length && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal); i++) code.Add(lines[i]);
                h.Append("<pre><code>").Append(E(string.Join("\n", code))).Append("</code></pre>\n");
                continue;
            }
            if (Heading().Match(t) is { Success: true } heading)
            {
                EndParagraph(); EndList();
                var level = heading.Groups[1].Length;
                h.Append("<h").Append(level).Append('>').Append(Inline(heading.Groups[2].Value)).Append("</h").Append(level).Append(">\n");
                continue;
            }
            if (t.StartsWith('|'))
            {
                EndParagraph(); EndList();
                h.Append("<table>");
                var header = true;
                for (; i < lines.Length && lines[i].Trim().StartsWith('|'); i++)
                {
                    var cells = lines[i].Trim().Trim('|').Split('|').Select(c => c.Trim()).ToList();
                    if (cells.All(c => c.Length > 0 && c.All(ch => ch is '-' or ':'))) continue;
                    var tag = header ? "th" : "td";
                    h.Append("<tr>");
                    foreach (var c in cells) h.Append('<').Append(tag).Append('>').Append(Inline(c)).Append("</").Append(tag).Append('>');
                    h.Append("</tr>");
                    header = false;
                }
                i--;
                h.Append("</table>\n");
                continue;
            }
            if (ListItem().Match(line) is { Success: true } item)
            {
                EndParagraph();
                var kind = char.IsDigit(item.Groups[1].Value[0]) ? "ol" : "ul";
                if (list != kind) { EndList(); h.Append('<').Append(kind).Append(">\n"); list = kind; }
                h.Append("<li>").Append(Inline(item.Groups[2].Value)).Append("</li>\n");
                continue;
            }
            if (t.StartsWith('>'))
            {
                EndParagraph(); EndList();
                h.Append("<blockquote>").Append(Inline(t.TrimStart('>').Trim())).Append("</blockquote>\n");
                continue;
            }
            if (t.Length == 0) { EndParagraph(); EndList(); continue; }
            if (list is not null && char.IsWhiteSpace(line[0]))
            {
                // continuation of a list item
                h.Length -= "</li>\n".Length;
                h.Append(' ').Append(Inline(t)).Append("</li>\n");
                continue;
            }
            EndList();
            paragraph.Add(t);
        }
        EndParagraph(); EndList();
        return h.ToString();
    }

    private static string Inline(string text)
    {
        var s = E(text);
        s = Code().Replace(s, "<code>$1</code>");
        s = Bold().Replace(s, "<strong>$1</strong>");
        s = Italic().Replace(s, "<em>$1</em>");
        s = Link().Replace(s, m =>
        {
            var href = m.Groups[2].Value;
            return href.StartsWith("javascript", StringComparison.OrdinalIgnoreCase) ? m.Groups[1].Value : $"<a href=\"{href}\">{m.Groups[1].Value}</a>";
        });
        return s;
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")]
    private static partial Regex Heading();
    [GeneratedRegex(@"^\s{0,3}([-*+]|\d+\.)\s+(.*)$")]
    private static partial Regex ListItem();
    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
    [GeneratedRegex(@"\*\*([^*]+)\*\*")]
    private static partial Regex Bold();
    [GeneratedRegex(@"(?<![*\w])\*([^*\s][^*]*)\*(?!\*)")]
    private static partial Regex Italic();
    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")]
    private static partial Regex Link();
}
