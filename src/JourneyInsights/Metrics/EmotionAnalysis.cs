using JourneyInsights.Journeys;

using JourneyInsights.Privacy;

namespace JourneyInsights.Metrics;

/// <summary>Emotion trends from survey responses: per stage, touchpoint, persona and month. Definitions in docs/metrics.md.</summary>
public static class EmotionAnalysis
{
    /// <summary>Response month keys (report time zone).</summary>
    public static int[] ResponseMonths(JourneyData data) => data.ResponseMonthKeys;

    /// <summary>Summarises the responses selected by <paramref name="include"/>.</summary>
    public static EmotionSummary Summarise(JourneyData data, string group, Func<int, bool> include, string? month = null) =>
        Summarise(data, group, Enumerable.Range(0, data.Responses.Count).Where(include), month);

    /// <summary>
    /// The responses grouped in one pass: response i goes to group <paramref name="groupOf"/>(i) when that lies in
    /// 0..<paramref name="groups"/>−1 (else nowhere); each group keeps the responses in ascending order, so a summary of a
    /// group adds its scores in the same order as a scan of every response with the same filter would.
    /// </summary>
    internal static List<int>[] Group(JourneyData data, int groups, Func<int, int> groupOf)
    {
        var result = new List<int>[groups];
        for (var g = 0; g < groups; g++) result[g] = [];
        for (var i = 0; i < data.Responses.Count; i++)
            if (groupOf(i) is var g && g >= 0 && g < groups) result[g].Add(i);
        return result;
    }

    /// <summary>Summarises the responses <paramref name="responses"/> (indices into <see cref="JourneyData.Responses"/>).</summary>
    public static EmotionSummary Summarise(JourneyData data, string group, IEnumerable<int> responses, string? month = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(responses);
        var r = data.Responses;
        var scores = new List<double>();
        long nps = 0, promoters = 0, detractors = 0, csat = 0, top2 = 0, ces = 0;
        double cesSum = 0;
        foreach (var i in responses)
        {
            if (!double.IsNaN(r.Score[i])) scores.Add(r.Score[i]);
            if (!double.IsNaN(r.Nps[i])) { nps++; if (r.Nps[i] >= 9) promoters++; else if (r.Nps[i] <= 6) detractors++; }
            if (!double.IsNaN(r.Csat[i])) { csat++; if (r.Csat[i] >= 4) top2++; }
            if (!double.IsNaN(r.Ces[i])) { ces++; cesSum += r.Ces[i]; }
        }
        var (mean, variance, n) = Statistics.MeanVariance(scores);
        var negative = scores.Count(x => x < 0);
        return new EmotionSummary
        {
            Group = group, Month = month, Responses = n,
            MeanScore = n > 0 ? mean : null,
            MeanInterval = Statistics.MeanInterval(mean, variance, n),
            ScoreVariance = n > 1 ? variance : null,
            NegativeShare = n > 0 ? (double)negative / n : null,
            NpsResponses = nps, Nps = nps > 0 ? 100.0 * (promoters - detractors) / nps : null,
            Promoters = promoters, Detractors = detractors, NpsEstimate = Statistics.AdjustedWaldNps(promoters, detractors, nps),
            CsatResponses = csat, CsatTop2Box = csat > 0 ? (double)top2 / csat : null, CsatTop2 = top2, CsatInterval = Statistics.Wilson(top2, csat),
            CesResponses = ces, MeanCes = ces > 0 ? cesSum / ces : null,
            LowSample = n < data.Definition.Funnel.MinSampleSize, MinSample = data.Definition.Funnel.MinSampleSize,
        };
    }

    /// <summary>Per stage, for responses of one month (month key) or all months.</summary>
    public static IReadOnlyList<EmotionSummary> ByStage(JourneyData data, int? month = null, string? persona = null) =>
        month is { } m ? ByStage(data, m, m, persona) : ByStage(data, int.MinValue, int.MaxValue, persona);

