using JourneyInsights.Definition;
using JourneyInsights.Sources;

namespace JourneyInsights.Journeys;

/// <summary>
/// Step 2 of building a journey: placement. Every record of a stitched customer is matched against the definition's
/// ordered touchpoint rules (first match wins): analytics events by event name and page, CRM milestones by name,
/// survey responses by survey name. A matched record whose rule has a stage becomes a touchpoint in that stage; one
/// whose rule has no stage is counted as unstaged (and, when a funnel exclusion of the definition names its rule, also
/// kept aside in <see cref="PlacedTouchpoints.Stageless"/> for the exclusion check only); one no rule matches is counted
/// as unmatched, by what it was.
/// </summary>
public static class Placement
{
    /// <param name="tables">The canonical tables.</param>
    /// <param name="identities">The customer of every row (<see cref="IdentityStitching.Stitch"/> on the same tables).</param>
    /// <param name="definition">The stages and touchpoint rules.</param>
    /// <param name="asOfUtc">CRM milestones reached after this instant are left out (rows after it already are); null: none.</param>
    /// <exception cref="ArgumentException">The identities were stitched from other tables, or the definition has more than 127 stages or 255 sources.</exception>
    public static PlacedTouchpoints Place(CanonicalTables tables, StitchedIdentities identities, JourneyDefinition definition, DateTime? asOfUtc = null) =>
        PlaceInRanges(tables, identities, definition, asOfUtc, RowRanges.DefaultRows);

    /// <summary>As <see cref="Place(CanonicalTables, StitchedIdentities, JourneyDefinition, DateTime?)"/>, reading the analytics rows in ranges of <paramref name="rangeRows"/> rows on every core.</summary>
    internal static PlacedTouchpoints PlaceInRanges(CanonicalTables tables, StitchedIdentities identities, JourneyDefinition definition, DateTime? asOfUtc, int rangeRows)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(definition);
        CheckShape(tables, identities);
        if (definition.Stages.Count > sbyte.MaxValue) throw new ArgumentException($"at most {sbyte.MaxValue} stages are supported, found {definition.Stages.Count}", nameof(definition));
        if (definition.Sources.Count > byte.MaxValue + 1) throw new ArgumentException($"at most {byte.MaxValue + 1} sources are supported, found {definition.Sources.Count}", nameof(definition));
        var cutoff = asOfUtc?.Ticks ?? long.MaxValue;
        var rules = new TouchpointRules(definition);
        var unmatched = new Dictionary<string, long>(StringComparer.Ordinal);
        var unmatchedEvents = new Dictionary<(string Source, string Event, string? Page), long>(); // named once, at the end
        long unstaged = 0;
        // Rules without a stage that a funnel exclusion names: their records are kept aside (not as touchpoints) so that
        // the exclusion sees them. None in a definition without such exclusions: then nothing changes.
        var keep = new bool[rules.Count];
        foreach (var e in definition.Funnel.Exclusions)
            for (var r = 0; r < rules.Count; r++)
                if (rules[r].Name == e.Touchpoint && rules.StageOf(r) < 0) keep[r] = true;
        var stagelessCustomer = new List<int>(); var stagelessTime = new List<long>(); var stagelessRule = new List<int>();
        var stagelessRow = new List<(int Table, int Row)>(); // analytics records among them, for their session

