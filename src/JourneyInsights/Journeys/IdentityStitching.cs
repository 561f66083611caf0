using JourneyInsights.Definition;
using JourneyInsights.Sources;

namespace JourneyInsights.Journeys;

/// <summary>
/// Step 1 of building a journey: identity stitching. Identifiers seen together on one record belong to one customer,
/// transitively: an analytics event joins its device id to the login id (a CRM id or an e-mail, as the definition's
/// identity says), a CRM record joins its CRM id to its e-mail. Each connected component is one customer, numbered in
/// the order its first identifier was seen (analytics rows first, then CRM rows). Survey responses are then matched by
/// CRM id, else by e-mail; they never create customers.
/// </summary>
public static class IdentityStitching
{
    /// <summary>Customer number of a row recorded after the cutoff (left out).</summary>
    public const int AfterCutoff = -2;

    /// <summary>Customer number of a response whose CRM id and e-mail match no customer.</summary>
    public const int Unmatched = -1;

    /// <param name="tables">The canonical tables.</param>
    /// <param name="identity">Which identifier the analytics login id is (<c>crm_id</c>, <c>email</c> or <c>none</c>).</param>
    /// <param name="asOfUtc">Rows recorded after this instant are left out (<see cref="AfterCutoff"/>); null: none.</param>
    /// <exception cref="ArgumentException">An identity setting other than <c>crm_id</c>, <c>email</c> or <c>none</c>.</exception>
    public static StitchedIdentities Stitch(CanonicalTables tables, IdentityDefinition identity, DateTime? asOfUtc = null) =>
        StitchIds(tables, identity, asOfUtc, byKeys: true);

    /// <summary>
    /// As <see cref="Stitch(CanonicalTables, IdentityDefinition, DateTime?)"/>; <paramref name="byKeys"/> false finds every
    /// CRM id, e-mail and response by its text in the graph (the way taken when keys cannot be used) and numbers the
    /// customers row by row, for tests that compare the two ways.
    /// </summary>
    internal static StitchedIdentities StitchIds(CanonicalTables tables, IdentityDefinition identity, DateTime? asOfUtc, bool byKeys)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(identity);
        var userKind = identity.AnalyticsUserId switch
        {
            "crm_id" => 'c',
            "email" => 'e',
            "none" => 'u',
            var other => throw new ArgumentException($"identity.analyticsUserId: expected 'crm_id', 'email' or 'none', found '{other}'", nameof(identity)),
        };
        var cutoff = asOfUtc?.Ticks ?? long.MaxValue;
        var secret = Privacy.PseudonymousKeys.Secret(); // read now: a missing or bad secret fails here, not at the first key asked for
        var (expectedNodes, expectedTexts) = Expected(tables, userKind);
        var graph = new IdentityGraph((int)Math.Min(Array.MaxLength, expectedNodes));
        // One analytics source with coded login ids (not e-mails, which are normalised, so two codes could be one id):
        // the CRM ids, e-mails and the responses' ids are given integer keys on another core while the analytics rows are
        // joined (TextKeys), and the CRM rows and responses then find their nodes by key, not by text.
        var single = tables.Touchpoints.Count == 1 ? tables.Touchpoints[0] : null;
        var keyed = byKeys && userKind != 'e' && single is not null && single.UserId is not { IsCoded: false };
        var keying = keyed && tables.Customers.Count + tables.Responses.Count > 0 ? Task.Run(() => TextKeys.Of(tables, userKind == 'c' ? single!.UserId : null)) : null;
        TextKeys? keys = null;
        TextKeys Keys() => keys ??= keying!.GetAwaiter().GetResult();
        int[]? crmOnlyNodes = null, emailNodes = null;
        foreach (var (kind, ids) in expectedTexts)
            if (!keyed || kind == 'a') graph.Expect(kind, (int)Math.Min(Array.MaxLength, ids));
        int[]? sharedUserNodes = keyed && single!.UserId is { } singleUser ? CodeNodes(singleUser) : null;
        // The node of a CRM id's key: a login id's code shares the analytics column's node; other ids have their own.
        ref int NodeOfIdKey(int key) => ref key < keys!.UserCodes ? ref sharedUserNodes![key] : ref crmOnlyNodes![key - keys.UserCodes];

