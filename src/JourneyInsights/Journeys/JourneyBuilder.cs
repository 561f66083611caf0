using System.Security.Cryptography;
using System.Text;
using JourneyInsights.Definition;
using JourneyInsights.Sources;
using Microsoft.Data.Analysis;

namespace JourneyInsights.Journeys;

/// <summary>
/// Builds the stitched journey from loaded sources: identity stitching (union of linked ids), stage placement by the
/// definition's rules, customer attributes and scored survey responses.
/// </summary>
public static class JourneyBuilder
{
    private const string Unknown = "(unknown)";

    /// <param name="sources">The loaded exports.</param>
    /// <param name="asOfUtc">
    /// Leave out everything recorded after this instant (events, logins, CRM contacts created and milestones reached,
    /// survey answers), so a past month's report is what it was when that month closed. Null: use all data.
    /// </param>
    public static JourneyData Build(SourceSet sources, DateTime? asOfUtc = null)
    {
        var cutoff = asOfUtc?.Ticks ?? long.MaxValue;
        var definition = sources.Definition;
        ReleaseGarbage(); // what loading left behind
        var graph = new IdentityGraph();
        var userKind = definition.Identity.AnalyticsUserId switch { "crm_id" => 'c', "email" => 'e', _ => 'u' };

        // 1. Identity graph: analytics (anonymous id + login id) and CRM (crm id + e-mail).
        var analytics = new List<(SourceTable Table, int[] Node)>();
        var linkedNodes = new HashSet<int>();
        var crm = new List<(SourceTable Table, int[] Node)>();
        foreach (var table in sources.Tables)
        {
            var n = (int)table.RowCount;
            var node = new int[n];
            if (table.Kind == SourceKind.Analytics)
            {
                var anon = Strings(table, CanonicalFields.AnonymousId)!;
                var user = Strings(table, CanonicalFields.UserId);
                var time = Times(table, CanonicalFields.Timestamp)!;
                for (var i = 0; i < n; i++)
                {
                    if (time[i]!.Value.Ticks > cutoff) { node[i] = -1; continue; }
                    node[i] = graph.Node('a', anon[i]!);
                    if (user?[i] is { Length: > 0 } u)
                    {
                        graph.Union(node[i], graph.Node(userKind, userKind == 'e' ? u.Trim().ToLowerInvariant() : u));
                        linkedNodes.Add(node[i]);
                    }
                }
                analytics.Add((table, node));
            }
            else if (table.Kind == SourceKind.Crm)
            {
                var ids = Strings(table, CanonicalFields.CrmId)!;
                var emails = Strings(table, CanonicalFields.Email);
                // A contact created after the cutoff was not in the CRM yet (long-form rows: a stage change after it).
                var created = Times(table, table.Source.Map.MilestoneNameField is null ? CanonicalFields.CreatedAt : CanonicalFields.Timestamp);
                for (var i = 0; i < n; i++)
                {
                    if (created?[i] is { } at && at.Ticks > cutoff) { node[i] = -1; continue; }
                    node[i] = graph.Node('c', ids[i]!);
                    if (emails?[i] is { Length: > 0 } e) graph.Union(node[i], graph.Node('e', e));
                }
                crm.Add((table, node));
            }
        }

        // 2. Customers: one per connected component, numbered in order of their root (first identifier seen).
        var customerOfRoot = new Dictionary<int, int>();
        var roots = new List<int>();
        int CustomerOf(int node)
        {
            var root = graph.Root(node);
            if (!customerOfRoot.TryGetValue(root, out var c))
            {
                c = roots.Count;
                customerOfRoot.Add(root, c);
                roots.Add(root);
            }
            return c;
        }
        foreach (var (_, node) in analytics) for (var i = 0; i < node.Length; i++) if (node[i] >= 0) node[i] = CustomerOf(node[i]);
        foreach (var (_, node) in crm) for (var i = 0; i < node.Length; i++) if (node[i] >= 0) node[i] = CustomerOf(node[i]);
        // Devices (anonymous ids) and logins per customer, from the graph's anonymous-id nodes.
        var devices = new List<int>();
        var hasLogin = new List<bool>();
        long analyticsIds = 0;
        for (var n = 0; n < graph.Count; n++)
        {
            if (graph.Kind(n) != 'a') continue;
            analyticsIds++;
            var c = CustomerOf(n);
            while (devices.Count <= c) { devices.Add(0); hasLogin.Add(false); }
            devices[c]++;
            if (linkedNodes.Contains(n)) hasLogin[c] = true;
        }
        var customers = roots.Count;
        while (devices.Count < customers) { devices.Add(0); hasLogin.Add(false); }

        var persona = Fill(customers, Unknown);
        var channel = Fill(customers, Unknown);
        var device = Fill(customers, Unknown);
        var region = Fill(customers, Unknown);
        var known = new bool[customers];
        var firstSeen = new long[customers];
        var firstEvent = Enumerable.Repeat(long.MaxValue, customers).ToArray();
        var hasAnalytics = new bool[customers];

        var rules = new TouchpointRules(definition);
        // CRM milestones and survey answers go through lists (a few per contact); analytics events, the bulk, get their
        // rule per row first and are copied once into exact arrays at the end (no list growth at 10M events).
        var tpCustomer = new List<int>(); var tpTime = new List<long>(); var tpRule = new List<int>(); var tpSource = new List<byte>();
        var analyticsRules = new List<int[]>();
        long analyticsPlaced = 0;
        var unmatched = new Dictionary<string, long>(StringComparer.Ordinal);
        var unmatchedEvents = new Dictionary<(string Source, string Event, string? Page), long>(); // named once, at the end
        long unstaged = 0;
        void AddTouchpoint(int customer, long time, int rule, byte source)
        {
            tpCustomer.Add(customer); tpTime.Add(time); tpRule.Add(rule); tpSource.Add(source);
            if (firstSeen[customer] == 0 || time < firstSeen[customer]) firstSeen[customer] = time;
        }
        byte SourceIndex(SourceTable t) => (byte)sources.Tables.ToList().IndexOf(t);

        ReleaseGarbage();

        // 3. Analytics events -> touchpoints; first-touch attributes.
        foreach (var (table, cust) in analytics)
        {
            var evt = Strings(table, CanonicalFields.Event)!;
            var page = Strings(table, CanonicalFields.Page);
            var time = Times(table, CanonicalFields.Timestamp)!;
            var tsrc = Strings(table, CanonicalFields.TrafficSource);
            var tmed = Strings(table, CanonicalFields.TrafficMedium);
            var dev = Strings(table, CanonicalFields.Device);
            var reg = Strings(table, CanonicalFields.Region);
            var ruleOfRow = new int[cust.Length];
            analyticsRules.Add(ruleOfRow);
            for (var i = 0; i < cust.Length; i++)
            {
                ruleOfRow[i] = -1;
                var c = cust[i];
                if (c < 0) continue; // after the cutoff
                var t = time[i]!.Value.Ticks;
                hasAnalytics[c] = true;
                if (t < firstEvent[c])
                {
                    firstEvent[c] = t;
                    channel[c] = ChannelName(definition, tsrc?[i], tmed?[i]);
                    device[c] = dev?[i] ?? Unknown;
                    region[c] = reg?[i] ?? Unknown;
                }
                var rule = rules.MatchEvent(evt[i]!, page?[i]);
                if (rule < 0) { var k = (table.Name, evt[i]!, page?[i]); unmatchedEvents[k] = unmatchedEvents.GetValueOrDefault(k) + 1; continue; }
                if (rules.StageOf(rule) < 0) { unstaged++; continue; }
                ruleOfRow[i] = rule;
                analyticsPlaced++;
                if (firstSeen[c] == 0 || t < firstSeen[c]) firstSeen[c] = t;
            }
        }

        // 4. CRM: attributes and milestone touchpoints (wide: one per date column; long: one per row).
        long crmContacts = 0;
        var seenContact = new HashSet<int>();
        foreach (var (table, cust) in crm)
        {
            var src = SourceIndex(table);
            var map = table.Source.Map;
            var pers = Strings(table, CanonicalFields.Persona);
            var reg = Strings(table, CanonicalFields.Region);
            var milestones = map.Columns.Where(c => c.Milestone).Select(c => (c.Field, Col: Times(table, c.Field)!)).ToArray();
            var longName = map.MilestoneNameField is { } f ? Strings(table, f) : null;
            var longTime = longName is not null ? Times(table, CanonicalFields.Timestamp) : null;
            var milestoneRules = milestones.Select(m => rules.MatchMilestone(m.Field)).ToArray();
            for (var i = 0; i < cust.Length; i++)
            {
                var c = cust[i];
                if (c < 0) continue; // created after the cutoff
                if (seenContact.Add(c)) crmContacts++;
                if (!known[c])
                {
                    known[c] = true;
                    if (pers?[i] is { Length: > 0 } p) persona[c] = p;
                    if (reg?[i] is { Length: > 0 } r && !hasAnalytics[c]) region[c] = r;
                }
                for (var m = 0; m < milestones.Length; m++)
                {
                    if (milestones[m].Col[i] is not { } when || when.Ticks > cutoff) continue;
                    Place(milestoneRules[m], $"{table.Name}: {milestones[m].Field}", c, when.Ticks, src);
                }
                if (longName?[i] is { } name && longTime![i] is { } lt && lt.Ticks <= cutoff)
                    Place(rules.MatchMilestone(name), $"{table.Name}: {name}", c, lt.Ticks, src);
            }
        }
        void Place(int rule, string what, int c, long t, byte src)
        {
            if (rule < 0) { Count(unmatched, what); return; }
            if (rules.StageOf(rule) < 0) { unstaged++; return; }
            AddTouchpoint(c, t, rule, src);
        }

        // 5. Survey responses: matched by CRM id, else by e-mail; never create customers.
        var scoring = new EmotionScoring(definition.Emotion);
        var rCustomer = new List<int>(); var rTime = new List<long>(); var rSurvey = new List<string>(); var rRule = new List<int>();
        var rNps = new List<double>(); var rCsat = new List<double>(); var rCes = new List<double>(); var rLabel = new List<string?>(); var rComment = new List<string?>();
        long byId = 0, byEmail = 0, unmatchedResponses = 0;
        foreach (var table in sources.OfKind(SourceKind.Survey))
        {
            var src = SourceIndex(table);
            var ids = Strings(table, CanonicalFields.CrmId);
            var emails = Strings(table, CanonicalFields.Email);
            var time = Times(table, CanonicalFields.Timestamp)!;
            var survey = Strings(table, CanonicalFields.Survey);
            var nps = Numbers(table, CanonicalFields.Nps); var csat = Numbers(table, CanonicalFields.Csat); var ces = Numbers(table, CanonicalFields.Ces);
            var label = Strings(table, CanonicalFields.EmotionLabel);
            var comment = Strings(table, CanonicalFields.Comment);
            for (var i = 0; i < time.Length; i++)
            {
                if (time[i]!.Value.Ticks > cutoff) continue; // answered after the cutoff
                var c = -1;
                if (ids?[i] is { Length: > 0 } id && graph.Find('c', id) is var n1 && n1 >= 0 && customerOfRoot.TryGetValue(n1, out var c1)) { c = c1; byId++; }
                else if (emails?[i] is { Length: > 0 } e && graph.Find('e', e) is var n2 && n2 >= 0 && customerOfRoot.TryGetValue(n2, out var c2)) { c = c2; byEmail++; }
                else unmatchedResponses++;
                var t = time[i]!.Value.Ticks;
                var name = survey?[i] ?? "(survey)";
                var rule = rules.MatchSurvey(name);
                rCustomer.Add(c); rTime.Add(t); rSurvey.Add(name); rRule.Add(rule);
                rNps.Add(nps?[i] ?? double.NaN); rCsat.Add(csat?[i] ?? double.NaN); rCes.Add(ces?[i] ?? double.NaN);
                rLabel.Add(label?[i]); rComment.Add(comment?[i]);
                if (c >= 0)
                {
                    if (rule < 0) Count(unmatched, $"{table.Name}: {name}");
                    else if (rules.StageOf(rule) < 0) unstaged++;
                    else AddTouchpoint(c, t, rule, src);
                }
            }
        }

        foreach (var ((source, evtName, pagePath), rows) in unmatchedEvents)
            unmatched[$"{source}: {evtName} {pagePath}".TrimEnd()] = unmatched.GetValueOrDefault($"{source}: {evtName} {pagePath}".TrimEnd()) + rows;
        ReleaseGarbage();
        // Exact arrays: analytics touchpoints first (from their per-row rules), then CRM milestones and survey answers.
        var total = (int)(analyticsPlaced + tpCustomer.Count);
        var touchpoints = new TouchpointColumns
        {
            Customer = new int[total], Time = new long[total], Touchpoint = new int[total], Source = new byte[total],
            Stage = new sbyte[total], Entry = new bool[total],
        };
        var next = 0;
        for (var a = 0; a < analytics.Count; a++)
        {
            var (table, cust) = analytics[a];
            var ruleOfRow = analyticsRules[a];
            var time = Times(table, CanonicalFields.Timestamp)!;
            var src = SourceIndex(table);
            for (var i = 0; i < cust.Length; i++)
            {
                if (ruleOfRow[i] < 0) continue;
                Put(cust[i], time[i]!.Value.Ticks, ruleOfRow[i], src);
            }
        }
        for (var i = 0; i < tpCustomer.Count; i++) Put(tpCustomer[i], tpTime[i], tpRule[i], tpSource[i]);
        void Put(int customer, long time, int rule, byte source)
        {
            touchpoints.Customer[next] = customer; touchpoints.Time[next] = time; touchpoints.Touchpoint[next] = rule;
            touchpoints.Source[next] = source; touchpoints.Stage[next] = rules.StageOf(rule); touchpoints.Entry[next] = rules[rule].Entry;
            next++;
        }
        var stages = definition.Stages.Select(s => s.Name).ToArray();
        var firstEntry = FirstEntryTimes(touchpoints, customers, stages.Length);

        // Response placement: the survey's stage, else the furthest stage the customer had entered when answering.
        var rStage = new sbyte[rCustomer.Count];
        var rScore = new double[rCustomer.Count];
        for (var i = 0; i < rStage.Length; i++)
        {
            rScore[i] = scoring.Score(rNps[i], rCsat[i], rCes[i], rLabel[i]);
            if (rRule[i] >= 0 && rules.StageOf(rRule[i]) >= 0) { rStage[i] = rules.StageOf(rRule[i]); continue; }
            rStage[i] = -1;
            var c = rCustomer[i];
            if (c < 0) continue;
            for (var s = stages.Length - 1; s >= 0; s--)
                if (firstEntry[c * stages.Length + s] is var fe && fe > 0 && fe <= rTime[i]) { rStage[i] = (sbyte)s; break; }
        }

        var keys = roots.Select(r => PseudonymousKey(graph.Name(r))).ToArray();
        long dataStart = long.MaxValue, dataEnd = long.MinValue;
        foreach (var t in touchpoints.Time) { if (t < dataStart) dataStart = t; if (t > dataEnd) dataEnd = t; }
        foreach (var t in rTime) { if (t < dataStart) dataStart = t; if (t > dataEnd) dataEnd = t; }
        var zone = TimeZones.TryFind(definition.ReportTimeZone)!;
        return new JourneyData
        {
            Definition = definition,
            Stages = stages,
            TouchpointNames = definition.Touchpoints.Select(t => t.Name).ToArray(),
            Touchpoints = touchpoints,
            Customers = new CustomerColumns
            {
                Key = keys, Persona = persona, Channel = channel, Device = device, Region = region, Known = known, FirstSeen = firstSeen,
            },
            Responses = new ResponseColumns
            {
                Customer = rCustomer.ToArray(), Time = rTime.ToArray(), Survey = rSurvey.ToArray(), Stage = rStage, Touchpoint = rRule.ToArray(),
                Nps = rNps.ToArray(), Csat = rCsat.ToArray(), Ces = rCes.ToArray(), EmotionLabel = rLabel.ToArray(), Score = rScore, Comment = rComment.ToArray(),
            },
            Identity = new IdentityReport
            {
                Customers = customers,
                KnownCustomers = known.LongCount(k => k),
                AnonymousJourneys = Enumerable.Range(0, customers).LongCount(c => !known[c] && !hasLogin[c]),
                AnalyticsIds = analyticsIds,
                AnalyticsIdsLinked = linkedNodes.Count,
                CustomersWithSeveralDevices = devices.LongCount(d => d > 1),
                CrmContacts = crmContacts,
                CrmContactsWithoutAnalytics = Enumerable.Range(0, customers).LongCount(c => known[c] && !hasAnalytics[c]),
                Responses = rCustomer.Count,
                ResponsesMatchedByCrmId = byId,
                ResponsesMatchedByEmail = byEmail,
                ResponsesUnmatched = unmatchedResponses,
            },
            Placement = new PlacementReport
            {
                Placed = touchpoints.Count,
                Unstaged = unstaged,
                Unmatched = unmatched.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ToList(),
            },
            TimeZone = zone,
            DataStart = dataStart <= dataEnd ? new DateTime(dataStart, DateTimeKind.Utc) : DateTime.UnixEpoch,
            DataEnd = dataStart <= dataEnd ? new DateTime(dataEnd, DateTimeKind.Utc) : DateTime.UnixEpoch,
        };
    }

