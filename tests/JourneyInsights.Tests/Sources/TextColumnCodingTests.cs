using System.Text;
using JourneyInsights.Sources;
using static JourneyInsights.Tests.Sources.SourceFixtures;

namespace JourneyInsights.Tests.Sources;

/// <summary>Text columns are dictionary-encoded while their values repeat, and hold the strings once they hardly do.</summary>
public class TextColumnCodingTests
{
    [Fact]
    public void Repeated_values_get_codes_in_order_of_first_appearance_and_empty_cells_code_zero()
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", """
            event_timestamp,event_name,user_pseudo_id,user_id,page_location
            1772633100000000,first_visit,111.222,,https://www.northwind-cloud.example/
            1772633101000000,page_view,111.222,,https://www.northwind-cloud.example/pricing
            1772633102000000,page_view,333.444,500001,https://www.northwind-cloud.example/
            1772633103000000,first_visit,333.444,,

            """);
        var table = Load(folder, "Analytics", "events.csv", "ga4");
        var events = table.Text("event")!;
        var users = table.Text("user_id")!;
        var pages = table.Text("page")!;

        // first_visit is the first distinct event (code 1), page_view the second (code 2): rows 1, 2, 2, 1.
        Assert.True(events.IsCoded);
        Assert.Equal(["first_visit", "page_view"], events.Distinct);
        Assert.Equal([1, 2, 2, 1], Enumerable.Range(0, 4).Select(i => events.Code(i)));
        // One user id, on row 3 only; the other rows are empty (code 0, value null).
        Assert.Equal([0, 0, 1, 0], Enumerable.Range(0, 4).Select(i => users.Code(i)));
        Assert.Equal([null, null, "500001", null], Enumerable.Range(0, 4).Select(i => users[i]));
        // Page paths as the UrlPath type reads them: "/" (code 1), "/pricing" (2), "/" again, then empty.
        Assert.Equal(["/", "/pricing", "/", null], Enumerable.Range(0, 4).Select(i => pages[i]));
        Assert.Equal([1, 2, 1, 0], Enumerable.Range(0, 4).Select(i => pages.Code(i)));
    }

    [Fact]
    public void A_column_of_nearly_all_distinct_values_keeps_its_strings_and_every_value()
    {
        // 100,000 rows decide: every user_pseudo_id distinct (100 % > 90 %), every event the same.
        const int rows = 100_001;
        var csv = new StringBuilder("event_timestamp,event_name,user_pseudo_id\n");
        for (var i = 0; i < rows; i++) csv.Append(1772633100000000L + i).Append(",page_view,dev.").Append(i).Append('\n');
        using var folder = new TestFolder();
        folder.Write("events.csv", csv.ToString());
        var table = Load(folder, "Analytics", "events.csv", "ga4");
        var devices = table.Text("anonymous_id")!;
        var events = table.Text("event")!;

        Assert.Equal(rows, table.Report.RowsAccepted);
        Assert.False(devices.IsCoded);
        Assert.Empty(devices.Distinct);
        Assert.Throws<InvalidOperationException>(() => devices.Code(0));
        Assert.Equal(["dev.0", "dev.99999", "dev.100000"], new long[] { 0, 99_999, 100_000 }.Select(i => devices[i]));
        Assert.True(events.IsCoded);
        Assert.Equal(["page_view"], events.Distinct);
        Assert.Equal(1, events.Code(100_000));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Codes_keep_their_values_as_the_column_widens_past_255_and_65535_distinct_values(bool blockParsing)
    {
        // 70,000 devices, each on two rows in a row (device i on rows 2i and 2i + 1): 140,000 rows, 50 % distinct when
        // 100,000 rows decide, so the column stays coded. Device i gets code i + 1, so the codes pass 255 (1 byte a row)
        // on device 255 (row 510) and 65,535 (2 bytes) on device 65,535 (row 131,070) and end at 70,000 (4 bytes).
        const int devices = 70_000;
        var csv = new StringBuilder("event_timestamp,event_name,user_pseudo_id\n");
        for (var i = 0; i < 2 * devices; i++)
            csv.Append(1772633100000000L + i).Append(i % 2 == 0 ? ",first_visit,dev." : ",page_view,dev.").Append(i / 2).Append('\n');
        using var folder = new TestFolder();
        folder.Write("events.csv", csv.ToString()); // about 6 MB: several 4 MiB blocks for the block parser
        var table = CsvSource.Load(Source(folder, "Analytics", "events.csv", "ga4"), new LoadOptions { BlockParsing = blockParsing });
        var ids = table.Text("anonymous_id")!;
        var events = table.Text("event")!;
        var lines = table.Values<long>(CanonicalFields.Line)!;

        Assert.Equal(2 * devices, table.Report.RowsAccepted);
        Assert.True(ids.IsCoded);
        Assert.Equal(devices, ids.Distinct.Count);
        // Rows 0 and 1: device 0, code 1. Rows 510 and 511: device 255, code 256 (the first past a byte); row 509 still
        // device 254, code 255. Rows 131,070 and 131,071: device 65,535, code 65,536; the last row 139,999: device 69,999.
        long[] rows = [0, 1, 509, 510, 511, 131_069, 131_070, 139_999];
        Assert.Equal([1, 1, 255, 256, 256, 65_535, 65_536, 70_000], rows.Select(r => ids.Code(r)));
        Assert.Equal(["dev.0", "dev.0", "dev.254", "dev.255", "dev.255", "dev.65534", "dev.65535", "dev.69999"], rows.Select(r => ids[r]));
        // Two events, codes 1 and 2 alternating (a byte a row throughout).
        Assert.Equal([1, 2, 2, 1, 2, 2, 1, 2], rows.Select(r => events.Code(r)));
        // Row r is line r + 2 (the header is line 1), every line present.
        Assert.Equal([2L, 3L, 511L, 512L, 513L, 131_071L, 131_072L, 140_001L], rows.Select(r => lines[r]!.Value));
    }
}
