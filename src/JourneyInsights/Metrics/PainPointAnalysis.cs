using JourneyInsights.Journeys;

namespace JourneyInsights.Metrics;

/// <summary>Ranks pain points and sizes opportunities for one cohort month. Definitions in docs/metrics.md.</summary>
public static class PainPointAnalysis
{
    private const int BaselineMonths = 3;

    /// <summary>The pain points of <paramref name="month"/> as of the end of the data.</summary>
    public static IReadOnlyList<PainPoint> Rank(JourneyData data, Timelines timelines, int month, int verbatimsPerPoint = 2) =>
        Rank(new CohortFunnels(data, timelines, ReportPeriod.Create(data.Definition, data.TimeZone, month, data.DataEnd)), verbatimsPerPoint);

    /// <summary>
    /// The pain points of the report month. Baselines pool the previous three cohorts, each counted like for like with
    /// the report cohort (age-matched while it is maturing, see <see cref="CohortFunnels.Comparison"/>); the touchpoint
    /// baseline looks at the baseline customers' touchpoints up to the same cut.
    /// </summary>
    public static IReadOnlyList<PainPoint> Rank(CohortFunnels funnels, int verbatimsPerPoint = 2)
    {
        var (data, timelines, period) = (funnels.Data, funnels.Timelines, funnels.Period);
        var month = period.Month;
        var stages = data.Stages.Length;
        var responseMonths = EmotionAnalysis.ResponseMonths(data);
        var funnel = funnels.Report;
        var baseline = Enumerable.Range(month - BaselineMonths, BaselineMonths).Select(m => funnels.Matched(m, month)).ToList();
        var baselineBasis = FigureBasis.Pooled(BaselineMonths, period.ComparisonBasis(month) is { IsAgeMatched: true } b ? b : null);
        var cuts = Enumerable.Range(month - BaselineMonths, BaselineMonths + 1)
            .ToDictionary(m => m, m => (m == month ? period.AsOfUtc : period.ComparisonCutoff(m, month)).Ticks);
        var emotionNow = EmotionAnalysis.ByStage(data, month);
        var emotionBefore = data.Stages.Select((name, s) => EmotionAnalysis.Summarise(data, name,
            i => data.Responses.Stage[i] == s && responseMonths[i] >= month - BaselineMonths && responseMonths[i] < month)).ToList();
        var verbatims = EmotionAnalysis.Verbatims(data, month, verbatimsPerPoint);
        var journeyWide = EmotionAnalysis.Summarise(data, "all stages", i => data.Responses.Stage[i] >= 0 && responseMonths[i] == month);
        var text = Timelines.MonthText(month);
        var points = new List<PainPoint>();

        for (var k = 1; k < stages; k++)
        {
            var s = funnel.Stages[k];
            long bx = baseline.Sum(f => f.Stages[k].Customers), bn = baseline.Sum(f => f.Stages[k].PreviousCustomers);
            points.Add(Point("transition", Transition.Into(data.Stages, k), data.Stages[k - 1] + " → " + data.Stages[k], k, s.DropOff, s.ConversionFromPrevious, bn > 0 ? (double)bx / bn : null));
        }

        // Touchpoints: where customers of the cohort who did not reach the last stage had their last placed touchpoint.
        var exits = new long[data.TouchpointNames.Length];
        var exitsBefore = new long[data.TouchpointNames.Length];
        var lastTime = new long[data.Customers.Count];
        var lastTouchpoint = new int[data.Customers.Count];
        Array.Fill(lastTouchpoint, -1);
        var tp = data.Touchpoints;
        var surveySources = data.Definition.Sources.Select(src => src.Kind == Sources.SourceKind.Survey).ToArray();
        for (var i = 0; i < tp.Count; i++)
        {
            if (surveySources[tp.Source[i]]) continue;
            var c = tp.Customer[i];
            if (!cuts.TryGetValue(timelines.CohortMonth[c], out var cut) || tp.Time[i] > cut) continue;
            if (tp.Time[i] >= lastTime[c]) { lastTime[c] = tp.Time[i]; lastTouchpoint[c] = tp.Touchpoint[i]; }
        }
        long cohortSize = 0, cohortBefore = 0;
        for (var m = month - BaselineMonths; m <= month; m++)
        foreach (var c in funnels.CustomersOf(m))
        {
            var inMonth = m == month;
            var entry = timelines.Moment[c * stages];
            if (entry > cuts[m]) continue; // entered after the cut: not in the cohort yet
            if (inMonth) cohortSize++; else cohortBefore++;
            var last = timelines.Moment[c * stages + stages - 1];
            if (last != 0 && last <= cuts[m] || lastTouchpoint[c] < 0) continue;
            if (inMonth) exits[lastTouchpoint[c]]++; else exitsBefore[lastTouchpoint[c]]++;
        }
        for (var t = 0; t < exits.Length; t++)
        {
            if (exits[t] == 0) continue;
            var stage = Array.IndexOf(data.Stages, data.Definition.Touchpoints[t].Stage);
            points.Add(Point("touchpoint", null, data.TouchpointNames[t], stage, exits[t],
                cohortSize > 0 ? (double)exits[t] / cohortSize : null, cohortBefore > 0 ? (double)exitsBefore[t] / cohortBefore : null));
        }

        return points.OrderByDescending(p => p.Impact).ThenByDescending(p => p.CustomersLost).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select((p, i) => p with { Rank = i + 1 }).ToList();

        PainPoint Point(string kind, Transition? transition, string name, int stage, long lost, double? rate, double? baselineRate)
        {
            var e = emotionNow[stage];
            var negativity = e.NegativeShare ?? journeyWide.NegativeShare ?? 0;
            return new PainPoint
            {
                Rank = 0, Kind = kind, Transition = transition, Name = name, Stage = data.Stages[stage], Month = text, BaselineBasis = baselineBasis,
                CustomersLost = lost, Emotion = e.MeanScore, EmotionResponses = e.Responses, Negativity = negativity, Impact = lost * negativity,
                Rate = rate, BaselineRate = baselineRate, BaselineEmotion = emotionBefore[stage].MeanScore, BaselineNegativity = emotionBefore[stage].NegativeShare,
                Verbatims = verbatims.Where(v => v.Stage == data.Stages[stage]).ToList(),
            };
        }
    }

