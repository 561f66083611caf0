using Microsoft.Data.Analysis;

namespace JourneyInsights.Sources;

/// <summary>
/// One loaded export: its accepted rows typed into canonical fields (one column per mapped field plus
/// <see cref="CanonicalFields.Line"/>), and the account of every input row.
/// </summary>
public sealed class SourceTable(SourceDefinition source, IReadOnlyList<SourceColumn> columns, SourceLoadReport report, IReadOnlyList<RejectedRow> rejected)
{
    private DataFrame? _frame;
    private IReadOnlyList<SourceColumn> _columns = columns;
    private readonly long _rows = ReleaseIndexes(columns);
    private HashSet<string>? _releasedFields;
    private bool _released;

    public SourceDefinition Source { get; } = source;

    /// <summary>A loaded table is only read: its text columns' value-to-code lookups go (see <see cref="TextColumn.ReleaseIndex"/>). Returns the row count.</summary>
    private static long ReleaseIndexes(IReadOnlyList<SourceColumn> columns)
    {
        foreach (var c in columns) (c as TextColumn)?.ReleaseIndex();
        return columns.Count > 0 ? columns[0].Length : 0;
    }
    public string Name => Source.Name;
    public SourceKind Kind => Source.Kind;
    /// <summary>The typed columns, by canonical field.</summary>
    public IReadOnlyList<SourceColumn> Columns => _released
        ? throw new InvalidOperationException($"The rows of source '{Name}' were released after the journey was built.")
        : _columns;
    /// <summary>Accepted rows.</summary>
    public long RowCount => _released
        ? throw new InvalidOperationException($"The rows of source '{Name}' were released after the journey was built.")
        : _rows;

    /// <summary>
    /// Lets go of the rows (the report, the rejected rows and the definition stay), for batch runs that need only the
    /// stitched journey afterwards: at 10M events that returns about 1.3 GB before the outputs are rendered.
    /// </summary>
    public void ReleaseRows()
    {
        _released = true;
        _columns = [];
        _frame = null;
    }
    /// <summary>
    /// Lets go of the rows of some fields while the others stay (the journey builder releases each field after the last
    /// step that reads it, when its caller asks: <see cref="Journeys.JourneyBuilder.Build"/>). Reading a released field
    /// afterwards throws <see cref="InvalidOperationException"/> instead of finding no such field.
    /// </summary>
    internal void ReleaseFields(IEnumerable<string> fields)
    {
        var present = fields.Where(f => _columns.Any(c => c.Name == f)).ToHashSet(StringComparer.Ordinal);
        if (present.Count == 0) return;
        (_releasedFields ??= new HashSet<string>(StringComparer.Ordinal)).UnionWith(present);
        _columns = _columns.Where(c => !present.Contains(c.Name)).ToList();
        _frame = null;
    }

    /// <summary>The fields this table holds now (every mapped field until some are released).</summary>
    internal IEnumerable<string> Fields => _columns.Select(c => c.Name);

    /// <summary>
    /// The accepted rows as a DataFrame, one column per mapped canonical field; date-times are UTC. Built on first use
    /// (a copy of <see cref="Columns"/>), so large loads that only feed the journey never pay for it.
    /// </summary>
    public DataFrame Frame => _frame ??= new DataFrame(Columns.Select(c => c.ToDataFrameColumn()).ToList());
    public SourceLoadReport Report { get; } = report;
    /// <summary>The rows not used, each with its reason.</summary>
    public IReadOnlyList<RejectedRow> Rejected { get; } = rejected;

    /// <summary>The column of a canonical field as a DataFrame column, or null when the map does not have it.</summary>
    public DataFrameColumn? Column(string field) => Find(field) is not null ? Frame.Columns[field] : null;

    /// <summary>The text column of a canonical field, or null.</summary>
    /// <exception cref="InvalidOperationException">The rows of the field were released.</exception>
    public TextColumn? Text(string field) => Find(field) as TextColumn;

    /// <summary>The number or date-time column of a canonical field, or null.</summary>
    /// <exception cref="InvalidOperationException">The rows of the field were released.</exception>
    public ValueColumn<T>? Values<T>(string field) where T : unmanaged => Find(field) as ValueColumn<T>;

    private SourceColumn? Find(string field)
    {
        var columns = Columns;
        if (_releasedFields is not null && _releasedFields.Contains(field))
            throw new InvalidOperationException($"The rows of field '{field}' of source '{Name}' were released while the journey was built.");
        for (var i = 0; i < columns.Count; i++) if (columns[i].Name == field) return columns[i];
        return null;
    }
}