    /// <summary>
    /// Stitching millions of ids grows large dictionaries and lists, whose outgrown arrays sit on the large-object heap
    /// until a full collection, which an allocation-light phase rarely triggers. One collection between the phases lets
    /// the next phase reuse that memory: at 10M events it keeps the process about 0.7 GB smaller.
    /// </summary>
    private static void ReleaseGarbage() => GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);

    /// <summary>First entry time (UTC ticks, 0 = never) per customer and stage, flattened as [customer * stages + stage].</summary>
    internal static long[] FirstEntryTimes(TouchpointColumns tp, int customers, int stages)
    {
        var first = new long[customers * stages];
        for (var i = 0; i < tp.Count; i++)
        {
            if (!tp.Entry[i] || tp.Stage[i] < 0) continue;
            var k = tp.Customer[i] * stages + tp.Stage[i];
            if (first[k] == 0 || tp.Time[i] < first[k]) first[k] = tp.Time[i];
        }
        return first;
    }

    internal static string ChannelName(JourneyDefinition definition, string? source, string? medium)
    {
        if (source is null && medium is null) return Unknown;
        foreach (var rule in definition.Channels)
            if ((rule.Source == "*" || string.Equals(rule.Source, source, StringComparison.OrdinalIgnoreCase)) &&
                (rule.Medium == "*" || string.Equals(rule.Medium, medium, StringComparison.OrdinalIgnoreCase)))
                return rule.Name;
        return $"{source ?? "(none)"} / {medium ?? "(none)"}";
    }

    private static string PseudonymousKey(string identifier)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(identifier));
        return "K" + Convert.ToHexStringLower(hash, 0, 8);
    }

    private static string[] Fill(int n, string value) { var a = new string[n]; Array.Fill(a, value); return a; }
    private static void Count(Dictionary<string, long> d, string key) => d[key] = d.TryGetValue(key, out var v) ? v + 1 : 1;

    private static TextColumn? Strings(SourceTable t, string field) => t.Text(field);
    private static ValueColumn<DateTime>? Times(SourceTable t, string field) => t.Values<DateTime>(field);
    private static double?[]? Numbers(SourceTable t, string field)
    {
        if (t.Values<int>(field) is { } ints) { var a = new double?[ints.Length]; for (long i = 0; i < ints.Length; i++) a[i] = ints[i]; return a; }
        if (t.Values<double>(field) is { } dbl) { var a = new double?[dbl.Length]; for (long i = 0; i < dbl.Length; i++) a[i] = dbl[i]; return a; }
        return null;
    }
}
