using JourneyInsights.Metrics;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>Emotion trend: mean emotion score of each stage's survey responses, month by month, with significant changes ringed.</summary>
public static class EmotionTrendChart
{
    public const string Name = "emotion-trend";

    /// <summary>Why there is no trend to draw (no survey source, no scored response in the months shown), or null.</summary>
    public static string? NoData(JourneyReport r) => ChartTheme.NoEmotion(r, r.EmotionTrend.Points.Any(p => p.MeanScore is not null && p.Month is not null));

    public static string Description(JourneyReport r)
    {
        if (NoData(r) is { } reason) return reason;
        var months = Months(r);
        var silent = r.Stages.Where(s => !r.EmotionTrend.Points.Any(p => p.Group == s && p.MeanScore is not null)).ToList();
        return $"Mean emotion score (−1 … +1) of the responses placed at each stage, by response month {ChartTheme.MonthRange(months[0], months[^1])}; "
            + "hollow points rest on fewer than 30 responses, rings mark significant month-over-month changes (Welch's test)"
            + (silent.Count > 0 ? $"; no responses at {string.Join(", ", silent)}." : ".");
    }

    public static Plot Create(JourneyReport r)
    {
        if (NoData(r) is { } reason) return ChartTheme.NoDataPlot($"Emotion by stage and month · {r.Month} · {r.Title}", reason);
        var months = Months(r);
        var plot = ChartTheme.CreatePlot($"Emotion by stage and month · {ChartTheme.MonthRange(months[0], r.Month)} · {r.Title}");
        var report = ChartTheme.MonthPosition(r.Month);
        ChartTheme.ReportMonthBand(plot, report);
        ChartTheme.ZeroLine(plot);

        var legend = new List<LegendItem>();
        var series = 0;
        var ringsX = new List<double>();
        var ringsY = new List<double>();
        foreach (var stage in r.Stages)
        {
            var points = r.EmotionTrend.Points.Where(p => p.Group == stage && p.MeanScore is not null && p.Month is not null)
                .OrderBy(p => p.Month, StringComparer.Ordinal).ToList();
            if (points.Count == 0) continue;
            var color = ChartTheme.Series(series++);
            var xs = points.Select(p => ChartTheme.MonthPosition(p.Month!)).ToArray();
            var ys = points.Select(p => p.MeanScore!.Value).ToArray();
            var line = ChartTheme.AddSeries(plot, xs, ys, points.Select(p => p.LowSample).ToArray(), color, stage);
            legend.AddRange(line.LegendItems);
            foreach (var change in r.EmotionTrend.Changes.Where(c => c.Group == stage && c.Significant && c.Mean is not null))
            {
                ringsX.Add(ChartTheme.MonthPosition(change.Month));
                ringsY.Add(change.Mean!.Value);
            }
        }
        if (ringsX.Count > 0)
        {
            var rings = plot.Add.Markers(ringsX.ToArray(), ringsY.ToArray(), MarkerShape.OpenCircle, 30, ChartTheme.Ink);
            rings.MarkerStyle.OutlineWidth = 2.5f;
            legend.Add(ChartTheme.MarkerLegend("significant change vs previous month", MarkerShape.OpenCircle, 20, Colors.Transparent, ChartTheme.Ink));
        }
        legend.Add(ChartTheme.HollowLegend("fewer than 30 responses"));

        ChartTheme.LabelTicks(plot.Axes.Bottom, months.Select(ChartTheme.MonthPosition).ToArray(),
            months.Select(m => m == r.Month ? m + "\nreport month" : m).ToArray());
        ChartTheme.ScoreAxis(plot, r.EmotionTrend.Points.Where(p => p.MeanScore is not null).Select(p => p.MeanScore!.Value), tight: true);
        ChartTheme.HideVerticalGrid(plot);
        plot.YLabel("Mean emotion score");
        plot.XLabel("Response month");
        // at least three months wide, so a single month is a point in a month, not a band across the chart
        plot.Axes.SetLimitsX(Math.Min(ChartTheme.MonthPosition(months[0]) - 15, report - 45), Math.Max(report + 15, ChartTheme.MonthPosition(months[0]) + 45));
        ChartTheme.LegendBelow(plot);
        ChartTheme.SetLegend(plot, legend);
        return plot;
    }

    /// <summary>The months drawn: from the first month with a scored response to the report month.</summary>
    private static List<string> Months(JourneyReport r)
    {
        var all = r.EmotionTrend.Points.Select(p => p.Month).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var first = all.FirstOrDefault(m => r.EmotionTrend.Points.Any(p => p.Month == m && p.MeanScore is not null)) ?? all[0];
        return all.SkipWhile(m => string.CompareOrdinal(m, first) < 0).ToList();
    }
}
