namespace JourneyInsights.Metrics;

/// <summary>
/// One tested statement about the report month, ranked for the top of the report. Every finding compares
/// <see cref="Value"/> with <see cref="Baseline"/> (on <see cref="Basis"/>) and is listed only when its
/// Benjamini–Hochberg adjusted p-value over all the report's tests is below alpha. Definitions in docs/metrics.md.
/// </summary>
public sealed record Finding
{
    /// <summary>1 = shown first.</summary>
    public int Rank { get; init; }
    /// <summary>
    /// "conversion" (a transition's or the overall conversion against the previous three cohorts), "painPoint" (a touchpoint
    /// where more customers stopped than usual), "emotion" (a stage's mean emotion, Welch's test), "nps" (the month's NPS,
    /// adjusted-Wald test), "driver" (a touchpoint or segment value going with stopping at a transition, see
    /// <see cref="DropOffDriver"/>) or "segmentGap" (a segment converting worse than the rest of the cohort).
    /// </summary>
    public required string Kind { get; init; }
    /// <summary>"Consideration → Purchase", or "Overall" (first to last stage), for conversions and segment gaps.</summary>
    public Transition? Transition { get; init; }
    /// <summary>The stage concerned (emotion, NPS by stage, a touchpoint's stage, or the stage a transition reaches).</summary>
    public string? Stage { get; init; }
    /// <summary>The touchpoint of a pain-point finding.</summary>
    public string? Touchpoint { get; init; }
    /// <summary>The breakdown dimension of a segment gap (persona, channel, device, region).</summary>
    public string? Dimension { get; init; }
    /// <summary>The segment of a segment gap, e.g. "Freelancer".</summary>
    public string? Segment { get; init; }
    /// <summary>"fraction" (rates 0-1), "score" (emotion −1..+1) or "points" (NPS −100..100).</summary>
    public required string Unit { get; init; }
    /// <summary>This month's (or this segment's) figure.</summary>
    public double? Value { get; init; }
    /// <summary>What it is compared with: the previous three cohorts or months pooled, or the rest of the cohort.</summary>
    public double? Baseline { get; init; }
    /// <summary>Value − Baseline, in the unit.</summary>
    public double? Change => Value - Baseline;
    /// <summary>Customers behind <see cref="Value"/> (or responses, for emotion and NPS).</summary>
    public long Sample { get; init; }
    /// <summary>Customers (or responses) behind <see cref="Baseline"/>.</summary>
    public long BaselineSample { get; init; }
    /// <summary>True when <see cref="Sample"/> is below the minimum sample size.</summary>
    public bool LowSample { get; init; }
    /// <summary>Customers lost beyond the baseline (conversion, pain point, segment gap); null for emotion and NPS.</summary>
    public double? CustomersAffected { get; init; }
    /// <summary>Raw two-sided p-value of the test named by <see cref="Test"/>.</summary>
    public double? PValue { get; init; }
    /// <summary>Benjamini–Hochberg adjusted p-value over all the report's tests.</summary>
    public double? AdjustedPValue { get; init; }
    /// <summary>"z", "fisher", "welch" or "adjusted-wald".</summary>
    public string? Test { get; init; }
    /// <summary>Adjusted p &lt; alpha.</summary>
    public bool Significant { get; init; }
    /// <summary>What is compared, e.g. "2026-08 cohort vs the 2026-05 to 2026-07 cohorts pooled; full conversion window".</summary>
    public required string Basis { get; init; }
    /// <summary>A masked comment of the stage behind the finding (lowest score first), or null.</summary>
    public string? Verbatim { get; init; }
    /// <summary>
    /// True when the finding says the report month is worse than its baseline over time: a conversion or a stage's emotion
    /// or the NPS below the previous three cohorts or months, or a touchpoint where more customers stopped than usual.
    /// A segment gap (one segment below the rest of the same cohort) compares segments, not months, and is no decline.
    /// </summary>
    public bool IsDecline => Kind switch
    {
        "conversion" or "emotion" or "nps" => Change < 0,
        "painPoint" => Change > 0,
        _ => false,
    };
    /// <summary>The drop-off driver behind a "driver" finding (its counts, odds ratio and population), else null.</summary>
    public DropOffDriver? Driver { get; init; }
    /// <summary>The finding in one plain sentence (invariant culture), e.g. "Consideration → Purchase fell from 50 % to 27 % …".</summary>
    public string Text { get; init; } = "";
}
