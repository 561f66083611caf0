using System.Globalization;
using System.Text;
using JourneyInsights.Metrics;

namespace JourneyInsights.Tests.Metrics;

/// <summary>
/// Tables split by persona keep at most <c>funnel.maxSegments</c> (20) personas and pool the rest into one "other" row:
/// the emotion table and the emotion curves (by responses), the funnel breakdown (by customers entering).
/// </summary>
public class SegmentCapTests
{
    /// <summary>
    /// 25 CRM contacts 201..225 with personas Q01..Q25 (contact 200 + k has Qk), each visiting on 2026-03-01 (the March
    /// cohort). The definition lists the personas "Q25" and "Q03" first, so the persona order is Q25, Q03, then Q01, Q02,
    /// Q04, ..., Q24 by name. Survey "Pulse" (placed at Awareness) in March, emotion label only (so the score is the
    /// label's: delighted +1, happy +0.5, neutral 0, confused −0.5, frustrated −0.75, angry −1):
    ///   Q05..Q22 (18 personas): two responses each, both happy;
    ///   Q01 happy, Q02 angry, Q03 confused, Q04 delighted, Q23 neutral, Q24 frustrated, Q25 delighted: one each.
    /// </summary>
    private static Journey Load(TestFolder folder)
    {
        var events = new StringBuilder("timestamp,event,anonymous_id,user_id,page,source,medium,device,region\n");
        var contacts = new StringBuilder("crm_id,email,created_at,persona,region\n");
        var responses = new StringBuilder("response_id,timestamp,crm_id,email,survey,nps,csat,ces,emotion,comment\n");
        string[] single = ["happy", "angry", "confused", "delighted"]; // Q01..Q04
        var r = 0;
        void Respond(int k, string emotion) =>
            responses.Append(CultureInfo.InvariantCulture, $"R{++r},2026-03-10T12:00:00Z,{200 + k},,Pulse,,,,{emotion},\n");
        for (var k = 1; k <= 25; k++)
        {
            events.Append(CultureInfo.InvariantCulture, $"2026-03-01T10:00:00Z,visit,a{k},{200 + k},/,google,organic,desktop,US\n");
            contacts.Append(CultureInfo.InvariantCulture, $"{200 + k},,2026-03-01T09:00:00Z,Q{k:00},US\n");
            if (k is >= 5 and <= 22) { Respond(k, "happy"); Respond(k, "happy"); }
            else Respond(k, k <= 4 ? single[k - 1] : k switch { 23 => "neutral", 24 => "frustrated", _ => "delighted" });
        }
        folder.Write("events.csv", events.ToString());
        folder.Write("contacts.csv", contacts.ToString());
        folder.Write("responses.csv", responses.ToString());
        return Journey.Load(folder.Write("journey.json", """
            {
              "name": "Twenty-five personas",
              "reportTimeZone": "UTC",
              "sources": [
                { "name": "web", "kind": "Analytics", "path": "events.csv", "columnMap": "generic-events" },
                { "name": "crm", "kind": "Crm", "path": "contacts.csv", "columnMap": "generic-contacts" },
                { "name": "survey", "kind": "Survey", "path": "responses.csv", "columnMap": "generic-survey" }
              ],
              "stages": [ { "name": "Awareness" }, { "name": "Consideration" } ],
              "touchpoints": [
                { "name": "Visit", "stage": "Awareness", "when": { "events": ["visit"] } },
                { "name": "Pricing", "stage": "Consideration", "when": { "events": ["pricing"] } },
                { "name": "Pulse survey", "stage": "Awareness", "entry": false, "when": { "surveys": ["Pulse"] } }
              ],
              "funnel": { "conversionWindowDays": 30, "minSampleSize": 3 },
              "personas": ["Q25", "Q03"]
            }
            """));
    }

