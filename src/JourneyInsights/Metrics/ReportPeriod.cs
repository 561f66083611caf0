using System.Globalization;
using JourneyInsights.Journeys;

namespace JourneyInsights.Metrics;

/// <summary>Where an age-matched cut is measured from: the start of each cohort's month, or its end.</summary>
public enum CutAnchor
{
    /// <summary>The report is cut inside its own month: every cohort is cut the same time after its month began.</summary>
    MonthStart,
    /// <summary>The report is cut after its month ended: every cohort is cut the same time after its month ended.</summary>
    MonthEnd,
}

/// <summary>
/// The period of one monthly report, resolved once and handed to every metric: the report (cohort) month, the previous
/// month, the as-of cutoff (the last instant of data the report may see, UTC), the report time zone, the conversion
/// window, the minimum sample and the significance level. It also decides how cohorts are compared like for like
/// (see docs/metrics.md, "Age-matched comparison").
/// </summary>
public sealed record ReportPeriod
{
    /// <summary>Report month key (year * 12 + month - 1, report time zone).</summary>
    public required int Month { get; init; }
    /// <summary>The last instant (UTC, inclusive) the report sees: the end of the report month by default.</summary>
    public required DateTime AsOfUtc { get; init; }
    /// <summary>The report time zone: month boundaries are local midnights of the first day in this zone.</summary>
    public required TimeZoneInfo TimeZone { get; init; }
    /// <summary>Stage k counts only within this time of stage-1 entry.</summary>
    public required TimeSpan ConversionWindow { get; init; }
    /// <summary>A rate whose denominator is below this is flagged as a low sample.</summary>
    public required int MinSampleSize { get; init; }
    /// <summary>Significance level of the month-over-month tests (raw p-values).</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Month key of the month before the report month.</summary>
    public int PreviousMonth => Month - 1;
    /// <summary>"YYYY-MM" of the report month.</summary>
    public string MonthText => Timelines.MonthText(Month);
    /// <summary>"YYYY-MM" of the previous month.</summary>
    public string PreviousMonthText => Timelines.MonthText(Month - 1);
    /// <summary>First instant (UTC) of the report month.</summary>
    public DateTime MonthStartUtc => MonthStart(Month);
    /// <summary>First instant (UTC) after the report month.</summary>
    public DateTime MonthEndUtc => MonthStart(Month + 1);

    /// <summary>
    /// The report cohort's age: the time from the start of the report month to just after the cutoff,
    /// AsOfUtc + 1 tick - MonthStartUtc (a month-end cutoff gives exactly the month's length).
    /// </summary>
    public TimeSpan Age => AsOfUtc.AddTicks(1) - MonthStartUtc;

    /// <summary>MonthEnd when the cutoff lies at or after the end of the report month, MonthStart otherwise.</summary>
    public CutAnchor Anchor => AnchorFor(Month);

    /// <summary>
    /// The time from the anchor to just after the cutoff: after month start (MonthStart) or after month end (MonthEnd).
    /// 0 for the default month-end cutoff.
    /// </summary>
    public TimeSpan AnchorOffset => OffsetFor(Month);

    /// <summary>
    /// The age-matched cutoff of <paramref name="cohort"/>: the instant (UTC, inclusive) at which that cohort was as old
    /// as the report cohort is at <see cref="AsOfUtc"/>. A stage reached after it does not count for that cohort.
    /// MonthEnd anchor: monthStart(cohort + 1) + (AsOfUtc - monthStart(Month + 1)); MonthStart anchor:
    /// monthStart(cohort) + (AsOfUtc - monthStart(Month)). For the report month itself it is <see cref="AsOfUtc"/>.
    /// </summary>
    public DateTime CutoffFor(int cohort) => CutoffFor(cohort, Month);

    /// <summary>The cutoff at which <paramref name="cohort"/> was as old as <paramref name="reference"/> is at <see cref="AsOfUtc"/>.</summary>
    public DateTime CutoffFor(int cohort, int reference) => AnchorFor(reference) == CutAnchor.MonthEnd
        ? MonthStart(cohort + 1) + (AsOfUtc - MonthStart(reference + 1))
        : MonthStart(cohort) + (AsOfUtc - MonthStart(reference));

    /// <summary>
    /// True when every customer of <paramref name="cohort"/> has had the whole conversion window by the cutoff:
    /// monthStart(cohort + 1) + window ≤ AsOfUtc + 1 tick. Its figures can no longer grow.
    /// </summary>
    public bool IsMature(int cohort) => MonthStart(cohort + 1) + ConversionWindow <= AsOfUtc.AddTicks(1);

    /// <summary>
    /// How <paramref name="cohort"/> is compared with earlier cohorts: the full window when it is mature, otherwise
    /// age-matched to its age at the cutoff.
    /// </summary>
    public FigureBasis ComparisonBasis(int cohort) =>
        IsMature(cohort) ? FigureBasis.FullWindow : FigureBasis.AgeMatched(AnchorFor(cohort), OffsetFor(cohort));

    /// <summary>The cutoff to apply to <paramref name="cohort"/> when it is compared with <paramref name="reference"/>.</summary>
    public DateTime ComparisonCutoff(int cohort, int reference) => IsMature(reference) ? AsOfUtc : CutoffFor(cohort, reference);

    private CutAnchor AnchorFor(int reference) => AsOfUtc.AddTicks(1) >= MonthStart(reference + 1) ? CutAnchor.MonthEnd : CutAnchor.MonthStart;

    private TimeSpan OffsetFor(int reference) =>
        AsOfUtc.AddTicks(1) - (AnchorFor(reference) == CutAnchor.MonthEnd ? MonthStart(reference + 1) : MonthStart(reference));

    /// <summary>First instant (UTC) of a month key in the report time zone.</summary>
    public DateTime MonthStart(int month) => Timelines.MonthStartUtc(month, TimeZone);

    /// <summary>The period of <paramref name="month"/> as of <paramref name="asOfUtc"/>, with the definition's funnel settings.</summary>
    public static ReportPeriod Create(Definition.JourneyDefinition definition, TimeZoneInfo zone, int month, DateTime asOfUtc) => new()
    {
        Month = month,
        AsOfUtc = DateTime.SpecifyKind(asOfUtc, DateTimeKind.Utc),
        TimeZone = zone,
        ConversionWindow = TimeSpan.FromDays(definition.Funnel.ConversionWindowDays),
        MinSampleSize = definition.Funnel.MinSampleSize,
        Alpha = definition.Funnel.Alpha,
    };

    /// <summary>The last instant (UTC) of <paramref name="month"/> in <paramref name="zone"/>: the default (month-end) cutoff.</summary>
    public static DateTime MonthEndCutoff(int month, TimeZoneInfo zone) => Timelines.MonthStartUtc(month + 1, zone).AddTicks(-1);

    /// <summary>Month key of a "YYYY-MM" text.</summary>
    /// <exception cref="ArgumentException">Not YYYY-MM.</exception>
    public static int ParseMonth(string month)
    {
        if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            throw new ArgumentException($"expected a month as YYYY-MM; found '{month}'", nameof(month));
        return Timelines.MonthKey(d.Year, d.Month);
    }
}
