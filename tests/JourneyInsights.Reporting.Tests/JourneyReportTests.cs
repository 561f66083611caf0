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
}
