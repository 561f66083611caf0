using System.Diagnostics;
using System.Text;
using CsvHelper;
using Microsoft.Data.Analysis;

namespace JourneyInsights.Sources;

/// <summary>
/// Reads one CSV export (optionally .csv.gz) with CsvHelper, streaming, into canonical typed DataFrame columns,
/// applying the column map's data-quality rules. Every data row is accepted or rejected with its reason.
/// </summary>
public static class CsvSource
{
    private const int MaxValueLength = 200;

    /// <summary>
    /// Loads a source of the journey definition: its file, or every file its glob path matches (see
    /// <see cref="SourceFiles"/>), in one table, through the parsed-row cache when <see cref="LoadOptions.CacheFolder"/> is set.
    /// </summary>
    /// <exception cref="SourceFileException">A file cannot be read at all (missing, empty, header mismatch), or a glob matches no file.</exception>
    /// <exception cref="DataQualityException">Strict mode and a row broke a rule.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was signalled (checked every 65,536 rows).</exception>
    public static SourceTable Load(SourceDefinition source, LoadOptions? options = null, CancellationToken cancellation = default) =>
        SourceFiles.Load(source, options ?? LoadOptions.Lenient, cancellation);

    /// <summary>
    /// Reads one file (<paramref name="source"/>'s <see cref="SourceDefinition.FullPath"/>) into <paramref name="into"/>:
    /// every row typed and checked on its own; the rules that span rows or depend on the run (future-dated, unique,
    /// snapshot collapse, strict mode) are applied afterwards over the whole source by <see cref="AcceptedRows"/>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // one call with long loops: compiled once, optimised
    internal static ParsedFile Read(SourceDefinition source, ParsedColumns into, CancellationToken cancellation = default, bool blocks = true)
    {
        var path = source.FullPath;
        var display = source.Path;
        var map = source.Map;
        if (InputFile.Refusal(path, "a CSV export (.csv or .csv.gz)") is { } refusal)
            throw new SourceFileException(display, 0, refusal);
        if (!File.Exists(path))
            throw new SourceFileException(display, 0, $"file not found (looked for {path})");
        var zone = TimeZones.TryFind(source.TimeZone) ?? throw new SourceFileException(display, 0, $"unknown time zone '{source.TimeZone}'");
        var bytes = new FileInfo(path).Length;
        var warnings = new List<SourceWarning>();
        var layout = SourceLayout.Plan(source, warnings);

        var limits = source.Limits;
        // The input's layers, opened once for the header and once more for the block parser:
        // the file's raw bytes, hashed on the way up (SHA-256 for the run manifest and the parsed-row cache)
        // -> decompressed -> checked UTF-8 from the header line on (preamble skipped, other encodings transcoded)
        // -> record bounds (an unterminated quote or an oversized record is cut out) -> the CSV reader
        (HashedInput File, GzipInput? Gzip, RecordBounds Bounds) Open(byte? separator)
        {
            var raw = new HashedInput(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
            var unzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GzipInput(raw, limits.MaxDecompressionRatio) : null;
            return (raw, unzip, new RecordBounds(layout.Decode(unzip ?? (Stream)raw), limits, display, separator, passThrough: false, unzip));
        }
        var (file, gzip, bounds) = Open(layout.Separator is { } sep ? (byte)sep : null);
        using var opened = file;
        var lineOffset = layout.HeaderLine - 1; // preamble lines the reader does not see

        var rejected = new List<RejectedRow>();
        var malformed = new List<CsvMalformedRecord>();
        // The first line of a malformed record the reader reported and the rows have not reached yet: read without the lock
        // on every row; the lock and the lists only when a row has gone past it (the reader runs ahead of the rows).
        var earliestMalformed = long.MaxValue;
        // What to add to the reader's line numbers to count them from the header line as the bounds do: 0, except when the
        // fast path (BlockRows) hands the rest of the file back to CsvHelper from a later record.
        long csvShift = 0;
        var csvOptions = CsvReaderOptions.Default with
        {
            Separator = layout.Separator,
            TrackLineNumbers = true,
            PoolStrings = true,
            Encoding = null, // the layout hands on checked UTF-8, any other encoding transcoded
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            OnMalformedRecord = r => { lock (malformed) { malformed.Add(r); if (r.LineNumber + csvShift < earliestMalformed) Volatile.Write(ref earliestMalformed, r.LineNumber + csvShift); } },
            DetectSeparatorHint = true,
            SkipEmptyLines = true,
        };
        using var reader = CsvReader.Create(bounds, csvOptions, leaveOpen: false);

        string[] headers;
        try { headers = reader.Headers.ToArray(); }
        catch (CsvFormatException ex) { throw new SourceFileException(display, ex.LineNumber + lineOffset, $"cannot read the header: {ex.Message}"); }
        catch (DecoderFallbackException ex) { throw new SourceFileException(display, layout.HeaderLine, $"the file is not valid {layout.Encoding.Name}: {ex.Message}"); }
        catch (InvalidTextException ex) { throw new SourceFileException(display, ex.Line, ex.Message); }
        catch (InvalidDataException ex) { throw new SourceFileException(display, 0, $"cannot decompress: {ex.Message}"); }
        if (gzip?.Failure is { } broken && headers.Length == 0) throw Unreadable(broken, 0);
        if (headers.Length == 0 || headers.All(string.IsNullOrWhiteSpace))
            throw new SourceFileException(display, layout.HeaderLine, $"the file is empty; expected a header row with the columns {Quote(map.Columns.Where(c => !c.Optional).Select(c => c.Column))}");

        var index = HeaderMapping.Map(headers, map, display, layout.HeaderLine, (char)reader.Separator, warnings);
        // Rejections name a column as the file does (an alternative such as 'Became a Lead Date' when that is what it holds).
        map = map with { Columns = map.Columns.Select((c, i) => index[i] >= 0 ? c with { Column = headers[index[i]] } : c).ToList() };
        var plan = RowPlan.Create(source, headers, display, warnings, cancellation);
        var parsers = map.Columns.Select((c, i) => new FieldParser(c, zone, layout.Formats[i])).ToArray();
        var builders = into.Fields;
        var lines = into.Lines;
        var raws = into.Raw;
        var startRow = into.Length;
        var anyOf = (map.RequireAnyOf ?? []).Select(g => g.Select(f => Array.FindIndex(map.Columns.ToArray(), c => c.Field == f)).ToArray()).ToArray();
        var pool = new RowPool(parsers.Length);
        long read = 0, accepted = 0;

        void Reject(RejectedRow row) => rejected.Add(row);
        // A .gz file cut short or corrupt is an error even in lenient mode: the rows before the damage cannot be told
        // complete, and the rows after it are lost, so none of the file is accepted.
        SourceFileException Unreadable(string problem, long rows) => new(display, 0,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{problem}. {rows:N0} data row(s) were read before the damage; none of the file is accepted"));
        RejectedRow BoundedRow(BoundedRecord b) =>
            new(source.Name, display, b.Line + lineOffset, b.FieldIndex >= 0 && b.FieldIndex < headers.Length ? headers[b.FieldIndex] : "", b.Raw, b.Rule, b.Reason);
        RejectedRow MalformedRow(CsvMalformedRecord m) =>
            new(source.Name, display, m.LineNumber + csvShift + lineOffset, "", Truncate(m.RawRecord), m.Reason == CsvMalformedReason.FieldCountMismatch ? "field-count" : "malformed",
                m.Reason == CsvMalformedReason.FieldCountMismatch
                    ? $"expected {headers.Length} fields like the header, found {CountFields(m.RawRecord, (char)reader.Separator)}"
                    : $"malformed quoting ({m.Reason})");

        // Extra header rows (Qualtrics' question texts and ImportIds) are read one by one; records skipped as malformed
        // among them take a header row's place (a broken question-text row is still a header row). With
        // maxExtraHeaderRows, a row is a header row only while it looks like one. A header cell's time zone is honoured.
        var skipped = 0;
        var absorbed = false; // a malformed record took a header row's place
        var headerRows = Math.Max(map.ExtraHeaderRows, map.MaxExtraHeaderRows);
        while (skipped < headerRows)
        {
            bool more;
            try { more = reader.Read(); }
            catch (CsvFormatException ex) { throw new SourceFileException(display, ex.LineNumber + lineOffset, ex.Message); }
            catch (InvalidTextException ex) { throw new SourceFileException(display, ex.Line, ex.Message); }
            lock (malformed)
            {
                while (skipped < headerRows && malformed.Count > 0) { malformed.RemoveAt(0); skipped++; absorbed = true; }
                Volatile.Write(ref earliestMalformed, malformed.Count > 0 ? malformed.Min(m => m.LineNumber) : long.MaxValue);
            }
            if (!more) break;
            if (skipped < headerRows && (map.MaxExtraHeaderRows == 0 || SourceLayout.LooksLikeHeaderRow(reader, parsers, index)))
            {
                SourceLayout.TakeTimeZones(reader, parsers, index, layout.Formats, zone, display, reader.LineNumber + lineOffset, warnings);
                skipped++;
            }
            else { read++; var row = ParseRow(reader, pool, parsers, index, anyOf, map, source.Name, display, lineOffset, plan); Consume(row); break; }
        }

        // Data rows of a plain export: cut into blocks, parsed on every core straight into compact columns, merged in
        // order (BlockRows). It reads the file again from its start through the same layers (the reader above has read
        // ahead of the header). What it cannot read as CsvHelper does, it hands back from that block on.
        CsvReader? rowReader = reader;
        HashedInput? again = null; // hashed as it is read: the file's SHA-256 comes from it then
        string? sha256 = null;
        // After extra header rows only when the header reading took nothing else: no data row, no malformed record.
        if (blocks && BlockRows.Eligible(plan) && read == 0 && !absorbed)
        {
            (again, gzip, bounds) = Open((byte)reader.Separator);
            var blockRows = new BlockRows
            {
                Input = bounds, Bounds = bounds, Separator = (byte)reader.Separator, FieldCount = headers.Length, Parsers = parsers, Index = index,
                AnyOf = anyOf, Map = map, SourceName = source.Name, Display = display, LineOffset = lineOffset, Plan = plan, Into = into,
                Rejected = rejected, BoundedRow = BoundedRow, SkipRecords = skipped,
            };
            try { blockRows.Read(cancellation); }
            catch (Exception ex) when (SourceLayout.InvalidText(ex) is { } bad) { throw new SourceFileException(display, bad.Line, bad.Message); }
            read += blockRows.RowsRead;
            accepted += blockRows.RowsAccepted;
            rowReader = null;
            if (blockRows.Rest is { } rest)
            {
                csvShift = blockRows.RestShift;
                rowReader = CsvReader.Create(rest, csvOptions with { Separator = reader.Separator, DetectSeparatorHint = false }, leaveOpen: false);
                _ = rowReader.Headers;
                for (var k = 0; k < blockRows.RestSkips; k++) rowReader.Read(); // the extra header rows, read again
            }
        }
        // Data rows: parsed on every core (CsvHelper's ParallelEnumerate keeps input order), then accounted for in
        // order here: uniqueness, malformed records reported by the reader, the typed columns.
        try
        {
            if (rowReader is not null)
                foreach (var row in rowReader.ParallelEnumerate(r => ParseRow(r, pool, parsers, index, anyOf, map, source.Name, display, lineOffset + (int)csvShift, plan), -1))
                {
                    if ((read & 0xFFFF) == 0) cancellation.ThrowIfCancellationRequested();
                    read++;
                    Consume(row);
                }
            sha256 = (again ?? file).FinishSha256(); // before the second reading is closed
        }
        catch (CsvFormatException ex) { throw new SourceFileException(display, ex.LineNumber + csvShift + lineOffset, ex.Message); }
        catch (Exception ex) when (SourceLayout.InvalidText(ex) is { } bad) { throw new SourceFileException(display, bad.Line, bad.Message); }
        finally
        {
            if (!ReferenceEquals(rowReader, reader)) rowReader?.Dispose();
            again?.Dispose();
        }
        DrainMalformedBefore(long.MaxValue);
        if (gzip?.Failure is { } damage) throw Unreadable(damage, read);

        void DrainMalformedBefore(long line)
        {
            // Lines as the reader counts them (from the header line): a record is due when it starts before this row.
            var before = line - lineOffset;
            if (Volatile.Read(ref earliestMalformed) >= before && bounds.EarliestPending >= before) return;
            var due = new List<RejectedRow>();
            lock (malformed)
            {
                if (earliestMalformed < before)
                {
                    foreach (var m in malformed) if (m.LineNumber + csvShift < before) due.Add(MalformedRow(m));
                    malformed.RemoveAll(m => m.LineNumber + csvShift < before);
                    Volatile.Write(ref earliestMalformed, malformed.Count > 0 ? malformed.Min(m => m.LineNumber) + csvShift : long.MaxValue);
                }
            }
            due.AddRange(bounds.TakeBefore(line - lineOffset).Select(BoundedRow));
            foreach (var m in due.OrderBy(m => m.Line)) { read++; Reject(m); }
        }

        void Consume(ParsedRow row)
        {
            try { Account(row); }
            finally { pool.Return(row); }
        }

        void Account(ParsedRow row)
        {
            DrainMalformedBefore(row.Line);
            if (row.Problem is { } problem) { Reject(problem); return; }
            accepted++;
            for (var i = 0; i < builders.Length; i++)
            {
                builders[i].Append(row.Present[i], row.Values[i]);
                raws[i]?.Append(row.Present[i], new ParsedValue { Text = row.Values[i].Raw });
            }
            lines.Add(true, row.Line);
        }

        if (skipped < map.ExtraHeaderRows && read == 0 && map.ExtraHeaderRows > 0 && skipped == 0)
            throw new SourceFileException(display, layout.HeaderLine + 1, $"expected {map.ExtraHeaderRows} more header row(s) after the column names ({map.Name} export)");
        foreach (var g in rejected.Where(r => r.Rule == "excel-mangled").GroupBy(r => r.Column))
            warnings.Add(new SourceWarning("excel-mangled", g.Key, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{g.Count()} value(s) look re-saved by Excel in scientific notation (first '{g.First().Value}' on line {g.First().Line}): those ids are destroyed and the rows were rejected")));

        Debug.Assert(read == accepted + rejected.Count);
        return new ParsedFile
        {
            Display = display, FullPath = path, Bytes = bytes, StartRow = startRow, RowCount = accepted, RowsRead = read,
            Rejected = rejected, Warnings = warnings, Joins = plan.Joins.Select(j => j.Report).ToList(), MapName = map.Name,
            ColumnNames = map.Columns.Select(c => c.Column).ToArray(), Sha256 = sha256,
        };
    }

    /// <summary>
    /// One data row, typed and checked on its own (everything but uniqueness, which needs the rows before it).
    /// Rows are recycled through <see cref="RowPool"/> once consumed, so loading allocates little per row.
    /// </summary>
    private sealed class ParsedRow(int columns)
    {
        public long Line;
        public readonly ParsedValue[] Values = new ParsedValue[columns];
        public readonly bool[] Present = new bool[columns];
        public RejectedRow? Problem;
    }

    private sealed class RowPool(int columns)
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<ParsedRow> _free = new();

        public ParsedRow Rent()
        {
            if (!_free.TryDequeue(out var row)) return new ParsedRow(columns);
            Array.Clear(row.Values);
            Array.Clear(row.Present);
            row.Problem = null;
            return row;
        }

        public void Return(ParsedRow row) => _free.Enqueue(row);
    }

    private static ParsedRow ParseRow(CsvReader reader, RowPool pool, FieldParser[] parsers, int[] index, int[][] anyOf, ColumnMap map, string sourceName, string display, int lineOffset, RowPlan plan)
    {
        var row = pool.Rent();
        var line = row.Line = reader.LineNumber + lineOffset;
        if (reader.RawRecord.Length > plan.MaxRecord)
        {
            row.Problem = new RejectedRow(sourceName, display, line, "", "", "record-size",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the record is longer than {plan.MaxRecord:N0} bytes (\"limits\": {{ \"maxRecordBytes\" }})"));
            return row;
        }
        foreach (var (at, filter) in plan.Filters)
        {
            var cell = at < reader.FieldCount ? reader.GetString(at).Trim() : "";
            if (filter.Passes(cell)) continue;
            row.Problem = new RejectedRow(sourceName, display, line, filter.Column, Truncate(cell), "filter", $"left out by the column map's filter: {filter}");
            return row;
        }
        string[]?[]? matched = null;
        if (plan.Joins.Length > 0)
        {
            matched = new string[]?[plan.Joins.Length];
            for (var j = 0; j < plan.Joins.Length; j++)
            {
                var keys = plan.JoinKeys[j];
                var cells = new string[keys.Length];
                for (var k = 0; k < keys.Length; k++)
                    cells[k] = keys[k].Join < 0 ? reader.GetString(keys[k].At).Trim() : matched[keys[k].Join]?[keys[k].At] ?? "";
                var key = JoinedFile.Key(cells);
                matched[j] = cells.All(c => c.Length > 0) ? plan.Joins[j].Find(key) : null;
                if (matched[j] is null && plan.Joins[j].Join.Required)
                {
                    row.Problem = new RejectedRow(sourceName, display, line, keys[0].Name, Truncate(key), "join", plan.NoMatch(j, key));
                    return row;
                }
            }
        }
        for (var i = 0; i < parsers.Length; i++)
        {
            string raw;
            if (index[i] >= 0)
            {
                // Numbers and timestamps of the plain shape are read from the bytes, without a string per cell.
                if (parsers[i].Fast)
                {
                    var bytes = reader.GetSpan(index[i]).Trim((byte)' ');
                    if (bytes.Length > 0 && bytes.Length <= plan.MaxField && parsers[i].TryParseFast(bytes, out row.Values[i])) { row.Present[i] = true; continue; }
                }
                raw = reader.GetString(index[i]);
            }
            else if (plan.JoinColumns[i] is { } joined) raw = matched![joined.Join]?[joined.At] ?? "";
            else continue;
            var spec = parsers[i].Spec;
            if (raw.Length > plan.MaxField)
            {
                row.Problem = new RejectedRow(sourceName, display, line, spec.Column, Truncate(raw), "field-size",
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the value is longer than {plan.MaxField:N0} characters (\"limits\": {{ \"maxFieldBytes\" }})"));
                return row;
            }
            var text = raw.AsSpan().Trim();
            if (text.Length == 0)
            {
                if (!spec.Required) continue;
                row.Problem = new RejectedRow(sourceName, display, line, spec.Column, "", "required", "a value is required");
                return row;
            }
            var trimmed = text.Length == raw.Length ? raw : text.ToString();
            if (!parsers[i].TryParse(trimmed, out row.Values[i], out var rule, out var reason))
            {
                row.Problem = new RejectedRow(sourceName, display, line, spec.Column, Truncate(trimmed), rule, reason);
                return row;
            }
            if (plan.ValueMaps[i] is { } values && row.Values[i].Text is { } found && values.TryGetValue(found, out var canonical))
                row.Values[i].Text = canonical;
            if (spec.Unique) row.Values[i].Raw = trimmed;
            row.Present[i] = true;
        }
        foreach (var group in anyOf)
            if (!group.Any(g => g >= 0 && row.Present[g]))
            {
                row.Problem = new RejectedRow(sourceName, display, line, string.Join(" / ", group.Select(g => map.Columns[g].Column)), "",
                    "required-any", $"at least one of {Quote(group.Select(g => map.Columns[g].Column))} is required");
                return row;
            }
        return row;
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    internal static string Truncate(string s) => s.Length <= MaxValueLength ? s : s[..MaxValueLength] + "…";

    internal static int CountFields(string raw, char separator)
    {
        // Quote-aware count of the fields of a raw record.
        var count = 1; var inQuotes = false;
        foreach (var c in raw)
        {
            if (c == '"') inQuotes = !inQuotes;
            else if (c == separator && !inQuotes) count++;
        }
        return count;
    }

    /// <summary>The delimiter byte of a configured delimiter name, or null when not supported.</summary>
    internal static byte? DelimiterByte(string delimiter) => delimiter switch
    {
        "," => (byte)',', ";" => (byte)';', "\t" or "\\t" or "tab" => (byte)'\t', "|" => (byte)'|', _ => null,
    };
}
