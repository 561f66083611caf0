using System.Text.Json;
using JourneyInsights.Metrics;
using JourneyInsights.Tests.Cli;

namespace JourneyInsights.Tests.Metrics;

/// <summary>
/// The findings of the default monthly reports of data-samples/ (as of each month's end) tell the stories the README
/// plants: the 2026-08 checkout incident first, the Freelancer onboarding gap, and no false alarm in Final conversion.
/// </summary>
public class SampleFindingsTests(SampleJourney sample) : IClassFixture<SampleJourney>
{
    private JourneyReport ReportAtMonthEnd(string month) =>
        JourneyReport.Compute(Journey.FromSources(sample.Journey.Sources, Journey.MonthEndUtc(sample.Journey.Definition, month)), month);

    [Fact]
    public void The_default_August_report_opens_with_the_checkout_incident_significant()
    {
        using var folder = new TestFolder();
        var (code, _, error) = InProcessCli.Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", folder.Path, "--format", "json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "2026-08", "summary.json")));
        Assert.Equal("1.3", json.RootElement.GetProperty("schemaVersion").GetString());
        var first = json.RootElement.GetProperty("findings")[0];
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.Equal("conversion", first.GetProperty("kind").GetString());
        Assert.Equal("Consideration → Purchase", first.GetProperty("transition").GetString());
        Assert.True(first.GetProperty("significant").GetBoolean());
        Assert.True(first.GetProperty("adjustedPValue").GetDouble() < 0.001);
        Assert.True(first.GetProperty("change").GetDouble() < -0.15, first.GetProperty("text").GetString());
        Assert.StartsWith("Consideration → Purchase fell from ", first.GetProperty("text").GetString());
        Assert.Contains("age-matched", first.GetProperty("basis").GetString());
        // The same transition heads the pain points, with its excess loss and test.
        var pain = json.RootElement.GetProperty("painPoints")[0];
        Assert.Equal("Consideration → Purchase", pain.GetProperty("name").GetString());
        Assert.True(pain.GetProperty("excessLost").GetDouble() > 30);
        Assert.True(pain.GetProperty("significant").GetBoolean());
    }

    [Fact]
    public void The_Freelancer_onboarding_gap_is_among_the_findings_of_months_where_it_is_significant()
    {
        foreach (var month in new[] { "2026-05", "2026-10" })
        {
            var report = ReportAtMonthEnd(month);
            var gap = report.Findings.SingleOrDefault(f => f.Kind == "segmentGap" && f.Segment == "Freelancer");
            Assert.True(gap is not null, $"{month}: {string.Join(" | ", report.Findings.Select(f => f.Text))}");
            Assert.Equal(("persona", "Purchase → Retention"), (gap.Dimension, gap.Transition?.Text));
            Assert.True(gap.Value < 0.5 * gap.Baseline, gap.Text);
            Assert.True(gap.AdjustedPValue < report.Alpha && gap.AdjustedPValue >= gap.PValue);
        }
    }

    [Fact]
    public void No_month_shows_a_significant_decline_in_final_conversion()
    {
        foreach (var month in new[] { "2026-05", "2026-06", "2026-07", "2026-09", "2026-10" })
        {
            var report = ReportAtMonthEnd(month);
            var final = report.Headlines.Single(h => h.Name == "Final conversion");
            Assert.False(final.Significant && final.Change < 0, $"{month}: {final.Value} vs {final.Previous}, p {final.PValue}, adjusted {final.AdjustedPValue}");
            Assert.NotNull(final.PValue);
            Assert.DoesNotContain(report.Findings, f => f.Kind == "conversion" && f.Transition is { IsOverall: true } && f.Change < 0);
        }
    }

    [Fact]
    public void Only_the_incident_month_raises_an_alert()
    {
        // The sample plants one change over time (the 2026-08 checkout incident); TikTok and Freelancer are standing
        // segment gaps. So of the default reports 2026-03 … 2026-10 only 2026-08 holds a significant decline.
        foreach (var month in new[] { "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10" })
        {
            var alerts = ReportAtMonthEnd(month).Alerts;
            if (month == "2026-08") Assert.Equal("Consideration → Purchase", alerts[0].Transition?.Text);
            else Assert.True(alerts.Count == 0, $"{month}: {string.Join(" | ", alerts.Select(a => a.Text))}");
        }
    }
}
