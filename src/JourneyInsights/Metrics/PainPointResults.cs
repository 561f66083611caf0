namespace JourneyInsights.Metrics;

/// <summary>
/// A place where customers are lost while feeling bad. Impact = customers lost there × negativity, where negativity is
/// the share of survey responses there with a negative emotion score (fraction 0-1); where no response was placed
/// there, the month's share over all stages is used. See docs/metrics.md.
/// </summary>
public sealed record PainPoint
{
    public required int Rank { get; init; }
    /// <summary>"transition" (stage k-1 to k) or "touchpoint" (the last touchpoint of customers who stopped there).</summary>
    public required string Kind { get; init; }
    /// <summary>"Consideration → Purchase", or a touchpoint name.</summary>
    public required string Name { get; init; }
    public required string Stage { get; init; }
    public required string Month { get; init; }
    public required long CustomersLost { get; init; }
    /// <summary>Mean emotion there this month (null when no response was placed there).</summary>
    public double? Emotion { get; init; }
    public long EmotionResponses { get; init; }
    /// <summary>Share of negative responses there (or the month's journey-wide share when <see cref="EmotionResponses"/> is 0).</summary>
    public required double Negativity { get; init; }
    /// <summary>The same share pooled over the previous three months.</summary>
    public double? BaselineNegativity { get; init; }
    public required double Impact { get; init; }
    /// <summary>Transitions: conversion this month; touchpoints: share of the cohort that stopped there.</summary>
    public double? Rate { get; init; }
    /// <summary>The same rate pooled over the previous three cohort months (age-matched while the cohort is maturing: <see cref="BaselineBasis"/>).</summary>
    public double? BaselineRate { get; init; }
    /// <summary>Basis of <see cref="BaselineRate"/>: pooled over 3 cohort months, each as of the report cohort's age when it is maturing.</summary>
    public FigureBasis BaselineBasis { get; init; } = FigureBasis.Pooled(3);
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
