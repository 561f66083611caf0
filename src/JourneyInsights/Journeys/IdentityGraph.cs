namespace JourneyInsights.Journeys;

/// <summary>
/// Union-find over identifiers (anonymous ids, login ids, CRM ids, e-mails): identifiers seen together
/// on one record belong to one customer, transitively (a second device that logs in joins the first).
/// </summary>
internal sealed class IdentityGraph
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<int> _parent = [];
    private readonly List<string> _names = [];

    public int Count => _parent.Count;

    /// <summary>The node of an identifier, created when new. <paramref name="kind"/> keeps namespaces apart (a:, c:, e:).</summary>
    public int Node(char kind, string id)
    {
        var key = string.Concat(kind.ToString(), ":", id);
        if (_ids.TryGetValue(key, out var n)) return n;
        n = _parent.Count;
        _ids.Add(key, n);
        _parent.Add(n);
        _names.Add(key);
        return n;
    }

    /// <summary>The node of an identifier, or -1 when it was never seen.</summary>
    public int Find(char kind, string id) =>
        _ids.TryGetValue(string.Concat(kind.ToString(), ":", id), out var n) ? Root(n) : -1;

    public string Name(int node) => _names[node];

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