        // Analytics events, the bulk, are read twice: once to count and account for them, once to copy the placed ones
        // into exact arrays (no list growth, no per-row rule kept at 10M events); the rule of a row comes from its event
        // and page codes each time (EventRuleLookup). Both passes read ranges of rows on every core (RowRanges): each range
        // counts its own rows and keeps its own records, merged in range order (the second pass writes each range's
        // touchpoints from the offset the first pass found for it), so the result is that of one pass in row order.
        // CRM milestones and survey answers (a few per contact) go through lists.
        var lookups = tables.Touchpoints.Select(t => new EventRuleLookup(rules, t.Event, t.Page)).ToArray();
        var ranges = new AnalyticsRange[lookups.Length][];
        long analyticsPlaced = 0;
        for (var a = 0; a < lookups.Length; a++)
        {
            var table = tables.Touchpoints[a];
            var cust = identities.OfTouchpoint[a];
            var lookup = lookups[a];
            var time = table.Timestamp;
            var parts = ranges[a] = RowRanges.Split(cust.Length, lookup.Shared ? rangeRows : int.MaxValue).Select(r => new AnalyticsRange(r.Start, r.End)).ToArray();
            RowRanges.ForEach(parts.Length, k =>
            {
                var part = parts[k];
                var unmatchedRows = lookup.NewUnmatchedRows();
                for (var i = part.Start; i < part.End; i++)
                {
                    if (cust[i] < 0) continue; // after the cutoff
                    var rule = lookup.RuleOf(i);
                    if (rule < 0) { unmatchedRows.Count(i); continue; }
                    if (rules.StageOf(rule) < 0)
                    {
                        part.Unstaged++;
                        if (keep[rule]) (part.Kept ??= []).Add((cust[i], time[i]!.Value.Ticks, rule, i));
                        continue;
                    }
                    part.Placed++;
                }
                part.Unmatched = unmatchedRows;
            });
            foreach (var part in parts)
            {
                part.Offset = (int)analyticsPlaced;
                analyticsPlaced += part.Placed;
                unstaged += part.Unstaged;
                foreach (var (c, t, rule, i) in part.Kept ?? []) { stagelessCustomer.Add(c); stagelessTime.Add(t); stagelessRule.Add(rule); stagelessRow.Add((a, i)); }
                foreach (var (evtName, pagePath, rows) in part.Unmatched!.Named())
                {
                    var k = (table.Source, evtName, pagePath);
                    unmatchedEvents[k] = unmatchedEvents.GetValueOrDefault(k) + rows;
                }
            }
        }

        var tpCustomer = new List<int>(); var tpTime = new List<long>(); var tpRule = new List<int>(); var tpSource = new List<byte>();
        void Place(int rule, string source, string name, int c, long t, byte src)
        {
            if (rule < 0) { Count(unmatched, $"{source}: {name}"); return; }
            if (rules.StageOf(rule) < 0)
            {
                unstaged++;
                if (keep[rule]) { stagelessCustomer.Add(c); stagelessTime.Add(t); stagelessRule.Add(rule); }
                return;
            }
            tpCustomer.Add(c); tpTime.Add(t); tpRule.Add(rule); tpSource.Add(src);
        }

        // CRM milestones, under the names the column map gives them.
        for (var t = 0; t < tables.Customers.Count; t++)
        {
            var table = tables.Customers[t];
            var cust = identities.OfCustomerRow[t];
            var m = table.Milestones;
            var src = (byte)table.SourceIndex;
            for (var i = 0; i < m.Count; i++)
            {
                var c = cust[m.Row[i]];
                if (c < 0 || m.Time[i] > cutoff) continue; // created, or reached, after the cutoff
                Place(rules.MatchMilestone(m.Name[i]), table.Source, m.Name[i], c, m.Time[i], src);
            }
        }

        // Survey responses of matched customers; every response within the cutoff gets its survey's rule.
        var responseRules = new int[tables.Responses.Count][];
        for (var t = 0; t < tables.Responses.Count; t++)
        {
            var table = tables.Responses[t];
            var cust = identities.OfResponse[t];
            var (time, survey) = (table.Timestamp, table.Survey);
            var src = (byte)table.SourceIndex;
            var ruleOfRow = responseRules[t] = new int[cust.Length];
            for (var i = 0; i < cust.Length; i++)
            {
                ruleOfRow[i] = -1;
                if (cust[i] == IdentityStitching.AfterCutoff) continue;
                var name = SurveyName(survey?[i]);
                var rule = ruleOfRow[i] = rules.MatchSurvey(name);
                if (cust[i] >= 0) Place(rule, table.Source, name, cust[i], time[i]!.Value.Ticks, src);
            }
        }

        foreach (var ((source, evtName, pagePath), rows) in unmatchedEvents)
            unmatched[$"{source}: {evtName} {pagePath}".TrimEnd()] = unmatched.GetValueOrDefault($"{source}: {evtName} {pagePath}".TrimEnd()) + rows;

