using JourneyInsights.Metrics;

namespace JourneyInsights.Reporting.Charts;

/// <summary>Where a path node is drawn: a bar from <see cref="X0"/> to <see cref="X1"/>, <see cref="Top"/> to <see cref="Bottom"/> (y up, 1 unit = 1 customer).</summary>
public sealed record SankeyNode(PathNode Node, double X0, double X1, double Top, double Bottom)
{
    public double Height => Top - Bottom;
    public double Middle => (Top + Bottom) / 2;
}

/// <summary>
/// Where a path link is drawn: a ribbon leaving its source bar at x <see cref="X0"/> between <see cref="SourceTop"/> and
/// <see cref="SourceBottom"/> and entering its target bar at x <see cref="X1"/> between <see cref="TargetTop"/> and
/// <see cref="TargetBottom"/>. Both ends are as thick as the link's customers (1 unit = 1 customer).
/// </summary>
public sealed record SankeyRibbon(PathLink Link, double X0, double X1, double SourceTop, double SourceBottom, double TargetTop, double TargetBottom)
{
    public double SourceWidth => SourceTop - SourceBottom;
    public double TargetWidth => TargetTop - TargetBottom;
}

/// <summary>
/// The geometry of a path Sankey, in data units: one column per step (the anchor first, on the left reading forward,
/// on the right reading backward), each node a bar as tall as its customers, a fixed gap between bars, every column
/// centred; ribbons leave a bar in the order of their targets and enter a bar in the order of their sources, so they
/// never cross inside a bar. Pure: the chart draws it, the tests check it.
/// </summary>
public sealed record PathSankeyLayout(IReadOnlyList<SankeyNode> Nodes, IReadOnlyList<SankeyRibbon> Ribbons, double Height, int Columns)
{
    /// <summary>Width of a node bar, in steps.</summary>
    public const double BarWidth = 0.045;

    /// <summary>Gap between two bars of a column, as a fraction of the anchor's customers.</summary>
    public const double GapShare = 0.045;

    /// <summary>The x position (left edge of the bar) of step <paramref name="step"/>.</summary>
    public static double ColumnX(PathResult paths, int step) => paths.Direction == PathDirection.Next ? step : paths.Query.Steps - step;

    public static PathSankeyLayout Compute(PathResult paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Customers == 0 || paths.Steps.Count == 0) return new([], [], 0, 0);
        double total = paths.Customers;
        var gap = total * GapShare;
        var most = paths.Steps.Max(s => s.Count);
        var height = total + gap * (most - 1);
        var nodes = new List<SankeyNode>();
        var at = new Dictionary<(int Step, int Index), SankeyNode>();
        for (var s = 0; s < paths.Steps.Count; s++)
        {
            var column = paths.Steps[s];
            var columnHeight = column.Sum(n => (double)n.Customers) + gap * (column.Count - 1);
            var top = height - (height - columnHeight) / 2;
            var x = ColumnX(paths, s);
            foreach (var n in column)
            {
                var node = new SankeyNode(n, x, x + BarWidth, top, top - n.Customers);
                nodes.Add(node);
                at[(s, n.Index)] = node;
                top -= n.Customers + gap;
            }
        }

        var outUsed = new Dictionary<(int, int), double>();
        var inUsed = new Dictionary<(int, int), double>();
        var ribbons = new List<SankeyRibbon>();
        // links come ordered by step, from, to: a source's ribbons leave top-down in target order
        foreach (var l in paths.Links)
        {
            var source = at[(l.Step, l.From)];
            var target = at[(l.Step + 1, l.To)];
            var o = outUsed.GetValueOrDefault((l.Step, l.From));
            outUsed[(l.Step, l.From)] = o + l.Customers;
            ribbons.Add(new SankeyRibbon(l, 0, 0, source.Top - o, source.Top - o - l.Customers, 0, 0));
        }
        // a target's ribbons enter top-down in source order
        foreach (var group in ribbons.Select((r, i) => (r, i)).GroupBy(p => (p.r.Link.Step, p.r.Link.To)))
            foreach (var (r, i) in group.OrderBy(p => p.r.Link.From))
            {
                var target = at[(r.Link.Step + 1, r.Link.To)];
                var source = at[(r.Link.Step, r.Link.From)];
                var used = inUsed.GetValueOrDefault(group.Key);
                inUsed[group.Key] = used + r.Link.Customers;
                var forward = target.X0 > source.X0;
                ribbons[i] = r with
                {
                    X0 = forward ? source.X1 : source.X0, X1 = forward ? target.X0 : target.X1,
                    TargetTop = target.Top - used, TargetBottom = target.Top - used - r.Link.Customers,
                };
            }
        return new PathSankeyLayout(nodes, ribbons, height, paths.Steps.Count);
    }

    /// <summary>
    /// The centres of labels of height <paramref name="size"/> wanted at <paramref name="wanted"/> (top-down order, y up),
    /// moved as little as possible so that no two overlap and all stay within [<paramref name="low"/>, <paramref name="high"/>]
    /// (when they fit). A forward pass pushes labels down, a backward pass pulls them up from the bottom bound.
    /// </summary>
    public static double[] SpreadLabels(IReadOnlyList<double> wanted, double size, double low, double high)
    {
        var y = wanted.ToArray();
        if (y.Length == 0) return y;
        y[0] = Math.Min(y[0], high - size / 2);
        for (var i = 1; i < y.Length; i++) y[i] = Math.Min(y[i], y[i - 1] - size);
        if (y[^1] < low + size / 2)
        {
            y[^1] = low + size / 2;
            for (var i = y.Length - 2; i >= 0; i--) y[i] = Math.Max(y[i], y[i + 1] + size);
        }
        return y;
    }
}
