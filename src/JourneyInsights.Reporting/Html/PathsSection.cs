using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using JourneyInsights.Metrics;
using JourneyInsights.Reporting.Charts;
using JourneyInsights.Reporting.Formatting;

namespace JourneyInsights.Reporting.Html;

/// <summary>
/// The page's "Paths" section: the paths of the transition that lost the most customers as a table (one column per step,
/// one cell per node with its customers, share and a bar), the other transitions folded below. Names are encoded, never markup.
/// </summary>
internal static class PathsSection
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>The section's styles (appended to the page's style sheet).</summary>
    public const string Css = """
        table.path td{width:25%}table.path .bar{display:block;height:5px;background:#0072B2;margin-top:4px;border-radius:2px}
        table.path td.end .bar{background:#8C8C8C}table.path td.other .bar{background:#C4C4C4}table.path td.end,table.path td.other{color:#555}
        details{margin:10px 0}summary{cursor:pointer;font-weight:bold}
        """;

    private static string E(string text) => Encoder.Encode(SafeText.Xml(text));

    public static void Append(StringBuilder h, JourneyReport r)
    {
        h.Append("<section><h2>Paths</h2>");
        if (PathSankeyChart.NoData(r) is { } none)
        {
            h.Append("<p class=\"note nodata\">No data: ").Append(E(none)).Append("</p></section>\n");
            return;
        }
        var focus = r.PathFocus!;
        h.Append("<p class=\"note\">").Append(E(
            $"Where the {r.Month} cohort's customers at a stage went next: their next {PathQuery.DefaultSteps} touchpoints, consecutive repeats collapsed. "
            + $"Per step the {PathQuery.DefaultTop} most frequent touchpoints are named, the rest pooled as “{PathAnalysis.OtherName}”; customers with no further touchpoint "
            + $"by the cut are in “{PathAnalysis.LeftName}” at that step and every later one, so each step adds up to 100 % of the stage's customers. "
            + (r.Funnel.Stages[focus.Transition!.ToIndex].DropOff == 0
                ? $"No transition lost a customer of the cohort: the first, {focus.Transition.Text}, is shown first. "
                : $"Shown first: {focus.Transition.Text}, which lost the most customers ({Format.Count(r.Funnel.Stages[focus.Transition.ToIndex].DropOff)}). ")
            + $"{focus.Basis}."))
         .Append("</p>");
        Table(h, focus);
        foreach (var p in r.Paths.Where(p => p != focus))
        {
            h.Append("<details><summary>").Append(E($"{p.Title}: {Format.Count(p.Customers)} customer{(p.Customers == 1 ? "" : "s")} ({p.Transition!.Text})")).Append("</summary>");
            if (p.Customers == 0) h.Append("<p class=\"note nodata\">No data: ").Append(E(PathSankeyChart.NoData(p)!)).Append("</p>");
            else Table(h, p);
            h.Append("</details>");
        }
        h.Append("</section>\n");
    }

    private static void Table(StringBuilder h, PathResult p)
    {
        h.Append("<div class=\"scroll\"><table class=\"path\"><thead><tr>");
        for (var s = 0; s < p.Steps.Count; s++) h.Append("<th>").Append(E(s == 0 ? "Stage reached" : PathSankeyChart.StepName(p, s))).Append("</th>");
        h.Append("</tr></thead><tbody>");
        var rows = p.Steps.Max(s => s.Count);
        for (var i = 0; i < rows; i++)
        {
            h.Append("<tr>");
            foreach (var step in p.Steps)
            {
                if (i >= step.Count) { h.Append("<td></td>"); continue; }
                var n = step[i];
                var kind = n.Kind switch { PathNodeKind.End => " class=\"end\"", PathNodeKind.Other => " class=\"other\"", _ => "" };
                var name = n.Kind == PathNodeKind.Other ? $"{n.Name} ({n.Touchpoints})" : n.Name;
                h.Append("<td").Append(kind).Append('>').Append(n.Kind == PathNodeKind.Anchor ? "<strong>" + E(name) + "</strong>" : E(name))
                 .Append("<br><small>").Append(E($"{Format.Count(n.Customers)} · {Format.Percent(n.Share)}")).Append("</small>")
                 .Append("<span class=\"bar\" style=\"width:").Append((n.Share * 100).ToString("0.#", CultureInfo.InvariantCulture)).Append("%\"></span></td>");
            }
            h.Append("</tr>");
        }
        h.Append("</tbody></table></div>");
    }
}