    [Fact]
    public void Emotion_by_persona_keeps_the_twenty_personas_with_the_most_responses_and_pools_five()
    {
        using var folder = new TestFolder();
        var report = Load(folder).Report("2026-03");

        // Most responses first: the 18 personas Q05..Q22 with two each; then two of the seven with one (Q25, Q03, Q01,
        // Q02, Q04, Q23, Q24 in persona order): Q25 and Q03. Shown in persona order (Q25, Q03, then by name), "other" last.
        string[] shown = ["Q25", "Q03", .. Enumerable.Range(5, 18).Select(k => $"Q{k:00}"), "(other: 5 values)"];
        Assert.Equal(shown, report.EmotionByPersona.Select(e => e.Group));
        Assert.Equal(1, report.EmotionByPersona[0].Responses);
        Assert.Equal(1.0, report.EmotionByPersona[0].MeanScore!.Value, 12);       // Q25: delighted
        Assert.Equal(-0.5, report.EmotionByPersona[1].MeanScore!.Value, 12);      // Q03: confused
        Assert.Equal(2, report.EmotionByPersona[2].Responses);                    // Q05: two happy
        Assert.Equal(0.5, report.EmotionByPersona[2].MeanScore!.Value, 12);
        // other = Q01 happy, Q02 angry, Q04 delighted, Q23 neutral, Q24 frustrated: 5 responses,
        // mean (0.5 − 1 + 1 + 0 − 0.75) / 5 = −0.25 / 5 = −0.05; negative share 2 / 5 (angry, frustrated) = 0.4.
        var other = report.EmotionByPersona[^1];
        Assert.Equal(5, other.Responses);
        Assert.Equal(-0.05, other.MeanScore!.Value, 12);
        Assert.Equal(0.4, other.NegativeShare!.Value, 12);
        // 18 × 2 + 7 × 1 = 43 responses in all: the 38 of the shown rows and the 5 pooled.
        Assert.Equal(43, report.EmotionByPersona.Sum(e => e.Responses));

        var cap = report.SegmentCaps.Single(c => c.Table == SegmentCap.EmotionByPersona);
        Assert.Equal(("persona", 25, 20, 5, true), (cap.Dimension, cap.Values, cap.Cap, cap.OtherValues, cap.Capped));
    }

    [Fact]
    public void The_emotion_curves_pool_the_same_five_and_the_breakdown_pools_by_customers_entering()
    {
        using var folder = new TestFolder();
        var report = Load(folder).Report("2026-03");

        // Curves: all customers, then the same 20 personas (responses in the one-month window are those above), then other.
        Assert.Equal(["All customers", "Q25", "Q03", .. Enumerable.Range(5, 18).Select(k => $"Q{k:00}"), "(other: 5 values)"],
            report.Curves.Select(c => c.Group));
        var other = report.Curves[^1].Stages;
        Assert.Equal(5, other[0].Responses);                        // every Pulse response is placed at Awareness
        Assert.Equal(-0.05, other[0].MeanScore!.Value, 12);
        Assert.Equal(0, other[1].Responses);
        Assert.Equal(43, report.Curves[0].Stages[0].Responses);     // all customers: every response
        Assert.Contains(report.SegmentCaps, c => c is { Table: SegmentCap.EmotionCurves, Values: 25, Cap: 20, OtherValues: 5 });

        // The funnel breakdown ranks by customers entering: one each, so by name Q01..Q20 stay and Q21..Q25 are pooled
        // (5 customers entering).
        var personas = report.Breakdowns.Single(b => b.Dimension == "persona");
        Assert.Equal([.. Enumerable.Range(1, 20).Select(k => $"Q{k:00}"), "(other: 5 values)"], personas.Segments.Select(s => s.Segment));
        Assert.Equal(5, personas.Segments[^1].Entered);
        Assert.Contains(report.SegmentCaps, c => c is { Table: SegmentCap.Breakdowns, Dimension: "persona", Values: 25, OtherValues: 5 });
        // channel has one value (google / organic → no rule: "google / organic"): not capped
        Assert.Contains(report.SegmentCaps, c => c is { Table: SegmentCap.Breakdowns, Dimension: "channel", Values: 1, Capped: false });
    }

    [Fact]
    public void Under_the_cap_every_persona_keeps_its_row_in_persona_order()
    {
        using var folder = new TestFolder();
        var journey = Load(folder);
        // cap 25: nothing pooled; the order is the definition's personas, then by name (as before the cap existed),
        // including personas without responses in the month (none here).
        var (rows, cap) = EmotionAnalysis.ByPersona(journey.Data, journey.Month("2026-03"), 25);
        Assert.Equal(["Q25", "Q03", "Q01", "Q02", .. Enumerable.Range(4, 21).Select(k => $"Q{k:00}")], rows.Select(e => e.Group));
        Assert.False(cap.Capped);
        // cap 1: Q05 (the first of the two-response personas in persona order) stays; 24 pooled, 43 − 2 = 41 responses.
        (rows, cap) = EmotionAnalysis.ByPersona(journey.Data, journey.Month("2026-03"), 1);
        Assert.Equal(["Q05", "(other: 24 values)"], rows.Select(e => e.Group));
        Assert.Equal(41, rows[1].Responses);
        Assert.Equal(24, cap.OtherValues);
    }
}