    /// <summary>
    /// Per stage, for the responses of the months <paramref name="fromMonth"/> to <paramref name="toMonth"/> (month keys,
    /// inclusive, report time zone) pooled; <see cref="EmotionSummary.Month"/> is the month when the range is one month.
    /// </summary>
    public static IReadOnlyList<EmotionSummary> ByStage(JourneyData data, int fromMonth, int toMonth, string? persona = null)
    {
        var months = ResponseMonths(data);
        var byStage = Group(data, data.Stages.Length,
            i => months[i] >= fromMonth && months[i] <= toMonth && PersonaIs(data, i, persona) ? data.Responses.Stage[i] : -1);
        var text = fromMonth == toMonth ? Timelines.MonthText(fromMonth) : null;
        return data.Stages.Select((stage, s) => Summarise(data, stage, byStage[s], text)).ToList();
    }

    /// <summary>Per touchpoint (survey touchpoints), for one month or all.</summary>
    public static IReadOnlyList<EmotionSummary> ByTouchpoint(JourneyData data, int? month = null)
    {
        var months = ResponseMonths(data);
        var byTouchpoint = Group(data, data.TouchpointNames.Length, i => month is null || months[i] == month ? data.Responses.Touchpoint[i] : -1);
        var text = month is { } m ? Timelines.MonthText(m) : null;
        return data.Responses.Touchpoint.Where(t => t >= 0).Distinct().Order()
            .Select(t => Summarise(data, data.TouchpointNames[t], byTouchpoint[t], text)).ToList();
    }

    /// <summary>
    /// Per persona (responses matched to a customer), for one month or all. At most
    /// <see cref="Definition.FunnelDefinition.MaxSegments"/> personas (default 20), those with the most responses in the
    /// month; the responses of the others are pooled into one last row <see cref="FunnelAnalysis.OtherSegment"/>.
    /// </summary>
    public static IReadOnlyList<EmotionSummary> ByPersona(JourneyData data, int? month = null) =>
        ByPersona(data, month, data.Definition.Funnel.MaxSegments).Rows;

    /// <summary>
    /// Per persona over the responses of <paramref name="month"/> (or all months), at most <paramref name="cap"/> personas
    /// and one "other" row, with the <see cref="SegmentCap"/> that says how many were pooled. One pass over the responses.
    /// Which personas are shown: the most responses first, ties in the order of <see cref="PersonaOrder"/> (the
    /// definition's personas, then by name); shown in that order, the "other" row last.
    /// </summary>
    public static (IReadOnlyList<EmotionSummary> Rows, SegmentCap Cap) ByPersona(JourneyData data, int? month, int cap)
    {
        ArgumentNullException.ThrowIfNull(data);
        var months = ResponseMonths(data);
        var text = month is { } m ? Timelines.MonthText(m) : null;
        var (shown, other, values) = CapPersonas(data, i => month is null || months[i] == month, cap);
        var rows = shown.Select(g => Summarise(data, g.Persona, g.Responses, text)).ToList();
        if (other is not null) rows.Add(Summarise(data, FunnelAnalysis.OtherSegment(other.Value.Values), other.Value.Responses, text));
        return (rows, new SegmentCap(SegmentCap.EmotionByPersona, "persona", values, Math.Max(1, cap), other?.Values ?? 0));
    }

    /// <summary>Per month over the <paramref name="months"/> months ending with <paramref name="endMonth"/>, all stages together.</summary>
    public static IReadOnlyList<EmotionSummary> ByMonth(JourneyData data, int endMonth, int months = 12)
    {
        var keys = ResponseMonths(data);
        var first = endMonth - months + 1;
        var byMonth = Group(data, months, i => keys[i] - first);
        return Enumerable.Range(first, months)
            .Select(m => Summarise(data, Timelines.MonthText(m), byMonth[m - first], Timelines.MonthText(m))).ToList();
    }

