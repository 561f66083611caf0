namespace JourneyInsights.Journeys;

/// <summary>
/// The customers' pseudonymous keys: "K" + 16 hex digits of HMAC-SHA256 of each customer's first identifier
/// (<c>kind:identifier</c>, e.g. <c>a:1234.5678</c>) under the installation's secret (<see cref="Privacy.PseudonymousKeys"/>).
/// A report quotes only a few customers (verbatims), so a key is worked out when asked for (<see cref="Of"/>), and all
/// of them only when all are read (<see cref="All"/>, e.g. a DataFrame): at 10M events hashing every customer took about
/// 2 s of CPU that the report did not use. The identifiers stay in memory only, inside this object; no output shows them.
/// </summary>
public sealed class CustomerKeys
{
    private readonly byte[] _secret;
    private readonly char[] _kinds;
    private readonly string[] _identifiers;
    private string[]? _all;

    internal CustomerKeys(byte[] secret, char[] kinds, string[] identifiers)
    {
        if (kinds.Length != identifiers.Length) throw new ArgumentException("one kind per identifier", nameof(kinds));
        _secret = secret; _kinds = kinds; _identifiers = identifiers;
    }

    /// <summary>Number of customers.</summary>
    public int Count => _identifiers.Length;

    /// <summary>The key of one customer (0-based customer number).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such customer.</exception>
    public string Of(int customer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(customer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(customer, Count);
        return Volatile.Read(ref _all) is { } all ? all[customer] : Privacy.PseudonymousKeys.Key(_secret, Name(customer));
    }

    /// <summary>Every customer's key, in customer order (worked out on first call, on every core, then kept).</summary>
    public string[] All()
    {
        if (Volatile.Read(ref _all) is { } all) return all;
        var keys = Privacy.PseudonymousKeys.Keys(_secret, Enumerable.Range(0, Count).Select(Name).ToArray());
        return Interlocked.CompareExchange(ref _all, keys, null) ?? keys;
    }

    private string Name(int customer) => string.Concat(_kinds[customer].ToString(), ":", _identifiers[customer]);
}