        // Nodes: analytics (anonymous id + login id) and CRM (crm id + e-mail), source by source in the definition's
        // order (the smaller node of a union stays root, so this order decides each customer's key); -1: after the cutoff.
        long linkedCount = 0;
        var ofTouchpoint = new int[tables.Touchpoints.Count][];
        var ofCustomerRow = new int[tables.Customers.Count][];
        var order = tables.Touchpoints.Select((t, i) => (t.SourceIndex, Analytics: true, i))
            .Concat(tables.Customers.Select((t, i) => (t.SourceIndex, Analytics: false, i))).OrderBy(x => x.SourceIndex);
        foreach (var (_, isAnalytics, t) in order)
        {
            if (isAnalytics)
            {
                var table = tables.Touchpoints[t];
                var (anon, user, time) = (table.AnonymousId, table.UserId, table.Timestamp);
                var node = ofTouchpoint[t] = new int[table.Rows];
                // Dictionary-encoded ids are looked up once per distinct value (the node of each code, created on first
                // use, so nodes are numbered in row order as before); a row repeating the previous row's device and
                // login joins nothing new. Anonymous ids of the only analytics source are never looked up by their text
                // (responses match CRM ids and e-mails), so their codes alone tell them apart.
                var anonNodes = CodeNodes(anon);
                var anonByCode = anonNodes is not null && tables.Touchpoints.Count == 1;
                var userNodes = keyed ? sharedUserNodes : user is null ? null : CodeNodes(user);
                var normalise = userKind == 'e' ? Email : AsIs;
                int lastNode = -1, lastUserNode = -1;
                for (var i = 0; i < node.Length; i++)
                {
                    if (cutoff != long.MaxValue && time[i]!.Value.Ticks > cutoff) { node[i] = -1; continue; }
                    int n;
                    if (anonNodes is null) n = graph.Node('a', anon[i]!);
                    else
                    {
                        var code = anon.Code(i);
                        n = anonNodes[code];
                        if (n == Unseen) n = anonNodes[code] = anonByCode ? graph.Add('a', anon[i]!) : graph.Node('a', anon[i]!);
                    }
                    node[i] = n;
                    if (n != lastNode) { lastNode = n; lastUserNode = -1; }
                    if (user is null) continue;
                    int u;
                    if (userNodes is null) u = user[i] is { Length: > 0 } id ? graph.Node(userKind, normalise(id)) : -1;
                    else
                    {
                        var code = user.Code(i);
                        u = userNodes[code];
                        if (u == Unseen) u = userNodes[code] = user[i] is { Length: > 0 } id ? (keyed ? graph.Add(userKind, id) : graph.Node(userKind, normalise(id))) : -1;
                    }
                    if (u < 0 || u == lastUserNode) continue;
                    graph.Union(n, u);
                    if (graph.MarkLinked(n)) linkedCount++;
                    lastUserNode = u;
                }
            }
            else
            {
                var table = tables.Customers[t];
                var (ids, emails, recorded) = (table.CrmId, table.Email, table.RecordedAt);
                var node = ofCustomerRow[t] = new int[table.Rows];
                if (keyed)
                {
                    var k = Keys();
                    crmOnlyNodes ??= Filled(k.CrmOnlyIds, Unseen);
                    emailNodes ??= Filled(k.Emails, Unseen);
                    var (idKey, emailKey) = (k.CrmId[t], k.CrmEmail[t]);
                    for (var i = 0; i < node.Length; i++)
                    {
                        if (recorded?[i] is { } at && at.Ticks > cutoff) { node[i] = -1; continue; }
                        ref var n = ref NodeOfIdKey(idKey[i]);
                        if (n == Unseen) n = graph.Add('c', ids[i]!);
                        node[i] = n;
                        if (emailKey is null || emailKey[i] < 0) continue;
                        ref var e = ref emailNodes[emailKey[i]];
                        if (e == Unseen) e = graph.Add('e', emails![i]!);
                        graph.Union(n, e);
                    }
                    continue;
                }
                for (var i = 0; i < node.Length; i++)
                {
                    // A contact created after the cutoff was not in the CRM yet (long-form rows: a stage change after it).
                    if (recorded?[i] is { } at && at.Ticks > cutoff) { node[i] = -1; continue; }
                    node[i] = graph.Node('c', ids[i]!);
                    if (emails?[i] is { Length: > 0 } e) graph.Union(node[i], graph.Node('e', e));
                }
            }
        }

