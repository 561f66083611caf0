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
/// countries) are dictionary-encoded: each row holds a 4-byte code into the column's distinct values, each distinct value
/// is held once. At 10M events that halves the column (4 instead of 8 bytes a row) and lets the journey layer work on
/// codes (<see cref="Code"/>, <see cref="Distinct"/>) instead of hashing strings per row. A column whose values hardly
/// repeat (free-text comments, unique ids: more than 90 % distinct after 100,000 rows) stores the strings themselves.
/// </summary>
public sealed class TextColumn(string name) : SourceColumn(name)
{
    private const int DecideAfter = 100_000;
    private List<int[]>? _codes = [];
    private readonly List<string> _distinct = [];
    private Dictionary<string, int>? _index = new(StringComparer.Ordinal);
    private List<string?[]>? _plain;

    public string? this[long row]
    {
        get
        {
            if (_codes is null) return _plain![(int)(row >> ChunkBits)][row & ChunkMask];
            var code = _codes[(int)(row >> ChunkBits)][row & ChunkMask];
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
    public int Code(long row) => _codes is { } codes ? codes[(int)(row >> ChunkBits)][row & ChunkMask]
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
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_index!, text, out var exists);
        if (!exists) { _distinct.Add(text); slot = _distinct.Count; }
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
        if (_codes is not null) remap[code] = _codes[(int)((Length - 1) >> ChunkBits)][(Length - 1) & ChunkMask];
    }

    /// <summary>
    /// Appends <paramref name="count"/> rows given as codes into <paramref name="values"/> (code k is <c>values[k - 1]</c>,
    /// 0 an empty cell; a block of the loader's fast path): each value is looked up in this column once per call.
    /// </summary>
    internal void AddCodes(List<string> values, int[] codes, int count)
    {
        var remap = new int[values.Count + 1];
        var r = 0;
        // Past the point where a column decides to stay coded, the codes are written a chunk at a time.
        while (_codes is not null && Length >= DecideAfter && r < count)
        {
            var at = (int)(Length & ChunkMask);
            if (at == 0) _codes.Add(new int[ChunkSize]);
            var chunk = _codes[^1];
            var n = Math.Min(count - r, ChunkSize - at);
            for (var k = 0; k < n; k++)
            {
                var code = codes[r + k];
                var mine = remap[code];
                if (mine == 0 && code != 0) mine = remap[code] = CodeOf(values[code - 1]);
                chunk[at + k] = mine;
            }
            Length += n;
            r += n;
        }
        for (; r < count; r++) AddRemapped(codes[r] == 0 ? null : values[codes[r] - 1], remap, codes[r]);
    }

    private void Store(int code)
    {
        var at = (int)(Length & ChunkMask);
        if (at == 0) _codes!.Add(new int[ChunkSize]);
        _codes![^1][at] = code;
        Length++;
        if (Length == DecideAfter && _distinct.Count > 0.9 * DecideAfter) StopCoding();
    }

    /// <summary>Nearly every value is new: the codes and the dictionary would cost more than the strings.</summary>
    private void StopCoding()
    {
        var plain = new List<string?[]>(_codes!.Count);
        foreach (var chunk in _codes)
        {
            var strings = new string?[ChunkSize];
            for (var i = 0; i < chunk.Length; i++) strings[i] = chunk[i] == 0 ? null : _distinct[chunk[i] - 1];
            plain.Add(strings);
        }
        _plain = plain;
        _codes = null;
        _index = null;
        _distinct.Clear();
        _distinct.TrimExcess();
    }

    internal override string? Text(long row) => this[row];

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

/// <summary>A column of numbers or UTC date-times; null where the cell was empty.</summary>
public sealed class ValueColumn<T> : SourceColumn where T : unmanaged
{
    private readonly List<T[]> _values = [];
    private readonly List<bool[]> _present = [];
    private readonly Func<ParsedValue, T>? _get;

    internal ValueColumn(string name, Func<ParsedValue, T>? get) : base(name) => _get = get;

    public T? this[long row] => _present[(int)(row >> ChunkBits)][row & ChunkMask] ? _values[(int)(row >> ChunkBits)][row & ChunkMask] : null;

    internal override void Append(bool present, in ParsedValue value) => Add(present, present && _get is not null ? _get(value) : default);

    internal void Add(bool present, T value)
    {
        var at = (int)(Length & ChunkMask);
        if (at == 0) { _values.Add(new T[ChunkSize]); _present.Add(new bool[ChunkSize]); }
        _values[^1][at] = value;
        _present[^1][at] = present;
        Length++;
    }

    /// <summary>Appends <paramref name="count"/> rows stored as 64-bit patterns (a block of the loader's fast path).</summary>
    internal void AddRange(long[] bits, bool[] present, int count, Func<long, T> convert)
    {
        var r = 0;
        while (r < count)
        {
            var at = (int)(Length & ChunkMask);
            if (at == 0) { _values.Add(new T[ChunkSize]); _present.Add(new bool[ChunkSize]); }
            var n = Math.Min(count - r, ChunkSize - at);
            var values = _values[^1];
            for (var k = 0; k < n; k++) values[at + k] = present[r + k] ? convert(bits[r + k]) : default;
            present.AsSpan(r, n).CopyTo(_present[^1].AsSpan(at));
            Length += n;
            r += n;
        }
    }

    /// <summary>Appends <paramref name="count"/> line numbers, each <paramref name="shift"/> + a block's line (all present).</summary>
    internal void AddLines(int[] lines, int count, long shift)
    {
        if (this is not ValueColumn<long> longs) throw new InvalidOperationException("not a column of lines");
        var r = 0;
        while (r < count)
        {
            var at = (int)(Length & ChunkMask);
            if (at == 0) { _values.Add(new T[ChunkSize]); _present.Add(new bool[ChunkSize]); }
            var n = Math.Min(count - r, ChunkSize - at);
            var values = longs._values[^1];
            for (var k = 0; k < n; k++) values[at + k] = lines[r + k] + shift;
            _present[^1].AsSpan(at, n).Fill(true);
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
