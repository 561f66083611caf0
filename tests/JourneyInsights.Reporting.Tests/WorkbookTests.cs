using JourneyInsights.Metrics;
using JourneyInsights.Reporting.Workbook;
using SkiaSharp;

namespace JourneyInsights.Reporting.Tests;

/// <summary>The sample report's workbook, written once with two small charts, and read back with DocumentFormat.OpenXml.</summary>
public sealed class SampleWorkbook : IDisposable
{
    public SampleReport Sample { get; } = new();
    public JourneyReport Report => Sample.Report;
    public IReadOnlyList<RenderedChart> Charts { get; } = [Chart("funnel", 640, 360, SKColors.SteelBlue), Chart("trend", 1200, 600, SKColors.IndianRed)];
    public string Folder { get; } = Directory.CreateTempSubdirectory("journey-workbook-").FullName;
    public string Path { get; }
    public XlsxFile File { get; }

    public SampleWorkbook()
    {
        Path = System.IO.Path.Combine(Folder, JourneyWorkbook.FileName(Report));
        JourneyWorkbook.Write(Report, Charts, Path);
        File = new XlsxFile(Path);
    }

    /// <summary>A plain PNG of one colour with a white band, <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static RenderedChart Chart(string name, int width, int height, SKColor colour)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(colour);
            using var paint = new SKPaint { Color = SKColors.White };
            canvas.DrawRect(0, height / 3f, width, height / 3f, paint);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return new RenderedChart(name, $"Chart {name}", $"A test picture named {name}.", png.ToArray(), null, width, height);
    }

    public void Dispose()
    {
        File.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}

public class WorkbookTests(SampleWorkbook workbook) : IClassFixture<SampleWorkbook>
{
    private JourneyReport Report => workbook.Report;
    private XlsxFile File => workbook.File;

    [Fact]
    public void The_file_is_named_for_the_month() =>
        Assert.Equal("journey-summary-2026-08.xlsx", System.IO.Path.GetFileName(workbook.Path));

    [Fact]
    public void The_sheets_come_in_reading_order_and_none_is_empty()
    {
        Assert.Equal(["Overview", "Journey Map", "Funnel", "Emotions", "Trends", "Pain Points", "Paths", "Data Quality", "Charts"], File.SheetNames);
        foreach (var sheet in File.SheetNames)
        {
            var filled = File.Cells(sheet).Values.Count(c => c.Display.Length > 0);
            Assert.True(filled >= 3, $"{sheet} has {filled} filled cells");
            var hasTable = File.Tables.Values.Any(t => t.Sheet == sheet);
            Assert.True(hasTable || File.Pictures(sheet).Anchors > 0, $"{sheet} has neither a table nor a picture");
        }
    }

    [Fact]
    public void Every_table_is_named_and_sized_for_its_rows()
    {
        var tables = File.Tables;
        int Rows(string name)
        {
            var range = tables[name].Range.Split(':');
            return XlsxFile.Split(range[1]).Row - XlsxFile.Split(range[0]).Row;
        }
        Assert.Equal(
            ["About", "ConversionChanges", "DropOffDrivers", "EmotionByMonth", "EmotionByPersona", "EmotionByStageMonth", "EmotionByTouchpoint", "EmotionChanges", "EmotionDrivers", "Files",
             "Funnel", "FunnelBreakdown", "Headlines", "Identity", "JourneyMap", "Opportunities", "PainPoints", "PathLinks", "Paths", "Placement", "Sheets", "Sources", "TrendFunnels"],
            tables.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("Funnel", "A5:K10"), tables["Funnel"]);
        // Title and description, the "What changed" heading (row 4), one sentence per finding shown (at most 5, or one
        // saying there is none), a note, a blank row, the "Headlines" heading; then the header and the four headlines, A to I.
        var header = 8 + Math.Clamp(Report.Findings.Count, 1, 5);
        Assert.Equal(("Overview", $"A{header}:I{header + 4}"), tables["Headlines"]);
        Assert.Equal(("Journey Map", "A4:F14"), tables["JourneyMap"]);
        Assert.Equal(Report.Funnel.Stages.Count, Rows("Funnel"));
        Assert.Equal(Report.Breakdowns.Sum(b => b.Segments.Sum(s => s.Stages.Count)), Rows("FunnelBreakdown"));
        Assert.Equal(Report.EmotionTrend.Points.Count, Rows("EmotionByStageMonth"));
        Assert.Equal(Report.Trend.Months.Count, Rows("TrendFunnels"));
        Assert.Equal(Report.Trend.Changes.Count, Rows("ConversionChanges"));
        Assert.Equal(Report.PainPoints.Count, Rows("PainPoints"));
        Assert.Equal(Report.Opportunities.Count, Rows("Opportunities"));
        Assert.Equal(Report.DataQuality.Count, Rows("Sources"));
    }

