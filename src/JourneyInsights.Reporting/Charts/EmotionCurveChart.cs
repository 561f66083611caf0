using JourneyInsights.Metrics;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>Journey emotion curve: mean emotion score per stage for all customers (bold) and each persona, from −1 to +1.</summary>
public static class EmotionCurveChart
{
    public const string Name = "emotion-curve";

    /// <summary>The most persona lines drawn: one per palette colour, so no two lines share a colour.</summary>
    public static int MaxPersonas => ChartTheme.Palette.Count;

    /// <summary>
    /// The curves drawn: all customers and the personas except "(unknown)" and the pooled "(other: N values)" one, at
    /// most <see cref="MaxPersonas"/> of them (those with the most responses; ties in the report's order), in the
    /// report's order.
    /// </summary>
    public static IReadOnlyList<EmotionCurve> Curves(JourneyReport r)
    {
        var personas = r.Curves.Select((c, i) => (Curve: c, Index: i))
            .Where(x => x.Curve.Group != "All customers" && x.Curve.Group != "(unknown)" && !IsPooled(x.Curve)).ToList();
        var drawn = personas.OrderByDescending(x => x.Curve.Stages.Sum(s => s.Responses)).ThenBy(x => x.Index).Take(MaxPersonas)
            .Select(x => x.Index).ToHashSet();
        return r.Curves.Where((c, i) => c.Group == "All customers" || drawn.Contains(i)).ToList();
    }

    /// <summary>Personas with a curve in the report but no line in the chart (beyond <see cref="MaxPersonas"/>), the pooled one not counted.</summary>
    private static int Undrawn(JourneyReport r) =>
        r.Curves.Count(c => c.Group != "All customers" && c.Group != "(unknown)" && !IsPooled(c)) - (Curves(r).Count(c => c.Group != "All customers"));

    private static bool IsPooled(EmotionCurve c) => c.Group.StartsWith("(other: ", StringComparison.Ordinal);

    /// <summary>Why there is no curve to draw (no survey source, no scored response placed at a stage), or null.</summary>
    public static string? NoData(JourneyReport r) =>
        ChartTheme.NoEmotion(r, Curves(r).Any(c => c.Stages.Any(s => s.MeanScore is not null)));

    /// <summary>"Journey emotion curve · responses 2025-09 to 2026-08 pooled · title"; without responses to draw, no months are named.</summary>
    private static string Title(JourneyReport r) => NoData(r) is null
        ? $"Journey emotion curve · responses {r.CurveFrom} to {r.CurveTo} pooled · {r.Title}"
        : $"Journey emotion curve · report {r.Month} · {r.Title}";

    public static string Description(JourneyReport r)
    {
        if (NoData(r) is { } reason) return reason;
        var silent = SilentStages(r);
        return "Mean emotion score (−1 negative … +1 positive) of survey responses at each stage, all customers in bold and one line per persona, "
            + $"over the responses of {r.CurveFrom} to {r.CurveTo} pooled (the 12 months ending with the report month); hollow points rest on fewer than 30 responses"
            + (silent.Count > 0 ? $"; no responses were placed at {string.Join(", ", silent)}" : "")
            + (Undrawn(r) > 0 || r.Curves.Any(IsPooled)
                ? $"; {Curves(r).Count - 1} of the {ChartTheme.Count(r.SegmentCaps.FirstOrDefault(c => c.Table == SegmentCap.EmotionCurves)?.Values ?? r.Curves.Count - 1)} personas are drawn, those with the most responses (the all-customers line includes every response)."
                : ".");
    }

    public static Plot Create(JourneyReport r)
    {
        if (NoData(r) is { } reason) return ChartTheme.NoDataPlot(Title(r), reason);
        var plot = ChartTheme.CreatePlot(Title(r));
        plot.Add.Rectangle(-0.5, r.Stages.Count - 0.5, -1, 0).FillColor = ChartTheme.Loss.WithAlpha(0.05);
        plot.GetPlottables<ScottPlot.Plottables.Rectangle>().Single().LineWidth = 0;
        ChartTheme.ZeroLine(plot);

        var curves = Curves(r);
        var personas = 0;
        var legend = new List<LegendItem>();
        // personas first so the all-customers line is drawn on top; the legend lists all customers first
        var ordered = curves.Where(c => c.Group != "All customers").Concat(curves.Where(c => c.Group == "All customers"));
        foreach (var curve in ordered)
        {
            var all = curve.Group == "All customers";
            var points = curve.Stages.Select((s, i) => (Stage: s, Index: i)).Where(p => p.Stage.MeanScore is not null).ToList();
            if (points.Count == 0) continue;
            var color = all ? ChartTheme.Ink : ChartTheme.Series(personas++);
            var line = ChartTheme.AddSeries(plot, points.Select(p => (double)p.Index).ToArray(), points.Select(p => p.Stage.MeanScore!.Value).ToArray(),
                points.Select(p => p.Stage.LowSample).ToArray(), color, all ? "All customers" : curve.Group,
                all ? 6 : 2.5f, all ? 16 : 10);
            if (!all)
            {
                legend.AddRange(line.LegendItems);
                continue;
            }
            legend.InsertRange(0, line.LegendItems);
        }

        // the all-customers score under each stage name: the numbers without labels crowding the lines
        var overall = r.Curves.FirstOrDefault(c => c.Group == "All customers");
        ChartTheme.LabelTicks(plot.Axes.Bottom, r.Stages.Select((_, i) => (double)i).ToArray(), r.Stages.Select((stage, i) =>
            overall?.Stages[i] is { MeanScore: { } score } s
                ? $"{stage}\nall: {ChartTheme.Score(score)} ({ChartTheme.Count(s.Responses)} {(s.Responses == 1 ? "response" : "responses")})"
                : $"{stage}\nno responses").ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = 22;
        ChartTheme.ScoreAxis(plot, [], tight: false);
        ChartTheme.HideVerticalGrid(plot);
        plot.YLabel("Mean emotion score");
        plot.Axes.SetLimitsX(-0.5, r.Stages.Count - 0.5);
        ChartTheme.LegendBelow(plot);
        legend.Add(ChartTheme.HollowLegend("fewer than 30 responses"));
        ChartTheme.SetLegend(plot, legend);
        return plot;
    }

    private static List<string> SilentStages(JourneyReport r) =>
        r.Stages.Where((_, i) => r.Curves.All(c => c.Stages[i].Responses == 0)).ToList();
}
