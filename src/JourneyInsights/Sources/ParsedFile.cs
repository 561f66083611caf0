namespace JourneyInsights.Sources;

/// <summary>
/// The typed columns that the files of one source are read into, one after the other: one column per map column (in the
/// map's order), the line of each row, and for columns with a uniqueness rule the trimmed text as read (for the
/// rejection message). The files of a glob source append to the same columns, so they are never copied to be joined.
/// </summary>
internal sealed class ParsedColumns
{
    private ParsedColumns(SourceColumn[] fields, TextColumn?[] raw)
    {
        Fields = fields;
        Raw = raw;
    }

    /// <summary>Per map column, its typed column.</summary>
    public SourceColumn[] Fields { get; }
    /// <summary>The 1-based physical line of each row in its own file.</summary>
    public ValueColumn<long> Lines { get; } = new(CanonicalFields.Line, null);
    /// <summary>Per map column with a uniqueness rule, the trimmed text as read; null for the others.</summary>
    public TextColumn?[] Raw { get; }

    /// <summary>Rows held.</summary>
    public long Length => Lines.Length;

    public static ParsedColumns For(ColumnMap map) => new(
        map.Columns.Select(SourceColumn.For).ToArray(),
        map.Columns.Select(c => c.Unique ? new TextColumn(c.Field) : null).ToArray());

    internal static bool IsText(FieldType type) => type is not (FieldType.Integer or FieldType.Number) && !CanonicalFields.IsTime(type);
}

/// <summary>
/// What reading one file of a source gave, before the rules that span rows or depend on the run (future-dated, unique,
/// snapshot collapse, strict mode; see <see cref="AcceptedRows"/>): its rows are
/// <c>[StartRow, StartRow + RowCount)</c> of the source's <see cref="ParsedColumns"/>; <see cref="Rejected"/> holds the rows
/// its own content rejected, in line order. <c>RowsRead = RowCount + Rejected.Count</c>.
/// </summary>
internal sealed class ParsedFile
{
    /// <summary>The file as named in messages (the definition's folder part plus the file name).</summary>
    public required string Display { get; init; }
    public required string FullPath { get; init; }
    public required long Bytes { get; init; }
    public required long StartRow { get; init; }
    public required long RowCount { get; init; }
    public required long RowsRead { get; init; }
    public required List<RejectedRow> Rejected { get; init; }
    public required List<SourceWarning> Warnings { get; init; }
    public required List<JoinLoadReport> Joins { get; init; }
    /// <summary>The name of the column map as reported.</summary>
    public required string MapName { get; init; }
    /// <summary>Per map column, the vendor column name as this file's header has it (an alternative name when that is what it holds).</summary>
    public required string[] ColumnNames { get; init; }
    /// <summary>SHA-256 of the file's bytes (lower-case hex), when computed during the load (for the cache).</summary>
    public string? Sha256 { get; set; }
    /// <summary>Whether the rows came from the parsed-row cache instead of parsing the file.</summary>
    public bool FromCache { get; set; }
    /// <summary>What happened with the cache for this file, in words (null without a cache).</summary>
    public string? CacheNote { get; set; }
    /// <summary>A cache problem for this file (a corrupt or stale entry, an entry that could not be written), or null.</summary>
    public string? CacheWarning { get; set; }
}
