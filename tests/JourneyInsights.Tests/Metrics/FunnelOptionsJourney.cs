namespace JourneyInsights.Tests.Metrics;

/// <summary>
/// Eleven customers written by hand for the funnel options (strict order, exclusion steps). Analytics only, UTC, March 2026,
/// all at 10:00 unless noted. Stages: Awareness (visit, blog) → Consideration (pricing) → Purchase (order; checkout and
/// payment error are Purchase touchpoints that do not enter it) → Retention (onboarded); login has no stage.
///   s1   visit 03-01, pricing 03-02, order 03-03, onboarded 03-04                                      (clean)
///   s2   visit 03-01, pricing 03-02, payment error 03-02 12:00, order 03-03, onboarded 03-04           (error inside Consideration → Purchase)
///   s3   visit 03-01, pricing 03-02, blog 03-02 12:00 (an Awareness entry), order 03-03               (goes back a stage)
///   s4   visit 03-01, pricing 03-02, pricing again 03-02 11:00, login 12:00, checkout 13:00, order 03-03 (repeat, unstaged, non-entry)
///   s5   visit 03-01, payment error 03-01 12:00 (inside Awareness → Consideration), pricing 03-02, order 03-03
///   s6   visit 03-01, pricing 03-02, order 03-03, payment error 03-03 12:00 (inside Purchase → Retention), onboarded 03-04
///   s7   visit, pricing, payment error and order all at 03-05 09:00 (ties: not between)
///   s8   visit 03-01, pricing 03-02, onboarded 03-02 12:00 (a later stage first), order 03-03, onboarded 03-04
///   s9   visit 03-01, pricing 03-02, payment error 03-02 12:00, never orders
///   s10  visit 03-01, blog 03-01 12:00 (a repeat of Awareness), pricing 03-02
///   s11  visit 03-06, pricing 03-07, payment error and blog at the same instant as that pricing, order 03-08 (ties: not between)
/// </summary>
internal static class FunnelOptionsJourney
{
    public const string Events = """
        timestamp,event,anonymous_id,user_id,page,source,medium,device,region
        2026-03-01T10:00:00Z,visit,s1,,/,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,s1,,/pricing,google,organic,desktop,US
        2026-03-03T10:00:00Z,purchase,s1,,/checkout/done,google,organic,desktop,US
        2026-03-04T10:00:00Z,onboarded,s1,,/app,google,organic,desktop,US
        2026-03-01T10:00:00Z,visit,s2,,/,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,s2,,/pricing,google,organic,desktop,US
        2026-03-02T12:00:00Z,payment_error,s2,,/checkout,google,organic,desktop,US
        2026-03-03T10:00:00Z,purchase,s2,,/checkout/done,google,organic,desktop,US
        2026-03-04T10:00:00Z,onboarded,s2,,/app,google,organic,desktop,US
        2026-03-01T10:00:00Z,visit,s3,,/,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,s3,,/pricing,google,organic,desktop,US
        2026-03-02T12:00:00Z,blog,s3,,/blog/a,google,organic,desktop,US
        2026-03-03T10:00:00Z,purchase,s3,,/checkout/done,google,organic,desktop,US
        2026-03-01T10:00:00Z,visit,s4,,/,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,s4,,/pricing,google,organic,desktop,US
        2026-03-02T11:00:00Z,pricing,s4,,/pricing,google,organic,desktop,US
        2026-03-02T12:00:00Z,login,s4,,/login,google,organic,desktop,US
        2026-03-02T13:00:00Z,checkout,s4,,/checkout,google,organic,desktop,US
        2026-03-03T10:00:00Z,purchase,s4,,/checkout/done,google,organic,desktop,US
        2026-03-01T10:00:00Z,visit,s5,,/,google,organic,desktop,US
        2026-03-01T12:00:00Z,payment_error,s5,,/checkout,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,s5,,/pricing,google,organic,desktop,US
        2026-03-03T10:00:00Z,purchase,s5,,/checkout/done,google,organic,desktop,US
        2026-03-01T10:00:00Z,visit,s6,,/,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,s6,,/pricing,google,organic,desktop,US
        2026-03-03T10:00:00Z,purchase,s6,,/checkout/done,google,organic,desktop,US
        2026-03-03T12:00:00Z,payment_error,s6,,/checkout,google,organic,desktop,US
        2026-03-04T10:00:00Z,onboarded,s6,,/app,google,organic,desktop,US
        2026-03-05T09:00:00Z,purchase,s7,,/checkout/done,google,organic,desktop,US
        2026-03-05T09:00:00Z,payment_error,s7,,/checkout,google,organic,desktop,US
        2026-03-05T09:00:00Z,pricing,s7,,/pricing,google,organic,desktop,US
        2026-03-05T09:00:00Z,visit,s7,,/,google,organic,desktop,US
        2026-03-01T10:00:00Z,visit,s8,,/,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,s8,,/pricing,google,organic,desktop,US
        2026-03-02T12:00:00Z,onboarded,s8,,/app,google,organic,desktop,US
        2026-03-03T10:00:00Z,purchase,s8,,/checkout/done,google,organic,desktop,US
        2026-03-04T10:00:00Z,onboarded,s8,,/app,google,organic,desktop,US
        2026-03-01T10:00:00Z,visit,s9,,/,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,s9,,/pricing,google,organic,desktop,US
        2026-03-02T12:00:00Z,payment_error,s9,,/checkout,google,organic,desktop,US
        2026-03-01T10:00:00Z,visit,s10,,/,google,organic,desktop,US
        2026-03-01T12:00:00Z,blog,s10,,/blog/b,google,organic,desktop,US
        2026-03-02T10:00:00Z,pricing,s10,,/pricing,google,organic,desktop,US
        2026-03-07T10:00:00Z,payment_error,s11,,/checkout,google,organic,desktop,US
        2026-03-07T10:00:00Z,blog,s11,,/blog/c,google,organic,desktop,US
        2026-03-07T10:00:00Z,pricing,s11,,/pricing,google,organic,desktop,US
        2026-03-06T10:00:00Z,visit,s11,,/,google,organic,desktop,US
        2026-03-08T10:00:00Z,purchase,s11,,/checkout/done,google,organic,desktop,US

        """;

