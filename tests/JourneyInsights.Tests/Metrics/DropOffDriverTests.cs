using JourneyInsights.Metrics;

namespace JourneyInsights.Tests.Metrics;

public class DropOffDriverTests(SampleJourney sample) : IClassFixture<SampleJourney>
{
    [Fact]
    public void A_touchpoint_met_only_by_those_who_stopped_is_a_driver_with_its_hand_worked_odds_ratio_and_fisher_p()
    {
        using var folder = new TestFolder();
        var journey = ExcessLossJourney.Load(folder);
        var cut = CohortCut.For(journey.Period("2026-03"));
        var drivers = DropOffDriverAnalysis.Rank(journey.Data, journey.Timelines, cut, minSupport: 1)
            .Where(d => d.Transition.Text == "Consideration → Purchase").ToList();
        // March cohort at Consideration: m1..m8; reached Purchase: m1 m2. Checkout (03-03 12:00, after pricing 10:00): m3..m6.
        // Pricing is met by all 8 (nobody without it) and channel/device/region have one value: no other candidate.
        var checkout = Assert.Single(drivers);
        Assert.Equal(("touchpoint", "Checkout"), (checkout.Kind, checkout.Value));
        Assert.Equal((4L, 0L, 4L, 2L), (checkout.With, checkout.WithConverted, checkout.Without, checkout.WithoutConverted));
        // A zero cell: Haldane +0.5 everywhere: OR = (0.5 / 4.5) / (2.5 / 2.5) = 0.111111
        Assert.Equal(0.111111, checkout.OddsRatio, 5);
        // Woolf: se = sqrt(1/0.5 + 1/4.5 + 1/2.5 + 1/2.5) = sqrt(3.022222) = 1.738454; ln OR = -2.197225
        //   95 %: exp(-2.197225 ± 1.959964 × 1.738454) = exp(-5.604520), exp(1.210070) = 0.003679, 3.353596
        Assert.Equal(0.003679, checkout.OddsRatioInterval.Low, 5);
        Assert.Equal(3.3536, checkout.OddsRatioInterval.High, 3);
        // Expected count 4 × 2 / 8 = 1 < 5: Fisher. Margins 4 | 4, 2 converted: P(0) = C(4,0)C(4,2)/C(8,2) = 6/28,
        // P(1) = 16/28, P(2) = 6/28; tables no more likely than the observed (0): 0 and 2 -> 12/28 = 0.428571.
        Assert.Equal("fisher", checkout.Test);
        Assert.Equal(12.0 / 28, checkout.PValue!.Value, 6);
        Assert.False(checkout.Significant);
        // customers affected: 4 × (2/4 − 0/4) = 2
        Assert.Equal(2.0, checkout.CustomersAffected, 9);
    }

    [Fact]
    public void The_sample_planted_stories_come_out_as_drivers_of_their_transitions()
    {
        // data-samples plants TikTok ads visitors who rarely go on to Consideration, and Freelancers who rarely get
        // onboarded (Purchase → Retention). The default August report (cut at month end) finds both, significant after
        // Benjamini–Hochberg across every candidate, with odds ratios well below 1.
        var report = sample.Journey.Report("2026-08");
        var tiktok = report.DropOffDrivers.Single(d => d.Kind == "channel" && d.Value == "TikTok ads" && d.Transition.Text == "Awareness → Consideration");
        Assert.True(tiktok.Significant && tiktok.OddsRatio < 0.2 && tiktok.OddsRatioInterval.High < 1, $"{tiktok}");
        var freelancer = report.DropOffDrivers.Single(d => d.Kind == "persona" && d.Value == "Freelancer" && d.Transition.Text == "Purchase → Retention");
        Assert.True(freelancer.Significant && freelancer.OddsRatio < 0.5, $"{freelancer}");
        // persona is known only from Consideration (the CRM): never a candidate for Awareness → Consideration
        Assert.DoesNotContain(report.DropOffDrivers, d => d.Kind == "persona" && d.Transition.Text == "Awareness → Consideration");
        // every candidate has the support asked for on both sides, and the adjusted p-values are at least the raw ones
        Assert.All(report.DropOffDrivers, d =>
        {
            Assert.True(d.With >= DropOffDriverAnalysis.DefaultMinSupport && d.Without >= DropOffDriverAnalysis.DefaultMinSupport);
            Assert.True(d.AdjustedPValue >= d.PValue);
        });
    }
}
