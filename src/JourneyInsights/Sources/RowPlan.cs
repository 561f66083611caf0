namespace JourneyInsights.Sources;

/// <summary>
/// What each data row of a source goes through besides typing: the map's row filter, the joined files it looks up,
/// the value maps of its columns, and the size limits. Resolved once from the header; read-only while rows are parsed
/// on several threads.
/// </summary>
internal sealed class RowPlan
{
    /// <summary>A cell of the row: a column of the main file (<c>Join = -1</c>) or of an earlier join's matched row.</summary>
    internal readonly record struct Cell(int Join, int At, string Name);

    public required int MaxField { get; init; }
    public required int MaxRecord { get; init; }
    /// <summary>The row filter: the main file's column index, the condition and the column's name.</summary>
    public required (int At, RowFilter Filter)[] Filters { get; init; }
    public required JoinedFile[] Joins { get; init; }
    /// <summary>Per join, the row's cells that make its key.</summary>
    public required Cell[][] JoinKeys { get; init; }
    /// <summary>Per map column, the join cell it reads, or null for a column of the main file.</summary>
    public required Cell?[] JoinColumns { get; init; }
    /// <summary>Per map column, its value map (keys compared ignoring case), or null.</summary>
    public required Dictionary<string, string>?[] ValueMaps { get; init; }

    /// <summary>Resolves the plan against the main file's header and loads the joined files.</summary>
    /// <exception cref="SourceFileException">A filter or key column is missing from the main file, or a joined file cannot be used.</exception>
    public static RowPlan Create(SourceDefinition source, string[] headers, string display, List<SourceWarning> warnings, CancellationToken cancellation)
    {
        var map = source.Map;
        int Header(string name)
        {
            var at = Array.IndexOf(headers, name);
            return at >= 0 ? at : Array.FindIndex(headers, h => string.Equals(h.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase));
        }
        var joins = map.Joins ?? [];
        var mainNeeded = (map.Filter ?? []).Select(f => f.Column)
            .Concat(joins.SelectMany(j => j.On.Keys).Where(k => ColumnMapChecks.JoinOf(k, map) is null))
            .Distinct().Where(c => Header(c) < 0).ToList();
        if (mainNeeded.Count > 0)
            throw new SourceFileException(display, 1,
                $"header mismatch for column map '{map.Name}': missing {string.Join(", ", mainNeeded.Select(m => $"'{m}'"))} (its filter and join keys); found: {string.Join(", ", headers.Take(30).Select(h => $"'{h}'"))}");

        // The columns each join must keep: those the map reads, and those later joins key on.
        var referenced = map.Columns.Select(c => c.Column).Concat(joins.SelectMany(j => j.On.Keys)).ToList();
        var loaded = new List<JoinedFile>();
        foreach (var join in joins)
        {
            var prefix = join.Name + ".";
            var columns = referenced.Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).Select(r => r[prefix.Length..]).Distinct().ToList();
            loaded.Add(JoinedFile.Load(source, join, columns, warnings, cancellation));
        }
        Cell Resolve(string column)
        {
            if (ColumnMapChecks.JoinOf(column, map) is not { } name) return new Cell(-1, Header(column), column);
            var j = loaded.FindIndex(f => f.Join.Name == name);
            return new Cell(j, loaded[j].ColumnIndex(column[(name.Length + 1)..]), column);
        }
        return new RowPlan
        {
            MaxField = source.Limits.MaxFieldBytes,
            MaxRecord = source.Limits.MaxRecordBytes,
            Filters = (map.Filter ?? []).Select(f => (Header(f.Column), f)).ToArray(),
            Joins = loaded.ToArray(),
            JoinKeys = joins.Select(j => j.On.Keys.Select(Resolve).ToArray()).ToArray(),
            JoinColumns = map.Columns.Select(c => ColumnMapChecks.JoinOf(c.Column, map) is null ? (Cell?)null : Resolve(c.Column)).ToArray(),
            ValueMaps = map.Columns.Select(c => c.ValueMap is { } m
                ? m.ToDictionary(kv => kv.Key.Trim(), kv => kv.Value, StringComparer.OrdinalIgnoreCase) : null).ToArray(),
        };
    }

    /// <summary>The join's description for a rejection: which file and key had no row.</summary>
    public string NoMatch(int join, string key)
    {
        var j = Joins[join];
        var on = string.Join(" and ", j.Join.On.Values);
        return $"no {j.Join.Name} row in {j.Display} with {on} = '{key}'" + (j.Join.Filter is { Count: > 0 } f ? $" where {string.Join(" and ", f)}" : "");
    }
}