/// <summary>
/// The account of one source: <c>RowsRead = RowsAccepted + RowsRejected</c>. Rows are data records after the header
/// rows; a record with embedded line breaks is one row.
/// </summary>
public sealed record SourceLoadReport
{
    public required string Source { get; init; }
    public required string File { get; init; }
    public required SourceKind Kind { get; init; }
    public required string ColumnMap { get; init; }
    public long RowsRead { get; init; }
    public long RowsAccepted { get; init; }
    public long RowsRejected { get; init; }
    /// <summary>
    /// Of <see cref="RowsRejected"/>, the rows left out by the map's row filter (e.g. <c>IsDeleted</c>): declared, not a
    /// data-quality problem. Reported with rule <c>filter</c>.
    /// </summary>
    public long RowsFiltered { get; init; }
    /// <summary>
    /// Of <see cref="RowsAccepted"/>, the rows folded into the row before them by snapshot de-duplication (a repeat of the
    /// state already reached: an OpportunityHistory row for an amount change at the same stage). The table holds
    /// <c>RowsAccepted - RowsCollapsed</c> rows.
    /// </summary>
    public long RowsCollapsed { get; init; }
    /// <summary>The files joined to this one, each with its own account.</summary>
    public IReadOnlyList<JoinLoadReport> Joins { get; init; } = [];
    /// <summary>Earliest and latest time in the accepted rows (timestamp, else created/milestone dates), UTC.</summary>
    public DateTime? FirstTimestamp { get; init; }
    public DateTime? LastTimestamp { get; init; }
    /// <summary>Rejections grouped by rule and column, most frequent first.</summary>
    public IReadOnlyList<RejectionReason> Reasons { get; init; } = [];
    /// <summary>
    /// What was read but deserves a look, the file's rows being used all the same: a mapped optional column absent, a header
    /// name written twice, values that look re-saved by Excel, an encoding or time zone taken from the file.
    /// </summary>
    public IReadOnlyList<SourceWarning> Warnings { get; init; } = [];
    /// <summary>Bytes of the source's files, all together.</summary>
    public long Bytes { get; init; }
    public TimeSpan Duration { get; init; }
    /// <summary>
    /// Every file read for the source, in the order read: one for a plain path, each matching file for a glob path
    /// (<see cref="SourceFiles"/>). Their counts add up to the source's.
    /// </summary>
    public IReadOnlyList<SourceFileReport> Files { get; init; } = [];
}

/// <summary>
/// The account of one file of a source: <c>RowsRead = RowsAccepted + RowsRejected</c>, the rejections including those
/// decided over the whole source (a duplicate of a value in an earlier file counts in the file where it repeats).
/// </summary>
/// <param name="File">The file as named in messages (the definition's folder part and the file name).</param>
/// <param name="FullPath">The absolute path.</param>
/// <param name="Bytes">Size of the file as read.</param>
/// <param name="RowsRead">Data rows of the file (records after its header rows).</param>
/// <param name="RowsAccepted">Of those, the rows in the source's table (before snapshot collapse).</param>
/// <param name="RowsRejected">Of those, the rows rejected, each listed with its reason.</param>
public sealed record SourceFileReport(string File, string FullPath, long Bytes, long RowsRead, long RowsAccepted, long RowsRejected)
{
    /// <summary>SHA-256 of the file (lower-case hex) when the load computed it (the parsed-row cache keys on it); else null.</summary>
    public string? Sha256 { get; init; }
    /// <summary>Whether the rows came from the parsed-row cache (<see cref="LoadOptions.CacheFolder"/>) instead of parsing the file.</summary>
    public bool FromCache { get; init; }
    /// <summary>What the cache did for this file, in words ("read from the cache", "parsed and cached", "cache entry corrupt: …; rebuilt"); null without a cache.</summary>
    public string? CacheNote { get; init; }
    /// <summary>
    /// A cache problem for this file, or null: a corrupt, truncated or stale entry (the file was parsed and the entry
    /// rebuilt), an entry that could not be written, a cache folder refused. Never changes the rows; a host shows it as a warning.
    /// </summary>
    public string? CacheWarning { get; init; }
}

/// <summary>How many rows were rejected for one rule on one column, with an example.</summary>
/// <param name="Column">The input column (vendor header), or empty for whole-row problems.</param>
/// <param name="Rule">The rule that failed (see <see cref="RejectedRow.Rule"/>).</param>
/// <param name="Reason">What was expected, in words.</param>
/// <param name="Rows">Rows rejected for this rule on this column.</param>
/// <param name="FirstLine">The first line of such a row, in <paramref name="File"/>.</param>
/// <param name="File">For a source read from several files (a glob path), the file of <paramref name="FirstLine"/>; null for a one-file source.</param>
public sealed record RejectionReason(string Column, string Rule, string Reason, long Rows, long FirstLine, string? File = null)
{
    /// <summary>Where the first such row is, in words: <c>line 12</c>, or <c>line 12 of exports/events_2025-11.csv</c>.</summary>
    public string FirstPlace => File is null ? $"line {FirstLine}" : $"line {FirstLine} of {File}";
}

/// <summary>One warning about a loaded source (see <see cref="SourceLoadReport.Warnings"/>).</summary>
/// <param name="Rule">What kind of warning: <c>missing-column</c>, <c>duplicate-header</c>, <c>excel-mangled</c>, <c>encoding</c>,
/// <c>time-zone</c>, <c>date-format</c>.</param>
/// <param name="Column">The vendor column concerned, or empty for the whole file.</param>
/// <param name="Message">What was found and what it means, in words.</param>
public sealed record SourceWarning(string Rule, string Column, string Message);

/// <summary>
/// The account of a file joined to a source (<see cref="JoinDefinition"/>): <c>RowsRead = RowsKept + RowsFiltered +
/// RowsWithoutKey + DuplicateKeys + RowsUnreadable</c>. Only kept rows can match.
/// </summary>
/// <param name="Join">The join's name, e.g. <c>OpportunityContactRole</c>.</param>
/// <param name="File">The joined file as named in messages.</param>
/// <param name="RowsRead">Data rows of the joined file.</param>
/// <param name="RowsKept">Rows that can match: passed the join's filter, have a key, first of their key.</param>
/// <param name="RowsFiltered">Rows left out by the join's filter.</param>
/// <param name="RowsWithoutKey">Rows with an empty key cell.</param>
/// <param name="DuplicateKeys">Rows whose key an earlier kept row already has (the first one is used).</param>
/// <param name="RowsUnreadable">Records that could not be read: malformed quoting, a field count unlike the header's, over the size limits.</param>
public sealed record JoinLoadReport(string Join, string File, long RowsRead, long RowsKept, long RowsFiltered, long RowsWithoutKey, long DuplicateKeys, long RowsUnreadable);
