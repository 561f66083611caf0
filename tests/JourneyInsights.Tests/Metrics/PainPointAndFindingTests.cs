using JourneyInsights.Metrics;

namespace JourneyInsights.Tests.Metrics;

public class PainPointAndFindingTests
{
    [Fact]
    public void Pain_points_rank_by_customers_lost_beyond_the_previous_cohorts()
    {
        using var folder = new TestFolder();
        var points = ExcessLossJourney.Load(folder).PainPoints("2026-03");
        // Baseline = the December to February cohorts pooled = February only (10 customers).
        // Consideration → Purchase: March 2/8 = 25 %, February 6/8 = 75 %: excess = 8 × (0.75 − 0.25) = 4 customers.
        //   An expected count is below 5 (8 × 8/16 = 4), so Fisher's exact test: tables with margins 8/8 and 8 purchases have
        //   C(8,a)·C(8,8−a) of C(16,8) = 12,870; a = 2 gives 784; a ∈ {0,1,2,6,7,8} are no more likely: 2·(1+64+784) = 1,698,
        //   p = 1,698 / 12,870 = 0.131935.
        // Checkout (a touchpoint): m3..m6 stopped there, 4/10 = 40 % of the cohort, February 0/10: excess = 10 × 0.4 = 4.
        //   Fisher: margins 10/10 and 4 stops, C(10,a)·C(10,4−a) of C(20,4) = 4,845; a = 4 and a = 0 give 210 each:
        //   p = 420 / 4,845 = 0.086687.
        // Awareness → Consideration 8/10 vs 8/10 and Visit 2/10 vs 2/10: excess 0, Fisher p = 1.
        // Purchase → Retention 0/2 vs 0/6: excess 0, untestable (nobody onboarded).
        // Pricing (m7 m8) and Order (m1 m2) are entries of stages those customers reached: not where they were lost.
        // The tie at 4 is broken by negativity (no survey data on either side), then customers lost: 6 vs 4.
        Assert.Equal(
            ["transition Consideration → Purchase", "touchpoint Checkout", "transition Awareness → Consideration",
             "transition Purchase → Retention", "touchpoint Visit"],
            points.Select(p => $"{p.Kind} {p.Name}"));
        var purchase = points[0];
        Assert.Equal(4.0, purchase.ExcessLost!.Value, 9);
        Assert.Equal(0.25, purchase.Rate!.Value, 9);
        Assert.Equal(0.75, purchase.BaselineRate!.Value, 9);
        Assert.Equal(8, purchase.Customers);
        Assert.Equal(8, purchase.BaselineCustomers);
        Assert.Equal(6, purchase.CustomersLost);
        Assert.Equal("fisher", purchase.Test);
        Assert.Equal(0.131935, purchase.PValue!.Value, 6);
        Assert.False(purchase.Significant); // 10 customers are not enough to call it
        var checkout = points[1];
        Assert.Equal(4.0, checkout.ExcessLost!.Value, 9);
        Assert.Equal(0.4, checkout.Rate!.Value, 9);
        Assert.Equal(0.0, checkout.BaselineRate!.Value, 9);
        Assert.Equal(0.086687, checkout.PValue!.Value, 6);
        Assert.Equal(1.0, points[2].PValue!.Value, 9);
        Assert.Null(points[3].PValue);
        Assert.Equal(0.0, points[4].ExcessLost!.Value, 9);
        Assert.All(points, p => Assert.Null(p.Negativity)); // no survey data: never "0 % negative"
        // the data start with the February cohort: the basis names only it, not December and January
        Assert.All(points, p => Assert.Equal("2026-03 cohort vs the 2026-02 cohort; full conversion window", p.Basis));
    }

