using JourneyInsights.Journeys;
using JourneyInsights.Metrics;

namespace JourneyInsights.Tests.Metrics;

/// <summary>
/// Counting by session (<c>funnel.countBy: "session"</c>) on six customers written by hand, on
/// <see cref="FunnelOptionsJourney"/>'s definition (Visit → Pricing → Order → Onboarded; Payment error does not enter).
/// Each customer is one device (no user ids); a session is its id on one device. UTC, 2026:
///   u1  session 1: visit 03-01 10:00, pricing 10:10;  session 2: pricing 03-02 10:00, order 10:05
///   u2  session 1: visit 03-03 10:00, pricing 10:05, order 10:10, onboarded 10:20;  session 2: visit 03-04 10:00
///   u3  session 7: visit 03-05 10:00, pricing 10:05, payment error 10:07, order 10:10
///   u4  session 7 (the same id as u3's, on another device): visit 03-06 10:00
///   u5  visit 03-07 10:00 without a session id; session 9: pricing 03-07 10:05
///   u6  session 1 (the same id as u1's): visit 03-31 23:50, pricing 04-01 00:05 (the session runs into April)
/// </summary>
public class SessionFunnelTests
{
    internal const string Events = """
        timestamp,event,anonymous_id,user_id,page,source,medium,device,region,session_id
        2026-03-01T10:00:00Z,visit,u1,,/,google,organic,desktop,US,1
        2026-03-01T10:10:00Z,pricing,u1,,/pricing,google,organic,desktop,US,1
        2026-03-02T10:00:00Z,pricing,u1,,/pricing,google,organic,desktop,US,2
        2026-03-02T10:05:00Z,purchase,u1,,/checkout/done,google,organic,desktop,US,2
        2026-03-03T10:00:00Z,visit,u2,,/,google,organic,desktop,US,1
        2026-03-03T10:05:00Z,pricing,u2,,/pricing,google,organic,desktop,US,1
        2026-03-03T10:10:00Z,purchase,u2,,/checkout/done,google,organic,desktop,US,1
        2026-03-03T10:20:00Z,onboarded,u2,,/app,google,organic,desktop,US,1
        2026-03-04T10:00:00Z,visit,u2,,/,google,organic,desktop,US,2
        2026-03-05T10:00:00Z,visit,u3,,/,google,organic,desktop,US,7
        2026-03-05T10:05:00Z,pricing,u3,,/pricing,google,organic,desktop,US,7
        2026-03-05T10:07:00Z,payment_error,u3,,/checkout,google,organic,desktop,US,7
        2026-03-05T10:10:00Z,purchase,u3,,/checkout/done,google,organic,desktop,US,7
        2026-03-06T10:00:00Z,visit,u4,,/,google,organic,desktop,US,7
        2026-03-07T10:00:00Z,visit,u5,,/,google,organic,desktop,US,
        2026-03-07T10:05:00Z,pricing,u5,,/pricing,google,organic,desktop,US,9
        2026-03-31T23:50:00Z,visit,u6,,/,google,organic,desktop,US,1
        2026-04-01T00:05:00Z,pricing,u6,,/pricing,google,organic,desktop,US,1

        """;

    internal static Journey Load(TestFolder folder, string funnel = "\"countBy\": \"session\"")
    {
        folder.Write("events.csv", Events);
        return Journey.Load(folder.Write("journey.json", FunnelOptionsJourney.Definition(funnel)));
    }

    [Fact]
    public void Each_session_is_a_funnel_attempt_of_its_own()
    {
        using var folder = new TestFolder();
        var journey = Load(folder);
        // Customers (March cohort): u1 A C P (pricing and order in another session still count for the customer), u2 A C P R,
        // u3 A C P, u4 A, u5 A C, u6 A C (visit 03-31): Awareness 6, Consideration 5, Purchase 3, Retention 1.
        Assert.Equal([6L, 5L, 3L, 1L], journey.Funnel("2026-03").Stages.Select(s => s.Customers));
        // Sessions of March (the month of their first visit): u1/1 A C; u2/1 A C P R; u2/2 A; u3/7 A C P; u4/7 A (not u3's
        // session: the id is per device); u6/1 A C (its pricing on 04-01 is in the same session). Not in the funnel: u1/2
        // and u5/9 (no visit in them), u5's visit (no session id).
        // Awareness 6; Consideration u1/1 u2/1 u3/7 u6/1 = 4; Purchase u2/1 u3/7 = 2; Retention u2/1 = 1.
        var sessions = journey.SessionFunnel("2026-03");
        Assert.Equal([6L, 4L, 2L, 1L], sessions.Stages.Select(s => s.Customers));
        Assert.Equal(4.0 / 6, sessions.Stages[1].ConversionFromPrevious!.Value, 9);
        Assert.Equal(1.0 / 6, sessions.FinalConversion!.Value, 9);
        Assert.True(journey.SessionTimelines!.BySession);
        Assert.Equal(8, journey.SessionTimelines.Units); // u1/1 u1/2 u2/1 u2/2 u3/7 u4/7 u5/9 u6/1
    }

