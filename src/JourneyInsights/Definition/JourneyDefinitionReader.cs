using System.Text.Json;
using JourneyInsights.Sources;

namespace JourneyInsights.Definition;

/// <summary>Reads journey definitions and column maps from JSON, strictly: unknown fields and wrong types are errors naming the JSON path.</summary>
public static class JourneyDefinitionReader
{
    internal static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Explicit, so that hosts with reflection-based serialization off by default (file-based apps, AOT) still read definitions.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
    };

    /// <summary>Reads a journey definition file and resolves its sources' paths and column maps.</summary>
    public static JourneyDefinition Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (InputFile.Refusal(full, "the journey definition (a JSON file such as journey.json)") is { } refusal)
            throw new JourneyDefinitionException(path, "$", $"{full} {refusal}");
        if (!File.Exists(full))
            throw new JourneyDefinitionException(path, "$", $"the journey definition file does not exist (looked for {full})");
        var bytes = File.ReadAllBytes(full);
        var definition = Deserialize<JourneyDefinition>(Utf8Json(bytes, path), path);
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        return Resolve(definition with { FilePath = full, FileSha256 = sha256 }, Path.GetDirectoryName(full)!, path);
    }

    /// <summary>
    /// The definition's bytes as UTF-8: a UTF-16 file with a byte-order mark (Notepad's "Unicode") is converted; one
    /// without a mark (every other byte zero) is refused with a hint instead of a JSON error about NUL characters.
    /// </summary>
    private static byte[] Utf8Json(byte[] bytes, string displayName)
    {
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            return System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2));
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
            return System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2));
        var n = Math.Min(bytes.Length, 256) / 2 * 2;
        int zeroEven = 0, zeroOdd = 0;
        for (var i = 0; i < n; i++) if (bytes[i] == 0) { if (i % 2 == 0) zeroEven++; else zeroOdd++; }
        var half = n / 2;
        if (half >= 2 && (zeroOdd * 2 > half || zeroEven * 2 > half))
        {
            var order = zeroOdd > zeroEven ? "little-endian" : "big-endian";
            throw new JourneyDefinitionException(displayName, "$",
                $"the file looks UTF-16 {order} without a byte-order mark (every other byte is zero); save it as UTF-8 (or UTF-16 with a byte-order mark)");
        }
        return bytes;
    }

    /// <summary>Parses a journey definition from JSON text; relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static JourneyDefinition Parse(string json, string baseDirectory, string displayName = "journey.json") =>
        Resolve(Deserialize<JourneyDefinition>(System.Text.Encoding.UTF8.GetBytes(json), displayName), baseDirectory, displayName);

    internal static T Deserialize<T>(byte[] utf8, string displayName)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(utf8, Options)
                ?? throw new JourneyDefinitionException(displayName, "$", "the file is empty or null");
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? l + 1 : 0;
            var message = ex.Message;
            // System.Text.Json appends its own position; keep the first sentence, we print path and line ourselves.
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            return Throw<T>(new JourneyDefinitionException(displayName, ex.Path ?? "$", message, line));
        }
    }

    private static T Throw<T>(Exception ex) => throw ex;

    private static JourneyDefinition Resolve(JourneyDefinition d, string baseDirectory, string file)
    {
        Check(d.Sources.Count > 0, file, "$.sources", "at least one source is needed");
        Check(d.Stages.Count > 0, file, "$.stages", "at least one stage is needed");
        ValidTimeZone(d.ReportTimeZone, file, "$.reportTimeZone");

        var stageNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < d.Stages.Count; i++)
        {
            Check(!string.IsNullOrWhiteSpace(d.Stages[i].Name), file, $"$.stages[{i}].name", "a stage needs a name");
            Check(stageNames.Add(d.Stages[i].Name), file, $"$.stages[{i}].name", $"stage '{d.Stages[i].Name}' is listed twice");
        }
        var notices = new List<string>();
        d = d with { Touchpoints = d.Touchpoints.Select((t, i) => CanonicalRule(t, $"$.touchpoints[{i}].when.milestones", file, notices)).ToList() };
        for (var i = 0; i < d.Touchpoints.Count; i++)
        {
            var rule = d.Touchpoints[i];
            Check(rule.Stage is null || stageNames.Contains(rule.Stage), file, $"$.touchpoints[{i}].stage",
                $"unknown stage '{rule.Stage}'; the stages are: {string.Join(", ", stageNames)}");
            var w = rule.When;
            Check(w.Events is not null || w.Pages is not null || w.Milestones is not null || w.Surveys is not null,
                file, $"$.touchpoints[{i}].when", "a rule needs at least one of events, pages, milestones, surveys");
        }
        Check(d.Identity.AnalyticsUserId is "crm_id" or "email" or "none", file, "$.identity.analyticsUserId",
            $"expected 'crm_id', 'email' or 'none', found '{d.Identity.AnalyticsUserId}'");
        Check(d.Funnel.Mode is "ordered" or "strict" or "any-order", file, "$.funnel.mode", $"expected 'ordered', 'strict' or 'any-order', found '{d.Funnel.Mode}'");
        CheckExclusions(d, file);
        Check(d.Funnel.CountBy is "customer" or "session", file, "$.funnel.countBy", $"expected 'customer' or 'session', found '{d.Funnel.CountBy}'");
        Check(d.Funnel.ConversionWindowDays > 0, file, "$.funnel.conversionWindowDays", "must be a positive number of days");
        Check(d.Funnel.Alpha is > 0 and < 1, file, "$.funnel.alpha", "must be between 0 and 1");
        foreach (var (label, score) in d.Emotion.Labels)
            Check(score is >= -1 and <= 1, file, $"$.emotion.labels.{label}", $"a label's score must lie in [-1, 1], found {score}");
        if (d.Emotion.RelationshipSurvey is { } relationship)
        {
            var surveyRules = d.Touchpoints.Where(t => t.When.Surveys is { Count: > 0 }).Select(t => t.Name).Distinct(StringComparer.Ordinal).ToList();
            Check(surveyRules.Contains(relationship, StringComparer.Ordinal), file, "$.emotion.relationshipSurvey",
                $"expected the name of a survey touchpoint (a touchpoint rule with \"surveys\"), found '{relationship}'; the survey touchpoints are: "
                + (surveyRules.Count > 0 ? string.Join(", ", surveyRules) : "none"));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var sources = new List<SourceDefinition>();
        for (var i = 0; i < d.Sources.Count; i++)
        {
            var s = d.Sources[i];
            var at = $"$.sources[{i}]";
            Check(names.Add(s.Name), file, $"{at}.name", $"source name '{s.Name}' is used twice");
            ValidTimeZone(s.TimeZone, file, $"{at}.timeZone");
            Check(s.MaxRejectedShare is null or (>= 0 and <= 1), file, $"{at}.maxRejectedShare", "must be a share from 0 to 1");
            var l = s.Limits;
            Check(l.MaxFieldBytes > 0 && l.MaxFieldLines > 0 && l.MaxRecordBytes > 0 && l.MaxHeaderBytes > 0, file, $"{at}.limits",
                "maxFieldBytes, maxFieldLines, maxRecordBytes and maxHeaderBytes must be positive");
            Check(l.MaxRecordBytes >= l.MaxFieldBytes, file, $"{at}.limits.maxRecordBytes", "must be at least maxFieldBytes");
            Check(l.MaxDecompressionRatio >= 1, file, $"{at}.limits.maxDecompressionRatio", "must be at least 1");
            if (s.Delimiter is not null) Check(CsvSource.DelimiterByte(s.Delimiter) is not null, file, $"{at}.delimiter",
                $"expected one of ',', ';', '\\t' (or 'tab'), '|'; found '{s.Delimiter}'");
            Check(ExportEncoding.Normalise(s.Encoding) is not null, file, $"{at}.encoding",
                $"unknown encoding '{s.Encoding}'; expected utf-8, auto, latin1, windows-1252, utf-16 (little-endian) or utf-16be");
            ColumnMap map;
            if (s.Columns is not null) map = s.Columns;
            else if (s.ColumnMap is null) throw new JourneyDefinitionException(file, $"{at}.columnMap", "give a preset name, a column-map file, or inline 'columns'");
            else if (ColumnMapPresets.Names.Contains(s.ColumnMap)) map = ColumnMapPresets.Get(s.ColumnMap);
            else
            {
                var mapPath = Path.GetFullPath(Path.Combine(baseDirectory, s.ColumnMap));
                if (InputFile.Refusal(mapPath, "a column-map JSON file") is { } notAFile)
                    throw new JourneyDefinitionException(file, $"{at}.columnMap", $"'{s.ColumnMap}' {notAFile}");
                Check(File.Exists(mapPath), file, $"{at}.columnMap",
                    $"'{s.ColumnMap}' is neither a preset ({string.Join(", ", ColumnMapPresets.Names)}) nor an existing file");
                map = Deserialize<ColumnMap>(File.ReadAllBytes(mapPath), s.ColumnMap);
            }
            map = CanonicalMap(map, s.Columns is not null ? $"{at}.columns" : $"{at}.columnMap", file, notices);
            // The session id is read only for a funnel counted by session (3M distinct strings at 10M events otherwise unused).
            if (d.Funnel.CountBy != "session" && map.Columns.Any(c => c.Field == CanonicalFields.SessionId))
                map = map with { Columns = map.Columns.Where(c => c.Field != CanonicalFields.SessionId).ToList() };
            ColumnMapChecks.Validate(map, file, s.Columns is not null ? $"{at}.columns" : $"{at}.columnMap");
            Check(map.Kind == s.Kind, file, $"{at}.kind", $"the source is '{s.Kind}' but column map '{map.Name}' is for '{map.Kind}' exports");
            foreach (var name in (s.JoinFiles ?? new Dictionary<string, string>()).Keys)
                Check(map.Joins?.Any(j => j.Name == name) == true, file, $"{at}.joinFiles.{name}",
                    $"column map '{map.Name}' has no join '{name}'; its joins: {string.Join(", ", (map.Joins ?? []).Select(j => j.Name))}");
            sources.Add(s with
            {
                ResolvedPath = Path.GetFullPath(Path.Combine(baseDirectory, s.Path)), ResolvedMap = map,
                ResolvedJoinFiles = s.JoinFiles?.ToDictionary(kv => kv.Key, kv => Path.GetFullPath(Path.Combine(baseDirectory, kv.Value))),
            });
        }
        Check(d.Funnel.CountBy != "session" || sources.Any(s => s.Kind == SourceKind.Analytics && s.ResolvedMap!.Columns.Any(c => c.Field == CanonicalFields.SessionId)),
            file, "$.funnel.countBy", "counting by session needs a session id: map the field 'session_id' in an analytics source's column map (the ga4 preset reads ga_session_id, session_id or event_params.ga_session_id; generic-events reads session_id)");
        return d with { Sources = sources, Notices = notices };
    }

    /// <summary>A rule with old milestone names (<c>became_lead</c>) replaced by the canonical ones, each replacement noted.</summary>
    private static TouchpointRule CanonicalRule(TouchpointRule rule, string at, string file, List<string> notices)
    {
        if (rule.When.Milestones is not { } names || !names.Any(n => CanonicalFields.CanonicalMilestone(n) is not null)) return rule;
        var renamed = names.Select((n, k) =>
        {
            if (CanonicalFields.CanonicalMilestone(n) is not { } canonical) return n;
            notices.Add($"{file}: {at}[{k}]: '{n}' is the old name of the canonical milestone '{canonical}'; it still works, but rename it to '{canonical}'");
            return canonical;
        }).Distinct().ToList();
        return rule with { When = rule.When with { Milestones = renamed } };
    }

    /// <summary>A column map whose milestone fields with old names (<c>became_lead</c>) are renamed to the canonical ones, each renaming noted.</summary>
    private static ColumnMap CanonicalMap(ColumnMap map, string at, string file, List<string> notices)
    {
        if (!map.Columns.Any(c => c.Milestone && CanonicalFields.CanonicalMilestone(c.Field) is not null)) return map;
        return map with
        {
            Columns = map.Columns.Select((c, i) =>
            {
                if (!c.Milestone || CanonicalFields.CanonicalMilestone(c.Field) is not { } canonical) return c;
                notices.Add($"{file}: {at}.columns[{i}].field: '{c.Field}' is the old name of the canonical milestone '{canonical}'; it still works, but rename it to '{canonical}'");
                return c with { Field = canonical };
            }).ToList(),
        };
    }

    /// <summary>Each exclusion names a touchpoint of the rules and a range of stages, from before to; not in an any-order funnel.</summary>
    private static void CheckExclusions(JourneyDefinition d, string file)
    {
        var exclusions = d.Funnel.Exclusions;
        if (exclusions.Count == 0) return;
        Check(d.Funnel.Mode != "any-order", file, "$.funnel.exclusions",
            "exclusion steps need an ordered or strict funnel (\"mode\": \"ordered\" or \"strict\"): in an any-order funnel there is no 'between' two stages");
        Check(d.Stages.Count >= 2, file, "$.funnel.exclusions", "exclusion steps need at least two stages");
        var stages = d.Stages.Select(s => s.Name).ToList();
        var touchpoints = d.Touchpoints.Select(t => t.Name).Distinct(StringComparer.Ordinal).ToList();
        for (var i = 0; i < exclusions.Count; i++)
        {
            var e = exclusions[i];
            var at = $"$.funnel.exclusions[{i}]";
            Check(e is not null, file, at, "expected an object such as { \"touchpoint\": \"Payment error\", \"from\": \"Consideration\", \"to\": \"Purchase\" }");
            Check(touchpoints.Contains(e!.Touchpoint, StringComparer.Ordinal), file, $"{at}.touchpoint",
                $"unknown touchpoint '{e.Touchpoint}'; expected the name of a touchpoint rule: {string.Join(", ", touchpoints.Select(t => $"'{t}'"))}");
            var from = e.From is null ? 0 : stages.IndexOf(e.From);
            var to = e.To is null ? stages.Count - 1 : stages.IndexOf(e.To);
            Check(from >= 0, file, $"{at}.from", $"unknown stage '{e.From}'; the stages are: {string.Join(", ", stages)}");
            Check(to >= 0, file, $"{at}.to", $"unknown stage '{e.To}'; the stages are: {string.Join(", ", stages)}");
            Check(from < to, file, e.To is null ? $"{at}.from" : $"{at}.to",
                $"'from' ({stages[from]}) must be a stage before 'to' ({stages[to]}): the exclusion applies between them");
        }
    }

    private static void ValidTimeZone(string id, string file, string path)
    {
        if (TimeZones.TryFind(id) is null)
            throw new JourneyDefinitionException(file, path, $"unknown time zone '{id}'; use an IANA name such as 'Europe/Amsterdam' or 'UTC'");
    }

    internal static void Check(bool condition, string file, string path, string message)
    {
        if (!condition) throw new JourneyDefinitionException(file, path, message);
    }
}
