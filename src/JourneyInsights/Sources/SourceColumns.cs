using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;

namespace JourneyInsights.Sources;

/// <summary>
/// A loaded column of one canonical field, stored in fixed-size chunks: appending never copies, and 10 million rows
/// cost what they hold (appending to a DataFrame column grows its buffers by doubling: 10 million strings took 134 MB
/// instead of 80 MB, plus the copies made while growing). Converts to a DataFrame column on demand.
/// </summary>
public abstract class SourceColumn(string name)
{
    internal const int ChunkBits = 16;
    internal const int ChunkSize = 1 << ChunkBits;
    internal const int ChunkMask = ChunkSize - 1;

    /// <summary>The canonical field name.</summary>
    public string Name { get; } = name;

    /// <summary>Rows held.</summary>
    public long Length { get; protected set; }

    internal abstract void Append(bool present, in ParsedValue value);

    /// <summary>The value of a row as text, for comparisons (null when empty).</summary>
    internal abstract string? Text(long row);

    /// <summary>A copy holding only the rows marked in <paramref name="keep"/>, in order.</summary>
    internal abstract SourceColumn Keep(bool[] keep);

    /// <summary>A DataFrame column with the same values (a copy).</summary>
    public abstract DataFrameColumn ToDataFrameColumn();

    internal static SourceColumn For(ColumnSpec spec) => spec.Type switch
    {
        FieldType.Integer => new ValueColumn<int>(spec.Field, v => v.Integer),
        FieldType.Number => new ValueColumn<double>(spec.Field, v => v.Number),
        FieldType.DateTime or FieldType.Date or FieldType.UnixSeconds or FieldType.UnixMillis or FieldType.UnixMicros =>
            new ValueColumn<DateTime>(spec.Field, v => v.Time),
        _ => new TextColumn(spec.Field),
    };
}

/// <summary>
/// A text column; null where the cell was empty. Values that repeat (event names, pages, ids across a device's events,
/// countries) are dictionary-encoded: each row holds a code into the column's distinct values, each distinct value is
/// held once, and the journey layer works on codes (<see cref="Code"/>, <see cref="Distinct"/>) instead of hashing
/// strings per row. A code takes 1 byte a row while the column has at most 255 distinct values (events, pages, channels,
/// devices, countries), 2 bytes up to 65,535 and 4 bytes past that (device and user ids): at 100M events the six narrow
/// columns of a GA4 export hold 600 MB instead of 2.4 GB. A column whose values hardly repeat (free-text comments,
/// unique ids: more than 90 % distinct after 100,000 rows) stores the strings themselves.
/// </summary>
public sealed class TextColumn(string name) : SourceColumn(name)
{
    private const int DecideAfter = 100_000;
    private CodeChunks? _codes = new();
    private readonly List<string> _distinct = [];
    private Dictionary<string, int>? _index = new(StringComparer.Ordinal);
    private List<string?[]>? _plain;

    public string? this[long row]
    {
        get
        {
            if (_codes is null) return _plain![(int)(row >> ChunkBits)][row & ChunkMask];
            var code = _codes[row];
            return code == 0 ? null : _distinct[code - 1];
        }
    }

    /// <summary>
    /// True when the column is dictionary-encoded (<see cref="Code"/> and <see cref="Distinct"/> then describe every row);
    /// false when its values hardly repeat and it holds the strings themselves.
    /// </summary>
    public bool IsCoded => _codes is not null;

    /// <summary>The distinct values of a coded column in order of first appearance: code <c>k</c> is <c>Distinct[k - 1]</c>. Empty when not coded.</summary>
    public IReadOnlyList<string> Distinct => _codes is null ? [] : _distinct;

    /// <summary>The code of a row of a coded column: 0 when the cell was empty, else 1 + the index of its value in <see cref="Distinct"/>.</summary>
    /// <exception cref="InvalidOperationException">The column is not coded (<see cref="IsCoded"/> is false).</exception>
    public int Code(long row) => _codes is { } codes ? codes[row]
        : throw new InvalidOperationException($"column '{Name}' is not dictionary-encoded");

    internal override void Append(bool present, in ParsedValue value) => Add(present ? value.Text : null);

    internal void Add(string? text)
    {
        var at = (int)(Length & ChunkMask);
        if (_codes is null)
        {
            if (at == 0) _plain!.Add(new string?[ChunkSize]);
            _plain![^1][at] = text;
            Length++;
            return;
        }
        Store(text is null ? 0 : CodeOf(text));
    }