    /// <summary>Emotion per stage and month over the last months, with month-over-month changes (Welch's test).</summary>
    public static EmotionTrend StageTrend(JourneyData data, int endMonth, int months = 12)
    {
        var keys = ResponseMonths(data);
        var alpha = data.Definition.Funnel.Alpha;
        var points = new List<EmotionSummary>();
        var changes = new List<EmotionChange>();
        var first = endMonth - months + 1;
        var byStageMonth = Group(data, data.Stages.Length * months,
            i => data.Responses.Stage[i] is var st && st >= 0 && keys[i] - first is var k && k >= 0 && k < months ? st * months + k : -1);
        for (var s = 0; s < data.Stages.Length; s++)
        {
            EmotionSummary? previous = null;
            for (var m = endMonth - months + 1; m <= endMonth; m++)
            {
                var point = Summarise(data, data.Stages[s], byStageMonth[s * months + m - first], Timelines.MonthText(m));
                points.Add(point);
                if (previous is not null)
                {
                    var test = point.MeanScore is { } a && previous.MeanScore is { } b && point.ScoreVariance is { } va && previous.ScoreVariance is { } vb
                        ? Statistics.WelchTest(a, va, point.Responses, b, vb, previous.Responses) : null;
                    changes.Add(new EmotionChange(data.Stages[s], point.Month!, previous.Month!, point.MeanScore, previous.MeanScore,
                        point.MeanScore - previous.MeanScore, test?.P, test is { } t && t.P < alpha));
                }
                previous = point;
            }
        }
        return new EmotionTrend(points, changes);
    }

    /// <summary>The journey emotion curve: mean emotion per stage for all customers, then for each persona.</summary>
    public static IReadOnlyList<EmotionCurve> Curves(JourneyData data, int? month = null) =>
        month is { } m ? Curves(data, m, m) : Curves(data, int.MinValue, int.MaxValue);

    /// <summary>
    /// The journey emotion curve over the responses of the months <paramref name="fromMonth"/> to <paramref name="toMonth"/>
    /// (month keys, inclusive) pooled: mean emotion per stage for all customers, then for each persona (at most
    /// <see cref="Definition.FunnelDefinition.MaxSegments"/>, then one "other" curve; see the overload with a cap).
    /// </summary>
    public static IReadOnlyList<EmotionCurve> Curves(JourneyData data, int fromMonth, int toMonth) =>
        Curves(data, fromMonth, toMonth, data.Definition.Funnel.MaxSegments).Curves;

    /// <summary>
    /// As above with at most <paramref name="cap"/> persona curves, those with the most responses in the months (ties in
    /// the order of <see cref="PersonaOrder"/>), then one curve <see cref="FunnelAnalysis.OtherSegment"/> pooling the
    /// responses of the other personas; with the <see cref="SegmentCap"/> that says how many were pooled. One pass over
    /// the responses, then one over each shown group's own responses.
    /// </summary>
    public static (IReadOnlyList<EmotionCurve> Curves, SegmentCap Cap) Curves(JourneyData data, int fromMonth, int toMonth, int cap)
    {
        ArgumentNullException.ThrowIfNull(data);
        var months = ResponseMonths(data);
        bool InRange(int i) => months[i] >= fromMonth && months[i] <= toMonth;
        var curves = new List<EmotionCurve> { new("All customers", ByStage(data, fromMonth, toMonth)) };
        var (shown, other, values) = CapPersonas(data, InRange, cap);
        var text = fromMonth == toMonth ? Timelines.MonthText(fromMonth) : null;
        curves.AddRange(shown.Select(g => new EmotionCurve(g.Persona, StagesOf(data, g.Responses, text))));
        if (other is not null)
        {
            var name = FunnelAnalysis.OtherSegment(other.Value.Values);
            curves.Add(new EmotionCurve(name, StagesOf(data, other.Value.Responses, text)));
        }
        return (curves, new SegmentCap(SegmentCap.EmotionCurves, "persona", values, Math.Max(1, cap), other?.Values ?? 0));
    }

    /// <summary>The emotion per stage of <paramref name="responses"/>, each summary's group the stage (as <see cref="ByStage(JourneyData, int, int, string?)"/>).</summary>
    private static List<EmotionSummary> StagesOf(JourneyData data, IReadOnlyList<int> responses, string? month)
    {
        var byStage = new List<int>[data.Stages.Length];
        for (var s = 0; s < byStage.Length; s++) byStage[s] = [];
        foreach (var i in responses)
            if (data.Responses.Stage[i] is var s && s >= 0 && s < byStage.Length) byStage[s].Add(i);
        return data.Stages.Select((stage, s) => Summarise(data, stage, byStage[s], month)).ToList();
    }

