using JourneyInsights.Journeys;
using JourneyInsights.Sources;

namespace JourneyInsights.Metrics;

/// <summary>
/// A headline figure with last month's value: the change is Value - Previous. Conversion headlines carry a
/// two-proportion z-test of the change (raw p-value); <see cref="Basis"/> says whether the two months are compared
/// over their full window or age-matched ("both cohorts as of 0 days after their month ended").
/// </summary>
public sealed record Headline(string Name, double? Value, double? Previous, string Unit)
{
    public double? Change => Value - Previous;
    /// <summary>Raw two-sided p-value of the change (null when not tested, e.g. customer counts).</summary>
    public double? PValue { get; init; }
    /// <summary>Benjamini–Hochberg adjusted p-value over all the report's tests.</summary>
    public double? AdjustedPValue { get; init; }
    /// <summary>Adjusted p &lt; alpha: only then is the change called a change.</summary>
    public bool Significant { get; init; }
    /// <summary>"z", "fisher", "welch" or "adjusted-wald".</summary>
    public string? Test { get; init; }
    /// <summary>What Value and Previous rest on, e.g. "2026-08 vs 2026-07 cohort; both cohorts as of 0 days after their month ended".</summary>
    public string Basis { get; init; } = "";
    /// <summary>
    /// Cohort headlines: how the two months are compared, full window or age-matched (<see cref="ReportPeriod"/>);
    /// response headlines: this month's responses.
    /// </summary>
    public FigureBasis Comparison { get; init; } = FigureBasis.ThisCohort;
    /// <summary>Half-width of the 95 % interval of Value where one is defined (NPS: adjusted Wald, in points).</summary>
    public double? MarginOfError { get; init; }
    /// <summary>True when Value rests on fewer than the minimum sample size.</summary>
    public bool LowSample { get; init; }
}

/// <summary>One column of the journey map: what a journey map shows for a stage.</summary>
public sealed record JourneyMapStage
{
    public required string Stage { get; init; }
    public string? Goal { get; init; }
    /// <summary>The month's most frequent touchpoints of the stage (cohort customers), most frequent first.</summary>
    public required IReadOnlyList<string> KeyTouchpoints { get; init; }
    /// <summary>First-touch channels of the customers reaching the stage, most frequent first.</summary>
    public required IReadOnlyList<string> Channels { get; init; }
    public long Customers { get; init; }
    public double? ConversionFromPrevious { get; init; }
    public double? Emotion { get; init; }
    public long EmotionResponses { get; init; }
    /// <summary>The stage's highest-ranked pain point losing at least one customer more than its baseline (name), or null.</summary>
    public string? TopPainPoint { get; init; }
    /// <summary>Customers that pain point lost beyond its baseline.</summary>
    public double? TopPainPointExcessLost { get; init; }
    /// <summary>Whether that excess passed the report's corrected test.</summary>
    public bool TopPainPointSignificant { get; init; }
    /// <summary>
    /// True when the report's pain points had a baseline to be compared with (the previous three cohorts hold customers),
    /// so a missing <see cref="TopPainPoint"/> means "nothing worse than usual" rather than "nothing to compare with".
    /// </summary>
    public bool PainPointsHaveBaseline { get; init; }
    /// <summary>The largest opportunity into this stage (its best segment and rates), or null.</summary>
    public Opportunity? TopOpportunity { get; init; }
    public string? Verbatim { get; init; }
}

