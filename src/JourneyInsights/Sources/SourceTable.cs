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
    private bool _released;

    public SourceDefinition Source { get; } = source;
    public string Name => Source.Name;
    public SourceKind Kind => Source.Kind;
    /// <summary>The typed columns, by canonical field.</summary>
    public IReadOnlyList<SourceColumn> Columns => _released
        ? throw new InvalidOperationException($"The rows of source '{Name}' were released after the journey was built.")
        : _columns;
    /// <summary>Accepted rows.</summary>
    public long RowCount => Columns.Count > 0 ? Columns[0].Length : 0;

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
    /// The accepted rows as a DataFrame, one column per mapped canonical field; date-times are UTC. Built on first use
    /// (a copy of <see cref="Columns"/>), so large loads that only feed the journey never pay for it.
    /// </summary>
    public DataFrame Frame => _frame ??= new DataFrame(Columns.Select(c => c.ToDataFrameColumn()).ToList());
    public SourceLoadReport Report { get; } = report;
    /// <summary>The rows not used, each with its reason.</summary>
    public IReadOnlyList<RejectedRow> Rejected { get; } = rejected;

    /// <summary>The column of a canonical field as a DataFrame column, or null when the map does not have it.</summary>
    public DataFrameColumn? Column(string field) => Columns.Any(c => c.Name == field) ? Frame.Columns[field] : null;

    /// <summary>The text column of a canonical field, or null.</summary>
    public TextColumn? Text(string field) => Columns.FirstOrDefault(c => c.Name == field) as TextColumn;

    /// <summary>The number or date-time column of a canonical field, or null.</summary>
    public ValueColumn<T>? Values<T>(string field) where T : unmanaged => Columns.FirstOrDefault(c => c.Name == field) as ValueColumn<T>;
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
    public long Bytes { get; init; }
    public TimeSpan Duration { get; init; }
}

/// <summary>How many rows were rejected for one rule on one column, with an example.</summary>
public sealed record RejectionReason(string Column, string Rule, string Reason, long Rows, long FirstLine);

/// <summary>One warning about a loaded source (see <see cref="SourceLoadReport.Warnings"/>).</summary>
/// <param name="Rule">What kind of warning: <c>missing-column</c>, <c>duplicate-header</c>, <c>excel-mangled</c>, <c>encoding</c>,
/// <c>time-zone</c>, <c>date-format</c>.</param>
/// <param name="Column">The vendor column concerned, or empty for the whole file.</param>
/// <param name="Message">What was found and what it means, in words.</param>
public sealed record SourceWarning(string Rule, string Column, string Message);
