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
    public static PlacedTouchpoints Place(CanonicalTables tables, StitchedIdentities identities, JourneyDefinition definition, DateTime? asOfUtc = null)
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

        // Analytics events, the bulk, get their rule per row first and are copied once into exact arrays at the end
        // (no list growth at 10M events); CRM milestones and survey answers (a few per contact) go through lists.
        var analyticsRules = new int[tables.Touchpoints.Count][];
        long analyticsPlaced = 0;
        for (var a = 0; a < analyticsRules.Length; a++)
        {
            var table = tables.Touchpoints[a];
            var cust = identities.OfTouchpoint[a];
            var (evt, page) = (table.Event, table.Page);
            // Dictionary-encoded events and pages: the rule of each pair of codes is matched once, then looked up by an
            // integer key (the same rule as matching the strings: codes stand for exactly those values).
            var ofCodes = evt.IsCoded && (page is null || page.IsCoded) ? new Dictionary<long, int>() : null;
            var ruleOfRow = analyticsRules[a] = new int[cust.Length];
            for (var i = 0; i < cust.Length; i++)
            {
                ruleOfRow[i] = -1;
                if (cust[i] < 0) continue; // after the cutoff
                int rule;
                if (ofCodes is null) rule = rules.MatchEvent(evt[i]!, page?[i]);
                else
                {
                    var key = (long)evt.Code(i) << 32 | (uint)(page?.Code(i) ?? 0);
                    if (!ofCodes.TryGetValue(key, out rule)) ofCodes[key] = rule = rules.MatchEvent(evt[i]!, page?[i]);
                }
                if (rule < 0) { var k = (table.Source, evt[i]!, page?[i]); unmatchedEvents[k] = unmatchedEvents.GetValueOrDefault(k) + 1; continue; }
                if (rules.StageOf(rule) < 0)
                {
                    unstaged++;
                    if (keep[rule]) { stagelessCustomer.Add(cust[i]); stagelessTime.Add(table.Timestamp[i]!.Value.Ticks); stagelessRule.Add(rule); stagelessRow.Add((a, i)); }
                    continue;
                }
                ruleOfRow[i] = rule;
                analyticsPlaced++;
            }
        }

        var tpCustomer = new List<int>(); var tpTime = new List<long>(); var tpRule = new List<int>(); var tpSource = new List<byte>();
        void Place(int rule, string what, int c, long t, byte src)
        {
            if (rule < 0) { Count(unmatched, what); return; }
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
                Place(rules.MatchMilestone(m.Name[i]), $"{table.Source}: {m.Name[i]}", c, m.Time[i], src);
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
                if (cust[i] >= 0) Place(rule, $"{table.Source}: {name}", cust[i], time[i]!.Value.Ticks, src);
            }
        }

        foreach (var ((source, evtName, pagePath), rows) in unmatchedEvents)
            unmatched[$"{source}: {evtName} {pagePath}".TrimEnd()] = unmatched.GetValueOrDefault($"{source}: {evtName} {pagePath}".TrimEnd()) + rows;
        JourneyBuilder.ReleaseGarbage();

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
        var next = 0;
        void Put(int customer, long time, int rule, byte source)
        {
            touchpoints.Customer[next] = customer; touchpoints.Time[next] = time; touchpoints.Touchpoint[next] = rule;
            touchpoints.Source[next] = source; touchpoints.Stage[next] = rules.StageOf(rule); touchpoints.Entry[next] = rules[rule].Entry;
            next++;
        }
        for (var a = 0; a < analyticsRules.Length; a++)
        {
            var cust = identities.OfTouchpoint[a];
            var ruleOfRow = analyticsRules[a];
            var time = tables.Touchpoints[a].Timestamp;
            var src = (byte)tables.Touchpoints[a].SourceIndex;
            var (device, session) = (tables.Touchpoints[a].AnonymousId, tables.Touchpoints[a].SessionId);
            for (var i = 0; i < cust.Length; i++)
            {
                if (ruleOfRow[i] < 0) continue;
                if (sessionOf is not null)
                {
                    // A session is its id on one device: GA4's ga_session_id is unique per user_pseudo_id only.
                    var id = session?[i];
                    if (string.IsNullOrEmpty(id)) sessionOf[next] = -1;
                    else
                    {
                        var key = (device[i]!, id);
                        if (!sessions!.TryGetValue(key, out var number)) sessions[key] = number = sessions.Count;
                        sessionOf[next] = number;
                    }
                }
                Put(cust[i], time[i]!.Value.Ticks, ruleOfRow[i], src);
            }
        }
        for (var i = 0; i < tpCustomer.Count; i++)
        {
            if (sessionOf is not null) sessionOf[next] = -1;
            Put(tpCustomer[i], tpTime[i], tpRule[i], tpSource[i]);
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
            for (var j = 0; j < stagelessRow.Count; j++)
            {
                var (a, i) = stagelessRow[j];
                var id = tables.Touchpoints[a].SessionId?[i];
                if (!string.IsNullOrEmpty(id) && sessions.TryGetValue((tables.Touchpoints[a].AnonymousId[i]!, id), out var number)) stagelessSession[j] = number;
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
