using System.Globalization;
using JourneyInsights.Journeys;
using JourneyInsights.Sources;

namespace JourneyInsights.Metrics;

/// <summary>
/// Path analysis (PostHog paths, Amplitude journeys, GA4 path exploration): from an anchor (the moment a customer counts
/// at a stage, or their first meeting of a touchpoint), the touchpoints the report cohort's customers met next (or
/// before), step by step, K steps deep, the top N per step named, the rest pooled as "other", customers with no
/// touchpoint that far in an explicit end node ("left the journey"), consecutive repeats of a touchpoint collapsed.
/// Each customer's touchpoints are ordered by time, then stage, then touchpoint (definition order), so ties are
/// deterministic. Definition in docs/metrics.md ("Paths").
/// </summary>
public static class PathAnalysis
{
    /// <summary>The end node reading forward: the customer met no further touchpoint by the cut.</summary>
    public const string LeftName = "Left the journey";
    /// <summary>The end node reading backward: the customer met no earlier touchpoint.</summary>
    public const string StartName = "Journey start";
    /// <summary>The node pooling a step's touchpoints outside its top N.</summary>
    public const string OtherName = "Other touchpoints";

    /// <summary>The end node's name for a direction.</summary>
    public static string EndName(PathDirection direction) => direction == PathDirection.Next ? LeftName : StartName;

    /// <summary>The paths of one query over <paramref name="cut"/>'s report cohort.</summary>
    /// <exception cref="ArgumentException">The query has no anchor or two, an unknown stage or touchpoint, or steps/top out of range.</exception>
    public static PathResult Compute(JourneyData data, Timelines timelines, CohortCut cut, PathQuery query) =>
        Compute(data, timelines, cut, [query])[0];

