using JourneyInsights.Journeys;

namespace JourneyInsights.Tests.Metrics;

/// <summary>
/// Exclusion steps on touchpoint rules without a stage (<c>"stage": null</c>): an analytics event (Login), a CRM
/// milestone (Sales call, the generic contacts' <c>sql</c> date) and a survey (Support chat). Their records are not
/// touchpoints, yet an exclusion naming them must see them (docs/metrics.md, "Exclusion steps").
/// Stages Awareness (visit) → Consideration (pricing) → Purchase (purchase). March 2026, UTC, 10:00 unless noted:
///   u1  visit 03-01, login 03-01 12:00 (between visit and pricing), pricing 03-02, purchase 03-03
///   u2  visit 03-01, pricing 03-02, login 03-02 12:00 (between pricing and purchase), purchase 03-03
///   u3  login 03-01 09:00 (before the visit), visit 03-01, pricing 03-02, purchase 03-03
///   u4  visit 03-01, pricing and login both 03-02 10:00 (a tie: not strictly between), purchase 03-03
///   u5  (user 105) visit 03-01, pricing 03-02, purchase 03-03; CRM contact 105 reached sql 03-01 15:00 (between visit and pricing)
///   u6  (user 106) visit 03-01, pricing 03-02, purchase 03-03; a Support chat answer of 106 on 03-02 18:00 (between pricing and purchase)
/// Every customer reaches all three stages without exclusions: 6, 6, 6. Unstaged records: 4 logins, 1 sql milestone,
/// 1 survey answer = 6, with or without exclusions; touchpoints placed: 6 visits + 6 pricings + 6 purchases = 18.
/// </summary>
public class StagelessExclusionTests
{
    private const string Events = """
        timestamp,event,anonymous_id,user_id,page,source,medium,device,region
        2026-03-01T10:00:00Z,visit,u1,,/,google,organic,desktop,US
        2026-03-01T12:00:00Z,login,u1,,/login,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,u1,,/pricing,google,organic,desktop,US
        2026-03-03T10:00:00Z,purchase,u1,,/checkout/done,google,organic,desktop,US
        2026-03-01T10:00:00Z,visit,u2,,/,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,u2,,/pricing,google,organic,desktop,US
        2026-03-02T12:00:00Z,login,u2,,/login,google,organic,desktop,US
        2026-03-03T10:00:00Z,purchase,u2,,/checkout/done,google,organic,desktop,US
        2026-03-01T09:00:00Z,login,u3,,/login,google,organic,desktop,US
        2026-03-01T10:00:00Z,visit,u3,,/,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,u3,,/pricing,google,organic,desktop,US
        2026-03-03T10:00:00Z,purchase,u3,,/checkout/done,google,organic,desktop,US
        2026-03-01T10:00:00Z,visit,u4,,/,google,organic,desktop,US
        2026-03-02T10:00:00Z,login,u4,,/login,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,u4,,/pricing,google,organic,desktop,US
        2026-03-03T10:00:00Z,purchase,u4,,/checkout/done,google,organic,desktop,US
        2026-03-01T10:00:00Z,visit,u5,105,/,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,u5,105,/pricing,google,organic,desktop,US
        2026-03-03T10:00:00Z,purchase,u5,105,/checkout/done,google,organic,desktop,US
        2026-03-01T10:00:00Z,visit,u6,106,/,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,u6,106,/pricing,google,organic,desktop,US
        2026-03-03T10:00:00Z,purchase,u6,106,/checkout/done,google,organic,desktop,US

        """;

    private const string Contacts = """
        crm_id,email,created_at,persona,region,sql
        105,u5@example.com,2026-03-01T10:00:00Z,Agency,United States,2026-03-01T15:00:00Z
        106,u6@example.com,2026-03-01T10:00:00Z,Agency,United States,

        """;

    private const string Responses = """
        response_id,timestamp,crm_id,email,survey,nps,csat,ces,emotion,comment
        R1,2026-03-02T18:00:00Z,106,,Support chat,,4,,,

        """;

    private static string Definition(string exclusions) => $$"""
        {
          "name": "Stage-less exclusions",
          "reportTimeZone": "UTC",
          "sources": [
            { "name": "web", "kind": "Analytics", "path": "events.csv", "columnMap": "generic-events" },
            { "name": "crm", "kind": "Crm", "path": "contacts.csv", "columnMap": "generic-contacts" },
            { "name": "survey", "kind": "Survey", "path": "responses.csv", "columnMap": "generic-survey" }
          ],
          "stages": [ { "name": "Awareness" }, { "name": "Consideration" }, { "name": "Purchase" } ],
          "touchpoints": [
            { "name": "Login", "stage": null, "when": { "events": ["login"] } },
            { "name": "Sales call", "stage": null, "when": { "milestones": ["sql"] } },
            { "name": "Support chat", "stage": null, "when": { "surveys": ["Support chat"] } },
            { "name": "Visit", "stage": "Awareness", "when": { "events": ["visit"] } },
            { "name": "Pricing", "stage": "Consideration", "when": { "events": ["pricing"] } },
            { "name": "Order", "stage": "Purchase", "when": { "events": ["purchase"] } }
          ],
          "funnel": { "conversionWindowDays": 30, "minSampleSize": 3{{(exclusions.Length > 0 ? ", \"exclusions\": [ " + exclusions + " ]" : "")}} },
          "personas": ["Agency"]
        }
        """;

