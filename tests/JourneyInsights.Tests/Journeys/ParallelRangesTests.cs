using JourneyInsights.Definition;
using JourneyInsights.Journeys;
using JourneyInsights.Sources;

namespace JourneyInsights.Tests.Journeys;

/// <summary>
/// The journey steps read large tables in ranges of rows on every core and merge what each range found in range order
/// (<see cref="RowRanges"/>). These tests cut small hand-made tables into ranges of a few rows, so that every merge
/// boundary falls inside a customer's rows, and check the results worked out by hand, the same for every range size.
///
/// Ten events, one analytics source, UTC; rules Login (no stage, named by an exclusion, so its records are kept), Visit
/// (Awareness), Pricing (Consideration); "scroll" matches no rule. Customers are numbered by their first row: v1 0, v2 1, v3 2.
///   row 0 visit v1 03-01 10:00 → touchpoint 0      row 5 pricing v1 03-03 10:00 → touchpoint 2
///   row 1 scroll v1 03-01 11:00 → unmatched         row 6 scroll v2 03-03 11:00 → unmatched
///   row 2 login v1 03-01 12:00 → kept (stage-less)  row 7 pricing v2 03-04 10:00 → touchpoint 3
///   row 3 visit v2 03-02 10:00 → touchpoint 1      row 8 login v3 03-05 10:00 → kept
///   row 4 login v2 03-02 11:00 → kept              row 9 visit v3 03-05 11:00 → touchpoint 4
/// </summary>
public sealed class ParallelRangesTests : IDisposable
{
    private const string Events = """
        timestamp,event,anonymous_id,user_id,page,source,medium,device,region
        2026-03-01T10:00:00Z,visit,v1,,/,google,organic,desktop,US
        2026-03-01T11:00:00Z,scroll,v1,,/,google,organic,desktop,US
        2026-03-01T12:00:00Z,login,v1,,/login,google,organic,desktop,US
        2026-03-02T10:00:00Z,visit,v2,,/,google,organic,desktop,US
        2026-03-02T11:00:00Z,login,v2,,/login,google,organic,desktop,US
        2026-03-03T10:00:00Z,pricing,v1,,/pricing,google,organic,desktop,US
        2026-03-03T11:00:00Z,scroll,v2,,/,google,organic,desktop,US
        2026-03-04T10:00:00Z,pricing,v2,,/pricing,google,organic,desktop,US
        2026-03-05T10:00:00Z,login,v3,,/login,google,organic,desktop,US
        2026-03-05T11:00:00Z,visit,v3,,/,google,organic,desktop,US

        """;

    private const string Definition = """
        {
          "name": "Ranges",
          "reportTimeZone": "UTC",
          "sources": [ { "name": "web", "kind": "Analytics", "path": "events.csv", "columnMap": "generic-events" } ],
          "stages": [ { "name": "Awareness" }, { "name": "Consideration" } ],
          "touchpoints": [
            { "name": "Login", "stage": null, "when": { "events": ["login"] } },
            { "name": "Visit", "stage": "Awareness", "when": { "events": ["visit"] } },
            { "name": "Pricing", "stage": "Consideration", "when": { "events": ["pricing"] } }
          ],
          "funnel": { "conversionWindowDays": 30, "minSampleSize": 1, "exclusions": [ { "touchpoint": "Login" } ] },
          "personas": ["Agency"]
        }
        """;

    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static long At(int day, int hour) => new DateTime(2026, 3, day, hour, 0, 0, DateTimeKind.Utc).Ticks;

