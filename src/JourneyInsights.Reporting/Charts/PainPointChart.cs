using JourneyInsights.Metrics;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>Pain-point matrix: where customers are lost (drop-off rate) against how they feel there (share of negative responses), bubble area = customers lost.</summary>
public static class PainPointChart
{
    public const string Name = "pain-points";
    /// <summary>How many pain points are drawn: the first by rank (customers lost beyond the baseline).</summary>
    public const int Shown = 8;

    private const float MinDiameter = 18;
    private const float MaxDiameter = 110;

    /// <summary>The pain points drawn: the first <see cref="Shown"/> by rank (customers lost beyond the baseline) that have a rate.</summary>
    public static IReadOnlyList<PainPoint> Points(JourneyReport r) =>
        r.PainPoints.Where(p => p.Rate is not null).OrderBy(p => p.Rank).Take(Shown).ToList();

    /// <summary>Share of negative responses there; 0 where there is no survey data (drawn dashed).</summary>
    public static double Negativity(PainPoint p) => p.Negativity ?? 0;

    /// <summary>Drop-off rate 0-1: 1 − conversion for a transition; for a touchpoint, the share of the cohort whose journey ended there.</summary>
    public static double DropOff(PainPoint p) => p.Kind == "transition" ? 1 - p.Rate!.Value : p.Rate!.Value;

    public static string Description(JourneyReport r) =>
        $"The {Points(r).Count} first pain points of the {r.Month} cohort by customers lost beyond the baseline (the previous three cohorts): "
        + "right = more of the customers there are lost, up = more negative feedback there, bubble area = customers lost; "
        + "dashed outlines have no survey responses of their own (touchpoints: the stage's share, estimated; no survey data: drawn at 0).";

