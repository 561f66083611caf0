using JourneyInsights.Metrics;
using JourneyInsights.Reporting.Charts;

namespace JourneyInsights.Reporting.Tests;

/// <summary>The path Sankey drawn from literal paths (3 steps × 8 nodes, the most a default step has), from the sample report, and from nothing.</summary>
public class PathSankeyChartTests(SampleReport sample) : IClassFixture<SampleReport>
{
    private static PathNode Node(int step, int index, PathNodeKind kind, string name, long customers, long total) =>
        new() { Step = step, Index = index, Kind = kind, Name = name, Customers = customers, Share = (double)customers / total, Touchpoints = kind == PathNodeKind.Other ? 3 : 0 };

    /// <summary>
    /// 200 customers at Consideration; each step: six touchpoints, other, left (8 nodes), adding up to 200:
    ///   step 1: Pricing 60, Demo 40, Docs 30, Blog 20, Webinar 15, Trial 10, other 15, left 10
    ///   step 2: Pricing 50, Demo 35, Docs 25, Blog 20, Webinar 15, Trial 10, other 15, left 30
    ///   step 3: Pricing 40, Demo 30, Docs 20, Blog 20, Webinar 15, Trial 10, other 15, left 50
    /// Links 1 → 2 and 2 → 3: left goes on to left, the rest by the north-west-corner rule (fill each source in order into
    /// the targets in order), which keeps every bar's in- and outflow equal to its customers.
    /// </summary>
    internal static PathResult EightByThree(string? hostile = null)
    {
        const long total = 200;
        string[] names = [hostile ?? "Pricing", "Demo", "Docs", "Blog", "Webinar", "Trial"];
        long[][] counts = [[60, 40, 30, 20, 15, 10, 15, 10], [50, 35, 25, 20, 15, 10, 15, 30], [40, 30, 20, 20, 15, 10, 15, 50]];
        var steps = new List<IReadOnlyList<PathNode>> { new[] { Node(0, 0, PathNodeKind.Anchor, "Reached Consideration", total, total) } };
        for (var s = 0; s < 3; s++)
            steps.Add(counts[s].Select((n, i) => Node(s + 1, i, i < 6 ? PathNodeKind.Touchpoint : i == 6 ? PathNodeKind.Other : PathNodeKind.End,
                i < 6 ? names[i] : i == 6 ? PathAnalysis.OtherName : PathAnalysis.LeftName, n, total)).ToList());
        var links = counts[0].Select((n, i) => new PathLink(0, 0, i, n)).ToList();
        for (var s = 0; s < 2; s++)
        {
            var from = counts[s].ToArray();
            var to = counts[s + 1].ToArray();
            var carried = from[7]; // left stays left
            var flows = new List<PathLink> { new(s + 1, 7, 7, carried) };
            to[7] -= carried;
            var j = 0;
            for (var i = 0; i < 7; i++)
                while (from[i] > 0)
                {
                    while (to[j] == 0) j++;
                    var n = Math.Min(from[i], to[j]);
                    flows.Add(new PathLink(s + 1, i, j, n));
                    from[i] -= n; to[j] -= n;
                }
            links.AddRange(flows.OrderBy(l => l.From).ThenBy(l => l.To));
        }
        return new PathResult
        {
            Query = PathQuery.From(new Transition(1, "Consideration", 2, "Purchase")),
            Month = "2026-08", Anchor = "Consideration", Customers = total, Steps = steps, Links = links,
            Basis = "2026-08 cohort, customers who reached Consideration, touchpoints up to 2026-08-31 23:59:59 UTC",
        };
    }

