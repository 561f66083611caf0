using System.Globalization;
using System.Text;
using JourneyInsights.Sources;
using static JourneyInsights.Tests.Sources.SourceFixtures;

namespace JourneyInsights.Tests.Sources;

/// <summary>
/// The block parser (<see cref="LoadOptions.BlockParsing"/>, the default for plain exports) against CsvHelper's row
/// reader: the same rows, values, codes, rejections and line numbers, on the shapes real exports have and on the
/// records the block parser hands back to CsvHelper (a stray quote, text after a closing quote, a bare carriage return),
/// in the first block and after several blocks (a block is 4 MiB).
/// </summary>
public class BlockParsingTests
{
    private const string Ga4Header = "event_date,event_timestamp,event_name,user_pseudo_id,user_id,page_location,traffic_source,traffic_medium,device_category,country,session_id";

    private static string Ga4Row(int i) => string.Create(CultureInfo.InvariantCulture,
        $"20260304,{1772633100000000L + i * 1_000_000L},{(i % 3 == 0 ? "page_view" : "first_visit")},{1000 + i % 997}.1772633100,{(i % 5 == 0 ? (500000 + i % 89).ToString(CultureInfo.InvariantCulture) : "")},https://www.northwind-cloud.example/{(i % 4 == 0 ? "pricing" : "blog/post-" + i % 13)}?utm_source=x,google,organic,{(i % 2 == 0 ? "desktop" : "mobile")},US,{1772633100 + i / 10}");

    /// <summary>A GA4 UI export of <paramref name="rows"/> generated rows (about 170 bytes each), with <paramref name="at"/> lines replaced.</summary>
    private static string Ga4(int rows, IReadOnlyDictionary<int, string>? at = null, string newline = "\n")
    {
        var sb = new StringBuilder(rows * 180).Append(Ga4Header).Append(newline);
        for (var i = 0; i < rows; i++) sb.Append(at is not null && at.TryGetValue(i, out var line) ? line : Ga4Row(i)).Append(newline);
        return sb.ToString();
    }

    private static (SourceTable Blocks, SourceTable Rows) Both(TestFolder folder, string file, string map, string kind = "Analytics", string timeZone = "UTC",
        string? delimiter = null, string encoding = "utf-8")
    {
        var source = Source(folder, kind, file, map, timeZone, delimiter, encoding);
        var run = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        return (CsvSource.Load(source, new LoadOptions { RunUtc = run }), CsvSource.Load(source, new LoadOptions { RunUtc = run, BlockParsing = false }));
    }

    /// <summary>Every count, rejection, column value and text code of the two loads agree.</summary>
    private static void AssertSame(SourceTable blocks, SourceTable rows)
    {
        Assert.Equal(rows.Report.RowsRead, blocks.Report.RowsRead);
        Assert.Equal(rows.Report.RowsAccepted, blocks.Report.RowsAccepted);
        Assert.Equal(rows.Report.RowsRejected, blocks.Report.RowsRejected);
        Assert.Equal(rows.Rejected, blocks.Rejected);
        Assert.Equal(rows.Report.Reasons, blocks.Report.Reasons);
        Assert.Equal(rows.RowCount, blocks.RowCount);
        Assert.Equal(rows.Columns.Select(c => c.Name), blocks.Columns.Select(c => c.Name));
        for (var c = 0; c < rows.Columns.Count; c++)
        {
            var (a, b) = (rows.Columns[c], blocks.Columns[c]);
            for (long r = 0; r < rows.RowCount; r++)
                if (!Equals(Value(a, r), Value(b, r)))
                    Assert.Fail($"column {a.Name}, row {r}: rows reader '{Value(a, r)}', block parser '{Value(b, r)}'");
            if (a is TextColumn ta && b is TextColumn tb)
            {
                Assert.Equal(ta.IsCoded, tb.IsCoded);
                Assert.Equal(ta.Distinct, tb.Distinct);
                if (ta.IsCoded)
                    for (long r = 0; r < rows.RowCount; r++) Assert.Equal(ta.Code(r), tb.Code(r));
            }
        }
    }

    private static object? Value(SourceColumn column, long row) => column switch
    {
        TextColumn t => t[row],
        ValueColumn<DateTime> t => t[row] is { } v ? (v.Ticks, v.Kind) : null,
        ValueColumn<int> i => i[row],
        ValueColumn<double> d => d[row],
        ValueColumn<long> l => l[row],
        _ => throw new InvalidOperationException(column.GetType().Name),
    };

