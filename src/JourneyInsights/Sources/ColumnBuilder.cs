using Microsoft.Data.Analysis;

namespace JourneyInsights.Sources;

/// <summary>Appends typed cells to the DataFrame column of one canonical field.</summary>
internal abstract class ColumnBuilder
{
    public abstract void Append(bool present, in ParsedValue value);
    public abstract DataFrameColumn Build();

    public static ColumnBuilder For(ColumnSpec spec) => spec.Type switch
    {
        FieldType.Integer => new Primitive<int>(spec.Field, v => v.Integer),
        FieldType.Number => new Primitive<double>(spec.Field, v => v.Number),
        FieldType.DateTime or FieldType.Date or FieldType.UnixSeconds or FieldType.UnixMillis or FieldType.UnixMicros =>
            new Primitive<DateTime>(spec.Field, v => v.Time),
        _ => new Text(spec.Field),
    };

    private sealed class Text(string name) : ColumnBuilder
    {
        private readonly StringDataFrameColumn _column = new(name);
        public override void Append(bool present, in ParsedValue value) => _column.Append(present ? value.Text : null);
        public override DataFrameColumn Build() => _column;
    }

    private sealed class Primitive<T>(string name, Func<ParsedValue, T> get) : ColumnBuilder where T : unmanaged
    {
        private readonly PrimitiveDataFrameColumn<T> _column = new(name);
        public override void Append(bool present, in ParsedValue value) => _column.Append(present ? get(value) : null);
        public override DataFrameColumn Build() => _column;
    }
}
