using System.Globalization;
using JourneyInsights.Metrics;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>
/// Key drivers of the relationship NPS (Qualtrics' importance–performance matrix): one numbered marker per stage or
/// survey touchpoint, x = performance (the customers' mean emotion score there, −1..+1), y = importance (its correlation
/// with their relationship NPS answer). Dashed lines at the mean performance and the mean importance of the drawn drivers
/// split the four quadrants; top left ("fix first") is what matters most and scores worst. Filled markers are significant
/// after Benjamini–Hochberg over the drivers, hollow ones are not. Names, n and r are in the legend under their numbers,
/// so labels never overlap however close the markers are.
/// </summary>
public static class KeyDriverChart
{
    public const string Name = "key-drivers";
    /// <summary>How many drivers are drawn at most: the first by R².</summary>
    public const int Shown = 10;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The drivers drawn: the first <see cref="Shown"/> by R².</summary>
    public static IReadOnlyList<EmotionDriver> Points(EmotionDriverResult result) => result.Drivers.Take(Shown).ToList();

    /// <summary>Why there is nothing to draw (no survey source, no relationship NPS, too few customers with both), or null.</summary>
    public static string? NoData(JourneyReport r) => r.EmotionDrivers.NoDrivers;

    public static string Description(JourneyReport r) => NoData(r) ??
        $"Key drivers of the '{r.EmotionDrivers.RelationshipSurvey}' NPS: for each stage and survey touchpoint, the customers' mean emotion score there "
        + $"(performance, x) against its correlation with their NPS answer (importance, y); {r.EmotionDrivers.Basis}. Top left = matters most, scores worst: "
        + "fix first. Filled markers are significant after Benjamini–Hochberg over the drivers, hollow ones are not.";

    public static Plot Create(JourneyReport r) => Create(r.EmotionDrivers, $"Key drivers of the relationship NPS · responses up to {r.Month} · {r.Title}", NoData(r));

    /// <summary>Draws <paramref name="result"/>; <paramref name="noData"/> (or the result's own reason) replaces the chart when set.</summary>
    public static Plot Create(EmotionDriverResult result, string title, string? noData = null)
    {
        if ((noData ?? result.NoDrivers) is { } reason) return ChartTheme.NoDataPlot(title, reason);
        var points = Points(result);
        var plot = ChartTheme.CreatePlot(title);
        double meanX = points.Average(p => p.MeanScore), meanY = points.Average(p => p.Correlation);
        double xMin = Math.Min(-0.1, points.Min(p => p.MeanScore)), xMax = Math.Max(0.1, points.Max(p => p.MeanScore));
        double yMin = Math.Min(0, points.Min(p => p.Correlation)), yMax = Math.Max(0.1, points.Max(p => p.Correlation));
        double padX = (xMax - xMin) * 0.12, padY = (yMax - yMin) * 0.15;
        xMin -= padX; xMax += padX; yMin -= padY; yMax += padY;

        plot.Add.VerticalLine(meanX, 2, ChartTheme.Muted, LinePattern.Dashed).LegendText = "";
        plot.Add.HorizontalLine(meanY, 2, ChartTheme.Muted, LinePattern.Dashed).LegendText = "";
        ChartTheme.Label(plot, "fix first", xMin + padX * 0.15, yMax - padY * 0.15, Alignment.UpperLeft, 18, ChartTheme.Loss, bold: true);
        ChartTheme.Label(plot, "strength: keep it", xMax - padX * 0.15, yMax - padY * 0.15, Alignment.UpperRight, 18, ChartTheme.Series(2), bold: true);
        ChartTheme.Label(plot, "lower priority", xMin + padX * 0.15, yMin + padY * 0.15, Alignment.LowerLeft, 18, ChartTheme.Muted);
        ChartTheme.Label(plot, "fine as it is", xMax - padX * 0.15, yMin + padY * 0.15, Alignment.LowerRight, 18, ChartTheme.Muted);

        var legend = new List<LegendItem>();
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var color = p.Kind == "stage" ? ChartTheme.Series(0) : ChartTheme.Series(4);
            var marker = plot.Add.Marker(p.MeanScore, p.Correlation, MarkerShape.FilledCircle, 30, p.Significant ? color : Colors.White);
            marker.MarkerStyle.OutlineColor = color;
            marker.MarkerStyle.OutlineWidth = 3;
            marker.LegendText = "";
            ChartTheme.Label(plot, (i + 1).ToString(Inv), p.MeanScore, p.Correlation, Alignment.MiddleCenter, 16,
                p.Significant ? ChartTheme.TextOn(color) : ChartTheme.Ink, bold: true);
            legend.Add(new LegendItem
            {
                LabelText = $"{i + 1}  {p.Name} ({p.Kind})\n    r = {p.Correlation.ToString("0.00", Inv)}, R² = {p.RSquared.ToString("0.00", Inv)}, n = {ChartTheme.Count(p.Customers)}",
                LineWidth = 0, MarkerShape = MarkerShape.None,
            });
        }

        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.XLabel("Performance: the customers' mean emotion score there (−1 very negative … +1 very positive)");
        plot.YLabel("Importance: correlation with their NPS answer (r)");
        // The legend to the right, one item a line: the numbered drivers, what the colours mean, the basis (wrapped).
        plot.ShowLegend(Edge.Right);
        plot.Legend.Orientation = Orientation.Vertical;
        plot.Legend.BackgroundColor = Colors.White;
        plot.Legend.SymbolWidth = 36;
        if (points.Any(p => p.Kind == "stage"))
            legend.Add(ChartTheme.MarkerLegend("stage", MarkerShape.FilledCircle, 16, ChartTheme.Series(0), ChartTheme.Series(0)));
        if (points.Any(p => p.Kind == "touchpoint"))
            legend.Add(ChartTheme.MarkerLegend("survey touchpoint", MarkerShape.FilledCircle, 16, ChartTheme.Series(4), ChartTheme.Series(4)));
        if (points.Any(p => !p.Significant))
            legend.Add(ChartTheme.MarkerLegend("hollow: not significant\n(BH over the drivers)", MarkerShape.FilledCircle, 16, Colors.White, ChartTheme.Muted));
        legend.Add(new LegendItem { LabelText = ChartTheme.Wrap(result.Basis, 44), LineWidth = 0, MarkerShape = MarkerShape.None });
        ChartTheme.SetLegend(plot, legend);
        return plot;
    }
}
