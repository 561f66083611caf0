using System.Buffers.Binary;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace JourneyInsights.Sources;

/// <summary>
/// The parsed-row cache (<see cref="LoadOptions.CacheFolder"/>): per input file, what reading it gave (its accepted rows'
/// typed columns and line numbers, its rejected rows, its warnings and counts) kept in one entry file, so a file that has
/// not changed is not parsed again. Only what depends on the file alone is kept: the rules that depend on the run or on
/// other files (future-dated, unique, strict, snapshot collapse; <see cref="AcceptedRows"/>) are applied after reading,
/// so a run from the cache gives exactly what a cold run gives.
/// <para>
/// An entry is used only when its key matches: the file's full path, size, last-write time and SHA-256, and the
/// fingerprint of everything that changes parsing (the resolved column map with all its rules, filters, value maps and
/// joins, the join files' SHA-256, the source's name, kind, time zone, delimiter, encoding and limits, the cache format
/// and the product version). An entry is checked whole before use (a SHA-256 over the entry is recorded in it); a
/// corrupt, truncated or stale entry is never trusted: the file is parsed and the entry rebuilt, with a warning. Entries
/// are written to a temporary file and renamed into place. A cache problem never fails the load.
/// </para>
/// <para>
/// Entry layout: the magic <c>JICACHE1</c>, the body's length (8 bytes, little-endian), the body, the body's SHA-256 (32
/// bytes). The body is four sections, each its length (8 bytes) and bytes: the key and the file's facts (JSON), then three
/// Apache Arrow IPC streams: the rows (line, then one column per map column: Int32, Double, Int64 instants as
/// <see cref="DateTime.ToBinary"/>, text as Int32 codes into the dictionary; plus the raw text of unique columns as codes),
/// the text dictionary (column, code order, value) and the rejected rows.
/// </para>
/// </summary>
internal sealed class ParsedRowCache
{
    /// <summary>
    /// Bumped on any change of the entry layout or of what reading a file produces. 2: entries written before could hold
    /// bytes of freed memory (see <see cref="WriteBatch"/>), under a checksum taken after the copy, so none is trusted.
    /// </summary>
    internal const int FormatVersion = 2;
    private static readonly byte[] Magic = "JICACHE1"u8.ToArray();
    private const int BatchRows = 1 << 16;
    private const int RawColumn = 100_000; // dictionary column number of a unique column's raw text: RawColumn + map index

    private static readonly JsonSerializerOptions Json = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
    private static readonly string ProductVersion =
        typeof(ParsedRowCache).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private readonly string _folder;
    private readonly string _fingerprint;

    /// <param name="folder">The cache folder (created when the first entry is written).</param>
    /// <param name="source">The source whose files are read (its column map and settings make the fingerprint).</param>
    public ParsedRowCache(string folder, SourceDefinition source)
    {
        _folder = Path.GetFullPath(folder);
        _fingerprint = Fingerprint(source);
    }

