using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using JourneyInsights.Definition;
using JourneyInsights.Sources;

namespace JourneyInsights.Journeys;

/// <summary>What the timelines are computed from: the placed touchpoints, the kept stage-less records and the definition (its stages and rules), and the report time zone.</summary>
internal sealed record TimelineSource(TouchpointColumns Touchpoints, StagelessRecords Stageless, int Stages, int Rules, JourneyDefinition Definition, TimeZoneInfo TimeZone)
{
    public static TimelineSource Of(JourneyData data) =>
        new(data.Touchpoints, data.Stageless, data.Stages.Length, data.TouchpointNames.Length, data.Definition, data.TimeZone);
}

/// <summary>How later stages must be reached to count in a funnel.</summary>
public enum FunnelMode
{
    /// <summary>Stage k counts when reached at or after the moment stage k-1 counted, within the window from stage-1 entry.</summary>
    Ordered,
    /// <summary>Stage k counts when stages 1..k were all reached within the window from stage-1 entry, in any order.</summary>
    AnyOrder,
    /// <summary>
    /// As <see cref="Ordered"/>, and the customer went straight on: no entry of a stage other than k-1 and k lies strictly
    /// between the moment stage k-1 counted and the first entry of stage k after it (repeats of stage k-1 are allowed;
    /// non-entry and unstaged touchpoints are ignored; entries at the very instant of either moment are not in between).
    /// </summary>
    Strict,
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
    public TimeSpan Window => Rules.Window;
    public FunnelMode Mode => Rules.Mode;
    /// <summary>The rules the moments were computed by (window, mode, exclusion steps).</summary>
    public FunnelRules Rules { get; }
    /// <summary>
    /// False (default): one timeline per customer, indexed like <see cref="JourneyData.Customers"/>. True: one timeline per
    /// session (<see cref="TouchpointColumns.Session"/>), from the session's own analytics touchpoints only.
    /// </summary>
    public bool BySession { get; }
    /// <summary>Number of timelines: customers, or sessions when <see cref="BySession"/>.</summary>
    public int Units => CohortMonth.Length;

    private Timelines(int stages, long[] moment, int[] cohort, FunnelRules rules, bool bySession)
    { StageCount = stages; Moment = moment; CohortMonth = cohort; Rules = rules; BySession = bySession; }

    public bool Counts(int customer, int stage) => Moment[customer * StageCount + stage] != 0;

    /// <summary>Computes every customer's timeline from the entry touchpoints (no exclusion steps).</summary>
    public static Timelines Compute(JourneyData data, TimeSpan window, FunnelMode mode) =>
        Compute(data, new FunnelRules { Window = window, Mode = mode, Stages = data.Stages });

    /// <summary>
    /// Computes every customer's timeline from the entry touchpoints and, when the rules have exclusion steps, the records
    /// of the excluded touchpoints (those of rules without a stage from <see cref="JourneyData.Stageless"/>).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// Exclusion steps in an any-order funnel, or an exclusion naming a rule without a stage whose records the journey did
    /// not keep (it was built from a definition without that exclusion).
    /// </exception>
    public static Timelines Compute(JourneyData data, FunnelRules rules) =>
        Compute(TimelineSource.Of(data), rules, data.Touchpoints.Customer, data.Customers.Count, bySession: false);

    /// <summary>
    /// As <see cref="Compute(JourneyData, FunnelRules)"/>, from the placed touchpoints before the rest of the journey is
    /// built (the journey builder computes the timelines meanwhile, on another core).
    /// </summary>
    internal static Timelines Compute(TimelineSource source, FunnelRules rules, int customers) =>
        Compute(source, rules, source.Touchpoints.Customer, customers, bySession: false);

    /// <summary>
    /// One timeline per session: the same rules over each session's own touchpoints (the session id held constant), so
    /// a session counts at stage k when it entered stages 1..k in it. CRM milestones and survey answers have no session
    /// and take no part; a session's cohort month is the month of its first stage-1 entry.
    /// </summary>
    /// <exception cref="ArgumentException">No session id was read (<see cref="TouchpointColumns.Session"/> is null), or exclusions in an any-order funnel.</exception>
    public static Timelines ComputeSessions(JourneyData data, FunnelRules rules) =>
        data.Touchpoints.Session is { } sessions
            ? Compute(TimelineSource.Of(data), rules, sessions, data.Touchpoints.SessionCount, bySession: true)
            : throw new ArgumentException("the touchpoints have no session ids: map 'session_id' in the analytics column map and set funnel.countBy to 'session'", nameof(data));

