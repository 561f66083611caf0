using JourneyInsights.Definition;

namespace JourneyInsights.Sources;

/// <summary>All sources of a journey definition, loaded.</summary>
public sealed class SourceSet(JourneyDefinition definition, IReadOnlyList<SourceTable> tables)
{
    public JourneyDefinition Definition { get; } = definition;
    /// <summary>The loaded tables, in the order of the definition.</summary>
    public IReadOnlyList<SourceTable> Tables { get; } = tables;
    public IEnumerable<SourceTable> OfKind(SourceKind kind) => Tables.Where(t => t.Kind == kind);
    public IEnumerable<RejectedRow> Rejected => Tables.SelectMany(t => t.Rejected);
    public IReadOnlyList<SourceLoadReport> Reports => Tables.Select(t => t.Report).ToList();

    /// <summary>Releases every table's rows (see <see cref="SourceTable.ReleaseRows"/>).</summary>
    public void ReleaseRows()
    {
        foreach (var t in Tables) t.ReleaseRows();
    }

    /// <summary>
    /// Loads every source of <paramref name="definition"/>, one after the other; each load parses its rows on every
    /// core (loading files concurrently as well would only starve the thread pool).
    /// </summary>
    /// <exception cref="SourceFileException">A file cannot be read at all.</exception>
    /// <exception cref="DataQualityException">Strict mode and a row broke a rule.</exception>
    public static SourceSet Load(JourneyDefinition definition, LoadOptions? options = null, CancellationToken cancellation = default) =>
        new(definition, definition.Sources.Select(s => CsvSource.Load(s, options, cancellation)).ToList());
}
