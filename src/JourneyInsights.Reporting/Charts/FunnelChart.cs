using JourneyInsights.Metrics;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>Stage funnel of the month's cohort: one bar per stage (customers), labelled with conversion from the previous stage and drop-off.</summary>
public static class FunnelChart
{
    public const string Name = "funnel";

    public static string Description(JourneyReport r) =>
        $"Customers of the {r.Month} cohort reaching each stage; above each bar the conversion from the previous stage and the customers lost there"
        + (r.Funnel.Stages.Any(s => s.LowSample) ? "; pale bars rest on fewer than 30 customers at the previous stage." : ".");

    public static Plot Create(JourneyReport r)
    {
        var funnel = r.Funnel;
        var plot = ChartTheme.CreatePlot(ChartTheme.CohortTitle("Stage funnel", r) + (funnel.Maturing ? " (maturing)" : ""));
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

        foreach (var s in funnel.Stages)
        {
            ChartTheme.Label(plot, ChartTheme.Count(s.Customers), s.Index, s.Customers, Alignment.LowerCenter, 28, bold: true).LabelStyle.OffsetY = -6;
            if (s.ConversionFromPrevious is { } conversion)
            {
                var note = $"{ChartTheme.Percent(conversion)} of {funnel.Stages[s.Index - 1].Stage}";
                var label = ChartTheme.Label(plot, note, s.Index, s.Customers, Alignment.LowerCenter, 19, ChartTheme.Ink);
                label.LabelStyle.OffsetY = -66;
                var lost = ChartTheme.Label(plot, $"\u2212{ChartTheme.Count(s.DropOff)} dropped off",
                    s.Index, s.Customers, Alignment.LowerCenter, 19, ChartTheme.Loss);
                lost.LabelStyle.OffsetY = -42;
                if (s.LowSample)
                    ChartTheme.Label(plot, $"low sample: {ChartTheme.Count(s.PreviousCustomers)} at {funnel.Stages[s.Index - 1].Stage}", s.Index, s.Customers,
                        Alignment.LowerCenter, 17, ChartTheme.Muted).LabelStyle.OffsetY = -90;
            }
            else
            {
                ChartTheme.Label(plot, $"entered in {r.Month}", s.Index, s.Customers, Alignment.LowerCenter, 19, ChartTheme.Muted).LabelStyle.OffsetY = -42;
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
        plot.Axes.Bottom.TickLabelStyle.FontSize = 22;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        ChartTheme.HideVerticalGrid(plot);
        ChartTheme.CountTicks(plot.Axes.Left, top * 1.32);
        plot.YLabel($"Customers (cohort first seen in {r.Month})");
        plot.Axes.SetLimits(-0.6, funnel.Stages.Count - 0.4, 0, top * 1.32);
        return plot;
    }
}
