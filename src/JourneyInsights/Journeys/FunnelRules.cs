using System.Globalization;
using JourneyInsights.Definition;

namespace JourneyInsights.Journeys;

/// <summary>
/// An exclusion step resolved against the definition: records of the touchpoint rules <see cref="Rules"/> (every rule
/// named <see cref="Touchpoint"/>) between the moments of stage k-1 and stage k, for a transition with
/// <see cref="FromStage"/> &lt;= k-1 and k &lt;= <see cref="ToStage"/>, make the customer leave the funnel at k.
/// </summary>
/// <param name="Touchpoint">The touchpoint name, as in journey.json.</param>
/// <param name="Rules">Indexes of the touchpoint rules of that name (<see cref="JourneyData.TouchpointNames"/>).</param>
/// <param name="FromStage">Index of the first stage of the range.</param>
/// <param name="ToStage">Index of the last stage of the range (greater than <paramref name="FromStage"/>).</param>
public sealed record StageExclusion(string Touchpoint, IReadOnlyList<int> Rules, int FromStage, int ToStage)
{
    /// <summary>Whether the exclusion applies to the transition into stage <paramref name="k"/> (from k-1).</summary>
    public bool AppliesInto(int k) => FromStage <= k - 1 && k <= ToStage;
}

/// <summary>
/// How a customer counts at the stages of a funnel: the conversion window, the ordering mode and the exclusion steps,
/// resolved once from <c>funnel</c> in journey.json and used by <see cref="Timelines.Compute(JourneyData, FunnelRules)"/>.
/// Definitions in docs/metrics.md.
/// </summary>
public sealed record FunnelRules
{
    /// <summary>A later stage counts only within this time of the stage-1 entry (inclusive).</summary>
    public required TimeSpan Window { get; init; }
    /// <summary>Ordered (default), strict or any order.</summary>
    public FunnelMode Mode { get; init; } = FunnelMode.Ordered;
    /// <summary>Exclusion steps (none by default).</summary>
    public IReadOnlyList<StageExclusion> Exclusions { get; init; } = [];
    /// <summary>Stage names, to say the exclusions in words.</summary>
    public IReadOnlyList<string> Stages { get; init; } = [];

    /// <summary>True for the default rules: ordered, no exclusions. Outputs then say nothing about them.</summary>
    public bool IsDefault => Mode == FunnelMode.Ordered && Exclusions.Count == 0;

    /// <summary>
    /// The rules in words for the basis of every funnel figure, or "" for the default rules: for example
    /// "strict order; excluding 'Payment error' between Consideration and Purchase".
    /// </summary>
    public string Text
    {
        get
        {
            var parts = new List<string>();
            if (Mode == FunnelMode.Strict) parts.Add("strict order");
            else if (Mode == FunnelMode.AnyOrder) parts.Add("any order");
            foreach (var e in Exclusions)
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"excluding '{e.Touchpoint}' between {StageName(e.FromStage)} and {StageName(e.ToStage)}"));
            return string.Join("; ", parts);
        }
    }

    private string StageName(int index) => index < Stages.Count ? Stages[index] : $"stage {index + 1}";

    /// <summary>The rules of a journey definition (checked by the reader: known touchpoints and stages, from before to).</summary>
    /// <exception cref="ArgumentException">An exclusion names an unknown touchpoint or stage (a definition built in code, unchecked).</exception>
    public static FunnelRules From(JourneyDefinition definition)
    {
        var funnel = definition.Funnel;
        var stages = definition.Stages.Select(s => s.Name).ToList();
        var mode = funnel.Mode switch
        {
            "any-order" => FunnelMode.AnyOrder,
            "strict" => FunnelMode.Strict,
            _ => FunnelMode.Ordered,
        };
        var exclusions = funnel.Exclusions.Select(e =>
        {
            var rules = Enumerable.Range(0, definition.Touchpoints.Count).Where(i => definition.Touchpoints[i].Name == e.Touchpoint).ToList();
            var from = e.From is null ? 0 : stages.IndexOf(e.From);
            var to = e.To is null ? stages.Count - 1 : stages.IndexOf(e.To);
            if (rules.Count == 0 || from < 0 || to <= from)
                throw new ArgumentException($"funnel exclusion '{e.Touchpoint}' ({e.From ?? "first stage"} to {e.To ?? "last stage"}) names an unknown touchpoint or stage, or 'from' is not before 'to'", nameof(definition));
            return new StageExclusion(e.Touchpoint, rules, from, to);
        }).ToList();
        if (exclusions.Count > 0 && mode == FunnelMode.AnyOrder)
            throw new ArgumentException("funnel exclusions need an ordered or strict funnel", nameof(definition));
        return new FunnelRules { Window = TimeSpan.FromDays(funnel.ConversionWindowDays), Mode = mode, Exclusions = exclusions, Stages = stages };
    }
}
