using JourneyInsights.Metrics;
using JourneyInsights.Privacy;

namespace JourneyInsights.Tests.Metrics;

public class IdentityAndEmotionTests
{
    [Fact]
    public void Stitching_joins_a_second_device_and_reports_what_did_not_match()
    {
        using var folder = new TestFolder();
        var id = HandMadeJourney.Load(folder).Data.Identity;
        // a1..a11 (a1-phone joins a1 through login 101) + CRM-only contact 120 = 12 customers.
        Assert.Equal(12, id.Customers);
        Assert.Equal(6, id.KnownCustomers);                 // 101, 102, 104, 107, 110, 120
        Assert.Equal(6, id.AnonymousJourneys);              // a3, a5, a6, a8, a9, a11
        Assert.Equal(12, id.AnalyticsIds);                  // a1, a1-phone, a2..a11
        Assert.Equal(6, id.AnalyticsIdsLinked);             // a1, a1-phone, a2, a4, a7, a10 carry a user id
        Assert.Equal(1, id.CustomersWithSeveralDevices);    // a1
        Assert.Equal(1, id.CrmContactsWithoutAnalytics);    // 120
        Assert.Equal((4L, 1L, 1L), (id.ResponsesMatchedByCrmId, id.ResponsesMatchedByEmail, id.ResponsesUnmatched)); // R1 R3 R5 R6 / R2 / R4
    }

    [Fact]
    public void Emotion_per_stage_is_worked_out_from_the_responses()
    {
        using var folder = new TestFolder();
        var byStage = HandMadeJourney.Load(folder).EmotionByStage("2026-03");
        // R1: NPS (9-5)/5 = 0.8, CSAT (5-3)/2 = 1, CES (6-4)/3 = 0.6667, happy 0.5 -> mean 0.741667
        // R2: -0.4, -0.5, -0.6667, frustrated -0.75 -> -0.579167
        // R4 (unmatched, placed by its survey): NPS 10 -> 1.0
        // Purchase: mean (0.741667 - 0.579167 + 1)/3 = 0.3875; sample variance 0.717517; t(2) = 4.302653
        //   half-width 4.302653·sqrt(0.717517/3) = 2.104224.
        var purchase = byStage[2];
        Assert.Equal(3, purchase.Responses);
        Assert.Equal(0.3875, purchase.MeanScore!.Value, 6);
        Assert.Equal(0.3875 - 2.104224, purchase.MeanInterval!.Value.Low, 5);
        // NPS answers 9, 3, 10: promoters 2, detractors 1 -> (2 - 1)/3 = +33.33 points.
        Assert.Equal(100.0 / 3, purchase.Nps!.Value, 6);
        Assert.Equal(0.5, purchase.CsatTop2Box!.Value, 9);      // CSAT 5 and 2
        Assert.Equal(4.0, purchase.MeanCes!.Value, 9);          // CES 6 and 2
        Assert.Equal(1.0 / 3, purchase.NegativeShare!.Value, 9); // R2 only
        // R3 (Onboarding): CSAT 0.5 and confused -0.5 -> 0.
        Assert.Equal(0.0, byStage[3].MeanScore!.Value, 9);
        // R5 has no survey rule: placed where a7 stood on 03-08 12:00 (pricing at 00:00): Consideration, NPS 7 -> 0.4.
        Assert.Equal(0.4, byStage[1].MeanScore!.Value, 9);
        Assert.Equal(0, byStage[0].Responses);
    }

    [Fact]
    public void The_reports_emotion_curve_pools_the_twelve_months_up_to_the_report_month_and_nothing_after()
    {
        using var folder = new TestFolder();
        HandMadeJourney.Load(folder);
        // R7: customer 104 (Retention since 03-12) answers the onboarding survey in April: CSAT 1 -> (1-3)/2 = -1,
        // frustrated -0.75 -> score -0.875.
        folder.Write("responses.csv", HandMadeJourney.Responses.TrimEnd() + "\nR7,2026-04-12T12:00:00Z,104,,Onboarding,,1,,frustrated,Still no import\n");
        var journey = Journey.Load(Path.Combine(folder.Path, "journey.json"));

        var march = JourneyReport.Compute(journey, "2026-03");
        // The March report's curve: the 12 months up to 2026-03, but the data starts on 2026-03-01, so 2026-03 alone;
        // Retention holds R3 only (CSAT 0.5, confused -0.5 -> 0).
        Assert.Equal(("2026-03", "2026-03"), (march.CurveFrom, march.CurveTo));
        var retention = march.Curves.Single(c => c.Group == "All customers").Stages[3];
        Assert.Equal(1, retention.Responses);
        Assert.Equal(0.0, retention.MeanScore!.Value, 9);

        // The April report's curve takes R7 in: (0 + -0.875) / 2 = -0.4375.
        var april = JourneyReport.Compute(journey, "2026-04").Curves.Single(c => c.Group == "All customers").Stages[3];
        Assert.Equal(2, april.Responses);
        Assert.Equal(-0.4375, april.MeanScore!.Value, 9);
    }

