using System.Globalization;
using JourneyInsights.Journeys;

namespace JourneyInsights.Metrics;

/// <summary>
/// The tests a report can turn into findings, and the ranked findings themselves: significant conversion changes, touchpoints
/// where more customers stopped than usual, emotion and NPS changes, segments converting worse than the rest of the cohort.
/// Definitions and the ordering in docs/metrics.md.
/// </summary>
public static class FindingAnalysis
{
    /// <summary>The previous cohorts (or response months) pooled as the baseline.</summary>
    public const int BaselineMonths = 3;
    /// <summary>A segment gap is tested only when the segment has at least this many customers at the start of the transition.</summary>
    public const int MinSegmentCustomers = 5;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// Every candidate finding of the cut's report month, with its raw p-value (<see cref="Finding.AdjustedPValue"/> still
    /// equal to it): transitions and the overall conversion from <paramref name="painPoints"/>' figures (one test each),
    /// touchpoint pain points, the emotion of each stage and the month's NPS against the previous three months, and segment gaps.
    /// </summary>
    public static IReadOnlyList<Finding> Candidates(JourneyData data, Timelines timelines, CohortCut cut, IReadOnlyList<PainPoint> painPoints)
    {
        var month = cut.Month;
        var min = data.Definition.Funnel.MinSampleSize;
        var result = new List<Finding>();
        var verbatims = EmotionAnalysis.Verbatims(data, month, 1);
        string? Said(string stage) => verbatims.FirstOrDefault(v => v.Stage == stage)?.Comment;

        foreach (var p in painPoints)
        {
            if (p.PValue is null) continue;
            var transition = p.Kind == "transition";
            result.Add(new Finding
            {
                Kind = transition ? "conversion" : "painPoint",
                Transition = transition ? p.Transition : null, Touchpoint = transition ? null : p.Name, Stage = p.Stage, Unit = "fraction",
                Value = p.Rate, Baseline = p.BaselineRate, Sample = p.Customers, BaselineSample = p.BaselineCustomers, LowSample = p.LowSample,
                CustomersAffected = p.ExcessLost, PValue = p.PValue, AdjustedPValue = p.PValue, Test = p.Test, Basis = p.Basis,
                Verbatim = transition && p.ExcessLost > 0 || !transition ? Said(p.Stage) : null,
            });
        }

        // Overall conversion, first to last stage, at the same cut.
        var stages = data.Stages.Length;
        long entered = 0, converted = 0, baseEntered = 0, baseConverted = 0;
        for (var c = 0; c < data.Customers.Count; c++)
        {
            var cohort = timelines.CohortMonth[c];
            if (cohort < month - BaselineMonths || cohort > month) continue;
            var r = cut.StagesReached(timelines, c, cohort);
            if (r == 0) continue;
            if (cohort == month) { entered++; if (r == stages) converted++; }
            else { baseEntered++; if (r == stages) baseConverted++; }
        }
        var basis = painPoints.FirstOrDefault()?.Basis ?? $"{Timelines.MonthText(month)} cohort; {cut.Basis}";
        if (stages > 1 && Statistics.CompareProportions(converted, entered, baseConverted, baseEntered) is { } overall)
        {
            double rate = (double)converted / entered, baseline = (double)baseConverted / baseEntered;
            result.Add(new Finding
            {
                Kind = "conversion", Transition = Transition.Overall(data.Stages), Stage = data.Stages[^1], Unit = "fraction", Value = rate, Baseline = baseline,
                Sample = entered, BaselineSample = baseEntered, LowSample = entered < min, CustomersAffected = entered * (baseline - rate),
                PValue = overall.P, AdjustedPValue = overall.P, Test = overall.Test, Basis = basis,
            });
        }

        // Emotion per stage and the month's NPS: responses recorded in the month vs the previous three months pooled.
        var months = EmotionAnalysis.ResponseMonths(data);
        bool Before(int i) => months[i] >= month - BaselineMonths && months[i] < month;
        var emotionBasis = $"responses recorded in {Timelines.MonthText(month)} vs {Timelines.MonthText(month - BaselineMonths)} to {Timelines.MonthText(month - 1)} pooled";
        var stageNow = EmotionAnalysis.Group(data, stages, i => months[i] == month ? data.Responses.Stage[i] : -1);
        var stageBefore = EmotionAnalysis.Group(data, stages, i => Before(i) ? data.Responses.Stage[i] : -1);
        for (var s = 0; s < stages; s++)
        {
            var now = EmotionAnalysis.Summarise(data, data.Stages[s], stageNow[s]);
            var before = EmotionAnalysis.Summarise(data, data.Stages[s], stageBefore[s]);
            if (now.MeanScore is not { } a || before.MeanScore is not { } b || now.ScoreVariance is not { } va || before.ScoreVariance is not { } vb) continue;
            if (Statistics.WelchTest(a, va, now.Responses, b, vb, before.Responses) is not { } welch) continue;
            result.Add(new Finding
            {
                Kind = "emotion", Stage = data.Stages[s], Unit = "score", Value = a, Baseline = b, Sample = now.Responses, BaselineSample = before.Responses,
                LowSample = now.LowSample, PValue = welch.P, AdjustedPValue = welch.P, Test = "welch", Basis = emotionBasis,
                Verbatim = a < b ? Said(data.Stages[s]) : null,
            });
        }
        var npsNow = EmotionAnalysis.Summarise(data, "all stages", i => months[i] == month);
        var npsBefore = EmotionAnalysis.Summarise(data, "all stages", Before);
        if (npsNow.Nps is { } nps && npsBefore.Nps is { } npsBase && Statistics.NpsChangeTest(npsNow.NpsEstimate, npsBefore.NpsEstimate) is { } npsTest)
            result.Add(new Finding
            {
                Kind = "nps", Unit = "points", Value = nps, Baseline = npsBase, Sample = npsNow.NpsResponses, BaselineSample = npsBefore.NpsResponses,
                LowSample = npsNow.NpsLowSample, PValue = npsTest.P, AdjustedPValue = npsTest.P, Test = "adjusted-wald", Basis = emotionBasis,
            });

        result.AddRange(SegmentGaps(data, timelines, cut));
        return result;
    }