/// <summary>
/// Every figure of one month's journey report, computed once and shared by the workbook, the charts, the HTML page
/// and summary.json (so they cannot disagree).
/// </summary>
public sealed record JourneyReport
{
    public required string Title { get; init; }
    /// <summary>The report month, cutoff and comparison rules every figure was computed with.</summary>
    public required ReportPeriod Period { get; init; }
    /// <summary>The report (cohort) month, "YYYY-MM".</summary>
    public required string Month { get; init; }
    public required string PreviousMonth { get; init; }
    public required string ReportTimeZone { get; init; }
    public required DateTime DataStart { get; init; }
    public required DateTime DataEnd { get; init; }
    public required IReadOnlyList<string> Stages { get; init; }
    /// <summary>Customers entering, final conversion, NPS, mean emotion, each with last month's value.</summary>
    public required IReadOnlyList<Headline> Headlines { get; init; }
    public required FunnelResult Funnel { get; init; }
    public required IReadOnlyList<FunnelBreakdown> Breakdowns { get; init; }
    public required FunnelTrend Trend { get; init; }
    public required IReadOnlyList<EmotionSummary> EmotionByStage { get; init; }
    public required IReadOnlyList<EmotionSummary> EmotionByTouchpoint { get; init; }
    /// <summary>
    /// Emotion per persona for the report month: at most <c>funnel.maxSegments</c> personas (those with the most
    /// responses), the others pooled into one last row "(other: N values)"; <see cref="SegmentCaps"/> says when.
    /// </summary>
    public required IReadOnlyList<EmotionSummary> EmotionByPersona { get; init; }
    public required IReadOnlyList<EmotionSummary> EmotionByMonth { get; init; }
    public required EmotionTrend EmotionTrend { get; init; }
    /// <summary>
    /// Emotion per stage, all customers and per persona, over the responses of the <see cref="CurveFrom"/> to
    /// <see cref="CurveTo"/> months pooled (the trend window ending with the report month; one month's curves are too
    /// sparse). Responses after the report month are not in it. At most <c>funnel.maxSegments</c> persona curves (those
    /// with the most responses), then one "(other: N values)" curve; <see cref="SegmentCaps"/> says when.
    /// </summary>
    public required IReadOnlyList<EmotionCurve> Curves { get; init; }
    /// <summary>
    /// How every table split by a customer attribute was capped: the four breakdowns, emotion by persona and the
    /// persona curves (and the segment values judged by segment gaps and drop-off drivers). See <see cref="SegmentCap"/>.
    /// </summary>
    public IReadOnlyList<SegmentCap> SegmentCaps { get; init; } = [];
    /// <summary>
    /// The findings a scheduler is alerted to: significant declines (<see cref="Finding.IsDecline"/>) after the
    /// Benjamini–Hochberg correction over all the report's tests, in rank order. A calm month has none.
    /// </summary>
    public IReadOnlyList<Finding> Alerts => Findings.Where(f => f.Significant && f.IsDecline).ToList();
    /// <summary>First month (YYYY-MM) of the responses pooled in <see cref="Curves"/>.</summary>
    public string CurveFrom { get; init; } = "";
    /// <summary>Last month (YYYY-MM) of the responses pooled in <see cref="Curves"/>: the report month.</summary>
    public string CurveTo { get; init; } = "";
    /// <summary>Ranked by customers lost beyond the previous three cohorts; see <see cref="PainPoint"/>.</summary>
    public required IReadOnlyList<PainPoint> PainPoints { get; init; }
    /// <summary>
    /// Which touchpoints and segment values go with converting or dropping off at each transition of the report cohort
    /// (as of the cut), with odds ratios and Benjamini–Hochberg adjusted tests across the candidates; see <see cref="DropOffDriver"/>.
    /// </summary>
    public IReadOnlyList<DropOffDriver> DropOffDrivers { get; init; } = [];
    /// <summary>
    /// Which stage and survey touchpoint scores go with the relationship NPS (per customer with both), over the responses of
    /// the twelve months up to the report month pooled (as the emotion curves); see <see cref="EmotionDriver"/>.
    /// </summary>
    public EmotionDriverResult EmotionDrivers { get; init; } = new() { Basis = "", NoDrivers = "Not computed." };
    /// <summary>
    /// The report cohort's paths from each stage transition's first stage (one per transition, in funnel order): the
    /// next <see cref="PathQuery.DefaultSteps"/> touchpoints of the customers at stage k−1, as of the cut; see <see cref="PathResult"/>.
    /// </summary>
    public IReadOnlyList<PathResult> Paths { get; init; } = [];
    /// <summary>The paths the report shows first: those of the transition that lost the most customers (<see cref="PathAnalysis.LargestDropOff"/>), or null (one stage).</summary>
    public PathResult? PathFocus => PathAnalysis.LargestDropOff(Funnel, Stages) is { } t ? Paths.FirstOrDefault(p => p.Transition == t) : null;
    /// <summary>The significant findings, ranked (at most 10); the first few are the report's opening sentences.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];
    /// <summary>Number of tests the report made (the m of the Benjamini–Hochberg correction).</summary>
    public int TestCount { get; init; }
    /// <summary>The significance level the adjusted p-values are compared with (<c>funnel.alpha</c>).</summary>
    public double Alpha { get; init; } = 0.05;
    public required IReadOnlyList<Opportunity> Opportunities { get; init; }
    public required IReadOnlyList<Verbatim> Verbatims { get; init; }
    public required IReadOnlyList<JourneyMapStage> JourneyMap { get; init; }
    public required IReadOnlyList<SourceLoadReport> DataQuality { get; init; }
    public required IdentityReport Identity { get; init; }
    public required PlacementReport Placement { get; init; }
    /// <summary>
    /// The funnel rules every conversion figure was counted by when they are not the default (strict order, exclusion
    /// steps, any order), else null. Their text (<see cref="Journeys.FunnelRules.Text"/>) ends the basis of every funnel
    /// figure: the funnels, headlines on customers and conversion, conversion changes, findings on conversions and pain
    /// points, pain points and drop-off drivers.
    /// </summary>
    public Journeys.FunnelRules? FunnelRules { get; init; }
    /// <summary>
    /// With <c>funnel.countBy: "session"</c>: the funnel of the report month's sessions as of the cutoff (counts are
    /// sessions; a session's month is that of its first stage-1 entry; basis "per session (session id held constant)"
    /// and the funnel rules), beside the customer funnel <see cref="Funnel"/>. Null when counting by customer.
    /// </summary>
    public FunnelResult? SessionFunnel { get; init; }

