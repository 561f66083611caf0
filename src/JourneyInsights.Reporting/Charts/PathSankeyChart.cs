using JourneyInsights.Metrics;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>
/// A path Sankey (ScottPlot has none: drawn here from polygons and rectangles): one column per step from the anchor, a
/// bar per node as tall as its customers, ribbons between the nodes of consecutive steps as thick as the customers going
/// that way (<see cref="PathSankeyLayout"/>). Grey: "left the journey"; light grey: "other touchpoints". Each label names
/// the node with its customers and share of the anchor's customers; labels are spread so that none overlaps another.
/// The report's chart shows <see cref="JourneyReport.PathFocus"/>: the paths from the transition that lost the most customers.
/// </summary>
public static class PathSankeyChart
{
    public const string Name = "paths";

    /// <summary>Pixel padding around the data area: fixed, so label heights in pixels convert to data units before rendering.</summary>
    private static readonly PixelPadding Padding = new(80, 30, 105, 70);

    private const float LabelSize = 15;
    /// <summary>Pixels a two-line label needs, with a little air.</summary>
    private const double LabelSlot = 42;
    /// <summary>Data units to the right of the last column left for its labels.</summary>
    private const double LabelRoom = 0.66;
    private const int NameLength = 28;

    /// <summary>"Left the journey" (and "journey start") bars.</summary>
    public static Color EndColor { get; } = Color.FromHex("#8C8C8C");
    /// <summary>"Other touchpoints" bars.</summary>
    public static Color OtherColor { get; } = Color.FromHex("#C4C4C4");

    /// <summary>Why the report's path chart has nothing to draw (an empty cohort, one stage, nobody at the stage), or null.</summary>
    public static string? NoData(JourneyReport r)
    {
        if (ChartTheme.NoCohort(r) is { } empty) return empty;
        if (r.PathFocus is not { } paths) return "The journey has one stage: there is no stage transition to follow paths from.";
        return NoData(paths);
    }

    /// <summary>Why <paramref name="paths"/> has nothing to draw (nobody reached the anchor by the cut), or null.</summary>
    public static string? NoData(PathResult paths) => paths.Customers > 0 ? null
        : $"No customer of the {paths.Month} cohort reached {paths.Anchor} by the cut, so there is no path to draw ({paths.Basis}).";

    public static string Description(JourneyReport r) => NoData(r) ?? Description(r.PathFocus!, r.Funnel);

    /// <summary>What the chart of <paramref name="paths"/> shows; with the cohort's funnel, why this transition was chosen.</summary>
    public static string Description(PathResult paths, FunnelResult? funnel = null)
    {
        var why = paths.Transition is not { } t || funnel is null ? ""
            : funnel.Stages[t.ToIndex].DropOff == 0 ? " (no transition lost a customer of the cohort: the first is shown)"
            : $" ({t.Text} lost the most customers of the cohort: {ChartTheme.Count(funnel.Stages[t.ToIndex].DropOff)})";
        var way = paths.Direction == PathDirection.Next ? "next" : "previous";
        var who = paths.Query.Stage is not null ? "reached" : "met";
        return $"The {way} {paths.Query.Steps} touchpoints of the {Customers(paths.Customers)} of the {paths.Month} cohort who {who} {paths.Anchor}{why}, "
            + $"consecutive repeats collapsed; per step the {paths.Query.Top} most frequent touchpoints are named, "
            + $"the rest pooled as \"{PathAnalysis.OtherName}\", and customers with no touchpoint that far go to \"{paths.EndName}\"; "
            + $"bar and ribbon heights are customers, so each step adds up to 100 % ({paths.Basis}).";
    }

    /// <summary>The report's path chart: the paths from the transition that lost the most customers.</summary>
    public static Plot Create(JourneyReport r)
    {
        if (NoData(r) is { } reason) return ChartTheme.NoDataPlot(ChartTheme.CohortTitle("Paths", r), reason);
        return Create(r.PathFocus!, r.Title);
    }