    /// <summary>
    /// For each dimension, segment and transition of the cut's report cohort: the segment's conversion against the rest of the
    /// cohort (customers of known segments only), tested when the segment has at least <see cref="MinSegmentCustomers"/>
    /// customers at the start and the dimension is known for at least 95 % of the cohort's customers there (persona, known
    /// only from the CRM, is not judged before sign-up). Only segments below the rest are candidates. The segments are the
    /// breakdown's: at most <c>funnel.maxSegments</c> values (most customers in the cohort), the others pooled as one
    /// "(other: N values)" segment, so a dimension with thousands of values gives at most that many candidates.
    /// </summary>
    public static IReadOnlyList<Finding> SegmentGaps(JourneyData data, Timelines timelines, CohortCut cut)
    {
        var month = cut.Month;
        var stages = data.Stages.Length;
        var min = data.Definition.Funnel.MinSampleSize;
        var reached = new int[data.Customers.Count];
        for (var c = 0; c < data.Customers.Count; c++)
            reached[c] = timelines.CohortMonth[c] == month ? cut.StagesReached(timelines, c, month) : 0;
        var result = new List<Finding>();
        var basis = $"{Timelines.MonthText(month)} cohort: the segment vs the cohort's other customers of known segments; {cut.Basis}";
        foreach (var dimension in FunnelAnalysis.Dimensions)
        {
            // The breakdown's segments: beyond funnel.maxSegments values, the others are judged as one pooled segment.
            var values = FunnelAnalysis.CappedValues(data, timelines, month, dimension, data.Definition.Funnel.MaxSegments, SegmentCap.SegmentGaps).Values;
            var counts = new Dictionary<string, long[]>(StringComparer.Ordinal);
            for (var c = 0; c < data.Customers.Count; c++)
            {
                if (reached[c] == 0) continue;
                if (!counts.TryGetValue(values[c], out var n)) counts[values[c]] = n = new long[stages];
                for (var k = 0; k < reached[c]; k++) n[k]++;
            }
            for (var k = 1; k < stages; k++)
            {
                long all = counts.Values.Sum(n => n[k - 1]);
                long unknown = counts.TryGetValue("(unknown)", out var u) ? u[k - 1] : 0;
                if (all == 0 || unknown > 0.05 * all) continue;
                var known = counts.Where(kv => kv.Key != "(unknown)").ToList();
                if (known.Count < 2) continue;
                long knownStart = known.Sum(kv => kv.Value[k - 1]), knownEnd = known.Sum(kv => kv.Value[k]);
                foreach (var (segment, n) in known.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    long ns = n[k - 1], xs = n[k], nr = knownStart - ns, xr = knownEnd - xs;
                    if (ns < MinSegmentCustomers || nr < MinSegmentCustomers) continue;
                    double rate = (double)xs / ns, rest = (double)xr / nr;
                    if (rate >= rest) continue;
                    if (Statistics.CompareProportions(xs, ns, xr, nr) is not { } test) continue;
                    result.Add(new Finding
                    {
                        Kind = "segmentGap", Transition = Transition.Into(data.Stages, k), Stage = data.Stages[k], Dimension = dimension, Segment = segment,
                        Unit = "fraction", Value = rate, Baseline = rest, Sample = ns, BaselineSample = nr, LowSample = ns < min,
                        CustomersAffected = ns * (rest - rate), PValue = test.P, AdjustedPValue = test.P, Test = test.Test, Basis = basis,
                    });
                }
            }
        }
        return result;
    }

