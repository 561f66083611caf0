using JourneyInsights.Journeys;

namespace JourneyInsights.Metrics;

/// <summary>
/// The funnels of one report, each cohort (and each cut of it) computed once and reused by the headlines, the trend,
/// pain points, opportunities and findings. <see cref="Of"/> is a cohort as of the report's cutoff;
/// <see cref="Comparison"/> gives two cohorts counted like for like.
/// </summary>
public sealed class CohortFunnels
{
    private readonly Dictionary<(int Month, long Cut), FunnelResult> _cache = [];

    private readonly Dictionary<int, int[]> _customers;

    /// <summary>Indexes the customers by cohort month once (one pass over the customers).</summary>
    public CohortFunnels(JourneyData data, Timelines timelines, ReportPeriod period)
    {
        Data = data; Timelines = timelines; Period = period;
        var lists = new Dictionary<int, List<int>>();
        for (var c = 0; c < data.Customers.Count; c++)
        {
            var m = timelines.CohortMonth[c];
            if (m < 0) continue;
            if (!lists.TryGetValue(m, out var list)) lists[m] = list = [];
            list.Add(c);
        }
        _customers = lists.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    /// <summary>The customers (indexes) of one cohort month, ascending.</summary>
    public IReadOnlyList<int> CustomersOf(int month) => _customers.TryGetValue(month, out var list) ? list : [];

    public JourneyData Data { get; }
    public Timelines Timelines { get; }
    public ReportPeriod Period { get; }
    /// <summary>Number of funnels computed so far (each cohort and cut once).</summary>
    public int Computed => _cache.Count;

    /// <summary>The funnel of <paramref name="month"/> as of the report's cutoff (basis: this cohort).</summary>
    public FunnelResult Of(int month) => Cut(month, Period.AsOfUtc, FigureBasis.ThisCohort);

    /// <summary>The report month's funnel as of the cutoff.</summary>
    public FunnelResult Report => Of(Period.Month);

    /// <summary>
    /// <paramref name="month"/> and an earlier <paramref name="earlier"/> cohort counted like for like: both as of the
    /// cutoff when <paramref name="month"/> is mature (full window); otherwise <paramref name="earlier"/> cut at the
    /// instant it was as old as <paramref name="month"/> is now. Both results carry that basis.
    /// </summary>
    public (FunnelResult Current, FunnelResult Earlier) Comparison(int month, int earlier)
    {
        var basis = Period.ComparisonBasis(month);
        var cur = Of(month) with { Basis = basis };
        var before = Cut(earlier, Period.ComparisonCutoff(earlier, month), basis);
        return (cur, before);
    }

    /// <summary>The earlier cohort of <see cref="Comparison"/> alone: <paramref name="earlier"/> counted like for like with <paramref name="month"/>.</summary>
    public FunnelResult Matched(int earlier, int month) => Comparison(month, earlier).Earlier;

    private FunnelResult Cut(int month, DateTime cutoff, FigureBasis basis)
    {
        if (!_cache.TryGetValue((month, cutoff.Ticks), out var f))
        {
            f = FunnelAnalysis.Compute(Data, Timelines, _customers.GetValueOrDefault(month, []), month, cutoff, null, null, null) with { Maturing = !Period.IsMature(month) };
            _cache[(month, cutoff.Ticks)] = f;
        }
        return f with { Basis = basis };
    }
}
