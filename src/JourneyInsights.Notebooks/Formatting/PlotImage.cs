namespace JourneyInsights.Notebooks.Formatting;

/// <summary>A ScottPlot <see cref="ScottPlot.Plot"/> rendered to PNG, and as an inline HTML image.</summary>
public static class PlotImage
{
    /// <summary>Pixel size used for plots shown in notebooks.</summary>
    public static int Width { get; set; } = 800;
    public static int Height { get; set; } = 450;

    public static byte[] Png(ScottPlot.Plot plot) => plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png);

    /// <summary><c>&lt;img src="data:image/png;base64,..."&gt;</c>.</summary>
    public static string Html(ScottPlot.Plot plot) => Html(Png(plot));

    public static string Html(byte[] png) =>
        $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" width=\"{Width}\" height=\"{Height}\" alt=\"chart\">";
}
