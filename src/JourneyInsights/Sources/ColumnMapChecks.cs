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
            JourneyDefinitionReader.Check(c.Min is null && c.Max is null || c.Type is FieldType.Integer or FieldType.Number, file, $"{p}.min",
                "min and max apply to integer and number columns");
        }
        foreach (var required in CanonicalFields.RequiredFor(map.Kind))
            JourneyDefinitionReader.Check(fields.Contains(required), file, $"{at}.columns",
                $"a map for {map.Kind} exports must map the field '{required}'");
        if (map.MilestoneNameField is { } m)
            JourneyDefinitionReader.Check(fields.Contains(m) && fields.Contains(CanonicalFields.Timestamp), file, $"{at}.milestoneNameField",
                $"'{m}' and 'timestamp' must both be mapped for a long-form CRM export");
        foreach (var group in map.RequireAnyOf ?? [])
            foreach (var f in group)
                JourneyDefinitionReader.Check(fields.Contains(f), file, $"{at}.requireAnyOf", $"unknown field '{f}'");
    }
}
