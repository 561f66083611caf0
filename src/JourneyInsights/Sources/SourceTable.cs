using Microsoft.Data.Analysis;

namespace JourneyInsights.Sources;

/// <summary>
/// One loaded export: its rows typed into canonical fields (a DataFrame whose columns are the map's field names plus
/// <see cref="CanonicalFields.Line"/>), and the account of every input row.
/// </summary>
public sealed class SourceTable(SourceDefinition source, DataFrame frame, SourceLoadReport report, IReadOnlyList<RejectedRow> rejected)
{
    public SourceDefinition Source { get; } = source;
    public string Name => Source.Name;
    public SourceKind Kind => Source.Kind;
    /// <summary>The accepted rows, one column per mapped canonical field. Date-times are UTC.</summary>
    public DataFrame Frame { get; } = frame;
    public SourceLoadReport Report { get; } = report;
    /// <summary>The rows not used, each with its reason.</summary>
    public IReadOnlyList<RejectedRow> Rejected { get; } = rejected;

    /// <summary>The column of a canonical field, or null when the map does not have it.</summary>
    public DataFrameColumn? Column(string field) => Frame.Columns.IndexOf(field) >= 0 ? Frame.Columns[field] : null;
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
    public long Bytes { get; init; }
    public TimeSpan Duration { get; init; }
}

/// <summary>How many rows were rejected for one rule on one column, with an example.</summary>
public sealed record RejectionReason(string Column, string Rule, string Reason, long Rows, long FirstLine);