    private static Journey Load(TestFolder folder, string exclusions = "")
    {
        folder.Write("events.csv", Events);
        folder.Write("contacts.csv", Contacts);
        folder.Write("responses.csv", Responses);
        return Journey.Load(folder.Write("journey.json", Definition(exclusions)));
    }

    private static long[] Counts(Journey journey) => journey.Funnel("2026-03").Stages.Select(s => s.Customers).ToArray();

    [Fact]
    public void Without_exclusions_everyone_reaches_purchase()
    {
        using var folder = new TestFolder();
        var journey = Load(folder);
        Assert.Equal([6L, 6L, 6L], Counts(journey));
        Assert.Equal(18, journey.Data.Placement.Placed);
        Assert.Equal(6, journey.Data.Placement.Unstaged);
    }

    [Fact]
    public void An_exclusion_on_a_stageless_event_makes_the_customer_leave_at_the_next_stage()
    {
        using var folder = new TestFolder();
        var journey = Load(folder, """{ "touchpoint": "Login", "from": "Awareness", "to": "Consideration" }""");
        // Awareness → Consideration only: u1 (login 03-01 12:00, visit 03-01 10:00 < login < pricing 03-02) counts at
        // Awareness, not at Consideration nor Purchase. Not excluded: u2 (login after pricing: Consideration → Purchase is
        // outside the range), u3 (login before the visit), u4 (login at the very instant of pricing: not strictly before it).
        // Awareness 6; Consideration 6 - u1 = 5; Purchase 5.
        Assert.Equal([6L, 5L, 5L], Counts(journey));
        var f = journey.Funnel("2026-03");
        Assert.Equal(1L, f.Stages[1].DropOff);                                    // 6 - 5: u1
        Assert.Equal(5.0 / 6, f.Stages[1].ConversionFromPrevious!.Value, 9);      // 0.833333
        // The login records stay out of the touchpoints and are still counted as unstaged.
        Assert.Equal(18, journey.Data.Placement.Placed);
        Assert.Equal(6, journey.Data.Placement.Unstaged);
        Assert.Equal(18, journey.Data.Touchpoints.Count);
        Assert.Equal(4, journey.Data.Stageless.Count); // the four logins (only Login is named by an exclusion)
    }

    [Fact]
    public void An_exclusion_without_a_range_on_a_stageless_event_applies_to_every_transition()
    {
        using var folder = new TestFolder();
        var journey = Load(folder, """{ "touchpoint": "Login" }""");
        // u1 leaves at Consideration (as above), u2 at Purchase (pricing 03-02 10:00 < login 12:00 < purchase 03-03);
        // u3 (before) and u4 (tie) still count. Awareness 6; Consideration 5; Purchase 6 - u1 - u2 = 4.
        Assert.Equal([6L, 5L, 4L], Counts(journey));
    }

    [Fact]
    public void Exclusions_on_a_stageless_milestone_and_a_stageless_survey()
    {
        using var folder = new TestFolder();
        var journey = Load(folder, """{ "touchpoint": "Sales call" }, { "touchpoint": "Support chat" }""");
        // u5: sql milestone 03-01 15:00 between visit and pricing: leaves at Consideration. u6: Support chat answer
        // 03-02 18:00 between pricing and purchase: leaves at Purchase. Logins are not excluded now.
        // Awareness 6; Consideration 6 - u5 = 5; Purchase 5 - u6 = 4.
        Assert.Equal([6L, 5L, 4L], Counts(journey));
        Assert.Equal(6, journey.Data.Placement.Unstaged);
        Assert.Equal(2, journey.Data.Stageless.Count); // the milestone and the answer; the logins are not kept
    }

    [Fact]
    public void Funnel_rules_naming_a_stageless_rule_the_journey_did_not_keep_are_refused_not_ignored()
    {
        using var folder = new TestFolder();
        var journey = Load(folder); // built without exclusions: no stage-less record was kept
        var rules = FunnelRules.From(journey.Definition with
        {
            Funnel = journey.Definition.Funnel with { Exclusions = [new JourneyInsights.Definition.FunnelExclusion { Touchpoint = "Login" }] },
        });
        var ex = Assert.Throws<ArgumentException>(() => Timelines.Compute(journey.Data, rules));
        Assert.Contains("'Login'", ex.Message);
        Assert.Contains("funnel.exclusions", ex.Message);
    }
}
