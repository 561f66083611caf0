using System.Text.Json;
using System.Text.RegularExpressions;
using JourneyInsights.Reporting.Json;

namespace JourneyInsights.Reporting.Tests;

public class SummaryJsonTests(SampleReport sample) : IClassFixture<SampleReport>
{
    [Fact]
    public void Same_report_gives_identical_bytes()
    {
        var again = Metrics.JourneyReport.Compute(sample.Journey, "2026-08");
        Assert.Equal(SummaryJson.Serialize(sample.Report), SummaryJson.Serialize(again));
    }

    [Fact]
    public void A_persona_is_not_given_a_conversion_before_the_stage_where_it_becomes_known()
    {
        // data-samples/journey.json: persona comes from the CRM, whose first milestones (lead, mql) place Consideration.
        // A persona's Awareness → Consideration "conversion" would be 100 % (only those who went on have a persona), so
        // summary.json gives none there and says why; from Consideration → Purchase on the persona's figures are real.
        using var doc = JsonDocument.Parse(SummaryJson.Serialize(sample.Report));
        var segments = doc.RootElement.GetProperty("segments").EnumerateArray().ToList();
        var personas = segments.Where(s => s.GetProperty("dimension").GetString() == "persona").ToList();
        Assert.NotEmpty(personas);
        foreach (var persona in personas)
        {
            Assert.Equal("Consideration", persona.GetProperty("knownFromStage").GetString());
            var stages = persona.GetProperty("funnel").GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
            Assert.True(stages["Consideration"].GetProperty("segmentNotKnownYet").GetBoolean());
            Assert.Equal(JsonValueKind.Null, stages["Consideration"].GetProperty("conversionFromPrevious").ValueKind);
            Assert.False(stages["Purchase"].GetProperty("segmentNotKnownYet").GetBoolean());
            Assert.Equal(JsonValueKind.Number, stages["Purchase"].GetProperty("conversionFromPrevious").ValueKind);
        }
        // a channel is known from the first touch
        Assert.All(segments.Where(s => s.GetProperty("dimension").GetString() == "channel"),
            s => Assert.Equal(JsonValueKind.Null, s.GetProperty("knownFromStage").ValueKind));
    }

    [Fact]
    public void Figures_are_numbers_equal_to_the_metric_results()
    {
        using var doc = JsonDocument.Parse(SummaryJson.Serialize(sample.Report));
        var root = doc.RootElement;
        Assert.Equal("1.3", root.GetProperty("schemaVersion").GetString());
        Assert.Equal("2026-08", root.GetProperty("month").GetString());
        var stages = root.GetProperty("funnel").GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(sample.Report.Funnel.Stages.Select(s => s.Customers), stages.Select(s => s.GetProperty("customers").GetInt64()));
        // rates are fractions 0-1, rounded to 6 decimals
        var conversion = stages[2].GetProperty("conversionFromPrevious");
        Assert.Equal(JsonValueKind.Number, conversion.ValueKind);
        Assert.Equal(Math.Round(sample.Report.Funnel.Stages[2].ConversionFromPrevious!.Value, 6), conversion.GetDouble());
        Assert.InRange(conversion.GetDouble(), 0, 1);
        var top = root.GetProperty("painPoints")[0];
        Assert.Equal("Consideration → Purchase", top.GetProperty("name").GetString());
        var quality = root.GetProperty("dataQuality").GetProperty("sources").EnumerateArray()
            .Select(s => (s.GetProperty("rowsRead").GetInt64(), s.GetProperty("rowsAccepted").GetInt64(), s.GetProperty("rowsRejected").GetInt64()));
        Assert.Equal(sample.Report.DataQuality.Select(q => (q.RowsRead, q.RowsAccepted, q.RowsRejected)), quality);
        // The sample CRM export is an older HubSpot one: of the preset's six milestone columns it lacks the sql and
        // evangelist ones (warned, not silent); the GA4 and Qualtrics files have every mapped column, and the Qualtrics
        // ImportId zone is the source's own (America/Denver), so they carry no warning.
        var warnings = root.GetProperty("dataQuality").GetProperty("sources").EnumerateArray()
            .ToDictionary(s => s.GetProperty("source").GetString()!, s => s.GetProperty("warnings").EnumerateArray()
                .Select(w => (w.GetProperty("rule").GetString(), w.GetProperty("column").GetString())).ToList());
        Assert.Empty(warnings["web"]);
        Assert.Empty(warnings["survey"]);
        Assert.Equal([("missing-column", "Date entered \"Sales Qualified Lead (Lifecycle Stage Pipeline)\""),
                      ("missing-column", "Date entered \"Evangelist (Lifecycle Stage Pipeline)\"")], warnings["crm"]);
        Assert.Equal(sample.Report.Identity.Customers, root.GetProperty("dataQuality").GetProperty("identity").GetProperty("customers").GetInt64());
    }

