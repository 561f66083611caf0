namespace JourneyInsights.Tests.Metrics;

/// <summary>
/// A journey of 12 customers written by hand; the expected numbers are worked out in the tests that use it.
/// Stages: Awareness (visit) → Consideration (pricing) → Purchase (purchase; checkout does not count) → Retention (onboarded).
/// Conversion window 30 days, report time zone UTC.
///
/// March cohort (first visit in 2026-03), UTC, all 10:00 unless noted:
///   a1   visit 03-01, pricing 03-02, purchase 03-05 (user 101), onboarded 03-06; second device a1-phone logs in as 101 on 03-03
///   a2   visit 03-02, pricing 03-04, purchase 03-10 (user 102)
///   a3   pricing 03-03 22:00 written BEFORE its visit 03-03 (out of order in the file)
///   a4   visit 03-04, pricing 03-05 and again 03-08 (stage reached twice), purchase 03-09 (user 104), onboarded 03-12
///   a5   visit 03-05, purchase 03-06 BEFORE pricing 03-07 (ordered funnel: purchase does not count)
///   a6   visit 03-06 00:00:00, pricing 01:00, purchase 04-05 00:00:01 (one second past the 30-day window)
///   a7   visit 03-07 00:00:00, pricing 03-08 00:00, purchase 04-06 00:00:00 (exactly 30 days: counts) (user 107)
///   a8   visit 03-08 only;  a9 visit 03-09 only
///   a10  visit, pricing and purchase all at 03-10 09:00 (ties count) (user 110)
/// April cohort: a11 visit 04-02, pricing 04-03.
/// CRM: 101 Freelancer, 102 Agency (a2@example.com), 104 Freelancer, 107 Agency, 110 Agency, 120 Agency (no analytics).
/// Surveys: R1 101 post-purchase 9/5/6/happy; R2 by e-mail " A2@Example.com " post-purchase 3/2/2/frustrated with a phone number;
///   R3 104 onboarding CSAT 4 confused with an e-mail; R4 crm 999 (no customer) post-purchase NPS 10;
///   R5 107 general NPS 7 on 03-08 12:00 (no survey rule: placed at the stage reached then, Consideration); R6 120 general NPS 0 in April.
/// </summary>
internal static class HandMadeJourney
{
    public const string Events = """
        timestamp,event,anonymous_id,user_id,page,source,medium,device,region
        2026-03-01T10:00:00Z,visit,a1,,/,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,a1,,/pricing,google,organic,desktop,US
        2026-03-03T10:00:00Z,login,a1-phone,101,/login,(direct),(none),mobile,US
        2026-03-03T10:00:00Z,visit,a1-phone,101,/,(direct),(none),mobile,US
        2026-03-05T10:00:00Z,checkout,a1,101,/checkout,google,organic,desktop,US
        2026-03-05T10:00:00Z,purchase,a1,101,/checkout/done,google,organic,desktop,US
        2026-03-06T10:00:00Z,onboarded,a1,101,/app,google,organic,desktop,US
        2026-03-02T10:00:00Z,visit,a2,,/,tiktok,paid_social,mobile,GB
        2026-03-04T10:00:00Z,pricing,a2,,/pricing,tiktok,paid_social,mobile,GB
        2026-03-10T10:00:00Z,purchase,a2,102,/checkout/done,tiktok,paid_social,mobile,GB
        2026-03-03T22:00:00Z,pricing,a3,,/pricing,google,cpc,desktop,DE
        2026-03-03T10:00:00Z,visit,a3,,/,google,cpc,desktop,DE
        2026-03-04T10:00:00Z,visit,a4,,/,google,organic,desktop,US
        2026-03-05T10:00:00Z,pricing,a4,,/pricing,google,organic,desktop,US
        2026-03-08T10:00:00Z,pricing,a4,,/pricing,google,organic,desktop,US
        2026-03-09T10:00:00Z,purchase,a4,104,/checkout/done,google,organic,desktop,US
        2026-03-12T10:00:00Z,onboarded,a4,104,/app,google,organic,desktop,US
        2026-03-05T10:00:00Z,visit,a5,,/,tiktok,paid_social,mobile,US
        2026-03-06T10:00:00Z,purchase,a5,,/checkout/done,tiktok,paid_social,mobile,US
        2026-03-07T10:00:00Z,pricing,a5,,/pricing,tiktok,paid_social,mobile,US
        2026-03-06T00:00:00Z,visit,a6,,/,google,organic,desktop,FR
        2026-03-06T01:00:00Z,pricing,a6,,/pricing,google,organic,desktop,FR
        2026-04-05T00:00:01Z,purchase,a6,,/checkout/done,google,organic,desktop,FR
        2026-03-07T00:00:00Z,visit,a7,,/,newsletter,email,desktop,US
        2026-03-08T00:00:00Z,pricing,a7,,/pricing,newsletter,email,desktop,US
        2026-04-06T00:00:00Z,purchase,a7,107,/checkout/done,newsletter,email,desktop,US
        2026-03-08T10:00:00Z,visit,a8,,/,tiktok,paid_social,mobile,US
        2026-03-09T10:00:00Z,visit,a9,,/,tiktok,paid_social,mobile,US
        2026-03-10T09:00:00Z,visit,a10,,/,google,organic,desktop,US
        2026-03-10T09:00:00Z,pricing,a10,,/pricing,google,organic,desktop,US
        2026-03-10T09:00:00Z,purchase,a10,110,/checkout/done,google,organic,desktop,US
        2026-04-02T10:00:00Z,visit,a11,,/,google,organic,desktop,US
        2026-04-03T10:00:00Z,pricing,a11,,/pricing,google,organic,desktop,US

        """;