    /// <summary>
    /// The responses selected by <paramref name="include"/> that are matched to a customer, grouped by the customer's
    /// persona in one pass; every persona of <see cref="PersonaOrder"/> is a group (possibly without responses). When
    /// there are more than <paramref name="cap"/> personas, the <paramref name="cap"/> with the most responses are
    /// shown (ties: <see cref="PersonaOrder"/>) and the others' responses are pooled; groups are returned in
    /// <see cref="PersonaOrder"/>. <c>values</c> = the number of personas.
    /// </summary>
    private static (List<(string Persona, IReadOnlyList<int> Responses)> Shown, (int Values, IReadOnlyList<int> Responses)? Other, int Values)
        CapPersonas(JourneyData data, Func<int, bool> include, int cap)
    {
        cap = Math.Max(1, cap);
        var order = PersonaOrder(data).ToList();
        var rank = new Dictionary<string, int>(order.Count, StringComparer.Ordinal);
        for (var k = 0; k < order.Count; k++) rank[order[k]] = k;
        var groups = new List<int>[order.Count];
        for (var k = 0; k < groups.Length; k++) groups[k] = [];
        var r = data.Responses;
        for (var i = 0; i < r.Count; i++)
        {
            var c = r.Customer[i];
            if (c < 0 || !include(i)) continue;
            groups[rank[data.Customers.Persona[c]]].Add(i);
        }
        if (order.Count <= cap)
            return (order.Select((p, k) => (p, (IReadOnlyList<int>)groups[k])).ToList(), null, order.Count);
        var keep = Enumerable.Range(0, order.Count).OrderByDescending(k => groups[k].Count).ThenBy(k => k).Take(cap).Order().ToList();
        var kept = new bool[order.Count];
        foreach (var k in keep) kept[k] = true;
        var pooled = Enumerable.Range(0, order.Count).Where(k => !kept[k]).SelectMany(k => groups[k]).Order().ToList();
        return (keep.Select(k => (order[k], (IReadOnlyList<int>)groups[k])).ToList(), (order.Count - cap, pooled), order.Count);
    }

    /// <summary>The most negative comments per stage (lowest score first), masked for personal data.</summary>
    public static IReadOnlyList<Verbatim> Verbatims(JourneyData data, int? month = null, int perStage = 3)
    {
        var keys = ResponseMonths(data);
        var r = data.Responses;
        var result = new List<Verbatim>();
        var byStage = Group(data, data.Stages.Length,
            i => !double.IsNaN(r.Score[i]) && !string.IsNullOrWhiteSpace(r.Comment[i]) && (month is null || keys[i] == month) ? r.Stage[i] : -1);
        for (var s = 0; s < data.Stages.Length; s++)
        {
            var stage = s;
            result.AddRange(byStage[s]
                .OrderBy(i => r.Score[i]).ThenBy(i => r.Time[i]).ThenBy(i => i)
                .Take(perStage)
                .Select(i => new Verbatim(data.Stages[stage], r.Survey[i], Timelines.MonthText(keys[i]), r.Score[i], PersonalData.Mask(r.Comment[i]!.Trim()),
                    r.Customer[i] >= 0 ? data.Customers.KeyOf(r.Customer[i]) : "(unmatched)")));
        }
        return result;
    }

    internal static IEnumerable<string> PersonaOrder(JourneyData data)
    {
        var seen = data.Customers.Persona.Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var order = data.Definition.Personas.Where(seen.Contains).ToList();
        order.AddRange(seen.Except(order).Order(StringComparer.Ordinal));
        return order;
    }

    private static bool PersonaIs(JourneyData data, int response, string? persona) =>
        persona is null || data.Responses.Customer[response] is var c && c >= 0 && data.Customers.Persona[c] == persona;
}