    /// <summary>
    /// Computes the report of <paramref name="month"/> (YYYY-MM; default the latest complete month in the data) over the
    /// journey as loaded (as of the end of its data). For the monthly report's numbers (cut at month end), use
    /// <see cref="Journey.Report(string?, string)"/>.
    /// </summary>
    public static JourneyReport Compute(Journey journey, string? month = null, int trendMonths = 12) =>
        Compute(journey, journey.Period(month), trendMonths);

    /// <summary>Computes the report of <paramref name="period"/>: every cohort's funnel once, compared like for like.</summary>
    public static JourneyReport Compute(Journey journey, ReportPeriod period, int trendMonths = 12) =>
        Compute(journey, new CohortFunnels(journey.Data, journey.Timelines, period), trendMonths);

    /// <summary>Computes the report of <paramref name="funnels"/>' period, reusing (and adding to) its funnels.</summary>
    public static JourneyReport Compute(Journey journey, CohortFunnels funnels, int trendMonths = 12)
    {
        var period = funnels.Period;
        var key = period.Month;
        var data = journey.Data;
        // Trend windows end with the report month and start no earlier than the data: months before the first row are
        // not months with nobody in them, they are months the exports do not cover.
        trendMonths = Math.Clamp(key - journey.DataStartMonth + 1, 1, trendMonths);
        var cut = CohortCut.For(period);
        // Analyses that share nothing with the others but the (read-only) journey run on another core meanwhile: each
        // result is the one it would be computed alone, so the report is the same. The journey's lazily computed
        // columns are computed here first, before two threads can ask for them.
        _ = data.ResponseMonthKeys;
        _ = data.FirstCrmStage;
        var pathsRun = Task.Run(() => PathAnalysis.ForTransitions(data, journey.Timelines, cut));
        var driversRun = Task.Run(() => DropOffDriverAnalysis.Rank(data, journey.Timelines, cut));
        var breakdownsRun = Task.Run(() => FunnelAnalysis.Dimensions.Select(d => FunnelAnalysis.Breakdown(data, journey.Timelines, key, d)).ToList());
        var emotionDriversRun = Task.Run(() => EmotionDriverAnalysis.Compute(data, key - trendMonths + 1, key));
        // Pain points and the findings' candidates read only the journey and the cut (not the shared funnels), as do the
        // persona tables: they too run beside the funnel work below.
        var cap = data.Definition.Funnel.MaxSegments;
        var painRun = Task.Run(() =>
        {
            var ranked = PainPointAnalysis.Rank(data, journey.Timelines, cut);
            return (Ranked: ranked, Candidates: FindingAnalysis.Candidates(data, journey.Timelines, cut, ranked));
        });
        var personaRun = Task.Run(() => (EmotionAnalysis.ByPersona(data, key, cap), EmotionAnalysis.Curves(data, key - trendMonths + 1, key, cap)));
        var funnel = funnels.Report;
        var (now, before) = funnels.Comparison(key, key - 1);
        var byMonth = EmotionAnalysis.ByMonth(data, key, trendMonths);
        var emotionNow = byMonth[^1];
        var emotionBefore = byMonth.Count > 1 ? byMonth[^2] : null;
        var alpha = period.Alpha;
        var opportunities = PainPointAnalysis.Opportunities(funnels);
        var byStage = EmotionAnalysis.ByStage(data, key);
        var verbatims = EmotionAnalysis.Verbatims(data, key, 3);
        // Every test of the report is corrected together (Benjamini–Hochberg) before anything is called significant.
        var (ranked, candidates) = painRun.GetAwaiter().GetResult();
        var tests = ReportSignificance.Adjust(alpha, ranked, candidates,
            ReportSignificance.Headlines(data, cut, now, before, emotionNow, emotionBefore,
                journey.Timelines.CohortMonth.Any(m => m >= 0 && m < key)),
            FunnelAnalysis.Trend(funnels, trendMonths),
            EmotionAnalysis.StageTrend(data, key, trendMonths));
        var painPoints = tests.PainPoints;
        var breakdowns = breakdownsRun.GetAwaiter().GetResult();
        var ((byPersona, personaCap), (curves, curveCap)) = personaRun.GetAwaiter().GetResult();
        var drivers = driversRun.GetAwaiter().GetResult();
        return WithRules(new JourneyReport
        {
            Title = journey.Definition.Name,
            Period = period,
            Month = period.MonthText,
            PreviousMonth = period.PreviousMonthText,
            ReportTimeZone = journey.Definition.ReportTimeZone,
            DataStart = data.DataStart,
            DataEnd = data.DataEnd,
            Stages = data.Stages,
            Headlines = tests.Headlines,
            Funnel = funnel,
            Breakdowns = breakdowns,
            Trend = tests.Trend,
            EmotionByStage = byStage,
            EmotionByTouchpoint = EmotionAnalysis.ByTouchpoint(data, key),
            EmotionByPersona = byPersona,
            EmotionByMonth = byMonth,
            EmotionTrend = tests.EmotionTrend,
            Curves = curves.Where(c => c.Stages.Any(s => s.Responses > 0)).ToList(),
            SegmentCaps =
            [
                .. breakdowns.Select(b => b.SegmentCap), personaCap, curveCap,
                .. breakdowns.Select(b => b.SegmentCap with { Table = SegmentCap.SegmentGaps }),
                .. breakdowns.Select(b => b.SegmentCap with { Table = SegmentCap.DropOffDrivers }),
            ],
            CurveFrom = Timelines.MonthText(key - trendMonths + 1),
            CurveTo = Timelines.MonthText(key),
            PainPoints = painPoints,
            DropOffDrivers = drivers,
            EmotionDrivers = emotionDriversRun.GetAwaiter().GetResult(),
            Paths = pathsRun.GetAwaiter().GetResult(),
            Findings = FindingAnalysis.Rank(tests.Candidates, drivers, alpha),
            TestCount = tests.TestCount,
            Alpha = alpha,
            Opportunities = opportunities,
            Verbatims = verbatims,
            JourneyMap = BuildMap(journey, funnels, funnel, byStage, painPoints, opportunities, verbatims),
            DataQuality = journey.Sources.Reports,
            Identity = data.Identity,
            Placement = data.Placement,
        }, journey.Timelines.Rules) with { SessionFunnel = SessionFunnelOf(journey, period) };
    }

