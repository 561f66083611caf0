using JourneyInsights.Metrics;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>
/// Conversion heatmap: conversion from the previous stage for each stage transition (columns) and persona (rows) of the
/// month's cohort. A persona is known only from the stage where the CRM's records start: transitions before it are not
/// shown per persona (their customers would be only those who went on), and the image says so.
/// </summary>
public static class ConversionHeatmapChart
{
    public const string Name = "conversion-heatmap";
    public const string Dimension = "persona";
    public const string Unknown = "(unknown)";

    /// <summary>The most persona rows drawn, so that every row stays readable.</summary>
    public const int MaxPersonas = 10;

    /// <summary>
    /// The rows: all customers of the cohort, then the personas of the breakdown except "(unknown)" and the pooled
    /// "(other: N values)" segment, at most <see cref="MaxPersonas"/> (the breakdown's order: most customers entering first).
    /// </summary>
    public static IReadOnlyList<FunnelResult> Rows(JourneyReport r)
    {
        var personas = Breakdown(r)?.Segments ?? [];
        return [r.Funnel, .. personas.Where(s => s.Segment != Unknown && !IsPooled(s)).Take(MaxPersonas)];
    }

    private static bool IsPooled(FunnelResult s) => s.Segment?.StartsWith("(other: ", StringComparison.Ordinal) == true;

    /// <summary>Personas of the cohort without a row: beyond <see cref="MaxPersonas"/>, and those pooled by the breakdown's cap.</summary>
    private static int Undrawn(JourneyReport r) => Breakdown(r) is { } b
        ? b.Values - b.Segments.Count(s => s.Segment == Unknown) - (Rows(r).Count - 1)
        : 0;

    /// <summary>
    /// Row × transition conversion (fraction 0-1), NaN where the cell rests on fewer than the minimum sample or where
    /// the persona is not known yet at the transition's first stage.
    /// </summary>
    public static double[,] Values(JourneyReport r)
    {
        var rows = Rows(r);
        var values = new double[rows.Count, Math.Max(0, r.Stages.Count - 1)];
        for (var i = 0; i < rows.Count; i++)
            for (var k = 1; k < r.Stages.Count; k++)
            {
                var s = rows[i].Stages[k];
                values[i, k - 1] = s.LowSample || s.SegmentNotKnownYet || s.ConversionFromPrevious is null ? double.NaN : s.ConversionFromPrevious.Value;
            }
        return values;
    }

    /// <summary>Why there is no heatmap to draw (one stage, or an empty cohort), or null.</summary>
    public static string? NoData(JourneyReport r) =>
        r.Stages.Count < 2 ? "The journey has one stage, so there is no conversion between stages to draw." : ChartTheme.NoCohort(r);

    /// <summary>What the image says about the rows and columns left blank: personas not known yet, no persona at all.</summary>
    public static string? Caveat(JourneyReport r)
    {
        var breakdown = Breakdown(r);
        var personas = Rows(r).Count - 1;
        if (personas == 0)
            return r.DataQuality.Any(q => q.Kind == Sources.SourceKind.Crm)
                ? $"No customer of the {r.Month} cohort has a known persona: only all customers are shown."
                : "Personas come from the CRM and the journey has no CRM source: only all customers are shown.";
        if (breakdown is { KnownFromStage: > 0 } b)
        {
            var known = r.Stages[b.KnownFromStage];
            var hidden = string.Join(", ", Enumerable.Range(1, b.KnownFromStage).Select(k => $"{r.Stages[k - 1]} → {r.Stages[k]}"));
            return $"Persona comes from the CRM, whose records start at {known}: it is unknown before {known}, so {hidden} is not shown per persona.";
        }
        return null;
    }

    public static string Description(JourneyReport r)
    {
        if (NoData(r) is { } reason) return reason;
        var unknown = Breakdown(r)?.Segments.FirstOrDefault(s => s.Segment == Unknown);
        return $"Conversion from the previous stage by persona for the {r.Month} cohort, all customers in the top row; "
            + "grey cells rest on fewer than 30 customers at the previous stage and are not shown"
            + (Caveat(r) is { } caveat ? "; " + char.ToLowerInvariant(caveat[0]) + caveat[1..].TrimEnd('.') : "")
            + (unknown is not null && Rows(r).Count > 1 ? $"; the {ChartTheme.Count(unknown.Entered)} customers without a known persona are left out" : "")
            + (Undrawn(r) > 0 ? $"; the {Rows(r).Count - 1} personas with the most customers entering have a row, {ChartTheme.Count(Undrawn(r))} more are in the workbook's breakdown (up to funnel.maxSegments, the rest pooled) and in the all-customers row." : ".");
    }