    [Fact]
    public void Findings_headlines_and_pain_points_carry_their_tests_and_basis()
    {
        using var doc = JsonDocument.Parse(SummaryJson.Serialize(sample.Report));
        var root = doc.RootElement;
        Assert.Equal(sample.Report.TestCount, root.GetProperty("testCount").GetInt32());
        var findings = root.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(sample.Report.Findings.Select(f => (f.Rank, f.Kind, f.Text)),
            findings.Select(f => (f.GetProperty("rank").GetInt32(), f.GetProperty("kind").GetString()!, f.GetProperty("text").GetString()!)));
        Assert.All(findings, f => Assert.True(f.GetProperty("significant").GetBoolean()));
        Assert.All(findings, f => Assert.True(f.GetProperty("adjustedPValue").GetDouble() >= f.GetProperty("pValue").GetDouble()));
        var final = root.GetProperty("headlines")[1];
        Assert.Equal("Final conversion", final.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Number, final.GetProperty("pValue").ValueKind);
        Assert.Equal(sample.Report.Headlines[1].Significant, final.GetProperty("significant").GetBoolean());
        Assert.Contains("cohort", final.GetProperty("basis").GetString());
        var top = root.GetProperty("painPoints")[0];
        Assert.Equal(Math.Round(sample.Report.PainPoints[0].ExcessLost!.Value, 6), top.GetProperty("excessLost").GetDouble());
        Assert.Equal(sample.Report.PainPoints[0].InProgress, top.GetProperty("inProgress").GetInt64());
        Assert.Equal(JsonValueKind.Number, top.GetProperty("pValue").ValueKind);
    }

    [Fact]
    public void Paths_of_every_transition_are_written_with_shares_adding_up_and_the_focus_named()
    {
        using var doc = JsonDocument.Parse(SummaryJson.Serialize(sample.Report));
        var paths = doc.RootElement.GetProperty("paths");
        Assert.Equal(sample.Report.PathFocus!.Transition!.Text, paths.GetProperty("focus").GetString());
        Assert.Equal((3, 6), (paths.GetProperty("steps").GetInt32(), paths.GetProperty("top").GetInt32()));
        var transitions = paths.GetProperty("transitions").EnumerateArray().ToList();
        Assert.Equal(sample.Report.Stages.Count - 1, transitions.Count);
        for (var k = 0; k < transitions.Count; k++)
        {
            var t = transitions[k];
            Assert.Equal($"{sample.Report.Stages[k]} → {sample.Report.Stages[k + 1]}", t.GetProperty("transition").GetString());
            // the customers are those of the funnel at stage k (the same cohort and cut)
            Assert.Equal(sample.Report.Funnel.Stages[k].Customers, t.GetProperty("customers").GetInt64());
            foreach (var step in t.GetProperty("steps").EnumerateArray())
            {
                var nodes = step.GetProperty("nodes").EnumerateArray().ToList();
                Assert.Equal(t.GetProperty("customers").GetInt64(), nodes.Sum(n => n.GetProperty("customers").GetInt64()));
                Assert.Equal(1.0, nodes.Sum(n => n.GetProperty("share").GetDouble()), 5);
                Assert.True(nodes.Count(n => n.GetProperty("kind").GetString() == "touchpoint") <= 6);
            }
            Assert.Contains(t.GetProperty("steps")[3].GetProperty("nodes").EnumerateArray(), n => n.GetProperty("kind").GetString() == "end" && n.GetProperty("name").GetString() == "Left the journey");
        }
    }

    [Fact]
    public void No_email_address_or_phone_number_leaves_in_the_summary()
    {
        var json = SummaryJson.Serialize(sample.Report);
        Assert.DoesNotMatch(new Regex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"), json);
        Assert.DoesNotMatch(new Regex(@"\+1 \d{3} 555"), json);
        Assert.Contains("[email]", json + JsonSerializer.Serialize(sample.Journey.Verbatims("2026-08", 50)));
    }
}