    [Fact]
    public void A_small_export_with_quotes_line_breaks_and_bad_rows_reads_the_same_and_as_worked_out_by_hand()
    {
        using var folder = new TestFolder();
        // Line 1 header; 2 good; 3-4 one record (a quoted page with a line break: line 3); 5 blank (skipped, not a row);
        // 6 four fields (field-count); 7 a quoted pseudo id with an escaped quote; 8 timestamp '1.71e15' (type);
        // 9 twelve fields (field-count); 10 only spaces (one field: field-count); 11 good, CRLF ending; 12 good, no line break.
        folder.Write("events.csv",
            Ga4Header + "\n" +
            "20260304,1772633100000000,first_visit,111.222,,https://www.northwind-cloud.example/,google,organic,desktop,US,1772633100\n" +
            "20260304,1772633101000000,page_view,111.222,,\"https://www.northwind-cloud.example/a,b\nc\",google,organic,desktop,US,1772633100\n" +
            "\n" +
            "20260304,1772633160000000,page_view,333.444\n" +
            "20260304,1772633102000000,page_view,\"11\"\"1.222\",,https://www.northwind-cloud.example/pricing,google,organic,desktop,US,1772633100\n" +
            "20260304,1.71e15,page_view,111.222,,https://www.northwind-cloud.example/pricing,google,organic,desktop,US,1772633100\n" +
            "20260304,1772633103000000,page_view,111.222,,https://www.northwind-cloud.example/pricing,google,organic,desktop,US,1772633100,extra\n" +
            "   \n" +
            "20260304,1772633104000000,purchase,111.222,500001,https://www.northwind-cloud.example/checkout/,google,organic,mobile,US,1772633100\r\n" +
            "20260304,1772633105000000,purchase,111.222,500001,https://www.northwind-cloud.example/checkout/,google,organic,mobile,US,1772633100");
        var (blocks, rows) = Both(folder, "events.csv", "ga4");
        AssertSame(blocks, rows);

        // Records read, by the line each starts on: 2, 3 (to 4), 6, 7, 8, 9, 10, 11, 12 = 9 (the blank line 5 is none).
        // Accepted: 2, 3, 7, 11, 12 = 5. Rejected: 6, 8, 9, 10 = 4.
        Assert.Equal((9, 5, 4), (blocks.Report.RowsRead, blocks.Report.RowsAccepted, blocks.Report.RowsRejected));
        Assert.Equal([(6L, "field-count"), (8L, "type"), (9L, "field-count"), (10L, "field-count")], blocks.Rejected.Select(r => (r.Line, r.Rule)));
        Assert.Equal("expected 11 fields like the header, found 4", blocks.Rejected[0].Reason);
        Assert.Equal("expected 11 fields like the header, found 12", blocks.Rejected[2].Reason);
        Assert.Equal("expected 11 fields like the header, found 1", blocks.Rejected[3].Reason);
        Assert.Equal("   ", blocks.Rejected[3].Value);
        // The quoted page keeps its comma and line break, then loses its host; the escaped quote reads as one quote.
        Assert.Equal("/a,b\nc", blocks.Text("page")![1]);
        Assert.Equal("11\"1.222", blocks.Text("anonymous_id")![2]);
        // Lines of accepted rows: 2, 3, 7, 11, 12.
        Assert.Equal([2L, 3L, 7L, 11L, 12L], Enumerable.Range(0, 5).Select(r => blocks.Values<long>(CanonicalFields.Line)![r]!.Value));
    }

    [Fact]
    public void A_large_export_reads_the_same_across_blocks_with_crlf_endings()
    {
        using var folder = new TestFolder();
        // 60,000 rows of about 170 bytes: 10 MB, three blocks. Row 45,000 misses its last field (line 45,002).
        folder.Write("events.csv", Ga4(60_000, new Dictionary<int, string> { [45_000] = "20260304,1772633100000000,page_view,1.2" }, "\r\n"));
        var (blocks, rows) = Both(folder, "events.csv", "ga4");
        AssertSame(blocks, rows);
        Assert.Equal((60_000, 59_999), (blocks.Report.RowsRead, blocks.Report.RowsAccepted));
        Assert.Equal(45_002, Assert.Single(blocks.Rejected).Line);
    }