    /// <summary>
    /// The significant candidates (adjusted p &lt; <paramref name="alpha"/>; pain points and segment gaps only when worse),
    /// ordered: this month's changes first (conversion and pain points, then emotion and NPS), standing segment gaps after;
    /// within a group by customers affected (most first), then adjusted p (smallest first), then name. At most
    /// <paramref name="max"/>, each with its sentence.
    /// </summary>
    public static IReadOnlyList<Finding> Rank(IEnumerable<Finding> candidates, double alpha, int max = 10) =>
        Rank(candidates, [], alpha, max);

    /// <summary>Most drop-off drivers named among the findings.</summary>
    public const int MaxDriverFindings = 3;

    /// <summary>
    /// As <see cref="Rank(IEnumerable{Finding}, double, int)"/>, with the top <see cref="MaxDriverFindings"/> drop-off
    /// drivers named after the emotion and NPS changes and before the segment gaps: significant (Benjamini–Hochberg within
    /// the driver candidates, a family of its own), going with stopping (odds ratio below 1), the most customers affected
    /// first, each touchpoint or segment value once per transition (the population with more customers affected), and no
    /// segment value that is already a significant segment gap of the same transition.
    /// </summary>
    public static IReadOnlyList<Finding> Rank(IEnumerable<Finding> candidates, IReadOnlyList<DropOffDriver> drivers, double alpha, int max = 10)
    {
        var significant = candidates
            .Where(f => f.AdjustedPValue is { } q && q < alpha && (f.Kind is not ("painPoint" or "segmentGap") || f.CustomersAffected > 0))
            .ToList();
        // A segment value that is already a segment gap of the transition (the same comparison) is not named twice.
        var gaps = significant.Where(f => f.Kind == "segmentGap").Select(f => (f.Transition!.ToIndex, f.Dimension, f.Segment)).ToHashSet();
        significant.AddRange(DriverFindings(drivers.Where(d => d.Significant && !gaps.Contains((d.Transition.ToIndex, d.Kind, d.Value)))));
        return significant
            .OrderBy(Group)
            .ThenByDescending(f => Math.Abs(f.CustomersAffected ?? 0))
            .ThenBy(f => f.AdjustedPValue)
            .ThenBy(f => f.Transition?.Text ?? f.Touchpoint ?? f.Stage ?? "", StringComparer.Ordinal)
            .ThenBy(f => f.Segment ?? "", StringComparer.Ordinal)
            .Take(max)
            .Select((f, i) => f with { Rank = i + 1, Significant = true, Text = Describe(f) })
            .ToList();
    }

    private static int Group(Finding f) => f.Kind switch { "conversion" or "painPoint" => 0, "emotion" or "nps" => 1, "driver" => 2, _ => 3 };

    /// <summary>The significant drivers that go with stopping, as findings (value = conversion with, baseline = without).</summary>
    private static IEnumerable<Finding> DriverFindings(IEnumerable<DropOffDriver> drivers) => drivers
        .Where(d => d.Significant && d.OddsRatio < 1 && d.CustomersAffected > 0)
        .GroupBy(d => (d.Transition.ToIndex, d.Kind, d.Value))
        .Select(g => g.OrderByDescending(d => d.CustomersAffected).ThenBy(d => d.Population, StringComparer.Ordinal).First())
        .OrderByDescending(d => d.CustomersAffected).ThenBy(d => d.AdjustedPValue).ThenBy(d => d.Transition.ToIndex)
        .ThenBy(d => d.Kind, StringComparer.Ordinal).ThenBy(d => d.Value, StringComparer.Ordinal)
        .Take(MaxDriverFindings)
        .Select(d => new Finding
        {
            Kind = "driver", Transition = d.Transition, Stage = d.Transition.To,
            Touchpoint = d.Kind == "touchpoint" ? d.Value : null, Dimension = d.Kind == "touchpoint" ? null : d.Kind, Segment = d.Kind == "touchpoint" ? null : d.Value,
            Unit = "fraction", Value = d.ConversionWith, Baseline = d.ConversionWithout, Sample = d.With, BaselineSample = d.Without,
            CustomersAffected = d.CustomersAffected, PValue = d.PValue, AdjustedPValue = d.AdjustedPValue, Test = d.Test,
            Basis = d.Basis + "; Benjamini–Hochberg over the drop-off driver candidates",
            Driver = d,
        });

