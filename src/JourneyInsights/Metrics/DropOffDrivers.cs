using JourneyInsights.Journeys;
using JourneyInsights.Sources;

namespace JourneyInsights.Metrics;

/// <summary>
/// One candidate explanation of a transition's conversion: customers of the report cohort who reached stage k−1 (as of
/// the report's cut), split by whether they have <see cref="Value"/> (a touchpoint they met after entering stage k−1 and
/// before converting or, for those who did not convert, before the cut; or their channel, device, region or persona).
/// Conversion = reached stage k by the cut. Odds ratio = (converted / not converted with) ÷ (converted / not converted
/// without), Haldane-corrected (+0.5 in every cell) when a cell is 0, with Woolf's 95 % interval. Definitions in
/// docs/metrics.md ("Drop-off drivers").
/// </summary>
public sealed record DropOffDriver
{
    public required Transition Transition { get; init; }
    /// <summary>
    /// Whose conversion is split: "at stage" (every customer at stage k−1) or "started next stage" (those of them who met a
    /// touchpoint of stage k that is not an entry, e.g. Checkout before an order: the customers who began stage k, so that
    /// what goes with abandoning it half-way, a payment error, is compared among them).
    /// </summary>
    public string Population { get; init; } = AtStage;
    /// <summary>The <see cref="Population"/> of every customer at stage k−1.</summary>
    public const string AtStage = "at stage";
    /// <summary>The <see cref="Population"/> of the customers at stage k−1 who began stage k.</summary>
    public const string StartedNextStage = "started next stage";
    /// <summary>"touchpoint", "channel", "device", "region" or "persona".</summary>
    public required string Kind { get; init; }
    /// <summary>The touchpoint name or the segment value, e.g. "Payment error", "TikTok ads", "Freelancer".</summary>
    public required string Value { get; init; }
    /// <summary>Customers at stage k−1 with the value.</summary>
    public long With { get; init; }
    /// <summary>Of <see cref="With"/>, those who reached stage k.</summary>
    public long WithConverted { get; init; }
    /// <summary>Customers at stage k−1 without the value (for segments: with another known value).</summary>
    public long Without { get; init; }
    /// <summary>Of <see cref="Without"/>, those who reached stage k.</summary>
    public long WithoutConverted { get; init; }
    /// <summary>WithConverted / With.</summary>
    public double ConversionWith => With == 0 ? double.NaN : (double)WithConverted / With;
    /// <summary>WithoutConverted / Without.</summary>
    public double ConversionWithout => Without == 0 ? double.NaN : (double)WithoutConverted / Without;
    /// <summary>Odds of converting with the value over the odds without; below 1 = the value goes with dropping off.</summary>
    public double OddsRatio { get; init; }
    /// <summary>Woolf's 95 % interval of <see cref="OddsRatio"/> (on the log scale).</summary>
    public Interval OddsRatioInterval { get; init; }
    /// <summary>Customers with the value who would have reached stage k at the conversion without it: With × (ConversionWithout − ConversionWith).</summary>
    public double CustomersAffected => With * (ConversionWithout - ConversionWith);
    /// <summary>Raw two-sided p-value: Fisher's exact test when an expected count is below 5, else the chi-square test (= the pooled two-proportion z-test, z² = χ²).</summary>
    public double? PValue { get; init; }
    /// <summary>"fisher" or "chi-square".</summary>
    public string? Test { get; init; }
    /// <summary>Benjamini–Hochberg adjusted over every candidate of the analysis (all transitions and kinds together).</summary>
    public double? AdjustedPValue { get; init; }
    /// <summary>Adjusted p below alpha.</summary>
    public bool Significant { get; init; }
    /// <summary>What the counts rest on: "2026-08 cohort, customers at Consideration as of 2026-08-31 23:59:59 America/New_York" (report time zone).</summary>
    public required string Basis { get; init; }
}

/// <summary>
/// Drop-off drivers (PostHog's correlation analysis, Amplitude's conversion drivers): for each transition of the report
/// cohort, which touchpoints and which channel, device, region and persona values are over- or under-represented among
/// the customers who converted. Survey answers are not candidates. A persona is a candidate only from the stage it is known at
/// (<see cref="FunnelAnalysis.KnownFromStage"/>). Candidates need <c>minSupport</c> customers with and without the value
/// (default <see cref="DefaultMinSupport"/>; small counts are tested exactly, and the correction guards against the many candidates).
/// Segment values are the breakdown's: at most <c>funnel.maxSegments</c> per dimension (most customers in the cohort), the
/// others pooled into one candidate "(other: N values)".
/// </summary>
public static class DropOffDriverAnalysis
{
    /// <summary>Customers needed with and without a value for it to be a candidate, unless told otherwise.</summary>
    public const int DefaultMinSupport = 10;