    /// <summary>Words for the unit of a session funnel, said in its basis.</summary>
    public const string PerSession = "per session (session id held constant)";

    private static FunnelResult? SessionFunnelOf(Journey journey, ReportPeriod period)
    {
        if (journey.SessionTimelines is not { } sessions) return null;
        var rules = sessions.Rules.IsDefault ? PerSession : PerSession + "; " + sessions.Rules.Text;
        return FunnelAnalysis.Compute(journey.Data, sessions, null, period.Month, period.AsOfUtc, null, null,
            FigureBasis.ThisCohort with { Rules = rules }) with { Maturing = !period.IsMature(period.Month) };
    }

    /// <summary>The report with non-default funnel rules said in the basis of every funnel figure (unchanged for the default rules).</summary>
    private static JourneyReport WithRules(JourneyReport r, Journeys.FunnelRules rules)
    {
        if (rules.IsDefault) return r;
        var text = rules.Text;
        string Add(string basis) => basis.Length == 0 ? text : basis + "; " + text;
        FunnelResult Funnel(FunnelResult f) => f with { Basis = f.Basis with { Rules = text } };
        return r with
        {
            FunnelRules = rules,
            Funnel = Funnel(r.Funnel),
            Breakdowns = r.Breakdowns.Select(b => b with { Segments = b.Segments.Select(Funnel).ToList() }).ToList(),
            Trend = new FunnelTrend(r.Trend.Months.Select(Funnel).ToList(),
                r.Trend.Changes.Select(c => c with { Basis = c.Basis with { Rules = text } }).ToList()),
            Headlines = r.Headlines.Select(h => h.Unit is "customers" or "fraction" ? h with { Basis = Add(h.Basis), Comparison = h.Comparison with { Rules = text } } : h).ToList(),
            Findings = r.Findings.Select(f => f.Kind is "emotion" or "nps" ? f : f with { Basis = Add(f.Basis) }).ToList(),
            PainPoints = r.PainPoints.Select(p => p with { Basis = Add(p.Basis) }).ToList(),
            DropOffDrivers = r.DropOffDrivers.Select(d => d with { Basis = Add(d.Basis) }).ToList(),
            Opportunities = r.Opportunities.Select(o => o with { SegmentBasis = o.SegmentBasis with { Rules = text } }).ToList(),
        };
    }

