using JourneyInsights.Journeys;

namespace JourneyInsights.Metrics;

/// <summary>Stage conversion: funnels per cohort month, breakdowns by segment and trends. Definitions in docs/metrics.md.</summary>
public static class FunnelAnalysis
{
    /// <summary>The dimensions a funnel can be broken down by.</summary>
    public static readonly string[] Dimensions = ["persona", "channel", "device", "region"];

    /// <summary>The funnel of the customers of one cohort month (month key), or of every cohort when <paramref name="month"/> is null.</summary>
    public static FunnelResult Compute(JourneyData data, Timelines timelines, int? month, string? dimension = null, string? segment = null)
    {
        var stages = data.Stages.Length;
        var counts = new long[stages];
        var durations = Enumerable.Range(0, stages).Select(_ => new List<double>()).ToArray();
        var values = dimension is null ? null : SegmentValues(data, dimension);
        for (var c = 0; c < data.Customers.Count; c++)
        {
            var cohort = timelines.CohortMonth[c];
            if (cohort < 0 || month is { } m && cohort != m) continue;
            if (values is not null && !string.Equals(values[c], segment, StringComparison.Ordinal)) continue;
            var row = c * stages;
            for (var k = 0; k < stages; k++)
            {
                if (timelines.Moment[row + k] == 0) break;
                counts[k]++;
                if (k > 0) durations[k].Add(timelines.Moment[row + k] - timelines.Moment[row + k - 1]);
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
        return new FunnelResult
        {
            Cohort = month is { } mm ? Timelines.MonthText(mm) : "all",
            Dimension = dimension,
            Segment = segment,
            Maturing = month is { } m2 && IsMaturing(data, timelines, m2),
            Stages = list,
        };
    }

    /// <summary>The funnel of one cohort month split by <paramref name="dimension"/>, segments ordered by customers entering (then name).</summary>
    public static FunnelBreakdown Breakdown(JourneyData data, Timelines timelines, int? month, string dimension)
    {
        var values = SegmentValues(data, dimension);
        var present = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var c = 0; c < data.Customers.Count; c++)
            if (timelines.CohortMonth[c] >= 0 && (month is null || timelines.CohortMonth[c] == month))
                present[values[c]] = present.GetValueOrDefault(values[c]) + 1;
        var segments = present.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => Compute(data, timelines, month, dimension, kv.Key)).ToList();
        return new FunnelBreakdown(dimension, month is { } m ? Timelines.MonthText(m) : "all", segments) { KnownFromStage = KnownFromStage(data, dimension) };
    }

    /// <summary>Funnels of the <paramref name="months"/> cohort months ending with <paramref name="endMonth"/>, and their month-over-month changes.</summary>
    public static FunnelTrend Trend(JourneyData data, Timelines timelines, int endMonth, int months = 12)
    {
        var funnels = Enumerable.Range(endMonth - months + 1, months).Select(m => Compute(data, timelines, m)).ToList();
        var alpha = data.Definition.Funnel.Alpha;
        var changes = new List<ConversionChange>();
        for (var i = 1; i < funnels.Count; i++)
        {
            FunnelResult cur = funnels[i], prev = funnels[i - 1];
            var comparable = !cur.Maturing && !prev.Maturing;
            for (var k = 1; k <= data.Stages.Length; k++)
            {
                // k == Stages.Length stands for the overall conversion, first to last stage.
                var overall = k == data.Stages.Length;
                var (x1, n1) = overall ? (cur.Stages[^1].Customers, cur.Entered) : (cur.Stages[k].Customers, cur.Stages[k].PreviousCustomers);
                var (x2, n2) = overall ? (prev.Stages[^1].Customers, prev.Entered) : (prev.Stages[k].Customers, prev.Stages[k].PreviousCustomers);
                double? r1 = n1 > 0 ? (double)x1 / n1 : null, r2 = n2 > 0 ? (double)x2 / n2 : null;
                var test = comparable ? Statistics.TwoProportionTest(x1, n1, x2, n2) : null;
                changes.Add(new ConversionChange
                {
                    Month = cur.Cohort, PreviousMonth = prev.Cohort,
                    Transition = overall ? "Overall" : $"{data.Stages[k - 1]} → {data.Stages[k]}",
                    Rate = r1, PreviousRate = r2, Change = r1 - r2,
                    Z = test?.Z, PValue = test?.P, Significant = test is { } t && t.P < alpha, Comparable = comparable,
                });
            }
        }
        return new FunnelTrend(funnels, changes);
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
