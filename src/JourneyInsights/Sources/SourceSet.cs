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

    /// <summary>Loads every source of <paramref name="definition"/>, in parallel (one task per file).</summary>
    /// <exception cref="SourceFileException">A file cannot be read at all.</exception>
    /// <exception cref="DataQualityException">Strict mode and a row broke a rule.</exception>
    public static SourceSet Load(JourneyDefinition definition, LoadOptions? options = null)
    {
        var tasks = definition.Sources.Select(s => Task.Run(() => CsvSource.Load(s, options))).ToArray();
        try
        {
            Task.WaitAll(tasks);
        }
        catch (AggregateException ex)
        {
            // Report the first failing source in definition order, as a sequential load would.
            var first = tasks.First(t => t.IsFaulted).Exception!.InnerException!;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            throw new InvalidOperationException("unreachable", ex);
        }
        return new SourceSet(definition, tasks.Select(t => t.Result).ToList());
    }
}
