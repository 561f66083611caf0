using JourneyInsights.Journeys;

namespace JourneyInsights.Metrics;

/// <summary>
/// The instant each cohort is observed at for one report, so that a maturing report cohort is compared like with like:
/// a view of <see cref="ReportPeriod"/> for the pain-point and findings scans. When the report month M is mature at the
/// cutoff every cohort is taken with its full window (no cut); otherwise cohort P is cut at
/// <see cref="ReportPeriod.CutoffFor(int)"/> (the same time after its month ended, or began, as M at the cutoff).
/// Definition in docs/metrics.md ("Age-matched comparison").
/// </summary>
public sealed record CohortCut
{
    /// <summary>The report period the cut belongs to.</summary>
    public required ReportPeriod Period { get; init; }
    /// <summary>The report month (month key).</summary>
    public int Month => Period.Month;
    /// <summary>The instant the report month is observed at (UTC, inclusive): the report's cutoff.</summary>
    public DateTime AsOfUtc => Period.AsOfUtc;
    /// <summary>True when cohorts are cut at the report cohort's age; false when every cohort has its full window.</summary>
    public bool AgeMatched => !Period.IsMature(Period.Month);
    /// <summary>The report cohort's age at the cutoff (<see cref="ReportPeriod.Age"/>).</summary>
    public TimeSpan Age => Period.Age;

    /// <summary>The cut of a report of <paramref name="month"/> as of <paramref name="asOfUtc"/> (default: the end of the data).</summary>
    public static CohortCut For(JourneyData data, Timelines timelines, int month, DateTime? asOfUtc = null) =>
        For(ReportPeriod.Create(data.Definition, data.TimeZone, month, asOfUtc ?? data.DataEnd) with { ConversionWindow = timelines.Window });

    /// <summary>The cut of a report period.</summary>
    public static CohortCut For(ReportPeriod period) => new() { Period = period };

    /// <summary>UTC ticks up to which cohort <paramref name="cohort"/>'s records count (long.MaxValue: no cut).</summary>
    public long TicksFor(int cohort)
    {
        // Asked once per customer and touchpoint by the scans, for a handful of cohorts: worked out once per cohort.
        var cache = _ticks;
        if (cache is null || !ReferenceEquals(cache.Period, Period)) _ticks = cache = new TicksCache(Period);
        return cache.Ticks.GetOrAdd(cohort, static (c, p) => !p.IsMature(p.Month) ? p.CutoffFor(c).Ticks : long.MaxValue, Period);
    }

    private TicksCache? _ticks;

    /// <summary>The cut of each cohort asked for, for the period it was worked out from (a copy made with another period recomputes).</summary>
    private sealed class TicksCache(ReportPeriod period)
    {
        public ReportPeriod Period { get; } = period;
        public System.Collections.Concurrent.ConcurrentDictionary<int, long> Ticks { get; } = new();
    }

    /// <summary>Two cuts are equal when their periods are (the cache of worked-out cuts is not part of the value).</summary>
    public bool Equals(CohortCut? other) => other is not null && Period == other.Period;

    public override int GetHashCode() => Period.GetHashCode();

    /// <summary>UTC ticks against which "still inside the conversion window" is judged for a cohort: its cut, at most the as-of instant.</summary>
    public long JudgedAt(int cohort) => Math.Min(TicksFor(cohort), AsOfUtc.Ticks);

    /// <summary>
    /// How many stages a customer of a cohort counts at as of that cohort's cut (stage 1 .. k all reached by then), or 0
    /// when they entered the first stage after the cut (not yet in the cohort at that age).
    /// </summary>
    public int StagesReached(Timelines timelines, int customer, int cohort)
    {
        var at = TicksFor(cohort);
        var row = customer * timelines.StageCount;
        if (timelines.Moment[row] == 0 || timelines.Moment[row] > at) return 0;
        var r = 1;
        while (r < timelines.StageCount && timelines.Moment[row + r] != 0 && timelines.Moment[row + r] <= at) r++;
        return r;
    }

    /// <summary>What a pooled comparison rests on, in words: "age-matched: each cohort as of 0 days after its month ended", or "full conversion window".</summary>
    public string Basis => AgeMatched ? "age-matched: " + Period.ComparisonBasis(Month).EachCohortText : "full conversion window";
}
