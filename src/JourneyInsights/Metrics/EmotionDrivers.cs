using JourneyInsights.Journeys;

namespace JourneyInsights.Metrics;

/// <summary>
/// How well one stage's or one survey touchpoint's emotion score goes with the relationship NPS, over the customers who
/// answered both in the analysis window (Qualtrics' key-driver analysis, one driver at a time). Per customer: x = the
/// mean emotion score (−1..+1) of their responses placed at the stage, or given to the touchpoint's survey (the
/// relationship survey's own answers left out); y = the mean of their relationship-survey NPS answers (0..10).
/// Definitions in docs/metrics.md ("Emotion drivers").
/// </summary>
public sealed record EmotionDriver
{
    /// <summary>"stage" or "touchpoint".</summary>
    public required string Kind { get; init; }
    /// <summary>The stage or the survey touchpoint, e.g. "Purchase", "Post-purchase survey".</summary>
    public required string Name { get; init; }
    /// <summary>Customers with both a score here and a relationship NPS answer in the window.</summary>
    public long Customers { get; init; }
    /// <summary>Performance: the mean of the customers' scores here (−1..+1).</summary>
    public double MeanScore { get; init; }
    /// <summary>The mean relationship NPS answer (0..10) of the same customers.</summary>
    public double MeanNps { get; init; }
    /// <summary>Importance: Pearson's correlation between the score here and the relationship NPS answer.</summary>
    public double Correlation { get; init; }
    /// <summary>95 % interval of <see cref="Correlation"/> (Fisher's z: tanh(atanh r ± 1.959964 / √(n − 3))).</summary>
    public Interval CorrelationInterval { get; init; }
    /// <summary>Simple regression answer = Intercept + Slope · score: points of the 0–10 NPS answer per score unit (a score of +1 vs 0 is Slope answer points; not NPS points of −100..100).</summary>
    public double Slope { get; init; }
    /// <summary>The fitted NPS answer at a score of 0 (neutral).</summary>
    public double Intercept { get; init; }
    /// <summary>Share of the variance of the NPS answers the simple regression explains (= r²).</summary>
    public double RSquared { get; init; }
    /// <summary>Two-sided p-value of r = 0 (Fisher's z: atanh r · √(n − 3) against the standard normal).</summary>
    public double PValue { get; init; }
    /// <summary>Benjamini–Hochberg adjusted over the emotion-driver candidates of the analysis.</summary>
    public double AdjustedPValue { get; init; }
    /// <summary>Adjusted p below the definition's alpha.</summary>
    public bool Significant { get; init; }
}

/// <summary>The emotion drivers of a report: the relationship survey, the window and the ranked drivers.</summary>
public sealed record EmotionDriverResult
{
    /// <summary>The survey touchpoint whose NPS answers are explained, or null when no survey touchpoint has NPS answers.</summary>
    public string? RelationshipSurvey { get; init; }
    /// <summary>Customers with a relationship NPS answer in the window.</summary>
    public long RelationshipCustomers { get; init; }
    /// <summary>
    /// Drivers with at least <see cref="EmotionDriverAnalysis.MinCustomers"/> customers, by R² (highest first). A stage whose
    /// scores all come from one survey touchpoint is not listed beside that touchpoint (the same pairs).
    /// </summary>
    public IReadOnlyList<EmotionDriver> Drivers { get; init; } = [];
    /// <summary>What the figures rest on: "responses recorded 2025-09 to 2026-08 pooled; customers with both ...".</summary>
    public required string Basis { get; init; }
    /// <summary>Why there are no drivers, in one sentence, or null when there are.</summary>
    public string? NoDrivers { get; init; }
}

/// <summary>
/// Which stage and survey touchpoint scores best explain the relationship NPS: per candidate, the correlation with the
/// customers' relationship NPS answers, a simple regression with R², sample sizes and Benjamini–Hochberg adjusted tests.
/// </summary>
public static class EmotionDriverAnalysis
{
    /// <summary>Customers with both answers a candidate needs (Fisher's z needs n &gt; 3; 10 keeps the interval meaningful).</summary>
    public const int MinCustomers = 10;