    [Fact]
    public void Ribbon_widths_equal_the_customers_of_their_links_at_both_ends()
    {
        var paths = EightByThree();
        var layout = PathSankeyLayout.Compute(paths);
        Assert.Equal(paths.Links.Count, layout.Ribbons.Count);
        Assert.All(layout.Ribbons, r =>
        {
            Assert.Equal(r.Link.Customers, r.SourceWidth, 9);
            Assert.Equal(r.Link.Customers, r.TargetWidth, 9);
        });
        // gap = 200 × 0.045 = 9; the tallest column (8 bars) is 200 + 7 × 9 = 263 high.
        Assert.Equal(263, layout.Height, 9);
        // The anchor (one bar of 200) is centred: top 263 − (263 − 200) / 2 = 231.5, bottom 31.5.
        var anchor = layout.Nodes.Single(n => n.Node.Step == 0);
        Assert.Equal((231.5, 31.5), (anchor.Top, anchor.Bottom));
        // Step 1 fills its column: Pricing 263..203, Demo 194..154 (after a gap of 9).
        var demo = layout.Nodes.Single(n => n.Node.Step == 1 && n.Node.Name == "Demo");
        Assert.Equal((194.0, 154.0), (demo.Top, demo.Bottom));
        // Anchor → Demo leaves the anchor below anchor → Pricing (231.5 − 60 = 171.5 .. 131.5) and fills Demo's bar.
        var toDemo = layout.Ribbons.Single(r => r.Link.Step == 0 && r.Link.To == 1);
        Assert.Equal((171.5, 131.5, 194.0, 154.0), (toDemo.SourceTop, toDemo.SourceBottom, toDemo.TargetTop, toDemo.TargetBottom));

        // Drawn: one polygon per ribbon, as thick at its left and right ends as its link's customers.
        using var plot = PathSankeyChart.Create(paths, "Test journey");
        var polygons = plot.GetPlottables<ScottPlot.Plottables.Polygon>().ToList();
        Assert.Equal(layout.Ribbons.Count, polygons.Count);
        for (var i = 0; i < polygons.Count; i++)
        {
            var points = polygons[i].Coordinates;
            var left = points.Where(p => p.X == points.Min(q => q.X)).Select(p => p.Y).ToList();
            var right = points.Where(p => p.X == points.Max(q => q.X)).Select(p => p.Y).ToList();
            Assert.Equal(layout.Ribbons[i].Link.Customers, left.Max() - left.Min(), 9);
            Assert.Equal(layout.Ribbons[i].Link.Customers, right.Max() - right.Min(), 9);
        }
        // one bar per node, as tall as its customers
        var bars = plot.GetPlottables<ScottPlot.Plottables.Rectangle>().ToList();
        Assert.Equal(paths.Steps.Sum(s => s.Count), bars.Count);
        Assert.Equal(paths.Steps.SelectMany(s => s).Select(n => (double)n.Customers).OrderBy(x => x), bars.Select(b => b.Y2 - b.Y1).OrderBy(x => x));
    }

    [Fact]
    public void Labels_of_three_steps_of_eight_nodes_do_not_overlap_and_stay_on_the_slide()
    {
        using var plot = PathSankeyChart.Create(EightByThree(), "Test journey");
        plot.RenderInMemory(ChartTheme.Width, ChartTheme.Height);
        var boxes = plot.GetPlottables<ScottPlot.Plottables.Text>().Select(t => t.LabelStyle.LastRenderPixelRect).ToList();
        Assert.Equal(1 + 3 * 8, boxes.Count);
        for (var i = 0; i < boxes.Count; i++)
        {
            var a = boxes[i];
            Assert.True(a.Left >= 0 && a.Right <= ChartTheme.Width && a.Top >= 0 && a.Bottom <= ChartTheme.Height, $"label {a} leaves the slide");
            foreach (var b in boxes.Skip(i + 1))
            {
                var overlap = Math.Min(a.Right, b.Right) > Math.Max(a.Left, b.Left) && Math.Min(a.Bottom, b.Bottom) > Math.Max(a.Top, b.Top);
                Assert.False(overlap, $"labels {a} and {b} overlap");
            }
        }
        Assert.Contains("Pricing\n60 · 30 %", Texts(plot));
        Assert.Contains("Other touchpoints (3)\n15 · 7.5 %", Texts(plot));
        Assert.Contains("Left the journey\n50 · 25 %", Texts(plot));
        Assert.Contains("Reached Consideration\n200 customers", Texts(plot));
    }

    [Fact]
    public void Spread_labels_keep_their_place_when_they_fit_and_move_apart_when_they_do_not()
    {
        // far apart: unchanged
        Assert.Equal([90.0, 50.0, 10.0], PathSankeyLayout.SpreadLabels([90, 50, 10], 10, 0, 100));
        // 52 and 50 are closer than 10: the second is pushed down to 42
        Assert.Equal([90.0, 52.0, 42.0], PathSankeyLayout.SpreadLabels([90, 52, 50], 10, 0, 100));
        // three at 6, 4, 2 would run below 0: the last sits at 5 (half a label above the bound), the others above it
        Assert.Equal([25.0, 15.0, 5.0], PathSankeyLayout.SpreadLabels([6, 4, 2], 10, 0, 100));
    }

