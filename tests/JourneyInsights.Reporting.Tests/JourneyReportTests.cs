namespace JourneyInsights.Reporting.Tests;

public class JourneyReportTests(SampleReport sample) : IClassFixture<SampleReport>
{
    [Fact]
    public void The_report_carries_the_months_metrics_unchanged()
    {
        var r = sample.Report;
        var funnel = sample.Journey.Funnel("2026-08");
        Assert.Equal("2026-08", r.Month);
        Assert.Equal("2026-07", r.PreviousMonth);
        Assert.Equal(funnel.Stages.Select(s => s.Customers), r.Funnel.Stages.Select(s => s.Customers));
        Assert.Equal(funnel.Entered, r.Headlines[0].Value);
        Assert.Equal(sample.Journey.Funnel("2026-07").Entered, r.Headlines[0].Previous);
        Assert.Equal(5, r.JourneyMap.Count);
        Assert.Equal(r.Funnel.Stages.Select(s => s.Customers), r.JourneyMap.Select(m => m.Customers));
        Assert.Equal(12, r.Trend.Months.Count);
        Assert.Equal("Consideration → Purchase", r.PainPoints[0].Name);
        Assert.Equal(4, r.Breakdowns.Count);
    }

    [Fact]
    public void The_journey_maps_top_pain_point_comes_from_the_excess_loss_ranking()
    {
        var r = sample.Report;
        var purchase = r.JourneyMap.Single(m => m.Stage == "Purchase");
        Assert.Equal("Consideration → Purchase", purchase.TopPainPoint);
        Assert.True(purchase.TopPainPointSignificant);
        Assert.Equal(r.PainPoints[0].ExcessLost, purchase.TopPainPointExcessLost);
        // Every stage's entry is the first pain point of that stage in the ranking that lost at least one customer more than usual.
        foreach (var stage in r.JourneyMap)
            Assert.Equal(r.PainPoints.FirstOrDefault(p => p.Stage == stage.Stage && p.ExcessLost >= 1)?.Name, stage.TopPainPoint);
    }

    [Fact]
    public void Significance_in_the_report_is_the_adjusted_one()
    {
        var r = sample.Report;
        Assert.True(r.TestCount > 50);
        // Every adjusted p-value is at least its raw one, and "significant" means adjusted p < alpha.
        foreach (var c in r.Trend.Changes.Where(c => c.PValue is not null))
        {
            Assert.True(c.AdjustedPValue >= c.PValue);
            Assert.Equal(c.AdjustedPValue < r.Alpha && c.Comparable, c.Significant);
        }
        foreach (var h in r.Headlines.Where(h => h.PValue is not null)) Assert.Equal(h.AdjustedPValue < r.Alpha, h.Significant);
        foreach (var p in r.PainPoints.Where(p => p.PValue is not null)) Assert.Equal(p.AdjustedPValue < r.Alpha && p.ExcessLost > 0, p.Significant);
        Assert.Contains(r.Trend.Changes, c => c.PValue < r.Alpha && !c.Significant); // some raw "significant" changes do not survive
    }
}