    public const string Contacts = """
        crm_id,email,created_at,persona,region
        101,a1@example.com,2026-03-05T10:00:00Z,Freelancer,United States
        102,a2@example.com,2026-03-10T10:00:00Z,Agency,United Kingdom
        104,a4@example.com,2026-03-09T10:00:00Z,Freelancer,United States
        107,a7@example.com,2026-04-06T00:00:00Z,Agency,United States
        110,a10@example.com,2026-03-10T09:00:00Z,Agency,United States
        120,x120@example.com,2026-04-01T10:00:00Z,Agency,Canada

        """;

    public const string Responses = """
        response_id,timestamp,crm_id,email,survey,nps,csat,ces,emotion,comment
        R1,2026-03-06T12:00:00Z,101,,Post-purchase,9,5,6,happy,"Smooth, thanks"
        R2,2026-03-11T12:00:00Z,, A2@Example.com ,Post-purchase,3,2,2,frustrated,"Card declined twice, call me at +1 415 555 0199"
        R3,2026-03-13T12:00:00Z,104,,Onboarding,,4,,confused,Where is the import? mail me: x@y.example
        R4,2026-03-20T12:00:00Z,999,,Post-purchase,10,,,,
        R5,2026-03-08T12:00:00Z,107,,General,7,,,,
        R6,2026-04-10T12:00:00Z,120,,General,0,,,,

        """;