    /// <summary>The paths of several queries over <paramref name="cut"/>'s report cohort, its touchpoints gathered and ordered once.</summary>
    /// <exception cref="ArgumentException">A query has no anchor or two, an unknown stage or touchpoint, or steps/top out of range.</exception>
    public static IReadOnlyList<PathResult> Compute(JourneyData data, Timelines timelines, CohortCut cut, IEnumerable<PathQuery> queries)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(timelines);
        ArgumentNullException.ThrowIfNull(cut);
        var list = queries.ToList();
        var names = new NameIndex(data.TouchpointNames);
        foreach (var q in list) Check(data, names, q);
        var sequences = new CohortSequences(data, timelines, cut);
        return list.Select(q => Compute(data, sequences, names, q)).ToList();
    }

    /// <summary>
    /// The report's paths: every transition k−1 → k read forward from stage k−1 (<see cref="PathQuery.From"/>), with the
    /// default <see cref="PathQuery.DefaultSteps"/> steps and <see cref="PathQuery.DefaultTop"/> named touchpoints per step.
    /// Empty for a journey of one stage.
    /// </summary>
    public static IReadOnlyList<PathResult> ForTransitions(JourneyData data, Timelines timelines, CohortCut cut) =>
        Compute(data, timelines, cut, Enumerable.Range(1, Math.Max(0, data.Stages.Length - 1)).Select(k => PathQuery.From(Transition.Into(data.Stages, k))));

    /// <summary>
    /// The transition a report's path chart opens on: the one that lost the most customers of the cohort's funnel
    /// (<see cref="StageConversion.DropOff"/>; ties go to the earlier transition), or the first when none lost any;
    /// null for a journey of one stage.
    /// </summary>
    public static Transition? LargestDropOff(FunnelResult funnel, IReadOnlyList<string> stages)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        if (stages.Count < 2) return null;
        var best = 1;
        for (var k = 2; k < funnel.Stages.Count; k++)
            if (funnel.Stages[k].DropOff > funnel.Stages[best].DropOff) best = k;
        return Transition.Into(stages, best);
    }

    private static void Check(JourneyData data, NameIndex names, PathQuery q)
    {
        if ((q.Stage is null) == (q.Touchpoint is null))
            throw new ArgumentException("a path query needs exactly one anchor: a stage or a touchpoint", nameof(q));
        if (q.Stage is { } s && (s < 0 || s >= data.Stages.Length))
            throw new ArgumentException($"path anchor stage {s} is out of range: the journey has stages 0..{data.Stages.Length - 1} ({string.Join(", ", data.Stages)})", nameof(q));
        if (q.Touchpoint is { } t && !names.Ids.ContainsKey(t))
            throw new ArgumentException($"path anchor touchpoint '{t}' is not a touchpoint of the journey; expected one of: {string.Join(", ", names.Names)}", nameof(q));
        if (q.Steps is < 1 or > PathQuery.MaxSteps)
            throw new ArgumentException($"path steps must be 1..{PathQuery.MaxSteps}, found {q.Steps}", nameof(q));
        if (q.Top is < 1 or > PathQuery.MaxTop)
            throw new ArgumentException($"path top must be 1..{PathQuery.MaxTop} touchpoints per step, found {q.Top}", nameof(q));
    }

    private static PathResult Compute(JourneyData data, CohortSequences seq, NameIndex names, PathQuery q)
    {
        var tp = data.Touchpoints;
        var steps = q.Steps;
        var dir = q.Direction == PathDirection.Next ? 1 : -1;
        var anchorName = q.Stage is { } st ? data.Stages[st] : q.Touchpoint!;
        var target = q.Touchpoint is { } t ? names.Ids[t] : -1;
        var paths = new List<int[]>(); // per customer reaching the anchor: name id per step, -1 = end
        foreach (var c in seq.Customers)
        {
            var (from, to) = seq.Slice(c);
            var p = -1;
            if (q.Stage is { } k)
            {
                if (!seq.CountsAt(c, k)) continue;
                var moment = seq.Moment(c, k);
                for (var i = from; i < to && p < 0; i++)
                {
                    var row = seq.Rows[i];
                    if (tp.Time[row] == moment && tp.Stage[row] == k && tp.Entry[row]) p = i;
                }
            }
            else
                for (var i = from; i < to && p < 0; i++)
                    if (names.Of[tp.Touchpoint[seq.Rows[i]]] == target) p = i;
            if (p < 0) continue;

            var path = new int[steps];
            var last = names.Of[tp.Touchpoint[seq.Rows[p]]];
            var pos = p + dir;
            for (var s = 0; s < steps; s++)
            {
                while (pos >= from && pos < to && names.Of[tp.Touchpoint[seq.Rows[pos]]] == last) pos += dir; // repeats collapsed
                if (pos < from || pos >= to) { path[s] = -1; continue; }
                last = path[s] = names.Of[tp.Touchpoint[seq.Rows[pos]]];
                pos += dir;
            }
            paths.Add(path);
        }

        long total = paths.Count;
        var result = new List<IReadOnlyList<PathNode>>();
        var links = new List<PathLink>();
        if (total > 0)
        {
            var anchorNode = q.Stage is not null ? $"Reached {anchorName}" : anchorName;
            result.Add([new PathNode { Step = 0, Index = 0, Kind = PathNodeKind.Anchor, Name = anchorNode, Customers = total, Share = 1 }]);
            var previous = new int[paths.Count]; // node index at the previous step (all 0: the anchor)
            var previousNodes = 1;
            var tally = new long[names.Names.Count];
            for (var s = 0; s < steps; s++)
            {
                Array.Clear(tally);
                foreach (var path in paths) if (path[s] >= 0) tally[path[s]]++;
                var counts = new List<KeyValuePair<int, long>>();
                for (var id = 0; id < tally.Length; id++) if (tally[id] > 0) counts.Add(new(id, tally[id]));
                var ranked = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => names.Names[kv.Key], StringComparer.Ordinal).ToList();
                var named = ranked.Take(q.Top).ToList();
                var index = new Dictionary<int, int>();
                var nodes = new List<PathNode>();
                foreach (var (name, n) in named)
                {
                    index[name] = nodes.Count;
                    nodes.Add(new PathNode { Step = s + 1, Index = nodes.Count, Kind = PathNodeKind.Touchpoint, Name = names.Names[name], Customers = n, Share = (double)n / total });
                }
                var pooled = ranked.Skip(q.Top).ToList();
                var other = -1;
                if (pooled.Count > 0)
                {
                    other = nodes.Count;
                    var n = pooled.Sum(kv => kv.Value);
                    nodes.Add(new PathNode { Step = s + 1, Index = other, Kind = PathNodeKind.Other, Name = OtherName, Customers = n, Share = (double)n / total, Touchpoints = pooled.Count });
                }
                var ended = paths.LongCount(path => path[s] < 0);
                var end = -1;
                if (ended > 0)
                {
                    end = nodes.Count;
                    nodes.Add(new PathNode { Step = s + 1, Index = end, Kind = PathNodeKind.End, Name = EndName(q.Direction), Customers = ended, Share = (double)ended / total });
                }
                // Customers per (node at the previous step, node at this one): an array, the links in (from, to) order.
                var flows = new long[previousNodes * nodes.Count];
                var nodeOf = new int[tally.Length];
                for (var id = 0; id < nodeOf.Length; id++) nodeOf[id] = index.TryGetValue(id, out var at) ? at : other;
                for (var i = 0; i < paths.Count; i++)
                {
                    var name = paths[i][s];
                    var node = name < 0 ? end : nodeOf[name];
                    flows[previous[i] * nodes.Count + node]++;
                    previous[i] = node;
                }
                for (var f = 0; f < flows.Length; f++)
                    if (flows[f] > 0) links.Add(new PathLink(s, f / nodes.Count, f % nodes.Count, flows[f]));
                previousNodes = nodes.Count;
                result.Add(nodes);
            }
        }

        var who = q.Stage is not null ? $"customers who reached {anchorName}" : $"customers who met {anchorName}";
        return new PathResult
        {
            Query = q,
            Month = Timelines.MonthText(seq.Month),
            Anchor = anchorName,
            Customers = total,
            Steps = result,
            Links = links,
            Basis = $"{Timelines.MonthText(seq.Month)} cohort, {who}, touchpoints up to {seq.UntilText}",
        };
    }

    /// <summary>Distinct touchpoint names (two rules may share one): a path step is a name, not a rule.</summary>
    private sealed class NameIndex
    {
        public NameIndex(string[] ruleNames)
        {
            Of = new int[ruleNames.Length];
            for (var r = 0; r < ruleNames.Length; r++)
            {
                if (!Ids.TryGetValue(ruleNames[r], out var id)) { Ids[ruleNames[r]] = id = Names.Count; Names.Add(ruleNames[r]); }
                Of[r] = id;
            }
        }

        /// <summary>Name id of each rule.</summary>
        public int[] Of { get; }
        public Dictionary<string, int> Ids { get; } = new(StringComparer.Ordinal);
        public List<string> Names { get; } = [];
    }

    /// <summary>The report cohort's touchpoints up to the cut, grouped per customer and ordered (time, stage, touchpoint, row): one pass over the touchpoints.</summary>
    private sealed class CohortSequences
    {
        private readonly Timelines _timelines;
        private readonly int[] _start;
        private readonly int[] _slot; // customer -> position in Customers, or -1
        private readonly int[] _reached;

        public CohortSequences(JourneyData data, Timelines timelines, CohortCut cut)
        {
            _timelines = timelines;
            Month = cut.Month;
            Until = cut.JudgedAt(Month);
            UntilText = TimeZones.FromUtc(new DateTime(Until, DateTimeKind.Utc), data.TimeZone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + data.TimeZone.Id;
            var customers = new List<int>();
            _slot = new int[data.Customers.Count];
            var reached = new List<int>();
            for (var c = 0; c < data.Customers.Count; c++)
            {
                _slot[c] = -1;
                if (timelines.CohortMonth[c] != Month) continue;
                var r = cut.StagesReached(timelines, c, Month);
                if (r == 0) continue;
                _slot[c] = customers.Count;
                customers.Add(c);
                reached.Add(r);
            }
            Customers = customers.ToArray();
            _reached = reached.ToArray();
            var tp = data.Touchpoints;
            _start = new int[Customers.Length + 1];
            for (var i = 0; i < tp.Count; i++)
                if (tp.Customer[i] >= 0 && _slot[tp.Customer[i]] >= 0 && tp.Time[i] <= Until) _start[_slot[tp.Customer[i]] + 1]++;
            for (var s = 0; s < Customers.Length; s++) _start[s + 1] += _start[s];
            Rows = new int[_start[^1]];
            var fill = (int[])_start.Clone();
            for (var i = 0; i < tp.Count; i++)
                if (tp.Customer[i] >= 0 && _slot[tp.Customer[i]] >= 0 && tp.Time[i] <= Until) Rows[fill[_slot[tp.Customer[i]]]++] = i;
            var order = Comparer<int>.Create((a, b) =>
            {
                var c = tp.Time[a].CompareTo(tp.Time[b]);
                if (c == 0) c = tp.Stage[a].CompareTo(tp.Stage[b]);
                if (c == 0) c = tp.Touchpoint[a].CompareTo(tp.Touchpoint[b]);
                return c == 0 ? a.CompareTo(b) : c;
            });
            // The rows come in file order, most often already in time order: a customer's slice is sorted only when it is not.
            for (var s = 0; s < Customers.Length; s++)
            {
                var (from, to) = (_start[s], _start[s + 1]);
                var sorted = true;
                for (var i = from + 1; i < to && sorted; i++) sorted = order.Compare(Rows[i - 1], Rows[i]) < 0;
                if (!sorted) Array.Sort(Rows, from, to - from, order);
            }
        }

        public int Month { get; }
        /// <summary>UTC ticks, inclusive: touchpoints after it are not on the paths.</summary>
        public long Until { get; }
        public string UntilText { get; }
        /// <summary>The cohort's customers who count at stage 1 by the cut, ascending.</summary>
        public int[] Customers { get; }
        /// <summary>Touchpoint rows, grouped per customer (in the order of <see cref="Customers"/>) and ordered.</summary>
        public int[] Rows { get; }

        public (int From, int To) Slice(int customer) => (_start[_slot[customer]], _start[_slot[customer] + 1]);

        /// <summary>True when the customer counts at stage <paramref name="k"/> (stages 1..k reached) by the cut.</summary>
        public bool CountsAt(int customer, int k) => _reached[_slot[customer]] > k && Moment(customer, k) <= Until;

        public long Moment(int customer, int k) => _timelines.Moment[customer * _timelines.StageCount + k];
    }
}
