using System.Globalization;
using JourneyInsights.Metrics;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>
/// The one look of every chart: slide size (1600×900), the shipped Liberation Sans font, the Okabe–Ito colour-blind-safe
/// palette, titles naming the report month and the cohort, ISO dates and invariant number formats.
/// </summary>
public static class ChartTheme
{
    /// <summary>Pixel width of a rendered chart (a 16:9 slide).</summary>
    public const int Width = 1600;
    /// <summary>Pixel height of a rendered chart.</summary>
    public const int Height = 900;
    /// <summary>The font family of all chart text (shipped with this assembly).</summary>
    public const string FontName = ChartFonts.Family;

    public const float TitleSize = 30;
    public const float AxisLabelSize = 22;
    public const float TickSize = 18;
    public const float LegendSize = 18;
    public const float AnnotationSize = 18;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Text, axes and the "all customers" series.</summary>
    public static Color Ink { get; } = Color.FromHex("#222222");
    /// <summary>Secondary text (notes, sample sizes).</summary>
    public static Color Muted { get; } = Color.FromHex("#5F5F5F");
    public static Color GridLine { get; } = Color.FromHex("#E3E3E3");
    /// <summary>Cells and points with too few customers or responses to read.</summary>
    public static Color LowSample { get; } = Color.FromHex("#D9D9D9");
    /// <summary>Okabe–Ito vermillion: losses and bad news.</summary>
    public static Color Loss { get; } = Color.FromHex("#D55E00");