    [Fact]
    public void Customers_inside_their_conversion_window_are_in_progress_not_lost()
    {
        using var folder = new TestFolder();
        var loaded = HandMadeJourney.Load(folder);
        var asOf = new DateTime(2026, 4, 3, 0, 0, 0, DateTimeKind.Utc);
        var journey = Journey.FromSources(loaded.Sources, asOf);
        var points = journey.PainPoints("2026-03").ToDictionary(p => p.Name);
        // As of 04-03 00:00 a March customer's 30-day window is closed when t0 + 30 days ≤ 04-03:
        //   a2 (03-02 10:00 → 04-01 10:00) and a3 (03-03 10:00 → 04-02 10:00) are closed; a5..a10 (03-05 … 03-10) are open.
        // Reached by then: a7's purchase (04-06) is later, so Purchase = a1 a2 a4 a10 = 4.
        // Awareness → Consideration: a8, a9 not on, both open: lost 0, in progress 2.
        // Consideration → Purchase: a3 closed (lost), a5 a6 a7 open: lost 1, in progress 3.
        // Purchase → Retention: a2 closed (lost), a10 open: lost 1, in progress 1.
        Assert.Equal((0L, 2L), (points["Awareness → Consideration"].CustomersLost, points["Awareness → Consideration"].InProgress));
        Assert.Equal((1L, 3L), (points["Consideration → Purchase"].CustomersLost, points["Consideration → Purchase"].InProgress));
        Assert.Equal((1L, 1L), (points["Purchase → Retention"].CustomersLost, points["Purchase → Retention"].InProgress));
        Assert.Equal(0.5, points["Consideration → Purchase"].Rate!.Value, 9); // 4 of 8
        // Visit: a8 and a9 are still in progress there, nobody is lost there yet.
        Assert.Equal((0L, 2L), (points["Visit"].CustomersLost, points["Visit"].InProgress));
        Assert.Contains("age-matched", points["Visit"].Basis);
    }

    [Fact]
    public void A_touchpoint_without_responses_of_its_own_borrows_its_stage_negativity_marked_estimated()
    {
        using var folder = new TestFolder();
        // One angry post-purchase answer in March (placed at Purchase by its survey's rule; it matches no customer).
        var points = ExcessLossJourney.Load(folder, "R1,2026-03-05T12:00:00Z,999,,Post-purchase,2,1,1,angry,Payment failed\n")
            .PainPoints("2026-03").ToDictionary(p => p.Name);
        // Consideration → Purchase: the responses at Purchase, 1 of 1 negative. Checkout (a Purchase touchpoint) has no
        // response placed at it: the stage's 1/1, marked estimated with its sample of 1. Visit: none at Awareness.
        Assert.Equal((1.0, 1L, false), (points["Consideration → Purchase"].Negativity!.Value, points["Consideration → Purchase"].NegativityResponses,
            points["Consideration → Purchase"].NegativityEstimated));
        Assert.Equal((1.0, 1L, true), (points["Checkout"].Negativity!.Value, points["Checkout"].NegativityResponses, points["Checkout"].NegativityEstimated));
        Assert.Null(points["Visit"].Negativity);
        Assert.Null(points["Awareness → Consideration"].Negativity);
        Assert.Equal("Payment failed", Assert.Single(points["Checkout"].Verbatims).Comment);
    }