    private static readonly string[] Dimensions = ["channel", "device", "region", "persona"];

    /// <summary>The ranked drivers of every transition of <paramref name="cut"/>'s report cohort: significant first, then by adjusted p, then by customers affected.</summary>
    public static IReadOnlyList<DropOffDriver> Rank(JourneyData data, Timelines timelines, CohortCut cut, int? minSupport = null)
    {
        var support = minSupport ?? DefaultMinSupport;
        var stages = data.Stages.Length;
        var month = cut.Month;
        var cohort = new List<int>();
        var reached = new int[data.Customers.Count];
        for (var c = 0; c < data.Customers.Count; c++)
        {
            if (timelines.CohortMonth[c] != month) continue;
            reached[c] = cut.StagesReached(timelines, c, month);
            if (reached[c] > 0) cohort.Add(c);
        }
        var until = cut.JudgedAt(month);

        // Touchpoints each cohort customer met while at stage k−1 (from entering it to converting, or to the cut): one pass.
        // Who met what is a bitset of cohort positions per (stage, touchpoint), so a row costs a bit set, not a hash.
        var slot = new int[data.Customers.Count];
        Array.Fill(slot, -1);
        for (var s = 0; s < cohort.Count; s++) slot[cohort[s]] = s;
        var touchpoints = Math.Max(data.TouchpointNames.Length, data.Definition.Touchpoints.Count);
        var words = (cohort.Count + 63) >> 6;
        var metBits = new ulong[stages * touchpoints][];
        var tp = data.Touchpoints;
        // A survey answer is what the customer said, not what they met (emotion drivers look at it): not a candidate.
        var surveySources = data.Definition.Sources.Select(src => src.Kind == SourceKind.Survey).ToArray();
        for (var i = 0; i < tp.Count; i++)
        {
            var c = tp.Customer[i];
            if (c < 0 || slot[c] < 0 || surveySources[tp.Source[i]]) continue;
            var row = c * stages;
            var t = tp.Time[i];
            // the stage the customer stood at when meeting it: the last stage entered at or before t, within the cut
            for (var k = 1; k < stages && k <= reached[c]; k++)
            {
                var entered = timelines.Moment[row + k - 1];
                var next = k < reached[c] ? timelines.Moment[row + k] : until + 1;
                if (t < entered || t >= next) continue;
                var bits = metBits[k * touchpoints + tp.Touchpoint[i]] ??= new ulong[words];
                bits[slot[c] >> 6] |= 1UL << slot[c];
            }
        }
        // The customers (ascending, as the cohort) who met touchpoint t at stage k: met[k * touchpoints + t], null for none.
        var met = new int[]?[metBits.Length];
        for (var m = 0; m < metBits.Length; m++)
        {
            if (metBits[m] is not { } bits) continue;
            var list = new List<int>();
            for (var w = 0; w < bits.Length; w++)
                for (var word = bits[w]; word != 0; word &= word - 1)
                    list.Add(cohort[(w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word)]);
            met[m] = list.ToArray();
        }
        // The touchpoints met at stage k, in touchpoint order.
        IEnumerable<(int Touchpoint, int[] Customers)> MetAt(int k)
        {
            for (var t = 0; t < touchpoints; t++)
                if (met[k * touchpoints + t] is { } who) yield return (t, who);
        }

        var basisTime = TimeZones.FromUtc(new DateTime(until, DateTimeKind.Utc), data.TimeZone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)
            + " " + data.TimeZone.Id;
        var rules = data.Definition.Touchpoints;
        var ruleStage = rules.Select(r => r.Stage is null ? -1 : Array.IndexOf(data.Stages, r.Stage)).ToArray();
        // The breakdown's segments: beyond funnel.maxSegments values, the others are one pooled candidate "(other: N values)".
        var segmentValues = Dimensions.ToDictionary(d => d,
            d => FunnelAnalysis.CappedValues(data, timelines, month, d, data.Definition.Funnel.MaxSegments, SegmentCap.DropOffDrivers).Values, StringComparer.Ordinal);
        var candidates = new List<DropOffDriver>();
        for (var k = 1; k < stages; k++)
        {
            var at = cohort.Where(c => reached[c] >= k).ToList();
            if (at.Count == 0) continue;
            var transition = Transition.Into(data.Stages, k);
            var basis = $"{Timelines.MonthText(month)} cohort, customers at {data.Stages[k - 1]} as of {basisTime}";
            Split(transition, k, DropOffDriver.AtStage, at, basis);

            // The customers at k−1 who began stage k: met one of its non-entry touchpoints before converting or the cut.
            var steps = MetAt(k).Where(m => ruleStage[m.Touchpoint] == k && !rules[m.Touchpoint].Entry).ToList();
            if (steps.Count == 0) continue;
            var began = new HashSet<int>(steps.SelectMany(m => m.Customers));
            var names = string.Join(", ", steps.Select(m => data.TouchpointNames[m.Touchpoint]));
            Split(transition, k, DropOffDriver.StartedNextStage, at.Where(began.Contains).ToList(),
                $"{Timelines.MonthText(month)} cohort, customers at {data.Stages[k - 1]} who began {data.Stages[k]} ({names}) as of {basisTime}");
        }

        // One population of customers at k−1 split by every candidate: the touchpoints they met there, then each segment value.
        void Split(Transition transition, int k, string population, List<int> who, string basis)
        {
            if (who.Count == 0) return;
            var members = population == DropOffDriver.AtStage ? null : new HashSet<int>(who);
            long total = who.Count, converted = who.Count(c => reached[c] > k);
            foreach (var (touchpoint, set) in MetAt(k))
            {
                long with = 0, withConverted = 0;
                foreach (var c in set)
                {
                    if (members is not null && !members.Contains(c)) continue;
                    with++;
                    if (reached[c] > k) withConverted++;
                }
                if (Candidate(transition, population, "touchpoint", data.TouchpointNames[touchpoint], with, withConverted, total - with, converted - withConverted, support, basis) is { } d)
                    candidates.Add(d);
            }
            foreach (var dimension in Dimensions)
            {
                if (FunnelAnalysis.KnownFromStage(data, dimension) > k - 1) continue;
                var values = segmentValues[dimension];
                var known = who.Where(c => !Unknown(values[c])).ToList();
                long knownTotal = known.Count, knownConverted = known.Count(c => reached[c] > k);
                foreach (var group in known.GroupBy(c => values[c], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    long with = group.Count(), withConverted = group.Count(c => reached[c] > k);
                    if (Candidate(transition, population, dimension, group.Key, with, withConverted, knownTotal - with, knownConverted - withConverted, support, basis) is { } d)
                        candidates.Add(d);
                }
            }
        }

        var adjusted = Statistics.BenjaminiHochberg(candidates.Select(d => d.PValue).ToList());
        var alpha = data.Definition.Funnel.Alpha;
        return candidates.Select((d, i) => d with { AdjustedPValue = adjusted[i], Significant = adjusted[i] < alpha })
            .OrderByDescending(d => d.Significant).ThenBy(d => d.AdjustedPValue ?? 1).ThenByDescending(d => Math.Abs(d.CustomersAffected))
            .ThenBy(d => d.Transition.ToIndex).ThenBy(d => d.Population, StringComparer.Ordinal).ThenBy(d => d.Kind, StringComparer.Ordinal).ThenBy(d => d.Value, StringComparer.Ordinal)
            .ToList();
    }

    private static bool Unknown(string value) => string.IsNullOrEmpty(value) || value == "(unknown)" || value == "(none)";

    private static DropOffDriver? Candidate(Transition transition, string population, string kind, string value, long with, long withConverted, long without, long withoutConverted,
        int minSupport, string basis)
    {
        if (with < minSupport || without < minSupport) return null;
        var test = Statistics.CompareProportions(withConverted, with, withoutConverted, without);
        double a = withConverted, b = with - withConverted, c = withoutConverted, d = without - withoutConverted;
        if (a == 0 || b == 0 || c == 0 || d == 0) { a += 0.5; b += 0.5; c += 0.5; d += 0.5; }
        var logOr = Math.Log(a * d / (b * c));
        var se = Math.Sqrt(1 / a + 1 / b + 1 / c + 1 / d);
        return new DropOffDriver
        {
            Transition = transition, Population = population, Kind = kind, Value = value,
            With = with, WithConverted = withConverted, Without = without, WithoutConverted = withoutConverted,
            OddsRatio = Math.Exp(logOr), OddsRatioInterval = new Interval(Math.Exp(logOr - Statistics.Z95 * se), Math.Exp(logOr + Statistics.Z95 * se)),
            PValue = test?.P ?? 1, Test = test is { } t ? (t.Test == "z" ? "chi-square" : t.Test) : null,
            AdjustedPValue = test?.P ?? 1, Basis = basis,
        };
    }
}
