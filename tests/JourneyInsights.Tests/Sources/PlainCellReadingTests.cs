using Microsoft.Data.Analysis;
using static JourneyInsights.Tests.Sources.SourceFixtures;

namespace JourneyInsights.Tests.Sources;

/// <summary>
/// Timestamps and dates of the plain shape are read from the cell's bytes; every other shape (quoted, padded, an
/// impossible date, an out-of-range number) must come out exactly as the general reader gives it: same value, or the
/// same rejection.
/// </summary>
public class PlainCellReadingTests
{
    [Fact]
    public void Ga4_micros_read_the_same_plain_quoted_or_padded_and_bad_ones_are_rejected_with_their_reason()
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", """
            event_timestamp,event_name,user_pseudo_id
            1772633100000000,page_view,111.222
            "1772633100000001",page_view,111.222
             1772633100000002 ,page_view,111.222
            0000001772633100000003,page_view,111.222
            599999999000000,page_view,111.222
            4102444800000000,page_view,111.222
            17726331000000-1,page_view,111.222

            """);
        var table = Load(folder, "Analytics", "events.csv", "ga4");
        var time = (PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"];

        // 1772633100 s after 1970 = 2026-03-04 14:05:00 UTC (20,516 days = 2026-03-04, plus 50,700 s = 14:05); the
        // last digits are microseconds, 1 µs = 10 ticks.
        var at = Utc(2026, 3, 4, 14, 5);
        Assert.Equal(4, table.Report.RowsAccepted);
        Assert.Equal([at, at.AddTicks(10), at.AddTicks(20), at.AddTicks(30)], Enumerable.Range(0, 4).Select(i => time[i]!.Value));
        var byLine = table.Rejected.ToDictionary(r => r.Line);
        // 599,999,999 s = 1989-01-05: before 1990. 4,102,444,800 s = 2100-01-01: outside 1990-2099. "-1" is not a digit.
        Assert.Equal(["type", "type", "type"], new long[] { 6, 7, 8 }.Select(l => byLine[l].Rule));
        Assert.All(new long[] { 6, 7, 8 }, l => Assert.Equal("event_timestamp", byLine[l].Column));
    }

    [Fact]
    public void Hubspot_local_dates_read_the_same_by_hand_and_impossible_ones_are_rejected()
    {
        using var folder = new TestFolder();
        folder.Write("crm.csv", """
            Record ID,Email,Lifecycle Stage,Create Date,Became a Lead Date,Persona
            1,a@example.com,lead,2024-02-29 23:59,,Agency
            2,b@example.com,lead,"2026-07-01 05:00",,Agency
            3,c@example.com,lead,2026-02-29 10:00,,Agency
            4,d@example.com,lead,2026-12-31 24:00,,Agency
            5,e@example.com,lead,2026-01-15 9:05,,Agency

            """);
        var table = Load(folder, "Crm", "crm.csv", "hubspot", timeZone: "America/New_York");
        var created = (PrimitiveDataFrameColumn<DateTime>)table.Frame["created_at"];

        // 2024-02-29 (a leap day) 23:59 EST (UTC-5) = 2024-03-01 04:59Z; 2026-07-01 05:00 EDT (UTC-4) = 09:00Z.
        Assert.Equal(Utc(2024, 3, 1, 4, 59), created[0]);
        Assert.Equal(Utc(2026, 7, 1, 9, 0), created[1]);
        // 2026 is no leap year and hour 24 does not exist: both rejected. "9:05" (one hour digit) is not the fixed
        // layout, and none of the general reader's formats reads it either: rejected too. Every row is accounted for.
        var rejected = table.Rejected.ToDictionary(r => r.Line);
        Assert.Equal(("Create Date", "type"), (rejected[4].Column, rejected[4].Rule));
        Assert.Equal(("Create Date", "type"), (rejected[5].Column, rejected[5].Rule));
        Assert.Equal(("Create Date", "type"), (rejected[6].Column, rejected[6].Rule));
        Assert.Equal((2, 3), (table.Report.RowsAccepted, table.Report.RowsRejected));
    }
}