        // Exact arrays: analytics touchpoints first (from their per-row rules), then CRM milestones and survey answers.
        var total = (int)(analyticsPlaced + tpCustomer.Count);
        var withSessions = tables.Touchpoints.Any(t => t.SessionId is not null);
        var sessionOf = withSessions ? new int[total] : null;
        var sessions = withSessions ? new Dictionary<(string Device, string Session), int>() : null;
        var touchpoints = new TouchpointColumns
        {
            Customer = new int[total], Time = new long[total], Touchpoint = new int[total], Source = new byte[total],
            Stage = new sbyte[total], Entry = new bool[total], Session = sessionOf,
        };
        var entryOfRule = Enumerable.Range(0, rules.Count).Select(r => rules[r].Entry).ToArray();
        void Put(int at, int customer, long time, int rule, byte source)
        {
            touchpoints.Customer[at] = customer; touchpoints.Time[at] = time; touchpoints.Touchpoint[at] = rule;
            touchpoints.Source[at] = source; touchpoints.Stage[at] = rules.StageOf(rule); touchpoints.Entry[at] = entryOfRule[rule];
        }
        for (var a = 0; a < lookups.Length; a++)
        {
            var table = tables.Touchpoints[a];
            var cust = identities.OfTouchpoint[a];
            var lookup = lookups[a];
            var time = table.Timestamp;
            var src = (byte)table.SourceIndex;
            var parts = ranges[a];
            RowRanges.ForEach(parts.Length, k =>
            {
                var part = parts[k];
                var at = part.Offset;
                for (var i = part.Start; i < part.End; i++)
                {
                    if (cust[i] < 0) continue;
                    var rule = lookup.RuleOf(i);
                    if (rule < 0 || rules.StageOf(rule) < 0) continue;
                    Put(at++, cust[i], time[i]!.Value.Ticks, rule, src);
                }
            });
        }
        var next = (int)analyticsPlaced;
        if (sessionOf is not null)
        {
            // A session is its id on one device (GA4's ga_session_id is unique per user_pseudo_id only), numbered in order
            // of first appearance over every analytics source (one pass in row order); coded columns look each pair of
            // codes up once.
            var at = 0;
            for (var a = 0; a < lookups.Length; a++)
            {
                var table = tables.Touchpoints[a];
                var cust = identities.OfTouchpoint[a];
                var lookup = lookups[a];
                var session = table.SessionId;
                var device = session is null ? null : table.AnonymousId;
                var sessionOfCodes = session is not null && session.IsCoded && device!.IsCoded ? new Dictionary<long, int>() : null;
                for (var i = 0; i < cust.Length; i++)
                {
                    if (cust[i] < 0) continue;
                    var rule = lookup.RuleOf(i);
                    if (rule < 0 || rules.StageOf(rule) < 0) continue;
                    if (session is null) sessionOf[at] = -1;
                    else if (sessionOfCodes is not null)
                    {
                        var sessionCode = session.Code(i);
                        if (sessionCode == 0) sessionOf[at] = -1;
                        else
                        {
                            var pair = (long)device!.Code(i) << 32 | (uint)sessionCode;
                            if (!sessionOfCodes.TryGetValue(pair, out var number)) sessionOfCodes[pair] = number = SessionNumber(device[i]!, session[i]!);
                            sessionOf[at] = number;
                        }
                    }
                    else sessionOf[at] = session[i] is { Length: > 0 } id ? SessionNumber(device![i]!, id) : -1;
                    at++;
                }
            }
        }
        int SessionNumber(string device, string id)
        {
            var key = (device, id);
            if (!sessions!.TryGetValue(key, out var number)) sessions[key] = number = sessions.Count;
            return number;
        }
        for (var i = 0; i < tpCustomer.Count; i++)
        {
            if (sessionOf is not null) sessionOf[next] = -1;
            Put(next++, tpCustomer[i], tpTime[i], tpRule[i], tpSource[i]);
        }
        touchpoints = sessions is null ? touchpoints : new TouchpointColumns
        {
            Customer = touchpoints.Customer, Time = touchpoints.Time, Touchpoint = touchpoints.Touchpoint, Source = touchpoints.Source,
            Stage = touchpoints.Stage, Entry = touchpoints.Entry, Session = sessionOf, SessionCount = sessions.Count,
        };

        // The kept stage-less records' sessions: only sessions that have touchpoints (numbered above, unchanged); a session
        // without any has no timeline, so its records cannot exclude it (-1).
        int[]? stagelessSession = null;
        if (sessions is not null)
        {
            stagelessSession = new int[stagelessCustomer.Count];
            Array.Fill(stagelessSession, -1);
            var columns = tables.Touchpoints.Select(t => t.SessionId is { } session ? (Session: session, Device: t.AnonymousId) : default).ToArray();
            for (var j = 0; j < stagelessRow.Count; j++)
            {
                var (a, i) = stagelessRow[j];
                var id = columns[a].Session?[i];
                if (!string.IsNullOrEmpty(id) && sessions.TryGetValue((columns[a].Device[i]!, id), out var number)) stagelessSession[j] = number;
            }
        }

