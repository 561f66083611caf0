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

/// <summary>A text column; null where the cell was empty.</summary>
public sealed class TextColumn(string name) : SourceColumn(name)
{
    private readonly List<string?[]> _chunks = [];

    public string? this[long row] => _chunks[(int)(row >> ChunkBits)][row & ChunkMask];

    internal override void Append(bool present, in ParsedValue value)
    {
        var at = (int)(Length & ChunkMask);
        if (at == 0) _chunks.Add(new string?[ChunkSize]);
        _chunks[^1][at] = present ? value.Text : null;
        Length++;
    }

    internal override string? Text(long row) => this[row];

    internal override SourceColumn Keep(bool[] keep)
    {
        var copy = new TextColumn(Name);
        for (long i = 0; i < Length; i++)
            if (keep[i]) copy.Append(this[i] is not null, new ParsedValue { Text = this[i] });
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
