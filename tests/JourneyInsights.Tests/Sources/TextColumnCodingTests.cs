using System.Text;
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
}
