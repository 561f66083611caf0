using JourneyInsights.Journeys;

namespace JourneyInsights.Metrics;

/// <summary>Ranks pain points and sizes opportunities for one cohort month. Definitions in docs/metrics.md.</summary>
public static class PainPointAnalysis
{
    private const int BaselineMonths = 3;

    /// <summary>
    /// Ranks the transitions and touchpoints of <paramref name="month"/>'s cohort by customers lost beyond the baseline (the
    /// previous three cohorts pooled), each cohort observed at the <see cref="CohortCut"/> of a report as of
    /// <paramref name="asOfUtc"/> (default: the end of the data). Definitions in docs/metrics.md.
    /// </summary>
    public static IReadOnlyList<PainPoint> Rank(JourneyData data, Timelines timelines, int month, DateTime? asOfUtc = null, int verbatimsPerPoint = 2) =>
        Rank(data, timelines, CohortCut.For(data, timelines, month, asOfUtc), verbatimsPerPoint);

    /// <summary>Ranks the pain points of the cut's report month; see the other overload.</summary>
    public static IReadOnlyList<PainPoint> Rank(JourneyData data, Timelines timelines, CohortCut cut, int verbatimsPerPoint = 2)
    {
        var month = cut.Month;
        var stages = data.Stages.Length;
        var alpha = data.Definition.Funnel.Alpha;
        var min = data.Definition.Funnel.MinSampleSize;
        var rules = data.Definition.Touchpoints;
        var touchpoints = data.TouchpointNames.Length;
        var ruleStage = rules.Select(r => r.Stage is null ? -1 : Array.IndexOf(data.Stages, r.Stage)).ToArray();
        var responseMonths = EmotionAnalysis.ResponseMonths(data);
        var emotionNow = EmotionAnalysis.ByStage(data, month);
        var before = EmotionAnalysis.Group(data, stages,
            i => responseMonths[i] >= month - BaselineMonths && responseMonths[i] < month ? data.Responses.Stage[i] : -1);
        var emotionBefore = data.Stages.Select((name, s) => EmotionAnalysis.Summarise(data, name, before[s])).ToList();
        var ofTouchpoint = EmotionAnalysis.Group(data, touchpoints, i => responseMonths[i] == month ? data.Responses.Touchpoint[i] : -1);
        var verbatims = EmotionAnalysis.Verbatims(data, month, verbatimsPerPoint);
        var text = Timelines.MonthText(month);
        var window = timelines.Window.Ticks;
        var moment = timelines.Moment;

        // Side 0 = the report cohort, side 1 = the previous three cohorts pooled.
        int Side(int cohort) => cohort == month ? 0 : cohort >= month - BaselineMonths && cohort < month ? 1 : -1;

        // Each customer's last placed touchpoint (analytics or CRM, not a survey answer; ties: the later record) within
        // their conversion window and the cut.
        var tp = data.Touchpoints;
        var surveySources = data.Definition.Sources.Select(src => src.Kind == Sources.SourceKind.Survey).ToArray();
        var lastTime = new long[data.Customers.Count];
        var lastTouchpoint = new int[data.Customers.Count];
        Array.Fill(lastTouchpoint, -1);
        for (var i = 0; i < tp.Count; i++)
        {
            if (tp.Stage[i] < 0 || surveySources[tp.Source[i]]) continue;
            var c = tp.Customer[i];
            var cohort = timelines.CohortMonth[c];
            if (cohort < 0 || Side(cohort) < 0) continue;
            var bound = Math.Min(cut.TicksFor(cohort), moment[c * stages] + window);
            if (tp.Time[i] > bound || tp.Time[i] < lastTime[c]) continue;
            lastTime[c] = tp.Time[i];
            lastTouchpoint[c] = tp.Touchpoint[i];
        }

        var entered = new long[2];
        var reached = new long[2, stages];
        var lost = new long[2, stages];
        var inProgress = new long[stages];
        var touchLost = new long[2, touchpoints];
        var touchInProgress = new long[touchpoints];
        for (var c = 0; c < data.Customers.Count; c++)
        {
            var cohort = timelines.CohortMonth[c];
            if (cohort < 0) continue;
            var side = Side(cohort);
            if (side < 0) continue;
            var row = c * stages;
            var at = cut.TicksFor(cohort);
            if (moment[row] > at) continue; // entered after the cohort's cut: not yet in the cohort at that age
            entered[side]++;
            var r = 1;
            while (r < stages && moment[row + r] != 0 && moment[row + r] <= at) r++;
            for (var k = 0; k < r; k++) reached[side, k]++;
            if (r == stages) continue;
            var open = moment[row] + window > cut.JudgedAt(cohort);
            if (open) { if (side == 0) inProgress[r]++; }
            else lost[side, r]++;
            var t = lastTouchpoint[c];
            // An entry touchpoint of a stage after the first that the customer reached (an order, a sign-up, a repeat
            // purchase) is where they got on, not where they were lost: they count at their transition only.
            if (t < 0 || rules[t].Entry && ruleStage[t] >= 1 && ruleStage[t] < r) continue;
            if (open) { if (side == 0) touchInProgress[t]++; }
            else touchLost[side, t]++;
        }

        // Name only the baseline cohorts the data can hold: none before its first cohort month.
        var firstCohort = timelines.CohortMonth.Where(m => m >= 0).DefaultIfEmpty(month).Min();
        var from = Math.Max(month - BaselineMonths, firstCohort);
        var baselineText = from > month - 1 ? "no earlier cohort"
            : from == month - 1 ? $"the {Timelines.MonthText(month - 1)} cohort"
            : $"the {Timelines.MonthText(from)} to {Timelines.MonthText(month - 1)} cohorts pooled";
        var basis = $"{text} cohort vs {baselineText}; {cut.Basis}";
        var points = new List<PainPoint>();
        for (var k = 1; k < stages; k++)
        {
            long n = reached[0, k - 1], x = reached[0, k], bn = reached[1, k - 1], bx = reached[1, k];
            var e = emotionNow[k];
            points.Add(Point("transition", $"{data.Stages[k - 1]} → {data.Stages[k]}", k, n, lost[0, k], inProgress[k], x, bn, bx, worseWhenLower: true,
                e.Responses > 0 ? e.NegativeShare : null, e.Responses, estimated: false, e));
        }
        for (var t = 0; t < touchpoints; t++)
        {
            if (touchLost[0, t] == 0 && touchInProgress[t] == 0) continue;
            var stage = ruleStage[t];
            var own = EmotionAnalysis.Summarise(data, data.TouchpointNames[t], ofTouchpoint[t]);
            var e = own.Responses > 0 ? own : emotionNow[stage];
            points.Add(Point("touchpoint", data.TouchpointNames[t], stage, entered[0], touchLost[0, t], touchInProgress[t], touchLost[0, t],
                entered[1], touchLost[1, t], worseWhenLower: false, e.Responses > 0 ? e.NegativeShare : null, e.Responses, estimated: own.Responses == 0, e));
        }

        return points
            .OrderByDescending(p => Math.Round(p.ExcessLost ?? 0, MidpointRounding.AwayFromZero))
            .ThenByDescending(p => p.Negativity ?? -1)
            .ThenByDescending(p => p.CustomersLost)
            .ThenBy(p => p.Kind == "transition" ? 0 : 1)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select((p, i) => p with { Rank = i + 1 }).ToList();

        PainPoint Point(string kind, string name, int stage, long n, long lostThere, long open, long x, long bn, long bx, bool worseWhenLower,
            double? negativity, long negativityResponses, bool estimated, EmotionSummary emotion)
        {
            double? rate = n > 0 ? (double)x / n : null, baseline = bn > 0 ? (double)bx / bn : null;
            double? excess = rate is { } a && baseline is { } b ? n * (worseWhenLower ? b - a : a - b) : null;
            var test = Statistics.CompareProportions(x, n, bx, bn);
            return new PainPoint
            {
                Rank = 0, Kind = kind, Name = name, Stage = data.Stages[stage], StageIndex = stage, Month = text,
                Transition = kind == "transition" ? Transition.Into(data.Stages, stage) : null,
                Customers = n, CustomersLost = lostThere, InProgress = open, Rate = rate, BaselineRate = baseline, BaselineCustomers = bn,
                ExcessLost = excess, PValue = test?.P, AdjustedPValue = test?.P, Test = test?.Test,
                Significant = test is { } tt && tt.P < alpha && excess > 0, LowSample = n < min, Basis = basis,
                Emotion = emotion.MeanScore, EmotionResponses = emotion.Responses,
                Negativity = negativity, NegativityResponses = negativityResponses, NegativityEstimated = estimated && negativity is not null,
                BaselineEmotion = emotionBefore[stage].MeanScore, BaselineNegativity = emotionBefore[stage].NegativeShare,
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
        // Pooled counts per (dimension, segment, stage) over the segment window: one dictionary per dimension, keyed by
        // the segment alone (an ordinal string lookup per customer instead of a tuple's).
        var pooled = new Dictionary<(string Dimension, string Segment), long[]>();
        foreach (var dimension in FunnelAnalysis.Dimensions)
        {
            var values = FunnelAnalysis.SegmentValues(data, dimension);
            var ofSegment = new Dictionary<string, long[]>(StringComparer.Ordinal);
            for (var m = month - segmentMonths + 1; m <= month; m++)
            {
                var cut = (m == month ? period.AsOfUtc : period.ComparisonCutoff(m, month)).Ticks;
                foreach (var c in funnels.CustomersOf(m))
                {
                    if (timelines.Moment[c * stages] > cut) continue;
                    if (!ofSegment.TryGetValue(values[c], out var counts)) ofSegment[values[c]] = counts = new long[stages];
                    for (var k = 0; k < stages; k++)
                    {
                        var moment = timelines.Moment[c * stages + k];
                        if (moment == 0 || moment > cut) break;
                        counts[k]++;
                    }
                }
            }
            foreach (var (segment, counts) in ofSegment) pooled[(dimension, segment)] = counts;
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