    [Theory]
    [InlineData(3)]      // in the first block, just after the header
    [InlineData(40_000)] // after two blocks were merged
    public void Records_the_block_parser_does_not_read_go_to_csvhelper_from_their_block_on(int at)
    {
        using var folder = new TestFolder();
        // A stray quote in an unquoted field, text after a closing quote 5 rows later, a bare CR 10 rows later, and a
        // field-count error 5,000 rows later: all read by CsvHelper, with the file's own line numbers.
        folder.Write("events.csv", Ga4(50_000, new Dictionary<int, string>
        {
            [at] = "20260304,1772633100000000,page_view,12\"3.4,,https://x.example/,google,organic,desktop,US,1",
            [at + 5] = "20260304,1772633100000000,page_view,\"123.4\"x,,https://x.example/,google,organic,desktop,US,1",
            [at + 10] = "20260304,1772633100000000,page_view,123.4,,https://x.example/\rpricing,google,organic,desktop,US,1",
            [at + 5_000] = "20260304,1772633100000000",
        }));
        var (blocks, rows) = Both(folder, "events.csv", "ga4");
        AssertSame(blocks, rows);
        // Data row i is on line i + 2, and the bare CR starts a line of its own: the rows after it are one line further
        // (its record splits in two short records, lines at + 12 and at + 13, both field-count).
        var rejected = blocks.Rejected.Select(r => (r.Line, r.Rule)).ToList();
        Assert.Contains((at + 2L, "malformed"), rejected);
        Assert.Contains((at + 7L, "malformed"), rejected);
        Assert.Contains((at + 12L, "field-count"), rejected);
        Assert.Contains((at + 13L, "field-count"), rejected);
        Assert.Contains((at + 5_003L, "field-count"), rejected);
        Assert.Equal(5, rejected.Count);
    }

    [Fact]
    public void Records_the_bounds_take_out_are_reported_in_line_order_among_the_blocks_rows()
    {
        using var folder = new TestFolder();
        // An unterminated quote in the second block: the quoted field would run on over the following records, so the
        // bounds cut the record out (rule malformed) and reading goes on at the next line; every other row is the same.
        var text = Ga4(50_000, new Dictionary<int, string> { [30_000] = "20260304,1772633100000000,page_view,\"123.4,,https://x.example/,google,organic,desktop,US,1" });
        folder.Write("events.csv", text);
        var (blocks, rows) = Both(folder, "events.csv", "ga4");
        AssertSame(blocks, rows);
        Assert.Contains(blocks.Rejected, r => r.Rule == "malformed" && r.Line == 30_002);
    }

    [Fact]
    public void A_crm_export_with_duplicates_local_times_and_an_empty_file_tail_reads_the_same()
    {
        using var folder = new TestFolder();
        var sb = new StringBuilder("Record ID,Email,Lifecycle Stage,Create Date,Became a Lead Date,Became a Marketing Qualified Lead Date,Became an Opportunity Date,Became a Customer Date,Persona,Country/Region,Original Source\n");
        for (var i = 0; i < 30_000; i++)
        {
            var id = i == 20_000 ? 500_001 : 500_000 + i; // line 20,002 repeats the id of line 3
            var day = 1 + i % 28;
            sb.Append(CultureInfo.InvariantCulture, $"{id},person{i}@example.com,{(i % 3 == 0 ? "lead" : "customer")},2026-03-{day:00} 08:{i % 60:00},2026-03-{day:00} 09:00,{(i == 7 ? "2026-02-30 10:00" : "")},,{(i % 3 == 0 ? "" : "2026-04-01 12:00")},{(i % 2 == 0 ? "Agency" : "Freelancer")},Germany,Paid Search\n");
        }
        sb.Append('\n').Append('\n');
        folder.Write("crm.csv", sb.ToString());
        var (blocks, rows) = Both(folder, "crm.csv", "hubspot", "Crm", "America/New_York");
        AssertSame(blocks, rows);
        // By hand: 30,000 records; line 9 (i = 7) has 2026-02-30 (type); line 20,002 repeats 500001 (unique, first seen on line 3).
        Assert.Equal((30_000, 29_998), (blocks.Report.RowsRead, blocks.Report.RowsAccepted));
        Assert.Equal([(9L, "type"), (20_002L, "unique")], blocks.Rejected.Select(r => (r.Line, r.Rule)));
        Assert.Equal("duplicate value; first seen on line 3", blocks.Rejected[1].Reason);
        // 2026-03-01 08:00 in New York (EST, UTC-5) is 13:00 UTC.
        Assert.Equal(new DateTime(2026, 3, 1, 13, 0, 0, DateTimeKind.Utc), blocks.Values<DateTime>(CanonicalFields.CreatedAt)![0]);
    }

