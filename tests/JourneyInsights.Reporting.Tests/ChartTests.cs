using JourneyInsights.Reporting.Charts;
using ScottPlot;
using SkiaSharp;

namespace JourneyInsights.Reporting.Tests;

/// <summary>
/// The chart cookbook: every chart of the sample report (2026-08) is rendered into docs/gallery/ for a person to look at,
/// and each test shows that what a chart draws is the report's numbers.
/// </summary>
public class ChartTests(SampleReport sample) : IClassFixture<SampleReport>
{
    private static readonly string Gallery = Path.Combine(SampleReport.Root, "docs", "gallery");

    public static TheoryData<string> Names => [.. ChartSet.Recipes.Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_chart_renders_a_readable_slide_into_the_gallery(string name)
    {
        var chart = ChartSet.Render(ChartSet.Recipes.Single(r => r.Name == name), sample.Report);
        Directory.CreateDirectory(Gallery);
        File.WriteAllBytes(Path.Combine(Gallery, name + ".png"), chart.Png);

        Assert.Equal((1600, 900), (chart.Width, chart.Height));
        Assert.Contains(sample.Report.Month, chart.Title);
        Assert.False(string.IsNullOrWhiteSpace(chart.Description));
        Assert.InRange(chart.Png.Length, 10_000, 300_000);
        using var bitmap = SKBitmap.Decode(chart.Png);
        Assert.Equal((1600, 900), (bitmap.Width, bitmap.Height));
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 3)
            for (var x = 0; x < bitmap.Width; x += 3)
                colours.Add((uint)bitmap.GetPixel(x, y));
        Assert.True(colours.Count > 50, $"{name}: only {colours.Count} distinct colours, the chart looks blank");
        if (chart.Svg is { } svg) Assert.Contains("<svg", svg);
    }

    [Fact]
    public void Rendering_is_deterministic()
    {
        var first = ChartSet.Render(sample.Report);
        var second = ChartSet.Render(sample.Report);
        Assert.Equal(first.Select(c => c.Name), second.Select(c => c.Name));
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Png, second[i].Png);
            Assert.Equal(first[i].Svg, second[i].Svg);
        }
    }

    [Fact]
    public void Charts_use_the_shipped_font_for_regular_and_bold_text()
    {
        using var plot = FunnelChart.Create(sample.Report); // registers the font
        Assert.Equal("Liberation Sans", ScottPlot.Fonts.Default);
        var regular = ScottPlot.Fonts.GetTypeface(ChartTheme.FontName, bold: false, italic: false);
        var bold = ScottPlot.Fonts.GetTypeface(ChartTheme.FontName, bold: true, italic: false);
        Assert.Equal("Liberation Sans", regular.FamilyName);
        Assert.Equal("Liberation Sans", bold.FamilyName);
        Assert.True(bold.FontStyle.Weight > regular.FontStyle.Weight);
        Assert.True(regular.ContainsGlyphs("→−·≥%"));
    }

    [Fact]
    public void The_funnel_draws_the_cohorts_customers_per_stage()
    {
        var r = sample.Report;
        using var plot = FunnelChart.Create(r);
        var bars = plot.GetPlottables<ScottPlot.Plottables.BarPlot>().Single().Bars;
        Assert.Equal(r.Funnel.Stages.Select(s => (double)s.Customers), bars.Select(b => b.Value));
        var texts = Texts(plot);
        Assert.Contains("54.9 % of Awareness", texts);
        Assert.Contains("\u2212161 dropped off", texts);
        Assert.Contains("2026-08 cohort", plot.Axes.Title.Label.Text);
    }

    private static List<string> Texts(Plot plot) => plot.GetPlottables<ScottPlot.Plottables.Text>().Select(t => t.LabelStyle.Text).ToList();
}