    public static Plot Create(JourneyReport r)
    {
        var plot = ChartTheme.CreatePlot(ChartTheme.CohortTitle("Pain points", r));
        var points = Points(r);
        var maxLost = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => p.CustomersLost));
        float Diameter(PainPoint p) => MinDiameter + (MaxDiameter - MinDiameter) * (float)Math.Sqrt((double)p.CustomersLost / maxLost);

        var transition = ChartTheme.Loss;
        var touchpoint = ChartTheme.Series(0);
        // largest first so small bubbles stay visible on top
        foreach (var p in points.OrderByDescending(p => p.CustomersLost).ThenBy(p => p.Rank))
        {
            var color = p.Kind == "transition" ? transition : touchpoint;
            var marker = plot.Add.Marker(DropOff(p), Negativity(p), MarkerShape.FilledCircle, Diameter(p), color);
            marker.MarkerStyle.FillColor = color.WithAlpha(p.Negativity is not null && !p.NegativityEstimated ? 0.55 : 0.25);
            marker.MarkerStyle.OutlineColor = color;
            marker.MarkerStyle.OutlineWidth = 2.5f;
            if (p.Negativity is null || p.NegativityEstimated) marker.MarkerStyle.OutlineStyle.Pattern = LinePattern.Dashed;
            marker.LegendText = "";
        }

        var xMax = Math.Min(1, Math.Ceiling((points.Count == 0 ? 0.5 : points.Max(DropOff)) * 10 + 1) / 10);
        var yMax = Math.Min(1, Math.Ceiling((points.Count == 0 ? 0.5 : points.Max(Negativity)) * 10 + 1) / 10);
        plot.Axes.SetLimits(0, xMax, 0, yMax);
        ChartTheme.PercentTicks(plot.Axes.Bottom, 0, xMax);
        ChartTheme.PercentTicks(plot.Axes.Left, 0, yMax);
        plot.XLabel("Drop-off rate (transition: 1 − conversion · touchpoint: share of the cohort whose journey ended there)");
        plot.YLabel("Negative responses there");
        ChartTheme.LegendBelow(plot);
        ChartTheme.SetLegend(plot,
        [
            Bubble("stage transition", transition, 0.55, LinePattern.Solid),
            Bubble("touchpoint (last one before leaving)", touchpoint, 0.55, LinePattern.Solid),
            Bubble("no responses there: month's negative share", ChartTheme.Muted, 0.25, LinePattern.Dashed),
            new LegendItem { LabelText = $"bubble area = customers lost (largest {ChartTheme.Count(maxLost)})", LineWidth = 0, MarkerShape = MarkerShape.None },
        ]);

        PlaceLabels(plot, points, Diameter);
        return plot;
    }

    private static LegendItem Bubble(string text, Color color, double alpha, LinePattern outline) =>
        ChartTheme.MarkerLegend(text, MarkerShape.FilledCircle, 18, color.WithAlpha(alpha), color, 2, outline);

    /// <summary>
    /// Labels each bubble where it covers no other label, no other bubble's centre and stays inside the data area:
    /// the bubbles are laid out once at slide size, then each label (largest impact first) takes the first free spot
    /// around its bubble, further out with a leader line when the near spots are taken.
    /// </summary>
    private static void PlaceLabels(Plot plot, IReadOnlyList<PainPoint> points, Func<PainPoint, float> diameter)
    {
        plot.RenderInMemory(ChartTheme.Width, ChartTheme.Height);
        var area = plot.LastRender.DataRect;
        var bubbles = points.Select(p => (Point: p, Center: plot.GetPixel(new Coordinates(DropOff(p), Negativity(p))), Radius: diameter(p) / 2)).ToList();
        var taken = new List<PixelRect>();
        using var paint = Paint.NewDisposablePaint();
        const float pad = 4;

        foreach (var (p, c, radius) in bubbles)
        {
            var text = $"{p.Name}\n{ChartTheme.Count(p.CustomersLost)} lost · {(p.Negativity is { } n ? ChartTheme.Percent(n, 0) + " negative" : "no survey data")}";
            var style = new LabelStyle { FontName = ChartTheme.FontName, FontSize = 18, Text = text };
            var size = style.Measure(text, paint);
            float w = size.Width + 2 * pad, h = size.Height + 2 * pad;

            PixelRect? best = null;
            var bestCost = double.MaxValue;
            foreach (var gap in new[] { 6f, 28f, 56f, 90f })
            {
                var d = radius + gap;
                var diag = d * 0.72f;
                PixelRect[] candidates =
                [
                    new(c.X + d, c.X + d + w, c.Y + h / 2, c.Y - h / 2),            // right
                    new(c.X - d - w, c.X - d, c.Y + h / 2, c.Y - h / 2),            // left
                    new(c.X - w / 2, c.X + w / 2, c.Y - d, c.Y - d - h),            // above
                    new(c.X - w / 2, c.X + w / 2, c.Y + d + h, c.Y + d),            // below
                    new(c.X + diag, c.X + diag + w, c.Y - diag, c.Y - diag - h),    // upper right
                    new(c.X - diag - w, c.X - diag, c.Y - diag, c.Y - diag - h),    // upper left
                    new(c.X + diag, c.X + diag + w, c.Y + diag + h, c.Y + diag),    // lower right
                    new(c.X - diag - w, c.X - diag, c.Y + diag + h, c.Y + diag),    // lower left
                ];
                foreach (var rect in candidates)
                {
                    if (rect.Left < area.Left + 2 || rect.Right > area.Right - 2 || rect.Top < area.Top + 2 || rect.Bottom > area.Bottom - 2) continue;
                    double cost = taken.Sum(t => Overlap(t, rect)) * 10;
                    foreach (var other in bubbles)
                        cost += CircleOverlap(rect, other.Center, other.Radius) * (other.Point == p ? 20 : 1);
                    cost += gap; // nearer is better
                    if (cost < bestCost) (best, bestCost) = (rect, cost);
                }
                if (best is not null && bestCost <= gap + 1) break; // a free spot at this distance
            }
            if (best is not { } chosen) continue;
            taken.Add(chosen);

            var location = plot.GetCoordinates(new Pixel(chosen.Left + pad, chosen.Top + pad));
            var label = ChartTheme.Label(plot, text, location.X, location.Y, Alignment.UpperLeft, 18);
            label.LabelStyle.BackgroundColor = Colors.White.WithAlpha(0.8);
            label.LabelStyle.Padding = 0;

            var near = new Pixel(Math.Clamp(c.X, chosen.Left, chosen.Right), Math.Clamp(c.Y, chosen.Top, chosen.Bottom));
            var distance = Math.Sqrt(Math.Pow(near.X - c.X, 2) + Math.Pow(near.Y - c.Y, 2));
            if (distance > radius + 16)
            {
                var k = radius / distance;
                var start = plot.GetCoordinates(new Pixel((float)(c.X + (near.X - c.X) * k), (float)(c.Y + (near.Y - c.Y) * k)));
                var end = plot.GetCoordinates(near);
                var leader = plot.Add.Line(start, end);
                leader.LineColor = ChartTheme.Muted;
                leader.LineWidth = 1.5f;
                leader.MarkerSize = 0;
            }
        }
    }

    private static double Overlap(PixelRect a, PixelRect b)
    {
        var w = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        var h = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);
        return w > 0 && h > 0 ? w * h : 0;
    }

    /// <summary>Approximate area of a circle covered by a rectangle (the rectangle's overlap with the circle's inner square).</summary>
    private static double CircleOverlap(PixelRect rect, Pixel center, float radius)
    {
        var half = radius * 0.85f;
        return Overlap(rect, new PixelRect(center.X - half, center.X + half, center.Y + half, center.Y - half));
    }
}
