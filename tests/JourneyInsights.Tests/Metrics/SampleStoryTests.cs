namespace JourneyInsights.Tests.Metrics;

/// <summary>
/// The analysis finds the three stories planted in data-samples/ (see data-samples/README.md): a checkout incident in
/// 2026-08, Freelancers failing onboarding, TikTok ads bringing visitors who do not consider.
/// </summary>
public class SampleStoryTests(SampleJourney sample) : IClassFixture<SampleJourney>
{
    private readonly Journey _journey = sample.Journey;

    [Fact]
    public void The_checkout_incident_ranks_first_among_the_months_pain_points()
    {
        var top = _journey.PainPoints("2026-08")[0];
        Assert.Equal(("transition", "Consideration → Purchase"), (top.Kind, top.Name));
        // The README measures 26.7 % vs 49.9 % from the raw rows (people with a consideration event who purchased).
        Assert.InRange(top.Rate!.Value, 0.20, 0.32);
        Assert.InRange(top.BaselineRate!.Value, 0.42, 0.58);
        // Purchase-stage emotion is markedly more negative than in the three months before.
        Assert.True(top.Negativity > 2 * top.BaselineNegativity!.Value, $"negativity {top.Negativity} vs baseline {top.BaselineNegativity}");
    }

    [Fact]
    public void The_incident_is_a_significant_drop_in_the_conversion_trend()
    {
        var change = _journey.ConversionTrend("2026-09").Changes.Single(c => c.Month == "2026-08" && c.Transition.Text == "Consideration → Purchase");
        Assert.True(change.Comparable);
        Assert.True(change.Significant, $"p = {change.PValue}");
        Assert.True(change.Change < -0.15);
    }

    [Fact]
    public void Freelancers_convert_worst_from_purchase_to_retention()
    {
        var all = global::JourneyInsights.Metrics.FunnelAnalysis.Breakdown(_journey.Data, _journey.Timelines, null, "persona");
        var rates = all.Segments.Where(s => s.Segment != "(unknown)")
            .ToDictionary(s => s.Segment!, s => s.Stages[3].ConversionFromPrevious!.Value);
        Assert.Equal("Freelancer", rates.MinBy(kv => kv.Value).Key);
        Assert.True(rates["Freelancer"] < 0.5 * rates.Where(kv => kv.Key != "Freelancer").Min(kv => kv.Value));
        // ... and their onboarding emotion is negative while others' is not.
        var curves = _journey.EmotionCurves(allData: true);
        Assert.True(curves.Single(c => c.Group == "Freelancer").Stages[3].MeanScore < 0);
        Assert.True(curves.Single(c => c.Group == "Agency").Stages[3].MeanScore > 0);
    }

    [Fact]
    public void TikTok_ads_bring_the_most_visitors_and_the_weakest_consideration()
    {
        var all = global::JourneyInsights.Metrics.FunnelAnalysis.Breakdown(_journey.Data, _journey.Timelines, null, "channel");
        Assert.Equal("TikTok ads", all.Segments[0].Segment); // ordered by customers entering
        var rates = all.Segments.Where(s => s.Segment != "(unknown)").ToDictionary(s => s.Segment!, s => s.Stages[1].ConversionFromPrevious!.Value);
        Assert.Equal("TikTok ads", rates.MinBy(kv => kv.Value).Key);
        Assert.True(rates["TikTok ads"] < 0.4 * rates.Where(kv => kv.Key != "TikTok ads").Min(kv => kv.Value));
    }

    [Fact]
    public void Every_record_is_placed_or_accounted_for()
    {
        var placement = _journey.Data.Placement;
        Assert.Empty(placement.Unmatched);
        var accepted = _journey.Sources.Reports.Sum(r => r.RowsAccepted);
        Assert.True(placement.Placed + placement.Unstaged >= accepted - _journey.Data.Identity.ResponsesUnmatched);
    }
}
