using JourneyInsights.Metrics;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>Conversion trend: each stage transition's conversion by cohort month, significant changes ringed, maturing cohorts dashed.</summary>
public static class ConversionTrendChart
{
    public const string Name = "conversion-trend";

    /// <summary>Cohorts drawn: those with at least the minimum sample entering (a partial first month is left out).</summary>
    public static IReadOnlyList<FunnelResult> Cohorts(JourneyReport r) => r.Trend.Months.Where(m => !m.Stages[0].LowSample).ToList();

    /// <summary>Why there is no trend to draw (one stage, or no cohort month with the minimum sample entering), or null.</summary>
    public static string? NoData(JourneyReport r)
    {
        if (r.Stages.Count < 2) return "The journey has one stage, so there is no conversion between stages to draw.";
        if (Cohorts(r).Count > 0) return null;
        var largest = r.Trend.Months.OrderByDescending(m => m.Entered).ThenByDescending(m => m.Cohort, StringComparer.Ordinal).FirstOrDefault();
        var first = r.Trend.Months.FirstOrDefault(m => m.Entered > 0)?.Cohort ?? r.Month;
        return (first == r.Month ? $"The {r.Month} cohort has" : $"Every cohort month {first} to {r.Month} has") + " fewer customers entering than the minimum sample "
            + $"(the largest: {ChartTheme.Count(largest?.Entered ?? 0)} in {largest?.Cohort ?? r.Month}), too few to draw a conversion trend.";
    }

    /// <summary>"Conversion by cohort month · 2025-09 to 2026-08 cohorts · title".</summary>
    public static string Title(JourneyReport r)
    {
        var cohorts = Cohorts(r);
        return cohorts.Count > 0 ? (cohorts[0].Cohort == r.Month ? $"Conversion by cohort month · {r.Month} cohort · {r.Title}" : $"Conversion by cohort month · {cohorts[0].Cohort} to {r.Month} cohorts · {r.Title}") : $"Conversion by cohort month · up to {r.Month} · {r.Title}";
    }

    public static string Description(JourneyReport r)
    {
        if (NoData(r) is { } reason) return reason;
        var cohorts = Cohorts(r);
        var left = r.Trend.Months.Where(m => m.Stages[0].LowSample)
            .Select(m => $"{m.Cohort} ({ChartTheme.Count(m.Entered)} {(m.Entered == 1 ? "customer" : "customers")})").ToList();
        return $"Conversion from the previous stage for each transition, by cohort month {ChartTheme.MonthRange(cohorts[0].Cohort, cohorts[^1].Cohort)}; "
            + "rings mark significant month-over-month changes (two-proportion z-test, Benjamini–Hochberg adjusted over the report's tests; the "
            + $"{r.Month} cohort against {r.PreviousMonth}: {r.Headlines.FirstOrDefault(h => h.Unit == "fraction")?.Comparison.Text ?? "full conversion window"}), "
            + "dashed lines and diamonds are cohorts still maturing, hollow points rest on fewer than 30 customers"
            + (left.Count > 0 ? $"; cohorts with fewer than 30 customers entering are left out: {string.Join(", ", left)}." : ".");
    }

