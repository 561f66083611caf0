namespace JourneyInsights.Reporting;

/// <summary>A chart of the report, rendered: the workbook embeds the PNG, the HTML page inlines it, the report folder keeps both files.</summary>
/// <param name="Name">File stem, e.g. <c>funnel</c> (written as charts/funnel.png and charts/funnel.svg).</param>
/// <param name="Title">The chart's title as shown on it.</param>
/// <param name="Description">One line saying what the chart shows and how to read it.</param>
/// <param name="Png">PNG bytes.</param>
/// <param name="Svg">SVG text, or null for charts that are PNG only (heatmaps).</param>
/// <param name="Width">Pixel width of the PNG.</param>
/// <param name="Height">Pixel height of the PNG.</param>
/// <param name="NoData">Why the chart has nothing to draw (the picture says so in words), or null when it draws data.</param>
public sealed record RenderedChart(string Name, string Title, string Description, byte[] Png, string? Svg, int Width, int Height, string? NoData = null);
