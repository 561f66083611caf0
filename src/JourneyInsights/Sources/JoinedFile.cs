using CsvHelper;

namespace JourneyInsights.Sources;

/// <summary>
/// A file joined to a source (<see cref="JoinDefinition"/>), read once into a lookup by key: for each key, the cells of
/// the columns the map uses. Read with the source's encoding, delimiter and limits. Many rows may look up one row; of
/// several rows with one key the first (in file order, after the join's filter) is used and the others are counted.
/// Decoded as the source's own file is (<see cref="SourceLayout.PlanJoin"/>).
/// </summary>
internal sealed class JoinedFile
{
    private const char KeySeparator = '\u001F';
    private readonly Dictionary<string, string[]> _rows;
    private readonly Dictionary<string, int> _columns;

    private JoinedFile(JoinDefinition join, string display, Dictionary<string, int> columns, Dictionary<string, string[]> rows, JoinLoadReport report)
    {
        Join = join; Display = display; _columns = columns; _rows = rows; Report = report;
    }

    public JoinDefinition Join { get; }
    public string Display { get; }
    public JoinLoadReport Report { get; }

    /// <summary>The position of a column (as named after the join's name and a dot) in the rows <see cref="Find"/> returns.</summary>
    public int ColumnIndex(string column) => _columns[column];

    /// <summary>The row of that key, or null.</summary>
    public string[]? Find(string key) => _rows.GetValueOrDefault(key);

    /// <summary>Several key cells as one lookup key.</summary>
    public static string Key(ReadOnlySpan<string> cells) => cells.Length == 1 ? cells[0] : string.Join(KeySeparator, cells.ToArray());

    /// <summary>Reads the join's file, keeping <paramref name="columns"/> (headers of the joined file) of each usable row; an encoding warning goes to <paramref name="warnings"/>.</summary>
    /// <exception cref="SourceFileException">The file is missing, not a file, unreadable, or lacks a needed column.</exception>
    public static JoinedFile Load(SourceDefinition source, JoinDefinition join, IReadOnlyList<string> columns, List<SourceWarning> warnings, CancellationToken cancellation)
    {
        var (path, display) = source.JoinFile(join);
        if (InputFile.Refusal(path, $"the {join.Name} file of the export") is { } refusal) throw new SourceFileException(display, 0, refusal);
        if (!File.Exists(path))
            throw new SourceFileException(display, 0, $"file not found (looked for {path}); column map '{source.Map.Name}' joins {join.Name} from it" +
                (source.JoinFiles is null ? $" (name another file with \"joinFiles\": {{ \"{join.Name}\": \"...\" }} in the source)" : ""));

        long unreadable = 0;
        // The same path as the source's own file: byte-order mark, the declared encoding checked strictly (or "auto"),
        // then record bounds and the CSV reader on checked UTF-8.
        var layout = SourceLayout.PlanJoin(source, path, display, warnings);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GzipInput(file, source.Limits.MaxDecompressionRatio) : null;
        var bounds = new RecordBounds(layout.Decode(gzip ?? (Stream)file), source.Limits, display, layout.Separator is { } d ? (byte)d : null, passThrough: false, gzip);
        var options = CsvReaderOptions.Default with
        {
            Separator = layout.Separator,
            TrackLineNumbers = true,
            Encoding = null, // checked UTF-8, any other encoding transcoded
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            DetectSeparatorHint = true,
            SkipEmptyLines = true,
            OnMalformedRecord = _ => Interlocked.Increment(ref unreadable),
        };
        using var reader = CsvReader.Create(bounds, options, leaveOpen: false);
        string[] headers;
        try { headers = reader.Headers.ToArray(); }
        catch (CsvFormatException ex) { throw new SourceFileException(display, ex.LineNumber, $"cannot read the header: {ex.Message}"); }
        catch (InvalidTextException ex) { throw new SourceFileException(display, ex.Line, ex.Message); }
        catch (InvalidDataException ex) { throw new SourceFileException(display, 0, $"cannot decompress: {ex.Message}"); }

        int Find(string name)
        {
            var at = Array.IndexOf(headers, name);
            return at >= 0 ? at : Array.FindIndex(headers, h => string.Equals(h.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase));
        }
        var keyColumns = join.On.Values.ToArray();
        var wanted = columns.Concat(keyColumns).Concat((join.Filter ?? []).Select(f => f.Column)).Distinct(StringComparer.Ordinal).ToArray();
        var missing = wanted.Where(c => Find(c) < 0).ToList();
        if (missing.Count > 0)
            throw new SourceFileException(display, 1,
                $"header mismatch for join '{join.Name}' of column map '{source.Map.Name}': missing {string.Join(", ", missing.Select(m => $"'{m}'"))}; found: {string.Join(", ", headers.Take(30).Select(h => $"'{h}'"))}");

        var keep = columns.Select(Find).ToArray();
        var keyAt = keyColumns.Select(Find).ToArray();
        var filters = (join.Filter ?? []).Select(f => (At: Find(f.Column), Filter: f)).ToArray();
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        long read = 0, filtered = 0, withoutKey = 0, duplicates = 0;
        var key = new string[keyAt.Length];
        try
        {
            while (reader.Read())
            {
                if ((++read & 0xFFFF) == 0) cancellation.ThrowIfCancellationRequested();
                if (filters.Any(f => !f.Filter.Passes(reader.GetString(f.At).Trim()))) { filtered++; continue; }
                for (var k = 0; k < keyAt.Length; k++) key[k] = reader.GetString(keyAt[k]).Trim();
                if (key.Any(k => k.Length == 0)) { withoutKey++; continue; }
                var joined = Key(key);
                if (rows.ContainsKey(joined)) { duplicates++; continue; }
                var cells = new string[keep.Length];
                for (var c = 0; c < keep.Length; c++) cells[c] = reader.GetString(keep[c]).Trim();
                rows.Add(joined, cells);
            }
        }
        catch (CsvFormatException ex) { throw new SourceFileException(display, ex.LineNumber, ex.Message); }
        catch (InvalidTextException ex) { throw new SourceFileException(display, ex.Line, ex.Message); }
        if (gzip?.Failure is { } damage)
            throw new SourceFileException(display, 0, $"{damage}; the {join.Name} file cannot be used, so none of the source is accepted");
        var index = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        unreadable += bounds.TakeBefore(long.MaxValue).Count;
        return new JoinedFile(join, display, index, rows,
            new JoinLoadReport(join.Name, display, read + unreadable, rows.Count, filtered, withoutKey, duplicates, unreadable));
    }
}