    /// <summary>
    /// The emotion drivers over the responses recorded in months <paramref name="fromMonth"/> to <paramref name="toMonth"/>
    /// (month keys, report time zone, inclusive). The relationship survey is <c>emotion.relationshipSurvey</c> of the
    /// definition, else the survey touchpoint of the latest stage that has NPS answers in the window (ties: more answers).
    /// </summary>
    public static EmotionDriverResult Compute(JourneyData data, int fromMonth, int toMonth)
    {
        var r = data.Responses;
        var months = data.ResponseMonthKeys;
        var rules = data.Definition.Touchpoints;
        var basis = fromMonth == toMonth
            ? $"responses recorded in {Timelines.MonthText(toMonth)}"
            : $"responses recorded {Timelines.MonthText(fromMonth)} to {Timelines.MonthText(toMonth)} pooled";
        bool InWindow(int i) => r.Customer[i] >= 0 && months[i] >= fromMonth && months[i] <= toMonth;

        if (!data.Definition.Sources.Any(src => src.Kind == Sources.SourceKind.Survey))
            return new EmotionDriverResult
            {
                Basis = basis,
                NoDrivers = "There is no survey source in the journey definition, so there is no NPS to explain. Add a survey export with NPS answers and stage or touchpoint surveys.",
            };
        var npsAnswers = new long[rules.Count];
        for (var i = 0; i < r.Count; i++)
            if (InWindow(i) && r.Touchpoint[i] >= 0 && !double.IsNaN(r.Nps[i])) npsAnswers[r.Touchpoint[i]]++;
        var outcome = Outcome(data, npsAnswers);
        if (outcome < 0)
            return new EmotionDriverResult
            {
                Basis = basis,
                NoDrivers = data.Definition.Emotion.RelationshipSurvey is { } named
                    ? $"No relationship NPS: the survey touchpoint '{named}' has no NPS answers from known customers in {basis}."
                    : $"No relationship NPS: no survey touchpoint has NPS answers from known customers in {basis}.",
            };

        // y per customer: the mean of their relationship NPS answers in the window.
        var ySum = new Dictionary<int, (double Sum, int N)>();
        for (var i = 0; i < r.Count; i++)
        {
            if (!InWindow(i) || r.Touchpoint[i] != outcome || double.IsNaN(r.Nps[i])) continue;
            var c = r.Customer[i];
            ySum[c] = ySum.TryGetValue(c, out var s) ? (s.Sum + r.Nps[i], s.N + 1) : (r.Nps[i], 1);
        }

        // x per customer and candidate: the mean score of their other responses at the stage / to the survey touchpoint.
        var stageX = new Dictionary<(int Stage, int Customer), (double Sum, int N)>();
        var touchX = new Dictionary<(int Touchpoint, int Customer), (double Sum, int N)>();
        var stageSources = data.Stages.Select(_ => new HashSet<int>()).ToArray(); // the touchpoints (−1: none) behind each stage's scores
        for (var i = 0; i < r.Count; i++)
        {
            if (!InWindow(i) || r.Touchpoint[i] == outcome || double.IsNaN(r.Score[i]) || !ySum.ContainsKey(r.Customer[i])) continue;
            var c = r.Customer[i];
            if (r.Stage[i] >= 0) { Add(stageX, (r.Stage[i], c), r.Score[i]); stageSources[r.Stage[i]].Add(r.Touchpoint[i]); }
            if (r.Touchpoint[i] >= 0) Add(touchX, (r.Touchpoint[i], c), r.Score[i]);
        }

        // One pass over each map: the (x, y) pairs of every stage and touchpoint. A stage whose scores all come from one
        // survey touchpoint is that touchpoint's candidate: not listed twice.
        var candidates = new List<EmotionDriver>();
        foreach (var g in stageX.GroupBy(kv => kv.Key.Stage).OrderBy(g => g.Key))
            if (!(stageSources[g.Key].Count == 1 && stageSources[g.Key].Single() >= 0)
                && Fit("stage", data.Stages[g.Key], g.Select(kv => (kv.Value.Sum / kv.Value.N, Y(kv.Key.Customer)))) is { } d)
                candidates.Add(d);
        foreach (var g in touchX.GroupBy(kv => kv.Key.Touchpoint).OrderBy(g => g.Key))
            if (Fit("touchpoint", rules[g.Key].Name, g.Select(kv => (kv.Value.Sum / kv.Value.N, Y(kv.Key.Customer)))) is { } d)
                candidates.Add(d);

        var adjusted = Statistics.BenjaminiHochberg(candidates.Select(d => (double?)d.PValue).ToList());
        var alpha = data.Definition.Funnel.Alpha;
        var drivers = candidates.Select((d, i) => d with { AdjustedPValue = adjusted[i] ?? 1, Significant = (adjusted[i] ?? 1) < alpha })
            .OrderByDescending(d => d.RSquared).ThenBy(d => d.Kind, StringComparer.Ordinal).ThenBy(d => d.Name, StringComparer.Ordinal).ToList();
        var survey = rules[outcome].Name;
        return new EmotionDriverResult
        {
            RelationshipSurvey = survey,
            RelationshipCustomers = ySum.Count,
            Drivers = drivers,
            Basis = $"{basis}; customers with both a score there and a '{survey}' NPS answer",
            NoDrivers = drivers.Count > 0 ? null
                : $"No stage or survey touchpoint has {MinCustomers} customers who also gave a '{survey}' NPS answer in {basis} ({ySum.Count} customers answered it).",
        };

        double Y(int customer) => ySum[customer].Sum / ySum[customer].N;
    }