    [Fact]
    public void The_report_chart_draws_the_paths_of_the_transition_that_lost_the_most_customers()
    {
        var r = sample.Report;
        var focus = r.PathFocus!;
        var lost = r.Funnel.Stages.Skip(1).Max(s => s.DropOff);
        Assert.Equal(lost, r.Funnel.Stages[focus.Transition!.ToIndex].DropOff);
        using var plot = PathSankeyChart.Create(r);
        Assert.StartsWith($"Paths from {focus.Anchor} (next 3 touchpoints) · {r.Month} cohort", plot.Axes.Title.Label.Text);
        var polygons = plot.GetPlottables<ScottPlot.Plottables.Polygon>().ToList();
        Assert.Equal(focus.Links.Count, polygons.Count);
        // each step's ribbons together are as thick as the anchor's customers
        foreach (var step in focus.Links.GroupBy(l => l.Step)) Assert.Equal(focus.Customers, step.Sum(l => l.Customers));
        Assert.Contains(Texts(plot), t => t.StartsWith(PathAnalysis.LeftName + "\n"));
        Assert.Contains("lost the most customers of the cohort", PathSankeyChart.Description(r));
    }

    [Fact]
    public void No_customer_at_the_anchor_says_so_instead_of_an_empty_chart()
    {
        var empty = new PathResult
        {
            Query = PathQuery.Around("Payment error"), Month = "2026-03", Anchor = "Payment error", Customers = 0, Steps = [], Links = [],
            Basis = "2026-03 cohort, customers who met Payment error, touchpoints up to 2026-03-31 23:59:59 UTC",
        };
        Assert.Contains("No customer of the 2026-03 cohort reached Payment error", PathSankeyChart.NoData(empty));
        using var plot = PathSankeyChart.Create(empty, "Test journey");
        Assert.Contains(ChartTheme.NoDataHeading, Texts(plot));
        Assert.Empty(plot.GetPlottables<ScottPlot.Plottables.Polygon>());
    }

    [Fact]
    public void The_description_says_why_the_transition_was_chosen_and_counts_one_customer_as_one()
    {
        static StageConversion Stage(string name, int index, long customers, long dropOff) =>
            new() { Stage = name, Index = index, Customers = customers, PreviousCustomers = customers + dropOff, DropOff = dropOff };
        var paths = EightByThree();
        // Consideration → Purchase lost 120 of 200
        var lossy = new FunnelResult { Cohort = "2026-08", Stages = [Stage("Awareness", 0, 300, 0), Stage("Consideration", 1, 200, 100), Stage("Purchase", 2, 80, 120)] };
        Assert.Contains("of the 200 customers of the 2026-08 cohort who reached Consideration (Consideration → Purchase lost the most customers of the cohort: 120)",
            PathSankeyChart.Description(paths, lossy));
        // nobody lost anywhere: the first transition is shown, and the text does not claim it lost the most
        var calm = new FunnelResult { Cohort = "2026-08", Stages = [Stage("Awareness", 0, 1, 0), Stage("Consideration", 1, 1, 0), Stage("Purchase", 2, 1, 0)] };
        var one = paths with { Customers = 1 };
        Assert.Contains("of the 1 customer of the 2026-08 cohort who reached Consideration (no transition lost a customer of the cohort: the first is shown)",
            PathSankeyChart.Description(one, calm));
        Assert.Equal("Reached Consideration\n1 customer", PathSankeyChart.LabelText(one.Steps[0][0] with { Customers = 1 }));
    }

    [Fact]
    public void A_touchpoint_name_never_becomes_markup_in_the_svg()
    {
        using var plot = PathSankeyChart.Create(EightByThree("<script>alert(1)</script>"), "Test journey");
        var svg = plot.GetSvgXml(ChartTheme.Width, ChartTheme.Height);
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
    }

    private static List<string> Texts(ScottPlot.Plot plot) => plot.GetPlottables<ScottPlot.Plottables.Text>().Select(t => t.LabelStyle.Text).ToList();
}