        // Customers: one per connected component, numbered in order of their root's first row (analytics tables, then
        // CRM tables). customerOf[node] caches each node's customer, so each node's root is looked for once.
        var customerOf = new int[graph.Count];
        Array.Fill(customerOf, -1);
        var roots = new List<int>();
        int CustomerOf(int node)
        {
            var c = customerOf[node];
            if (c >= 0) return c;
            var root = graph.Root(node);
            c = customerOf[root];
            if (c < 0)
            {
                c = customerOf[root] = roots.Count;
                roots.Add(root);
            }
            return customerOf[node] = c;
        }
        if (byKeys && VisitedInOrder(tables))
        {
            // The tables were joined in the order their rows are visited here (analytics tables first, the definition's
            // usual order), so nodes were made in that order, and a component's first row is the row that made its
            // smallest node, its root (a row's other node is joined to its first at once). Customers are then numbered
            // in order of their roots, node by node (a root comes before the other nodes of its component), and the rows
            // are mapped to them on every core: the numbers the visit in row order gives.
            for (var n = 0; n < graph.Count; n++)
            {
                var root = graph.Root(n);
                if (root == n) { customerOf[n] = roots.Count; roots.Add(n); }
                else customerOf[n] = customerOf[root];
            }
            foreach (var node in ofTouchpoint.Concat(ofCustomerRow))
            {
                var ranges = RowRanges.Split(node.Length, RowRanges.DefaultRows);
                RowRanges.ForEach(ranges.Length, k =>
                {
                    for (var i = ranges[k].Start; i < ranges[k].End; i++) node[i] = node[i] >= 0 ? customerOf[node[i]] : AfterCutoff;
                });
            }
        }
        else
        {
            foreach (var node in ofTouchpoint) for (var i = 0; i < node.Length; i++) node[i] = node[i] >= 0 ? CustomerOf(node[i]) : AfterCutoff;
            foreach (var node in ofCustomerRow) for (var i = 0; i < node.Length; i++) node[i] = node[i] >= 0 ? CustomerOf(node[i]) : AfterCutoff;
        }

        // Devices (anonymous ids) and logins per customer, from the graph's anonymous-id nodes.
        var customers = roots.Count;
        var devices = new int[customers];
        var hasLogin = new bool[customers];
        long analyticsIds = 0;
        for (var n = 0; n < graph.Count; n++)
        {
            if (graph.Kind(n) != 'a') continue;
            analyticsIds++;
            var c = CustomerOf(n);
            devices[c]++;
            if (graph.Linked(n)) hasLogin[c] = true;
        }

