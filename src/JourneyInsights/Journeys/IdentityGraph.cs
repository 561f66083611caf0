namespace JourneyInsights.Journeys;

/// <summary>
/// Union-find over identifiers (anonymous ids, login ids, CRM ids, e-mails): identifiers seen together
/// on one record belong to one customer, transitively (a second device that logs in joins the first).
/// Nodes live in plain arrays (parent, kind, identifier); an identifier is found by its text only where it can come
/// from more than one column (<see cref="Node"/>), otherwise the caller keeps the node of each column code (<see cref="Add"/>).
/// </summary>
internal sealed class IdentityGraph
{
    // One dictionary per kind of identifier, so lookups hash the identifier itself (no concatenated keys).
    private readonly Dictionary<char, Dictionary<string, int>> _ids = [];
    private int[] _parent;
    private string[] _names;
    private char[] _kinds;
    private bool[] _linked;
    private int _count;

    /// <param name="capacity">
    /// The number of nodes expected at most (distinct ids of every column read): the arrays are made that large at once,
    /// since growing them by doubling at 10M events allocated about twice what they hold while the loaded rows were still in memory.
    /// </param>
    public IdentityGraph(int capacity = 1024)
    {
        capacity = Math.Max(capacity, 16);
        (_parent, _names, _kinds, _linked) = (new int[capacity], new string[capacity], new char[capacity], new bool[capacity]);
    }

    /// <summary>Makes room in the text index of <paramref name="kind"/> for <paramref name="ids"/> identifiers, so that it does not grow by rehashing.</summary>
    public void Expect(char kind, int ids)
    {
        if (!_ids.TryGetValue(kind, out var index)) _ids[kind] = new Dictionary<string, int>(ids, StringComparer.Ordinal);
        else index.EnsureCapacity(index.Count + ids);
    }

    public int Count => _count;

    /// <summary>The node of an identifier, created when new. <paramref name="kind"/> keeps namespaces apart (a:, c:, e:).</summary>
    public int Node(char kind, string id)
    {
        if (!_ids.TryGetValue(kind, out var ids)) _ids[kind] = ids = new Dictionary<string, int>(StringComparer.Ordinal);
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(ids, id, out var exists);
        if (!exists) slot = Add(kind, id);
        return slot;
    }

    /// <summary>
    /// A new node for an identifier that cannot be found by its text later (<see cref="Find"/>): for the values of the
    /// one column an identifier kind comes from, whose codes already tell equal identifiers apart.
    /// </summary>
    public int Add(char kind, string id)
    {
        var n = _count;
        if (n == _parent.Length)
        {
            var size = (int)Math.Min(Array.MaxLength, n * 2L);
            Array.Resize(ref _parent, size); Array.Resize(ref _names, size); Array.Resize(ref _kinds, size); Array.Resize(ref _linked, size);
        }
        _parent[n] = n;
        _names[n] = id;
        _kinds[n] = kind;
        _count = n + 1;
        return n;
    }

    /// <summary>The root node of an identifier, or -1 when it was never seen (or added with <see cref="Add"/>).</summary>
    public int Find(char kind, string id) =>
        _ids.TryGetValue(kind, out var ids) && ids.TryGetValue(id, out var n) ? Root(n) : -1;

    /// <summary>"kind:identifier" of a node, e.g. <c>a:1234.5678</c>.</summary>
    public string Name(int node) => string.Concat(_kinds[node].ToString(), ":", _names[node]);

    /// <summary>The identifier of a node, without its kind.</summary>
    public string Identifier(int node) => _names[node];

    public char Kind(int node) => _kinds[node];

    /// <summary>Marks an anonymous id as seen with a login id; true when it was not marked before.</summary>
    public bool MarkLinked(int node)
    {
        if (_linked[node]) return false;
        _linked[node] = true;
        return true;
    }

    /// <summary>Whether <see cref="MarkLinked"/> marked the node.</summary>
    public bool Linked(int node) => _linked[node];

    public int Root(int node)
    {
        var parent = _parent;
        var root = node;
        while (parent[root] != root) root = parent[root];
        while (parent[node] != root) { var next = parent[node]; parent[node] = root; node = next; }
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
