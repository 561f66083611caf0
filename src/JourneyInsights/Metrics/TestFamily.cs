namespace JourneyInsights.Metrics;

/// <summary>
/// The tests one report runs (transitions and touchpoints against their baseline, the trend's month-over-month changes,
/// emotion and NPS changes, segment gaps, headlines), adjusted together with Benjamini–Hochberg so that a report of
/// dozens of tests does not call chance differences significant. Add every raw p-value (null for "no test"), call
/// <see cref="Adjust"/> once, then read the adjusted p-values by the index <see cref="Add"/> returned.
/// </summary>
public sealed class TestFamily
{
    private readonly List<double?> _raw = [];
    private double?[]? _adjusted;

    /// <summary>Registers a raw p-value; returns its index.</summary>
    public int Add(double? pValue)
    {
        if (_adjusted is not null) throw new InvalidOperationException("the family has already been adjusted");
        _raw.Add(pValue);
        return _raw.Count - 1;
    }

    /// <summary>Number of tests made (non-null p-values): the m of the correction.</summary>
    public int Count => _raw.Count(p => p is not null);

    /// <summary>Computes the adjusted p-values (<see cref="Statistics.BenjaminiHochberg"/>).</summary>
    public void Adjust() => _adjusted = Statistics.BenjaminiHochberg(_raw);

    /// <summary>The adjusted p-value of test <paramref name="index"/> (null when it was not tested).</summary>
    public double? Adjusted(int index) => (_adjusted ?? throw new InvalidOperationException("call Adjust first"))[index];
}