    [Fact]
    public void Session_funnel_follows_the_funnel_rules()
    {
        using var folder = new TestFolder();
        var journey = Load(folder, "\"countBy\": \"session\", \"exclusions\": [ { \"touchpoint\": \"Payment error\", \"from\": \"Consideration\", \"to\": \"Purchase\" } ]");
        // u3/7's payment error (10:07) lies between its pricing (10:05) and its order (10:10): the session leaves at Purchase.
        Assert.Equal([6L, 4L, 1L, 1L], journey.SessionFunnel("2026-03").Stages.Select(s => s.Customers));
        Assert.Equal([6L, 5L, 2L, 1L], journey.Funnel("2026-03").Stages.Select(s => s.Customers)); // the customer u3 too
    }

    [Fact]
    public void The_report_counts_sessions_beside_customers_and_says_so()
    {
        using var folder = new TestFolder();
        var report = JourneyReport.Compute(Load(folder), "2026-03");
        Assert.Equal([6L, 5L, 3L, 1L], report.Funnel.Stages.Select(s => s.Customers));
        Assert.Equal([6L, 4L, 2L, 1L], report.SessionFunnel!.Stages.Select(s => s.Customers));
        Assert.Equal("this cohort; per session (session id held constant)", report.SessionFunnel.Basis.Text);
        Assert.Null(report.FunnelRules); // counting by session alone leaves the customer figures' rules at the default
        var json = global::JourneyInsights.Reporting.Json.SummaryJson.Serialize(report);
        Assert.Contains("\"sessionFunnel\": {", json);
        Assert.Contains("\"basis\": \"this cohort; per session (session id held constant)\"", json);
    }

    [Fact]
    public void Without_count_by_session_the_session_id_is_not_read()
    {
        using var folder = new TestFolder();
        var journey = Load(folder, "");
        Assert.Null(journey.Data.Touchpoints.Session);
        Assert.Null(journey.SessionTimelines);
        Assert.Throws<InvalidOperationException>(() => journey.SessionFunnel("2026-03"));
        Assert.Null(JourneyReport.Compute(journey, "2026-03").SessionFunnel);
    }

    [Fact]
    public void Count_by_session_without_a_session_column_is_a_clear_error()
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", FunnelOptionsJourney.Events); // generic events without the session_id column
        var path = folder.Write("journey.json", FunnelOptionsJourney.Definition("\"countBy\": \"session\""));
        var ex = Assert.Throws<InvalidDataException>(() => Journey.Load(path));
        Assert.Contains("no analytics event has a session id (is the column missing?)", ex.Message);
        Assert.Contains("events.csv", ex.Message);
        // journey validate says so before any report: an error naming the file.
        var issue = Assert.Single(global::JourneyInsights.Definition.ValidationChecks.Run(global::JourneyInsights.Sources.SourceSet.Load(
            global::JourneyInsights.Definition.JourneyDefinition.Load(path))), i => i.Rule == "no-session-id");
        Assert.Equal(global::JourneyInsights.Definition.IssueSeverity.Error, issue.Severity);
        Assert.Equal("$.funnel.countBy", issue.Path);
        Assert.Contains("no row of 'events.csv' has a session id", issue.Message);
        folder.Write("journey.json", FunnelOptionsJourney.Definition("\"countBy\": \"visit\""));
        var bad = Assert.Throws<global::JourneyInsights.Sources.JourneyDefinitionException>(() => Journey.Load(path));
        Assert.Contains("$.funnel.countBy", bad.Message);
        Assert.Contains("expected 'customer' or 'session', found 'visit'", bad.Message);
    }
}
