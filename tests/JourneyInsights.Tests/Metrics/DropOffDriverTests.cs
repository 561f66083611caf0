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

    /// <summary>
    /// A payment error among those who began checking out: on <see cref="HandMadeJourney"/>'s definition plus a
    /// "Payment error" touchpoint (Purchase, not an entry), March cohort, all visit 03-02 and see pricing 03-03:
    ///   p1 p2   checkout 03-03 12:00, payment error 13:00, order 03-04   (converted despite the error)
    ///   p3..p6  checkout 03-03 12:00, order 03-04                         (converted)
    ///   p7..p10 checkout 03-03 12:00, payment error 13:00, stop
    ///   p11 p12 stop at pricing (never began Purchase)
    /// z1 visits 05-10, so March is mature (nothing cut).
    /// </summary>
    [Fact]
    public void A_payment_error_is_a_driver_among_those_who_began_checkout_but_not_among_everyone_at_consideration()
    {
        using var folder = new TestFolder();
        var rows = new List<string> { "timestamp,event,anonymous_id,user_id,page,source,medium,device,region" };
        void Add(string time, string evt, int who) => rows.Add($"2026-03-{time},{evt},p{who},,/,google,organic,desktop,US");
        for (var i = 1; i <= 12; i++)
        {
            Add("02T10:00:00Z", "visit", i);
            Add("03T10:00:00Z", "pricing", i);
            if (i <= 10) Add("03T12:00:00Z", "checkout", i);
            if (i is <= 2 or >= 7 and <= 10) Add("03T13:00:00Z", "payment_error", i);
            if (i <= 6) Add("04T10:00:00Z", "purchase", i);
        }
        rows.Add("2026-05-10T10:00:00Z,visit,z1,,/,google,organic,desktop,US");
        folder.Write("events.csv", string.Join("\n", rows) + "\n");
        folder.Write("contacts.csv", "crm_id,email,created_at,persona,region\n");
        folder.Write("responses.csv", "response_id,timestamp,crm_id,email,survey,nps,csat,ces,emotion,comment\n");
        var definition = HandMadeJourney.Definition().Replace(
            "{ \"name\": \"Order\", ",
            "{ \"name\": \"Payment error\", \"stage\": \"Purchase\", \"entry\": false, \"when\": { \"events\": [\"payment_error\"] } }, { \"name\": \"Order\", ",
            StringComparison.Ordinal);
        var journey = Journey.Load(folder.Write("journey.json", definition));
        var drivers = DropOffDriverAnalysis.Rank(journey.Data, journey.Timelines, CohortCut.For(journey.Period("2026-03")), minSupport: 1)
            .Where(d => d.Transition.Text == "Consideration → Purchase" && d.Value == "Payment error").ToList();

        // Everyone at Consideration (12, 6 converted): with the error p1 p2 p7..p10 = 6, 2 converted; without 6, 4 converted
        // (p3..p6). OR = (2 × 2) / (4 × 4) = 0.25. Expected 6 × 6 / 12 = 3 < 5: Fisher, margins 6 | 6, 6 converted, C(12,6) = 924:
        // C(6,x)·C(6,6−x) for x = 0..6 = 1, 36, 225, 400, 225, 36, 1; as likely or less than x = 2 (225): 524 / 924 = 0.567100.
        var everyone = drivers.Single(d => d.Population == DropOffDriver.AtStage);
        Assert.Equal((6L, 2L, 6L, 4L), (everyone.With, everyone.WithConverted, everyone.Without, everyone.WithoutConverted));
        Assert.Equal(0.25, everyone.OddsRatio, 9);
        Assert.Equal(524.0 / 924, everyone.PValue!.Value, 6);

        // Those who began Purchase (met Checkout or Payment error before converting: p1..p10, 6 converted): with the error 6,
        // 2 converted; without 4 (p3..p6), 4 converted. A zero cell: Haldane, OR = (2.5 × 0.5) / (4.5 × 4.5) = 0.061728.
        // Fisher, margins 6 | 4, 6 converted, C(10,6) = 210: C(6,x)·C(4,6−x) for x = 2..6 = 15, 80, 90, 24, 1; as likely or
        // less than x = 2 (15): 15 + 1 = 16 / 210 = 0.076190.
        var began = drivers.Single(d => d.Population == DropOffDriver.StartedNextStage);
        Assert.Equal((6L, 2L, 4L, 4L), (began.With, began.WithConverted, began.Without, began.WithoutConverted));
        Assert.Equal(1.25 / 20.25, began.OddsRatio, 6);
        Assert.Equal("fisher", began.Test);
        Assert.Equal(16.0 / 210, began.PValue!.Value, 6);
        Assert.Contains("who began Purchase (Checkout, Payment error)", began.Basis);
    }

    [Fact]
    public void The_sample_planted_stories_come_out_as_drivers_of_their_transitions()
    {
        // data-samples plants TikTok ads visitors who rarely go on to Consideration, Freelancers who rarely get onboarded
        // (Purchase → Retention) and an August checkout incident. The default August report (cut at month end) finds all three, significant after
        // Benjamini–Hochberg across every candidate, with odds ratios well below 1.
        var report = sample.Journey.Report("2026-08");
        var tiktok = report.DropOffDrivers.Single(d => d.Population == DropOffDriver.AtStage && d.Kind == "channel" && d.Value == "TikTok ads" && d.Transition.Text == "Awareness → Consideration");
        Assert.True(tiktok.Significant && tiktok.OddsRatio < 0.2 && tiktok.OddsRatioInterval.High < 1, $"{tiktok}");
        var freelancer = report.DropOffDrivers.Single(d => d.Population == DropOffDriver.AtStage && d.Kind == "persona" && d.Value == "Freelancer" && d.Transition.Text == "Purchase → Retention");
        Assert.True(freelancer.Significant && freelancer.OddsRatio < 0.5, $"{freelancer}");
        // The August checkout incident: among the customers at Consideration who began Purchase (met Checkout, Checkout
        // pages or Payment error), those who met a payment error converted far less often than those who did not.
        var paymentError = report.DropOffDrivers.Single(d => d.Population == DropOffDriver.StartedNextStage && d.Kind == "touchpoint"
            && d.Value == "Payment error" && d.Transition.Text == "Consideration → Purchase");
        Assert.True(paymentError.Significant && paymentError.OddsRatioInterval.High < 1, $"{paymentError}");
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

public class DriverFindingTests
{
    private static readonly Transition CtoP = new(1, "Consideration", 2, "Purchase");

    private static DropOffDriver Driver(string kind, string value, long with, long withConverted, long without, long withoutConverted, double or,
        double adjusted, string population = DropOffDriver.AtStage) => new()
    {
        Transition = CtoP, Population = population, Kind = kind, Value = value, With = with, WithConverted = withConverted, Without = without,
        WithoutConverted = withoutConverted, OddsRatio = or, OddsRatioInterval = new Interval(or * 0.4, or * 2), PValue = adjusted / 2,
        AdjustedPValue = adjusted, Significant = adjusted < 0.05, Test = "chi-square", Basis = "2026-08 cohort",
    };

    [Fact]
    public void Significant_drivers_that_go_with_stopping_are_named_once_and_segment_gaps_are_not_repeated()
    {
        var drivers = new[]
        {
            // Payment error, two populations: affected 60 × (27/50 − 12/60) = 60 × (0.54 − 0.2) = 20.4 vs everyone: 60 × (28/140 − 12/60) = 0
            Driver("touchpoint", "Payment error", 60, 12, 50, 27, 0.21, 0.002, DropOffDriver.StartedNextStage),
            Driver("touchpoint", "Payment error", 60, 12, 140, 28, 0.98, 0.01),
            // channel Paid search: significant and below 1, but already a significant segment gap of the transition
            Driver("channel", "Paid search", 40, 8, 160, 64, 0.38, 0.001),
            // goes with converting (OR > 1): not a drop-off driver
            Driver("touchpoint", "Sales opportunity", 59, 23, 142, 17, 4.7, 0.0004),
            // not significant
            Driver("touchpoint", "Blog", 30, 9, 170, 60, 0.8, 0.4),
            // significant, below 1: affected 20 × (100/180 − 2/20) = 20 × (0.555556 − 0.1) = 9.111111
            Driver("device", "tablet", 20, 2, 180, 100, 0.09, 0.03),
        };
        var gap = new Finding
        {
            Kind = "segmentGap", Transition = CtoP, Stage = "Purchase", Dimension = "channel", Segment = "Paid search", Unit = "fraction",
            Value = 0.2, Baseline = 0.4, Sample = 40, BaselineSample = 160, CustomersAffected = 8, PValue = 0.001, AdjustedPValue = 0.004, Basis = "b",
        };

        var findings = FindingAnalysis.Rank([gap], drivers, alpha: 0.05);

        // drivers (group 2) before segment gaps (group 3); drivers by customers affected: Payment error 20.4, tablet 9.1
        Assert.Equal(["driver", "driver", "segmentGap"], findings.Select(f => f.Kind));
        Assert.Equal(("Payment error", 20.4), (findings[0].Touchpoint, Math.Round(findings[0].CustomersAffected!.Value, 6)));
        Assert.Equal(DropOffDriver.StartedNextStage, findings[0].Driver!.Population);
        Assert.Equal(("device", "tablet"), (findings[1].Dimension, findings[1].Segment));
        Assert.Equal(
            "Among the customers who began Purchase, those who met Payment error went on less often at Consideration → Purchase: 20 % (12 of 60) vs 54 % (27 of 50) " +
            "for the others who began it (odds ratio 0.21, 95 % CI 0.08–0.42; p = 0.001, adjusted 0.002): 20 fewer reach Purchase.", findings[0].Text);
        Assert.False(findings[0].IsDecline); // a driver compares customers of one cohort, not months: never an alert
        Assert.Contains("Benjamini–Hochberg over the drop-off driver candidates", findings[0].Basis);
    }
}