    [Fact]
    public void The_overviews_sentences_wrap_within_the_headlines_table()
    {
        // Rows 5 .. 4 + n hold the findings (n at most 5, or one sentence saying there is none), then the note; each is
        // merged over A..I, the Headlines table's columns, and wraps; a sentence longer than those columns gets a
        // taller row. By hand from the layout above, not from the sheet.
        var n = Math.Clamp(Report.Findings.Count, 1, 5);
        var rows = Enumerable.Range(5, n + 1).ToList();
        var merged = File.Merged("Overview").ToHashSet();
        foreach (var row in rows)
        {
            Assert.Contains($"A{row}:I{row}", merged);
            Assert.True(File.Wraps("Overview", $"A{row}"), $"A{row}");
        }
        Assert.StartsWith("1. ", File.Cell("Overview", "A5")!.Text);
        Assert.StartsWith("Only significant results are listed", File.Cell("Overview", $"A{5 + n}")!.Text);
        var widths = File.Widths("Overview");
        var span = Enumerable.Range(1, 9).Sum(c => widths.GetValueOrDefault(c, 8.43));
        var heights = File.RowHeights("Overview");
        // Clearly longer than the span (Calibri 11's characters average about one '0' wide; 0.9 leaves room for that).
        var longer = rows.Where(r => File.Cell("Overview", $"A{r}")!.Text!.Length * 0.9 > span).ToList();
        Assert.NotEmpty(longer); // the sample's findings run past the table
        foreach (var row in longer)
            Assert.True(heights.GetValueOrDefault(row) >= 30, $"row {row}: {heights.GetValueOrDefault(row)} pt");
    }

    [Fact]
    public void The_funnel_sheet_holds_the_months_funnel()
    {
        var rows = File.Rows("Funnel");
        var stages = Report.Funnel.Stages;
        Assert.Equal(stages.Select(s => s.Stage), rows.Select(r => r["Stage"]!.Text));
        Assert.Equal(stages.Select(s => (double)s.Customers), rows.Select(r => r["Customers"]!.Number!.Value));
        Assert.Equal(stages.Select(s => (double)s.DropOff), rows.Select(r => r["Drop-off"]!.Number!.Value));
        for (var i = 1; i < stages.Count; i++)
        {
            Assert.Equal(stages[i].ConversionFromPrevious!.Value, rows[i]["Conversion from previous"]!.Number!.Value, 12);
            Assert.Equal(stages[i].ConversionInterval!.Value.Low, rows[i]["Wilson 95% low"]!.Number!.Value, 12);
            Assert.Equal(stages[i].MedianTimeFromPrevious!.Value.TotalDays, rows[i]["Median days to convert"]!.Number!.Value, 9);
        }
        Assert.Equal("", rows[0]["Conversion from previous"]?.Display ?? ""); // stage 1 has no previous stage
    }

    [Fact]
    public void The_overview_shows_each_headline_with_last_month_and_the_change()
    {
        var rows = File.Rows("Headlines");
        Assert.Equal(Report.Headlines.Select(h => h.Name), rows.Select(r => r["Headline"]!.Text));
        for (var i = 0; i < rows.Count; i++)
        {
            var h = Report.Headlines[i];
            Assert.Equal(h.Value!.Value, rows[i]["2026-08"]!.Number!.Value, 12);
            Assert.Equal(h.Previous!.Value, rows[i]["2026-07"]!.Number!.Value, 12);
            var points = h.Unit == "fraction" ? 100 : 1; // a conversion's change is shown in percentage points
            Assert.Equal(h.Change!.Value * points, rows[i]["Change"]!.Number!.Value, 9);
        }
        Assert.Equal("customers", rows[0]["Unit"]!.Text);
        Assert.StartsWith("%", rows[1]["Unit"]!.Text);
        // The fixture reads every row, so August and July are both mature: compared over their full window.
        Assert.Equal("2026-08 vs 2026-07 cohort; full conversion window", rows[1]["Basis"]!.Text);
    }

    [Fact]
    public void The_journey_map_has_one_column_per_stage()
    {
        var rows = File.Rows("JourneyMap").ToDictionary(r => r["Stage"]!.Text!);
        var map = Report.JourneyMap;
        Assert.Equal(["Customer goal", "Key touchpoints", "Channels", "Customers reaching the stage", "Conversion from previous", "Emotion score (-1 to +1)",
            "Emotion responses", "Top pain point", "Top opportunity", "Representative verbatim"], rows.Keys);
        foreach (var stage in map)
        {
            Assert.Equal(stage.Customers, rows["Customers reaching the stage"][stage.Stage]!.Number);
            Assert.Equal(stage.Goal, rows["Customer goal"][stage.Stage]?.Text);
            Assert.Equal(string.Join("\n", stage.KeyTouchpoints), rows["Key touchpoints"][stage.Stage]?.Text ?? "");
            Assert.Equal(stage.Verbatim, rows["Representative verbatim"][stage.Stage]?.Text);
            Close(stage.Emotion, rows["Emotion score (-1 to +1)"][stage.Stage]?.Number);
        }
    }