        // Responses: by CRM id, else by e-mail.
        long byId = 0, byEmail = 0, unmatched = 0;
        var ofResponse = new int[tables.Responses.Count][];
        for (var t = 0; t < ofResponse.Length; t++)
        {
            var table = tables.Responses[t];
            var (ids, emails, time) = (table.CrmId, table.Email, table.Timestamp);
            var customer = ofResponse[t] = new int[table.Rows];
            if (keyed)
            {
                // A key whose id never became a node (its rows all after the cutoff) finds no customer, as its text would not.
                var k = Keys();
                crmOnlyNodes ??= Filled(k.CrmOnlyIds, Unseen);
                emailNodes ??= Filled(k.Emails, Unseen);
                var (idKey, emailKey) = (k.ResponseId[t], k.ResponseEmail[t]);
                int CustomerOfNode(int n) => n >= 0 ? customerOf[graph.Root(n)] : -1;
                for (var i = 0; i < customer.Length; i++)
                {
                    if (time[i]!.Value.Ticks > cutoff) { customer[i] = AfterCutoff; continue; }
                    var c = Unmatched;
                    if (idKey[i] >= 0 && CustomerOfNode(NodeOfIdKey(idKey[i])) is var c1 && c1 >= 0) { c = c1; byId++; }
                    else if (emailKey[i] >= 0 && CustomerOfNode(emailNodes[emailKey[i]]) is var c2 && c2 >= 0) { c = c2; byEmail++; }
                    else unmatched++;
                    customer[i] = c;
                }
                continue;
            }
            for (var i = 0; i < customer.Length; i++)
            {
                if (time[i]!.Value.Ticks > cutoff) { customer[i] = AfterCutoff; continue; } // answered after the cutoff
                var c = Unmatched;
                if (ids?[i] is { Length: > 0 } id && graph.Find('c', id) is var n1 && n1 >= 0 && customerOf[n1] is var c1 && c1 >= 0) { c = c1; byId++; }
                else if (emails?[i] is { Length: > 0 } e && graph.Find('e', e) is var n2 && n2 >= 0 && customerOf[n2] is var c2 && c2 >= 0) { c = c2; byEmail++; }
                else unmatched++;
                customer[i] = c;
            }
        }