    private static Timelines Compute(TimelineSource data, FunnelRules rules, int[] unitOf, int units, bool bySession)
    {
        if (rules.Exclusions.Count > 0 && rules.Mode == FunnelMode.AnyOrder)
            throw new ArgumentException("funnel exclusions need an ordered or strict funnel", nameof(rules));
        var window = rules.Window;
        var mode = rules.Mode;
        var tp = data.Touchpoints;
        var customers = units;
        var stages = data.Stages;

        // Entry touchpoints grouped per customer (compressed rows), each group sorted by time, then stage.
        var (start, times, stageOf) = GroupEntries(tp, unitOf, customers, Math.Clamp(Environment.ProcessorCount, 1, 4), RowRanges.DefaultRows);

        var excluded = rules.Exclusions.Count > 0 ? ExcludedRecords.Collect(data, rules, unitOf, units, bySession) : null;

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
            excluded?.Sort(c);
            for (var k = 1; k < stages; k++)
            {
                long found = 0, between = 0;
                var lowerBound = mode == FunnelMode.AnyOrder ? t0 : previous;
                for (var i = from; i < to; i++)
                {
                    var t = times[i];
                    if (t > end) break;
                    if (stageOf[i] == k && t >= lowerBound) { found = t; break; }
                    // Strict: the first entry of another stage (not a repeat of k-1) after the moment of k-1.
                    if (between == 0 && t > previous && stageOf[i] != k - 1) between = t;
                }
                if (found == 0) break;
                if (mode == FunnelMode.Strict && between != 0 && between < found) break;
                if (excluded is not null && excluded.Between(c, k, previous, found)) break;
                moment[row + k] = found;
                previous = found;
            }
        });
        return new Timelines(stages, moment, cohort, rules, bySession);
    }

    /// <summary>
    /// The records of the excluded touchpoints per customer (compressed rows), and which transitions each applies to: the
    /// touchpoints of the excluded rules and, for excluded rules without a stage, their kept records (<see cref="StagelessRecords"/>).
    /// </summary>
    private sealed class ExcludedRecords
    {
        private readonly int[] _start;
        private readonly long[] _times;
        private readonly int[] _rule;
        /// <summary>[rule * stages + k]: the rule's records exclude customers from the transition into stage k.</summary>
        private readonly bool[] _applies;
        private readonly int _stages;

        private ExcludedRecords(int[] start, long[] times, int[] rule, bool[] applies, int stages)
        { _start = start; _times = times; _rule = rule; _applies = applies; _stages = stages; }

        public static ExcludedRecords Collect(TimelineSource data, FunnelRules rules, int[] unitOf, int customers, bool bySession)
        {
            var tp = data.Touchpoints;
            var kept = data.Stageless;
            var stages = data.Stages;
            var ruleCount = data.Rules;
            var applies = new bool[ruleCount * stages];
            foreach (var e in rules.Exclusions)
                foreach (var r in e.Rules)
                {
                    // A rule without a stage has no touchpoints: its records are only there when the journey kept them.
                    if (data.Definition.Touchpoints[r].Stage is null && !(r < kept.Kept.Length && kept.Kept[r]))
                        throw new ArgumentException(
                            $"funnel exclusion '{e.Touchpoint}' names a touchpoint rule without a stage whose records this journey did not keep: "
                            + "build the journey from a definition that has this exclusion in funnel.exclusions", nameof(rules));
                    for (var k = 1; k < stages; k++)
                        if (e.AppliesInto(k)) applies[r * stages + k] = true;
                }
            var any = new bool[ruleCount];
            for (var r = 0; r < ruleCount; r++)
                for (var k = 1; k < stages; k++) any[r] |= applies[r * stages + k];
            var keptUnit = bySession ? kept.Session ?? [] : kept.Customer;
            var start = new int[customers + 1];
            for (var i = 0; i < tp.Count; i++) if (any[tp.Touchpoint[i]] && unitOf[i] >= 0) start[unitOf[i] + 1]++;
            for (var i = 0; i < keptUnit.Length; i++) if (any[kept.Touchpoint[i]] && keptUnit[i] >= 0) start[keptUnit[i] + 1]++;
            for (var c = 0; c < customers; c++) start[c + 1] += start[c];
            var times = new long[start[customers]];
            var rule = new int[start[customers]];
            var fill = (int[])start.Clone();
            for (var i = 0; i < tp.Count; i++)
            {
                if (!any[tp.Touchpoint[i]] || unitOf[i] < 0) continue;
                var at = fill[unitOf[i]]++;
                times[at] = tp.Time[i];
                rule[at] = tp.Touchpoint[i];
            }
            for (var i = 0; i < keptUnit.Length; i++)
            {
                if (!any[kept.Touchpoint[i]] || keptUnit[i] < 0) continue;
                var at = fill[keptUnit[i]]++;
                times[at] = kept.Time[i];
                rule[at] = kept.Touchpoint[i];
            }
            return new ExcludedRecords(start, times, rule, applies, stages);
        }

        /// <summary>Sorts one customer's records by time (each customer's rows are touched by one thread only).</summary>
        public void Sort(int customer) => Array.Sort(_times, _rule, _start[customer], _start[customer + 1] - _start[customer]);

        /// <summary>Whether the customer has a record excluding the transition into stage k strictly between the two moments.</summary>
        public bool Between(int customer, int k, long after, long before)
        {
            for (var i = _start[customer]; i < _start[customer + 1]; i++)
            {
                var t = _times[i];
                if (t >= before) break;
                if (t > after && _applies[_rule[i] * _stages + k]) return true;
            }
            return false;
        }
    }

    /// <summary>
    /// The entry touchpoints (entry rules with a stage, of a unit: <paramref name="unitOf"/> not negative) grouped per unit
    /// as compressed rows: unit u's are <c>times[start[u] .. start[u + 1]]</c> with their stages, in touchpoint order. Read
    /// on every core: each of at most <paramref name="parts"/> ranges of touchpoints (of <paramref name="minRows"/> rows at
    /// least) counts its entries per unit, the ranges' counts then give every range its place within each unit's group
    /// (the ranges before it first), so the groups come out as one pass in touchpoint order fills them. The counts take
    /// one int per unit and range, hence few ranges.
    /// </summary>
    internal static (int[] Start, long[] Times, sbyte[] StageOf) GroupEntries(TouchpointColumns tp, int[] unitOf, int units, int parts, int minRows)
    {
        var ranges = RowRanges.Split(tp.Count, (int)Math.Max(minRows, (tp.Count + (long)parts - 1) / parts));
        var (entry, stage) = (tp.Entry, tp.Stage);
        bool IsEntry(int i) => entry[i] && stage[i] >= 0 && unitOf[i] >= 0;
        var counts = new int[ranges.Length][];
        RowRanges.ForEach(ranges.Length, k =>
        {
            var count = counts[k] = new int[units];
            for (var i = ranges[k].Start; i < ranges[k].End; i++) if (IsEntry(i)) count[unitOf[i]]++;
        });
        // start[u]: the entries of the units before u; each range's cursor into unit u: start[u] + the earlier ranges' entries of u.
        var start = new int[units + 1];
        for (var u = 0; u < units; u++)
        {
            var at = start[u];
            for (var k = 0; k < ranges.Length; k++) { var n = counts[k][u]; counts[k][u] = at; at += n; }
            start[u + 1] = at;
        }
        var times = new long[start[units]];
        var stageOf = new sbyte[start[units]];
        var time = tp.Time;
        RowRanges.ForEach(ranges.Length, k =>
        {
            var fill = counts[k];
            for (var i = ranges[k].Start; i < ranges[k].End; i++)
            {
                if (!IsEntry(i)) continue;
                var at = fill[unitOf[i]]++;
                times[at] = time[i];
                stageOf[at] = stage[i];
            }
        });
        return (start, times, stageOf);
    }

    /// <summary>Month key (year * 12 + month - 1) of a "YYYY-MM" text.</summary>
    public static int MonthKey(int year, int month) => year * 12 + month - 1;

    /// <summary>"YYYY-MM" of a month key.</summary>
    public static string MonthText(int key) => $"{key / 12:D4}-{key % 12 + 1:D2}";

    /// <summary>The first instant (UTC) of a month in a time zone.</summary>
    public static DateTime MonthStartUtc(int key, TimeZoneInfo zone) =>
        MonthStarts.GetValue(zone, _ => new ConcurrentDictionary<int, DateTime>()).GetOrAdd(key, static (k, z) =>
            TimeZones.ToUtc(new DateTime(k / 12, k % 12 + 1, 1, 0, 0, 0, DateTimeKind.Unspecified), z), zone);

    /// <summary>
    /// Month starts already converted, per time zone: a conversion costs about a microsecond and the age-matched cuts ask
    /// for the same few months once per customer and touchpoint.
    /// </summary>
    private static readonly ConditionalWeakTable<TimeZoneInfo, ConcurrentDictionary<int, DateTime>> MonthStarts = new();
}