    /// <summary>
    /// For each transition of the month's cohort: the extra customers if it converted like the best segment. Segment
    /// rates are measured over the <paramref name="segmentMonths"/> cohort months ending with <paramref name="month"/>
    /// (pooled), among segments with at least the minimum sample at that transition, of the dimensions known for at
    /// least 95 % of the customers starting the transition (persona, known only from the CRM, would otherwise make
    /// "has a CRM record" look like a segment that converts).
    /// </summary>
    public static IReadOnlyList<Opportunity> Opportunities(JourneyData data, Timelines timelines, int month, int segmentMonths = 12) =>
        Opportunities(new CohortFunnels(data, timelines, ReportPeriod.Create(data.Definition, data.TimeZone, month, data.DataEnd)), segmentMonths);

    /// <summary>
    /// As above for the report month of <paramref name="funnels"/>; while the report cohort is maturing each pooled
    /// cohort is counted age-matched (cut at <see cref="ReportPeriod.CutoffFor(int)"/>), so segment rates and the
    /// month's rate are measured over the same time since each cohort's month began or ended.
    /// </summary>
    public static IReadOnlyList<Opportunity> Opportunities(CohortFunnels funnels, int segmentMonths = 12)
    {
        var (data, timelines, period) = (funnels.Data, funnels.Timelines, funnels.Period);
        var month = period.Month;
        var stages = data.Stages.Length;
        var funnel = funnels.Report;
        var basis = FigureBasis.Pooled(segmentMonths, period.ComparisonBasis(month) is { IsAgeMatched: true } b ? b : null);
        var min = data.Definition.Funnel.MinSampleSize;
        // Pooled counts per (dimension, segment, stage) over the segment window.
        var pooled = new Dictionary<(string Dimension, string Segment), long[]>();
        foreach (var dimension in FunnelAnalysis.Dimensions)
        {
            var values = FunnelAnalysis.SegmentValues(data, dimension);
            for (var m = month - segmentMonths + 1; m <= month; m++)
            {
                var cut = (m == month ? period.AsOfUtc : period.ComparisonCutoff(m, month)).Ticks;
                foreach (var c in funnels.CustomersOf(m))
                {
                    if (timelines.Moment[c * stages] > cut) continue;
                    if (!pooled.TryGetValue((dimension, values[c]), out var counts)) pooled[(dimension, values[c])] = counts = new long[stages];
                    for (var k = 0; k < stages; k++)
                    {
                        var moment = timelines.Moment[c * stages + k];
                        if (moment == 0 || moment > cut) break;
                        counts[k]++;
                    }
                }
            }
        }
        var result = new List<Opportunity>();
        for (var k = 1; k < stages; k++)
        {
            var s = funnel.Stages[k];
            var start = k - 1;
            var known = FunnelAnalysis.Dimensions.Where(d =>
            {
                long all = pooled.Where(kv => kv.Key.Dimension == d).Sum(kv => kv.Value[start]);
                long unknown = pooled.TryGetValue((d, "(unknown)"), out var u) ? u[start] : 0;
                return all > 0 && unknown <= 0.05 * all;
            }).ToHashSet(StringComparer.Ordinal);
            var best = pooled.Where(kv => known.Contains(kv.Key.Dimension) && kv.Value[k - 1] >= min && kv.Key.Segment != "(unknown)")
                .Select(kv => (kv.Key, Rate: (double)kv.Value[k] / kv.Value[k - 1], Size: kv.Value[k - 1]))
                .OrderByDescending(x => x.Rate).ThenBy(x => x.Key.Dimension, StringComparer.Ordinal).ThenBy(x => x.Key.Segment, StringComparer.Ordinal)
                .FirstOrDefault();
            double downstream = 1;
            for (var j = k + 1; j < stages; j++) downstream *= funnel.Stages[j].ConversionFromPrevious ?? 0;
            var extra = best.Size > 0 && s.ConversionFromPrevious is { } rate ? Math.Max(0, s.PreviousCustomers * (best.Rate - rate)) : 0;
            result.Add(new Opportunity
            {
                Transition = Transition.Into(data.Stages, k), Month = Timelines.MonthText(month), Rate = s.ConversionFromPrevious, SegmentBasis = basis,
                BestDimension = best.Size > 0 ? best.Key.Dimension : null, BestSegment = best.Size > 0 ? best.Key.Segment : null,
                BestRate = best.Size > 0 ? best.Rate : null, BestSegmentSize = best.Size,
                ExtraAtStage = extra, ExtraFinal = extra * downstream,
            });
        }
        return result.OrderByDescending(o => o.ExtraFinal).ToList();
    }
}