    /// <summary>The definition with <paramref name="funnel"/> as the members of <c>funnel</c> (default: the window only).</summary>
    public static string Definition(string funnel = "") => $$"""
        {
          "name": "Funnel options journey",
          "reportTimeZone": "UTC",
          "sources": [ { "name": "web", "kind": "Analytics", "path": "events.csv", "columnMap": "generic-events" } ],
          "stages": [ { "name": "Awareness" }, { "name": "Consideration" }, { "name": "Purchase" }, { "name": "Retention" } ],
          "touchpoints": [
            { "name": "Login", "stage": null, "when": { "events": ["login"] } },
            { "name": "Visit", "stage": "Awareness", "when": { "events": ["visit"] } },
            { "name": "Blog", "stage": "Awareness", "when": { "events": ["blog"] } },
            { "name": "Pricing", "stage": "Consideration", "when": { "events": ["pricing"] } },
            { "name": "Checkout", "stage": "Purchase", "entry": false, "when": { "events": ["checkout"] } },
            { "name": "Payment error", "stage": "Purchase", "entry": false, "when": { "events": ["payment_error"] } },
            { "name": "Order", "stage": "Purchase", "when": { "events": ["purchase"] } },
            { "name": "Onboarded", "stage": "Retention", "when": { "events": ["onboarded"] } }
          ],
          "funnel": { "conversionWindowDays": 30, "minSampleSize": 3{{(funnel.Length > 0 ? ", " + funnel : "")}} }
        }
        """;

    public static Journey Load(TestFolder folder, string funnel = "")
    {
        folder.Write("events.csv", Events);
        return Journey.Load(folder.Write("journey.json", Definition(funnel)));
    }
}