    /// <summary>The code of <paramref name="text"/> in a coded column, a new one (the next in order of first appearance) when it is new.</summary>
    private int CodeOf(string text)
    {
        if (_index is null) // released after loading (ReleaseIndex): built again from the distinct values
        {
            _index = new Dictionary<string, int>(_distinct.Count, StringComparer.Ordinal);
            for (var k = 0; k < _distinct.Count; k++) _index[_distinct[k]] = k + 1;
        }
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_index, text, out var exists);
        if (!exists) { _distinct.Add(text); slot = _distinct.Count; _codes!.Fit(slot); }
        return slot;
    }

    /// <summary>
    /// Appends a row given as a code into another column's distinct values (<paramref name="values"/>, e.g. a cached
    /// file's dictionary): each distinct value is looked up in this column once, the first time it comes, and
    /// <paramref name="remap"/> (one entry per value, 0 until seen; the caller keeps it for the whole file) holds this
    /// column's code for it from then on. Codes keep their order of first appearance, as with <see cref="Add"/>.
    /// </summary>
    internal void AddFrom(string[] values, int[] remap, int code) => AddRemapped(values[code], remap, code);

    /// <summary>Appends <paramref name="text"/>, another column's <paramref name="code"/>, through <paramref name="remap"/> (see <see cref="AddFrom"/>).</summary>
    private void AddRemapped(string? text, int[] remap, int code)
    {
        if (_codes is not null && remap[code] is var mine and > 0) { Store(mine); return; }
        Add(text);
        if (_codes is not null) remap[code] = _codes[Length - 1];
    }

    /// <summary>
    /// Appends <paramref name="count"/> rows given as codes into <paramref name="values"/> (code k is <c>values[k - 1]</c>,
    /// 0 an empty cell; a block of the loader's fast path): each value is looked up in this column once per call.
    /// <paramref name="codes"/> is overwritten (with this column's codes). <paramref name="remap"/> (one entry per code,
    /// 0 until seen) may be kept by the caller across calls that share <paramref name="values"/> (a cached file's batches).
    /// </summary>
    internal void AddCodes(IReadOnlyList<string> values, int[] codes, int count, int[]? remap = null)
    {
        remap ??= new int[values.Count + 1];
        var r = 0;
        // Past the point where a column decides to stay coded, the codes are written a chunk at a time.
        while (_codes is not null && Length >= DecideAfter && r < count)
        {
            var at = (int)(Length & ChunkMask);
            var n = Math.Min(count - r, ChunkSize - at);
            // This column's codes for the run, then stored at the column's width (a new value may widen it first).
            var mine = codes.AsSpan(r, n);
            for (var k = 0; k < n; k++)
            {
                var code = mine[k];
                var m = remap[code];
                if (m == 0 && code != 0) m = remap[code] = CodeOf(values[code - 1]);
                mine[k] = m;
            }
            _codes.Put(Length, mine);
            Length += n;
            r += n;
        }
        for (; r < count; r++) AddRemapped(codes[r] == 0 ? null : values[codes[r] - 1], remap, codes[r]);
    }

    private void Store(int code)
    {
        _codes!.Put(Length, code);
        Length++;
        if (Length == DecideAfter && _distinct.Count > 0.9 * DecideAfter) StopCoding();
    }

    /// <summary>
    /// Drops the lookup from value to code that appending needs (about 28 bytes a distinct value: at 100M events 19M device
    /// and user ids, 0.5 GB) once a table is loaded; an append after that builds it again.
    /// </summary>
    internal void ReleaseIndex()
    {
        if (_codes is null) return;
        _index = null;
        _distinct.TrimExcess();
    }

    /// <summary>Nearly every value is new: the codes and the dictionary would cost more than the strings.</summary>
    private void StopCoding()
    {
        var plain = new List<string?[]>();
        for (long row = 0; row < Length; row++)
        {
            if ((row & ChunkMask) == 0) plain.Add(new string?[ChunkSize]);
            var code = _codes![row];
            plain[^1][row & ChunkMask] = code == 0 ? null : _distinct[code - 1];
        }
        _plain = plain;
        _codes = null;
        _index = null;
        _distinct.Clear();
        _distinct.TrimExcess();
    }

    internal override string? Text(long row) => this[row];

    /// <summary>
    /// The codes of a coded column in chunks of <see cref="SourceColumn.ChunkSize"/> rows, each as narrow as the column's
    /// distinct count allows: bytes up to 255 distinct values, then 16 bits up to 65,535, then 32 bits. Widening
    /// converts the chunks held so far once (a column crosses each bound at most once, early for a column of ids).
    /// </summary>
    private sealed class CodeChunks
    {
        private List<byte[]>? _bytes = [];
        private List<ushort[]>? _shorts;
        private List<int[]>? _ints;

        public int this[long row]
        {
            get
            {
                var c = (int)(row >> ChunkBits);
                var i = (int)(row & ChunkMask);
                if (_bytes is { } b) return b[c][i];
                if (_shorts is { } s) return s[c][i];
                return _ints![c][i];
            }
        }

        /// <summary>Makes the chunks wide enough to hold <paramref name="code"/> (called with each new distinct value's code).</summary>
        public void Fit(int code)
        {
            if (_bytes is not null && code > byte.MaxValue)
            {
                _shorts = _bytes.Select(b => Array.ConvertAll(b, x => (ushort)x)).ToList();
                _bytes = null;
            }
            if (_shorts is not null && code > ushort.MaxValue)
            {
                _ints = _shorts.Select(s => Array.ConvertAll(s, x => (int)x)).ToList();
                _shorts = null;
            }
        }

        /// <summary>Writes <paramref name="code"/> (already fitted) at row <paramref name="row"/>, the next row of the column.</summary>
        public void Put(long row, int code)
        {
            var c = (int)(row >> ChunkBits);
            var i = (int)(row & ChunkMask);
            if (_bytes is { } b) { if (i == 0) b.Add(new byte[ChunkSize]); b[c][i] = (byte)code; }
            else if (_shorts is { } s) { if (i == 0) s.Add(new ushort[ChunkSize]); s[c][i] = (ushort)code; }
            else { if (i == 0) _ints!.Add(new int[ChunkSize]); _ints![c][i] = code; }
        }

        /// <summary>Writes a run of codes (already fitted) from row <paramref name="row"/> on, within one chunk.</summary>
        public void Put(long row, ReadOnlySpan<int> codes)
        {
            var c = (int)(row >> ChunkBits);
            var i = (int)(row & ChunkMask);
            if (_bytes is { } b)
            {
                if (i == 0) b.Add(new byte[ChunkSize]);
                var chunk = b[c].AsSpan(i, codes.Length);
                for (var k = 0; k < codes.Length; k++) chunk[k] = (byte)codes[k];
            }
            else if (_shorts is { } s)
            {
                if (i == 0) s.Add(new ushort[ChunkSize]);
                var chunk = s[c].AsSpan(i, codes.Length);
                for (var k = 0; k < codes.Length; k++) chunk[k] = (ushort)codes[k];
            }
            else
            {
                if (i == 0) _ints!.Add(new int[ChunkSize]);
                codes.CopyTo(_ints![c].AsSpan(i));
            }
        }
    }

    internal override SourceColumn Keep(bool[] keep)
    {
        var copy = new TextColumn(Name);
        if (_codes is null)
        {
            for (long i = 0; i < Length; i++)
                if (keep[i]) copy.Add(this[i]);
            return copy;
        }
        // Codes are renumbered in order of first appearance among the rows kept, each value looked up once.
        var values = new string?[_distinct.Count + 1];
        for (var k = 0; k < _distinct.Count; k++) values[k + 1] = _distinct[k];
        var remap = new int[values.Length];
        for (long i = 0; i < Length; i++)
            if (keep[i]) copy.AddFrom(values!, remap, Code(i));
        return copy;
    }

    public override DataFrameColumn ToDataFrameColumn()
    {
        var column = new StringDataFrameColumn(Name, Length);
        for (long i = 0; i < Length; i++) column[i] = this[i];
        return column;
    }
}