    [Fact]
    public void Findings_are_the_significant_tests_this_months_changes_first_then_by_customers_affected()
    {
        const string basis = "2026-03 cohort vs the 2025-12 to 2026-02 cohorts pooled; full conversion window";
        Finding[] candidates =
        [
            new() { Kind = "segmentGap", Transition = new Transition(2, "Purchase", 3, "Retention"), Stage = "Retention", Dimension = "persona", Segment = "Freelancer", Unit = "fraction",
                    Value = 0.3, Baseline = 0.75, Sample = 20, LowSample = true, CustomersAffected = 9, PValue = 0.0001, AdjustedPValue = 0.001, Test = "z", Basis = basis },
            new() { Kind = "conversion", Transition = new Transition(1, "Consideration", 2, "Purchase"), Stage = "Purchase", Unit = "fraction",
                    Value = 0.25, Baseline = 0.5, Sample = 16, CustomersAffected = 4, PValue = 0.004, AdjustedPValue = 0.01, Test = "z", Basis = basis,
                    Verbatim = "Card declined twice" },
            new() { Kind = "emotion", Stage = "Purchase", Unit = "score", Value = -0.2, Baseline = 0.3, Sample = 40, BaselineSample = 120,
                    PValue = 0.01, AdjustedPValue = 0.02, Test = "welch", Basis = basis },
            new() { Kind = "painPoint", Touchpoint = "Payment error", Stage = "Purchase", Unit = "fraction", Value = 0.2, Baseline = 0.05,
                    Sample = 40, CustomersAffected = 6, PValue = 0.008, AdjustedPValue = 0.03, Test = "z", Basis = basis },
            new() { Kind = "conversion", Transition = new Transition(0, "Awareness", 1, "Consideration"), Stage = "Consideration", Unit = "fraction",
                    Value = 0.5, Baseline = 0.55, CustomersAffected = 2, PValue = 0.1, AdjustedPValue = 0.2, Test = "z", Basis = basis },
            new() { Kind = "painPoint", Touchpoint = "Visit", Stage = "Awareness", Unit = "fraction", Value = 0.1, Baseline = 0.12,
                    CustomersAffected = -1, PValue = 0.001, AdjustedPValue = 0.01, Test = "z", Basis = basis },
        ];
        var findings = FindingAnalysis.Rank(candidates, alpha: 0.05);
        // Awareness → Consideration: adjusted 0.2 ≥ 0.05, left out. Visit: fewer lost than usual, not a pain.
        // This month's changes first (conversion and pain points by customers affected: Payment error 6, then the
        // transition 4), then emotion, then the standing segment gap (even though it affects 9).
        Assert.Equal(["Payment error", "Consideration → Purchase", "Purchase", "Freelancer"],
            findings.Select(f => f.Touchpoint ?? f.Segment ?? (f.Kind == "emotion" ? f.Stage : f.Transition?.Text)));
        Assert.Equal([1, 2, 3, 4], findings.Select(f => f.Rank));
        Assert.All(findings, f => Assert.True(f.Significant));
        Assert.Equal("Consideration → Purchase fell from 50 % to 25 % against the previous three cohorts (p = 0.004, adjusted 0.010): "
            + "4 more customers lost than usual. Customers say: “Card declined twice”", findings[1].Text);
        Assert.Equal("Mean emotion at Purchase fell from +0.30 to −0.20 (Welch p = 0.010, adjusted 0.020; 40 responses vs 120).", findings[2].Text);
        Assert.Equal("Customers with persona Freelancer convert worse at Purchase → Retention: 30 % vs 75 % for the cohort's other customers "
            + "(p < 0.001, adjusted 0.001) (low sample: 20); 9 fewer reach Retention.", findings[3].Text);
    }

    [Theory]
    // kind, value, baseline, decline?  (change = value − baseline)
    [InlineData("conversion", 0.20, 0.47, true)]    // −0.27: fewer converted than the previous cohorts
    [InlineData("conversion", 0.55, 0.50, false)]   // +0.05: better
    [InlineData("emotion", -0.10, 0.30, true)]      // mean emotion fell 0.40
    [InlineData("nps", 12.0, 30.0, true)]           // NPS fell 18 points
    [InlineData("painPoint", 0.06, 0.004, true)]    // more customers stopped after the touchpoint: worse is up
    [InlineData("painPoint", 0.001, 0.004, false)]
    [InlineData("segmentGap", 0.07, 0.71, false)]   // a standing gap between segments, not a change over time
    public void A_decline_is_a_change_for_the_worse_over_time(string kind, double value, double baseline, bool decline)
    {
        var f = new Finding { Kind = kind, Unit = "fraction", Value = value, Baseline = baseline, Basis = "b", Significant = true };
        Assert.Equal(decline, f.IsDecline);
    }
}
