using System.Reflection;
using System.Text;

namespace JourneyInsights.Notebooks.Formatting;

/// <summary>Builds the HTML tables the formatters show: one row per item, one column per public property.</summary>
public static class HtmlTable
{
    /// <summary>The style shared by every table (inline so that an exported notebook stays self-contained).</summary>
    internal const string Style =
        "<style>table.ji{border-collapse:collapse;font:13px/1.4 system-ui,sans-serif;margin:4px 0}" +
        "table.ji caption{text-align:left;font-weight:600;padding:2px 0 6px}" +
        "table.ji th,table.ji td{border:1px solid #ddd;padding:3px 8px;vertical-align:top}" +
        "table.ji th{background:#f3f4f6;text-align:left}table.ji td{white-space:nowrap}table.ji td.n{text-align:right}" +
        "table.ji td.t{white-space:normal;min-width:18em;max-width:36em}" +
        "table.ji tfoot td{color:#666;border:none}</style>";

    /// <summary>The readable public instance properties of <paramref name="type"/> in declaration order (indexers excluded).</summary>
    public static IReadOnlyList<PropertyInfo> Columns(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken)
            .ToList();

    /// <summary>A table of <paramref name="items"/>: one column per property of <typeparamref name="T"/>.</summary>
    public static string Of<T>(IEnumerable<T> items, string? caption = null, IReadOnlyList<string>? leading = null,
        Func<T, IReadOnlyList<object?>>? leadingValues = null)
    {
        var columns = Columns(typeof(T));
        var h = new StringBuilder(Style).Append("<table class=\"ji\">");
        if (caption is not null) h.Append("<caption>").Append(CellText.Html(CellText.Safe(caption))).Append("</caption>");
        h.Append("<thead><tr>");
        foreach (var name in leading ?? []) h.Append("<th>").Append(CellText.Html(name)).Append("</th>");
        foreach (var c in columns) h.Append("<th>").Append(CellText.Html(c.Name)).Append("</th>");
        h.Append("</tr></thead><tbody>");
        var rows = 0;
        foreach (var item in items)
        {
            rows++;
            h.Append("<tr>");
            if (leadingValues is not null)
                foreach (var v in leadingValues(item)) Cell(h, v, "");
            foreach (var c in columns) Cell(h, item is null ? null : c.GetValue(item), c.Name);
            h.Append("</tr>");
        }
        h.Append("</tbody>");
        if (rows == 0) h.Append("<tfoot><tr><td colspan=\"").Append(columns.Count + (leading?.Count ?? 0)).Append("\">(no rows)</td></tr></tfoot>");
        return h.Append("</table>").ToString();
    }

    /// <summary>Appends one <c>td</c> with the encoded text of <paramref name="value"/>.</summary>
    internal static void Cell(StringBuilder h, object? value, string property)
    {
        var text = CellText.Text(value, property);
        h.Append(CellText.IsNumeric(value) ? "<td class=\"n\">" : text.Length > 40 ? "<td class=\"t\">" : "<td>")
         .Append(CellText.Html(text))
         .Append("</td>");
    }
}