    [Fact]
    public void Split_cuts_rows_into_consecutive_ranges_the_last_one_shorter()
    {
        Assert.Equal([(0, 4), (4, 8), (8, 10)], RowRanges.Split(10, 4)); // 4 + 4 + 2
        Assert.Equal([(0, 4)], RowRanges.Split(4, 4));
        Assert.Equal([(0, 0)], RowRanges.Split(0, 4));                   // no rows: one empty range
        Assert.Equal(10, RowRanges.Split(10, 1).Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(int.MaxValue)] // one range: the one-pass result
    public void Placement_in_ranges_gives_the_touchpoints_counts_and_kept_records_of_one_pass(int rangeRows)
    {
        _folder.Write("events.csv", Events);
        var sources = SourceSet.Load(JourneyDefinition.Load(_folder.Write("journey.json", Definition)));
        var tables = CanonicalTables.From(sources);
        var ids = IdentityStitching.Stitch(tables, sources.Definition.Identity);
        var placed = Placement.PlaceInRanges(tables, ids, sources.Definition, null, rangeRows);

        // Touchpoints: rows 0, 3, 5, 7, 9 in row order (rules 1 Visit, 2 Pricing), each range's rows after the ranges before it.
        var tp = placed.Touchpoints;
        Assert.Equal([0, 1, 0, 1, 2], tp.Customer);
        Assert.Equal([At(1, 10), At(2, 10), At(3, 10), At(4, 10), At(5, 11)], tp.Time);
        Assert.Equal([1, 1, 2, 2, 1], tp.Touchpoint);
        Assert.Equal([0, 0, 1, 1, 0], tp.Stage.Select(s => (int)s));
        // Three logins (rows 2, 4, 8) are unstaged and kept for the exclusion, in row order; two scrolls (rows 1, 6) are unmatched.
        Assert.Equal(5, placed.Report.Placed);
        Assert.Equal(3, placed.Report.Unstaged);
        Assert.Equal([0, 1, 2], placed.Stageless.Customer);
        Assert.Equal([At(1, 12), At(2, 11), At(5, 10)], placed.Stageless.Time);
        Assert.Equal([0, 0, 0], placed.Stageless.Touchpoint);
        Assert.Equal([("web: scroll /", 2L)], placed.Report.Unmatched);
    }

    [Fact]
    public void The_timelines_computed_while_the_journey_is_built_apply_the_exclusion()
    {
        _folder.Write("events.csv", Events);
        var journey = Journey.Load(_folder.Write("journey.json", Definition));
        // The Login exclusion applies to every transition. v1: login 03-01 12:00 lies between its visit (03-01 10:00) and
        // its pricing (03-03 10:00): Awareness only. v2: login 03-02 11:00 between visit 03-02 10:00 and pricing 03-04:
        // Awareness only. v3: its login (03-05 10:00) comes before its visit and it never prices: Awareness only.
        var moments = journey.Timelines.Moment; // [customer * 2 + stage]
        Assert.Equal([At(1, 10), 0, At(2, 10), 0, At(5, 11), 0], moments);
        Assert.Equal([3L, 0L], journey.Funnel("2026-03").Stages.Select(s => s.Customers));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Entries_grouped_in_ranges_come_out_in_touchpoint_order_per_customer(int parts)
    {
        // Seven touchpoints; row 2 is not an entry and row 6 belongs to no unit (-1): both are left out.
        //   row: 0      1      2          3      4      5      6
        //   unit c1     c0     c1         c2     c1     c0     -
        //   stage 0     1      2 (no entry) 0    1      0      3
        //   time 10     20     30         40     50     60     70
        // Grouped per unit in row order: c0 rows 1, 5 → times 20, 60, stages 1, 0; c1 rows 0, 4 → 10, 50, stages 0, 1;
        // c2 row 3 → 40, stage 0; c3 none. Starts: 0, 2, 4, 5, 5. Three parts of ceil(7 / 3) = 3 rows: [0, 3), [3, 6),
        // [6, 7): c0 and c1 have rows in both of the first two.
        var tp = new TouchpointColumns
        {
            Customer = [1, 0, 1, 2, 1, 0, 3], Time = [10, 20, 30, 40, 50, 60, 70], Touchpoint = [0, 0, 0, 0, 0, 0, 0],
            Source = new byte[7], Stage = [0, 1, 2, 0, 1, 0, 3], Entry = [true, true, false, true, true, true, true],
        };
        int[] unitOf = [1, 0, 1, 2, 1, 0, -1];
        var (start, times, stageOf) = Timelines.GroupEntries(tp, unitOf, 4, parts, minRows: 1);
        Assert.Equal([0, 2, 4, 5, 5], start);
        Assert.Equal([20L, 60, 10, 50, 40], times);
        Assert.Equal([1, 0, 0, 1, 0], stageOf.Select(s => (int)s));
    }
}
