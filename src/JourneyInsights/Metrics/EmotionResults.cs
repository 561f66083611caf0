namespace JourneyInsights.Metrics;

/// <summary>
/// Emotion figures of a group of survey responses. Responses = responses with an emotion score; mean score in [-1, +1]
/// with a 95 % t interval; NPS = % promoters (9-10) - % detractors (0-6) among NPS answers, in points (-100..100);
/// CSAT top-2-box = share of CSAT answers that are 4 or 5 (fraction 0-1); CES mean on its 1-7 scale.
/// </summary>
public sealed record EmotionSummary
{
    /// <summary>What the group is: a stage, touchpoint, persona or month.</summary>
    public required string Group { get; init; }
    public string? Month { get; init; }
    public long Responses { get; init; }
    public double? MeanScore { get; init; }
    public Interval? MeanInterval { get; init; }
    /// <summary>Sample variance of the scores (used by month-over-month tests).</summary>
    public double? ScoreVariance { get; init; }
    public long NpsResponses { get; init; }
    public double? Nps { get; init; }
    /// <summary>NPS answers of 9 or 10.</summary>
    public long Promoters { get; init; }
    /// <summary>NPS answers of 0 to 6.</summary>
    public long Detractors { get; init; }
    /// <summary>Adjusted-Wald NPS with its 95 % interval and margin of error, in points (null without NPS answers); see docs/metrics.md.</summary>
    public NpsEstimate? NpsEstimate { get; init; }
    /// <summary>True when fewer NPS answers than the minimum sample size carry the NPS.</summary>
    public bool NpsLowSample => NpsResponses < MinSample;
    public long CsatResponses { get; init; }
    public double? CsatTop2Box { get; init; }
    /// <summary>CSAT answers of 4 or 5 (the numerator of <see cref="CsatTop2Box"/>).</summary>
    public long CsatTop2 { get; init; }
    /// <summary>Wilson 95 % interval of <see cref="CsatTop2Box"/> (null without CSAT answers).</summary>
    public Interval? CsatInterval { get; init; }
    /// <summary>True when fewer CSAT answers than the minimum sample size carry the top-2-box share.</summary>
    public bool CsatLowSample => CsatResponses < MinSample;
    /// <summary>The minimum sample size the low-sample flags use (the definition's <c>funnel.minSampleSize</c>).</summary>
    public int MinSample { get; init; } = 30;
    public long CesResponses { get; init; }
    public double? MeanCes { get; init; }
    /// <summary>Share of scored responses with a negative emotion score (score &lt; 0), fraction 0-1.</summary>
    public double? NegativeShare { get; init; }
    /// <summary>True when fewer responses than the minimum sample size (default 30) carry the mean.</summary>
    public bool LowSample { get; init; }
}

/// <summary>
/// Month-over-month change of a group's mean emotion, with Welch's test. <see cref="PValue"/> is the raw p-value;
/// <see cref="AdjustedPValue"/> the Benjamini–Hochberg one over all the report's tests, and <see cref="Significant"/>
/// (adjusted p &lt; alpha) is set from it when the report is computed (raw p &lt; alpha when used alone).
/// </summary>
public sealed record EmotionChange(string Group, string Month, string PreviousMonth, double? Mean, double? PreviousMean, double? Change, double? PValue, bool Significant)
{
    public double? AdjustedPValue { get; init; }
}

/// <summary>Mean emotion per stage for one group (all customers, or one persona): the line a journey map draws.</summary>
public sealed record EmotionCurve(string Group, IReadOnlyList<EmotionSummary> Stages);

/// <summary>A comment behind a low score, with e-mail addresses and phone numbers masked.</summary>
public sealed record Verbatim(string Stage, string Survey, string Month, double Score, string Comment, string CustomerKey);

/// <summary>Emotion per stage for each month, and the month-over-month changes.</summary>
public sealed record EmotionTrend(IReadOnlyList<EmotionSummary> Points, IReadOnlyList<EmotionChange> Changes);