    private static List<JourneyMapStage> BuildMap(Journey journey, CohortFunnels funnels, FunnelResult funnel, IReadOnlyList<EmotionSummary> emotion,
        IReadOnlyList<PainPoint> pains, IReadOnlyList<Opportunity> opportunities, IReadOnlyList<Verbatim> verbatims)
    {
        var data = journey.Data;
        var key = funnels.Period.Month;
        var cut = funnels.Period.AsOfUtc.Ticks;
        var stages = data.Stages.Length;
        var tp = data.Touchpoints;
        var cohort = funnels.CustomersOf(key);
        // First-touch channels of the cohort's customers per stage reached (by the cutoff), in one pass over the cohort.
        var channelsAt = new Dictionary<string, long>[stages];
        for (var s = 0; s < stages; s++) channelsAt[s] = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var c in cohort)
            for (var s = 0; s < stages; s++)
            {
                var moment = journey.Timelines.Moment[c * stages + s];
                if (moment == 0 || moment > cut) break;
                channelsAt[s][data.Customers.Channel[c]] = channelsAt[s].GetValueOrDefault(data.Customers.Channel[c]) + 1;
            }
        // Touchpoint rows of the cohort per stage and rule: counts in an array indexed by stage and rule, one pass.
        var rules = data.TouchpointNames.Length;
        var touchCounts = new long[stages * rules];
        var cohortMonth = journey.Timelines.CohortMonth;
        for (var i = 0; i < tp.Count; i++)
        {
            if (tp.Stage[i] < 0 || cohortMonth[tp.Customer[i]] != key) continue;
            touchCounts[tp.Stage[i] * rules + tp.Touchpoint[i]]++;
        }
        IEnumerable<KeyValuePair<int, long>> TouchCountsAt(int s)
        {
            for (var t = 0; t < rules; t++)
                if (touchCounts[s * rules + t] > 0) yield return new(t, touchCounts[s * rules + t]);
        }
        var map = new List<JourneyMapStage>();
        for (var s = 0; s < stages; s++)
        {
            var channels = channelsAt[s];
            var stage = data.Stages[s];
            var transitionInto = s > 0 ? Transition.Into(data.Stages, s) : null;
            map.Add(new JourneyMapStage
            {
                Stage = stage,
                Goal = journey.Definition.Stages[s].Goal,
                KeyTouchpoints = TouchCountsAt(s).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(3).Select(kv => data.TouchpointNames[kv.Key]).ToList(),
                Channels = channels.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(3).Select(kv => kv.Key).ToList(),
                Customers = funnel.Stages[s].Customers,
                ConversionFromPrevious = funnel.Stages[s].ConversionFromPrevious,
                Emotion = emotion[s].MeanScore,
                EmotionResponses = emotion[s].Responses,
                // The stage's highest-ranked pain point that lost at least one customer more than usual.
                TopPainPoint = pains.FirstOrDefault(p => p.Stage == stage && p.ExcessLost >= 1)?.Name,
                TopPainPointExcessLost = pains.FirstOrDefault(p => p.Stage == stage && p.ExcessLost >= 1)?.ExcessLost,
                TopPainPointSignificant = pains.FirstOrDefault(p => p.Stage == stage && p.ExcessLost >= 1)?.Significant ?? false,
                PainPointsHaveBaseline = pains.Any(p => p.ExcessLost is not null),
                TopOpportunity = opportunities.FirstOrDefault(o => o.Transition == transitionInto && o.ExtraFinal > 0),
                Verbatim = verbatims.FirstOrDefault(v => v.Stage == stage)?.Comment,
            });
        }
        return map;
    }
}
