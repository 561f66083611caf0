namespace JourneyInsights.Sources;

/// <summary>Finds the columns of a map in a header row: by name, then by the column's alternatives; checks what is absent.</summary>
public static class HeaderMapping
{
    /// <summary>
    /// The index of a column in <paramref name="headers"/>: its <see cref="ColumnSpec.Column"/> exactly, then ignoring
    /// case and surrounding spaces, then each of its <see cref="ColumnSpec.Alternatives"/> the same way; -1 when absent.
    /// </summary>
    public static int Find(IReadOnlyList<string> headers, ColumnSpec spec)
    {
        var at = Find(headers, spec.Column);
        if (at >= 0 || spec.Alternatives is null) return at;
        foreach (var alternative in spec.Alternatives)
            if ((at = Find(headers, alternative)) >= 0) return at;
        return -1;
    }

    /// <summary>The index of a header name, exact first, then ignoring case and surrounding spaces; -1 when absent.</summary>
    public static int Find(IReadOnlyList<string> headers, string name)
    {
        for (var i = 0; i < headers.Count; i++) if (headers[i] == name) return i;
        var want = name.Trim();
        for (var i = 0; i < headers.Count; i++) if (string.Equals(headers[i].Trim(), want, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>How many of the map's required columns a header row holds (by name or alternative).</summary>
    public static int RequiredFound(IReadOnlyList<string> headers, ColumnMap map) =>
        map.Columns.Count(c => !c.Optional && Find(headers, c) >= 0);

    /// <summary>The refused layout whose columns all appear in <paramref name="fields"/>, or null.</summary>
    public static RefusedLayout? Refused(IReadOnlyList<string> fields, ColumnMap map) =>
        map.Refuse?.FirstOrDefault(r => r.Columns.All(c => Find(fields, c) >= 0));

    /// <summary>
    /// Maps every column of <paramref name="map"/> to its index in <paramref name="headers"/> and lists the warnings of the
    /// header: mapped optional columns absent, names written twice.
    /// </summary>
    /// <exception cref="SourceFileException">A required column is missing, or a CRM map's milestone columns are all absent.</exception>
    internal static int[] Map(string[] headers, ColumnMap map, string display, long line, char separator, List<SourceWarning> warnings)
    {
        var index = new int[map.Columns.Count];
        var missing = new List<ColumnSpec>();
        for (var i = 0; i < map.Columns.Count; i++)
        {
            if (ColumnMapChecks.JoinOf(map.Columns[i].Column, map) is not null) { index[i] = -1; continue; } // read from a joined file
            index[i] = Find(headers, map.Columns[i]);
            if (index[i] < 0 && !map.Columns[i].Optional) missing.Add(map.Columns[i]);
        }
        if (missing.Count > 0)
        {
            var hint = "";
            if (headers.Length == 1)
            {
                var other = new[] { ',', ';', '\t', '|' }.Where(c => c != separator && headers[0].Contains(c)).ToArray();
                if (other.Length > 0)
                    hint = $" The header has a single column containing '{Show(other[0])}': the file looks '{Show(other[0])}'-delimited but was read with '{Show(separator)}' (set \"delimiter\" in the source).";
            }
            foreach (var m in missing.Where(m => m.MissingHint is not null)) hint += " " + m.MissingHint;
            throw new SourceFileException(display, line,
                $"header mismatch for column map '{map.Name}': missing {string.Join(", ", missing.Select(Names))}. Expected columns: {Quote(map.Columns.Where(c => !c.Optional).Select(c => c.Column))}; found: {Quote(headers.Take(30))}.{hint}");
        }
        var milestones = map.Columns.Select((c, i) => (c, i)).Where(x => x.c.Milestone).ToArray();
        if (milestones.Length > 0 && !map.AllowNoMilestones && milestones.All(x => index[x.i] < 0))
            throw new SourceFileException(display, line,
                $"none of the milestone columns of column map '{map.Name}' is in the file ({string.Join(", ", milestones.Select(x => Names(x.c)))}): " +
                $"the funnel would silently lose every CRM stage. Found: {Quote(headers.Take(30))}. Export the lifecycle-stage dates, or map the file's own date columns.");
        for (var i = 0; i < map.Columns.Count; i++)
            if (index[i] < 0)
                warnings.Add(new SourceWarning("missing-column", map.Columns[i].Column,
                    $"the optional column '{map.Columns[i].Column}' ({map.Columns[i].Field}) is not in the file; the field stays empty"));
        foreach (var group in headers.Select((h, i) => (Name: h.Trim(), i)).Where(h => h.Name.Length > 0)
                     .GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            var used = index.Contains(group.First().i);
            warnings.Add(new SourceWarning("duplicate-header", group.Key,
                $"the header names '{group.Key}' {group.Count()} times (columns {string.Join(", ", group.Select(g => g.i + 1))}); " +
                (used ? $"the first (column {group.First().i + 1}) is read, the others are ignored" : "none of them is mapped")));
        }
        return index;
        static string Show(char c) => c == '\t' ? "\\t" : c.ToString();
    }

    private static string Names(ColumnSpec c) => c.Alternatives is { Count: > 0 } a ? $"'{c.Column}' (or {Quote(a)})" : $"'{c.Column}'";

    internal static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