    /// <summary>The finding in one sentence, with raw and adjusted p-values and a masked comment when there is one.</summary>
    public static string Describe(Finding f)
    {
        var direction = f.Change < 0 ? "fell" : "rose";
        var p = $"p {P(f.PValue)}, adjusted {P(f.AdjustedPValue).Replace("= ", "", StringComparison.Ordinal)}";
        var said = f.Verbatim is { } v ? $" Customers say: “{v}”" : "";
        var low = f.LowSample ? $" (low sample: {f.Sample})" : "";
        return f.Kind switch
        {
            "conversion" when f.Transition is { IsOverall: true } =>
                $"Conversion from first to last stage {direction} from {Pct(f.Baseline)} to {Pct(f.Value)} against the previous three cohorts ({p}){low}: {Customers(f.CustomersAffected)}.",
            "conversion" =>
                $"{f.Transition} {direction} from {Pct(f.Baseline)} to {Pct(f.Value)} against the previous three cohorts ({p}){low}: {Customers(f.CustomersAffected)}.{said}",
            "painPoint" =>
                $"More customers stopped at {f.Touchpoint} ({f.Stage}): {Pct(f.Value)} of the cohort vs {Pct(f.Baseline)} before ({p}){low}, {Count(f.CustomersAffected)} more than usual.{said}",
            "emotion" =>
                $"Mean emotion at {f.Stage} {direction} from {Score(f.Baseline)} to {Score(f.Value)} (Welch {p}; {f.Sample} responses vs {f.BaselineSample}){low}.{said}",
            "nps" =>
                $"NPS {direction} from {Num(f.Baseline)} to {Num(f.Value)} points against the previous three months ({p}; {f.Sample} answers vs {f.BaselineSample}){low}.",
            "driver" when f.Driver is { } d =>
                $"{Who(d)} went on less often at {f.Transition}: {Pct(f.Value)} ({d.WithConverted:#,0} of {d.With:#,0}) vs {Pct(f.Baseline)} ({d.WithoutConverted:#,0} of {d.Without:#,0}) "
                + $"{(d.Population == DropOffDriver.StartedNextStage ? "for the others who began it" : $"for the others at {d.Transition.From}")} "
                + $"(odds ratio {Ratio(d.OddsRatio)}, 95 % CI {Ratio(d.OddsRatioInterval.Low)}–{Ratio(d.OddsRatioInterval.High)}; {p}){low}: {Count(f.CustomersAffected)} fewer reach {f.Stage}.",
            _ =>
                $"Customers with {f.Dimension} {f.Segment} convert worse at {f.Transition}: {Pct(f.Value)} vs {Pct(f.Baseline)} for the cohort's other customers ({p}){low}; {Count(f.CustomersAffected)} fewer reach {f.Stage}.",
        };
    }

    private static string Who(DropOffDriver d) =>
        (d.Population == DropOffDriver.StartedNextStage ? $"Among the customers who began {d.Transition.To}, those " : "Customers ")
        + (d.Kind == "touchpoint" ? $"who met {d.Value}" : $"with {d.Kind} {d.Value}");

    /// <summary>An odds ratio as findings and the page show it: whole numbers from 10 up, else two decimals ("0.21", "48").</summary>
    public static string Ratio(double x) => x >= 10 ? x.ToString("0", Inv) : x.ToString("0.00", Inv);

    private static string Customers(double? excess) => excess switch
    {
        > 0 => $"{Count(excess)} more customers lost than usual",
        < 0 => $"{Count(-excess)} fewer customers lost than usual",
        _ => "as many customers lost as usual",
    };

    /// <summary>
    /// The sentence shown instead of findings when there are none: nothing significant among <paramref name="testCount"/>
    /// tests, or, when no test could be run at all, why (a month with no earlier cohort or month to compare with).
    /// </summary>
    public static string NoFindings(int testCount, double alpha) => testCount == 0
        ? "Nothing could be tested this month: no figure had an earlier cohort or month with data to be compared with, so no change can be called significant yet."
        : $"No change this month passed the significance test (Benjamini–Hochberg over the report's {testCount} tests, adjusted p below {alpha.ToString("0.###", Inv)}).";

    /// <summary>"p &lt; 0.001" style: below 0.001 as a bound, else three decimals.</summary>
    public static string P(double? p) => p switch
    {
        null => "n/a",
        < 0.001 => "< 0.001",
        { } v => "= " + v.ToString("0.000", Inv),
    };

    private static string Pct(double? x) => x is not { } v ? "–" : Math.Abs(v) < 0.1 ? (v * 100).ToString("0.0", Inv) + " %" : (v * 100).ToString("0", Inv) + " %";
    private static string Score(double? x) => x is not { } v ? "–" : (v < 0 ? "−" : "+") + Math.Abs(v).ToString("0.00", Inv);
    private static string Num(double? x) => x is not { } v ? "–" : (v < 0 ? "−" : "") + Math.Abs(v).ToString("0", Inv);
    private static string Count(double? x) => x is not { } v ? "–" : Math.Round(v, MidpointRounding.AwayFromZero).ToString("#,0", Inv);
}
