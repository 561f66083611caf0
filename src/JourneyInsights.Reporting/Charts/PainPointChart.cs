using JourneyInsights.Metrics;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>
/// Pain points ranked as the report ranks them: one horizontal bar per transition or touchpoint that lost more customers
/// than its baseline (the previous three cohorts pooled, age-matched), bar length = customers lost beyond the baseline
/// (<see cref="PainPoint.ExcessLost"/>). Solid bars are significant after the report's multiple-testing correction, pale
/// ones are not; each bar says its rate against the baseline, the adjusted p-value and what customers said there
/// ("no survey data" when the journey reads no survey, never "0 % negative").
/// </summary>
public static class PainPointChart
{
    public const string Name = "pain-points";
    /// <summary>How many pain points are drawn at most: the first by rank among those worse than their baseline.</summary>
    public const int Shown = 8;

    /// <summary>The pain points drawn: the first <see cref="Shown"/> by rank that lost more customers than their baseline (excess lost &gt; 0).</summary>
    public static IReadOnlyList<PainPoint> Points(JourneyReport r) =>
        r.PainPoints.Where(p => p.ExcessLost is > 0).OrderBy(p => p.Rank).Take(Shown).ToList();

    /// <summary>Why there is no pain point to draw (an empty cohort, no baseline, or nothing worse than usual), or null.</summary>
    public static string? NoData(JourneyReport r)
    {
        if (ChartTheme.NoCohort(r) is { } empty) return empty;
        if (Points(r).Count > 0) return null;
        if (r.PainPoints.All(p => p.ExcessLost is null))
            return $"There is no baseline to compare the {r.Month} cohort with: the three cohorts before it hold no customers, so no loss can be called larger than usual.";
        return $"No stage transition or touchpoint of the {r.Month} cohort lost more customers than the previous three cohorts did ({Basis(r)}).";
    }

    /// <summary>The comparison every bar rests on, as the pain points state it.</summary>
    public static string Basis(JourneyReport r) =>
        r.PainPoints.Select(p => p.Basis).FirstOrDefault(b => b.Length > 0) ?? $"{r.Month} cohort vs the previous three cohorts pooled";

    public static string Description(JourneyReport r) => NoData(r) ??
        $"The {Points(r).Count} first pain points of the {r.Month} cohort: customers lost beyond the baseline ({Basis(r)}). "
        + $"Solid bars are significant after the Benjamini–Hochberg correction over the report's {r.TestCount} tests, pale bars are not; "
        + "each bar gives the rate against the baseline, the adjusted p-value and the share of negative responses there"
        + (ChartTheme.HasSurveySource(r) ? " (\"estimated\": the stage's share, no response was placed at the touchpoint itself)." : " (this journey reads no survey data).");

    public static Plot Create(JourneyReport r)
    {
        var title = ChartTheme.CohortTitle("Pain points", r);
        if (NoData(r) is { } reason) return ChartTheme.NoDataPlot(title, reason);
        var plot = ChartTheme.CreatePlot(title);
        var points = Points(r);
        var max = points.Max(p => p.ExcessLost!.Value);
        var survey = ChartTheme.HasSurveySource(r);

        // rank 1 at the top: position n-1 for the first, 0 for the last
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var color = p.Kind == "transition" ? ChartTheme.Loss : ChartTheme.Series(0);
            var y = points.Count - 1 - i;
            plot.Add.Bars(new Bar[] { new Bar
            {
                Position = y,
                Value = p.ExcessLost!.Value,
                Size = 0.62,
                FillColor = p.Significant ? color : color.WithAlpha(0.30),
                LineColor = color,
                LineWidth = p.Significant ? 0 : 2,
                Orientation = Orientation.Horizontal,
            } });
            var label = ChartTheme.Label(plot, BarText(p, survey), p.ExcessLost.Value, y, Alignment.MiddleLeft, points.Count > 6 ? 16 : 18);
            label.LabelStyle.OffsetX = 10;
        }

        ChartTheme.LabelTicks(plot.Axes.Left, points.Select((_, i) => (double)(points.Count - 1 - i)).ToArray(),
            points.Select(p => p.LowSample ? p.Name + " (low sample)" : p.Name).ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Left.TickLabelStyle.FontSize = points.Count > 6 ? 17 : 20;
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        // bars take at most 45 % of the width, the rest is room for their labels
        var xMax = max / 0.45;
        ChartTheme.CountTicks(plot.Axes.Bottom, xMax);
        plot.Axes.SetLimits(0, xMax, -0.6, points.Count - 0.4);
        plot.XLabel("Customers lost beyond the baseline (customers there × shortfall of the rate against the baseline)");
        plot.Axes.Bottom.Label.FontSize = 20;

        ChartTheme.LegendBelow(plot);
        ChartTheme.SetLegend(plot,
        [
            Swatch("stage transition", ChartTheme.Loss, 1),
            Swatch("touchpoint (the last one before leaving)", ChartTheme.Series(0), 1),
            Swatch($"pale: not significant (BH over {r.TestCount} tests, α = {r.Alpha.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)})", ChartTheme.Muted, 0.30),
            new LegendItem { LabelText = Basis(r), LineWidth = 0, MarkerShape = MarkerShape.None },
        ]);
        return plot;
    }

    /// <summary>The text beside a bar: rate vs baseline, adjusted p-value, then what customers said there.</summary>
    public static string BarText(PainPoint p, bool survey)
    {
        var rate = p.Kind == "transition"
            ? $"{Pct(p.Rate)} reached {p.Stage} vs {Pct(p.BaselineRate)} usual"
            : $"{Pct(p.Rate)} of the cohort left after it vs {Pct(p.BaselineRate)} usual";
        var test = p.AdjustedPValue is { } adj ? $"adj. p {FindingAnalysis.P(adj)}" : "untested";
        var feeling = !survey ? "no survey data"
            : p.Negativity is not { } n ? "no responses there"
            : $"{ChartTheme.Percent(n, 0)} negative ({ChartTheme.Count(p.NegativityResponses)} responses{(p.NegativityEstimated ? ", the stage's: estimated" : "")})";
        return $"+{ChartTheme.Count((long)Math.Round(p.ExcessLost ?? 0, MidpointRounding.AwayFromZero))} · {rate} · {test}\n{feeling}";
    }

    private static string Pct(double? x) => x is not { } v ? "–" : ChartTheme.Percent(v, Math.Abs(v) < 0.1 ? 1 : 0);

    private static LegendItem Swatch(string text, Color color, double alpha) =>
        ChartTheme.MarkerLegend(text, MarkerShape.FilledSquare, 18, color.WithAlpha(alpha), color, 1.5f);
}
