using JourneyInsights.Journeys;

namespace JourneyInsights.Metrics;

/// <summary>Stage conversion: funnels per cohort month, breakdowns by segment and trends. Definitions in docs/metrics.md.</summary>
public static class FunnelAnalysis
{
    /// <summary>The dimensions a funnel can be broken down by.</summary>
    public static readonly string[] Dimensions = ["persona", "channel", "device", "region"];

    /// <summary>The funnel of the customers of one cohort month (month key), or of every cohort when <paramref name="month"/> is null.</summary>
    public static FunnelResult Compute(JourneyData data, Timelines timelines, int? month, string? dimension = null, string? segment = null) =>
        Compute(data, timelines, month, cutoffUtc: null, dimension, segment);

    /// <summary>
    /// The funnel of one cohort month as it stood at <paramref name="cutoffUtc"/> (inclusive): a customer counts at stage k
    /// only when the moments of stages 1..k all lie at or before the cutoff (so a customer whose first stage-1 touchpoint
    /// came later does not enter). With the age-matched cutoff of <see cref="ReportPeriod.CutoffFor(int)"/> this is the
    /// cohort observed for as long as the report cohort; null cutoff: no cut. See docs/metrics.md.
    /// </summary>
    public static FunnelResult Compute(JourneyData data, Timelines timelines, int? month, DateTime? cutoffUtc, string? dimension = null,
        string? segment = null, FigureBasis? basis = null) => Compute(data, timelines, null, month, cutoffUtc, dimension, segment, basis);

    /// <summary>As above over <paramref name="customers"/> only (the customers of the cohort, indexed once), or all customers when null.</summary>
    internal static FunnelResult Compute(JourneyData data, Timelines timelines, int[]? customers, int? month, DateTime? cutoffUtc,
        string? dimension, string? segment, FigureBasis? basis, bool matchSegment = true)
    {
        if (timelines.BySession && dimension is not null)
            throw new ArgumentException("a session funnel has no breakdown by customer attribute", nameof(dimension));
        var stages = data.Stages.Length;
        var counts = new long[stages];
        var durations = Enumerable.Range(0, stages).Select(_ => new List<double>()).ToArray();
        var values = dimension is null || !matchSegment ? null : SegmentValues(data, dimension);
        var cut = cutoffUtc?.Ticks ?? long.MaxValue;
        var n = customers?.Length ?? timelines.Units;
        for (var i = 0; i < n; i++)
        {
            var c = customers is null ? i : customers[i];
            var cohort = timelines.CohortMonth[c];
            if (cohort < 0 || month is { } m && cohort != m) continue;
            if (values is not null && !string.Equals(values[c], segment, StringComparison.Ordinal)) continue;
            var row = c * stages;
            for (var k = 0; k < stages; k++)
            {
                var moment = timelines.Moment[row + k];
                if (moment == 0 || moment > cut) break;
                counts[k]++;
                if (k > 0) durations[k].Add(moment - timelines.Moment[row + k - 1]);
            }
        }
        var min = data.Definition.Funnel.MinSampleSize;
        var knownFrom = dimension is null ? 0 : KnownFromStage(data, dimension);
        var list = new List<StageConversion>(stages);
        for (var k = 0; k < stages; k++)
        {
            var previous = k == 0 ? counts[0] : counts[k - 1];
            if (k > 0 && k - 1 < knownFrom)
            {
                // The segment's value is unknown at stage k-1: its customers there are the ones who went on (survivors).
                list.Add(new StageConversion
                {
                    Stage = data.Stages[k], Index = k, Customers = counts[k], PreviousCustomers = previous,
                    DropOff = previous - counts[k], LowSample = previous < min, SegmentNotKnownYet = true,
                });
                continue;
            }
            var sorted = durations[k].ToArray();
            Array.Sort(sorted);
            list.Add(new StageConversion
            {
                Stage = data.Stages[k],
                Index = k,
                Customers = counts[k],
                PreviousCustomers = previous,
                ConversionFromPrevious = k > 0 && previous > 0 ? (double)counts[k] / previous : null,
                ConversionFromFirst = counts[0] > 0 && knownFrom == 0 ? (double)counts[k] / counts[0] : null,
                ConversionInterval = k > 0 ? Statistics.Wilson(counts[k], previous) : null,
                DropOff = k > 0 ? previous - counts[k] : 0,
                DropOffRate = k > 0 && previous > 0 ? (double)(previous - counts[k]) / previous : null,
                MedianTimeFromPrevious = sorted.Length > 0 ? TimeSpan.FromTicks((long)Math.Round(Statistics.Quantile(sorted, 0.5))) : null,
                P90TimeFromPrevious = sorted.Length > 0 ? TimeSpan.FromTicks((long)Math.Round(Statistics.Quantile(sorted, 0.9))) : null,
                LowSample = previous < min,
            });
        }
        var dataEnd = cutoffUtc is { } co && co < data.DataEnd ? co : data.DataEnd;
        return new FunnelResult
        {
            Cohort = month is { } mm ? Timelines.MonthText(mm) : "all",
            Dimension = dimension,
            Segment = segment,
            Maturing = month is { } m2 && Timelines.MonthStartUtc(m2 + 1, data.TimeZone) + timelines.Window > dataEnd,
            CutoffUtc = cutoffUtc,
            Basis = basis ?? (month is null ? FigureBasis.AllData : FigureBasis.ThisCohort),
            Stages = list,
        };
    }

