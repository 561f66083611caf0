using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace JourneyInsights.Sources;

/// <summary>
/// The loader's fast path for the data rows of an export without joined files (after the header rows CsvHelper read,
/// Qualtrics' question texts and ImportIds included, when they held nothing else): the checked UTF-8
/// bytes are cut into blocks of whole records on the reading thread, each block is parsed on any core straight from its
/// bytes into compact per-block columns (text as codes into the block's distinct values, numbers and times as values),
/// and the blocks are merged into the source's columns in file order. A cell's value is worked out once per distinct
/// text in its block (event names, pages, dates, countries repeat on every row), with the same rules as
/// <see cref="CsvSource"/>'s row reader, so values, rejections and line numbers are the same.
/// <para>
/// What this parser does not read the way CsvHelper does (a stray quote inside an unquoted field, text after a closing
/// quote, a carriage return that does not end a line) ends the fast path at the start of its block: the rest of the file,
/// from that block on, is handed back (<see cref="Rest"/>) for CsvHelper's reader, so such files read exactly as before.
/// </para>
/// </summary>
internal sealed class BlockRows
{
    private const int BlockSize = 1 << 22; // 4 MiB of records per block

    /// <summary>
    /// A column whose first this many distinct cells of a block come within this many and a sixteenth cells (ids, e-mail
    /// addresses, exact times, comments: almost every cell new) is read without its table from then on, in every block
    /// (<see cref="_distinct"/>).
    /// </summary>
    private const int DistinctAfter = 4096;

    /// <summary>Per map column, whether its cells are worked out one by one, without the table of distinct cells (set once, by any block's parse).</summary>
    private bool[] _distinct = [];

    public required Stream Input { get; init; }
    public required RecordBounds Bounds { get; init; }
    public required byte Separator { get; init; }
    /// <summary>Fields of the header: a record with any other count is rejected (<c>field-count</c>).</summary>
    public required int FieldCount { get; init; }
    public required FieldParser[] Parsers { get; init; }
    /// <summary>Per map column, its field in the record, or -1 when the file does not have it.</summary>
    public required int[] Index { get; init; }
    public required int[][] AnyOf { get; init; }
    public required ColumnMap Map { get; init; }
    public required string SourceName { get; init; }
    public required string Display { get; init; }
    /// <summary>Lines before the first line of <see cref="Input"/> (the header's line is 1 + this).</summary>
    public required int LineOffset { get; init; }
    public required RowPlan Plan { get; init; }
    public required ParsedColumns Into { get; init; }
    public required List<RejectedRow> Rejected { get; init; }
    public required Func<BoundedRecord, RejectedRow> BoundedRow { get; init; }

    /// <summary>Data rows read (accepted, rejected, and taken out by <see cref="Bounds"/>).</summary>
    public long RowsRead { get; private set; }
    public long RowsAccepted { get; private set; }

    /// <summary>
    /// When the fast path stopped before the end: the header record followed by the rest of the input from the first
    /// record not read, for CsvHelper's reader; null when every row was read.
    /// </summary>
    public Stream? Rest { get; private set; }
    /// <summary>What to add to a line of <see cref="Rest"/> (as CsvHelper counts them) to get the line of <see cref="Input"/>.</summary>
    public long RestShift { get; private set; }

    private byte[]? _header;
    private int _headerLines;

    /// <summary>Whether a map's rows can be read by this path: no joined files.</summary>
    public static bool Eligible(RowPlan plan) => plan.Joins.Length == 0 && plan.JoinColumns.All(j => j is null);

    /// <summary>Records after the column names that the header reading took as extra header rows (Qualtrics' question texts and ImportIds).</summary>
    public int SkipRecords { get; init; }

