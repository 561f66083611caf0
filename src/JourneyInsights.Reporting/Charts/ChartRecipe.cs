using JourneyInsights.Metrics;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>One chart of the report: its file name, the function drawing it from the metrics, and its one-line description.</summary>
/// <param name="Name">File stem, e.g. <c>funnel</c>.</param>
/// <param name="Create">Draws the chart of a report (a new <see cref="Plot"/> the caller disposes); a chart with nothing to draw says so on the image.</param>
/// <param name="Describe">One line saying what the chart shows and how to read it.</param>
/// <param name="Svg">False for charts rendered as PNG only (heatmaps: ScottPlot writes them into SVG as a blurred bitmap).</param>
/// <param name="NoData">Why the chart has nothing to draw for a report (the sentence shown on the image), or null when it has.</param>
public sealed record ChartRecipe(string Name, Func<JourneyReport, Plot> Create, Func<JourneyReport, string> Describe, bool Svg = true,
    Func<JourneyReport, string?>? NoData = null);
