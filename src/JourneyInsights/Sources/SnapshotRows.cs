namespace JourneyInsights.Sources;

/// <summary>
/// Snapshot de-duplication (<see cref="SnapshotDefinition"/>): exports that write one row per field change or per
/// daily snapshot repeat the state already reached; only the first row of each run of equal values per key is kept.
/// </summary>
internal static class SnapshotRows
{
    /// <summary>
    /// The columns with the collapsed rows left out (the kept rows stay in file order), and how many were left out.
    /// Rows are grouped by the key fields, ordered by <see cref="SnapshotDefinition.OrderBy"/> and then by line; a row
    /// (file order, then line order, for the files of a glob source); a row whose values equal those of the row just before
    /// it in its group is collapsed. A row without a time sorts last.
    /// </summary>
    public static (List<SourceColumn> Columns, long Collapsed) Collapse(SnapshotDefinition snapshot, List<SourceColumn> columns)
    {
        var rows = columns.Count > 0 ? columns[0].Length : 0;
        SourceColumn Of(string field) => columns.First(c => c.Name == field);
        var keys = snapshot.Keys.Select(Of).ToArray();
        var values = snapshot.Values.Select(Of).ToArray();
        var time = (ValueColumn<DateTime>)Of(snapshot.OrderBy);

        var groups = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        for (long r = 0; r < rows; r++)
        {
            var key = string.Join('\u001F', keys.Select(k => k.Text(r) ?? "\u0000"));
            if (!groups.TryGetValue(key, out var list)) groups.Add(key, list = []);
            list.Add(r);
        }
        var keep = new bool[rows];
        long collapsed = 0;
        foreach (var list in groups.Values)
        {
            list.Sort((a, b) =>
            {
                var c = (time[a]?.Ticks ?? long.MaxValue).CompareTo(time[b]?.Ticks ?? long.MaxValue);
                return c != 0 ? c : a.CompareTo(b); // rows are in file order, then line order: the same as comparing lines within one file
            });
            for (var i = 0; i < list.Count; i++)
            {
                if (i > 0 && values.All(v => v.Text(list[i]) == v.Text(list[i - 1]))) { collapsed++; continue; }
                keep[list[i]] = true;
            }
        }
        return collapsed == 0 ? (columns, 0) : (columns.Select(c => c.Keep(keep)).ToList(), collapsed);
    }
}
