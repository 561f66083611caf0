using System.Globalization;
using JourneyInsights.Metrics;

namespace JourneyInsights.Tests.Metrics;

/// <summary>
/// Ten customers, x = their post-purchase emotion score (CSAT 1..5 → (csat − 3) / 2 = −1, −0.5, 0, +0.5, +1), y = their
/// relationship NPS answer:
///   x: −1  −1  −0.5 −0.5  0  0  +0.5 +0.5  +1  +1      mean x = 0
///   y:  1   3   4    4    5  7   6    8     9  10      mean y = 57 / 10 = 5.7
/// Sxx = 2·1 + 2·0.25 + 0 + 2·0.25 + 2·1 = 5; Sxy = Σ x·y = −1 −3 −2 −2 + 0 + 0 + 3 + 4 + 9 + 10 = 18;
/// Syy = Σ (y − 5.7)² = 22.09 + 7.29 + 2.89 + 2.89 + 0.49 + 1.69 + 0.09 + 5.29 + 10.89 + 18.49 = 72.1.
/// r = 18 / √(5 · 72.1) = 18 / √360.5 = 0.948025; R² = 324 / 360.5 = 0.898752; slope = 18 / 5 = 3.6, intercept 5.7.
/// Fisher's z: atanh 0.948025 = 1.811906, se = 1 / √7 = 0.377964, z / se = 4.793853, p = 2 (1 − Φ(4.793853)) = 1.636e-6;
/// 95 %: tanh(1.811906 ∓ 1.959964 · 0.377964) = tanh(1.071109), tanh(2.552702) = 0.7898788, 0.9879453.
/// </summary>
public class EmotionDriverTests
{
    private static readonly double[] X = [-1, -1, -0.5, -0.5, 0, 0, 0.5, 0.5, 1, 1];
    private static readonly double[] Y = [1, 3, 4, 4, 5, 7, 6, 8, 9, 10];

    private static void AssertHandWorked(EmotionDriver d)
    {
        Assert.Equal(10, d.Customers);
        Assert.Equal(0.0, d.MeanScore, 9);
        Assert.Equal(5.7, d.MeanNps, 9);
        Assert.Equal(18 / Math.Sqrt(360.5), d.Correlation, 9);
        Assert.Equal(324 / 360.5, d.RSquared, 9);
        Assert.Equal(3.6, d.Slope, 9);
        Assert.Equal(5.7, d.Intercept, 9);
        Assert.Equal(0.7898788, d.CorrelationInterval.Low, 6);
        Assert.Equal(0.9879453, d.CorrelationInterval.High, 6);
        Assert.InRange(d.PValue, 1.4e-6, 1.9e-6); // the normal CDF is good to 1.2e-7
    }

    [Fact]
    public void The_correlation_regression_and_fisher_z_test_are_the_hand_worked_ones()
    {
        AssertHandWorked(EmotionDriverAnalysis.Fit("stage", "Purchase", X.Zip(Y))!);
        // fewer than ten customers, or no spread on one side: no driver
        Assert.Null(EmotionDriverAnalysis.Fit("stage", "Purchase", X.Zip(Y).Take(9)));
        Assert.Null(EmotionDriverAnalysis.Fit("stage", "Purchase", X.Select(x => (x, 7.0))));
    }

    [Fact]
    public void A_journey_explains_its_relationship_nps_by_the_post_purchase_scores_of_the_same_customers()
    {
        // c1..c10 answer the post-purchase survey (CSAT only) on 03-05 and the relationship survey (NPS only) on 03-20;
        // c1 answers the relationship survey twice (0 and 2: mean 1, as in the table above); c11 answers only the
        // relationship survey (no pair), c12 only the post-purchase one (no pair). The relationship survey is found by
        // itself: the survey touchpoint of the latest stage (Retention) with NPS answers.
        using var folder = new TestFolder();
        var contacts = new List<string> { "crm_id,email,created_at,persona,region" };
        var responses = new List<string> { "response_id,timestamp,crm_id,email,survey,nps,csat,ces,emotion,comment" };
        for (var i = 1; i <= 12; i++) contacts.Add($"{i},,2026-03-01T10:00:00Z,Agency,United States");
        string Csat(double x) => (3 + 2 * x).ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < 10; i++)
        {
            responses.Add($"P{i + 1},2026-03-05T12:00:00Z,{i + 1},,Post-purchase,,{Csat(X[i])},,,");
            if (i == 0)
            {
                responses.Add("R1a,2026-03-20T12:00:00Z,1,,Relationship,0,,,,");
                responses.Add("R1b,2026-03-21T12:00:00Z,1,,Relationship,2,,,,");
            }
            else responses.Add($"R{i + 1},2026-03-20T12:00:00Z,{i + 1},,Relationship,{Y[i].ToString(CultureInfo.InvariantCulture)},,,,");
        }
        responses.Add("R11,2026-03-20T12:00:00Z,11,,Relationship,3,,,,");
        responses.Add("P12,2026-03-05T12:00:00Z,12,,Post-purchase,,1,,,");
        folder.Write("events.csv", "timestamp,event,anonymous_id,user_id,page,source,medium,device,region\n2026-03-01T10:00:00Z,visit,a1,1,/,google,organic,desktop,US\n");
        folder.Write("contacts.csv", string.Join("\n", contacts) + "\n");
        folder.Write("responses.csv", string.Join("\n", responses) + "\n");
        var definition = HandMadeJourney.Definition().Replace(
            "{ \"name\": \"Onboarding survey\", ",
            "{ \"name\": \"Relationship NPS\", \"stage\": \"Retention\", \"entry\": false, \"when\": { \"surveys\": [\"Relationship\"] } }, { \"name\": \"Onboarding survey\", ",
            StringComparison.Ordinal);
        var journey = Journey.Load(folder.Write("journey.json", definition));

        var result = journey.Report("2026-03").EmotionDrivers;

        Assert.Equal("Relationship NPS", result.RelationshipSurvey);
        Assert.Equal(11, result.RelationshipCustomers); // c1..c11
        // the ten pairs are the Post-purchase survey touchpoint's; the Purchase stage's scores all come from it, so the stage
        // is not listed twice; Retention has no response but the relationship survey's own
        var driver = Assert.Single(result.Drivers);
        Assert.Equal(("touchpoint", "Post-purchase survey"), (driver.Kind, driver.Name));
        AssertHandWorked(driver);
        // Benjamini–Hochberg over one p-value: itself
        Assert.Equal(driver.PValue, driver.AdjustedPValue, 12);
        Assert.True(driver.Significant);
        // twelve months up to the report month, but the data start in 2026-03: one month
        Assert.Equal("responses recorded in 2026-03; customers with both a score there and a 'Relationship NPS' NPS answer", result.Basis);
    }
}
