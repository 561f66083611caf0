using System.Globalization;
using System.Runtime.InteropServices;

namespace JourneyInsights.Sources;

/// <summary>
/// The rules applied over a whole source once its files are read (parsed or taken from the cache), in file order and then
/// line order, exactly as if the files were one: a row dated after the run (<see cref="LoadOptions.LatestAcceptedUtc"/>)
/// is rejected as <c>future-dated</c>; a value of a <c>unique</c> column seen on an earlier row (of the same file or an
/// earlier one) is rejected as a duplicate; strict mode stops at the first rejected row; snapshot rows are collapsed.
/// These depend on the run or on other files, so they are never cached.
/// </summary>
internal static class AcceptedRows
{
    /// <summary>The source's table from its files' parsed rows.</summary>
    /// <exception cref="DataQualityException">Strict mode and a row was rejected (the first in file and line order).</exception>
    public static SourceTable Finish(SourceDefinition source, IReadOnlyList<ParsedFile> files, ParsedColumns parsed, LoadOptions options, TimeSpan elapsed,
        bool glob)
    {
        var map = source.Map;
        var latest = options.LatestAcceptedUtc;
        var dated = Enumerable.Range(0, map.Columns.Count).Where(i => CanonicalFields.IsTime(map.Columns[i].Type)).ToArray();
        var unique = Enumerable.Range(0, map.Columns.Count).Where(i => map.Columns[i].Unique).ToArray();
        var timeFields = TimeFieldIndexes(map);
        var fields = parsed.Fields;
        // Sized for every row up front: a unique column's dictionary holds about one entry per row, and growing it step by
        // step would hash every key again at each step and leave the old arrays to the collector.
        var seen = unique.Select(_ => new Dictionary<string, (int File, long Line)>((int)Math.Min(parsed.Length, 1 << 26), StringComparer.Ordinal)).ToArray();
        var datedColumns = dated.Select(t => (ValueColumn<DateTime>)fields[t]).ToArray();
        var timeColumns = timeFields.Select(t => (ValueColumn<DateTime>)fields[t]).ToArray();
        var keys = new string?[unique.Length];
        var lines = parsed.Lines;
        bool[]? keep = null;
        DateTime? first = null, last = null;
        var rejected = new List<RejectedRow>();
        var perFile = new List<(long Accepted, long Rejected)>();

        for (var f = 0; f < files.Count; f++)
        {
            var file = files[f];
            var late = new List<RejectedRow>();
            for (var r = file.StartRow; r < file.StartRow + file.RowCount; r++)
            {
                var line = lines[r] ?? 0;
                RejectedRow? problem = null;
                for (var d = 0; d < dated.Length; d++)
                    if (datedColumns[d][r] is { } time && time > latest)
                    {
                        problem = new RejectedRow(source.Name, file.Display, line, file.ColumnNames[dated[d]], time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                            "future-dated", string.Create(CultureInfo.InvariantCulture,
                                $"dated {time:yyyy-MM-dd HH:mm} UTC, after the run ({latest - LoadOptions.FutureSlack:yyyy-MM-dd HH:mm} UTC) by more than a day"));
                        break;
                    }
                if (problem is null)
                    for (var k = 0; k < unique.Length; k++)
                    {
                        // One look-up per key: a new key is entered at once, and taken out again when a later unique column
                        // of the same row holds a duplicate (only rows accepted enter their keys).
                        var u = unique[k];
                        if ((keys[k] = UniqueKey(fields[u], r)) is not { } key) continue;
                        ref var at = ref CollectionsMarshal.GetValueRefOrAddDefault(seen[k], key, out var exists);
                        if (!exists) { at = (f, line); continue; }
                        problem = new RejectedRow(source.Name, file.Display, line, file.ColumnNames[u], CsvSource.Truncate(parsed.Raw[u]![r] ?? ""), "unique",
                            at.File == f ? $"{DuplicatePrefix}{at.Line}" : $"{DuplicatePrefix}{at.Line} of {files[at.File].Display}");
                        for (var e = 0; e < k; e++)
                            if (keys[e] is { } entered) seen[e].Remove(entered);
                        break;
                    }
                if (problem is not null)
                {
                    late.Add(problem);
                    keep ??= Enumerable.Repeat(true, checked((int)parsed.Length)).ToArray();
                    keep[r] = false;
                    continue;
                }
                foreach (var column in timeColumns)
                    if (column[r] is { } v)
                    {
                        if (first is null || v < first) first = v;
                        if (last is null || v > last) last = v;
                    }
            }
            var merged = Merge(file.Rejected, late);
            if (options.Strict && merged.FirstOrDefault(x => x.Rule != "filter") is { } bad) throw new DataQualityException(bad); // a filtered row is declared, not bad
            rejected.AddRange(merged);
            perFile.Add((file.RowCount - late.Count, merged.Count));
        }

        var columns = fields.Append<SourceColumn>(lines).ToList();
        if (keep is not null)
        {
            // Each column copied on its own core: the copies read the same rows to keep and share nothing else.
            var kept = new SourceColumn[columns.Count];
            Parallel.For(0, kept.Length, c => kept[c] = columns[c].Keep(keep));
            columns = [.. kept];
        }
        long collapsed = 0;
        if (map.Snapshot is { } snapshot) (columns, collapsed) = SnapshotRows.Collapse(snapshot, columns);

        var fileIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var f = 0; f < files.Count; f++) fileIndex.TryAdd(files[f].Display, f);
        var reasons = rejected
            .GroupBy(r => (r.Column, r.Rule, Reason: GroupReason(r)))
            .Select(g =>
            {
                var firstFile = g.Min(r => fileIndex.GetValueOrDefault(r.File));
                var firstLine = g.Where(r => fileIndex.GetValueOrDefault(r.File) == firstFile).Min(r => r.Line);
                return (Reason: new RejectionReason(g.Key.Column, g.Key.Rule, g.Key.Reason, g.LongCount(), firstLine, glob ? files[firstFile].Display : null), File: firstFile);
            })
            .OrderByDescending(x => x.Reason.Rows).ThenBy(x => x.File).ThenBy(x => x.Reason.FirstLine)
            .Select(x => x.Reason)
            .ToList();
        var report = new SourceLoadReport
        {
            Source = source.Name, File = source.Path, Kind = source.Kind, ColumnMap = files.Count > 0 ? files[0].MapName : map.Name,
            RowsRead = files.Sum(f => f.RowsRead), RowsAccepted = perFile.Sum(p => p.Accepted), RowsRejected = rejected.Count,
            RowsFiltered = rejected.Count(r => r.Rule == "filter"), RowsCollapsed = collapsed,
            Joins = files.Count > 0 ? files[0].Joins : [],
            FirstTimestamp = first, LastTimestamp = last, Reasons = reasons,
            Warnings = files.SelectMany(f => glob ? f.Warnings.Select(w => w with { Message = $"{f.Display}: {w.Message}" }) : f.Warnings).ToList(),
            Bytes = files.Sum(f => f.Bytes), Duration = elapsed,
            Files = files.Select((f, i) => new SourceFileReport(f.Display, f.FullPath, f.Bytes, f.RowsRead, perFile[i].Accepted, perFile[i].Rejected)
            {
                Sha256 = f.Sha256, FromCache = f.FromCache, CacheNote = f.CacheNote, CacheWarning = f.CacheWarning,
            }).ToList(),
        };
        System.Diagnostics.Debug.Assert(report.RowsRead == report.RowsAccepted + report.RowsRejected);
        return new SourceTable(source, columns, report, rejected);
    }

    /// <summary>Two lists of rejected rows of one file, each in line order, merged in line order (the first list first on a tie).</summary>
    private static List<RejectedRow> Merge(List<RejectedRow> read, List<RejectedRow> late)
    {
        if (late.Count == 0) return read;
        var merged = new List<RejectedRow>(read.Count + late.Count);
        int a = 0, b = 0;
        while (a < read.Count || b < late.Count)
            merged.Add(b >= late.Count || (a < read.Count && read[a].Line <= late[b].Line) ? read[a++] : late[b++]);
        return merged;
    }

    /// <summary>Uniqueness compares typed values: 1 and 01 are the same integer, two spellings of one instant the same time. Null when empty.</summary>
    private static string? UniqueKey(SourceColumn column, long row) => column switch
    {
        ValueColumn<int> ints => ints[row]?.ToString(CultureInfo.InvariantCulture),
        ValueColumn<double> numbers => numbers[row]?.ToString("R", CultureInfo.InvariantCulture),
        ValueColumn<DateTime> times => times[row]?.Ticks.ToString(CultureInfo.InvariantCulture),
        TextColumn text => text[row],
        _ => column.Text(row),
    };

    private static int[] TimeFieldIndexes(ColumnMap map)
    {
        var ts = map.Columns.Select((c, i) => (c, i)).Where(x => x.c.Field == CanonicalFields.Timestamp).Select(x => x.i).ToArray();
        if (ts.Length > 0) return ts;
        return map.Columns.Select((c, i) => (c, i)).Where(x => x.c.Milestone || x.c.Field == CanonicalFields.CreatedAt).Select(x => x.i).ToArray();
    }

    /// <summary>
    /// What a rejected row counts under in the source's reasons: its own reason, except that a duplicate's reason names the
    /// line its value was first seen on, which would make one reason per duplicate (45 in the CRM reasons of a report on
    /// the bench's 1M events, a hundred times as many at 100M, each a line of summary.json); those count as one, and each
    /// row's own reason, with its line, stays in the rejected rows.
    /// </summary>
    internal static string GroupReason(RejectedRow row) =>
        row.Rule == "unique" && row.Reason.StartsWith(DuplicatePrefix, StringComparison.Ordinal) ? DuplicateGroup : row.Reason;

    /// <summary>How a duplicate's reason starts; the line (and, from another file, the file) its value was first seen on follows.</summary>
    private const string DuplicatePrefix = "duplicate value; first seen on line ";
    internal const string DuplicateGroup = "duplicate value (the rejected rows say where each value was first seen)";
}
