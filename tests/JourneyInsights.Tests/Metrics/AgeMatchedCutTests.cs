using JourneyInsights.Metrics;
using JourneyInsights.Sources;

namespace JourneyInsights.Tests.Metrics;

/// <summary>
/// The age-matched cut (docs/metrics.md, "Age-matched comparison") on the hand-made journey (see <see cref="HandMadeJourney"/>),
/// and the report period's cutoffs worked out by hand.
/// </summary>
public class AgeMatchedCutTests
{
    private const double Tolerance = 1e-9;
    private static DateTime Utc(int y, int m, int d, int h = 0, int min = 0) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    [Fact]
    public void A_cut_counts_only_the_stages_reached_by_the_cutoff()
    {
        using var folder = new TestFolder();
        var journey = HandMadeJourney.Load(folder);
        var march = ReportPeriod.ParseMonth("2026-03");
        var f = FunnelAnalysis.Compute(journey.Data, journey.Timelines, march, Utc(2026, 3, 5, 10));
        // Cut at 2026-03-05 10:00 (inclusive):
        // Awareness: a1 03-01, a2 03-02, a3 03-03, a4 03-04, a5 03-05 10:00 (at the cut: counts) = 5; a6..a10 enter later.
        // Consideration: a1 03-02, a2 03-04, a3 03-03 22:00, a4 03-05 10:00 (at the cut) = 4; a5's pricing is 03-07.
        // Purchase: a1 03-05 10:00 = 1; a4 buys 03-09, a2 03-10.  Retention: a1 onboards 03-06 = 0.
        Assert.Equal([5L, 4L, 1L, 0L], f.Stages.Select(s => s.Customers));
        Assert.Equal(0.8, f.Stages[1].ConversionFromPrevious!.Value, Tolerance);   // 4/5
        Assert.Equal(Utc(2026, 3, 5, 10), f.CutoffUtc);
        // Awareness -> Consideration durations counted at the cut: a1 1 d, a2 2 d, a3 0.5 d, a4 1 d: median of [0.5, 1, 1, 2] = 1 d.
        Assert.Equal(TimeSpan.FromDays(1), f.Stages[1].MedianTimeFromPrevious);
        // Without a cut the March funnel is as before: [10, 8, 5, 2] (FunnelTests).
        Assert.Equal([10L, 8L, 5L, 2L], FunnelAnalysis.Compute(journey.Data, journey.Timelines, march, cutoffUtc: null).Stages.Select(s => s.Customers));
    }

    [Fact]
    public void Inside_the_report_month_earlier_cohorts_are_cut_the_same_time_after_their_month_began()
    {
        var period = Period("UTC", "2026-04", Utc(2026, 4, 10, 12));
        Assert.Equal(CutAnchor.MonthStart, period.Anchor);
        // age = 2026-04-10 12:00 - 2026-04-01 00:00 = 9.5 days (+ the tick that makes the cutoff inclusive).
        Assert.Equal(TimeSpan.FromDays(9.5).Ticks + 1, period.Age.Ticks);
        // March: 2026-03-01 + 9.5 days = 2026-03-10 12:00; February: 2026-02-10 12:00.
        Assert.Equal(Utc(2026, 3, 10, 12), period.CutoffFor(ReportPeriod.ParseMonth("2026-03")));
        Assert.Equal(Utc(2026, 2, 10, 12), period.CutoffFor(ReportPeriod.ParseMonth("2026-02")));
        Assert.Equal(period.AsOfUtc, period.CutoffFor(period.Month));
        Assert.Equal("both cohorts as of 9.5 days after their month began", period.ComparisonBasis(period.Month).Text);
    }

    [Fact]
    public void After_the_report_month_earlier_cohorts_are_cut_the_same_time_after_their_month_ended()
    {
        var zone = TimeZones.TryFind("America/New_York")!;
        var august = ReportPeriod.ParseMonth("2026-08");
        var period = Period("America/New_York", "2026-08", ReportPeriod.MonthEndCutoff(august, zone));
        // Month end in New York (EDT, UTC-4): the cutoff is 2026-09-01 04:00 UTC minus one tick.
        Assert.Equal(Utc(2026, 9, 1, 4).AddTicks(-1), period.AsOfUtc);
        Assert.Equal(CutAnchor.MonthEnd, period.Anchor);
        Assert.Equal(TimeSpan.Zero, period.AnchorOffset);
        Assert.Equal(TimeSpan.FromDays(31), period.Age);                              // 2026-08-01 04:00Z to 2026-09-01 04:00Z
        // July ends 2026-08-01 04:00Z; February ends 2026-03-01 05:00Z (EST, UTC-5): each cut one tick before.
        Assert.Equal(Utc(2026, 8, 1, 4).AddTicks(-1), period.CutoffFor(august - 1));
        Assert.Equal(Utc(2026, 3, 1, 5).AddTicks(-1), period.CutoffFor(ReportPeriod.ParseMonth("2026-02")));
        Assert.Equal("both cohorts as of 0 days after their month ended", period.ComparisonBasis(august).Text);
        // 30-day window: July is mature at August's end (2026-08-01 04:00Z + 30 d = 2026-08-31 04:00Z ≤ 2026-09-01 04:00Z);
        // August is not. September's report at its end: August's window closes 2026-10-01 04:00Z, exactly then: mature.
        Assert.True(period.IsMature(august - 1));
        Assert.False(period.IsMature(august));
        var september = Period("America/New_York", "2026-09", ReportPeriod.MonthEndCutoff(august + 1, zone));
        Assert.True(september.IsMature(august));
        Assert.Equal(Utc(2026, 10, 1, 4).AddTicks(-1), september.AsOfUtc);
    }