    /// <summary>Draws <paramref name="paths"/> (a literal or computed <see cref="PathResult"/>), titled with <paramref name="journey"/>'s name.</summary>
    public static Plot Create(PathResult paths, string journey)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var title = $"{paths.Title} · {paths.Month} cohort · {journey}";
        if (NoData(paths) is { } reason) return ChartTheme.NoDataPlot(title, reason);
        var layout = PathSankeyLayout.Compute(paths);
        var plot = ChartTheme.CreatePlot(title);
        plot.Layout.Fixed(Padding);
        var steps = paths.Query.Steps;
        var margin = layout.Height * 0.02;
        var (xMin, xMax) = (-0.03, steps + PathSankeyLayout.BarWidth + LabelRoom);
        var (yMin, yMax) = (-margin, layout.Height + margin);
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);

        var colors = NodeColors(paths);
        foreach (var ribbon in layout.Ribbons)
        {
            var target = layout.Nodes.Single(n => n.Node.Step == ribbon.Link.Step + 1 && n.Node.Index == ribbon.Link.To).Node;
            var source = layout.Nodes.Single(n => n.Node.Step == ribbon.Link.Step && n.Node.Index == ribbon.Link.From).Node;
            var carried = source.Kind == PathNodeKind.End; // those who left earlier, carried along so each step adds up
            var polygon = plot.Add.Polygon(RibbonOutline(ribbon));
            polygon.FillColor = colors(target).WithAlpha(carried ? 0.13 : 0.36);
            polygon.LineWidth = 0;
            polygon.LineColor = Colors.Transparent;
        }
        foreach (var n in layout.Nodes)
        {
            var bar = plot.Add.Rectangle(n.X0, n.X1, n.Bottom, n.Top);
            bar.FillColor = colors(n.Node);
            bar.LineWidth = 0;
        }

        // labels right of their bar, spread per column so that none overlaps another
        var unitsPerPixel = (yMax - yMin) / (ChartTheme.Height - Padding.Top - Padding.Bottom);
        var slot = LabelSlot * unitsPerPixel;
        foreach (var column in layout.Nodes.GroupBy(n => n.Node.Step))
        {
            var list = column.OrderByDescending(n => n.Middle).ToList();
            var at = PathSankeyLayout.SpreadLabels(list.Select(n => n.Middle).ToList(), slot, yMin, yMax);
            for (var i = 0; i < list.Count; i++)
            {
                var n = list[i];
                var x = n.X1 + 0.012;
                if (Math.Abs(at[i] - n.Middle) > n.Height / 2)
                {
                    var leader = plot.Add.Line(n.X1, n.Middle, x + 0.01, at[i]);
                    leader.LineColor = ChartTheme.Muted;
                    leader.LineWidth = 1;
                    x += 0.012;
                }
                var label = ChartTheme.Label(plot, LabelText(n.Node), x, at[i], Alignment.MiddleLeft, LabelSize, bold: n.Node.Kind == PathNodeKind.Anchor);
                label.LabelStyle.BackgroundColor = Colors.White.WithAlpha(0.82);
                label.LabelStyle.Padding = 2;
            }
        }

        ChartTheme.LabelTicks(plot.Axes.Bottom, Enumerable.Range(0, steps + 1).Select(s => PathSankeyLayout.ColumnX(paths, s) + PathSankeyLayout.BarWidth / 2).ToArray(),
            Enumerable.Range(0, steps + 1).Select(s => StepName(paths, s)).ToArray());
        ChartTheme.LabelTicks(plot.Axes.Left, [], []);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 17;
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        plot.Axes.FrameColor(Colors.Transparent);
        plot.XLabel($"Bar and ribbon heights are customers; grey: {paths.EndName.ToLowerInvariant()} ({(paths.Direction == PathDirection.Next ? "no further touchpoint by the cut" : "no earlier touchpoint")}), "
            + $"light grey: {PathAnalysis.OtherName.ToLowerInvariant()} (outside a step's top {paths.Query.Top}); consecutive repeats collapsed\n{paths.Basis}");
        plot.Axes.Bottom.Label.FontSize = 17;
        return plot;
    }

    /// <summary>"Reached Consideration", "1st next touchpoint", "2nd previous touchpoint".</summary>
    public static string StepName(PathResult paths, int step) => step == 0 ? "Anchor"
        : $"{step}{(step switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" })} {(paths.Direction == PathDirection.Next ? "next" : "previous")} touchpoint";

    /// <summary>A node's label: its name (cut to 28 characters), then customers and share: "Pricing page\n145 · 37.6 %".</summary>
    public static string LabelText(PathNode node)
    {
        var name = node.Name.Length > NameLength ? node.Name[..(NameLength - 1)].TrimEnd() + "…" : node.Name;
        if (node.Kind == PathNodeKind.Other) name += $" ({node.Touchpoints})";
        var count = node.Kind == PathNodeKind.Anchor ? Customers(node.Customers) : $"{ChartTheme.Count(node.Customers)} · {Share(node.Share)}";
        return $"{name}\n{count}";
    }

    private static string Customers(long n) => ChartTheme.Count(n) + (n == 1 ? " customer" : " customers");

    private static string Share(double share) => ChartTheme.Percent(share, share < 0.1 ? 1 : 0);

    /// <summary>The ribbon's outline: the top edge as a smooth S from source to target, then the bottom edge back.</summary>
    public static Coordinates[] RibbonOutline(SankeyRibbon r)
    {
        const int samples = 24;
        var points = new List<Coordinates>(2 * samples + 2);
        static double Smooth(double t) => t * t * (3 - 2 * t); // cubic ease: horizontal tangents at both ends
        for (var i = 0; i <= samples; i++)
        {
            var t = (double)i / samples;
            points.Add(new Coordinates(r.X0 + (r.X1 - r.X0) * t, r.SourceTop + (r.TargetTop - r.SourceTop) * Smooth(t)));
        }
        for (var i = samples; i >= 0; i--)
        {
            var t = (double)i / samples;
            points.Add(new Coordinates(r.X0 + (r.X1 - r.X0) * t, r.SourceBottom + (r.TargetBottom - r.SourceBottom) * Smooth(t)));
        }
        return points.ToArray();
    }

    /// <summary>Colours: the anchor in ink, each touchpoint name its palette colour (in order of first appearance), other and end in greys.</summary>
    private static Func<PathNode, Color> NodeColors(PathResult paths)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in paths.Steps.SelectMany(s => s).Where(n => n.Kind == PathNodeKind.Touchpoint))
            names.TryAdd(n.Name, names.Count);
        return n => n.Kind switch
        {
            PathNodeKind.Anchor => ChartTheme.Ink,
            PathNodeKind.Other => OtherColor,
            PathNodeKind.End => EndColor,
            _ => ChartTheme.Series(names[n.Name]),
        };
    }
}