    /// <summary>The fingerprint of everything besides the file's bytes that changes what reading it gives (SHA-256, hex).</summary>
    internal static string Fingerprint(SourceDefinition source)
    {
        var map = source.Map;
        var joins = (map.Joins ?? []).Select(j =>
        {
            var (full, display) = source.JoinFile(j);
            return new { j.Name, full, display, sha256 = File.Exists(full) ? HashFile(full) : "missing" };
        }).ToList();
        var text = JsonSerializer.Serialize(new
        {
            format = FormatVersion, product = ProductVersion, source.Name, kind = source.Kind.ToString(), map, source.TimeZone,
            source.Delimiter, source.Encoding, source.Limits, joins,
        }, Json);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>SHA-256 of a file's bytes (lower-case hex).</summary>
    internal static string HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The key of a file as it is now.</summary>
    private sealed record Key(int Format, string FullPath, string Display, long Bytes, long LastWriteUtcTicks, string Sha256, string Fingerprint);

    /// <summary>What the entry holds besides the rows.</summary>
    private sealed record Facts(Key Key, string Display, long RowsRead, long RowCount, string MapName, string[] ColumnNames,
        List<SourceWarning> Warnings, List<JoinLoadReport> Joins, int RejectedCount);

    private string EntryPath(string fullPath) =>
        Path.Combine(_folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fullPath + "\n" + _fingerprint)))[..32] + ".arrows");

    /// <summary>
    /// Whether <paramref name="one"/>'s file has an entry whose key matches the file as it is now in everything but the
    /// content hash (path, size, last-write time, fingerprint): only such a file needs hashing before <see cref="Read"/>,
    /// which checks the hash before trusting the entry. Reads only the entry's key; false when there is no entry or it
    /// cannot be read (<see cref="Read"/> then says why).
    /// </summary>
    public bool MayHold(SourceDefinition one)
    {
        try
        {
            var info = new FileInfo(one.FullPath);
            var entry = EntryPath(one.FullPath);
            if (!info.Exists || !File.Exists(entry)) return false;
            using var stream = new FileStream(entry, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            Span<byte> head = stackalloc byte[Magic.Length + 8 + 8];
            stream.ReadExactly(head);
            if (!head[..Magic.Length].SequenceEqual(Magic)) return false;
            var bodyLength = BinaryPrimitives.ReadInt64LittleEndian(head[Magic.Length..]);
            var factsLength = BinaryPrimitives.ReadInt64LittleEndian(head[(Magic.Length + 8)..]);
            if (factsLength < 0 || factsLength > bodyLength - 8 || factsLength > 1 << 26) return false;
            var json = new byte[factsLength];
            stream.ReadExactly(json);
            var facts = JsonSerializer.Deserialize<Facts>(json, Json);
            return facts is not null && SameButContent(facts.Key, KeyOf(one, info, ""));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or NotSupportedException) { return false; }
    }

    private Key KeyOf(SourceDefinition one, FileInfo info, string sha256) =>
        new(FormatVersion, one.FullPath, one.Path, info.Length, info.LastWriteTimeUtc.Ticks, sha256, _fingerprint);

    private static bool SameButContent(Key a, Key b) => a with { Sha256 = "" } == b with { Sha256 = "" };

    /// <summary>
    /// Reads one file of a source into <paramref name="into"/>: from its entry when the key matches, else by parsing it
    /// (<see cref="CsvSource.Read"/>, which hashes the file while reading it) and writing the entry. <paramref name="sha256"/>
    /// is the file's hash when already computed (<see cref="MayHold"/> said the entry may match); without it, the file is
    /// hashed before the entry is used only when every other part of the key matches.
    /// </summary>
    public ParsedFile Read(SourceDefinition one, ParsedColumns into, string? sha256, CancellationToken cancellation)
    {
        var full = one.FullPath;
        var info = new FileInfo(full);
        if (!info.Exists || InputFile.NotARegularFile(full) is not null) return CsvSource.Read(one, into, cancellation); // says what is wrong
        var key = KeyOf(one, info, sha256 ?? "");
        var entry = EntryPath(full);
        string? warning = null;
        if (File.Exists(entry))
        {
            try
            {
                string? Content()
                {
                    try { return sha256 ??= HashFile(full); }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; } // parsing says what is wrong
                }
                if (TryLoad(entry, key, Content, one, into, out var problem) is { } cached)
                {
                    cached.Sha256 = sha256;
                    cached.FromCache = true;
                    cached.CacheNote = "read from the cache";
                    return cached;
                }
                warning = problem;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                warning = $"the cache entry cannot be read ({ex.GetType().Name}: {ex.Message})";
            }
        }
        var parsed = CsvSource.Read(one, into, cancellation); // hashes the file as it reads it
        try
        {
            // The file may have changed while it was parsed: cache it only when it is still as it was (size and time as
            // before, and the content as hashed before parsing, when it was).
            var after = new FileInfo(full);
            if (after.Length == key.Bytes && after.LastWriteTimeUtc.Ticks == key.LastWriteUtcTicks && parsed.Sha256 is { } read && (sha256 is null || sha256 == read))
            {
                Write(entry, key with { Sha256 = read }, parsed, into);
                parsed.CacheNote = warning is null ? "parsed and cached" : $"{warning}; parsed again and the entry rebuilt";
            }
            else parsed.CacheNote = "the file changed while it was read; not cached";
        }
        catch (Exception ex) when (ex is not OperationCanceledException) // a cache problem never fails the load
        {
            parsed.CacheNote = $"{(warning is null ? "" : warning + "; ")}the cache entry could not be written ({ex.Message})";
            warning ??= parsed.CacheNote;
        }
        parsed.CacheWarning = warning is null ? null : parsed.CacheNote;
        return parsed;
    }

    // ---- reading ----

    /// <summary>The cached file, or null with the reason when the entry is corrupt or stale. Appends to <paramref name="into"/> only once all is checked.</summary>
    /// <remarks><paramref name="content"/> gives the file's SHA-256, asked for only once the rest of the key matches (null when the file cannot be read).</remarks>
    private static ParsedFile? TryLoad(string entry, Key key, Func<string?> content, SourceDefinition one, ParsedColumns into, out string? problem)
    {
        var bytes = File.ReadAllBytes(entry);
        problem = "the cache entry is corrupt (checksum mismatch or truncated)";
        if (bytes.Length < Magic.Length + 8 + 32 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)) return null;
        var bodyLength = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(Magic.Length));
        if (bodyLength < 0 || bodyLength != bytes.Length - Magic.Length - 8 - 32) return null;
        var body = bytes.AsMemory(Magic.Length + 8, (int)bodyLength);
        if (!SHA256.HashData(body.Span).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32))) return null;

        var sections = new List<ReadOnlyMemory<byte>>();
        for (var at = 0; at < body.Length;)
        {
            var length = BinaryPrimitives.ReadInt64LittleEndian(body.Span[at..]);
            sections.Add(body.Slice(at + 8, (int)length));
            at += 8 + (int)length;
        }
        if (sections.Count != 4) return null;
        var facts = JsonSerializer.Deserialize<Facts>(sections[0].Span, Json);
        if (facts is null) return null;
        if (!SameButContent(facts.Key, key))
        {
            problem = facts.Key.Bytes != key.Bytes || facts.Key.LastWriteUtcTicks != key.LastWriteUtcTicks
                ? "the cache entry is stale (the file's size, time or content changed)"
                : "the cache entry is stale (the column map, settings or product version changed)";
            return null;
        }
        // Size and time alike are not enough (a file rewritten within the clock's resolution, a copy that keeps the time):
        // the content's hash decides.
        var sha256 = content();
        if (sha256 is null) { problem = null; return null; }
        if (facts.Key.Sha256 != sha256)
        {
            problem = "the cache entry is stale (the file's size, time or content changed)";
            return null;
        }
        var map = one.Map;
        if (facts.ColumnNames.Length != map.Columns.Count) return null;

        var rows = ReadBatches(sections[1]);
        var dictionary = ReadBatches(sections[2]);
        var rejectedBatches = ReadBatches(sections[3]);
        if (rows.Sum(b => (long)b.Length) != facts.RowCount || rejectedBatches.Sum(b => (long)b.Length) != facts.RejectedCount) return null;
        foreach (var b in rows)
            if (b.ColumnCount != 1 + map.Columns.Count + map.Columns.Count(c => c.Unique)) return null;

        // The dictionaries: per column number, its values in code order.
        var values = new Dictionary<int, List<string>>();
        foreach (var b in dictionary)
        {
            var column = (Int32Array)b.Column(0);
            var value = (StringArray)b.Column(1);
            for (var i = 0; i < b.Length; i++)
            {
                var c = column.GetValue(i)!.Value;
                if (!values.TryGetValue(c, out var list)) values.Add(c, list = []);
                list.Add(value.GetString(i));
            }
        }
        var texts = new string[]?[map.Columns.Count];
        var raws = new string[]?[map.Columns.Count];
        for (var k = 0; k < map.Columns.Count; k++)
        {
            if (ParsedColumns.IsText(map.Columns[k].Type)) texts[k] = (values.GetValueOrDefault(k) ?? []).ToArray();
            if (map.Columns[k].Unique) raws[k] = (values.GetValueOrDefault(RawColumn + k) ?? []).ToArray();
        }
        // Every code must point into its dictionary before any row is appended.
        foreach (var b in rows)
        {
            var at = 1;
            for (var k = 0; k < map.Columns.Count; k++, at++)
                if (texts[k] is { } t && !CodesFit((Int32Array)b.Column(at), t.Length)) return null;
            for (var k = 0; k < map.Columns.Count; k++)
                if (map.Columns[k].Unique && !CodesFit((Int32Array)b.Column(at++), raws[k]!.Length)) return null;
        }

        var rejected = new List<RejectedRow>(facts.RejectedCount);
        foreach (var b in rejectedBatches)
        {
            var line = (Int64Array)b.Column(0);
            StringArray Text(int i) => (StringArray)b.Column(i);
            for (var i = 0; i < b.Length; i++)
                rejected.Add(new RejectedRow(one.Name, one.Path, line.GetValue(i)!.Value, Text(1).GetString(i), Text(2).GetString(i), Text(3).GetString(i), Text(4).GetString(i)));
        }

        var start = into.Length;
        // Per text column, the column's code of each dictionary value (indexed by the entry's code + 1), found once per
        // value for the whole file; the batches are appended a column at a time, through buffers reused batch to batch.
        var textRemaps = texts.Select(t => t is null ? null : new int[t.Length + 1]).ToArray();
        var rawRemaps = raws.Select(t => t is null ? null : new int[t.Length + 1]).ToArray();
        var buffers = new Buffers(rows.Count == 0 ? 0 : rows.Max(b => b.Length));
        foreach (var b in rows)
        {
            AppendLines(into.Lines, (Int64Array)b.Column(0), buffers);
            var at = 1;
            for (var k = 0; k < map.Columns.Count; k++, at++)
                Append(into.Fields[k], b.Column(at), texts[k], textRemaps[k], buffers);
            for (var k = 0; k < map.Columns.Count; k++)
                if (map.Columns[k].Unique) Append(into.Raw[k]!, b.Column(at++), raws[k], rawRemaps[k], buffers);
        }
        problem = null;
        return new ParsedFile
        {
            Display = one.Path, FullPath = one.FullPath, Bytes = key.Bytes, StartRow = start, RowCount = facts.RowCount, RowsRead = facts.RowsRead,
            Rejected = rejected, Warnings = facts.Warnings, Joins = facts.Joins, MapName = facts.MapName, ColumnNames = facts.ColumnNames,
        };
    }

    /// <summary>
    /// Every code is within the dictionary. Checked on the value buffer as a whole, empty cells included (the writer puts 0
    /// under a null): an entry with anything else there is treated as corrupt and the file parsed again.
    /// </summary>
    private static bool CodesFit(Int32Array codes, int count)
    {
        var values = codes.Values;
        if (values.Length == 0) return true;
        if (count == 0) return codes.NullCount == codes.Length;
        var (min, max) = (values[0], values[0]);
        foreach (var c in values) { if (c < min) min = c; if (c > max) max = c; }
        return min >= 0 && max < count;
    }

    private static List<RecordBatch> ReadBatches(ReadOnlyMemory<byte> section)
    {
        if (section.Length == 0) return []; // nothing written (an Arrow stream without batches has no schema to read)
        using var reader = new ArrowStreamReader(section);
        var batches = new List<RecordBatch>();
        while (reader.ReadNextRecordBatch() is { } batch) batches.Add(batch);
        return batches;
    }

    /// <summary>A batch's worth of codes, 64-bit patterns and presence flags, reused from batch to batch.</summary>
    private sealed class Buffers(int rows)
    {
        public int[] Codes { get; } = new int[rows];
        public long[] Bits { get; } = new long[rows];
        public bool[] Present { get; } = new bool[rows];
    }

    private static void AppendLines(ValueColumn<long> lines, Int64Array array, Buffers buffers)
    {
        var values = array.Values;
        var small = buffers.Codes;
        for (var i = 0; i < array.Length; i++)
        {
            if (values[i] is < 0 or > int.MaxValue) // not a line number any file has: kept as it is, row by row
            {
                for (var j = 0; j < array.Length; j++) lines.Add(true, values[j]);
                return;
            }
            small[i] = (int)values[i];
        }
        lines.AddLines(small, array.Length, 0);
    }

    private static void Append(SourceColumn column, IArrowArray array, string[]? dictionary, int[]? remap, Buffers buffers)
    {
        var length = array.Length;
        var (bits, present) = (buffers.Bits, buffers.Present);
        // The value buffer read once per batch (the arrays' Values property builds a span on each call) and the presence
        // flags filled at once when the batch has no empty cells.
        switch (column)
        {
            case ValueColumn<int> ints:
                var i32 = (Int32Array)array;
                Presence(i32, present);
                var v32 = i32.Values;
                for (var i = 0; i < length; i++) bits[i] = v32[i];
                ints.AddRange(bits, present, length, static b => (int)b);
                break;
            case ValueColumn<double> numbers:
                var f64 = (DoubleArray)array;
                Presence(f64, present);
                var vf = f64.Values;
                for (var i = 0; i < length; i++) bits[i] = BitConverter.DoubleToInt64Bits(vf[i]);
                numbers.AddRange(bits, present, length, BitConverter.Int64BitsToDouble);
                break;
            case ValueColumn<DateTime> times:
                var i64 = (Int64Array)array;
                Presence(i64, present);
                i64.Values[..length].CopyTo(bits);
                times.AddRange(bits, present, length, DateTime.FromBinary);
                break;
            case TextColumn text:
                // The entry's codes (0-based, null when empty) as AddCodes takes them: 0 empty, else the entry's code + 1.
                var codes = (Int32Array)array;
                var shifted = buffers.Codes;
                var vc = codes.Values;
                if (codes.NullCount == 0)
                    for (var i = 0; i < length; i++) shifted[i] = vc[i] + 1;
                else
                    for (var i = 0; i < length; i++) shifted[i] = codes.IsValid(i) ? vc[i] + 1 : 0;
                text.AddCodes(dictionary!, shifted, length, remap);
                break;
            default:
                throw new InvalidOperationException($"unexpected column type {column.GetType().Name} in a cache entry");
        }
    }

    /// <summary>The presence flag of each of <paramref name="array"/>'s rows: true where it holds a value.</summary>
    private static void Presence(IArrowArray array, bool[] present)
    {
        var length = array.Length;
        if (array.NullCount == 0) { present.AsSpan(0, length).Fill(true); return; }
        for (var i = 0; i < length; i++) present[i] = array.IsValid(i);
    }

    // ---- writing ----

    private void Write(string entry, Key key, ParsedFile parsed, ParsedColumns columns)
    {
        Directory.CreateDirectory(_folder);
        var facts = new Facts(key, parsed.Display, parsed.RowsRead, parsed.RowCount, parsed.MapName, parsed.ColumnNames, parsed.Warnings, parsed.Joins, parsed.Rejected.Count);
        var dictionaries = new List<(int Column, List<string> Values)>();
        var sections = new List<byte[]>
        {
            JsonSerializer.SerializeToUtf8Bytes(facts, Json),
            RowsStream(parsed, columns, dictionaries),
            DictionaryStream(dictionaries),
            RejectedStream(parsed.Rejected),
        };
        var temp = Path.Combine(_folder, $".{Path.GetFileName(entry)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var bodyLength = sections.Sum(s => 8L + s.Length);
                Span<byte> number = stackalloc byte[8];
                file.Write(Magic);
                BinaryPrimitives.WriteInt64LittleEndian(number, bodyLength);
                file.Write(number);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                foreach (var s in sections)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(number, s.Length);
                    file.Write(number);
                    hash.AppendData(number);
                    file.Write(s);
                    hash.AppendData(s);
                }
                file.Write(hash.GetHashAndReset());
                file.Flush(flushToDisk: false);
            }
            File.Move(temp, entry, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static byte[] RowsStream(ParsedFile parsed, ParsedColumns columns, List<(int Column, List<string> Values)> dictionaries)
    {
        if (parsed.RowCount == 0) return [];
        var fields = columns.Fields;
        var unique = Enumerable.Range(0, fields.Length).Where(k => columns.Raw[k] is not null).ToArray();
        var schema = new Schema.Builder();
        schema.Field(f => f.Name("line").DataType(Int64Type.Default).Nullable(false));
        for (var k = 0; k < fields.Length; k++)
        {
            IArrowType type = fields[k] switch
            {
                ValueColumn<int> => Int32Type.Default,
                ValueColumn<double> => DoubleType.Default,
                ValueColumn<DateTime> => Int64Type.Default,
                _ => Int32Type.Default,
            };
            schema.Field(f => f.Name($"f{k}").DataType(type).Nullable(true));
        }
        foreach (var k in unique) schema.Field(f => f.Name($"r{k}").DataType(Int32Type.Default).Nullable(true));
        var built = schema.Build();

        var codes = new Dictionary<int, Dictionary<string, int>>();
        Dictionary<string, int> Codes(int column)
        {
            if (codes.TryGetValue(column, out var c)) return c;
            codes.Add(column, c = new Dictionary<string, int>(StringComparer.Ordinal));
            return c;
        }
        using var stream = new MemoryStream();
        using (var writer = new ArrowStreamWriter(stream, built, leaveOpen: true))
        {
            for (var from = parsed.StartRow; from < parsed.StartRow + parsed.RowCount; from += BatchRows)
            {
                var to = Math.Min(from + BatchRows, parsed.StartRow + parsed.RowCount);
                var n = (int)(to - from);
                var arrays = new List<IArrowArray>();
                var lines = new Int64Array.Builder().Reserve(n);
                for (var r = from; r < to; r++) lines.Append(columns.Lines[r] ?? 0);
                arrays.Add(lines.Build());
                for (var k = 0; k < fields.Length; k++) arrays.Add(Encode(fields[k], from, to, () => Codes(k)));
                foreach (var k in unique) arrays.Add(Encode(columns.Raw[k]!, from, to, () => Codes(RawColumn + k)));
                WriteBatch(writer, new RecordBatch(built, arrays, n));
            }
            writer.WriteEnd();
        }
        foreach (var (column, c) in codes.OrderBy(x => x.Key))
        {
            var ordered = new string[c.Count];
            foreach (var (value, code) in c) ordered[code] = value;
            dictionaries.Add((column, ordered.ToList()));
        }
        return stream.ToArray();
    }

    private static IArrowArray Encode(SourceColumn column, long from, long to, Func<Dictionary<string, int>> codes)
    {
        switch (column)
        {
            case ValueColumn<int> ints:
            {
                var b = new Int32Array.Builder();
                for (var r = from; r < to; r++) { if (ints[r] is { } v) b.Append(v); else b.AppendNull(); }
                return b.Build();
            }
            case ValueColumn<double> numbers:
            {
                var b = new DoubleArray.Builder();
                for (var r = from; r < to; r++) { if (numbers[r] is { } v) b.Append(v); else b.AppendNull(); }
                return b.Build();
            }
            case ValueColumn<DateTime> times:
            {
                var b = new Int64Array.Builder();
                for (var r = from; r < to; r++) { if (times[r] is { } v) b.Append(v.ToBinary()); else b.AppendNull(); }
                return b.Build();
            }
            default:
            {
                var dictionary = codes();
                var b = new Int32Array.Builder();
                for (var r = from; r < to; r++)
                {
                    if (column.Text(r) is not { } text) { b.AppendNull(); continue; }
                    if (!dictionary.TryGetValue(text, out var code)) dictionary.Add(text, code = dictionary.Count);
                    b.Append(code);
                }
                return b.Build();
            }
        }
    }

    /// <summary>
    /// Writes a batch built only to be written, then frees its buffers. The builders' buffers are native memory that a
    /// finalizer frees once the batch is unreachable, and Apache.Arrow 23.0.0's <see cref="ArrowStreamWriter"/> copies
    /// the buffers after its last use of the batch (apache/arrow-dotnet#397): a collection during the copy freed the
    /// memory being copied. Seen here as an AccessViolationException in the bench's monthly run (the cache written while
    /// the other cores parsed); it can as well copy whatever the freed memory holds by then. Disposing the batch after
    /// the write keeps it reachable until the copy is done, and frees its native memory at once instead of at a
    /// finalizer's pace.
    /// </summary>
    private static void WriteBatch(ArrowStreamWriter writer, RecordBatch batch)
    {
        using (batch) writer.WriteRecordBatch(batch);
    }

    private static byte[] DictionaryStream(List<(int Column, List<string> Values)> dictionaries)
    {
        if (dictionaries.All(d => d.Values.Count == 0)) return [];
        var schema = new Schema.Builder()
            .Field(f => f.Name("column").DataType(Int32Type.Default).Nullable(false))
            .Field(f => f.Name("value").DataType(StringType.Default).Nullable(false))
            .Build();
        using var stream = new MemoryStream();
        using (var writer = new ArrowStreamWriter(stream, schema, leaveOpen: true))
        {
            var all = dictionaries.SelectMany(d => d.Values.Select(v => (d.Column, v))).ToList();
            for (var from = 0; from < all.Count; from += BatchRows)
            {
                var part = all.Skip(from).Take(BatchRows).ToList();
                var column = new Int32Array.Builder();
                var value = new StringArray.Builder();
                foreach (var (c, v) in part) { column.Append(c); value.Append(v); }
                WriteBatch(writer, new RecordBatch(schema, [column.Build(), value.Build()], part.Count));
            }
            writer.WriteEnd();
        }
        return stream.ToArray();
    }

    private static byte[] RejectedStream(List<RejectedRow> rejected)
    {
        if (rejected.Count == 0) return [];
        var schema = new Schema.Builder()
            .Field(f => f.Name("line").DataType(Int64Type.Default).Nullable(false))
            .Field(f => f.Name("column").DataType(StringType.Default).Nullable(false))
            .Field(f => f.Name("value").DataType(StringType.Default).Nullable(false))
            .Field(f => f.Name("rule").DataType(StringType.Default).Nullable(false))
            .Field(f => f.Name("reason").DataType(StringType.Default).Nullable(false))
            .Build();
        using var stream = new MemoryStream();
        using (var writer = new ArrowStreamWriter(stream, schema, leaveOpen: true))
        {
            for (var from = 0; from < rejected.Count; from += BatchRows)
            {
                var part = rejected.Skip(from).Take(BatchRows).ToList();
                var line = new Int64Array.Builder();
                var texts = Enumerable.Range(0, 4).Select(_ => new StringArray.Builder()).ToArray();
                foreach (var r in part)
                {
                    line.Append(r.Line);
                    texts[0].Append(r.Column); texts[1].Append(r.Value); texts[2].Append(r.Rule); texts[3].Append(r.Reason);
                }
                WriteBatch(writer, new RecordBatch(schema, [line.Build(), .. texts.Select(t => t.Build())], part.Count));
            }
            writer.WriteEnd();
        }
        return stream.ToArray();
    }
}
