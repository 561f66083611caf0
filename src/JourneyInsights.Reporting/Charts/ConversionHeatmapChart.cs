using JourneyInsights.Metrics;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>Conversion heatmap: conversion from the previous stage for each stage transition (columns) and persona (rows) of the month's cohort.</summary>
public static class ConversionHeatmapChart
{
    public const string Name = "conversion-heatmap";
    public const string Dimension = "persona";
    public const string Unknown = "(unknown)";

    /// <summary>The rows: all customers of the cohort, then each persona of the breakdown except "(unknown)".</summary>
    public static IReadOnlyList<FunnelResult> Rows(JourneyReport r)
    {
        var personas = r.Breakdowns.FirstOrDefault(b => b.Dimension == Dimension)?.Segments ?? [];
        return [r.Funnel, .. personas.Where(s => s.Segment != Unknown)];
    }

    /// <summary>Row × transition conversion (fraction 0-1), NaN where the cell rests on fewer than the minimum sample.</summary>
    public static double[,] Values(JourneyReport r)
    {
        var rows = Rows(r);
        var values = new double[rows.Count, r.Stages.Count - 1];
        for (var i = 0; i < rows.Count; i++)
            for (var k = 1; k < r.Stages.Count; k++)
            {
                var s = rows[i].Stages[k];
                values[i, k - 1] = s.LowSample || s.ConversionFromPrevious is null ? double.NaN : s.ConversionFromPrevious.Value;
            }
        return values;
    }

    public static string Description(JourneyReport r)
    {
        var unknown = r.Breakdowns.FirstOrDefault(b => b.Dimension == Dimension)?.Segments.FirstOrDefault(s => s.Segment == Unknown);
        return $"Conversion from the previous stage by persona for the {r.Month} cohort, all customers in the top row; "
            + "grey cells rest on fewer than 30 customers at the previous stage and are not shown"
            + (unknown is not null ? $"; the {ChartTheme.Count(unknown.Entered)} customers without a known persona are left out." : ".");
    }

    public static Plot Create(JourneyReport r)
    {
        var plot = ChartTheme.CreatePlot(ChartTheme.CohortTitle("Conversion by persona", r));
        var rows = Rows(r);
        var values = Values(r);
        int nRows = values.GetLength(0), nCols = values.GetLength(1);

        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.NaNCellColor = ChartTheme.LowSample;
        heatmap.Rectangle = new CoordinateRect(-0.5, nCols - 0.5, -0.5, nRows - 0.5);

        for (var i = 0; i < nRows; i++)
        {
            var y = nRows - 1 - i; // row 0 is drawn at the top
            for (var k = 0; k < nCols; k++)
            {
                var stage = rows[i].Stages[k + 1];
                if (double.IsNaN(values[i, k]))
                {
                    ChartTheme.Label(plot, $"too few to read\n{ChartTheme.Count(stage.PreviousCustomers)} at {r.Stages[k]}", k, y, Alignment.MiddleCenter, 17, ChartTheme.Muted);
                    continue;
                }
                var ink = ChartTheme.TextOn(heatmap.Colormap.GetColor(values[i, k], heatmap.ManualRange.Value));
                var main = ChartTheme.Label(plot, ChartTheme.Percent(values[i, k]), k, y, Alignment.LowerCenter, 28, ink, bold: true);
                main.LabelStyle.OffsetY = 4;
                var counts = ChartTheme.Label(plot, $"{ChartTheme.Count(stage.Customers)} of {ChartTheme.Count(stage.PreviousCustomers)}", k, y, Alignment.UpperCenter, 17, ink);
                counts.LabelStyle.OffsetY = 8;
            }
        }

        // white gutters between cells, a wider one under the all-customers row
        for (var k = 1; k < nCols; k++) plot.Add.VerticalLine(k - 0.5, 4, Colors.White);
        for (var i = 1; i < nRows; i++) plot.Add.HorizontalLine(nRows - i - 0.5, i == 1 ? 12 : 4, Colors.White);

        var bar = plot.Add.ColorBar(heatmap, Edge.Right);
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
        ChartTheme.LabelTicks(plot.Axes.Left, Enumerable.Range(0, nRows).Select(i => (double)(nRows - 1 - i)).ToArray(),
            rows.Select(f => $"{f.Segment ?? "All customers"}\n{ChartTheme.Count(f.Entered)} entered").ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = 20;
        plot.Axes.Left.TickLabelStyle.FontSize = 20;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.HideGrid();
        plot.Axes.SetLimits(-0.5, nCols - 0.5, -0.5, nRows - 0.5);
        return plot;
    }
}
