using JourneyInsights.Definition;

namespace JourneyInsights.Sources;

/// <summary>Checks that a column map is coherent before any file is read.</summary>
internal static class ColumnMapChecks
{
    public static void Validate(ColumnMap map, string file, string at)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < map.Columns.Count; i++)
        {
            var c = map.Columns[i];
            var p = $"{at}.columns[{i}]";
            JourneyDefinitionReader.Check(!string.IsNullOrWhiteSpace(c.Field), file, $"{p}.field", "a column needs a canonical field name");
            JourneyDefinitionReader.Check(fields.Add(c.Field), file, $"{p}.field", $"field '{c.Field}' is mapped twice");
            JourneyDefinitionReader.Check(CanonicalFields.TypeFits(c.Field, c.Type), file, $"{p}.type",
                $"field '{c.Field}' cannot have type '{c.Type}'");
            JourneyDefinitionReader.Check(!c.Milestone || CanonicalFields.IsTime(c.Type), file, $"{p}.milestone",
                "a milestone column must be a date or date-time");
            JourneyDefinitionReader.Check(!(c.Required && c.Optional), file, $"{p}.optional", "a required column cannot be optional");
            JourneyDefinitionReader.Check(c.Formats is null || c.Type is FieldType.DateTime or FieldType.Date, file, $"{p}.formats",
                "formats apply to DateTime and Date columns");
            JourneyDefinitionReader.Check(c.Formats is not { Count: 0 }, file, $"{p}.formats", "give at least one format, or leave formats out to infer them");
            JourneyDefinitionReader.Check(c.Min is null && c.Max is null || c.Type is FieldType.Integer or FieldType.Number, file, $"{p}.min",
                "min and max apply to integer and number columns");
        }
        JourneyDefinitionReader.Check(map.ExtraHeaderRows == 0 || map.MaxExtraHeaderRows == 0, file, $"{at}.maxExtraHeaderRows",
            "give either extraHeaderRows (exactly so many) or maxExtraHeaderRows (up to so many, detected), not both");
        JourneyDefinitionReader.Check(map.ExtraHeaderRows >= 0 && map.MaxExtraHeaderRows >= 0, file, $"{at}.extraHeaderRows", "must not be negative");
        JourneyDefinitionReader.Check(map.HeaderRow is null or >= 1, file, $"{at}.headerRow", "the header row is a 1-based line number");
        JourneyDefinitionReader.Check(map.HeaderRow is null || map.CommentPrefix is null, file, $"{at}.commentPrefix", "give either headerRow or commentPrefix, not both");
        foreach (var required in CanonicalFields.RequiredFor(map.Kind))
            JourneyDefinitionReader.Check(fields.Contains(required), file, $"{at}.columns",
                $"a map for {map.Kind} exports must map the field '{required}'");
        if (map.MilestoneNameField is { } m)
            JourneyDefinitionReader.Check(fields.Contains(m) && fields.Contains(CanonicalFields.Timestamp), file, $"{at}.milestoneNameField",
                $"'{m}' and 'timestamp' must both be mapped for a long-form CRM export");
        for (var i = 0; i < map.Columns.Count; i++)
            JourneyDefinitionReader.Check(map.Columns[i].ValueMap is null || map.Columns[i].Type == FieldType.String, file, $"{at}.columns[{i}].valueMap",
                "a value map applies to string columns");
        CheckFilters(map.Filter, file, $"{at}.filter");
        var joins = new List<string>();
        for (var j = 0; j < (map.Joins?.Count ?? 0); j++)
        {
            var join = map.Joins![j];
            var p = $"{at}.joins[{j}]";
            JourneyDefinitionReader.Check(!string.IsNullOrWhiteSpace(join.Name) && !join.Name.Contains('.'), file, $"{p}.name", "a join needs a name without '.'");
            JourneyDefinitionReader.Check(!joins.Contains(join.Name), file, $"{p}.name", $"join '{join.Name}' is declared twice");
            JourneyDefinitionReader.Check(join.On.Count > 0, file, $"{p}.on", "a join needs at least one key: { \"column of the row\": \"column of the joined file\" }");
            foreach (var left in join.On.Keys)
                JourneyDefinitionReader.Check(JoinOf(left, map) is not { } other || joins.Contains(other), file, $"{p}.on",
                    $"'{left}' names join '{JoinOf(left, map)}', which is not declared before this one");
            CheckFilters(join.Filter, file, $"{p}.filter");
            joins.Add(join.Name);
        }
        if (map.Snapshot is { } snap)
        {
            JourneyDefinitionReader.Check(snap.Keys.Count > 0 && snap.Values.Count > 0, file, $"{at}.snapshot", "a snapshot needs keys and values");
            foreach (var f in snap.Keys.Concat(snap.Values))
                JourneyDefinitionReader.Check(fields.Contains(f), file, $"{at}.snapshot", $"unknown field '{f}'");
            JourneyDefinitionReader.Check(map.Columns.Any(c => c.Field == snap.OrderBy && CanonicalFields.IsTime(c.Type)), file, $"{at}.snapshot.orderBy",
                $"'{snap.OrderBy}' must be a mapped date or date-time field");
        }
        foreach (var group in map.RequireAnyOf ?? [])
            foreach (var f in group)
                JourneyDefinitionReader.Check(fields.Contains(f), file, $"{at}.requireAnyOf", $"unknown field '{f}'");
    }

    private static void CheckFilters(IReadOnlyList<RowFilter>? filters, string file, string at)
    {
        for (var i = 0; i < (filters?.Count ?? 0); i++)
            JourneyDefinitionReader.Check(filters![i].In is not null || filters[i].NotIn is not null, file, $"{at}[{i}]", "a filter needs 'in' or 'notIn'");
    }

    /// <summary>The join a column name reads (<c>Join.Column</c>), or null for a column of the main file.</summary>
    internal static string? JoinOf(string column, ColumnMap map) =>
        map.Joins?.FirstOrDefault(j => column.StartsWith(j.Name + ".", StringComparison.Ordinal))?.Name;
}
