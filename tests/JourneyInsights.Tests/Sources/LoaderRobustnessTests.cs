using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using JourneyInsights.Definition;
using JourneyInsights.Sources;
using Microsoft.Data.Analysis;

namespace JourneyInsights.Tests.Sources;

/// <summary>Broken and hostile files: truncated or corrupt gzip, bombs, unterminated quotes, oversized records, non-files.</summary>
public class LoaderRobustnessTests
{
    private const string Header = "timestamp,event,anonymous_id,page";

    private static SourceDefinition Source(TestFolder folder, string path, string limits = "")
    {
        var json = $$"""
        {
          "name": "fixture",
          "sources": [ { "name": "web", "kind": "Analytics", "path": "{{path}}", "columnMap": "generic-events"{{(limits.Length > 0 ? $", \"limits\": {{ {limits} }}" : "")}} } ],
          "stages": [ { "name": "Awareness" } ],
          "touchpoints": []
        }
        """;
        return JourneyDefinitionReader.Parse(json, folder.Path).Sources[0];
    }

    private static SourceTable Load(TestFolder folder, string path, string limits = "", bool strict = false) =>
        CsvSource.Load(Source(folder, path, limits), new LoadOptions(strict));

    private static string[] Anonymous(SourceTable t) => ((StringDataFrameColumn)t.Frame["anonymous_id"]).ToArray()!;

