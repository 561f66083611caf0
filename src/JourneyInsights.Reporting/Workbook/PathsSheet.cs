using JourneyInsights.Metrics;
using JourneyInsights.Reporting.Charts;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>
/// The report cohort's paths from each transition's first stage (<see cref="JourneyReport.Paths"/>): one row per node of
/// every step (the transition that lost the most customers first), then the links between consecutive steps, so the
/// Sankey can be rebuilt or filtered in Excel. Touchpoint names are written as text, never as formulas.
/// </summary>
internal static class PathsSheet
{
    public const string Name = "Paths";

    private sealed record NodeRow(PathResult Paths, PathNode Node);
    private sealed record LinkRow(PathResult Paths, PathLink Link);

    public static void Write(SheetWriter w, JourneyReport r)
    {
        var row = w.Title($"Paths {r.Month}",
            $"Where the {r.Month} cohort's customers at each stage went next: their next {PathQuery.DefaultSteps} touchpoints (as of the report's cut), consecutive repeats collapsed; "
            + $"per step the {PathQuery.DefaultTop} most frequent touchpoints are named, the rest pooled as \"{PathAnalysis.OtherName}\", and customers with no further touchpoint "
            + $"are in \"{PathAnalysis.LeftName}\" (at that step and every later one), so each step's shares add up to 100 %. Definitions in docs/metrics.md (\"Paths\").");
        if (PathSankeyChart.NoData(r) is { } none)
        {
            w.Sentence(row, none);
            return;
        }
        var focus = r.PathFocus!;
        var ordered = r.Paths.OrderBy(p => p == focus ? 0 : 1).ThenBy(p => p.Transition!.FromIndex).ToList();
        w.Heading(row, r.Funnel.Stages[focus.Transition!.ToIndex].DropOff == 0
            ? $"Paths, step by step (no transition lost a customer of the cohort: {focus.Transition.Text} first)"
            : $"Paths, step by step ({focus.Transition.Text} first: it lost the most customers of the cohort)");
        var nodes = w.Table<NodeRow>(row + 1, 1, "Paths",
        [
            new("Transition", CellKind.Text, x => x.Paths.Transition?.Text),
            new("From stage", CellKind.Text, x => x.Paths.Anchor),
            new("Step", CellKind.Count, x => x.Node.Step),
            new("Node", CellKind.Count, x => x.Node.Index),
            new("Touchpoint", CellKind.Text, x => x.Node.Name),
            new("Kind", CellKind.Text, x => Kind(x.Node.Kind)),
            new("Customers", CellKind.Count, x => x.Node.Customers),
            new("Share of the stage's customers", CellKind.Percent, x => x.Node.Share),
            new("Touchpoints pooled", CellKind.Count, x => x.Node.Kind == PathNodeKind.Other ? x.Node.Touchpoints : null),
            new("Basis", CellKind.Text, x => x.Paths.Basis),
        ], ordered.SelectMany(p => p.Steps.SelectMany(s => s).Select(n => new NodeRow(p, n))));
        w.Sheet.SheetView.FreezeRows(row + 1);
        row = nodes.RangeAddress.LastAddress.RowNumber + 3;

        w.Heading(row, "Links: customers going from a node of one step to a node of the next (nodes as numbered above)");
        w.Table<LinkRow>(row + 1, 1, "PathLinks",
        [
            new("Transition", CellKind.Text, x => x.Paths.Transition?.Text),
            new("From step", CellKind.Count, x => x.Link.Step),
            new("From node", CellKind.Count, x => x.Link.From),
            new("From", CellKind.Text, x => x.Paths.Steps[x.Link.Step][x.Link.From].Name),
            new("To node", CellKind.Count, x => x.Link.To),
            new("To", CellKind.Text, x => x.Paths.Steps[x.Link.Step + 1][x.Link.To].Name),
            new("Customers", CellKind.Count, x => x.Link.Customers),
        ], ordered.SelectMany(p => p.Links.Select(l => new LinkRow(p, l))));
    }

    private static string Kind(PathNodeKind kind) => kind switch
    {
        PathNodeKind.Anchor => "stage reached",
        PathNodeKind.Touchpoint => "touchpoint",
        PathNodeKind.Other => "other",
        _ => "left the journey",
    };
}
