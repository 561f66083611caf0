using JourneyInsights.Journeys;

namespace JourneyInsights.Metrics;

/// <summary>Ranks pain points and sizes opportunities for one cohort month. Definitions in docs/metrics.md.</summary>
public static class PainPointAnalysis
{
    private const int BaselineMonths = 3;

    public static IReadOnlyList<PainPoint> Rank(JourneyData data, Timelines timelines, int month, int verbatimsPerPoint = 2)
    {
        var stages = data.Stages.Length;
        var responseMonths = EmotionAnalysis.ResponseMonths(data);
        var funnel = FunnelAnalysis.Compute(data, timelines, month);
        var baseline = Enumerable.Range(month - BaselineMonths, BaselineMonths).Select(m => FunnelAnalysis.Compute(data, timelines, m)).ToList();
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
            points.Add(Point("transition", $"{data.Stages[k - 1]} → {data.Stages[k]}", k, s.DropOff, s.ConversionFromPrevious, bn > 0 ? (double)bx / bn : null));
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
            if (tp.Time[i] >= lastTime[c]) { lastTime[c] = tp.Time[i]; lastTouchpoint[c] = tp.Touchpoint[i]; }
        }
        long cohortSize = 0, cohortBefore = 0;
        for (var c = 0; c < data.Customers.Count; c++)
        {
            var m = timelines.CohortMonth[c];
            var inMonth = m == month;
            var inBaseline = m >= month - BaselineMonths && m < month;
            if (!inMonth && !inBaseline) continue;
            if (inMonth) cohortSize++; else cohortBefore++;
            if (timelines.Counts(c, stages - 1) || lastTouchpoint[c] < 0) continue;
            if (inMonth) exits[lastTouchpoint[c]]++; else exitsBefore[lastTouchpoint[c]]++;
        }
        for (var t = 0; t < exits.Length; t++)
        {
            if (exits[t] == 0) continue;
            var stage = Array.IndexOf(data.Stages, data.Definition.Touchpoints[t].Stage);
            points.Add(Point("touchpoint", data.TouchpointNames[t], stage, exits[t],
                cohortSize > 0 ? (double)exits[t] / cohortSize : null, cohortBefore > 0 ? (double)exitsBefore[t] / cohortBefore : null));
        }

        return points.OrderByDescending(p => p.Impact).ThenByDescending(p => p.CustomersLost).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select((p, i) => p with { Rank = i + 1 }).ToList();

        PainPoint Point(string kind, string name, int stage, long lost, double? rate, double? baselineRate)
        {
            var e = emotionNow[stage];
            var negativity = e.NegativeShare ?? journeyWide.NegativeShare ?? 0;
            return new PainPoint
            {
                Rank = 0, Kind = kind, Name = name, Stage = data.Stages[stage], Month = text,
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
    public static IReadOnlyList<Opportunity> Opportunities(JourneyData data, Timelines timelines, int month, int segmentMonths = 12)
    {
        var stages = data.Stages.Length;
        var funnel = FunnelAnalysis.Compute(data, timelines, month);
        var min = data.Definition.Funnel.MinSampleSize;
        // Pooled counts per (dimension, segment, stage) over the segment window.
        var pooled = new Dictionary<(string Dimension, string Segment), long[]>();
        foreach (var dimension in FunnelAnalysis.Dimensions)
        {
            var values = FunnelAnalysis.SegmentValues(data, dimension);
            for (var c = 0; c < data.Customers.Count; c++)
            {
                var m = timelines.CohortMonth[c];
                if (m < 0 || m > month || m <= month - segmentMonths) continue;
                if (!pooled.TryGetValue((dimension, values[c]), out var counts)) pooled[(dimension, values[c])] = counts = new long[stages];
                for (var k = 0; k < stages && timelines.Counts(c, k); k++) counts[k]++;
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
                Transition = $"{data.Stages[k - 1]} → {data.Stages[k]}", Month = Timelines.MonthText(month), Rate = s.ConversionFromPrevious,
                BestDimension = best.Size > 0 ? best.Key.Dimension : null, BestSegment = best.Size > 0 ? best.Key.Segment : null,
                BestRate = best.Size > 0 ? best.Rate : null, BestSegmentSize = best.Size,
                ExtraAtStage = extra, ExtraFinal = extra * downstream,
            });
        }
        return result.OrderByDescending(o => o.ExtraFinal).ToList();
    }
}