    private static void Add<TKey>(Dictionary<TKey, (double Sum, int N)> map, TKey key, double x) where TKey : notnull =>
        map[key] = map.TryGetValue(key, out var s) ? (s.Sum + x, s.N + 1) : (x, 1);

    /// <summary>The relationship survey's touchpoint index, or −1.</summary>
    private static int Outcome(JourneyData data, long[] npsAnswers)
    {
        var rules = data.Definition.Touchpoints;
        if (data.Definition.Emotion.RelationshipSurvey is { } named)
        {
            for (var t = 0; t < rules.Count; t++)
                if (rules[t].Name == named && rules[t].When.Surveys is { Count: > 0 }) return npsAnswers[t] > 0 ? t : -1;
            return -1;
        }
        var best = -1;
        for (var t = 0; t < rules.Count; t++)
        {
            if (rules[t].When.Surveys is not { Count: > 0 } || npsAnswers[t] == 0) continue;
            if (best < 0 || Stage(t) > Stage(best) || Stage(t) == Stage(best) && npsAnswers[t] > npsAnswers[best]) best = t;
        }
        return best;

        int Stage(int t) => rules[t].Stage is { } s ? Array.IndexOf(data.Stages, s) : -1;
    }

    /// <summary>Pearson's r, Fisher's z interval and test, and the least-squares line of the (x, y) pairs; null below <see cref="MinCustomers"/> or without variance.</summary>
    public static EmotionDriver? Fit(string kind, string name, IEnumerable<(double X, double Y)> pairs)
    {
        var list = pairs.ToList();
        long n = list.Count;
        if (n < MinCustomers) return null;
        double mx = list.Average(p => p.X), my = list.Average(p => p.Y);
        double sxx = list.Sum(p => (p.X - mx) * (p.X - mx)), syy = list.Sum(p => (p.Y - my) * (p.Y - my)), sxy = list.Sum(p => (p.X - mx) * (p.Y - my));
        if (sxx == 0 || syy == 0) return null;
        var rho = Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
        var slope = sxy / sxx;
        var z = Math.Atanh(Math.Clamp(rho, -0.9999999, 0.9999999));
        var se = 1 / Math.Sqrt(n - 3);
        return new EmotionDriver
        {
            Kind = kind, Name = name, Customers = n, MeanScore = mx, MeanNps = my,
            Correlation = rho, CorrelationInterval = new Interval(Math.Tanh(z - Statistics.Z95 * se), Math.Tanh(z + Statistics.Z95 * se)),
            Slope = slope, Intercept = my - slope * mx, RSquared = rho * rho,
            PValue = 2 * (1 - Statistics.NormalCdf(Math.Abs(z) / se)),
        };
    }
}