    public static string Definition(string mode = "ordered") => $$"""
        {
          "name": "Hand-made journey",
          "reportTimeZone": "UTC",
          "sources": [
            { "name": "web", "kind": "Analytics", "path": "events.csv", "columnMap": "generic-events" },
            { "name": "crm", "kind": "Crm", "path": "contacts.csv", "columnMap": "generic-contacts" },
            { "name": "survey", "kind": "Survey", "path": "responses.csv", "columnMap": "generic-survey" }
          ],
          "stages": [ { "name": "Awareness" }, { "name": "Consideration" }, { "name": "Purchase" }, { "name": "Retention" } ],
          "touchpoints": [
            { "name": "Login", "stage": null, "when": { "events": ["login"] } },
            { "name": "Visit", "stage": "Awareness", "when": { "events": ["visit"] } },
            { "name": "Pricing", "stage": "Consideration", "when": { "events": ["pricing"] } },
            { "name": "Checkout", "stage": "Purchase", "entry": false, "when": { "events": ["checkout"] } },
            { "name": "Order", "stage": "Purchase", "when": { "events": ["purchase"] } },
            { "name": "Post-purchase survey", "stage": "Purchase", "entry": false, "when": { "surveys": ["Post-purchase"] } },
            { "name": "Onboarded", "stage": "Retention", "when": { "events": ["onboarded"] } },
            { "name": "Onboarding survey", "stage": "Retention", "entry": false, "when": { "surveys": ["Onboarding"] } }
          ],
          "funnel": { "conversionWindowDays": 30, "mode": "{{mode}}", "minSampleSize": 3 },
          "personas": ["Freelancer", "Agency"]
        }
        """;

    public static Journey Load(TestFolder folder, string mode = "ordered")
    {
        folder.Write("events.csv", Events);
        folder.Write("contacts.csv", Contacts);
        folder.Write("responses.csv", Responses);
        var path = folder.Write("journey.json", Definition(mode));
        return Journey.Load(path);
    }
}

/// <summary>
/// Two cohorts written by hand for the excess-loss ranking, on <see cref="HandMadeJourney"/>'s definition (Visit →
/// Pricing → Order → Onboarded; Checkout is a Purchase touchpoint that does not count as purchasing), no survey responses.
///   February (baseline): b1..b10 visit 02-02; b1..b8 pricing 02-03; b1..b6 order 02-04. (b7 b8 stop at pricing, b9 b10 at the visit.)
///   March (report):      m1..m10 visit 03-02; m1..m8 pricing 03-03; m1 m2 order 03-04; m3..m6 checkout 03-03 12:00 and stop;
///                        m7 m8 stop at pricing; m9 m10 at the visit.
///   z1 visits on 05-10, so the data ends after March's window (04-01 + 30 days): March is mature, nothing is cut.
/// </summary>
internal static class ExcessLossJourney
{
    public static string Events()
    {
        var rows = new List<string> { "timestamp,event,anonymous_id,user_id,page,source,medium,device,region" };
        void Add(string time, string evt, string who, string page) => rows.Add($"{time},{evt},{who},,{page},google,organic,desktop,US");
        for (var i = 1; i <= 10; i++)
        {
            Add("2026-02-02T10:00:00Z", "visit", $"b{i}", "/");
            if (i <= 8) Add("2026-02-03T10:00:00Z", "pricing", $"b{i}", "/pricing");
            if (i <= 6) Add("2026-02-04T10:00:00Z", "purchase", $"b{i}", "/checkout/done");
            Add("2026-03-02T10:00:00Z", "visit", $"m{i}", "/");
            if (i <= 8) Add("2026-03-03T10:00:00Z", "pricing", $"m{i}", "/pricing");
            if (i <= 2) Add("2026-03-04T10:00:00Z", "purchase", $"m{i}", "/checkout/done");
            if (i is >= 3 and <= 6) Add("2026-03-03T12:00:00Z", "checkout", $"m{i}", "/checkout");
        }
        Add("2026-05-10T10:00:00Z", "visit", "z1", "/");
        return string.Join("\n", rows) + "\n";
    }

    /// <summary>Loads the journey; <paramref name="responses"/> are data rows of the generic survey export (none by default).</summary>
    public static Journey Load(TestFolder folder, string responses = "")
    {
        folder.Write("events.csv", Events());
        folder.Write("contacts.csv", "crm_id,email,created_at,persona,region\n");
        folder.Write("responses.csv", "response_id,timestamp,crm_id,email,survey,nps,csat,ces,emotion,comment\n" + responses);
        return Journey.Load(folder.Write("journey.json", HandMadeJourney.Definition()));
    }
}
