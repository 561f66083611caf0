using ClosedXML.Excel;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>Where one chart's picture goes: its top-left cell (0-based, as drawings count) and its size in pixels.</summary>
internal sealed record ChartPlacement(RenderedChart Chart, int Row0, int Column0, int WidthPx, int HeightPx);

/// <summary>
/// The chart sheet's text (each chart's title and description) and the place of each picture; the pictures
/// themselves are added by <see cref="ChartPictures"/> after ClosedXML has saved the workbook.
/// </summary>
internal static class ChartsSheet
{
    public const string Name = "Charts";
    /// <summary>Pictures wider than this are scaled down (aspect kept).</summary>
    public const int MaxWidthPx = 900;
    /// <summary>Every row of the sheet is 15 points = 20 pixels at 96 dpi, so a picture's rows can be counted.</summary>
    private const double RowPoints = 15;
    private const int RowPixels = 20;

    public static IReadOnlyList<ChartPlacement> Write(SheetWriter w, string month, IReadOnlyList<RenderedChart> charts)
    {
        var row = w.Title($"Charts {month}", "The report's charts, one under another; each picture's alternative text says what it shows.");
        if (charts.Count == 0)
        {
            w.Note(row, 1, "No charts were given when this workbook was written.");
            return [];
        }
        var placements = new List<ChartPlacement>();
        w.Sheet.Column(1).Width = FirstColumnWidth;
        foreach (var chart in charts)
        {
            if (placements.Count > 0) w.Sheet.PageSetup.AddHorizontalPageBreak(row - 1);
            w.Heading(row, chart.Title);
            var (width, height) = Size(chart);
            // The description wraps within the picture's width: one line of several hundred characters spilled far to
            // the right of the picture, and the sheet, printed one page wide, shrank every chart to a fifth of the page.
            w.Paragraph(row + 1, ColumnsUnder(w.Sheet, width), chart.Description, note: true);
            var rows = (int)Math.Ceiling(height / (double)RowPixels) + 1;
            placements.Add(new ChartPlacement(chart, row + 1, 0, width, height)); // 0-based row = the row after the description
            w.Sheet.Rows(row + 2, row + 1 + rows).Height = RowPoints;
            row += 2 + rows + 1;
        }
        return placements;
    }

    private const double FirstColumnWidth = 12;
    /// <summary>Pixels of one character of the sheet's font at a column width of 1 (Calibri 11: 7 px, plus 5 px of padding a column).</summary>
    private const double CharPixels = 7;

    /// <summary>How many columns from the first the picture of <paramref name="widthPx"/> pixels covers (at least 1).</summary>
    internal static int ColumnsUnder(IXLWorksheet sheet, int widthPx)
    {
        double covered = 0;
        var column = 0;
        while (covered < widthPx) covered += sheet.Column(++column).Width * CharPixels + 5;
        return Math.Max(1, column);
    }

    /// <summary>The displayed size: the chart's pixel size (read from the PNG header when not given), at most <see cref="MaxWidthPx"/> wide.</summary>
    public static (int Width, int Height) Size(RenderedChart chart)
    {
        var (w, h) = (chart.Width, chart.Height);
        if ((w <= 0 || h <= 0) && chart.Png.Length >= 24)
        {
            w = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(chart.Png.AsSpan(16, 4));
            h = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(chart.Png.AsSpan(20, 4));
        }
        if (w <= 0 || h <= 0) (w, h) = (800, 450);
        if (w > MaxWidthPx) (w, h) = (MaxWidthPx, (int)Math.Round(h * (double)MaxWidthPx / w));
        return (w, h);
    }
}