        return new StitchedIdentities
        {
            Customers = customers,
            Keys = new CustomerKeys(secret, roots.Select(graph.Kind).ToArray(), roots.Select(graph.Identifier).ToArray()),
            Devices = devices,
            HasLogin = hasLogin,
            AnalyticsIds = analyticsIds,
            AnalyticsIdsLinked = linkedCount,
            OfTouchpoint = ofTouchpoint,
            OfCustomerRow = ofCustomerRow,
            OfResponse = ofResponse,
            ResponsesMatchedByCrmId = byId,
            ResponsesMatchedByEmail = byEmail,
            ResponsesUnmatched = unmatched,
        };
    }

    /// <summary>
    /// At most how many nodes stitching makes, and per kind how many of them it looks up by their text (the graph makes
    /// room for them at once): a node per distinct value of every id column read (a plain column: per row), whatever
    /// the cutoff leaves out. Anonymous ids of the only analytics source are found by their codes, not their text.
    /// </summary>
    private static (long Nodes, Dictionary<char, long> Texts) Expected(CanonicalTables tables, char userKind)
    {
        static long Values(TextColumn? column, long rows) => column is null ? 0 : column.IsCoded ? column.Distinct.Count : rows;
        long nodes = 0;
        var texts = new Dictionary<char, long>();
        void Text(char kind, long ids) { if (ids > 0) texts[kind] = texts.GetValueOrDefault(kind) + ids; }
        foreach (var t in tables.Touchpoints)
        {
            var anon = t.AnonymousId;
            var (anonIds, userIds) = (Values(anon, t.Rows), Values(t.UserId, t.Rows));
            nodes += anonIds + userIds;
            if (!(anon.IsCoded && tables.Touchpoints.Count == 1)) Text('a', anonIds);
            Text(userKind, userIds);
        }
        foreach (var t in tables.Customers)
        {
            var emails = t.Email is null ? 0 : t.Rows;
            nodes += t.Rows + emails;
            Text('c', t.Rows);
            Text('e', emails);
        }
        return (nodes, texts);
    }

    private const int Unseen = -2;
    private static readonly Func<string, string> AsIs = id => id;
    private static readonly Func<string, string> Email = id => id.Trim().ToLowerInvariant();

    /// <summary>Whether the tables are joined (in order of their sources) in the order their rows are numbered: every analytics table, then every CRM table.</summary>
    private static bool VisitedInOrder(CanonicalTables tables)
    {
        var sources = tables.Touchpoints.Select(t => t.SourceIndex).Concat(tables.Customers.Select(t => t.SourceIndex)).ToArray();
        for (var i = 1; i < sources.Length; i++) if (sources[i] < sources[i - 1]) return false;
        return true;
    }

    private static int[] Filled(int length, int value) { var a = new int[length]; Array.Fill(a, value); return a; }

    /// <summary>
    /// Integer keys for the CRM ids, the e-mails and the responses' ids, worked out from their texts once (on another
    /// core while the analytics rows are joined), so that the CRM rows and the responses find their nodes in arrays.
    /// CRM ids: key k below <see cref="UserCodes"/> is the login id column's code k (the same text), keys from there on
    /// number the other ids; e-mails are numbered on their own. A response's key is -1 when its id (or e-mail) is empty
    /// or no CRM row and no login has it. Keys are only names: nodes are still made in row order by the caller.
    /// </summary>
    private sealed class TextKeys
    {
        /// <summary>Codes of the login id column (its distinct values + 1; 0 when CRM ids are not matched with login ids).</summary>
        public int UserCodes { get; private init; }
        /// <summary>CRM ids that are no login id's text.</summary>
        public int CrmOnlyIds { get; private init; }
        /// <summary>Distinct e-mails of the CRM rows.</summary>
        public int Emails { get; private init; }
        /// <summary>[CRM table][row]: the key of the row's CRM id.</summary>
        public required int[][] CrmId { get; init; }
        /// <summary>[CRM table][row]: the key of the row's e-mail, -1 when empty; null for a table without e-mails.</summary>
        public required int[]?[] CrmEmail { get; init; }
        /// <summary>[response table][row]: the key of the response's CRM id, -1 when empty or unknown.</summary>
        public required int[][] ResponseId { get; init; }
        /// <summary>[response table][row]: the key of the response's e-mail, -1 when empty or unknown.</summary>
        public required int[][] ResponseEmail { get; init; }

        /// <param name="tables">The canonical tables.</param>
        /// <param name="loginIds">The analytics login id column when login ids are CRM ids (coded), else null.</param>
        public static TextKeys Of(CanonicalTables tables, TextColumn? loginIds)
        {
            // CRM ids and e-mails are keyed apart, the e-mails on yet another core (each half also keys the responses' own).
            var emailing = Task.Run(() => EmailKeys(tables));
            var userCodes = loginIds is null ? 0 : loginIds.Distinct.Count + 1;
            var crmRows = tables.Customers.Sum(t => t.Rows);
            var ids = new Dictionary<string, int>((int)Math.Min(Array.MaxLength, userCodes + crmRows), StringComparer.Ordinal);
            if (loginIds is not null)
                for (var k = 1; k < userCodes; k++)
                    if (loginIds.Distinct[k - 1] is { Length: > 0 } text) ids.TryAdd(text, k);
            var crmOnly = 0;
            var crmId = new int[tables.Customers.Count][];
            for (var t = 0; t < crmId.Length; t++)
            {
                var idColumn = tables.Customers[t].CrmId;
                var idKey = crmId[t] = new int[tables.Customers[t].Rows];
                for (var i = 0; i < idKey.Length; i++)
                {
                    ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(ids, idColumn[i]!, out var exists);
                    if (!exists) slot = userCodes + crmOnly++;
                    idKey[i] = slot;
                }
            }
            var responseId = ResponseKeys(tables, r => r.CrmId, ids);
            var (emails, crmEmail, responseEmail) = emailing.GetAwaiter().GetResult();
            return new TextKeys
            {
                UserCodes = userCodes, CrmOnlyIds = crmOnly, Emails = emails,
                CrmId = crmId, CrmEmail = crmEmail, ResponseId = responseId, ResponseEmail = responseEmail,
            };
        }

        /// <summary>The e-mails' half of <see cref="Of"/>: distinct CRM e-mails, the key of each CRM row's and each response's.</summary>
        private static (int Emails, int[]?[] CrmEmail, int[][] ResponseEmail) EmailKeys(CanonicalTables tables)
        {
            var emails = new Dictionary<string, int>((int)Math.Min(Array.MaxLength, tables.Customers.Where(t => t.Email is not null).Sum(t => t.Rows)), StringComparer.Ordinal);
            var crmEmail = new int[]?[tables.Customers.Count];
            for (var t = 0; t < crmEmail.Length; t++)
            {
                if (tables.Customers[t].Email is not { } emailColumn) continue;
                var emailKey = crmEmail[t] = new int[tables.Customers[t].Rows];
                for (var i = 0; i < emailKey.Length; i++)
                {
                    if (emailColumn[i] is not { Length: > 0 } e) { emailKey[i] = -1; continue; }
                    ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(emails, e, out var seen);
                    if (!seen) slot = emails.Count - 1;
                    emailKey[i] = slot;
                }
            }
            return (emails.Count, crmEmail, ResponseKeys(tables, r => r.Email, emails));
        }

        /// <summary>Each response's key by the text of <paramref name="column"/> in <paramref name="keys"/>: -1 where it has none or one no CRM row has.</summary>
        private static int[][] ResponseKeys(CanonicalTables tables, Func<ResponseTable, TextColumn?> column, Dictionary<string, int> keys)
        {
            var result = new int[tables.Responses.Count][];
            for (var t = 0; t < result.Length; t++)
            {
                var texts = column(tables.Responses[t]);
                var key = result[t] = new int[tables.Responses[t].Rows];
                for (var i = 0; i < key.Length; i++) key[i] = texts?[i] is { Length: > 0 } text && keys.TryGetValue(text, out var k) ? k : -1;
            }
            return result;
        }
    }

    /// <summary>Per code of a dictionary-encoded column (0 = empty): its node once seen, <see cref="Unseen"/> before; null for a plain column.</summary>
    private static int[]? CodeNodes(TextColumn column)
    {
        if (!column.IsCoded) return null;
        var nodes = new int[column.Distinct.Count + 1];
        Array.Fill(nodes, Unseen);
        return nodes;
    }
}