    /// <summary>The name of the segment that pools the values beyond a breakdown's cap: "(other: 4,980 values)".</summary>
    public static string OtherSegment(int values) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"(other: {values:N0} values)");

    /// <summary>
    /// The funnel of one cohort month split by <paramref name="dimension"/>, segments ordered by customers entering (then
    /// name). At most <see cref="Definition.FunnelDefinition.MaxSegments"/> segments (default 20) are shown; the customers
    /// of the other values are pooled into one last segment <see cref="OtherSegment"/>. Linear in customers: the cohort's
    /// customers are grouped by value in one pass and each segment's funnel runs over its own customers only.
    /// </summary>
    public static FunnelBreakdown Breakdown(JourneyData data, Timelines timelines, int? month, string dimension) =>
        Breakdown(data, timelines, month, dimension, data.Definition.Funnel.MaxSegments);

    /// <summary>As above with at most <paramref name="cap"/> segments before the "other" one.</summary>
    public static FunnelBreakdown Breakdown(JourneyData data, Timelines timelines, int? month, string dimension, int cap)
    {
        cap = Math.Max(1, cap);
        var values = SegmentValues(data, dimension);
        var members = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var c = 0; c < data.Customers.Count; c++)
            if (timelines.CohortMonth[c] >= 0 && (month is null || timelines.CohortMonth[c] == month))
            {
                if (!members.TryGetValue(values[c], out var list)) members[values[c]] = list = [];
                list.Add(c);
            }
        var ordered = members.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var segments = ordered.Take(cap).Select(kv => Compute(data, timelines, kv.Value.ToArray(), month, null, dimension, kv.Key, null)).ToList();
        var others = ordered.Count - Math.Min(cap, ordered.Count);
        if (others > 0)
        {
            var pooled = ordered.Skip(cap).SelectMany(kv => kv.Value).Order().ToArray();
            segments.Add(Compute(data, timelines, pooled, month, null, dimension, OtherSegment(others), null, matchSegment: false));
        }
        return new FunnelBreakdown(dimension, month is { } m ? Timelines.MonthText(m) : "all", segments)
        {
            KnownFromStage = KnownFromStage(data, dimension), Values = ordered.Count, Cap = cap, OtherValues = others,
        };
    }

    /// <summary>
    /// Each customer's value of <paramref name="dimension"/> as the breakdown of <paramref name="month"/>'s cohort shows it:
    /// the <paramref name="cap"/> values with the most customers in the cohort (then by name) keep their name, every other
    /// value becomes <see cref="OtherSegment"/>, except the values nothing tells ("(unknown)", "(none)", empty), which keep
    /// theirs (segment gaps and drop-off drivers leave them out). One pass over the customers; with the
    /// <see cref="SegmentCap"/> of <paramref name="table"/>.
    /// </summary>
    internal static (string[] Values, SegmentCap Cap) CappedValues(JourneyData data, Timelines timelines, int month, string dimension, int cap, string table)
    {
        cap = Math.Max(1, cap);
        var values = SegmentValues(data, dimension);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < data.Customers.Count; c++)
            if (timelines.CohortMonth[c] == month) counts[values[c]] = counts.GetValueOrDefault(values[c]) + 1;
        var segmentCap = new SegmentCap(table, dimension, counts.Count, cap, Math.Max(0, counts.Count - cap));
        if (counts.Count <= cap) return (values, segmentCap);
        var shown = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(cap)
            .Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
        var other = OtherSegment(segmentCap.OtherValues);
        var mapped = new string[values.Length];
        for (var c = 0; c < values.Length; c++)
            mapped[c] = shown.Contains(values[c]) || IsUntold(values[c]) ? values[c] : other;
        return (mapped, segmentCap);
    }

    /// <summary>A segment value nothing tells: "(unknown)", "(none)" or empty.</summary>
    internal static bool IsUntold(string value) => string.IsNullOrEmpty(value) || value == "(unknown)" || value == "(none)";

    /// <summary>Funnels of the <paramref name="months"/> cohort months ending with <paramref name="endMonth"/>, and their month-over-month changes, as of the end of the data.</summary>
    public static FunnelTrend Trend(JourneyData data, Timelines timelines, int endMonth, int months = 12) =>
        Trend(new CohortFunnels(data, timelines, ReportPeriod.Create(data.Definition, data.TimeZone, endMonth, data.DataEnd)), months);

    /// <summary>
    /// Funnels of the <paramref name="months"/> cohort months ending with the report month (each as of the cutoff), and
    /// their month-over-month changes with a two-proportion z-test. A change between two mature cohorts compares their
    /// full-window figures; when the later cohort is still maturing, the earlier one is cut to the same age
    /// (<see cref="ReportPeriod.CutoffFor(int, int)"/>) and the change is tested on those age-matched counts.
    /// </summary>
    public static FunnelTrend Trend(CohortFunnels funnels, int months = 12)
    {
        var period = funnels.Period;
        var stageNames = funnels.Data.Stages;
        var endMonth = period.Month;
        var list = Enumerable.Range(endMonth - months + 1, months).Select(funnels.Of).ToList();
        var changes = new List<ConversionChange>();
        for (var i = 1; i < list.Count; i++)
        {
            var month = endMonth - months + 1 + i;
            var (cur, prev) = funnels.Comparison(month, month - 1);
            var basis = period.ComparisonBasis(month);
            for (var k = 1; k <= stageNames.Length; k++)
            {
                // k == Stages.Length stands for the overall conversion, first to last stage.
                var overall = k == stageNames.Length;
                var (x1, n1) = overall ? (cur.Stages[^1].Customers, cur.Entered) : (cur.Stages[k].Customers, cur.Stages[k].PreviousCustomers);
                var (x2, n2) = overall ? (prev.Stages[^1].Customers, prev.Entered) : (prev.Stages[k].Customers, prev.Stages[k].PreviousCustomers);
                changes.Add(Change(cur.Cohort, prev.Cohort, overall ? Transition.Overall(stageNames) : Transition.Into(stageNames, k), x1, n1, x2, n2, basis, period.Alpha));
            }
        }
        return new FunnelTrend(list, changes);
    }

    /// <summary>A conversion change x1/n1 vs x2/n2 with its two-proportion z-test (raw p-value; significant when p &lt; alpha).</summary>
    public static ConversionChange Change(string month, string previousMonth, Transition transition, long x1, long n1, long x2, long n2,
        FigureBasis basis, double alpha)
    {
        double? r1 = n1 > 0 ? (double)x1 / n1 : null, r2 = n2 > 0 ? (double)x2 / n2 : null;
        var test = Statistics.TwoProportionTest(x1, n1, x2, n2);
        return new ConversionChange
        {
            Month = month, PreviousMonth = previousMonth, Transition = transition,
            Rate = r1, PreviousRate = r2, Change = r1 - r2, Successes = x1, Trials = n1, PreviousSuccesses = x2, PreviousTrials = n2,
            Z = test?.Z, PValue = test?.P, Significant = test is { } t && t.P < alpha, Comparable = true, Basis = basis,
        };
    }

    /// <summary>A cohort is maturing while the end of its month plus the conversion window lies after the end of the data.</summary>
    public static bool IsMaturing(JourneyData data, Timelines timelines, int month) =>
        Timelines.MonthStartUtc(month + 1, data.TimeZone) + timelines.Window > data.DataEnd;

    /// <summary>
    /// The first stage (index) at which <paramref name="dimension"/> is known for a customer: persona comes only from the
    /// CRM, so it is known from <see cref="JourneyData.FirstCrmStage"/>; channel, device and region from the first
    /// analytics event, so from stage 0. Defined in docs/metrics.md ("Segments known only from a stage").
    /// </summary>
    public static int KnownFromStage(JourneyData data, string dimension) => dimension switch
    {
        "persona" => data.FirstCrmStage,
        "channel" or "device" or "region" => 0,
        _ => throw new ArgumentException($"unknown breakdown '{dimension}'; expected one of {string.Join(", ", Dimensions)}", nameof(dimension)),
    };

    internal static string[] SegmentValues(JourneyData data, string dimension) => dimension switch
    {
        "persona" => data.Customers.Persona,
        "channel" => data.Customers.Channel,
        "device" => data.Customers.Device,
        "region" => data.Customers.Region,
        _ => throw new ArgumentException($"unknown breakdown '{dimension}'; expected one of {string.Join(", ", Dimensions)}", nameof(dimension)),
    };
}
