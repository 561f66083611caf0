using System.Globalization;
using System.Text;
using System.Text.Json;
using JourneyInsights.Cli;
using JourneyInsights.Tests.Metrics;

namespace JourneyInsights.Tests.Cli;

/// <summary>A dimension with thousands of values: breakdowns stay linear and are capped, and the outputs say so.</summary>
public class ManySegmentsTests
{
    [Fact]
    public void Five_thousand_personas_are_capped_to_twenty_segments_and_other()
    {
        // 5,000 customers, each with a persona of its own (P0000..P4999), all visiting on 2026-03-01 (the March cohort);
        // the even-numbered ones also see the pricing page. Every persona has 1 customer entering, so the top 20 by
        // customers then by name are P0000..P0019, and the other 4,980 are pooled: 4,980 entering, of whom the even
        // numbers 20, 22, ..., 4998 reach Consideration: (4998 - 20) / 2 + 1 = 2,490.
        // Every customer answers one survey in March ("frustrated" for multiples of 3, else "happy"; no survey rule: placed
        // at the stage reached then), so every persona has one response: the emotion table keeps the first 20 in persona
        // order (by name: P0000..P0019) and pools 4,980 responses.
        using var folder = new TestFolder();
        var events = new StringBuilder("timestamp,event,anonymous_id,user_id,page,source,medium,device,region\n");
        var contacts = new StringBuilder("crm_id,email,created_at,persona,region\n");
        var responses = new StringBuilder("response_id,timestamp,crm_id,email,survey,nps,csat,ces,emotion,comment\n");
        for (var i = 0; i < 5000; i++)
        {
            var id = (10000 + i).ToString(CultureInfo.InvariantCulture);
            events.Append(CultureInfo.InvariantCulture, $"2026-03-01T10:00:00Z,visit,a{i},{id},/,google,organic,desktop,US\n");
            if (i % 2 == 0) events.Append(CultureInfo.InvariantCulture, $"2026-03-02T10:00:00Z,pricing,a{i},{id},/pricing,google,organic,desktop,US\n");
            contacts.Append(CultureInfo.InvariantCulture, $"{id},,2026-03-01T09:00:00Z,P{i:0000},US\n");
            responses.Append(CultureInfo.InvariantCulture, $"R{i},2026-03-20T12:00:00Z,{id},,Pulse,,,,{(i % 3 == 0 ? "frustrated" : "happy")},\n");
        }
        folder.Write("events.csv", events.ToString());
        folder.Write("contacts.csv", contacts.ToString());
        folder.Write("responses.csv", responses.ToString());
        var config = folder.Write("journey.json", HandMadeJourney.Definition());
        var reports = folder.Reports;

        var (code, _, error) = InProcessCli.Run("report", "--config", config, "--month", "2026-03", "--out", reports, "--format", "json,xlsx");

        Assert.True(code == ExitCodes.Success, error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(reports, "2026-03", "summary.json")));
        var cap = summary.RootElement.GetProperty("segmentCaps").EnumerateArray().Single(c => c.GetProperty("table").GetString() == "breakdowns" && c.GetProperty("dimension").GetString() == "persona");
        Assert.Equal(5000, cap.GetProperty("values").GetInt32());
        Assert.Equal(20, cap.GetProperty("cap").GetInt32());
        Assert.True(cap.GetProperty("capped").GetBoolean());
        Assert.Equal(4980, cap.GetProperty("otherValues").GetInt32());
        var personas = summary.RootElement.GetProperty("segments").EnumerateArray().Where(s => s.GetProperty("dimension").GetString() == "persona").ToList();
        Assert.Equal(21, personas.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"P{i:0000}").Append("(other: 4,980 values)"), personas.Select(p => p.GetProperty("segment").GetString()));
        var other = personas[^1].GetProperty("funnel").GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("customers").GetInt64()).ToList();
        Assert.Equal(4980, other[0]);
        Assert.Equal(2490, other[1]);
        // region has one value: not capped
        var region = summary.RootElement.GetProperty("segmentCaps").EnumerateArray().Single(c => c.GetProperty("table").GetString() == "breakdowns" && c.GetProperty("dimension").GetString() == "region");
        Assert.False(region.GetProperty("capped").GetBoolean());
        // the workbook says it too
        var texts = HostileTextTests.WorkbookTexts(Path.Combine(reports, "2026-03", "journey-summary-2026-03.xlsx"));
        Assert.Contains(texts, t => t.StartsWith("persona has 5,000 values in this cohort: the 20 with the most customers entering are shown, the other 4,980 are pooled", StringComparison.Ordinal));

        // Emotion by persona: 20 rows and one pooling the other 4,980 personas' 4,980 responses. Of P0020..P4999, the
        // multiples of 3 are frustrated (−0.75): 21, 24, ..., 4998 → (4998 − 21) / 3 + 1 = 1,660; the other 3,320 happy
        // (+0.5). Mean = (3,320 × 0.5 − 1,660 × 0.75) / 4,980 = (1,660 − 1,245) / 4,980 = 415 / 4,980 = 0.0833…
        var emotion = summary.RootElement.GetProperty("emotion");
        var byPersona = emotion.GetProperty("byPersona").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"P{i:0000}").Append("(other: 4,980 values)"), byPersona.Select(p => p.GetProperty("group").GetString()));
        Assert.Equal(4980, byPersona[^1].GetProperty("responses").GetInt64());
        Assert.Equal(415.0 / 4980, byPersona[^1].GetProperty("meanScore").GetDouble(), 4);
        // all customers, at most 20 personas and other: the curves stay bounded too
        Assert.InRange(emotion.GetProperty("curves").GetArrayLength(), 2, 22);
        foreach (var table in new[] { "emotionByPersona", "emotionCurves" })
        {
            var c = summary.RootElement.GetProperty("segmentCaps").EnumerateArray().Single(x => x.GetProperty("table").GetString() == table);
            Assert.Equal((5000, 20, 4980), (c.GetProperty("values").GetInt32(), c.GetProperty("cap").GetInt32(), c.GetProperty("otherValues").GetInt32()));
        }
        // Drop-off drivers and segment gaps judge the breakdown's segments only: a persona value is one of its 21.
        var segmentNames = personas.Select(p => p.GetProperty("segment").GetString()).ToHashSet();
        Assert.All(summary.RootElement.GetProperty("dropOffDrivers").EnumerateArray().Where(d => d.GetProperty("kind").GetString() == "persona"),
            d => Assert.Contains(d.GetProperty("value").GetString(), segmentNames));
        Assert.True(summary.RootElement.GetProperty("dropOffDrivers").GetArrayLength() <= 4 * 21 * 4, "drivers bounded by transitions × segments × dimensions");
        // Output size stays bounded: 5,000 personas give a summary.json of a few hundred kB, not one row per persona.
        Assert.True(new FileInfo(Path.Combine(reports, "2026-03", "summary.json")).Length < 400_000);
        Assert.Contains(texts, t => t.StartsWith("persona has 5,000 values: the 20 with the most responses this month are shown, the other 4,980 are pooled", StringComparison.Ordinal));
        // Every table of the workbook names the same 20 personas and no other (shared strings are distinct texts).
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"P{i:0000}"),
            texts.Where(t => t.Length == 5 && t[0] == 'P' && t[1..].All(char.IsAsciiDigit)).Distinct().Order(StringComparer.Ordinal));
    }
}
