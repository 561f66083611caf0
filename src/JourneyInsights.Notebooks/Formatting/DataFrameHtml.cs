using System.Text;
using Microsoft.Data.Analysis;

namespace JourneyInsights.Notebooks.Formatting;

/// <summary>A DataFrame as an HTML table: the first rows (capped), the column types and the full row count.</summary>
public static class DataFrameHtml
{
    /// <summary>Rows shown before the table is cut (the caption still gives the full count).</summary>
    public static int MaxRows { get; set; } = 20;

    public static string Render(DataFrame frame, int? maxRows = null)
    {
        var cap = Math.Max(0, maxRows ?? MaxRows);
        var shown = (int)Math.Min(frame.Rows.Count, cap);
        var h = new StringBuilder(HtmlTable.Style).Append("<table class=\"ji\"><caption>")
            .Append(CellText.Html(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"DataFrame: {frame.Rows.Count:#,##0} rows × {frame.Columns.Count} columns{(shown < frame.Rows.Count ? $" (first {shown} shown)" : "")}")))
            .Append("</caption><thead><tr>");
        foreach (var c in frame.Columns)
            h.Append("<th>").Append(CellText.Html(c.Name)).Append("<br><small>").Append(CellText.Html(TypeName(c.DataType))).Append("</small></th>");
        h.Append("</tr></thead><tbody>");
        for (var r = 0; r < shown; r++)
        {
            h.Append("<tr>");
            foreach (var c in frame.Columns) HtmlTable.Cell(h, c[r], c.Name);
            h.Append("</tr>");
        }
        h.Append("</tbody>");
        if (shown < frame.Rows.Count)
            h.Append("<tfoot><tr><td colspan=\"").Append(frame.Columns.Count).Append("\">… ")
             .Append((frame.Rows.Count - shown).ToString("#,##0", System.Globalization.CultureInfo.InvariantCulture)).Append(" more rows</td></tr></tfoot>");
        return h.Append("</table>").ToString();
    }

    private static string TypeName(Type t) => t == typeof(string) ? "string" : t == typeof(double) ? "double" : t == typeof(long) ? "long"
        : t == typeof(int) ? "int" : t == typeof(bool) ? "bool" : t == typeof(DateTime) ? "DateTime" : t == typeof(float) ? "float" : t.Name;
}
