using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using JourneyInsights.Sources;

namespace JourneyInsights.Definition;

/// <summary>Writes a drafted journey definition as JSON with <c>//</c> comments, one source, stage or rule per line.</summary>
internal static class JourneyDraftText
{
    private static readonly JsonSerializerOptions Compact = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        // Written for people to read in a text file, never into HTML: keep quotes and accents as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Render(IReadOnlyList<(ExportRecognition Recognition, SourceDefinition Source, SourceLoadReport Load)> sources, ExportProfile profile,
        IReadOnlyList<string> stages, IReadOnlyList<DraftedRule> rules, IReadOnlyList<(string Path, string Reason)> refused)
    {
        var w = new StringBuilder();
        void Line(string text) => w.Append(text).Append('\n');
        void Comment(string indent, string text) => Line($"{indent}// {OneLine(text)}");

        Line("{");
        Comment("  ", $"Drafted by `journey init` from {sources.Count} export file(s). Check every line marked REVIEW, then run `journey validate --config <this file>`.");
        Comment("  ", "Every field is described in docs/configuration.md. Paths are relative to this file.");
        foreach (var (path, reason) in refused) Comment("  ", $"Not used: {path}: {reason}");
        Line($"  \"name\": {S("Customer journey")},");
        var zone = sources.FirstOrDefault(s => s.Recognition.TimeZoneFromFile).Recognition?.TimeZone ?? "UTC";
        Line($"  \"reportTimeZone\": {S(zone)}, // REVIEW: the zone in which report months are cut{(zone != "UTC" ? " (taken from the survey export)" : "")}");

        Line("  \"sources\": [");
        for (var i = 0; i < sources.Count; i++)
        {
            var (r, s, load) = sources[i];
            var comma = i < sources.Count - 1 ? "," : "";
            Comment("    ", $"{Path.GetFileName(r.Path)}: {r.Layout}; {Rows(load)}");
            foreach (var note in r.Review) Comment("    ", $"REVIEW: {note}");
            if (!r.TimeZoneFromFile && r.Kind != SourceKind.Analytics && !r.Review.Any(n => n.Contains("timeZone", StringComparison.Ordinal)))
                Comment("    ", "REVIEW: \"timeZone\" is the zone of the file's dates without an offset; UTC was assumed");
            var head = $"\"name\": {S(s.Name)}, \"kind\": {S(s.Kind.ToString())}, \"path\": {S(s.Path)}";
            var tail = $"\"timeZone\": {S(s.TimeZone)}"
                       + (s.Delimiter is { } d ? $", \"delimiter\": {S(d)}" : "")
                       + (r.Encoding is { } e ? $", \"encoding\": {S(e)}" : "")
                       + (s.JoinFiles is { Count: > 0 } jf ? $", \"joinFiles\": {Spaced(JsonSerializer.Serialize(jf, Compact))}" : "");
            foreach (var (join, file) in r.JoinFiles)
                Comment("    ", $"join {join}: {Path.GetFileName(file)}");
            if (r.Preset is { } preset)
            {
                Line($"    {{ {head}, \"columnMap\": {S(preset)}, {tail} }}{comma}");
                continue;
            }
            var map = r.Map!;
            Line($"    {{");
            Line($"      {head}, {tail},");
            Line($"      \"columns\": {{");
            Line($"        \"name\": {S(map.Name)}, \"kind\": {S(map.Kind.ToString())}, \"description\": {S(map.Description ?? "")},");
            if (map.HeaderRow is { } headerRow) Line($"        \"headerRow\": {headerRow.ToString(CultureInfo.InvariantCulture)},");
            if (map.ExtraHeaderRows != 0) Line($"        \"extraHeaderRows\": {map.ExtraHeaderRows.ToString(CultureInfo.InvariantCulture)},");
            if (map.AllowNoMilestones) Line("        \"allowNoMilestones\": true,");
            if (map.Filter is { Count: > 0 } filter) Line($"        \"filter\": {Spaced(JsonSerializer.Serialize(filter, Compact))},");
            if (map.Joins is { Count: > 0 } joins) Line($"        \"joins\": {Spaced(JsonSerializer.Serialize(joins, Compact))},");
            if (map.Snapshot is { } snapshot) Line($"        \"snapshot\": {Spaced(JsonSerializer.Serialize(snapshot, Compact))},");
            if (map.MilestoneNameField is { } mf) Line($"        \"milestoneNameField\": {S(mf)},");
            if (map.RequireAnyOf is { Count: > 0 } any) Line($"        \"requireAnyOf\": {JsonSerializer.Serialize(any, Compact)},");
            Line("        \"columns\": [");
            for (var c = 0; c < map.Columns.Count; c++)
                Line($"          {Spaced(JsonSerializer.Serialize(map.Columns[c], Compact))}{(c < map.Columns.Count - 1 ? "," : "")}");
            Line("        ]");
            Line("      }");
            Line($"    }}{comma}");
        }
        Line("  ],");

        Comment("  ", "REVIEW: the stages in journey order; the first one opens the funnel. Add a \"goal\" to each for the journey map.");
        Line("  \"stages\": [");
        for (var i = 0; i < stages.Count; i++)
            Line($"    {{ \"name\": {S(stages[i])} }}{(i < stages.Count - 1 ? "," : "")}");
        Line("  ],");

        Comment("  ", "The first rule that matches a record wins. \"entry\": false keeps a touchpoint in its stage without counting as reaching it.");
        Line("  \"touchpoints\": [");
        for (var i = 0; i < rules.Count; i++)
        {
            var (rule, comment) = rules[i];
            var when = JsonSerializer.Serialize(rule.When, Compact);
            var entry = rule.Stage is not null && !rule.Entry ? ", \"entry\": false" : "";
            var text = $"    {{ \"name\": {S(rule.Name)}, \"stage\": {(rule.Stage is null ? "null" : S(rule.Stage))}{entry}, \"when\": {Spaced(when)} }}{(i < rules.Count - 1 ? "," : "")}";
            Line(comment is null ? text : $"{text} // {OneLine(comment)}");
        }
        Line("  ],");

        var (identity, why) = Identity(profile);
        Line($"  \"identity\": {{ \"analyticsUserId\": {S(identity)} }}, // {OneLine(why)}");
        if (profile.HasSurvey)
            Comment("  ", profile.HasCrm || profile.HasAnalytics
                ? $"{Count(profile.ResponsesLinked)} of {Count(profile.Responses)} survey responses name a CRM id or e-mail found in the other exports (the others count for emotion only)"
                : "REVIEW: survey responses alone create no customers: add the analytics or CRM export to place them in the journey");
        Comment("  ", "Channels: none named yet; a customer's channel is \"<source> / <medium>\" of their first event (docs/configuration.md, section 9).");
        Line("  \"channels\": [],");
        var personas = profile.Personas.Take(12).Select(p => S(p.Name)).ToList();
        Line($"  \"personas\": [{string.Join(", ", personas)}]{(personas.Count > 0 ? " // the CRM's personas, most frequent first" : "")}");
        Line("}");
        return w.ToString();
    }

    /// <summary>What the analytics user id holds, decided from the data, and why in words.</summary>
    internal static (string Value, string Why) Identity(ExportProfile p)
    {
        if (!p.HasAnalytics) return ("crm_id", "no analytics export: the setting only matters once one is added");
        if (p.UserIds == 0) return ("none", "REVIEW: the analytics export has no user_id values, so visitors are linked to CRM contacts by nothing; logged-in ids would link them");
        if (p.UserIdsThatAreEmails >= 0.9 * p.UserIds)
            return ("email", $"{Count(p.UserIdsThatAreEmails)} of {Count(p.UserIds)} distinct analytics user ids are e-mail addresses");
        if (p.UserIdsThatAreCrmIds > 0)
            return ("crm_id", $"{Count(p.UserIdsThatAreCrmIds)} of {Count(p.UserIds)} distinct analytics user ids are CRM ids");
        if (!p.HasCrm && p.ResponsesLinked > 0)
            return ("crm_id", "no CRM export; survey responses name the analytics user ids");
        return ("none", p.HasCrm
            ? $"REVIEW: none of {Count(p.UserIds)} distinct analytics user ids is a CRM id or an e-mail, so they only link a visitor's devices"
            : "no CRM export: analytics user ids only link a visitor's devices");
    }

    private static string Rows(SourceLoadReport load) => load.RowsRead == 0 ? "no data rows"
        : string.Create(CultureInfo.InvariantCulture, $"{load.RowsAccepted:N0} of {load.RowsRead:N0} rows accepted ({100.0 * load.RowsAccepted / load.RowsRead:0.0} %)");

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string S(string value) => JsonSerializer.Serialize(value, Compact);

    /// <summary>Compact JSON with a space after each ':' and ',' outside strings, for reading.</summary>
    private static string Spaced(string json)
    {
        var b = new StringBuilder(json.Length + 16);
        bool inString = false, escaped = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            b.Append(c);
            var next = i + 1 < json.Length ? json[i + 1] : '\0';
            if (inString)
            {
                if (escaped) escaped = false;
                else if (c == '\\') escaped = true;
                else if (c == '"') inString = false;
                if (inString) continue;
            }
            else if (c == '"') { inString = true; continue; }
            else if (c is ':' or ',') b.Append(' ');
            else if (c == '{' && next != '}') b.Append(' ');
            if (next == '}' && c != '{') b.Append(' ');
        }
        return b.ToString();
    }

    /// <summary>Text from a file (a header, a value) inside a <c>//</c> comment: no line break may end the comment early.</summary>
    private static string OneLine(string text) => text.Replace("\r", " ").Replace("\n", " ").Replace("\u2028", " ").Replace("\u2029", " ");
}
