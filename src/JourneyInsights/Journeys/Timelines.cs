using JourneyInsights.Sources;

namespace JourneyInsights.Journeys;

/// <summary>How later stages must be reached to count in a funnel.</summary>
public enum FunnelMode
{
    /// <summary>Stage k counts when reached at or after the moment stage k-1 counted, within the window from stage-1 entry.</summary>
    Ordered,
    /// <summary>Stage k counts when stages 1..k were all reached within the window from stage-1 entry, in any order.</summary>
    AnyOrder,
}

/// <summary>
/// Per-customer timelines: the moment each stage counts for the funnel (see docs/metrics.md), and the cohort month
/// (month of the first stage-1 touchpoint in the report time zone).
/// </summary>
public sealed class Timelines
{
    /// <summary>Number of stages.</summary>
    public int StageCount { get; }
    /// <summary>[customer * StageCount + stage]: UTC ticks of the moment the customer counts at the stage; 0 = does not count.</summary>
    public long[] Moment { get; }
    /// <summary>Cohort month per customer as year * 12 + (month - 1), or -1 when the customer never entered stage 1.</summary>
    public int[] CohortMonth { get; }
    public TimeSpan Window { get; }
    public FunnelMode Mode { get; }

    private Timelines(int stages, long[] moment, int[] cohort, TimeSpan window, FunnelMode mode)
    { StageCount = stages; Moment = moment; CohortMonth = cohort; Window = window; Mode = mode; }

    public bool Counts(int customer, int stage) => Moment[customer * StageCount + stage] != 0;

    /// <summary>Computes every customer's timeline from the entry touchpoints.</summary>
    public static Timelines Compute(JourneyData data, TimeSpan window, FunnelMode mode)
    {
        var tp = data.Touchpoints;
        var customers = data.Customers.Count;
        var stages = data.Stages.Length;

        // Entry touchpoints grouped per customer (compressed rows), each group sorted by time, then stage.
        var start = new int[customers + 1];
        for (var i = 0; i < tp.Count; i++) if (tp.Entry[i] && tp.Stage[i] >= 0) start[tp.Customer[i] + 1]++;
        for (var c = 0; c < customers; c++) start[c + 1] += start[c];
        var times = new long[start[customers]];
        var stageOf = new sbyte[start[customers]];
        var fill = (int[])start.Clone();
        for (var i = 0; i < tp.Count; i++)
        {
            if (!tp.Entry[i] || tp.Stage[i] < 0) continue;
            var at = fill[tp.Customer[i]]++;
            times[at] = tp.Time[i];
            stageOf[at] = tp.Stage[i];
        }

        var moment = new long[customers * stages];
        var cohort = new int[customers];
        var w = window.Ticks;
        Parallel.For(0, customers, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, c =>
        {
            int from = start[c], to = start[c + 1];
            cohort[c] = -1;
            if (to == from) return;
            Array.Sort(times, stageOf, from, to - from); // by time; ties keep no particular order, which the rules below do not need
            long t0 = 0;
            for (var i = from; i < to; i++) if (stageOf[i] == 0) { t0 = times[i]; break; }
            if (t0 == 0) return;
            var local = TimeZones.FromUtc(new DateTime(t0, DateTimeKind.Utc), data.TimeZone);
            cohort[c] = local.Year * 12 + local.Month - 1;
            var row = c * stages;
            moment[row] = t0;
            var end = t0 + w;
            var previous = t0;
            for (var k = 1; k < stages; k++)
            {
                long found = 0;
                var lowerBound = mode == FunnelMode.Ordered ? previous : t0;
                for (var i = from; i < to; i++)
                {
                    var t = times[i];
                    if (t > end) break;
                    if (stageOf[i] == k && t >= lowerBound) { found = t; break; }
                }
                if (found == 0) break;
                moment[row + k] = found;
                previous = found;
            }
        });
        return new Timelines(stages, moment, cohort, window, mode);
    }

    /// <summary>Month key (year * 12 + month - 1) of a "YYYY-MM" text.</summary>
    public static int MonthKey(int year, int month) => year * 12 + month - 1;

    /// <summary>"YYYY-MM" of a month key.</summary>
    public static string MonthText(int key) => $"{key / 12:D4}-{key % 12 + 1:D2}";

    /// <summary>The first instant (UTC) of a month in a time zone.</summary>
    public static DateTime MonthStartUtc(int key, TimeZoneInfo zone) =>
        TimeZones.ToUtc(new DateTime(key / 12, key % 12 + 1, 1, 0, 0, 0, DateTimeKind.Unspecified), zone);
}