    [Fact]
    public void Columns_whose_cells_hardly_repeat_read_the_same_after_the_parser_stops_looking_them_up()
    {
        // Ids and e-mail addresses are new on almost every row: after 4,096 new cells the block parser works such a
        // column's cells out one by one instead of through its table of distinct cells. Here the addresses start to
        // repeat after that point (row i has p{i mod 5000}), and the ids after row 6,000 repeat those of rows 0..3,999.
        using var folder = new TestFolder();
        var sb = new StringBuilder("Record ID,Email,Lifecycle Stage,Create Date,Became a Lead Date,Persona\n");
        for (var i = 0; i < 10_000; i++)
        {
            var id = i == 4_700 ? "6.00471E+05" : (600_000 + (i < 6_000 ? i : i - 6_000)).ToString(CultureInfo.InvariantCulture);
            var email = i == 4_500 ? "not-an-email" : $"p{i % 5_000}@Example.COM";
            sb.Append(CultureInfo.InvariantCulture, $"{id},{email},lead,2026-03-{1 + i % 28:00} 08:{i % 60:00},2026-03-{1 + i % 28:00} 09:00,Agency\n");
        }
        folder.Write("crm.csv", sb.ToString());
        var (blocks, rows) = Both(folder, "crm.csv", "hubspot", "Crm", "America/New_York");
        AssertSame(blocks, rows);
        // By hand: row i is on line i + 2. Line 4,502 has no valid address (type); line 4,702 an id Excel destroyed;
        // lines 6,002..10,001 repeat the ids of lines 2..4,001 (unique): 2 + 4,000 rejected, 10,000 - 4,002 = 5,998 accepted.
        Assert.Equal((10_000, 5_998), (blocks.Report.RowsRead, blocks.Report.RowsAccepted));
        Assert.Equal((4_502L, "type"), (blocks.Rejected[0].Line, blocks.Rejected[0].Rule));
        Assert.Equal((4_702L, "excel-mangled"), (blocks.Rejected[1].Line, blocks.Rejected[1].Rule));
        Assert.Equal(4_000, blocks.Rejected.Count(r => r.Rule == "unique"));
        Assert.Equal((6_002L, "duplicate value; first seen on line 2"), (blocks.Rejected[2].Line, blocks.Rejected[2].Reason));
        // The accepted rows 0..5,999 but 4,500 and 4,700 hold p0..p4999 lower-cased without p4500 and p4700 (rows
        // 5,000..5,999 repeat p0..p999): 4,998 distinct addresses, one code each, in order of first appearance.
        var emails = blocks.Text(CanonicalFields.Email)!;
        Assert.Equal(4_998, emails.Distinct.Count);
        Assert.Equal("p0@example.com", emails.Distinct[0]);
        Assert.Equal(emails.Code(0), emails.Code(4_998)); // row 5,000 (rows 4,500 and 4,700 left out before it) repeats p0
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("bom")]
    [InlineData("tab")]
    [InlineData("windows-1252")]
    public void Compressed_marked_tab_separated_and_latin_exports_read_the_same(string shape)
    {
        using var folder = new TestFolder();
        // 30,000 rows (two blocks); row 10 has a page with 'é' (two bytes in UTF-8, one in windows-1252); row 20,000 misses fields.
        var text = Ga4(30_000, new Dictionary<int, string>
        {
            [10] = "20260304,1772633100000000,page_view,1.2,,https://x.example/caf\u00e9,google,organic,desktop,US,1",
            [20_000] = "20260304,1772633100000000,page_view",
        });
        string file = "events.csv", encoding = "utf-8";
        string? delimiter = null;
        switch (shape)
        {
            case "gzip":
                file = "events.csv.gz";
                using (var gz = new System.IO.Compression.GZipStream(File.Create(folder.File(file)), System.IO.Compression.CompressionLevel.Fastest))
                    gz.Write(Encoding.UTF8.GetBytes(text));
                break;
            case "bom": folder.Write(file, text, new UTF8Encoding(true)); break;
            case "tab": folder.Write(file, text.Replace(',', '\t'), new UTF8Encoding(false)); delimiter = "\t"; break;
            default:
                encoding = shape;
                File.WriteAllBytes(folder.File(file), CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text));
                break;
        }
        var (blocks, rows) = Both(folder, file, "ga4", delimiter: delimiter, encoding: encoding);
        AssertSame(blocks, rows);
        Assert.Equal((30_000, 29_999), (blocks.Report.RowsRead, blocks.Report.RowsAccepted));
        Assert.Equal(20_002, Assert.Single(blocks.Rejected).Line);
        Assert.Equal("/caf\u00e9", blocks.Text("page")![10]);
    }

    /// <summary>A Qualtrics export: the three header rows of <see cref="QualtricsLoaderTests.Export"/>, then <paramref name="rows"/> responses.</summary>
    private static string Qualtrics(int rows, IReadOnlyDictionary<int, string>? at = null, string? questionRow = null)
    {
        var header = QualtricsLoaderTests.Export.Split('\n').Take(3).ToArray();
        if (questionRow is not null) header[1] = questionRow;
        var sb = new StringBuilder(string.Join('\n', header)).Append('\n');
        for (var i = 0; i < rows; i++)
            sb.Append(at is not null && at.TryGetValue(i, out var line) ? line : string.Create(CultureInfo.InvariantCulture,
                $"2026-07-02 10:00:00,2026-07-02 10:03:00,IP Address,R_{i:x6},2026-07-{1 + i % 28:00} 10:03:00,{500000 + i % 5000},,Post-purchase survey,{i % 11},{1 + i % 5},{1 + i % 7},happy,\"Great, fast \"\"checkout\"\"\nthanks {i % 17}\"")).Append('\n');
        return sb.ToString();
    }

    [Theory]
    [InlineData(false, -1)]    // clean: every row through the block parser after the three header rows
    [InlineData(false, 40_000)] // a stray quote after two blocks: handed back from its block on
    [InlineData(true, -1)]     // a stray quote in the question texts: the whole file handed back, header rows read again
    public void A_qualtrics_export_with_extra_header_rows_reads_the_same(bool strayInHeader, int strayAt)
    {
        using var folder = new TestFolder();
        // 50,000 responses of two lines each (the comment holds a line break): about 9 MB, three blocks. Response 30,000
        // has NPS 11 (range); response 31,000 has 12 fields (field-count).
        var at = new Dictionary<int, string>
        {
            [30_000] = "2026-07-02 10:00:00,2026-07-02 10:03:00,IP Address,R_x,2026-07-02 10:03:00,500001,,Post-purchase survey,11,5,6,happy,ok",
            [31_000] = "2026-07-02 10:00:00,2026-07-02 10:03:00,IP Address,R_y,2026-07-02 10:03:00,500001,,Post-purchase survey,9,5,6,happy,ok,extra",
        };
        if (strayAt >= 0) at[strayAt] = "2026-07-02 10:00:00,2026-07-02 10:03:00,IP Address,R_z,2026-07-02 10:03:00,500001,,Post-purchase survey,9,5,6,ha\"ppy,ok";
        var questions = strayInHeader ? "Start Date,End Date,Response Type,Response ID,Recorded Date,External Data Reference,Recipient Email,Survey Name,How \"likely,Satisfaction,Ease,Emotion,Comment" : null;
        folder.Write("survey.csv", Qualtrics(50_000, at, questions), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var (blocks, rows) = Both(folder, "survey.csv", "qualtrics", "Survey", "America/Denver");
        AssertSame(blocks, rows);
        // Response i starts on line 4 + 2i (three header rows, two lines per response; responses 30,000 and 31,000 are
        // one line each, so rows after 30,000 start one line earlier, after 31,000 two).
        Assert.Contains(blocks.Rejected, r => r.Line == 4 + 2 * 30_000 && r.Rule == "range");
        Assert.Contains(blocks.Rejected, r => r.Line == 4 + 2 * 31_000 - 1 && r.Rule == "field-count");
        Assert.Equal(50_000, blocks.Report.RowsRead);
    }
}