    [Fact]
    public void Data_quality_accounts_for_every_source_row()
    {
        var rows = File.Rows("Sources");
        var sources = Report.DataQuality;
        Assert.Equal(sources.Select(s => s.Source), rows.Select(r => r["Source"]!.Text));
        Assert.Equal(sources.Select(s => (double)s.RowsRead), rows.Select(r => r["Rows read"]!.Number!.Value));
        Assert.Equal(sources.Select(s => (double)s.RowsAccepted), rows.Select(r => r["Rows accepted"]!.Number!.Value));
        Assert.Equal(sources.Select(s => (double)s.RowsRejected), rows.Select(r => r["Rows rejected"]!.Number!.Value));
        // The CRM export lacks the preset's sql and evangelist columns: the sheet says so.
        Assert.Contains("missing-column", rows.Single(r => r["Source"]!.Text == "crm")["Warnings"]!.Text);
        var identity = File.Rows("Identity").ToDictionary(r => r["Measure"]!.Text!, r => r["Count"]!.Number);
        Assert.Equal(Report.Identity.Customers, identity["Customers"]);
        Assert.Equal(Report.Identity.ResponsesUnmatched, identity["Responses matched to no customer"]);
        var placement = File.Rows("Placement").ToDictionary(r => r["Measure"]!.Text!, r => r["Count"]!.Number);
        Assert.Equal(Report.Placement.Placed, placement["Records placed in a stage"]);
    }

    [Fact]
    public void Emotions_and_trends_carry_the_metrics()
    {
        var points = File.Rows("EmotionByStageMonth");
        Assert.Equal(Report.EmotionTrend.Points.Select(p => (double)p.Responses), points.Select(r => r["Responses"]!.Number!.Value));
        Close(Report.EmotionTrend.Points.Select(p => p.Nps), points.Select(r => r["NPS"]?.Number));
        var months = File.Rows("TrendFunnels");
        Assert.Equal(Report.Trend.Months.Select(m => m.Cohort), months.Select(r => r["Cohort"]!.Text));
        Assert.Equal(Report.Trend.Months.Select(m => (double)m.Stages[^1].Customers), months.Select(r => r[Report.Stages[^1]]!.Number!.Value));
        var pains = File.Rows("PainPoints");
        Assert.Equal(Report.PainPoints.Select(p => p.Name), pains.Select(r => r["Name"]!.Text));
        Assert.Equal(Report.PainPoints.Select(p => (double)p.CustomersLost), pains.Select(r => r["Customers lost"]!.Number!.Value));
        var drivers = File.Rows("DropOffDrivers");
        Assert.NotEmpty(drivers);
        Assert.Equal(Report.DropOffDrivers.Select(d => d.Value), drivers.Select(r => r["Value"]!.Text));
        Assert.Equal(Report.DropOffDrivers.Select(d => (double)d.With), drivers.Select(r => r["Customers with"]!.Number!.Value));
        // the emotion drivers: one row per driver, in the report's order, with its counts and correlation
        var emotionDrivers = File.Rows("EmotionDrivers");
        Assert.Equal(Report.EmotionDrivers.Drivers.Select(d => d.Name), emotionDrivers.Select(r => r["Stage or touchpoint"]!.Text));
        Assert.Equal(Report.EmotionDrivers.Drivers.Select(d => (double)d.Customers), emotionDrivers.Select(r => r["Customers with both"]!.Number!.Value));
        Assert.NotEmpty(emotionDrivers);
    }

    [Fact]
    public void The_paths_sheet_holds_every_node_and_link_the_focus_transition_first()
    {
        var focus = Report.PathFocus!;
        var nodes = File.Rows("Paths");
        Assert.Equal(Report.Paths.Sum(p => p.Steps.Sum(s => s.Count)), nodes.Count);
        Assert.Equal(Report.Paths.Sum(p => p.Links.Count), File.Rows("PathLinks").Count);
        // first row: the anchor of the transition that lost the most customers, all its customers, 100 %
        Assert.Equal(focus.Transition!.Text, nodes[0]["Transition"]!.Text);
        Assert.Equal(("Reached " + focus.Anchor, "stage reached"), (nodes[0]["Touchpoint"]!.Text, nodes[0]["Kind"]!.Text));
        Assert.Equal((double)focus.Customers, nodes[0]["Customers"]!.Number);
        Assert.Equal(1.0, nodes[0]["Share of the stage's customers"]!.Number);
        // each step of each transition adds up to its customers
        foreach (var group in nodes.GroupBy(n => (n["Transition"]!.Text, n["Step"]!.Number)))
            Assert.Equal((double)Report.Paths.Single(p => p.Transition!.Text == group.Key.Item1).Customers, group.Sum(n => n["Customers"]!.Number!.Value));
    }

