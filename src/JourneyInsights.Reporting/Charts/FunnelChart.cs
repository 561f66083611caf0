using JourneyInsights.Metrics;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>Stage funnel of the month's cohort: one bar per stage (customers), labelled with conversion from the previous stage and drop-off.</summary>
public static class FunnelChart
{
    public const string Name = "funnel";

    /// <summary>Why there is no funnel to draw (an empty cohort), or null.</summary>
    public static string? NoData(JourneyReport r) => ChartTheme.NoCohort(r);

    public static string Description(JourneyReport r) => NoData(r) ??
        $"Customers of the {r.Month} cohort reaching each stage; above each bar the conversion from the previous stage and the customers lost there"
        + (r.Funnel.Stages.Any(s => s.LowSample) ? "; pale bars rest on fewer than 30 customers at the previous stage." : ".");

    public static Plot Create(JourneyReport r)
    {
        var funnel = r.Funnel;
        var title = ChartTheme.CohortTitle("Stage funnel", r) + (funnel.Maturing ? " (maturing)" : "");
        if (NoData(r) is { } reason) return ChartTheme.NoDataPlot(title, reason);
        var plot = ChartTheme.CreatePlot(title);
        var top = Math.Max(1, funnel.Stages.Max(s => s.Customers));

        var bars = funnel.Stages.Select(s => new Bar
        {
            Position = s.Index,
            Value = s.Customers,
            Size = 0.62,
            FillColor = s.LowSample ? ChartTheme.Series(0).WithAlpha(0.45) : ChartTheme.Series(0),
            LineWidth = 0,
        }).ToArray();
        plot.Add.Bars(bars);

        // Many stages leave each bar about 120 px: shorter labels in a smaller font, so neighbours never overlap.
        var narrow = funnel.Stages.Count > 6;
        float big = narrow ? 22 : 28, small = narrow ? 15 : 19, note = narrow ? 14 : 17;
        foreach (var s in funnel.Stages)
        {
            ChartTheme.Label(plot, ChartTheme.Count(s.Customers), s.Index, s.Customers, Alignment.LowerCenter, big, bold: true).LabelStyle.OffsetY = -6;
            if (s.ConversionFromPrevious is { } conversion)
            {
                var text = narrow ? ChartTheme.Percent(conversion) : $"{ChartTheme.Percent(conversion)} of {funnel.Stages[s.Index - 1].Stage}";
                var label = ChartTheme.Label(plot, text, s.Index, s.Customers, Alignment.LowerCenter, small, ChartTheme.Ink);
                label.LabelStyle.OffsetY = narrow ? -54 : -66;
                var dropped = s.DropOff == 0 ? (narrow ? "none lost" : "none dropped off")
                    : $"\u2212{ChartTheme.Count(s.DropOff)}{(narrow ? " lost" : " dropped off")}";
                var lost = ChartTheme.Label(plot, dropped, s.Index, s.Customers, Alignment.LowerCenter, small, s.DropOff == 0 ? ChartTheme.Muted : ChartTheme.Loss);
                lost.LabelStyle.OffsetY = narrow ? -36 : -42;
                if (s.LowSample)
                    ChartTheme.Label(plot, narrow ? $"low sample ({ChartTheme.Count(s.PreviousCustomers)})" : $"low sample: {ChartTheme.Count(s.PreviousCustomers)} at {funnel.Stages[s.Index - 1].Stage}",
                        s.Index, s.Customers, Alignment.LowerCenter, note, ChartTheme.Muted).LabelStyle.OffsetY = narrow ? -72 : -90;
            }
            else if (s.Index == 0)
            {
                ChartTheme.Label(plot, narrow ? "entered" : $"entered in {r.Month}", s.Index, s.Customers, Alignment.LowerCenter, small, ChartTheme.Muted).LabelStyle.OffsetY = narrow ? -36 : -42;
            }
        }

        if (funnel.FinalConversion is { } final)
        {
            var summary = plot.Add.Annotation(
                $"Final conversion {ChartTheme.Percent(final)}: {ChartTheme.Count(funnel.Stages[^1].Customers)} of {ChartTheme.Count(funnel.Entered)} reached {funnel.Stages[^1].Stage}",
                Alignment.UpperRight);
            summary.LabelStyle.FontName = ChartTheme.FontName;
            summary.LabelStyle.FontSize = 20;
            summary.LabelStyle.ForeColor = ChartTheme.Ink;
            summary.LabelStyle.BackgroundColor = Colors.White;
            summary.LabelStyle.BorderColor = ChartTheme.GridLine;
            summary.LabelStyle.Padding = 10;
            summary.LabelStyle.ShadowColor = Colors.Transparent;
        }

        ChartTheme.LabelTicks(plot.Axes.Bottom, funnel.Stages.Select(s => (double)s.Index).ToArray(), funnel.Stages.Select(s => s.Stage).ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = narrow ? 16 : 22;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        ChartTheme.HideVerticalGrid(plot);
        ChartTheme.CountTicks(plot.Axes.Left, top * 1.32);
        plot.YLabel($"Customers (cohort first seen in {r.Month})");
        plot.Axes.SetLimits(-0.6, funnel.Stages.Count - 0.4, 0, top * 1.32);
        return plot;
    }
}
