using JourneyInsights.Metrics;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>One chart of the report: its file name, the function drawing it from the metrics, and its one-line description.</summary>
/// <param name="Name">File stem, e.g. <c>funnel</c>.</param>
/// <param name="Create">Draws the chart of a report (a new <see cref="Plot"/> the caller disposes).</param>
/// <param name="Describe">One line saying what the chart shows and how to read it.</param>
/// <param name="Svg">False for charts rendered as PNG only (heatmaps: ScottPlot writes them into SVG as a blurred bitmap).</param>
public sealed record ChartRecipe(string Name, Func<JourneyReport, Plot> Create, Func<JourneyReport, string> Describe, bool Svg = true);
