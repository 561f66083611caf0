using JourneyInsights.Reporting.Charts;

namespace JourneyInsights.Notebooks.Formatting;

/// <summary>A ScottPlot <see cref="ScottPlot.Plot"/> rendered to PNG, and as an inline HTML image.</summary>
public static class PlotImage
{
    /// <summary>Pixel size plots are rendered at: the report charts' slide size (1600×900), the size their fonts are made for.</summary>
    public static int Width { get; set; } = ChartTheme.Width;
    public static int Height { get; set; } = ChartTheme.Height;
    /// <summary>Width the image is shown at in HTML (half the pixels: sharp on high-density screens).</summary>
    public static int DisplayWidth { get; set; } = 800;

    /// <summary>The plot as a PNG, its title laid out as the report lays out its charts' (kept inside the figure), so that a report chart shown here is the report's, pixel for pixel.</summary>
    public static byte[] Png(ScottPlot.Plot plot)
    {
        ChartTheme.LayOutTitle(plot, Width, Height);
        return plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png);
    }

    /// <summary><c>&lt;img src="data:image/png;base64,..."&gt;</c>.</summary>
    public static string Html(ScottPlot.Plot plot) => Html(Png(plot), plot.Axes.Title.Label.Text);

    public static string Html(byte[] png, string? title = null) =>
        $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" width=\"{DisplayWidth}\" style=\"max-width:100%;height:auto\" alt=\"{CellText.Html(string.IsNullOrEmpty(title) ? "chart" : CellText.Safe(title))}\">";
}