    /// <summary>
    /// Okabe–Ito (Wong, Nature Methods 2011) without black (used for totals) and yellow (unreadable on white):
    /// blue, vermillion, bluish green, reddish purple, orange, sky blue.
    /// </summary>
    public static IReadOnlyList<Color> Palette { get; } = Color.FromHex(["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]);

    /// <summary>The palette colour of series <paramref name="index"/> (wrapping).</summary>
    public static Color Series(int index) => Palette[index % Palette.Count];

    /// <summary>The narrowest font size a title is shrunk to before it is wrapped onto a second line.</summary>
    public const float MinTitleSize = 22;
    /// <summary>The space kept between a title and either edge of the figure.</summary>
    public const float TitleMargin = 24;

    /// <summary>
    /// Keeps a title to the figure's width: shrunk down to <see cref="MinTitleSize"/> when it is wider than
    /// <paramref name="room"/> (the figure's width less <see cref="TitleMargin"/> on each side), and wrapped onto two lines at the separator nearest its middle when even that is too wide
    /// (a long journey name). <see cref="LayOutTitle"/> does this first.
    /// </summary>
    private static void FitTitle(LabelStyle label, float room)
    {
        using var paint = Paint.NewDisposablePaint();
        var width = label.Measure(paint).Width;
        if (width <= room) return;
        label.FontSize = Math.Max(MinTitleSize, MathF.Floor(label.FontSize * room / width));
        if (label.Measure(paint).Width <= room) return;
        var text = label.Text;
        var cut = NearestMiddle(text, " · ");
        if (cut > 0) label.Text = text[..cut] + "\n" + text[(cut + 3)..];
        else if (NearestMiddle(text, " ") is var at and > 0) label.Text = text[..at] + "\n" + text[(at + 1)..];
    }

    private static int NearestMiddle(string text, string separator)
    {
        var best = -1;
        for (var at = text.IndexOf(separator, StringComparison.Ordinal); at >= 0; at = text.IndexOf(separator, at + 1, StringComparison.Ordinal))
            if (best < 0 || Math.Abs(at - text.Length / 2) < Math.Abs(best - text.Length / 2)) best = at;
        return best;
    }

    /// <summary>
    /// Lays out the title of a finished plot just before it is drawn: fitted to the figure's width (<see cref="FitTitle"/>),
    /// then moved over the middle of the figure when, centred over the data area as ScottPlot
    /// centres it, it would come within <see cref="TitleMargin"/> of an edge: beside a legend on the right the data area
    /// is narrow and off-centre, and the key-driver chart's title ran off the figure's left edge ("rivers of the
    /// relationship NPS · …"). ScottPlot's own <c>FullFigureCenter</c> centres between the figure's left edge and the data
    /// area's right edge, which does not help there. Titles that fit stay where they are; the plot is laid out (drawn in
    /// memory once) only for a title wider than two thirds of the figure.
    /// </summary>
    /// <param name="plot">The plot, with everything added.</param>
    /// <param name="width">The width it is drawn at (the notebooks may draw at another size than the report).</param>
    /// <param name="height">The height it is drawn at.</param>
    public static void LayOutTitle(Plot plot, int width = Width, int height = Height)
    {
        var label = plot.Axes.Title.Label;
        if (string.IsNullOrWhiteSpace(label.Text)) return;
        FitTitle(label, width - 2 * TitleMargin);
        using var paint = Paint.NewDisposablePaint();
        var half = label.Measure(paint).Width / 2;
        if (half <= width / 3f - TitleMargin) return; // fits over any data area whose middle is at least a third across
        plot.RenderInMemory(width, height);
        var data = plot.LastRender.DataRect;
        var centre = (data.Left + data.Right) / 2;
        if (centre - half >= TitleMargin && centre + half <= width - TitleMargin) return;
        label.OffsetX = width / 2f - centre;
    }

    /// <summary>A new plot in the theme, titled <paramref name="title"/>.</summary>
    public static Plot CreatePlot(string title)
    {
        ChartFonts.Register();
        var plot = new Plot();
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Axes.Color(Ink);
        plot.Axes.FrameColor(Color.FromHex("#9A9A9A"));
        plot.Grid.MajorLineColor = GridLine;
        plot.Grid.MajorLineWidth = 1;

        plot.Title(title, TitleSize);
        plot.Axes.Title.Label.FontName = FontName;
        plot.Axes.Title.Label.Bold = true;
        plot.Axes.Title.Label.ForeColor = Ink;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontName = FontName;
            axis.Label.FontSize = AxisLabelSize;
            axis.Label.Bold = false;
            axis.Label.ForeColor = Ink;
            axis.TickLabelStyle.FontName = FontName;
            axis.TickLabelStyle.FontSize = TickSize;
            axis.TickLabelStyle.ForeColor = Ink;
            axis.MinorTickStyle.Length = 0;
            axis.MajorTickStyle.Color = Ink;
        }
        plot.Legend.FontName = FontName;
        plot.Legend.FontSize = LegendSize;
        plot.Legend.OutlineColor = Colors.Transparent;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.SetBestFontOnEachRender = false;
        return plot;
    }

    /// <summary>
    /// A chart with nothing to draw, saying so in words on the image: the chart's <paramref name="title"/>, then
    /// "No data" and the <paramref name="reason"/> (wrapped) in the middle of an empty frame. Never a blank picture.
    /// </summary>
    public static Plot NoDataPlot(string title, string reason)
    {
        var plot = CreatePlot(title);
        plot.HideGrid();
        foreach (var axis in new IAxis[] { plot.Axes.Left, plot.Axes.Right, plot.Axes.Bottom, plot.Axes.Top })
        {
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
            axis.MajorTickStyle.Length = 0;
            axis.Label.Text = "";
        }
        plot.Axes.SetLimits(0, 1, 0, 1);
        var frame = plot.Add.Rectangle(0.02, 0.98, 0.04, 0.96);
        frame.FillColor = LowSample.WithAlpha(0.25);
        frame.LineColor = LowSample;
        frame.LineWidth = 2;
        Label(plot, NoDataHeading, 0.5, 0.62, Alignment.LowerCenter, 44, Muted, bold: true);
        Label(plot, Wrap(reason, 70), 0.5, 0.56, Alignment.UpperCenter, 24, Ink);
        return plot;
    }

    /// <summary>The heading of a chart with nothing to draw.</summary>
    public const string NoDataHeading = "No data";

    /// <summary>Breaks <paramref name="text"/> into lines of at most <paramref name="width"/> characters at spaces.</summary>
    public static string Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width) { lines.Add(line.ToString()); line.Clear(); }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) lines.Add(line.ToString());
        return string.Join("\n", lines);
    }

    /// <summary>True when the journey definition reads at least one survey export.</summary>
    public static bool HasSurveySource(JourneyReport r) => r.DataQuality.Any(q => q.Kind == Sources.SourceKind.Survey);

    /// <summary>Why an emotion chart has nothing to draw: no survey source, or no scored response placed at a stage; null when there is something.</summary>
    public static string? NoEmotion(JourneyReport r, bool any) =>
        !HasSurveySource(r) ? "There is no survey source in the journey definition, so there is no emotion to draw. Add a survey export (NPS, CSAT, CES or an emotion label) to see how customers feel at each stage."
        : !any ? $"None of the {Count(r.Identity.Responses)} survey responses read has a score placed at a stage of the journey ({Count(r.Identity.ResponsesUnmatched)} matched no customer)."
        : null;

    /// <summary>Why a chart of the month's cohort has nothing to draw: nobody entered the first stage in the month; null otherwise.</summary>
    public static string? NoCohort(JourneyReport r) => r.Funnel.Entered == 0
        ? $"No customers entered {r.Stages[0]} in {r.Month}: the {r.Month} cohort is empty, so there is nothing to draw for it."
        : null;

    /// <summary>"2026-01 to 2026-08", or just "2026-08" when the range is one month.</summary>
    public static string MonthRange(string from, string to) => from == to ? to : $"{from} to {to}";

    /// <summary>"Stage funnel · 2026-08 cohort · Northwind Cloud customer journey".</summary>
    public static string CohortTitle(string what, JourneyReport report) => $"{what} · {report.Month} cohort · {report.Title}";

    /// <summary>A legend below the data area, items side by side (wrapping), so it never covers data.</summary>
    public static void LegendBelow(Plot plot)
    {
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.FontName = FontName;
        plot.Legend.FontSize = LegendSize;
        plot.Legend.OutlineColor = Colors.Transparent;
        plot.Legend.BackgroundColor = Colors.White;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.SymbolWidth = 36;
        plot.Legend.SetBestFontOnEachRender = false;
    }

    /// <summary>Shows exactly <paramref name="items"/> in the legend, in that order.</summary>
    public static void SetLegend(Plot plot, IEnumerable<LegendItem> items)
    {
        plot.Legend.DisplayPlottableLegendItems = false;
        plot.Legend.ManualItems.Clear();
        plot.Legend.ManualItems.AddRange(items);
    }

    /// <summary>Axis ticks as whole percentages ("40 %") of fractions, every <paramref name="step"/> from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static void PercentTicks(IAxis axis, double from = 0, double to = 1, double step = 0.1)
    {
        var count = (int)Math.Round((to - from) / step);
        var positions = Enumerable.Range(0, count + 1).Select(i => Math.Round(from + i * step, 6)).ToArray();
        LabelTicks(axis, positions, positions.Select(v => Percent(v, 0)).ToArray());
    }

    /// <summary>Count ticks ("1,200") from 0 to <paramref name="max"/> at a round step (1, 2 or 5 × 10ⁿ) giving at most 8 ticks.</summary>
    public static void CountTicks(IAxis axis, double max)
    {
        var step = 1.0;
        for (var magnitude = 1.0; ; magnitude *= 10)
        {
            var fit = new[] { 1, 2, 5 }.Select(m => m * magnitude).FirstOrDefault(s => max / s <= 8);
            if (fit > 0) { step = fit; break; }
        }
        var positions = new List<double>();
        for (var v = 0.0; v <= max + 1e-9; v += step) positions.Add(v);
        LabelTicks(axis, positions, positions.Select(v => v.ToString("#,0", Inv)).ToArray());
    }

    /// <summary>Manual ticks: one labelled tick at each position.</summary>
    public static void LabelTicks(IAxis axis, IReadOnlyList<double> positions, IReadOnlyList<string> labels)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < positions.Count; i++) ticks.AddMajor(positions[i], labels[i]);
        axis.TickGenerator = ticks;
    }

    /// <summary>A fraction 0-1 as "54.9 %" (invariant culture).</summary>
    public static string Percent(double fraction, int decimals = 1) =>
        (fraction * 100).ToString(decimals == 0 ? "0" : "0." + new string('0', decimals), Inv) + " %";

    /// <summary>A change of a fraction in percentage points, signed with a true minus: "−26.8 pts".</summary>
    public static string Points(double change) =>
        (change < 0 ? "\u2212" : "+") + Math.Abs(change * 100).ToString("0.0", Inv) + " pts";

    /// <summary>An emotion score with its sign: "+0.48", "\u22120.16".</summary>
    public static string Score(double score) => (score < 0 ? "\u2212" : "+") + Math.Abs(score).ToString("0.00", Inv);

    /// <summary>A count with thousands separators: "1,234".</summary>
    public static string Count(long value) => value.ToString("#,0", Inv);

    /// <summary>The first day of month "YYYY-MM" (UTC) on a DateTime axis (OADate).</summary>
    public static double MonthPosition(string month) =>
        DateTime.ParseExact(month, "yyyy-MM", Inv, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).ToOADate();

    /// <summary>Black or white, whichever reads better on <paramref name="background"/> (WCAG relative luminance).</summary>
    public static Color TextOn(Color background)
    {
        static double Linear(byte c)
        {
            var s = c / 255.0;
            return s <= 0.03928 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        }
        var l = 0.2126 * Linear(background.R) + 0.7152 * Linear(background.G) + 0.0722 * Linear(background.B);
        // contrast with white = 1.05 / (l + 0.05); with black = (l + 0.05) / 0.05: pick the larger
        return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? Colors.White : Colors.Black;
    }

    /// <summary>Hides the vertical grid lines (categorical x axes).</summary>
    public static void HideVerticalGrid(Plot plot) => plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;

    /// <summary>A text label in the theme at data coordinates.</summary>
    public static ScottPlot.Plottables.Text Label(Plot plot, string text, double x, double y, Alignment alignment,
        float size = AnnotationSize, Color? color = null, bool bold = false)
    {
        var label = plot.Add.Text(text, x, y);
        var style = label.LabelStyle;
        style.FontName = FontName;
        style.FontSize = size;
        style.ForeColor = color ?? Ink;
        style.Bold = bold;
        style.Alignment = alignment;
        style.BackgroundColor = Colors.Transparent;
        style.BorderColor = Colors.Transparent;
        return label;
    }

    /// <summary>
    /// A line through the points with filled markers, where points resting on too few customers or responses
    /// (<paramref name="lowSample"/>) are drawn hollow. The returned scatter carries the data and the legend entry.
    /// </summary>
    public static ScottPlot.Plottables.Scatter AddSeries(Plot plot, IReadOnlyList<double> xs, IReadOnlyList<double> ys, IReadOnlyList<bool> lowSample,
        Color color, string? legend, float lineWidth = 3, float markerSize = 11, LinePattern? pattern = null)
    {
        var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
        line.LineWidth = lineWidth;
        line.MarkerSize = markerSize;
        line.MarkerShape = MarkerShape.FilledCircle;
        line.LinePattern = pattern ?? LinePattern.Solid;
        line.LegendText = legend ?? "";
        var hollowX = xs.Where((_, i) => lowSample[i]).ToArray();
        if (hollowX.Length > 0)
        {
            var hollow = plot.Add.Markers(hollowX, ys.Where((_, i) => lowSample[i]).ToArray(), MarkerShape.FilledCircle, markerSize + 1, Colors.White);
            hollow.MarkerStyle.FillColor = Colors.White;
            hollow.MarkerStyle.OutlineColor = color;
            hollow.MarkerStyle.OutlineWidth = 2.5f;
        }
        return line;
    }

    /// <summary>A legend entry explaining hollow markers.</summary>
    public static LegendItem HollowLegend(string text) => MarkerLegend(text, MarkerShape.FilledCircle, 13, Colors.White, Muted);

    /// <summary>A legend entry showing only a marker (no line): filled with <paramref name="fill"/>, outlined with <paramref name="outline"/>.</summary>
    public static LegendItem MarkerLegend(string text, MarkerShape shape, float size, Color fill, Color outline, float outlineWidth = 2.5f, LinePattern? pattern = null)
    {
        var item = new LegendItem { LabelText = text, LineWidth = 0 };
        item.MarkerStyle.Shape = shape;
        item.MarkerStyle.Size = size;
        item.MarkerStyle.FillColor = fill;
        item.MarkerStyle.LineColor = outline;
        item.MarkerStyle.LineWidth = outlineWidth;
        item.MarkerStyle.OutlineColor = outline;
        item.MarkerStyle.OutlineWidth = outlineWidth;
        item.MarkerStyle.OutlineStyle.Pattern = pattern ?? LinePattern.Solid;
        return item;
    }

    /// <summary>A dashed zero line (the neutral emotion score).</summary>
    public static void ZeroLine(Plot plot)
    {
        var zero = plot.Add.HorizontalLine(0, 2, Muted, LinePattern.Dashed);
        zero.LegendText = "";
    }

    /// <summary>
    /// Y limits and ticks for emotion scores: the whole −1 … +1 scale, or (<paramref name="tight"/>) the data's range rounded out
    /// to quarters with the neutral line always in view; ticks signed ("+0.5"), the ends of the scale named.
    /// </summary>
    public static void ScoreAxis(Plot plot, IEnumerable<double> scores, bool tight)
    {
        var values = scores.ToList();
        double bottom = -1, top = 1;
        if (tight && values.Count > 0)
        {
            bottom = Math.Max(-1, Math.Min(-0.25, Math.Floor((values.Min() - 0.1) * 4) / 4));
            top = Math.Min(1, Math.Max(0.25, Math.Ceiling((values.Max() + 0.1) * 4) / 4));
        }
        var step = top - bottom > 1.5 ? 0.5 : 0.25;
        var positions = new List<double>();
        for (var v = bottom; v <= top + 1e-9; v += step) positions.Add(Math.Round(v, 6));
        LabelTicks(plot.Axes.Left, positions, positions.Select(v => v switch
        {
            0 => "0 neutral",
            -1 => "\u22121 negative",
            1 => "+1 positive",
            _ => (v < 0 ? "\u2212" : "+") + Math.Abs(v).ToString("0.0#", Inv),
        }).ToArray());
        plot.Axes.SetLimitsY(bottom, top);
    }

    /// <summary>Shades the report month's column on a month axis (positions from <see cref="MonthPosition"/>).</summary>
    public static void ReportMonthBand(Plot plot, double reportPosition)
    {
        var band = plot.Add.HorizontalSpan(reportPosition - 12, reportPosition + 12, Muted.WithAlpha(0.10));
        band.LineWidth = 0;
    }
}
