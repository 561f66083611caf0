namespace JourneyInsights.Sources;

/// <summary>
/// What `journey init` made of one export file: the layout recognised and why, the column map to read it with (a
/// preset, or an inline map derived from one), encoding, delimiter and time zone; or the reason it is refused.
/// </summary>
public sealed record ExportRecognition
{
    /// <summary>The file as given.</summary>
    public required string Path { get; init; }
    /// <summary>Null when recognised; otherwise why the file cannot be read (an aggregated report, no per-row date, an unknown layout with its header).</summary>
    public string? Refusal { get; init; }
    /// <summary>The layout in words, e.g. "HubSpot contacts export".</summary>
    public string? Layout { get; init; }
    public SourceKind Kind { get; init; }
    /// <summary>The preset name when the preset reads the file as it is; null when <see cref="Map"/> is an inline map.</summary>
    public string? Preset { get; init; }
    /// <summary>The column map in force (the preset's, or the inline one).</summary>
    public ColumnMap? Map { get; init; }
    /// <summary>The source <c>encoding</c> to declare, or null for the default (UTF-8, with or without byte-order mark).</summary>
    public string? Encoding { get; init; }
    /// <summary>The source <c>delimiter</c> to declare, or null for comma (or an Excel <c>sep=</c> hint the loader reads).</summary>
    public string? Delimiter { get; init; }
    /// <summary>The time zone of local times in the file (from the file when it says, else UTC).</summary>
    public string TimeZone { get; init; } = "UTC";
    /// <summary>True when <see cref="TimeZone"/> was read from the file (Qualtrics' ImportId row) rather than assumed.</summary>
    public bool TimeZoneFromFile { get; init; }
    /// <summary>What was recognised and why, one statement per line.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];
    /// <summary>What the user should check (written as comments beside the source).</summary>
    public IReadOnlyList<string> Review { get; init; } = [];
    /// <summary>Data rows in the sample and how many the map reads without a rejection.</summary>
    public int SampleRows { get; init; }
    public int SampleAccepted { get; init; }

    /// <summary>The files of the map's joins by join name (absolute paths), found among the files given or beside this one.</summary>
    public IReadOnlyDictionary<string, string> JoinFiles { get; init; } = new Dictionary<string, string>();

    /// <summary>True when the file can be read.</summary>
    public bool Recognised => Refusal is null;

    /// <summary>
    /// The source of a journey definition reading this file, named <paramref name="name"/>, with its path relative to
    /// <paramref name="definitionDirectory"/> (the folder of the journey.json being written).
    /// </summary>
    public SourceDefinition ToSource(string name, string definitionDirectory)
    {
        if (Map is null) throw new InvalidOperationException($"{Path} was not recognised: {Refusal}");
        var full = System.IO.Path.GetFullPath(Path);
        string Relative(string file) => System.IO.Path.GetRelativePath(definitionDirectory, file).Replace('\\', '/');
        var relative = Relative(full);
        // A joined file that is not where the map looks for it (its file name beside this one) is named in the source.
        var elsewhere = JoinFiles.Where(j => Map.Joins?.FirstOrDefault(d => d.Name == j.Key) is { } join
                && j.Value != System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, join.File)).ToDictionary(j => j.Key, j => j.Value, StringComparer.Ordinal);
        return new SourceDefinition
        {
            Name = name, Kind = Kind, Path = relative, ColumnMap = Preset, Columns = Preset is null ? Map : null,
            TimeZone = TimeZone, Delimiter = Delimiter, Encoding = Encoding ?? "utf-8",
            ResolvedPath = full, ResolvedMap = Map,
            JoinFiles = elsewhere.Count > 0 ? elsewhere.ToDictionary(j => j.Key, j => Relative(j.Value), StringComparer.Ordinal) : null,
            ResolvedJoinFiles = elsewhere.Count > 0 ? elsewhere : null,
        };
    }
}