    public static Plot Create(JourneyReport r)
    {
        if (NoData(r) is { } reason) return ChartTheme.NoDataPlot(Title(r), reason);
        var cohorts = Cohorts(r);
        var plot = ChartTheme.CreatePlot(Title(r));
        var report = ChartTheme.MonthPosition(r.Month);
        ChartTheme.ReportMonthBand(plot, report);

        var legend = new List<LegendItem>();
        var ends = new List<(double Y, string Text, Color Color)>();
        var ringsX = new List<double>();
        var ringsY = new List<double>();
        var ringLabels = new List<(double X, double Y, string Text, Color Color)>();
        var anyMaturing = false;
        for (var k = 1; k < r.Stages.Count; k++)
        {
            var transition = $"{r.Stages[k - 1]} → {r.Stages[k]}";
            var color = ChartTheme.Series(k - 1);
            var points = cohorts.Where(c => c.Stages[k].ConversionFromPrevious is not null)
                .Select(c => (Cohort: c, X: ChartTheme.MonthPosition(c.Cohort), Y: c.Stages[k].ConversionFromPrevious!.Value, c.Stages[k].LowSample)).ToList();
            var mature = points.Where(p => !p.Cohort.Maturing).ToList();
            var maturing = points.Where(p => p.Cohort.Maturing).ToList();
            var line = ChartTheme.AddSeries(plot, mature.Select(p => p.X).ToArray(), mature.Select(p => p.Y).ToArray(),
                mature.Select(p => p.LowSample).ToArray(), color, transition);
            legend.AddRange(line.LegendItems);
            if (maturing.Count > 0)
            {
                anyMaturing = true;
                var joined = mature.Count > 0 ? [mature[^1], .. maturing] : maturing;
                var dashed = plot.Add.Scatter(joined.Select(p => p.X).ToArray(), joined.Select(p => p.Y).ToArray(), color);
                dashed.LineWidth = 3;
                dashed.LinePattern = LinePattern.Dashed;
                dashed.MarkerSize = 0;
                var diamonds = plot.Add.Markers(maturing.Select(p => p.X).ToArray(), maturing.Select(p => p.Y).ToArray(), MarkerShape.FilledDiamond, 16, color);
                diamonds.MarkerStyle.OutlineColor = Colors.White;
                diamonds.MarkerStyle.OutlineWidth = 1.5f;
            }
            foreach (var change in r.Trend.Changes.Where(c => c.Transition.Text == transition && c.Significant && c.Change is not null))
            {
                var point = points.FirstOrDefault(p => p.Cohort.Cohort == change.Month);
                if (point.Cohort is null) continue;
                ringsX.Add(point.X);
                ringsY.Add(point.Y);
                ringLabels.Add((point.X, point.Y, ChartTheme.Points(change.Change!.Value), color));
            }
            if (points.Count > 0) ends.Add((points[^1].Y, ChartTheme.Percent(points[^1].Y), color));
        }

        if (ringsX.Count > 0)
        {
            var rings = plot.Add.Markers(ringsX.ToArray(), ringsY.ToArray(), MarkerShape.OpenCircle, 32, ChartTheme.Ink);
            rings.MarkerStyle.OutlineWidth = 2.5f;
            foreach (var (x, y, text, color) in ringLabels)
            {
                var label = ChartTheme.Label(plot, text, x, y, Alignment.UpperCenter, 18, color.Darken(0.2), bold: true);
                label.LabelStyle.OffsetY = 22;
                label.LabelStyle.BackgroundColor = Colors.White.WithAlpha(0.85);
                label.LabelStyle.Padding = 2;
            }
            legend.Add(ChartTheme.MarkerLegend("significant change vs previous cohort", MarkerShape.OpenCircle, 20, Colors.Transparent, ChartTheme.Ink));
        }
        if (anyMaturing)
            legend.Add(new LegendItem { LabelText = "maturing cohort (can still grow)", MarkerShape = MarkerShape.FilledDiamond, MarkerSize = 14, MarkerFillColor = ChartTheme.Muted, LineColor = ChartTheme.Muted, LineWidth = 3, LinePattern = LinePattern.Dashed });
        legend.Add(ChartTheme.HollowLegend("fewer than 30 customers at the previous stage"));

        // the report month's values to the right of the lines, nudged apart so they never overlap
        var placed = ends.OrderBy(e => e.Y).ToList();
        var ys = placed.Select(e => e.Y).ToArray();
        for (var i = 1; i < ys.Length; i++) ys[i] = Math.Max(ys[i], ys[i - 1] + 0.04);
        for (var i = 0; i < placed.Count; i++)
        {
            var label = ChartTheme.Label(plot, placed[i].Text, report, ys[i], Alignment.MiddleLeft, 19, placed[i].Color, bold: true);
            label.LabelStyle.OffsetX = 24;
        }

        var months = cohorts.Select(c => c.Cohort).ToList();
        ChartTheme.LabelTicks(plot.Axes.Bottom, months.Select(ChartTheme.MonthPosition).ToArray(),
            months.Select(m => m == r.Month ? m + "\nreport month" : m).ToArray());
        ChartTheme.HideVerticalGrid(plot);
        ChartTheme.PercentTicks(plot.Axes.Left);
        plot.Axes.Left.MajorTickStyle.Length = 4;
        plot.YLabel("Conversion from previous stage");
        plot.XLabel("Cohort month (first seen)");
        // at least three months wide, so a single cohort is a point in a month, not a band across the chart
        plot.Axes.SetLimits(Math.Min(ChartTheme.MonthPosition(months[0]) - 15, report - 75), report + 45, 0, 1);
        ChartTheme.LegendBelow(plot);
        ChartTheme.SetLegend(plot, legend);
        return plot;
    }
}
