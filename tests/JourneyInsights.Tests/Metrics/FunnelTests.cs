using JourneyInsights.Journeys;
using JourneyInsights.Metrics;

namespace JourneyInsights.Tests.Metrics;

public class FunnelTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void Ordered_funnel_counts_each_stage_by_hand()
    {
        using var folder = new TestFolder();
        var f = HandMadeJourney.Load(folder).Funnel("2026-03");
        // Awareness: a1..a10 = 10.
        // Consideration: all but a8, a9 = 8.
        // Purchase: a1, a2, a4, a7 (exactly 30 days), a10 (ties) = 5; not a3 (none), a5 (before pricing), a6 (30 days + 1 s).
        // Retention: a1, a4 = 2.
        Assert.Equal([10L, 8L, 5L, 2L], f.Stages.Select(s => s.Customers));
        Assert.Equal(0.8, f.Stages[1].ConversionFromPrevious!.Value, Tolerance);      // 8/10
        Assert.Equal(0.625, f.Stages[2].ConversionFromPrevious!.Value, Tolerance);    // 5/8
        Assert.Equal(0.4, f.Stages[3].ConversionFromPrevious!.Value, Tolerance);      // 2/5
        Assert.Equal(0.5, f.Stages[2].ConversionFromFirst!.Value, Tolerance);         // 5/10
        Assert.Equal(0.2, f.FinalConversion!.Value, Tolerance);                       // 2/10
        Assert.Equal([0L, 2L, 3L, 3L], f.Stages.Select(s => s.DropOff));
        Assert.Null(f.Stages[0].ConversionFromPrevious);
    }

    [Fact]
    public void Wilson_intervals_match_the_formula()
    {
        using var folder = new TestFolder();
        var f = HandMadeJourney.Load(folder).Funnel("2026-03");
        // Wilson, z = 1.959964: centre = (p + z²/2n)/(1 + z²/n), half = z·sqrt(p(1-p)/n + z²/4n²)/(1 + z²/n)
        // 5/8: p = 0.625 -> (0.305742, 0.863156); 8/10 -> (0.490162, 0.943318) (computed with Python's math module).
        Assert.Equal(0.305742, f.Stages[2].ConversionInterval!.Value.Low, 5);
        Assert.Equal(0.863156, f.Stages[2].ConversionInterval!.Value.High, 5);
        Assert.Equal(0.490162, f.Stages[1].ConversionInterval!.Value.Low, 5);
        Assert.Equal(0.943318, f.Stages[1].ConversionInterval!.Value.High, 5);
    }

    [Fact]
    public void Time_to_convert_uses_the_counted_moments()
    {
        using var folder = new TestFolder();
        var f = HandMadeJourney.Load(folder).Funnel("2026-03");
        // Awareness -> Consideration, days: a1 1, a2 2, a3 0.5, a4 1 (first pricing), a5 2, a6 1/24, a7 1, a10 0
        // sorted [0, 1/24, 0.5, 1, 1, 1, 2, 2]: median h = 7·0.5 = 3.5 -> 1 day; p90 h = 6.3 -> 2 days.
        Assert.Equal(TimeSpan.FromDays(1), f.Stages[1].MedianTimeFromPrevious);
        Assert.Equal(TimeSpan.FromDays(2), f.Stages[1].P90TimeFromPrevious);
        // Consideration -> Purchase, days: a1 3, a2 6, a4 4 (from 03-05), a7 29, a10 0 -> sorted [0, 3, 4, 6, 29]
        // median = 4 days; p90 h = 3.6 -> 6 + 0.6·(29 - 6) = 19.8 days.
        Assert.Equal(TimeSpan.FromDays(4), f.Stages[2].MedianTimeFromPrevious);
        Assert.Equal(TimeSpan.FromDays(19.8), f.Stages[2].P90TimeFromPrevious);
    }

    [Fact]
    public void Any_order_mode_counts_a_purchase_made_before_pricing()
    {
        using var folder = new TestFolder();
        var f = HandMadeJourney.Load(folder, mode: "any-order").Funnel("2026-03");
        // a5 now counts at Purchase (03-06, within the window): 6; Retention still a1 and a4.
        Assert.Equal([10L, 8L, 6L, 2L], f.Stages.Select(s => s.Customers));
    }

    [Fact]
    public void A_cohort_whose_window_has_not_closed_is_maturing()
    {
        using var folder = new TestFolder();
        var journey = HandMadeJourney.Load(folder);
        // Data ends 2026-04-10 12:00 (R6); March's window closes 2026-04-01 + 30 days = 2026-05-01: maturing.
        Assert.True(journey.Funnel("2026-03").Maturing);
        var april = journey.Funnel("2026-04");
        Assert.Equal([1L, 1L, 0L, 0L], april.Stages.Select(s => s.Customers));
        Assert.Equal(["2026-03", "2026-04"], journey.Months);
    }

    [Fact]
    public void Breakdown_by_persona_splits_the_cohort_and_flags_low_samples()
    {
        using var folder = new TestFolder();
        var b = HandMadeJourney.Load(folder).Funnel("2026-03", by: "persona");
        var freelancer = b.Segments.Single(s => s.Segment == "Freelancer");   // a1, a4: both go all the way
        var agency = b.Segments.Single(s => s.Segment == "Agency");           // a2, a7, a10: purchase, no retention
        var unknown = b.Segments.Single(s => s.Segment == "(unknown)");       // a3, a5, a6, a8, a9
        Assert.Equal([2L, 2L, 2L, 2L], freelancer.Stages.Select(s => s.Customers));
        Assert.Equal([3L, 3L, 3L, 0L], agency.Stages.Select(s => s.Customers));
        Assert.Equal([5L, 3L, 0L, 0L], unknown.Stages.Select(s => s.Customers));
        // minSampleSize is 3 in the fixture: Freelancer's transitions start from 2 customers.
        Assert.True(freelancer.Stages[1].LowSample);
        Assert.False(agency.Stages[1].LowSample);
        // Segments are ordered by customers entering: (unknown) 5, Agency 3, Freelancer 2.
        Assert.Equal(["(unknown)", "Agency", "Freelancer"], b.Segments.Select(s => s.Segment));
    }

    [Fact]
    public void A_maturing_month_is_tested_against_the_previous_month_cut_to_the_same_age()
    {
        using var folder = new TestFolder();
        var trend = HandMadeJourney.Load(folder).ConversionTrend("2026-04", months: 2);
        Assert.Equal(2, trend.Months.Count);
        var overall = trend.Changes.Single(c => c.Transition.IsOverall);
        // The data ends 2026-04-10 12:00 (R6): April is 9.5 days old, so March is cut at 2026-03-10 12:00, where it
        // counts [10, 8, 4, 1] (worked out in AgeMatchedCutTests). Overall: April 0/1 vs March 1/10.
        Assert.True(overall.Comparable);
        Assert.Equal((0L, 1L, 1L, 10L), (overall.Successes, overall.Trials, overall.PreviousSuccesses, overall.PreviousTrials));
        Assert.Equal(0.0 - 0.1, overall.Change!.Value, Tolerance);
        // pooled p = 1/11; se = sqrt(1/11 · 10/11 · (1/1 + 1/10)) = 0.301511; z = -0.1 / 0.301511 = -0.331662; p = 0.740144.
        Assert.Equal(-0.331662, overall.Z!.Value, 5);
        Assert.Equal(0.740144, overall.PValue!.Value, 4);
        Assert.False(overall.Significant);
        Assert.Equal("both cohorts as of 9.5 days after their month began", overall.Basis.Text);
    }
}

public class TimelineTests
{
    [Fact]
    public void The_timeline_shows_first_reach_and_funnel_moment_per_stage()
    {
        using var folder = new TestFolder();
        var journey = HandMadeJourney.Load(folder);
        var frame = journey.Timelines.ToDataFrame(journey.Data);
        // a5 reached Purchase on 03-06 (first_Purchase) but does not count there in the ordered funnel (pricing came 03-07).
        var row = Enumerable.Range(0, (int)frame.Rows.Count).Single(i =>
            (DateTime?)frame["first_Awareness"][i] == new DateTime(2026, 3, 5, 10, 0, 0, DateTimeKind.Utc));
        Assert.Equal(new DateTime(2026, 3, 6, 10, 0, 0, DateTimeKind.Utc), (DateTime?)frame["first_Purchase"][row]);
        Assert.Null(frame["funnel_Purchase"][row]);
        Assert.Equal(new DateTime(2026, 3, 7, 10, 0, 0, DateTimeKind.Utc), (DateTime?)frame["funnel_Consideration"][row]);
        Assert.Equal("2026-03", frame["cohort_month"][row]);
        Assert.Equal(12, frame.Rows.Count);
    }
}
