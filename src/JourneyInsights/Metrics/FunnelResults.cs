namespace JourneyInsights.Metrics;

/// <summary>
/// One stage of a funnel. <see cref="Customers"/> = customers of the cohort counting at this stage;
/// conversion from previous = Customers / customers at the previous stage; from first = Customers / customers at stage 1;
/// drop-off = customers at the previous stage - Customers.
/// </summary>
public sealed record StageConversion
{
    public required string Stage { get; init; }
    public required int Index { get; init; }
    public required long Customers { get; init; }
    /// <summary>Customers at the previous stage (the denominator of <see cref="ConversionFromPrevious"/>); for stage 1, its own count.</summary>
    public required long PreviousCustomers { get; init; }
    /// <summary>Fraction 0-1; null for stage 1 or when the previous stage has no customers.</summary>
    public double? ConversionFromPrevious { get; init; }
    /// <summary>Fraction 0-1 of stage-1 customers; null when the cohort is empty.</summary>
    public double? ConversionFromFirst { get; init; }
    /// <summary>Wilson 95 % interval of <see cref="ConversionFromPrevious"/>.</summary>
    public Interval? ConversionInterval { get; init; }
    /// <summary>Customers lost between the previous stage and this one (0 for stage 1).</summary>
    public long DropOff { get; init; }
    /// <summary>DropOff / PreviousCustomers, fraction 0-1.</summary>
    public double? DropOffRate { get; init; }
    /// <summary>Median time from counting at the previous stage to counting here (linear-interpolated quantile).</summary>
    public TimeSpan? MedianTimeFromPrevious { get; init; }
    /// <summary>90th percentile of the same durations.</summary>
    public TimeSpan? P90TimeFromPrevious { get; init; }
    /// <summary>True when <see cref="PreviousCustomers"/> is below the definition's minimum sample size (default 30).</summary>
    public bool LowSample { get; init; }
    /// <summary>
    /// True in a segment's funnel for a transition from a stage before the one where the segment's value becomes known
    /// (persona, from the CRM, is unknown before the CRM's first stage): the segment's customers there are only those
    /// who went on, so <see cref="ConversionFromPrevious"/>, its interval and drop-off rate are not given (null).
    /// See <see cref="FunnelBreakdown.KnownFromStage"/>.
    /// </summary>
    public bool SegmentNotKnownYet { get; init; }
}

/// <summary>A funnel for one cohort (a month, or all months) and optionally one segment.</summary>
public sealed record FunnelResult
{
    /// <summary>"YYYY-MM", or "all".</summary>
    public required string Cohort { get; init; }
    /// <summary>The breakdown dimension (persona, channel, device, region), or null for the whole cohort.</summary>
    public string? Dimension { get; init; }
    public string? Segment { get; init; }
    /// <summary>True while the cohort's conversion window has not closed: its numbers can still grow.</summary>
    public bool Maturing { get; init; }
    /// <summary>The instant (UTC, inclusive) the cohort was cut at (a stage reached later does not count), or null for no cut.</summary>
    public DateTime? CutoffUtc { get; init; }
    /// <summary>What the figures are computed over: this cohort, an age-matched cut of it, or all cohorts.</summary>
    public FigureBasis Basis { get; init; } = FigureBasis.ThisCohort;
    public required IReadOnlyList<StageConversion> Stages { get; init; }
    /// <summary>Customers entering stage 1.</summary>
    public long Entered => Stages[0].Customers;
    /// <summary>Customers at the last stage / customers at stage 1; null for a segment whose value is unknown at stage 1 (see <see cref="StageConversion.SegmentNotKnownYet"/>).</summary>
    public double? FinalConversion => Stages[^1].ConversionFromFirst;
}

/// <summary>
/// Month-over-month change of one transition's conversion, with a two-proportion z-test on
/// <see cref="Successes"/>/<see cref="Trials"/> vs <see cref="PreviousSuccesses"/>/<see cref="PreviousTrials"/>.
/// When the later cohort is still maturing both are counted age-matched (<see cref="Basis"/>).
/// </summary>
public sealed record ConversionChange
{
    public required string Month { get; init; }
    public required string PreviousMonth { get; init; }
    /// <summary>The transition (display text "From → To"), or the overall conversion (first to last stage, "Overall").</summary>
    public required Transition Transition { get; init; }
    /// <summary>Successes / Trials of this month (age-matched when <see cref="Basis"/> says so).</summary>
    public double? Rate { get; init; }
    /// <summary>PreviousSuccesses / PreviousTrials.</summary>
    public double? PreviousRate { get; init; }
    /// <summary>Customers reaching the later stage this month (numerator of <see cref="Rate"/>).</summary>
    public long Successes { get; init; }
    /// <summary>Customers at the earlier stage this month (denominator of <see cref="Rate"/>; stage-1 customers for Overall).</summary>
    public long Trials { get; init; }
    public long PreviousSuccesses { get; init; }
    public long PreviousTrials { get; init; }
    /// <summary>Rate - PreviousRate (fraction points).</summary>
    public double? Change { get; init; }
    public double? Z { get; init; }
    /// <summary>Raw two-sided p-value of the z-test.</summary>
    public double? PValue { get; init; }
    /// <summary>Benjamini–Hochberg adjusted p-value over all the report's tests (set when a report is computed; else null).</summary>
    public double? AdjustedPValue { get; init; }
    /// <summary>p &lt; alpha (in a report: the adjusted p; otherwise the raw p).</summary>
    public bool Significant { get; init; }
    /// <summary>True when the two cohorts are compared like for like (both mature, or age-matched) and a test was made.</summary>
    public bool Comparable { get; init; }
    /// <summary>Full conversion window (both mature) or age-matched ("both cohorts as of 0 days after their month ended").</summary>
    public FigureBasis Basis { get; init; } = FigureBasis.FullWindow;
}

/// <summary>The funnel of each of the last months' cohorts and their month-over-month changes.</summary>
public sealed record FunnelTrend(IReadOnlyList<FunnelResult> Months, IReadOnlyList<ConversionChange> Changes);

/// <summary>The same funnel split by one customer attribute.</summary>
public sealed record FunnelBreakdown(string Dimension, string Cohort, IReadOnlyList<FunnelResult> Segments)
{
    /// <summary>
    /// The first stage (index) at which the attribute is known for a customer: persona comes from the CRM and is known
    /// from the first stage the data places a CRM record at (<see cref="Journeys.JourneyData.FirstCrmStage"/>); channel,
    /// device and region come from the first analytics event and are known from stage 0. Transitions out of earlier
    /// stages are not given per segment (<see cref="StageConversion.SegmentNotKnownYet"/>).
    /// </summary>
    public int KnownFromStage { get; init; }

    /// <summary>Distinct values of the attribute among the cohort's customers.</summary>
    public int Values { get; init; }

    /// <summary>The most segments shown (<see cref="Definition.FunnelDefinition.MaxSegments"/>).</summary>
    public int Cap { get; init; }

    /// <summary>Values pooled into the last segment, <see cref="FunnelAnalysis.OtherSegment"/> (0: every value has its own segment).</summary>
    public int OtherValues { get; init; }

    /// <summary>Whether values beyond <see cref="Cap"/> were pooled into one "other" segment.</summary>
    public bool Capped => OtherValues > 0;

    /// <summary>The cap of this breakdown as a <see cref="Metrics.SegmentCap"/> (table <see cref="SegmentCap.Breakdowns"/>).</summary>
    public SegmentCap SegmentCap => new(SegmentCap.Breakdowns, Dimension, Values, Cap, OtherValues);
}