/// <summary>
/// The customers found by <see cref="IdentityStitching.Stitch"/> and, for every row of every canonical table, its
/// customer number (0-based), <see cref="IdentityStitching.AfterCutoff"/> or (responses) <see cref="IdentityStitching.Unmatched"/>.
/// </summary>
public sealed class StitchedIdentities
{
    /// <summary>Number of customers (connected components of identifiers).</summary>
    public required int Customers { get; init; }
    /// <summary>
    /// Per customer: "K" + 16 hex digits of HMAC-SHA256 of its first identifier under the installation's secret
    /// (<see cref="Privacy.PseudonymousKeys"/>: pseudonymous, stable per installation, no personal data). Worked out for
    /// every customer when first read (a report quotes a few: <see cref="CustomerKeys.Of"/>).
    /// </summary>
    public string[] Key => Keys.All();
    /// <summary>The customers' keys, each worked out when asked for (<see cref="Key"/> holds them all).</summary>
    public required CustomerKeys Keys { get; init; }
    /// <summary>Per customer: number of anonymous analytics ids (devices or browsers).</summary>
    public required int[] Devices { get; init; }
    /// <summary>Per customer: whether any of its analytics ids was seen with a login id.</summary>
    public required bool[] HasLogin { get; init; }
    /// <summary>Distinct anonymous analytics ids within the cutoff.</summary>
    public required long AnalyticsIds { get; init; }
    /// <summary>Anonymous analytics ids seen with a login id.</summary>
    public required long AnalyticsIdsLinked { get; init; }
    /// <summary>[touchpoint table][row]: customer number or <see cref="IdentityStitching.AfterCutoff"/>.</summary>
    public required int[][] OfTouchpoint { get; init; }
    /// <summary>[customer table][row]: customer number or <see cref="IdentityStitching.AfterCutoff"/>.</summary>
    public required int[][] OfCustomerRow { get; init; }
    /// <summary>[response table][row]: customer number, <see cref="IdentityStitching.Unmatched"/> or <see cref="IdentityStitching.AfterCutoff"/>.</summary>
    public required int[][] OfResponse { get; init; }
    /// <summary>Responses within the cutoff matched by their CRM id.</summary>
    public required long ResponsesMatchedByCrmId { get; init; }
    /// <summary>Responses within the cutoff matched by their e-mail (their CRM id absent or unknown).</summary>
    public required long ResponsesMatchedByEmail { get; init; }
    /// <summary>Responses within the cutoff whose CRM id and e-mail match no customer.</summary>
    public required long ResponsesUnmatched { get; init; }
}