        var stageOfRule = Enumerable.Range(0, rules.Count).Select(r => rules.StageOf(r)).ToArray();
        return new PlacedTouchpoints
        {
            Touchpoints = touchpoints,
            Stageless = new StagelessRecords
            {
                Customer = stagelessCustomer.ToArray(), Time = stagelessTime.ToArray(), Touchpoint = stagelessRule.ToArray(),
                Session = stagelessSession, Kept = keep,
            },
            ResponseRule = responseRules,
            StageOfRule = stageOfRule,
            Report = new PlacementReport
            {
                Placed = touchpoints.Count,
                Unstaged = unstaged,
                Unmatched = unmatched.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ToList(),
            },
        };
    }

    /// <summary>The survey name a response is matched and reported under: its survey, else <c>(survey)</c>.</summary>
    internal static string SurveyName(string? survey) => survey ?? "(survey)";

    /// <summary>First entry time (UTC ticks, 0 = never) per customer and stage, flattened as [customer * stages + stage].</summary>
    public static long[] FirstEntryTimes(TouchpointColumns touchpoints, int customers, int stages)
    {
        ArgumentNullException.ThrowIfNull(touchpoints);
        var first = new long[customers * stages];
        for (var i = 0; i < touchpoints.Count; i++)
        {
            if (!touchpoints.Entry[i] || touchpoints.Stage[i] < 0) continue;
            var k = touchpoints.Customer[i] * stages + touchpoints.Stage[i];
            if (first[k] == 0 || touchpoints.Time[i] < first[k]) first[k] = touchpoints.Time[i];
        }
        return first;
    }

    internal static void CheckShape(CanonicalTables tables, StitchedIdentities identities)
    {
        static bool Same(IReadOnlyList<CanonicalTable> t, int[][] rows) =>
            t.Count == rows.Length && Enumerable.Range(0, rows.Length).All(i => rows[i].Length == t[i].Rows);
        if (!Same(tables.Touchpoints, identities.OfTouchpoint) || !Same(tables.Customers, identities.OfCustomerRow) || !Same(tables.Responses, identities.OfResponse))
            throw new ArgumentException("the identities were stitched from other tables (row counts differ)", nameof(identities));
    }

    private static void Count(Dictionary<string, long> d, string key) => d[key] = d.TryGetValue(key, out var v) ? v + 1 : 1;
}

/// <summary>One range of an analytics table's rows (<see cref="RowRanges"/>) and what placement's first pass found in it.</summary>
internal sealed class AnalyticsRange(int start, int end)
{
    public int Start { get; } = start;
    public int End { get; } = end;
    /// <summary>Rows placed as touchpoints.</summary>
    public long Placed { get; set; }
    /// <summary>Rows matched by a rule without a stage.</summary>
    public long Unstaged { get; set; }
    /// <summary>The kept records among the unstaged rows (customer, time, rule, row), in row order; null when none.</summary>
    public List<(int Customer, long Time, int Rule, int Row)>? Kept { get; set; }
    /// <summary>Rows no rule matched, per event and page.</summary>
    public EventRuleLookup.UnmatchedRows? Unmatched { get; set; }
    /// <summary>Index of the range's first touchpoint: the touchpoints placed in the ranges (and tables) before it.</summary>
    public int Offset { get; set; }
}

/// <summary>What <see cref="Placement.Place"/> placed, and how the rest was accounted for.</summary>
public sealed class PlacedTouchpoints
{
    /// <summary>The touchpoints: analytics events first (source by source, row order), then CRM milestones, then survey answers.</summary>
    public required TouchpointColumns Touchpoints { get; init; }
    /// <summary>Records of the rules without a stage that a funnel exclusion names, kept for the exclusion check only.</summary>
    public required StagelessRecords Stageless { get; init; }
    /// <summary>[response table][row]: the survey rule matched (index into the definition's touchpoints), or -1 (none, or after the cutoff).</summary>
    public required int[][] ResponseRule { get; init; }
    /// <summary>Stage index of each rule, -1 for a rule without a stage.</summary>
    public required sbyte[] StageOfRule { get; init; }
    /// <summary>Placed, unstaged and unmatched records.</summary>
    public required PlacementReport Report { get; init; }
}