    /// <summary>1,000 events, one per minute from 2026-03-01T00:00Z, anonymous ids v0..v999.</summary>
    private static string Events(int rows = 1000)
    {
        var text = new StringBuilder(Header).Append('\n');
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < rows; i++)
            text.Append(start.AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))
                .Append(",page_view,v").Append(i).Append(",/pricing?utm=").Append(i * 7919 % 1000).Append('\n');
        return text.ToString();
    }

    private static byte[] Gzip(byte[] data)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    [Fact]
    public void A_complete_gzip_file_loads_every_row()
    {
        using var folder = new TestFolder();
        File.WriteAllBytes(folder.File("e.csv.gz"), Gzip(Encoding.UTF8.GetBytes(Events())));
        var table = Load(folder, "e.csv.gz");
        Assert.Equal((1000L, 1000L, 0L), (table.Report.RowsRead, table.Report.RowsAccepted, table.Report.RowsRejected));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_truncated_gzip_file_is_an_error_naming_the_file_and_the_rows_read_even_in_lenient_mode(bool strict)
    {
        using var folder = new TestFolder();
        var full = Gzip(Encoding.UTF8.GetBytes(Events()));
        var cut = full[..(full.Length * 2 / 3)];
        File.WriteAllBytes(folder.File("e.csv.gz"), cut);
        // What the cut file still yields, decompressed on its own (.NET's GZipStream stops silently at the cut): the
        // complete lines before it, minus the header, are the rows read before the damage.
        var yielded = new MemoryStream();
        using (var gz = new GZipStream(new MemoryStream(cut), CompressionMode.Decompress)) gz.CopyTo(yielded);
        var completeRows = yielded.ToArray().Count((byte)'\n') - 1;
        Assert.InRange(completeRows, 1, 999);

        var ex = Assert.Throws<SourceFileException>(() => Load(folder, "e.csv.gz", strict: strict));
        Assert.Equal("e.csv.gz", ex.File);
        Assert.Contains("the gzip file is truncated", ex.Message);
        Assert.Contains($"{completeRows:N0} data row(s) were read before the damage; none of the file is accepted", ex.Message);
    }

    [Fact]
    public void A_gzip_file_with_a_bad_crc_is_an_error_in_lenient_mode()
    {
        using var folder = new TestFolder();
        var bytes = Gzip(Encoding.UTF8.GetBytes(Events()));
        bytes[^8] ^= 0xFF; // the trailer is CRC32 (4 bytes) then ISIZE (4 bytes): flip the CRC's first byte
        File.WriteAllBytes(folder.File("e.csv.gz"), bytes);
        var ex = Assert.Throws<SourceFileException>(() => Load(folder, "e.csv.gz"));
        Assert.StartsWith("e.csv.gz: the gzip data is corrupt", ex.Message);
        Assert.Contains("its checksum (CRC) does not match", ex.Message);
        // zlib checks the CRC when the data ends and .NET then throws away the last block it decompressed: for a file this
        // small (one block) no row is read before the damage.
        Assert.EndsWith("0 data row(s) were read before the damage; none of the file is accepted", ex.Message);
    }

    [Fact]
    public void A_gzip_bomb_is_an_error_not_an_out_of_memory_crash()
    {
        using var folder = new TestFolder();
        // A header and 8 MiB of zero bytes compress about 1,000 to 1: far past the default ratio of 100.
        var data = new byte[8 << 20];
        Encoding.ASCII.GetBytes(Header + "\n").CopyTo(data, 0);
        var bomb = Gzip(data);
        Assert.True(bomb.Length < 64 * 1024, $"the bomb should be small, is {bomb.Length} bytes");
        File.WriteAllBytes(folder.File("bomb.csv.gz"), bomb);
        var ex = Assert.Throws<SourceFileException>(() => Load(folder, "bomb.csv.gz"));
        Assert.Contains("refused as a decompression bomb", ex.Message);
        Assert.Contains("decompresses more than 100 times", ex.Message);
        Assert.Contains("0 data row(s) were read", ex.Message);

        // The same file is read (and its one 8 MiB record rejected, not held whole) when the ratio is allowed.
        var table = Load(folder, "bomb.csv.gz", "\"maxDecompressionRatio\": 100000");
        Assert.Equal((1L, 0L), (table.Report.RowsRead, table.Report.RowsAccepted));
        Assert.Equal(("record-size", 2L), (table.Rejected[0].Rule, table.Rejected[0].Line));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void An_unterminated_quote_mid_file_is_rejected_at_its_line_and_the_following_lines_are_read(string newline)
    {
        using var folder = new TestFolder();
        folder.Write("e.csv", string.Join(newline,
            Header,                                              // line 1
            "2026-03-01T10:00:00Z,page_view,a1,/home",           // line 2
            "2026-03-01T10:01:00Z,\"page_view,a2,/pricing",      // line 3: the quote never closes
            "2026-03-01T10:02:00Z,page_view,a3,/docs",           // line 4
            "2026-03-01T10:03:00Z,signup,a4,/signup") + newline); // line 5
        var table = Load(folder, "e.csv");
        // Lines 2, 4, 5 accepted; line 3 rejected: 4 rows read (without the bound, lines 3-5 were one broken record).
        Assert.Equal((4L, 3L, 1L), (table.Report.RowsRead, table.Report.RowsAccepted, table.Report.RowsRejected));
        Assert.Equal(["a1", "a3", "a4"], Anonymous(table));
        Assert.Equal([2L, 4L, 5L], ((PrimitiveDataFrameColumn<long>)table.Frame[CanonicalFields.Line]).Select(l => l!.Value).ToArray());
        var r = Assert.Single(table.Rejected);
        Assert.Equal((3L, "event", "malformed"), (r.Line, r.Column, r.Rule));
        Assert.Equal("a quoted field opened on line 3 is not closed before the end of the file: an unterminated quote; the record is rejected and reading resumes on line 4", r.Reason);
        Assert.Equal("2026-03-01T10:01:00Z,\"page_view,a2,/pricing", r.Value);
    }

    private static readonly string QuoteClosedFarBelow = string.Join("\n",
        Header,                                                  // line 1
        "2026-03-01T10:00:00Z,page_view,a1,/home",               // line 2
        "2026-03-01T10:01:00Z,\"page_view,a2,/pricing",          // line 3: opens a quote ...
        "2026-03-01T10:02:00Z,page_view,a3,/docs",               // line 4
        "2026-03-01T10:03:00Z,page_view,a4,/docs",               // line 5
        "2026-03-01T10:04:00Z,page_view,a5,/docs",               // line 6
        "2026-03-01T10:05:00Z,\"sign,up\",a6,/signup",           // line 7: ... that this field's opening quote closes
        "2026-03-01T10:06:00Z,page_view,a7,/home") + "\n";       // line 8

    [Fact]
    public void A_quoted_field_spanning_more_lines_than_the_limit_is_cut_at_its_first_line()
    {
        using var folder = new TestFolder();
        folder.Write("e.csv", QuoteClosedFarBelow);
        // maxFieldLines 3: by line 6 the field from line 3 spans 4 lines, so line 3 is rejected and lines 4-8 are read,
        // line 7's quoted "sign,up" included.
        var table = Load(folder, "e.csv", "\"maxFieldLines\": 3");
        Assert.Equal((7L, 6L), (table.Report.RowsRead, table.Report.RowsAccepted));
        Assert.Equal(["a1", "a3", "a4", "a5", "a6", "a7"], Anonymous(table));
        Assert.Equal("sign,up", ((StringDataFrameColumn)table.Frame["event"])[4]);
        var r = Assert.Single(table.Rejected);
        Assert.Equal((3L, "malformed"), (r.Line, r.Rule));
        Assert.Contains("opened on line 3 is not closed within 3 lines", r.Reason);

        // With the default limit (1,000 lines) the quote closes on line 7: lines 3-7 are one malformed record.
        var lenient = Load(folder, "e.csv");
        Assert.Equal((3L, 2L), (lenient.Report.RowsRead, lenient.Report.RowsAccepted));
        Assert.Equal(["a1", "a7"], Anonymous(lenient));
        Assert.Equal(3L, Assert.Single(lenient.Rejected).Line);
    }

    [Fact]
    public void A_quoted_field_longer_than_the_byte_limit_is_cut_at_its_first_line()
    {
        using var folder = new TestFolder();
        folder.Write("e.csv", QuoteClosedFarBelow);
        // maxFieldBytes 60: from the quote opened on line 3 to its line break is 23 bytes ("page_view,a2,/pricing and
        // the break); line 4 adds 40: 63 > 60, so the field is cut at line 3 and lines 4-8 are read.
        var table = Load(folder, "e.csv", "\"maxFieldBytes\": 60");
        Assert.Equal(["a1", "a3", "a4", "a5", "a6", "a7"], Anonymous(table));
        Assert.Contains("is not closed within 60 bytes", Assert.Single(table.Rejected).Reason);
    }

    [Fact]
    public void A_record_longer_than_the_limit_is_rejected_and_the_next_line_is_read()
    {
        using var folder = new TestFolder();
        folder.Write("e.csv", Header + "\n" +
            "2026-03-01T10:00:00Z,page_view,a1,/home\n" +                               // line 2
            "2026-03-01T10:01:00Z,page_view,a2,/" + new string('x', 200) + "\n" +          // line 3: 236 bytes
            "2026-03-01T10:02:00Z,page_view,a3,/docs\n");                               // line 4
        var table = Load(folder, "e.csv", "\"maxFieldBytes\": 50, \"maxRecordBytes\": 100");
        Assert.Equal((3L, 2L), (table.Report.RowsRead, table.Report.RowsAccepted));
        Assert.Equal(["a1", "a3"], Anonymous(table));
        Assert.Equal((3L, "record-size"), (table.Rejected[0].Line, table.Rejected[0].Rule));
    }

    [Fact]
    public void A_field_longer_than_the_limit_is_rejected_with_its_column()
    {
        using var folder = new TestFolder();
        folder.Write("e.csv", Header + "\n2026-03-01T10:00:00Z,page_view,a1,/" + new string('x', 80) + "\n2026-03-01T10:02:00Z,page_view,a3,/docs\n");
        var table = Load(folder, "e.csv", "\"maxFieldBytes\": 50");
        var r = Assert.Single(table.Rejected);
        Assert.Equal((2L, "page", "field-size"), (r.Line, r.Column, r.Rule));
        Assert.Equal(["a3"], Anonymous(table));
    }

    [Fact]
    public void A_header_longer_than_the_limit_stops_the_load()
    {
        using var folder = new TestFolder();
        folder.Write("e.csv", Header + "," + new string('y', 100) + "\n2026-03-01T10:00:00Z,page_view,a1,/home,\n");
        var ex = Assert.Throws<SourceFileException>(() => Load(folder, "e.csv", "\"maxFieldBytes\": 50, \"maxHeaderBytes\": 64"));
        Assert.Equal(1, ex.Line);
        Assert.Contains("the first line is longer than 64 bytes", ex.Message);
    }

    [Fact]
    public void Limits_must_be_positive()
    {
        using var folder = new TestFolder();
        var ex = Assert.Throws<JourneyDefinitionException>(() => Source(folder, "e.csv", "\"maxFieldLines\": 0"));
        Assert.Equal("$.sources[0].limits", ex.JsonPath);
    }

    [Fact]
    public void A_directory_given_as_a_source_is_refused_as_a_directory_not_as_missing()
    {
        using var folder = new TestFolder();
        Directory.CreateDirectory(folder.File("exports"));
        var ex = Assert.Throws<SourceFileException>(() => Load(folder, "exports"));
        Assert.Equal("exports: is a directory, not a regular file; expected a CSV export (.csv or .csv.gz) (give the path of the file inside it)", ex.Message);
    }

    [Fact]
    public void A_device_given_as_a_source_is_refused_by_name()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TestFolder();
        var ex = Assert.Throws<SourceFileException>(() => Load(folder, "/dev/zero"));
        Assert.StartsWith("/dev/zero: is a character device, not a regular file", ex.Message);
    }

    private static bool MakeFifo(string path)
    {
        if (OperatingSystem.IsWindows()) return false;
        using var p = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false })!;
        p.WaitForExit();
        return p.ExitCode == 0;
    }

    [Fact]
    public async Task A_fifo_given_as_a_source_or_as_the_journey_definition_is_refused_without_blocking()
    {
        using var folder = new TestFolder();
        if (!MakeFifo(folder.File("pipe.csv")) || !MakeFifo(folder.File("journey.json"))) return;
        // Opening a FIFO for reading blocks until a writer comes: run each attempt with a deadline.
        var source = await Task.Run(() => Assert.Throws<SourceFileException>(() => Load(folder, "pipe.csv"))).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.StartsWith("pipe.csv: is a named pipe (FIFO), not a regular file", source.Message);

        var definition = await Task.Run(() => Assert.Throws<JourneyDefinitionException>(() => JourneyDefinition.Load(folder.File("journey.json"))))
            .WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains("is a named pipe (FIFO), not a regular file; expected the journey definition", definition.Message);
    }

    [Fact]
    public void A_directory_given_as_the_journey_definition_is_refused_as_a_directory()
    {
        using var folder = new TestFolder();
        var ex = Assert.Throws<JourneyDefinitionException>(() => JourneyDefinition.Load(folder.Path));
        Assert.Contains("is a directory, not a regular file; expected the journey definition", ex.Message);
        Assert.DoesNotContain("does not exist", ex.Message);
    }
}
