using JourneyInsights.Sources;
using Microsoft.Data.Analysis;
using static JourneyInsights.Tests.Sources.SourceFixtures;

namespace JourneyInsights.Tests.Sources;

public class Ga4LoaderTests
{
    // Line numbers are physical lines; line 1 is the header.
    private const string Export = """
        event_date,event_timestamp,event_name,user_pseudo_id,user_id,page_location,traffic_source,traffic_medium,device_category,country,session_id
        20260304,1772633100000000,first_visit,111.222,,https://www.northwind-cloud.example/blog/crm-tips?utm_source=x,google,organic,desktop,US,1772633100
        20260304,1772633100123456,page_view,111.222,,https://www.northwind-cloud.example/,google,organic,desktop,US,1772633100
        20260304,1.71e15,page_view,111.222,,https://www.northwind-cloud.example/pricing,google,organic,desktop,US,1772633100
        20260304,1772633160000000,page_view,,,https://www.northwind-cloud.example/pricing,google,organic,desktop,US,1772633100
        20260304,1772633160000000,page_view,333.444
        20260701,1782896400000000,purchase,111.222,500001,https://www.northwind-cloud.example/checkout/confirmation/,(direct),(none),phone,US,1782896000
        20260701,1782896400000000,purchase,111.222,500001,https://www.northwind-cloud.example/checkout/confirmation/,(direct),(none),mobile,US,1782896000

        """;

    [Fact]
    public void Every_row_is_accepted_or_rejected_with_file_line_column_and_reason()
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", Export);
        var table = Load(folder, "Analytics", "events.csv", "ga4");

        // 7 data rows: lines 2, 3 and 8 are good; 4 (timestamp), 5 (no user_pseudo_id), 6 (4 fields), 7 (device 'phone') are not.
        Assert.Equal(7, table.Report.RowsRead);
        Assert.Equal(3, table.Report.RowsAccepted);
        Assert.Equal(4, table.Report.RowsRejected);
        Assert.Equal(table.Report.RowsRead, table.Report.RowsAccepted + table.Report.RowsRejected);

        var byLine = table.Rejected.ToDictionary(r => r.Line);
        Assert.Equal(("event_timestamp", "type", "1.71e15"), (byLine[4].Column, byLine[4].Rule, byLine[4].Value));
        Assert.Contains("microseconds", byLine[4].Reason);
        Assert.Equal(("user_pseudo_id", "required"), (byLine[5].Column, byLine[5].Rule));
        Assert.Equal("field-count", byLine[6].Rule);
        Assert.Contains("expected 11 fields", byLine[6].Reason);
        Assert.Contains("found 4", byLine[6].Reason);
        Assert.Equal(("device_category", "accepted-values", "phone"), (byLine[7].Column, byLine[7].Rule, byLine[7].Value));
        Assert.All(table.Rejected, r => Assert.Equal("events.csv", r.File));
    }

    [Fact]
    public void Accepted_rows_are_typed_into_canonical_fields()
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", Export);
        var frame = Load(folder, "Analytics", "events.csv", "ga4").Frame;

        // 1772633100000000 µs = 2026-03-04T14:05:00Z; +123456 µs; 1782896400000000 µs = 2026-07-01T09:00:00Z (python datetime).
        var ts = (PrimitiveDataFrameColumn<DateTime>)frame["timestamp"];
        Assert.Equal(Utc(2026, 3, 4, 14, 5), ts[0]);
        Assert.Equal(Utc(2026, 3, 4, 14, 5).AddTicks(1_234_560), ts[1]);
        Assert.Equal(Utc(2026, 7, 1, 9, 0), ts[2]);
        Assert.Equal(DateTimeKind.Utc, ts[0]!.Value.Kind);
        // page_location keeps only the path: no host, query or trailing slash.
        Assert.Equal(["/blog/crm-tips", "/", "/checkout/confirmation"], ((StringDataFrameColumn)frame["page"]).ToArray());
        Assert.Equal(new string?[] { null, null, "500001" }, ((StringDataFrameColumn)frame["user_id"]).ToArray());
        Assert.Equal(["first_visit", "page_view", "purchase"], ((StringDataFrameColumn)frame["event"]).ToArray());
        Assert.Equal([2L, 3L, 8L], ((PrimitiveDataFrameColumn<long>)frame[CanonicalFields.Line]).Select(x => x!.Value).ToArray());
    }

    [Fact]
    public void Report_gives_date_range_and_top_reasons()
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", Export);
        var report = Load(folder, "Analytics", "events.csv", "ga4").Report;
        Assert.Equal(Utc(2026, 3, 4, 14, 5), report.FirstTimestamp);
        Assert.Equal(Utc(2026, 7, 1, 9, 0), report.LastTimestamp);
        Assert.Equal(4, report.Reasons.Count);
        Assert.Equal(4, report.Reasons.Sum(r => r.Rows));
    }

    [Fact]
    public void Strict_mode_stops_at_the_first_rejected_row()
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", Export);
        var ex = Assert.Throws<DataQualityException>(() => Load(folder, "Analytics", "events.csv", "ga4", strict: true));
        Assert.Equal(4, ex.Row.Line);
        Assert.Equal("event_timestamp", ex.Row.Column);
        Assert.StartsWith("events.csv:4: column 'event_timestamp'", ex.Message);
    }

    [Fact]
    public void Milliseconds_where_the_preset_says_microseconds_are_read_as_milliseconds_with_a_warning()
    {
        using var folder = new TestFolder();
        // 1772633100000 is 2026-03-04T14:05:00Z in milliseconds; read as microseconds it would be 1970-01-21 (implausible),
        // so none of the preset's formats reads the column and the common export formats decide: unix-millis.
        folder.Write("events.csv", "event_timestamp,event_name,user_pseudo_id\n1772633100000,page_view,1.1\n");
        var table = Load(folder, "Analytics", "events.csv", "ga4");
        Assert.Equal(0, table.Report.RowsRejected);
        Assert.Equal(Utc(2026, 3, 4, 14, 5), ((PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"])[0]);
        var warning = Assert.Single(table.Report.Warnings, w => w.Rule == "date-format");
        Assert.Contains("'unix-millis'", warning.Message);
    }

    [Fact]
    public void Milliseconds_in_a_map_declaring_unix_micros_as_its_type_are_rejected_as_implausible()
    {
        using var folder = new TestFolder();
        folder.Write("map.json", """
            { "name": "events", "kind": "Analytics", "columns": [
              { "field": "timestamp", "column": "event_timestamp", "type": "UnixMicros", "required": true },
              { "field": "event", "column": "event_name", "required": true },
              { "field": "anonymous_id", "column": "user_pseudo_id", "required": true } ] }
            """);
        folder.Write("events.csv", "event_timestamp,event_name,user_pseudo_id\n1772633100000,page_view,1.1\n");
        var table = Load(folder, "Analytics", "events.csv", "map.json");
        Assert.Equal(1, table.Report.RowsRejected);
        Assert.Contains("before 1990", table.Rejected[0].Reason);
    }
}