    [Fact]
    public void Mature_cohorts_are_compared_over_their_full_window()
    {
        using var folder = new TestFolder();
        var journey = HandMadeJourney.Load(folder);
        var march = ReportPeriod.ParseMonth("2026-03");
        // As of 2026-06-01 the March cohort is mature (2026-04-01 + 30 d = 2026-05-01): no cut, full-window figures.
        var period = ReportPeriod.Create(journey.Definition, TimeZoneInfo.Utc, march, Utc(2026, 6, 1));
        var funnels = new CohortFunnels(journey.Data, journey.Timelines, period);
        var (now, before) = funnels.Comparison(march, march - 1);
        Assert.Equal("full conversion window", now.Basis.Text);
        Assert.Equal([10L, 8L, 5L, 2L], now.Stages.Select(s => s.Customers));
        Assert.Equal(period.AsOfUtc, before.CutoffUtc);
        Assert.Equal(0L, before.Entered);                                             // nobody entered in February
    }

    [Fact]
    public void Headlines_and_pain_point_baselines_of_a_maturing_month_are_age_matched()
    {
        using var folder = new TestFolder();
        var journey = HandMadeJourney.Load(folder);
        // April as of the end of the data (2026-04-10 12:00): March is cut at 2026-03-10 12:00, where it counts
        // Awareness a1..a10 = 10; Consideration all but a8, a9 = 8; Purchase a1 03-05, a2 03-10 10:00, a4 03-09,
        // a10 03-10 09:00 = 4 (a7 buys 04-06, after the cut); Retention a1 03-06 = 1 (a4 onboards 03-12).
        var report = JourneyReport.Compute(journey, "2026-04");
        var funnels = new CohortFunnels(journey.Data, journey.Timelines, report.Period);
        Assert.Equal([10L, 8L, 4L, 1L], funnels.Matched(report.Period.Month - 1, report.Period.Month).Stages.Select(s => s.Customers));
        Assert.Equal([1L, 1L, 0L, 0L], report.Funnel.Stages.Select(s => s.Customers));        // a11: visit 04-02, pricing 04-03

        var entering = report.Headlines.Single(h => h.Name == "Customers entering");
        Assert.Equal((1.0, 10.0), (entering.Value!.Value, entering.Previous!.Value));
        var final = report.Headlines.Single(h => h.Name == "Final conversion");
        Assert.Equal(0.0, final.Value!.Value, Tolerance);
        Assert.Equal(0.1, final.Previous!.Value, Tolerance);                                  // 1/10, not the full-window 2/10
        // 0/1 vs 1/10: an expected count is below 5, so Fisher's exact test. With these margins April holds 0 converted
        // (probability 10/11, observed) or 1 (1/11); both are no more likely than the observed table: p = 10/11 + 1/11 = 1.
        Assert.Equal("fisher", final.Test);
        Assert.Equal(1.0, final.PValue!.Value, 9);
        Assert.Equal("both cohorts as of 9.5 days after their month began", final.Comparison.Text);
        Assert.Equal("2026-04 vs 2026-03 cohort; both cohorts as of 9.5 days after their month began", final.Basis);

        // Baselines pool January to March, each cut at 9.5 days after its month began (only March has customers):
        // Awareness → Consideration 8/10, Consideration → Purchase 4/8 (full window 5/8), Purchase → Retention 1/4 (full 2/5).
        var transitions = report.PainPoints.Where(p => p.Kind == "transition").ToDictionary(p => p.Name, p => p.BaselineRate);
        Assert.Equal(0.8, transitions["Awareness → Consideration"]!.Value, Tolerance);
        Assert.Equal(0.5, transitions["Consideration → Purchase"]!.Value, Tolerance);
        Assert.Equal(0.25, transitions["Purchase → Retention"]!.Value, Tolerance);
        Assert.EndsWith("age-matched: each cohort as of 9.5 days after its month began", report.PainPoints.First(p => p.Kind == "transition").Basis);
        Assert.Equal(new Transition(1, "Consideration", 2, "Purchase"), report.PainPoints.Single(p => p.Name == "Consideration → Purchase").Transition);
    }

    [Fact]
    public void A_transition_is_a_value_with_the_arrow_text()
    {
        string[] stages = ["Awareness", "Consideration", "Purchase"];
        Assert.Equal("Consideration → Purchase", Transition.Into(stages, 2).Text);
        Assert.Equal(Transition.Into(stages, 2), new Transition(1, "Consideration", 2, "Purchase"));
        Assert.Equal("Overall", Transition.Overall(stages).Text);
        Assert.NotEqual(Transition.Overall(stages), new Transition(0, "Awareness", 2, "Purchase"));
    }

    private static ReportPeriod Period(string zone, string month, DateTime asOf) => new()
    {
        Month = ReportPeriod.ParseMonth(month), AsOfUtc = asOf, TimeZone = TimeZones.TryFind(zone)!,
        ConversionWindow = TimeSpan.FromDays(30), MinSampleSize = 30,
    };
}