    public static Plot Create(JourneyReport r)
    {
        var title = ChartTheme.CohortTitle("Conversion by persona", r);
        if (NoData(r) is { } reason) return ChartTheme.NoDataPlot(title, reason);
        var plot = ChartTheme.CreatePlot(title);
        var rows = Rows(r);
        var values = Values(r);
        int nRows = values.GetLength(0), nCols = values.GetLength(1);
        var colormap = new ScottPlot.Colormaps.Viridis();
        var range = new ScottPlot.Range(0, 1);

        // Cells are drawn as rectangles (ScottPlot's heatmap fails on a grid of NaN and draws a one-row grid blank);
        // an invisible two-cell heatmap carries the colour scale for the colour bar.
        for (var i = 0; i < nRows; i++)
        {
            var y = nRows - 1 - i; // row 0 is drawn at the top
            for (var k = 0; k < nCols; k++)
            {
                var stage = rows[i].Stages[k + 1];
                var cell = plot.Add.Rectangle(k - 0.5, k + 0.5, y - 0.5, y + 0.5);
                cell.LineWidth = 0;
                if (stage.SegmentNotKnownYet)
                {
                    cell.FillColor = Colors.White;
                    cell.FillHatch = new ScottPlot.Hatches.Striped(ScottPlot.Hatches.StripeDirection.DiagonalUp);
                    cell.FillHatchColor = ChartTheme.LowSample;
                    ChartTheme.Label(plot, $"persona not known\nbefore {r.Stages[(Breakdown(r)?.KnownFromStage ?? k + 1)]}", k, y, Alignment.MiddleCenter, 17, ChartTheme.Muted)
                        .LabelStyle.BackgroundColor = Colors.White;
                    continue;
                }
                if (double.IsNaN(values[i, k]))
                {
                    cell.FillColor = ChartTheme.LowSample;
                    ChartTheme.Label(plot, $"too few to read\n{ChartTheme.Count(stage.PreviousCustomers)} at {r.Stages[k]}", k, y, Alignment.MiddleCenter, 17, ChartTheme.Muted);
                    continue;
                }
                var fill = colormap.GetColor(values[i, k], range);
                cell.FillColor = fill;
                var ink = ChartTheme.TextOn(fill);
                var main = ChartTheme.Label(plot, ChartTheme.Percent(values[i, k]), k, y, Alignment.LowerCenter, nCols > 6 ? 20 : 28, ink, bold: true);
                main.LabelStyle.OffsetY = 4;
                var counts = ChartTheme.Label(plot, $"{ChartTheme.Count(stage.Customers)} of {ChartTheme.Count(stage.PreviousCustomers)}", k, y, Alignment.UpperCenter, nCols > 6 ? 14 : 17, ink);
                counts.LabelStyle.OffsetY = 8;
            }
        }

        // white gutters between cells, a wider one under the all-customers row
        for (var k = 1; k < nCols; k++) plot.Add.VerticalLine(k - 0.5, 4, Colors.White);
        for (var i = 1; i < nRows; i++) plot.Add.HorizontalLine(nRows - i - 0.5, i == 1 ? 12 : 4, Colors.White);

        var scale = plot.Add.Heatmap(new double[,] { { 0, 1 } });
        scale.Colormap = colormap;
        scale.ManualRange = range;
        scale.IsVisible = false;
        var bar = plot.Add.ColorBar(scale, Edge.Right);
        bar.Label = "Conversion from previous stage";
        bar.LabelStyle.FontName = ChartTheme.FontName;
        bar.LabelStyle.FontSize = ChartTheme.AxisLabelSize;
        bar.LabelStyle.Bold = false;
        bar.Axis.TickLabelStyle.FontName = ChartTheme.FontName;
        bar.Axis.TickLabelStyle.FontSize = ChartTheme.TickSize;
        bar.Axis.MinorTickStyle.Length = 0;
        ChartTheme.PercentTicks(bar.Axis);

        ChartTheme.LabelTicks(plot.Axes.Bottom, Enumerable.Range(0, nCols).Select(k => (double)k).ToArray(),
            Enumerable.Range(1, nCols).Select(k => $"{r.Stages[k - 1]} →\n{r.Stages[k]}").ToArray());
        var knownFrom = Breakdown(r)?.KnownFromStage ?? 0;
        ChartTheme.LabelTicks(plot.Axes.Left, Enumerable.Range(0, nRows).Select(i => (double)(nRows - 1 - i)).ToArray(),
            rows.Select(f => f.Segment is null
                ? $"All customers\n{ChartTheme.Count(f.Entered)} entered"
                : $"{f.Segment}\n{ChartTheme.Count(f.Stages[knownFrom].Customers)} {(knownFrom == 0 ? "entered" : "at " + r.Stages[knownFrom])}").ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = nCols > 6 ? 14 : 20;
        plot.Axes.Left.TickLabelStyle.FontSize = 20;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        if (Caveat(r) is { } caveat)
        {
            plot.XLabel(ChartTheme.Wrap(caveat, 120));
            plot.Axes.Bottom.Label.FontSize = 18;
            plot.Axes.Bottom.Label.ForeColor = ChartTheme.Muted;
        }
        plot.HideGrid();
        plot.Axes.SetLimits(-0.5, nCols - 0.5, -0.5, nRows - 0.5);
        return plot;
    }

    private static FunnelBreakdown? Breakdown(JourneyReport r) => r.Breakdowns.FirstOrDefault(b => b.Dimension == Dimension);
}
