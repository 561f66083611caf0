using JourneyInsights.Sources;

namespace JourneyInsights.Privacy;

public static partial class PersonalData
{
    /// <summary>
    /// A source's load account with personal data masked in every text an output shows: the file name (an export may be
    /// named after a person), the rejection reasons and the warnings. Counts are unchanged.
    /// </summary>
    public static SourceLoadReport MaskReport(SourceLoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report with
        {
            Source = Mask(report.Source),
            File = Mask(report.File),
            Reasons = report.Reasons.Select(r => r with { Column = Mask(r.Column), Reason = Mask(r.Reason), File = r.File is null ? null : Mask(r.File) }).ToList(),
            Files = report.Files.Select(f => f with { File = Mask(f.File), FullPath = Mask(f.FullPath), CacheNote = f.CacheNote is null ? null : Mask(f.CacheNote) }).ToList(),
            Warnings = report.Warnings.Select(w => w with { Column = Mask(w.Column), Message = Mask(w.Message) }).ToList(),
            Joins = report.Joins.Select(j => j with { File = Mask(j.File) }).ToList(),
        };
    }

    /// <summary>
    /// The value of a rejected row masked as what its column is (<see cref="ValueKind"/>): the column's canonical field and
    /// type in <paramref name="source"/>'s map decide; a whole-row problem (no column) or an unknown column is free text.
    /// </summary>
    public static string MaskRejectedValue(RejectedRow row, SourceDefinition? source)
    {
        ArgumentNullException.ThrowIfNull(row);
        return MaskAs(row.Value, KindOf(source, row.Column));
    }

    /// <summary>What the column named <paramref name="column"/> (a vendor header) of <paramref name="source"/> holds.</summary>
    public static ValueKind KindOf(SourceDefinition? source, string column)
    {
        if (source is null || column.Length == 0) return ValueKind.Text;
        ColumnMap map;
        try { map = source.Map; }
        catch (InvalidOperationException) { return ValueKind.Text; }
        var spec = map.Columns.FirstOrDefault(c => Named(c, column));
        if (spec is null) return ValueKind.Text;
        if (spec.Type == FieldType.Email || spec.Field == CanonicalFields.Email) return ValueKind.Email;
        if (CanonicalFields.IsTime(spec.Type) || spec.Type is FieldType.Integer or FieldType.Number || CanonicalFields.IsIdentifier(spec.Field))
            return ValueKind.Identifier;
        return ValueKind.Text;
    }

    private static bool Named(ColumnSpec spec, string column) =>
        string.Equals(spec.Column.Trim(), column.Trim(), StringComparison.OrdinalIgnoreCase)
        || (spec.Alternatives ?? []).Any(a => string.Equals(a.Trim(), column.Trim(), StringComparison.OrdinalIgnoreCase));
}
