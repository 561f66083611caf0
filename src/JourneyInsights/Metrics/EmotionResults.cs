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
    public long CsatResponses { get; init; }
    public double? CsatTop2Box { get; init; }
    public long CesResponses { get; init; }
    public double? MeanCes { get; init; }
    /// <summary>Share of scored responses with a negative emotion score (score &lt; 0), fraction 0-1.</summary>
    public double? NegativeShare { get; init; }
    /// <summary>True when fewer responses than the minimum sample size (default 30) carry the mean.</summary>
    public bool LowSample { get; init; }
}

/// <summary>Month-over-month change of a group's mean emotion, with Welch's test.</summary>
public sealed record EmotionChange(string Group, string Month, string PreviousMonth, double? Mean, double? PreviousMean, double? Change, double? PValue, bool Significant);

/// <summary>Mean emotion per stage for one group (all customers, or one persona): the line a journey map draws.</summary>
public sealed record EmotionCurve(string Group, IReadOnlyList<EmotionSummary> Stages);

/// <summary>A comment behind a low score, with e-mail addresses and phone numbers masked.</summary>
public sealed record Verbatim(string Stage, string Survey, string Month, double Score, string Comment, string CustomerKey);

/// <summary>Emotion per stage for each month, and the month-over-month changes.</summary>
public sealed record EmotionTrend(IReadOnlyList<EmotionSummary> Points, IReadOnlyList<EmotionChange> Changes);
