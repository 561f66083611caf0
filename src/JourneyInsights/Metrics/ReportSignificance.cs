using JourneyInsights.Journeys;

namespace JourneyInsights.Metrics;

/// <summary>
/// The headline tests, and the one Benjamini–Hochberg correction over every test of a report: pain points (transitions and
/// touchpoints against their baseline), the other finding candidates (overall conversion, emotion, NPS, segment gaps), the
/// headlines, the conversion trend's and the emotion trend's month-over-month changes. Significant = adjusted p &lt; alpha.
/// </summary>
public static class ReportSignificance
{
    /// <summary>Every test of a report after the correction.</summary>
    public sealed record Adjusted(
        IReadOnlyList<PainPoint> PainPoints, IReadOnlyList<Finding> Candidates, IReadOnlyList<Headline> Headlines,
        FunnelTrend Trend, EmotionTrend EmotionTrend, int TestCount);

    /// <summary>
    /// The four headlines of the report month against the month before: customers entering (not tested), final
    /// conversion (two-proportion z or Fisher), NPS (adjusted-Wald test, with its margin of error) and mean emotion
    /// (Welch), each with its basis. <paramref name="funnel"/> and <paramref name="previous"/> are the two cohorts counted
    /// like for like (<see cref="CohortFunnels.Comparison"/>: full window, or age-matched while the month is maturing).
    /// Raw p-values: <see cref="Adjust"/> corrects them. <paramref name="previousInData"/> false (the month before lies
    /// before the data's first cohort) gives the previous month no value ("no data"), not 0 customers.
    /// </summary>
    public static IReadOnlyList<Headline> Headlines(JourneyData data, CohortCut cut, FunnelResult funnel, FunnelResult previous,
        EmotionSummary emotionNow, EmotionSummary? emotionBefore, bool previousInData = true)
    {
        var month = cut.Month;
        var min = data.Definition.Funnel.MinSampleSize;
        long entered = funnel.Entered, converted = funnel.Stages[^1].Customers;
        long enteredBefore = previous.Entered, convertedBefore = previous.Stages[^1].Customers;
        string now = Timelines.MonthText(month), before = Timelines.MonthText(month - 1);
        var cohortBasis = $"{now} vs {before} cohort; {funnel.Basis.Text}";
        var conversion = Statistics.CompareProportions(converted, entered, convertedBefore, enteredBefore);
        var nps = Statistics.NpsChangeTest(emotionNow.NpsEstimate, emotionBefore?.NpsEstimate);
        var welch = emotionNow.MeanScore is { } a && emotionBefore?.MeanScore is { } b && emotionNow.ScoreVariance is { } va && emotionBefore.ScoreVariance is { } vb
            ? Statistics.WelchTest(a, va, emotionNow.Responses, b, vb, emotionBefore.Responses) : null;
        var responseBasis = $"responses recorded in {now} vs {before}";
        return
        [
            // a month before the data's first cohort has no data (null, "no data"), not 0 customers
            new Headline("Customers entering", funnel.Entered, previousInData ? previous.Entered : null, "customers")
                { Basis = $"{now} vs {before} cohort, customers entering; {funnel.Basis.Text}", Comparison = funnel.Basis, LowSample = funnel.Entered < min },
            new Headline("Final conversion", funnel.FinalConversion, previousInData ? previous.FinalConversion : null, "fraction")
                { PValue = conversion?.P, Test = conversion?.Test, Basis = cohortBasis, Comparison = funnel.Basis, LowSample = entered < min },
            new Headline("NPS", emotionNow.Nps, emotionBefore?.Nps, "points")
                { PValue = nps?.P, Test = nps is null ? null : "adjusted-wald", Basis = responseBasis, MarginOfError = emotionNow.NpsEstimate?.MarginOfError, LowSample = emotionNow.NpsLowSample },
            new Headline("Mean emotion", emotionNow.MeanScore, emotionBefore?.MeanScore, "score")
                { PValue = welch?.P, Test = welch is null ? null : "welch", Basis = responseBasis, LowSample = emotionNow.LowSample },
        ];
    }

    /// <summary>Adjusts every raw p-value of the report together and sets the significance flags from the adjusted ones.</summary>
    public static Adjusted Adjust(double alpha, IReadOnlyList<PainPoint> painPoints, IReadOnlyList<Finding> candidates,
        IReadOnlyList<Headline> headlines, FunnelTrend trend, EmotionTrend emotionTrend)
    {
        var family = new TestFamily();
        var pains = painPoints.Select(p => family.Add(p.PValue)).ToArray();
        // Conversion and touchpoint candidates are the pain points' own tests: counted once, through the pain points.
        bool FromPainPoint(Finding f) => f.Kind == "painPoint" || f.Kind == "conversion" && f.Transition is not { IsOverall: true };
        var others = candidates.Select(f => FromPainPoint(f) ? -1 : family.Add(f.PValue)).ToArray();
        var heads = headlines.Select(h => family.Add(h.PValue)).ToArray();
        var changes = trend.Changes.Select(c => family.Add(c.PValue)).ToArray();
        var emotions = emotionTrend.Changes.Select(c => family.Add(c.PValue)).ToArray();
        family.Adjust();

        var adjustedPains = painPoints.Select((p, i) => family.Adjusted(pains[i]) is var q
            ? p with { AdjustedPValue = q, Significant = q < alpha && p.ExcessLost > 0 } : p).ToList();
        var byName = adjustedPains.GroupBy(p => (p.Kind, p.Name)).ToDictionary(g => g.Key, g => g.First()); // two rules may share a touchpoint name
        var adjustedCandidates = candidates.Select((f, i) =>
        {
            var q = others[i] >= 0 ? family.Adjusted(others[i])
                : byName.TryGetValue((f.Kind == "painPoint" ? "touchpoint" : "transition", f.Transition?.Text ?? f.Touchpoint ?? ""), out var p) ? p.AdjustedPValue : null;
            return f with { AdjustedPValue = q, Significant = q < alpha };
        }).ToList();
        return new Adjusted(
            adjustedPains,
            adjustedCandidates,
            headlines.Select((h, i) => family.Adjusted(heads[i]) is var q ? h with { AdjustedPValue = q, Significant = q < alpha } : h).ToList(),
            trend with { Changes = trend.Changes.Select((c, i) => family.Adjusted(changes[i]) is var q ? c with { AdjustedPValue = q, Significant = q < alpha && c.Comparable } : c).ToList() },
            emotionTrend with { Changes = emotionTrend.Changes.Select((c, i) => family.Adjusted(emotions[i]) is var q ? c with { AdjustedPValue = q, Significant = q < alpha } : c).ToList() },
            family.Count);
    }
}