    [Fact]
    public void Each_chart_is_one_picture_on_the_charts_sheet()
    {
        var (images, anchors) = File.Pictures("Charts");
        Assert.Equal(workbook.Charts.Count, images.Count);
        Assert.Equal(workbook.Charts.Count, anchors);
        Assert.Equal(workbook.Charts.Select(c => c.Png), images);
        var titles = File.Cells("Charts").Values.Select(c => c.Text).ToHashSet();
        Assert.All(workbook.Charts, c => Assert.Contains(c.Title, titles));
        Assert.All(File.SheetNames.Where(s => s != "Charts"), s => Assert.Equal(0, File.Pictures(s).Anchors));
    }

    [Fact]
    public void Each_charts_description_wraps_within_its_picture_so_the_sheet_prints_at_the_pictures_width()
    {
        // A description of several hundred characters on one line spilled far right of its picture, and the sheet,
        // printed one page wide, shrank every chart to a fifth of the page. By hand: column A is 12 characters wide
        // (12 × 7 + 5 = 89 px), the others 8.43 (64 px). The 640-px funnel picture covers 89 + 9 × 64 = 665 px: A..J;
        // the 1200 × 600 trend picture, shown 900 px wide, covers 89 + 13 × 64 = 921 px: A..N (12 columns make 857).
        var merged = File.Merged("Charts").Select(r => (First: XlsxFile.Split(r.Split(':')[0]), Last: XlsxFile.Split(r.Split(':')[1])))
            .OrderBy(r => r.First.Row).ToList();
        Assert.Equal([(1, 10), (1, 14)], merged.Select(r => (r.First.Column, r.Last.Column)));
        for (var i = 0; i < merged.Count; i++)
        {
            var (row, first) = (merged[i].First.Row, XlsxFile.Ref(1, merged[i].First.Row));
            Assert.Equal(row, merged[i].Last.Row);
            Assert.Equal(workbook.Charts[i].Description, File.Cell("Charts", first)!.Text);
            Assert.True(File.Wraps("Charts", first));
            Assert.Equal(workbook.Charts[i].Title, File.Cell("Charts", XlsxFile.Ref(1, row - 1))!.Text);
        }
    }

    [Fact]
    public void The_package_is_valid_office_open_xml()
    {
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(workbook.Path, false);
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2016).Validate(document)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}");
        Assert.Empty(errors);
    }

    [Fact]
    public void Columns_are_sized_and_long_text_is_capped()
    {
        foreach (var sheet in File.SheetNames.Where(s => s != "Charts"))
        {
            var widths = File.Widths(sheet);
            var used = File.Cells(sheet).Values.Where(c => c.Display.Length > 0).Select(c => XlsxFile.Split(c.Reference).Column).Distinct();
            foreach (var column in used)
            {
                Assert.True(widths.TryGetValue(column, out var w), $"{sheet} column {column} has no width");
                Assert.InRange(w, 6, 60);
            }
        }
        var verbatims = XlsxFile.Split(File.Tables["PainPoints"].Range.Split(':')[1]).Column;
        Assert.InRange(File.Widths("Pain Points")[verbatims], 48, 49); // long text is capped at 48 characters (ClosedXML adds its padding) and wraps
    }

    [Fact]
    public void The_document_is_dated_by_the_data_and_repeats_its_cells()
    {
        Assert.Equal(Report.DataEnd, File.Created!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
        var again = System.IO.Path.Combine(workbook.Folder, "again.xlsx");
        JourneyWorkbook.Write(Report, workbook.Charts, again);
        using var second = new XlsxFile(again);
        foreach (var sheet in File.SheetNames)
            Assert.Equal(File.Cells(sheet).Values.Select(c => c.Reference + "=" + c.Display), second.Cells(sheet).Values.Select(c => c.Reference + "=" + c.Display));
        Assert.Equal(File.Tables.OrderBy(t => t.Key), second.Tables.OrderBy(t => t.Key));
    }

    /// <summary>ClosedXML 0.95 writes numbers with 15 significant digits: equal up to that.</summary>
    private static void Close(double? expected, double? actual)
    {
        Assert.Equal(expected.HasValue, actual.HasValue);
        if (expected is { } e) Assert.Equal(e, actual!.Value, 1e-12);
    }

    private static void Close(IEnumerable<double?> expected, IEnumerable<double?> actual)
    {
        var (e, a) = (expected.ToList(), actual.ToList());
        Assert.Equal(e.Count, a.Count);
        for (var i = 0; i < e.Count; i++) Close(e[i], a[i]);
    }
}