/// <summary>
/// A column of numbers or UTC date-times; null where the cell was empty. A chunk whose rows are all present holds no
/// presence flags (required fields, line numbers: 1 byte a row less), and a column of 64-bit integers whose values all
/// fit in 32 bits (line numbers) holds them in 4 bytes a row until a value does not.
/// </summary>
public sealed class ValueColumn<T> : SourceColumn where T : unmanaged
{
    private List<T[]>? _values = [];
    /// <summary>While not null (only when <typeparamref name="T"/> is <see cref="long"/>), the values, each of which fits in an int.</summary>
    private List<int[]>? _narrow;
    /// <summary>Per chunk, which rows are present; null while every row of the chunk is.</summary>
    private readonly List<bool[]?> _present = [];
    private readonly Func<ParsedValue, T>? _get;

    internal ValueColumn(string name, Func<ParsedValue, T>? get) : base(name)
    {
        _get = get;
        if (typeof(T) == typeof(long)) { _narrow = []; _values = null; }
    }

    public T? this[long row]
    {
        get
        {
            var c = (int)(row >> ChunkBits);
            var i = (int)(row & ChunkMask);
            if (_present[c] is { } present && !present[i]) return null;
            if (typeof(T) == typeof(long) && _narrow is { } narrow)
            {
                long wide = narrow[c][i];
                return Unsafe.As<long, T>(ref wide);
            }
            return _values![c][i];
        }
    }

