using System.Text.Json.Serialization;

namespace JourneyInsights.Sources;

/// <summary>One export file named in the journey definition.</summary>
public sealed record SourceDefinition
{
    /// <summary>A short name used in reports, e.g. <c>web</c>, <c>crm</c>, <c>survey</c>.</summary>
    public required string Name { get; init; }
    public required SourceKind Kind { get; init; }
    /// <summary>Path of the CSV (or .csv.gz), relative to the journey definition file.</summary>
    public required string Path { get; init; }
    /// <summary>A preset name (<c>ga4</c>, <c>hubspot</c>, <c>salesforce-opportunity-history</c>, <c>qualtrics</c>, <c>surveymonkey</c>, <c>generic-events</c>, ...) or a path to a column-map JSON file.</summary>
    public string? ColumnMap { get; init; }
    /// <summary>An inline column map; takes precedence over <see cref="ColumnMap"/>.</summary>
    public ColumnMap? Columns { get; init; }
    /// <summary>IANA time zone of local timestamps in the file (e.g. <c>America/New_York</c>); default UTC.</summary>
    public string TimeZone { get; init; } = "UTC";
    /// <summary>Field delimiter: <c>,</c>, <c>;</c>, <c>\t</c> (or <c>tab</c>), <c>|</c>; default detected from the header.</summary>
    public string? Delimiter { get; init; }
    /// <summary>
    /// Text encoding when there is no byte-order mark: <c>utf-8</c> (default, strict: an invalid byte is an error naming
    /// the line and byte offset), <c>auto</c> (UTF-8, or Windows-1252 with a warning when the file is not valid UTF-8),
    /// <c>latin1</c>, <c>windows-1252</c>, <c>utf-16</c> (little-endian), <c>utf-16be</c>. A byte-order mark always wins.
    /// </summary>
    public string Encoding { get; init; } = "utf-8";
    /// <summary>
    /// <c>journey validate</c> fails when more than this share of the source's rows are rejected (rows left out by the
    /// map's filter not counted). Null: 0.5. A source with every row rejected always fails.
    /// </summary>
    public double? MaxRejectedShare { get; init; }
    /// <summary>Bounds on field, record and header sizes and on the decompression ratio of .gz files; see <see cref="SourceLimits"/>.</summary>
    public SourceLimits Limits { get; init; } = SourceLimits.Default;

    /// <summary>
    /// Files for the column map's joins by join name, relative to the journey definition, when they are not where the map
    /// says (by default the map's <see cref="JoinDefinition.File"/> beside this source's file).
    /// </summary>
    public IReadOnlyDictionary<string, string>? JoinFiles { get; init; }

    [JsonIgnore] internal string? ResolvedPath { get; init; }
    [JsonIgnore] internal IReadOnlyDictionary<string, string>? ResolvedJoinFiles { get; init; }
    [JsonIgnore] internal ColumnMap? ResolvedMap { get; init; }

    /// <summary>The absolute path, resolved against the definition's folder.</summary>
    public string FullPath => ResolvedPath ?? System.IO.Path.GetFullPath(Path);

    /// <summary>The absolute path of a join's file and its name for messages.</summary>
    public (string FullPath, string Display) JoinFile(JoinDefinition join)
    {
        if (JoinFiles?.TryGetValue(join.Name, out var given) == true)
            return (ResolvedJoinFiles?.GetValueOrDefault(join.Name) ?? System.IO.Path.GetFullPath(given), given);
        var folder = System.IO.Path.GetDirectoryName(Path);
        var display = string.IsNullOrEmpty(folder) ? join.File : System.IO.Path.Combine(folder, join.File).Replace('\\', '/');
        return (System.IO.Path.Combine(System.IO.Path.GetDirectoryName(FullPath)!, join.File), display);
    }

    /// <summary>The column map in force (inline, preset or file).</summary>
    public ColumnMap Map => ResolvedMap ?? Columns ?? throw new InvalidOperationException($"Source '{Name}' has no resolved column map.");
}
