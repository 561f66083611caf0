using JourneyInsights.Definition;
using JourneyInsights.Journeys;
using JourneyInsights.Sources;

namespace JourneyInsights.Tests.Metrics;

/// <summary>Strict order and exclusion steps on <see cref="FunnelOptionsJourney"/>; each count worked out by hand beside it.</summary>
public class FunnelOptionsTests
{
    private const string PaymentErrorAtCheckout = """
        "exclusions": [ { "touchpoint": "Payment error", "from": "Consideration", "to": "Purchase" } ]
        """;

    private static long[] Counts(Journey journey) => journey.Funnel("2026-03").Stages.Select(s => s.Customers).ToArray();

    [Fact]
    public void Ordered_funnel_is_the_baseline()
    {
        using var folder = new TestFolder();
        // Last stage counted: s1 R, s2 R, s3 P, s4 P, s5 P, s6 R, s7 P (ties count), s8 R (order 03-03, onboarded 03-04), s9 C,
        // s10 C, s11 P. Awareness 11; Consideration 11; Purchase s1..s8, s11 = 9; Retention s1 s2 s6 s8 = 4.
        var journey = FunnelOptionsJourney.Load(folder);
        Assert.Equal([11L, 11L, 9L, 4L], Counts(journey));
        Assert.True(journey.Timelines.Rules.IsDefault);
        Assert.Equal("", journey.Timelines.Rules.Text);
    }

    [Fact]
    public void Strict_order_stops_a_customer_who_entered_another_stage_in_between()
    {
        using var folder = new TestFolder();
        var journey = FunnelOptionsJourney.Load(folder, "\"mode\": \"strict\"");
        // Changes against ordered: s3 (blog, an Awareness entry, between pricing and order) stops at Consideration;
        // s8 (onboarded, a Retention entry, between pricing and order) stops at Consideration.
        // Not broken: s2 and s9 (payment error is not an entry), s4 (repeat pricing = stage k-1, login unstaged, checkout
        // not an entry), s7 (all at one instant: nothing strictly between), s10 (blog repeats stage k-1 = Awareness),
        // s11 (its blog is at the very instant of the pricing moment: not strictly between pricing and order).
        // Awareness 11; Consideration 11; Purchase s1 s2 s4 s5 s6 s7 s11 = 7; Retention s1 s2 s6 = 3.
        Assert.Equal([11L, 11L, 7L, 3L], Counts(journey));
        Assert.Equal(FunnelMode.Strict, journey.Timelines.Mode);
        Assert.Equal("strict order", journey.Timelines.Rules.Text);
    }

    [Fact]
    public void Exclusion_between_two_stages_makes_the_customer_leave_at_the_later_one()
    {
        using var folder = new TestFolder();
        var journey = FunnelOptionsJourney.Load(folder, PaymentErrorAtCheckout);
        // Payment error between Consideration and Purchase only: s2 (error 03-02 12:00, pricing 03-02 10:00 < error <
        // order 03-03) counts at Consideration, not at Purchase nor Retention. Not excluded: s5 (error before pricing,
        // outside the range), s6 (error after the order: Purchase → Retention is outside the range), s7 (error at the same
        // instant as pricing and order: not strictly between), s9 (never orders: leaves at Purchase anyway), s11 (error at
        // the very instant of its pricing moment: not strictly after it).
        // Awareness 11; Consideration 11; Purchase 9 - s2 = 8; Retention s1 s6 s8 = 3.
        Assert.Equal([11L, 11L, 8L, 3L], Counts(journey));
        Assert.Equal("excluding 'Payment error' between Consideration and Purchase", journey.Timelines.Rules.Text);
        var f = journey.Funnel("2026-03");
        Assert.Equal(8.0 / 11, f.Stages[2].ConversionFromPrevious!.Value, 9); // 8/11 = 0.727273
        Assert.Equal(3L, f.Stages[2].DropOff);                                 // 11 - 8: s2 s9 s10
    }

    [Fact]
    public void Exclusion_without_a_range_applies_to_every_transition()
    {
        using var folder = new TestFolder();
        var journey = FunnelOptionsJourney.Load(folder, "\"exclusions\": [ { \"touchpoint\": \"Payment error\" } ]");
        // Every transition: s2 leaves at Purchase (as above), s5 at Consideration (error 03-01 12:00 between visit 03-01
        // and pricing 03-02), s6 at Retention (error 03-03 12:00 between order 03-03 and onboarded 03-04); s7 and s11 still count.
        // Awareness 11; Consideration 11 - s5 = 10; Purchase s1 s3 s4 s6 s7 s8 s11 = 7; Retention s1 s8 = 2.
        Assert.Equal([11L, 10L, 7L, 2L], Counts(journey));
        Assert.Equal("excluding 'Payment error' between Awareness and Retention", journey.Timelines.Rules.Text);
    }

    [Fact]
    public void Strict_order_and_an_exclusion_together()
    {
        using var folder = new TestFolder();
        var journey = FunnelOptionsJourney.Load(folder, "\"mode\": \"strict\", " + PaymentErrorAtCheckout);
        // Strict removes s3 and s8 from Purchase, the exclusion s2: Purchase s1 s4 s5 s6 s7 s11 = 6; Retention s1 s6 = 2.
        Assert.Equal([11L, 11L, 6L, 2L], Counts(journey));
        Assert.Equal("strict order; excluding 'Payment error' between Consideration and Purchase", journey.Timelines.Rules.Text);
    }

    [Theory]
    [InlineData("\"mode\": \"unordered\"", "$.funnel.mode", "expected 'ordered', 'strict' or 'any-order', found 'unordered'")]
    [InlineData("\"exclusions\": [ { \"touchpoint\": \"Payment failed\" } ]", "$.funnel.exclusions[0].touchpoint", "unknown touchpoint 'Payment failed'; expected the name of a touchpoint rule: 'Login', 'Visit'")]
    [InlineData("\"exclusions\": [ { \"touchpoint\": \"Payment error\", \"from\": \"Checkout\" } ]", "$.funnel.exclusions[0].from", "unknown stage 'Checkout'; the stages are: Awareness, Consideration, Purchase, Retention")]
    [InlineData("\"exclusions\": [ { \"touchpoint\": \"Payment error\", \"from\": \"Purchase\", \"to\": \"Consideration\" } ]", "$.funnel.exclusions[0].to", "'from' (Purchase) must be a stage before 'to' (Consideration)")]
    [InlineData("\"exclusions\": [ { \"touchpoint\": \"Payment error\", \"from\": \"Retention\" } ]", "$.funnel.exclusions[0].from", "'from' (Retention) must be a stage before 'to' (Retention)")]
    [InlineData("\"mode\": \"any-order\", \"exclusions\": [ { \"touchpoint\": \"Payment error\" } ]", "$.funnel.exclusions", "exclusion steps need an ordered or strict funnel")]
    [InlineData("\"exclusions\": [ { \"from\": \"Awareness\" } ]", "$.funnel.exclusions[0]", "touchpoint")]
    public void Bad_funnel_options_name_the_file_the_path_and_what_was_expected(string funnel, string path, string expected)
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", FunnelOptionsJourney.Events);
        var file = folder.Write("journey.json", FunnelOptionsJourney.Definition(funnel));
        var ex = Assert.Throws<JourneyDefinitionException>(() => JourneyDefinition.Load(file));
        Assert.Contains("journey.json", ex.Message);
        Assert.Contains(path, ex.Message);
        Assert.Contains(expected, ex.Message);
    }
}