    /// <summary>Records <see cref="Rest"/>'s reader must skip after its header: <see cref="SkipRecords"/> when <see cref="Rest"/> starts at the very start of the input, else 0.</summary>
    public int RestSkips { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Read(CancellationToken cancellation)
    {
        _distinct = new bool[Parsers.Length];
        var inFlight = new Queue<(Block Block, Task<Batch> Work)>();
        var maxInFlight = Math.Max(2, Environment.ProcessorCount + 1);
        long baseLine = 1; // line of Input at the start of the next block to merge
        byte[]? buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        var have = 0;
        var eof = false;
        var index = 0;
        try
        {
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                while (!eof && have < buffer.Length)
                {
                    var n = Input.Read(buffer, have, buffer.Length - have);
                    if (n == 0) eof = true; else have += n;
                }
                if (have == 0) break;
                var cut = eof ? have : LastRecordEnd(buffer.AsSpan(0, have));
                if (cut <= 0)
                {
                    // One record longer than the block (a long quoted text): read on with a larger buffer.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, have).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }
                var block = new Block(buffer, cut, index++, eof && cut == have);
                var next = ArrayPool<byte>.Shared.Rent(BlockSize);
                if (have - cut > next.Length) { ArrayPool<byte>.Shared.Return(next); next = ArrayPool<byte>.Shared.Rent(have - cut); }
                buffer.AsSpan(cut, have - cut).CopyTo(next);
                have -= cut;
                buffer = next;
                inFlight.Enqueue((block, Task.Run(() => Parse(block))));
                while (inFlight.Count >= maxInFlight || (inFlight.Count > 0 && inFlight.Peek().Work.IsCompleted))
                    if (!Merge(inFlight.Dequeue(), ref baseLine)) { Resume(inFlight, buffer, have, baseLine); buffer = null; return; }
                if (eof && have == 0) break;
            }
            while (inFlight.Count > 0)
                if (!Merge(inFlight.Dequeue(), ref baseLine)) { Resume(inFlight, buffer, have, baseLine); buffer = null; return; }
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
            foreach (var (b, w) in inFlight) { try { w.Wait(); w.Result.Release(); } catch (AggregateException) { } b.Return(); }
        }
    }

    /// <summary>The end (after its line break) of the last whole record in <paramref name="bytes"/>, which starts at a record's start; 0 when none ends in it.</summary>
    private static int LastRecordEnd(ReadOnlySpan<byte> bytes)
    {
        // Outside quotes exactly where the quotes before are even (RFC 4180); a block where that does not hold has a
        // quote this parser does not read, which its parse finds and hands back to CsvHelper.
        var quotes = bytes.Count((byte)'"');
        var end = bytes.Length;
        while (true)
        {
            var nl = bytes[..end].LastIndexOf((byte)'\n');
            if (nl < 0) return 0;
            quotes -= bytes[(nl + 1)..end].Count((byte)'"');
            if ((quotes & 1) == 0) return nl + 1;
            end = nl;
        }
    }

    /// <summary>Merges a parsed block into the columns; false when the block needs CsvHelper's reader (nothing of it merged).</summary>
    private bool Merge((Block Block, Task<Batch> Work) item, ref long baseLine)
    {
        Batch batch;
        try { batch = item.Work.GetAwaiter().GetResult(); }
        catch { item.Block.Return(); throw; }
        if (batch.Header is not null && batch.HeaderDone) { _header = batch.Header; _headerLines = batch.HeaderRecordLines; }
        if (batch.Unread)
        {
            batch.Release();
            _unreadBlock = item.Block;
            return false;
        }
        try
        {
            // Records the bounds took out (blank lines in the block) count among this block's rows, in line order.
            var lineShift = baseLine - 1 + LineOffset;
            var nextBase = baseLine + batch.Lines;
            var bounded = Bounds.TakeBefore(nextBase);
            var due = bounded.Count == 0 ? null : bounded.Select(BoundedRow).ToList();
            var j = 0;
            foreach (var r in batch.Rejected)
            {
                var line = r.Line + lineShift;
                while (due is not null && j < due.Count && due[j].Line < line) Rejected.Add(due[j++]);
                Rejected.Add(r with { Line = line });
            }
            while (due is not null && j < due.Count) Rejected.Add(due[j++]);
            RowsRead += batch.Records + bounded.Count;
            RowsAccepted += batch.Count;
            batch.MergeInto(Into, lineShift);
            batch.Release();
            baseLine = nextBase;
            return true;
        }
        finally { item.Block.Return(); }
    }

    private Block? _unreadBlock;

    /// <summary>Hands the rest of the input, from the block that needs CsvHelper's reader on, back as one stream.</summary>
    private void Resume(Queue<(Block Block, Task<Batch> Work)> inFlight, byte[] buffer, int have, long baseLine)
    {
        var parts = new List<ReadOnlyMemory<byte>>();
        var owned = new List<byte[]>();
        var first = _unreadBlock!;
        if (_header is null)
        {
            // Stopped in the header records themselves: the whole input, as it was.
            parts.Add(first.Bytes.AsMemory(0, first.Length));
            RestShift = 0;
            RestSkips = SkipRecords;
        }
        else
        {
            parts.Add(_header);
            var restLine = baseLine;
            if (first.Index == 0)
            {
                parts.Add(first.Bytes.AsMemory(first.HeaderEnd, first.Length - first.HeaderEnd));
                restLine += first.HeaderLines;
            }
            else parts.Add(first.Bytes.AsMemory(0, first.Length));
            RestShift = restLine - (_headerLines + 1);
        }
        owned.Add(first.Bytes);
        while (inFlight.Count > 0)
        {
            var (b, w) = inFlight.Dequeue();
            try { w.Wait(); w.Result.Release(); } catch (AggregateException) { }
            parts.Add(b.Bytes.AsMemory(0, b.Length));
            owned.Add(b.Bytes);
        }
        parts.Add(buffer.AsMemory(0, have));
        owned.Add(buffer);
        Rest = new JoinedBytes(parts, owned, Input);
    }

    private sealed class Block(byte[] bytes, int length, int index, bool final)
    {
        public byte[] Bytes { get; } = bytes;
        public int Length { get; } = length;
        public int Index { get; } = index;
        /// <summary>The block ends the input (its last record may have no line break).</summary>
        public bool Final { get; } = final;
        /// <summary>For block 0: the end of the header record (after its line break), and its lines.</summary>
        public int HeaderEnd { get; set; }
        public int HeaderLines { get; set; }
        private int _returned;

        public void Return()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0) ArrayPool<byte>.Shared.Return(Bytes);
        }
    }

    // ---- one block, on a worker ----

    /// <summary>What a cell's text gives, worked out once per distinct text per block.</summary>
    private struct Outcome
    {
        public byte Kind; // 0 empty (not present), 1 value, 2 rejected
        /// <summary>The value; for a text column, <c>Integer</c> holds the block's code of its text.</summary>
        public ParsedValue Value;
        public string? Shown, Rule, Reason;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Batch Parse(Block block)
    {
        var bytes = block.Bytes.AsSpan(0, block.Length);
        var capacity = bytes.Count((byte)'\n') + 1;
        var batch = new Batch(this, capacity);
        var fields = new (int Start, int Length, bool Escaped)[FieldCount + 1];
        var scratch = new byte[256];
        var pos = 0;
        var line = 0; // lines of the block before pos
        var sep = Separator;
        var stops = SearchValues.Create([sep, (byte)'\n', (byte)'\r', (byte)'"']);
        var parsers = Parsers;
        var index = Index;
        var columns = parsers.Length;
        var tables = batch.Tables;
        var last = new int[columns];
        Array.Fill(last, -1);
        var texts = batch.Texts;
        var single = default(Outcome);
        var looked = new int[columns]; // cells of each column looked up in its table in this block, and the new ones among them
        var added = new int[columns];
        var values = new ParsedValue[columns];
        var present = new bool[columns];
        var header = block.Index == 0;
        var headerRecords = 0;

        while (pos < bytes.Length)
        {
            // Empty lines are skipped (as CsvHelper's SkipEmptyLines; the bounds blank the records they take out).
            var b = bytes[pos];
            if (b == '\n') { pos++; line++; continue; }
            if (b == '\r')
            {
                if (pos + 1 < bytes.Length && bytes[pos + 1] == '\n') { pos += 2; line++; continue; }
                return batch.Stop();
            }
            var recordStart = pos;
            var recordLine = line;
            var count = 0;
            int recordEnd;
            while (true)
            {
                int end;
                if (bytes[pos] == '"')
                {
                    var j = pos + 1;
                    var escaped = false;
                    while (true)
                    {
                        var q = bytes[j..].IndexOf((byte)'"');
                        if (q < 0) return batch.Stop();
                        j += q;
                        if (j + 1 < bytes.Length && bytes[j + 1] == '"') { escaped = true; j += 2; continue; }
                        break;
                    }
                    var inside = bytes[(pos + 1)..j];
                    line += inside.Count((byte)'\n');
                    if (inside.Contains((byte)'\r') && inside.Count((byte)'\r') != inside.Count("\r\n"u8)) return batch.Stop(); // a bare CR: CsvHelper's own line count
                    if (count < fields.Length) fields[count] = (pos + 1, j - pos - 1, escaped);
                    count++;
                    end = j + 1;
                    if (end < bytes.Length && bytes[end] != sep && bytes[end] != '\n' && bytes[end] != '\r') return batch.Stop();
                }
                else
                {
                    var k = bytes[pos..].IndexOfAny(stops);
                    end = k < 0 ? bytes.Length : pos + k;
                    if (end < bytes.Length && bytes[end] == '"') return batch.Stop();
                    if (count < fields.Length) fields[count] = (pos, end - pos, false);
                    count++;
                }
                if (end >= bytes.Length)
                {
                    if (!block.Final) return batch.Stop();
                    recordEnd = end; pos = end; break;
                }
                var t = bytes[end];
                if (t == sep)
                {
                    pos = end + 1;
                    if (pos >= bytes.Length) { if (!block.Final) return batch.Stop(); if (count < fields.Length) fields[count] = (pos, 0, false); count++; recordEnd = pos; break; }
                    continue;
                }
                if (t == '\n') { recordEnd = end; pos = end + 1; line++; break; }
                // '\r': a line break only before '\n'
                if (end + 1 < bytes.Length && bytes[end + 1] == '\n') { recordEnd = end; pos = end + 2; line++; break; }
                if (end + 1 >= bytes.Length && block.Final) { recordEnd = end; pos = end + 1; break; }
                return batch.Stop();
            }

            if (header)
            {
                // The column names (the synthetic header of a hand-back), then the extra header rows the reader took.
                if (batch.Header is null) { batch.Header = bytes[..pos].ToArray(); batch.HeaderRecordLines = line; }
                if (++headerRecords > SkipRecords) { header = false; batch.HeaderDone = true; }
                block.HeaderEnd = pos;
                block.HeaderLines = line;
                continue;
            }
            batch.Records++;
            var lineNo = recordLine + 1; // the block's first line is 1 (shifted when merged)
            if (count != FieldCount)
            {
                var raw = Encoding.UTF8.GetString(bytes[recordStart..recordEnd]);
                batch.Reject(lineNo, "", CsvSource.Truncate(raw), "field-count",
                    $"expected {FieldCount} fields like the header, found {CsvSource.CountFields(raw, (char)sep)}");
                continue;
            }
            if (recordEnd - recordStart > Plan.MaxRecord)
            {
                batch.Reject(lineNo, "", "", "record-size",
                    string.Create(CultureInfo.InvariantCulture, $"the record is longer than {Plan.MaxRecord:N0} bytes (\"limits\": {{ \"maxRecordBytes\" }})"));
                continue;
            }
            var rejected = false;
            foreach (var (at, filter) in Plan.Filters)
            {
                var cell = at < count ? Encoding.UTF8.GetString(Cell(bytes, fields[at], ref scratch)).Trim() : "";
                if (filter.Passes(cell)) continue;
                batch.Reject(lineNo, filter.Column, CsvSource.Truncate(cell), "filter", $"left out by the column map's filter: {filter}");
                rejected = true;
                break;
            }
            if (rejected) continue;
            for (var i = 0; i < columns; i++)
            {
                present[i] = false;
                if (index[i] < 0) continue;
                var cell = Cell(bytes, fields[index[i]], ref scratch);
                if (parsers[i].Fast)
                {
                    var trimmed = cell.Trim((byte)' ');
                    if (trimmed.Length > 0 && trimmed.Length <= Plan.MaxField && parsers[i].TryParseFast(trimmed, out values[i])) { present[i] = true; continue; }
                }
                ref var outcome = ref single;
                if (_distinct[i])
                {
                    // A column whose cells hardly repeat (ids, e-mail addresses, free text): each cell is worked out on
                    // its own, without a table that would only grow.
                    single = Evaluate(i, Encoding.UTF8.GetString(cell), texts[i], lookUp: false);
                }
                else
                {
                    var table = tables[i] ??= new BytesTable();
                    // Exports repeat a column's value on consecutive rows (a device's events, its session, source, country):
                    // the previous row's entry is checked first, without hashing.
                    var at = last[i];
                    if (at < 0 || !table.Key(at).SequenceEqual(cell))
                    {
                        var hash = BytesTable.Hash(cell);
                        at = table.Find(cell, hash);
                        if (at < 0)
                        {
                            at = table.Add(cell, hash, Evaluate(i, Encoding.UTF8.GetString(cell), texts[i], lookUp: true));
                            if (++added[i] == DistinctAfter && looked[i] < DistinctAfter + DistinctAfter / 16) _distinct[i] = true;
                        }
                        last[i] = at;
                    }
                    looked[i]++;
                    outcome = ref table.Outcomes[at];
                }
                if (outcome.Kind == 0) continue;
                if (outcome.Kind == 2)
                {
                    batch.Reject(lineNo, parsers[i].Spec.Column, outcome.Shown!, outcome.Rule!, outcome.Reason!);
                    rejected = true;
                    break;
                }
                values[i] = outcome.Value;
                present[i] = true;
            }
            if (rejected) continue;
            foreach (var group in AnyOf)
                if (!group.Any(g => g >= 0 && present[g]))
                {
                    batch.Reject(lineNo, string.Join(" / ", group.Select(g => Map.Columns[g].Column)), "", "required-any",
                        $"at least one of {string.Join(", ", group.Select(g => $"'{Map.Columns[g].Column}'"))} is required");
                    rejected = true;
                    break;
                }
            if (rejected) continue;
            batch.Accept(lineNo, values, present);
        }
        batch.Lines = line;
        return batch;
    }

    /// <summary>A cell's bytes as CsvHelper hands them: a quoted field without its quotes, <c>""</c> read as one quote.</summary>
    private static ReadOnlySpan<byte> Cell(ReadOnlySpan<byte> bytes, (int Start, int Length, bool Escaped) field, ref byte[] scratch)
    {
        var cell = bytes.Slice(field.Start, field.Length);
        if (!field.Escaped) return cell;
        if (scratch.Length < cell.Length) scratch = new byte[cell.Length * 2];
        var n = 0;
        for (var i = 0; i < cell.Length; i++)
        {
            scratch[n++] = cell[i];
            if (cell[i] == '"') i++; // the second quote of a pair
        }
        return scratch.AsSpan(0, n);
    }

    /// <summary>A cell's value as <see cref="CsvSource"/>'s row reader works it out from the text (the row's other cells play no part).</summary>
    /// <param name="i">The map column.</param>
    /// <param name="raw">The cell's text as CsvHelper hands it.</param>
    /// <param name="texts">The block's distinct values of a text column; null for the other types.</param>
    /// <param name="lookUp">Whether a text column's value takes the code of the same text earlier in the block (a table's
    /// entry, looked up once per distinct cell), or a code of its own (a cell of a column whose cells hardly repeat: the
    /// column's own dictionary makes the codes of equal texts one when the block is merged).</param>
    private Outcome Evaluate(int i, string raw, LocalTexts? texts, bool lookUp)
    {
        var spec = Parsers[i].Spec;
        if (raw.Length > Plan.MaxField)
            return Reject(CsvSource.Truncate(raw), "field-size",
                string.Create(CultureInfo.InvariantCulture, $"the value is longer than {Plan.MaxField:N0} characters (\"limits\": {{ \"maxFieldBytes\" }})"));
        var text = raw.AsSpan().Trim();
        if (text.Length == 0) return spec.Required ? Reject("", "required", "a value is required") : default;
        var trimmed = text.Length == raw.Length ? raw : text.ToString();
        if (!Parsers[i].TryParse(trimmed, out var value, out var rule, out var reason)) return Reject(CsvSource.Truncate(trimmed), rule, reason);
        if (Plan.ValueMaps[i] is { } map && value.Text is { } found && map.TryGetValue(found, out var canonical)) value.Text = canonical;
        if (spec.Unique) value.Raw = trimmed;
        if (texts is not null) value.Integer = value.Text is null ? 0 : lookUp ? texts.Code(value.Text) : texts.Append(value.Text); // a text column's row holds the block's code
        return new Outcome { Kind = 1, Value = value };

        static Outcome Reject(string shown, string rule, string reason) => new() { Kind = 2, Shown = shown, Rule = rule, Reason = reason };
    }

    /// <summary>Per column, a block's cell tables and distinct values, handed from block to block.</summary>
    private sealed class Scratch(int columns)
    {
        public BytesTable?[] Tables { get; } = new BytesTable?[columns];
        public LocalTexts?[] Texts { get; } = new LocalTexts?[columns];
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<Scratch> _free = new();

    /// <summary>A block's distinct values of one text column: code k is <c>Values[k - 1]</c>.</summary>
    private sealed class LocalTexts
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        public List<string> Values { get; } = [];

        public int Code(string text)
        {
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_index, text, out var exists);
            if (!exists) { Values.Add(text); slot = Values.Count; }
            return slot;
        }

        /// <summary>A code of its own for <paramref name="text"/>, not looked up: equal texts may then hold different codes of one block.</summary>
        public int Append(string text)
        {
            Values.Add(text);
            return Values.Count;
        }

        public void Clear()
        {
            _index.Clear();
            Values.Clear();
        }
    }

    /// <summary>An open-addressing table from a cell's bytes to its <see cref="Outcome"/>, one per column per block.</summary>
    private sealed class BytesTable
    {
        private int[] _slots = new int[256];
        private (int Hash, int Start, int Length)[] _keys = new (int, int, int)[128];
        private byte[] _arena = new byte[4096];
        private int _used;
        private int _count;
        public Outcome[] Outcomes = new Outcome[128];

        /// <summary>A random seed per process, so that no input can be written to make every key collide.</summary>
        private static readonly ulong Seed = (ulong)Random.Shared.NextInt64() | 1;

        /// <summary>A multiply-and-mix hash of 8 bytes at a time (the cells are short: ids, names, paths, dates).</summary>
        public static int Hash(ReadOnlySpan<byte> key)
        {
            var h = Seed ^ (ulong)key.Length * 0x9E3779B97F4A7C15;
            while (key.Length >= 8)
            {
                h = (h ^ System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(key)) * 0xFF51AFD7ED558CCD;
                h ^= h >> 32;
                key = key[8..];
            }
            if (key.Length > 0)
            {
                ulong tail = 0;
                for (var i = 0; i < key.Length; i++) tail |= (ulong)key[i] << (8 * i);
                h = (h ^ tail) * 0xC4CEB9FE1A85EC53;
            }
            h ^= h >> 29;
            h *= 0x9E3779B97F4A7C15;
            return (int)(h >> 32);
        }

        /// <summary>Empties the table, keeping its arrays for the next block.</summary>
        public void Clear()
        {
            Array.Clear(_slots);
            Array.Clear(Outcomes, 0, _count);
            _count = 0;
            _used = 0;
        }

        /// <summary>The bytes of entry <paramref name="e"/>.</summary>
        public ReadOnlySpan<byte> Key(int e) => _arena.AsSpan(_keys[e].Start, _keys[e].Length);

        public int Find(ReadOnlySpan<byte> key, int hash)
        {
            var mask = _slots.Length - 1;
            for (var s = hash & mask; ; s = (s + 1) & mask)
            {
                var e = _slots[s] - 1;
                if (e < 0) return -1;
                var k = _keys[e];
                if (k.Hash == hash && _arena.AsSpan(k.Start, k.Length).SequenceEqual(key)) return e;
            }
        }

        public int Add(ReadOnlySpan<byte> key, int hash, Outcome outcome)
        {
            if (_count == _keys.Length)
            {
                Array.Resize(ref _keys, _count * 2);
                Array.Resize(ref Outcomes, _count * 2);
            }
            if (_used + key.Length > _arena.Length) Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _used + key.Length));
            key.CopyTo(_arena.AsSpan(_used));
            var e = _count++;
            _keys[e] = (hash, _used, key.Length);
            Outcomes[e] = outcome;
            _used += key.Length;
            if (_count * 2 > _slots.Length) Grow();
            else Place(e);
            return e;
        }

        private void Place(int e)
        {
            var mask = _slots.Length - 1;
            var s = _keys[e].Hash & mask;
            while (_slots[s] != 0) s = (s + 1) & mask;
            _slots[s] = e + 1;
        }

        private void Grow()
        {
            _slots = new int[_slots.Length * 2];
            for (var e = 0; e < _count; e++) Place(e);
        }
    }

    /// <summary>The accepted rows of one block in compact columns, and its rejections (lines counted from the block's first line as 1).</summary>
    private sealed class Batch
    {
        private readonly BlockRows _owner;
        private readonly int[]?[] _codes;
        private readonly long[]?[] _bits; // numbers and times: int, double bits, DateTime ticks (UTC)
        private readonly bool[]?[] _present;
        private readonly string?[]?[] _raw;
        private readonly int[] _lines;
        public readonly LocalTexts?[] Texts;
        /// <summary>Per column, the block's table of cell texts (reused from block to block, like <see cref="Texts"/>).</summary>
        public readonly BytesTable?[] Tables;
        private readonly Scratch _scratch;
        public List<RejectedRow> Rejected { get; } = [];
        public int Count;
        public int Records;
        public int Lines;
        public bool Unread;
        public byte[]? Header;
        /// <summary>Lines of <see cref="Header"/> (blank lines before the column names included).</summary>
        public int HeaderRecordLines;
        /// <summary>The block passed the column names and every extra header row.</summary>
        public bool HeaderDone;

        public Batch(BlockRows owner, int capacity)
        {
            _owner = owner;
            var columns = owner.Parsers.Length;
            _codes = new int[]?[columns];
            _bits = new long[]?[columns];
            _present = new bool[]?[columns];
            _raw = new string?[]?[columns];
            // The tables and distinct values of an earlier block, emptied: growing new ones for each block (a few MB for
            // the id columns) would pile up on the large-object heap until a full collection.
            _scratch = owner._free.TryDequeue(out var reused) ? reused : new Scratch(columns);
            Texts = _scratch.Texts;
            Tables = _scratch.Tables;
            _lines = ArrayPool<int>.Shared.Rent(capacity);
            for (var i = 0; i < columns; i++)
            {
                var field = owner.Into.Fields[i];
                // Rented: a block's columns are a few MB, and new ones for each of hundreds of blocks would pile up on the
                // large-object heap until a full collection (the process's peak working set).
                if (field is TextColumn) { _codes[i] = ArrayPool<int>.Shared.Rent(capacity); Texts[i] ??= new LocalTexts(); }
                else { _bits[i] = ArrayPool<long>.Shared.Rent(capacity); _present[i] = ArrayPool<bool>.Shared.Rent(capacity); }
                if (owner.Into.Raw[i] is not null) _raw[i] = ArrayPool<string?>.Shared.Rent(capacity);
            }
        }

        /// <summary>Gives the rented columns back (once merged, or when the block is not used).</summary>
        public void Release()
        {
            if (_released) return;
            _released = true;
            ArrayPool<int>.Shared.Return(_lines);
            for (var i = 0; i < _codes.Length; i++)
            {
                if (_codes[i] is { } c) ArrayPool<int>.Shared.Return(c);
                if (_bits[i] is { } b) ArrayPool<long>.Shared.Return(b);
                if (_present[i] is { } p) ArrayPool<bool>.Shared.Return(p);
                if (_raw[i] is { } r) ArrayPool<string?>.Shared.Return(r, clearArray: true);
                Texts[i]?.Clear();
                Tables[i]?.Clear();
            }
            _owner._free.Enqueue(_scratch);
        }

        private bool _released;

        public Batch Stop()
        {
            Unread = true;
            return this;
        }

        public void Reject(long line, string column, string value, string rule, string reason) =>
            Rejected.Add(new RejectedRow(_owner.SourceName, _owner.Display, line, column, value, rule, reason));

        public void Accept(int line, ParsedValue[] values, bool[] present)
        {
            var n = Count++;
            _lines[n] = line;
            for (var i = 0; i < values.Length; i++)
            {
                if (_codes[i] is { } codes) codes[n] = present[i] ? values[i].Integer : 0;
                else
                {
                    _present[i]![n] = present[i];
                    _bits[i]![n] = !present[i] ? 0 : _owner.Parsers[i].Spec.Type switch
                    {
                        FieldType.Integer => values[i].Integer,
                        FieldType.Number => BitConverter.DoubleToInt64Bits(values[i].Number),
                        _ => (long)((ulong)values[i].Time.Ticks | (ulong)values[i].Time.Kind << 62),
                    };
                }
                if (_raw[i] is { } raw) raw[n] = present[i] ? values[i].Raw : null;
            }
        }

        public void MergeInto(ParsedColumns into, long lineShift)
        {
            for (var i = 0; i < _codes.Length; i++)
            {
                switch (into.Fields[i])
                {
                    case TextColumn text: text.AddCodes(Texts[i]!.Values, _codes[i]!, Count); break;
                    case ValueColumn<int> ints: ints.AddRange(_bits[i]!, _present[i]!, Count, static b => (int)b); break;
                    case ValueColumn<double> numbers: numbers.AddRange(_bits[i]!, _present[i]!, Count, BitConverter.Int64BitsToDouble); break;
                    case ValueColumn<DateTime> times: times.AddRange(_bits[i]!, _present[i]!, Count, static b => new DateTime(b & 0x3FFF_FFFF_FFFF_FFFF, (DateTimeKind)((ulong)b >> 62))); break;
                    default: throw new InvalidOperationException($"unexpected column type {into.Fields[i].GetType().Name}");
                }
                if (_raw[i] is { } raw)
                    for (var r = 0; r < Count; r++) into.Raw[i]!.Add(raw[r]);
            }
            into.Lines.AddLines(_lines, Count, lineShift);
        }
    }

    /// <summary>Bytes already read followed by the rest of a stream, as one stream (the rented buffers go back when disposed).</summary>
    private sealed class JoinedBytes(List<ReadOnlyMemory<byte>> parts, List<byte[]> owned, Stream rest) : ReadOnlyStream
    {
        private int _part;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> destination)
        {
            while (_part < parts.Count)
            {
                var p = parts[_part];
                if (p.Length == 0) { _part++; continue; }
                var n = Math.Min(p.Length, destination.Length);
                p.Span[..n].CopyTo(destination);
                parts[_part] = p[n..];
                return n;
            }
            return rest.Read(destination);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                foreach (var b in owned) ArrayPool<byte>.Shared.Return(b);
                owned.Clear();
                rest.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
