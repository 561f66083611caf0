namespace JourneyInsights.Metrics;

/// <summary>
/// A step of the funnel from one stage to another (usually the next): the join key of conversion changes, pain points
/// and opportunities. Its display text is "From → To", or "Overall" for first to last stage.
/// </summary>
public sealed record Transition(int FromIndex, string From, int ToIndex, string To, bool IsOverall = false)
{
    /// <summary>The transition from stage k-1 into stage k.</summary>
    public static Transition Into(IReadOnlyList<string> stages, int k) => new(k - 1, stages[k - 1], k, stages[k]);

    /// <summary>First stage to last stage (the overall conversion).</summary>
    public static Transition Overall(IReadOnlyList<string> stages) => new(0, stages[0], stages.Count - 1, stages[^1], true);

    /// <summary>"From → To", or "Overall".</summary>
    public string Text => IsOverall ? "Overall" : $"{From} → {To}";

    public override string ToString() => Text;
}
