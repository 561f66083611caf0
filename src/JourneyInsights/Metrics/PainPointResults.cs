namespace JourneyInsights.Metrics;

/// <summary>
/// A place where the month's cohort lost more customers than usual. For a transition (stage k-1 to k): customers =
/// cohort customers at stage k-1, rate = share of them reaching stage k, excess lost = customers × (baseline rate − rate).
/// For a touchpoint: customers = the cohort, rate = share of the cohort lost with that touchpoint as the last one,
/// excess lost = customers × (rate − baseline rate). Baseline = the previous three cohorts pooled, observed at the same
/// cut (<see cref="Basis"/>). Customers still inside their conversion window are in progress, not lost. See docs/metrics.md.
/// </summary>
public sealed record PainPoint
{
    /// <summary>1 = the most customers lost beyond the baseline (ties: the more negative feedback first).</summary>
    public required int Rank { get; init; }
    /// <summary>"transition" (stage k-1 to k) or "touchpoint" (the last touchpoint of customers lost after it).</summary>
    public required string Kind { get; init; }
    /// <summary>"Consideration → Purchase", or a touchpoint name.</summary>
    public required string Name { get; init; }
    /// <summary>Transitions: the stage being reached (k); touchpoints: the touchpoint's stage.</summary>
    public required string Stage { get; init; }
    /// <summary>Transitions: the index of the stage being reached (k ≥ 1); touchpoints: the touchpoint's stage index.</summary>
    public int StageIndex { get; init; }
    public required string Month { get; init; }
    /// <summary>The denominator of <see cref="Rate"/>: transitions, cohort customers at stage k-1; touchpoints, the cohort.</summary>
    public long Customers { get; init; }
    /// <summary>Customers lost there: they did not go on and their conversion window has closed (as of the cut).</summary>
    public required long CustomersLost { get; init; }
    /// <summary>Customers who have not gone on yet but whose conversion window is still open: neither lost nor converted.</summary>
    public long InProgress { get; init; }
    /// <summary>Transitions: conversion (reached k / at k-1); touchpoints: customers lost there / the cohort. Fraction 0-1.</summary>
    public double? Rate { get; init; }
    /// <summary>The same rate pooled over the previous three cohort months, observed at the same cut; null when they hold nobody.</summary>
    public double? BaselineRate { get; init; }
    /// <summary>The denominator of <see cref="BaselineRate"/> (pooled).</summary>
    public long BaselineCustomers { get; init; }
    /// <summary>Customers lost beyond the baseline: positive = worse than usual; null without a baseline.</summary>
    public double? ExcessLost { get; init; }
    /// <summary>Raw two-sided p-value of rate vs baseline rate (<see cref="Test"/>); null when untestable.</summary>
    public double? PValue { get; init; }
    /// <summary>Benjamini–Hochberg adjusted p-value over all the report's tests (equal to the raw one when ranked alone).</summary>
    public double? AdjustedPValue { get; init; }
    /// <summary>"z" (two-proportion z-test) or "fisher" (Fisher's exact test, used when an expected count is below 5).</summary>
    public string? Test { get; init; }
    /// <summary>Adjusted p &lt; alpha and the rate is worse than the baseline.</summary>
    public bool Significant { get; init; }
    /// <summary>True when fewer than the minimum sample size are in <see cref="Customers"/>.</summary>
    public bool LowSample { get; init; }
    /// <summary>What the comparison rests on: "this cohort vs the pooled previous three cohorts (…)".</summary>
    public string Basis { get; init; } = "";
    /// <summary>Mean emotion of the responses placed there this month (null when none).</summary>
    public double? Emotion { get; init; }
    public long EmotionResponses { get; init; }
    /// <summary>
    /// Share of negative responses (score &lt; 0), fraction 0-1: transitions, responses placed at stage k this month;
    /// touchpoints, responses placed at the touchpoint, else the stage's share (<see cref="NegativityEstimated"/>).
    /// Null when there is no response to go on ("no survey data"), never 0 for lack of data.
    /// </summary>
    public double? Negativity { get; init; }
    /// <summary>Responses behind <see cref="Negativity"/>.</summary>
    public long NegativityResponses { get; init; }
    /// <summary>True when a touchpoint's negativity is its stage's (no response was placed at the touchpoint itself).</summary>
    public bool NegativityEstimated { get; init; }
    /// <summary>The same share pooled over the previous three months.</summary>
    public double? BaselineNegativity { get; init; }
    /// <summary>Mean emotion there pooled over the previous three months.</summary>
    public double? BaselineEmotion { get; init; }
    public IReadOnlyList<Verbatim> Verbatims { get; init; } = [];
    /// <summary>Transitions: the transition (its text is <see cref="Name"/>); touchpoints: null.</summary>
    public Transition? Transition { get; init; }
}

/// <summary>
/// Extra customers reaching the last stage if one transition converted like its best segment (n ≥ the minimum sample).
/// ExtraAtStage = previous-stage customers × (best rate - rate); ExtraFinal = ExtraAtStage × the cohort's conversion from that stage to the last.
/// </summary>
public sealed record Opportunity
{
    public required Transition Transition { get; init; }
    public required string Month { get; init; }
    public required double? Rate { get; init; }
    /// <summary>Basis of the segment rates: pooled cohort months, age-matched to the report cohort while it is maturing.</summary>
    public FigureBasis SegmentBasis { get; init; } = FigureBasis.Pooled(12);
    public string? BestDimension { get; init; }
    public string? BestSegment { get; init; }
    public double? BestRate { get; init; }
    public long BestSegmentSize { get; init; }
    public double ExtraAtStage { get; init; }
    public double ExtraFinal { get; init; }
}
