using JourneyInsights.Journeys;

using JourneyInsights.Privacy;

namespace JourneyInsights.Metrics;

/// <summary>Emotion trends from survey responses: per stage, touchpoint, persona and month. Definitions in docs/metrics.md.</summary>
public static class EmotionAnalysis
{
    /// <summary>Response month keys (report time zone).</summary>
    public static int[] ResponseMonths(JourneyData data) => data.ResponseMonthKeys;

    /// <summary>Summarises the responses selected by <paramref name="include"/>.</summary>
    public static EmotionSummary Summarise(JourneyData data, string group, Func<int, bool> include, string? month = null)
    {
        var r = data.Responses;
        var scores = new List<double>();
        long nps = 0, promoters = 0, detractors = 0, csat = 0, top2 = 0, ces = 0;
        double cesSum = 0;
        for (var i = 0; i < r.Count; i++)
        {
            if (!include(i)) continue;
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
        return data.Stages.Select((stage, s) => Summarise(data, stage,
            i => data.Responses.Stage[i] == s && months[i] >= fromMonth && months[i] <= toMonth && PersonaIs(data, i, persona),
            fromMonth == toMonth ? Timelines.MonthText(fromMonth) : null)).ToList();
    }

    /// <summary>Per touchpoint (survey touchpoints), for one month or all.</summary>
    public static IReadOnlyList<EmotionSummary> ByTouchpoint(JourneyData data, int? month = null)
    {
        var months = ResponseMonths(data);
        return data.Responses.Touchpoint.Where(t => t >= 0).Distinct().Order()
            .Select(t => Summarise(data, data.TouchpointNames[t], i => data.Responses.Touchpoint[i] == t && (month is null || months[i] == month),
                month is { } m ? Timelines.MonthText(m) : null)).ToList();
    }

    /// <summary>Per persona (responses matched to a customer), for one month or all.</summary>
    public static IReadOnlyList<EmotionSummary> ByPersona(JourneyData data, int? month = null)
    {
        var months = ResponseMonths(data);
        return PersonaOrder(data).Select(p => Summarise(data, p, i => PersonaIs(data, i, p) && (month is null || months[i] == month),
            month is { } m ? Timelines.MonthText(m) : null)).ToList();
    }

    /// <summary>Per month over the <paramref name="months"/> months ending with <paramref name="endMonth"/>, all stages together.</summary>
    public static IReadOnlyList<EmotionSummary> ByMonth(JourneyData data, int endMonth, int months = 12)
    {
        var keys = ResponseMonths(data);
        return Enumerable.Range(endMonth - months + 1, months)
            .Select(m => Summarise(data, Timelines.MonthText(m), i => keys[i] == m, Timelines.MonthText(m))).ToList();
    }

    /// <summary>Emotion per stage and month over the last months, with month-over-month changes (Welch's test).</summary>
    public static EmotionTrend StageTrend(JourneyData data, int endMonth, int months = 12)
    {
        var keys = ResponseMonths(data);
        var alpha = data.Definition.Funnel.Alpha;
        var points = new List<EmotionSummary>();
        var changes = new List<EmotionChange>();
        for (var s = 0; s < data.Stages.Length; s++)
        {
            EmotionSummary? previous = null;
            for (var m = endMonth - months + 1; m <= endMonth; m++)
            {
                var stage = s; var month = m;
                var point = Summarise(data, data.Stages[s], i => data.Responses.Stage[i] == stage && keys[i] == month, Timelines.MonthText(m));
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
    /// (month keys, inclusive) pooled: mean emotion per stage for all customers, then for each persona.
    /// </summary>
    public static IReadOnlyList<EmotionCurve> Curves(JourneyData data, int fromMonth, int toMonth)
    {
        var curves = new List<EmotionCurve> { new("All customers", ByStage(data, fromMonth, toMonth)) };
        curves.AddRange(PersonaOrder(data).Select(p => new EmotionCurve(p, ByStage(data, fromMonth, toMonth, p))));
        return curves;
    }

    /// <summary>The most negative comments per stage (lowest score first), masked for personal data.</summary>
    public static IReadOnlyList<Verbatim> Verbatims(JourneyData data, int? month = null, int perStage = 3)
    {
        var keys = ResponseMonths(data);
        var r = data.Responses;
        var result = new List<Verbatim>();
        for (var s = 0; s < data.Stages.Length; s++)
        {
            var stage = s;
            result.AddRange(Enumerable.Range(0, r.Count)
                .Where(i => r.Stage[i] == stage && !double.IsNaN(r.Score[i]) && !string.IsNullOrWhiteSpace(r.Comment[i]) && (month is null || keys[i] == month))
                .OrderBy(i => r.Score[i]).ThenBy(i => r.Time[i]).ThenBy(i => i)
                .Take(perStage)
                .Select(i => new Verbatim(data.Stages[stage], r.Survey[i], Timelines.MonthText(keys[i]), r.Score[i], PersonalData.Mask(r.Comment[i]!.Trim()),
                    r.Customer[i] >= 0 ? data.Customers.Key[r.Customer[i]] : "(unmatched)")));
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