    [Fact]
    public void A_response_of_a_customer_who_entered_no_stage_is_not_placed()
    {
        using var folder = new TestFolder();
        var data = HandMadeJourney.Load(folder).Data;
        var r6 = data.Responses.Count - 1; // R6 is the last row of the file
        Assert.Equal(-1, data.Responses.Stage[r6]);   // contact 120 has no touchpoint
        Assert.Equal(-1.0, data.Responses.Score[r6]); // NPS 0 -> (0-5)/5
    }

    [Fact]
    public void Verbatims_are_the_most_negative_comments_with_personal_data_masked()
    {
        using var folder = new TestFolder();
        var verbatims = HandMadeJourney.Load(folder).Verbatims("2026-03", perStage: 1);
        var purchase = verbatims.Single(v => v.Stage == "Purchase");
        Assert.Equal("Card declined twice, call me at [phone]", purchase.Comment);
        Assert.Equal(-0.579167, purchase.Score, 5);
        Assert.Equal("Where is the import? mail me: [email]", verbatims.Single(v => v.Stage == "Retention").Comment);
        Assert.DoesNotContain(verbatims, v => v.Comment.Contains('@') || v.Comment.Contains("555"));
        Assert.All(verbatims, v => Assert.Matches("^K[0-9a-f]{16}$|^\\(unmatched\\)$", v.CustomerKey));
    }

    [Fact]
    public void Pain_points_without_a_baseline_are_ranked_by_negativity_then_customers_lost()
    {
        using var folder = new TestFolder();
        var points = HandMadeJourney.Load(folder).PainPoints("2026-03");
        // No cohort in the three months before March: no baseline rate, no excess loss, no test.
        // Transitions (all windows closed by the data end 04-10 12:00, so nobody is in progress):
        //   Awareness → Consideration 10 → 8, lost a8 a9 = 2; Consideration → Purchase 8 → 5, lost a3 a5 a6 = 3;
        //   Purchase → Retention 5 → 2, lost a2 a7 a10 = 3.
        // Negativity = negative share of the March responses at the stage reached: Purchase 1/3 (R2 of R1, R2, R4),
        //   Consideration 0/1 (R5), Retention 0/1 (R3 scores (0.5 - 0.5)/2 = 0, not negative).
        // Touchpoints: a8, a9 stopped at Visit (Awareness, no response there or at the stage: no survey data). The others'
        //   last touchpoints are entries of stages they reached (a3 a5 a6 Pricing, a2 a7 a10 Order): not where they were lost.
        // Ties on excess loss (all 0) are broken by negativity (none last), then customers lost.
        Assert.Equal(
            ["transition Consideration → Purchase", "transition Purchase → Retention", "transition Awareness → Consideration", "touchpoint Visit"],
            points.Select(p => $"{p.Kind} {p.Name}"));
        Assert.Equal([1, 2, 3, 4], points.Select(p => p.Rank));
        Assert.Equal([3L, 3L, 2L, 2L], points.Select(p => p.CustomersLost));
        Assert.All(points, p => Assert.Equal(0, p.InProgress));
        Assert.All(points, p => Assert.Null(p.ExcessLost));
        Assert.All(points, p => Assert.Null(p.PValue));
        Assert.Equal(1.0 / 3, points[0].Negativity!.Value, 9);
        Assert.Equal(0.0, points[1].Negativity!.Value, 9);
        Assert.Null(points[3].Negativity);                 // no survey data, not "0 % negative"
        Assert.Equal(0.625, points[0].Rate!.Value, 9);     // 5/8
        Assert.Equal(0.2, points[3].Rate!.Value, 9);       // 2 of the 10 March customers stopped at Visit
        Assert.Null(points[0].BaselineRate);
    }

    [Theory]
    [InlineData("mail me at jane.doe@example.co.uk today", "mail me at [email] today")]
    [InlineData("call +1 (415) 555-0199 now", "call [phone] now")]
    [InlineData("06 12 34 56 78", "[phone]")]
    [InlineData("plan 2 of 3 costs 49.99", "plan 2 of 3 costs 49.99")]
    public void Personal_data_is_masked(string text, string expected) => Assert.Equal(expected, PersonalData.Mask(text));
}