/// <summary>
/// The touchpoint rule of each analytics row of one table, from its event and page. Dictionary-encoded columns: the rule
/// of each pair of codes is matched once (the same rule as matching the strings: codes stand for exactly those values)
/// and kept in a table indexed by the two codes (a dictionary when the pairs would be too many for a table); plain
/// columns: matched by their text (<see cref="TouchpointRules.MatchEvent"/> caches it). Rows no rule matches are counted
/// per pair (<see cref="UnmatchedRows"/>, one per range of rows), named once at the end.
/// </summary>
internal sealed class EventRuleLookup
{
    private const int NotMatched = int.MinValue;
    private const int MaxCells = 1 << 22; // 16 MB of rules at most

    private readonly TouchpointRules _rules;
    private readonly TextColumn _event;
    private readonly TextColumn? _page;
    private readonly int[]? _cells;
    private readonly int _pageCodes;
    private readonly Dictionary<long, int>? _pairs;

    public EventRuleLookup(TouchpointRules rules, TextColumn evt, TextColumn? page)
    {
        _rules = rules; _event = evt; _page = page;
        if (!evt.IsCoded || page is { IsCoded: false }) return;
        _pageCodes = page is null ? 1 : page.Distinct.Count + 1;
        if ((long)(evt.Distinct.Count + 1) * _pageCodes <= MaxCells)
        {
            _cells = new int[(evt.Distinct.Count + 1) * _pageCodes];
            Array.Fill(_cells, NotMatched);
        }
        else _pairs = [];
    }

    /// <summary>
    /// True when <see cref="RuleOf"/> may be called from several threads at once (the table of code pairs: a pair not
    /// matched yet is matched under a lock, and every thread that matches it writes the same rule into its cell).
    /// </summary>
    public bool Shared => _cells is not null;

    /// <summary>The rule of row <paramref name="i"/> (index into the definition's touchpoints), or -1 when none matches.</summary>
    public int RuleOf(long i)
    {
        if (_cells is not null)
        {
            var cell = _event.Code(i) * _pageCodes + (_page?.Code(i) ?? 0);
            var rule = _cells[cell];
            if (rule != NotMatched) return rule;
            lock (_rules) return _cells[cell] = Match(i); // the rules' caches are not for several threads
        }
        if (_pairs is not null)
        {
            var key = Pair(i);
            if (!_pairs.TryGetValue(key, out var rule)) _pairs[key] = rule = Match(i);
            return rule;
        }
        return Match(i);
    }

    /// <summary>A counter of the rows of one range that no rule matches.</summary>
    public UnmatchedRows NewUnmatchedRows() => new(this);

    /// <summary>Rows no rule matched, per pair of event and page codes (plain columns: per text), for one range of rows.</summary>
    internal sealed class UnmatchedRows(EventRuleLookup lookup)
    {
        private readonly Dictionary<long, long>? _codes = lookup._cells is not null || lookup._pairs is not null ? [] : null;
        private readonly Dictionary<(string Event, string? Page), long>? _texts = lookup._cells is null && lookup._pairs is null ? [] : null;

        /// <summary>Counts row <paramref name="i"/> as matched by no rule.</summary>
        public void Count(long i)
        {
            if (_texts is not null)
            {
                var k = (lookup._event[i]!, lookup._page?[i]);
                _texts[k] = _texts.GetValueOrDefault(k) + 1;
                return;
            }
            var key = lookup.Pair(i);
            _codes![key] = _codes.GetValueOrDefault(key) + 1;
        }

        /// <summary>The rows counted by <see cref="Count"/>, per event and page.</summary>
        public IEnumerable<(string Event, string? Page, long Rows)> Named()
        {
            if (_texts is not null)
            {
                foreach (var ((evt, page), rows) in _texts) yield return (evt, page, rows);
                yield break;
            }
            foreach (var (key, rows) in _codes!)
            {
                int evtCode = (int)(key >> 32), pageCode = (int)(uint)key;
                yield return (lookup._event.Distinct[evtCode - 1], pageCode == 0 ? null : lookup._page!.Distinct[pageCode - 1], rows);
            }
        }
    }

    private long Pair(long i) => (long)_event.Code(i) << 32 | (uint)(_page?.Code(i) ?? 0);

    private int Match(long i) => _rules.MatchEvent(_event[i]!, _page?[i]);
}
