using JourneyInsights.Journeys;
using JourneyInsights.Sources;

namespace JourneyInsights.Tests.Metrics;

/// <summary>The default report month, future-dated rows and a definition that places nothing.</summary>
public class DefaultMonthTests
{
    private static readonly DateTime Run = new(2026, 12, 1, 6, 0, 0, DateTimeKind.Utc);

    private const string Definition = """
        {
          "name": "Default month",
          "sources": [ { "name": "web", "kind": "Analytics", "path": "events.csv", "columnMap": "generic-events" } ],
          "stages": [ { "name": "Visit" }, { "name": "Sign-up" } ],
          "touchpoints": [
            { "name": "Visit", "stage": "Visit", "when": { "events": ["visit"] } },
            { "name": "Sign-up", "stage": "Sign-up", "when": { "events": ["sign_up"] } }
          ]
        }
        """;

    private const string Header = "timestamp,event,anonymous_id\n";

    [Theory]
    // The last month the data covers to its last day ...
    [InlineData("2026-01-01 00:00", "2026-03-31 23:59", "2026-03")]
    [InlineData("2026-01-01 00:00", "2026-03-30 23:59", "2026-02")]
    // ... even when that month's start is not covered (2026-02-10 .. 2026-02-28 is the last complete end of a month) ...
    [InlineData("2026-02-10 00:00", "2026-03-19 12:00", "2026-02")]
    // ... or, with less than a full month of data (no month's end reached), the latest month, never one outside the data.
    [InlineData("2026-03-05 10:00", "2026-03-19 12:00", "2026-03")]
    [InlineData("2026-03-31 10:00", "2026-03-31 10:00", "2026-03")]
    public void The_default_month_is_the_last_complete_month_or_the_latest(string first, string last, string expected)
    {
        static DateTime At(string t) => DateTime.ParseExact(t, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, Timelines.MonthText(Journey.DefaultMonth(At(first), At(last))));
    }

    [Fact]
    public void A_future_dated_row_is_rejected_and_cannot_move_the_default_month()
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", Header + """
            2026-03-05T10:00:00Z,visit,a1
            2026-03-06T10:00:00Z,sign_up,a1
            2026-03-19T12:00:00Z,visit,a2
            2031-05-01T00:00:00Z,visit,a3
            2026-12-02T05:00:00Z,visit,a4

            """);
        var path = folder.Write("journey.json", Definition);
        var sources = SourceSet.Load(Definition_(path), new LoadOptions { RunUtc = Run });

        // Line 5 (2031) lies years after the run: rejected. Line 6 lies 23 hours after it, within the day of slack: kept.
        var rejected = Assert.Single(sources.Rejected);
        Assert.Equal((5L, "timestamp", "future-dated"), (rejected.Line, rejected.Column, rejected.Rule));
        Assert.Equal("2031-05-01T00:00:00Z", rejected.Value);
        Assert.Contains("after the run (2026-12-01 06:00 UTC)", rejected.Reason);
        Assert.Equal((5L, 4L, 1L), (sources.Reports[0].RowsRead, sources.Reports[0].RowsAccepted, sources.Reports[0].RowsRejected));
        // Without the 2031 row the data runs 2026-03-05 .. 2026-12-02: November is the last complete month.
        Assert.Equal("2026-11", Journey.LastCompleteMonthOf(sources));
    }

    [Fact]
    public void In_strict_mode_a_future_dated_row_stops_the_load()
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", Header + "2026-03-05T10:00:00Z,visit,a1\n2031-05-01T00:00:00Z,visit,a3\n");
        var path = folder.Write("journey.json", Definition);
        var ex = Assert.Throws<DataQualityException>(() => SourceSet.Load(Definition_(path), new LoadOptions(Strict: true) { RunUtc = Run }));
        Assert.Equal("future-dated", ex.Row.Rule);
        Assert.Equal(3, ex.Row.Line);
    }

    [Fact]
    public void A_month_without_customers_inside_the_data_can_be_reported()
    {
        // Customers in January and March; February, cut at its end, has none but lies inside the data.
        using var folder = new TestFolder();
        folder.Write("events.csv", Header + "2026-01-10T10:00:00Z,visit,a1\n2026-01-11T10:00:00Z,sign_up,a1\n2026-03-10T10:00:00Z,visit,a2\n");
        var path = folder.Write("journey.json", Definition);
        var sources = SourceSet.Load(Definition_(path), new LoadOptions { RunUtc = Run });
        Journey.CheckReportMonth(sources, "2026-02");
        var journey = Journey.FromSources(sources, Journey.MonthEndUtc(sources.Definition, "2026-02"));
        Assert.Equal(Timelines.MonthKey(2026, 2), journey.Month("2026-02"));
        Assert.Equal(0, journey.Funnel("2026-02").Entered);
        Assert.Equal(1, journey.Funnel("2026-01").Entered);
    }

    [Fact]
    public void A_definition_that_places_nothing_says_so_and_never_mentions_1970()
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", Header + "2026-03-05T10:00:00Z,page_view,a1\n2026-03-06T10:00:00Z,page_view,a2\n2026-03-06T11:00:00Z,click,a2\n");
        var path = folder.Write("journey.json", Definition);
        var journey = Journey.Load(path);
        var ex = Assert.Throws<InvalidDataException>(() => journey.Month("2026-03"));
        Assert.DoesNotContain("1970", ex.Message);
        Assert.StartsWith("nothing to report: none of the 3 accepted rows was placed in a stage", ex.Message);
        Assert.Contains("'web: page_view' (2 rows), 'web: click' (1 row)", ex.Message);
        Assert.Throws<InvalidDataException>(() => journey.Month(null));
    }

    private static global::JourneyInsights.Definition.JourneyDefinition Definition_(string path) => global::JourneyInsights.Definition.JourneyDefinition.Load(path);
}
