using System.Globalization;
using JourneyInsights.Definition;
using JourneyInsights.Sources;

namespace JourneyInsights.Reporting.Json;

/// <summary>
/// The JSON shape of one source's load account, shared by summary.json (<c>dataQuality.sources</c>) and
/// <c>journey validate --format json</c>, so both use the same names. Documented in docs/summary-json.md.
/// </summary>
public static class DataQualityJson
{
    /// <summary>
    /// One source: <c>rowsRead = rowsAccepted + rowsRejected</c>; <c>rowsFiltered</c> of the rejected rows were left out by
    /// the map's filter; <c>rowsCollapsed</c> of the accepted rows were folded by snapshot de-duplication.
    /// </summary>
    public static object Source(SourceLoadReport q) => new
    {
        source = q.Source, kind = q.Kind.ToString(), columnMap = q.ColumnMap, file = q.File,
        rowsRead = q.RowsRead, rowsAccepted = q.RowsAccepted, rowsRejected = q.RowsRejected,
        rowsFiltered = q.RowsFiltered, rowsCollapsed = q.RowsCollapsed,
        firstTimestamp = q.FirstTimestamp?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        lastTimestamp = q.LastTimestamp?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        reasons = q.Reasons.Select(x => new { column = x.Column, rule = x.Rule, reason = x.Reason, rows = x.Rows, firstLine = x.FirstLine, file = x.File ?? q.File }),
        files = q.Files.Select(f => new { file = f.File, bytes = f.Bytes, rowsRead = f.RowsRead, rowsAccepted = f.RowsAccepted, rowsRejected = f.RowsRejected }),
        warnings = q.Warnings.Select(w => new { rule = w.Rule, column = w.Column, message = w.Message }),
        joins = q.Joins.Select(j => new
        {
            join = j.Join, file = j.File, rowsRead = j.RowsRead, rowsKept = j.RowsKept, rowsFiltered = j.RowsFiltered,
            rowsWithoutKey = j.RowsWithoutKey, duplicateKeys = j.DuplicateKeys, rowsUnreadable = j.RowsUnreadable,
        }),
    };

    /// <summary>One finding of <c>journey validate</c>.</summary>
    public static object Issue(ValidationIssue i) => new
    {
        severity = i.Severity == IssueSeverity.Error ? "error" : "warning", rule = i.Rule, source = i.Source, path = i.Path, message = i.Message,
    };
}
