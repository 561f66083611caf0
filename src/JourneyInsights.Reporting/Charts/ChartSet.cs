using System.Text.RegularExpressions;
using JourneyInsights.Metrics;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>Every chart of a month's report, in the order a reader meets them.</summary>
public static partial class ChartSet
{
    /// <summary>The charts, each a function from the report to a plot.</summary>
    public static IReadOnlyList<ChartRecipe> Recipes { get; } =
    [
        new(FunnelChart.Name, FunnelChart.Create, FunnelChart.Description, NoData: FunnelChart.NoData),
        new(ConversionTrendChart.Name, ConversionTrendChart.Create, ConversionTrendChart.Description, NoData: ConversionTrendChart.NoData),
        new(ConversionHeatmapChart.Name, ConversionHeatmapChart.Create, ConversionHeatmapChart.Description, Svg: false, NoData: ConversionHeatmapChart.NoData),
        new(EmotionCurveChart.Name, EmotionCurveChart.Create, EmotionCurveChart.Description, NoData: EmotionCurveChart.NoData),
        new(EmotionTrendChart.Name, EmotionTrendChart.Create, EmotionTrendChart.Description, NoData: EmotionTrendChart.NoData),
        new(PainPointChart.Name, PainPointChart.Create, PainPointChart.Description, NoData: PainPointChart.NoData),
        new(PathSankeyChart.Name, PathSankeyChart.Create, PathSankeyChart.Description, NoData: PathSankeyChart.NoData),
        new(KeyDriverChart.Name, KeyDriverChart.Create, KeyDriverChart.Description, NoData: KeyDriverChart.NoData),
    ];

    /// <summary>
    /// Renders every chart of <paramref name="report"/> at slide size (PNG, and SVG where it is sharp), in recipe order.
    /// Same report, same bytes. Each chart is its own plot on its own surface, so they are drawn on every core.
    /// </summary>
    public static IReadOnlyList<RenderedChart> Render(JourneyReport report)
    {
        var charts = new RenderedChart[Recipes.Count];
        try { Parallel.For(0, charts.Length, i => charts[i] = Render(Recipes[i], report)); }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]); // the chart's own exception, as before
        }
        return charts;
    }

    /// <summary>Renders one chart of <paramref name="report"/>.</summary>
    public static RenderedChart Render(ChartRecipe recipe, JourneyReport report)
    {
        using var plot = recipe.Create(report);
        var title = plot.Axes.Title.Label.Text; // as written, on one line (the drawn title may be wrapped)
        ChartTheme.LayOutTitle(plot);
        var png = plot.GetImageBytes(ChartTheme.Width, ChartTheme.Height, ImageFormat.Png);
        string? svg = null;
        if (recipe.Svg)
        {
            SolidLinesForSvg(plot);
            svg = StableIds(plot.GetSvgXml(ChartTheme.Width, ChartTheme.Height));
        }
        return new RenderedChart(recipe.Name, title, recipe.Describe(report), png, svg, ChartTheme.Width, ChartTheme.Height,
            recipe.NoData?.Invoke(report));
    }

    /// <summary>
    /// Skia's SVG backend cannot draw dash patterns (it draws them solid and prints "Unsupported path effect" on the
    /// console for each); the SVG gets solid lines on purpose instead, so report runs stay quiet. PNGs keep the dashes.
    /// </summary>
    private static void SolidLinesForSvg(Plot plot)
    {
        foreach (var plottable in plot.GetPlottables())
        {
            if (plottable is IHasLine line) line.LineStyle.Pattern = LinePattern.Solid;
            if (plottable is IHasMarker marker) marker.MarkerStyle.OutlineStyle.Pattern = LinePattern.Solid;
        }
        foreach (var item in plot.Legend.ManualItems)
        {
            item.LinePattern = LinePattern.Solid;
            item.MarkerStyle.OutlineStyle.Pattern = LinePattern.Solid;
        }
    }

    /// <summary>Skia numbers SVG clip paths from a process-wide counter; renumbered from 1 so the same chart gives the same text.</summary>
    private static string StableIds(string svg)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipId().Replace(svg, m =>
        {
            if (!ids.TryGetValue(m.Value, out var id)) ids[m.Value] = id = "cl_" + (ids.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return id;
        });
    }

    [GeneratedRegex(@"\bcl_[0-9a-fA-F]+\b")]
    private static partial Regex ClipId();
}
