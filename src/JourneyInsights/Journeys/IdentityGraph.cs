namespace JourneyInsights.Journeys;

/// <summary>
/// Union-find over identifiers (anonymous ids, login ids, CRM ids, e-mails): identifiers seen together
/// on one record belong to one customer, transitively (a second device that logs in joins the first).
/// </summary>
internal sealed class IdentityGraph
{
    // One dictionary per kind of identifier, so lookups hash the identifier itself (no concatenated keys).
    private readonly Dictionary<char, Dictionary<string, int>> _ids = [];
    private readonly List<int> _parent = [];
    private readonly List<string> _names = [];
    private readonly List<char> _kinds = [];

    public int Count => _parent.Count;

    /// <summary>The node of an identifier, created when new. <paramref name="kind"/> keeps namespaces apart (a:, c:, e:).</summary>
    public int Node(char kind, string id)
    {
        if (!_ids.TryGetValue(kind, out var ids)) _ids[kind] = ids = new Dictionary<string, int>(StringComparer.Ordinal);
        if (ids.TryGetValue(id, out var n)) return n;
        n = _parent.Count;
        ids.Add(id, n);
        _parent.Add(n);
        _names.Add(id);
        _kinds.Add(kind);
        return n;
    }

    /// <summary>The root node of an identifier, or -1 when it was never seen.</summary>
    public int Find(char kind, string id) =>
        _ids.TryGetValue(kind, out var ids) && ids.TryGetValue(id, out var n) ? Root(n) : -1;

    /// <summary>"kind:identifier" of a node, e.g. <c>a:1234.5678</c>.</summary>
    public string Name(int node) => string.Concat(_kinds[node].ToString(), ":", _names[node]);

    public char Kind(int node) => _kinds[node];

    public int Root(int node)
    {
        var root = node;
        while (_parent[root] != root) root = _parent[root];
        while (_parent[node] != root) { var next = _parent[node]; _parent[node] = root; node = next; }
        return root;
    }

    public void Union(int a, int b)
    {
        a = Root(a); b = Root(b);
        if (a == b) return;
        // Keep the smaller node as root so results do not depend on the order of unions.
        if (a < b) _parent[b] = a; else _parent[a] = b;
    }
}