    internal override void Append(bool present, in ParsedValue value) => Add(present, present && _get is not null ? _get(value) : default);

    internal void Add(bool present, T value)
    {
        var at = (int)(Length & ChunkMask);
        if (at == 0) NewChunk();
        if (!present) (_present[^1] ??= AllPresent())[at] = false;
        Put(_present.Count - 1, at, value);
        Length++;
    }

    private void NewChunk()
    {
        if (_narrow is not null) _narrow.Add(new int[ChunkSize]);
        else _values!.Add(new T[ChunkSize]);
        _present.Add(null);
    }

    private static bool[] AllPresent()
    {
        var flags = new bool[ChunkSize];
        flags.AsSpan().Fill(true);
        return flags;
    }

    private void Put(int chunk, int at, T value)
    {
        if (typeof(T) == typeof(long) && _narrow is not null)
        {
            var wide = Unsafe.As<T, long>(ref value);
            if (wide is >= int.MinValue and <= int.MaxValue) { _narrow[chunk][at] = (int)wide; return; }
            Widen();
        }
        _values![chunk][at] = value;
    }

    /// <summary>A value does not fit in 32 bits: the chunks held so far become 64-bit.</summary>
    private void Widen()
    {
        _values = _narrow!.Select(n => { var w = new T[ChunkSize]; for (var k = 0; k < n.Length; k++) { long v = n[k]; w[k] = Unsafe.As<long, T>(ref v); } return w; }).ToList();
        _narrow = null;
    }

    /// <summary>Appends <paramref name="count"/> rows stored as 64-bit patterns (a block of the loader's fast path).</summary>
    internal void AddRange(long[] bits, bool[] present, int count, Func<long, T> convert)
    {
        var r = 0;
        while (r < count)
        {
            var at = (int)(Length & ChunkMask);
            if (at == 0) NewChunk();
            var n = Math.Min(count - r, ChunkSize - at);
            var chunk = _present.Count - 1;
            var flags = present.AsSpan(r, n);
            if (_present[chunk] is not null || flags.Contains(false)) flags.CopyTo((_present[chunk] ??= AllPresent()).AsSpan(at));
            if (_narrow is not null)
                for (var k = 0; k < n; k++) Put(chunk, at + k, flags[k] ? convert(bits[r + k]) : default);
            else
            {
                var values = _values![chunk];
                for (var k = 0; k < n; k++) values[at + k] = flags[k] ? convert(bits[r + k]) : default;
            }
            Length += n;
            r += n;
        }
    }

    /// <summary>Appends <paramref name="count"/> line numbers, each <paramref name="shift"/> + a block's line (all present).</summary>
    internal void AddLines(int[] lines, int count, long shift)
    {
        if (typeof(T) != typeof(long)) throw new InvalidOperationException("not a column of lines");
        var r = 0;
        while (r < count)
        {
            var at = (int)(Length & ChunkMask);
            if (at == 0) NewChunk();
            var n = Math.Min(count - r, ChunkSize - at);
            var chunk = _present.Count - 1;
            for (var k = 0; k < n; k++)
            {
                var line = lines[r + k] + shift;
                Put(chunk, at + k, Unsafe.As<long, T>(ref line));
            }
            Length += n;
            r += n;
        }
    }

    internal override string? Text(long row) => this[row]?.ToString();

    internal override SourceColumn Keep(bool[] keep)
    {
        var copy = new ValueColumn<T>(Name, _get);
        for (long i = 0; i < Length; i++)
            if (keep[i]) copy.Add(this[i] is not null, this[i] ?? default);
        return copy;
    }

    public override DataFrameColumn ToDataFrameColumn()
    {
        var column = new PrimitiveDataFrameColumn<T>(Name, Length);
        for (long i = 0; i < Length; i++) column[i] = this[i];
        return column;
    }
}
