using System.Globalization;
using JourneyInsights.Journeys;

namespace JourneyInsights.Metrics;

/// <summary>
/// The instant each cohort is observed at, so that a maturing report cohort is compared like with like. With the report
/// month M observed as of <see cref="AsOfUtc"/>: when M's conversion window has closed (monthStart(M+1) + window ≤ as-of)
/// every cohort is taken with its full window (no cut); otherwise cohort P is cut at monthStart(P) + (as-of − monthStart(M))
/// (an age-matched cut: every cohort as of the same time since its month began). Definition in docs/metrics.md.
/// </summary>
public sealed record CohortCut
{
    /// <summary>The report month (month key).</summary>
    public required int Month { get; init; }
    /// <summary>The instant the report month is observed at (UTC): the journey's cutoff, else the end of the data.</summary>
    public required DateTime AsOfUtc { get; init; }
    /// <summary>True when cohorts are cut at the report cohort's age; false when every cohort has its full window.</summary>
    public required bool AgeMatched { get; init; }
    /// <summary>as-of − monthStart(report month): how long each cohort has been observed when age-matched.</summary>
    public required TimeSpan Age { get; init; }
    private TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The cut of <paramref name="data"/>'s cohorts for a report of <paramref name="month"/> as of <paramref name="asOfUtc"/> (default: the end of the data).</summary>
    public static CohortCut For(JourneyData data, Timelines timelines, int month, DateTime? asOfUtc = null)
    {
        var asOf = asOfUtc ?? data.DataEnd;
        var start = Timelines.MonthStartUtc(month, data.TimeZone);
        var mature = Timelines.MonthStartUtc(month + 1, data.TimeZone) + timelines.Window <= asOf;
        return new CohortCut { Month = month, AsOfUtc = asOf, AgeMatched = !mature, Age = asOf - start, Zone = data.TimeZone };
    }

    /// <summary>UTC ticks up to which cohort <paramref name="cohort"/>'s records count (long.MaxValue: no cut).</summary>
    public long TicksFor(int cohort) => AgeMatched ? (Timelines.MonthStartUtc(cohort, Zone) + Age).Ticks : long.MaxValue;

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

    /// <summary>What the comparison rests on, in words, e.g. "age-matched: each cohort as of 30 days after its month began".</summary>
    public string Basis => AgeMatched
        ? string.Create(CultureInfo.InvariantCulture, $"age-matched: each cohort as of {Math.Max(0, Age.TotalDays):0} days after its month began")
        : "full conversion window";
}
