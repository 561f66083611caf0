using System.Text;

namespace JourneyInsights.Notebooks.Formatting;

/// <summary>
/// The tables of <see cref="HtmlTable"/> as plain text for a console (the file-based apps beside the notebooks): the
/// same columns, the same cell texts (<see cref="CellText.Text"/>, personal data masked), numbers right-aligned.
/// </summary>
public static class TextTable
{
    /// <summary>A table of <paramref name="items"/>: a caption line, a header line, one line per item.</summary>
    public static string Of<T>(IEnumerable<T> items, string? caption = null, IReadOnlyList<string>? leading = null,
        Func<T, IReadOnlyList<object?>>? leadingValues = null)
    {
        var columns = HtmlTable.Columns(typeof(T));
        var header = (leading ?? []).Concat(columns.Select(c => c.Name)).ToList();
        var rows = new List<List<(string Text, bool Numeric)>>();
        foreach (var item in items)
        {
            var row = new List<(string, bool)>();
            if (leadingValues is not null)
                foreach (var v in leadingValues(item)) row.Add((CellText.Text(v), CellText.IsNumeric(v)));
            foreach (var c in columns)
            {
                var value = item is null ? null : c.GetValue(item);
                row.Add((CellText.Text(value, c.Name).ReplaceLineEndings(" "), CellText.IsNumeric(value)));
            }
            rows.Add(row);
        }
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => i < r.Count ? r[i].Text.Length : 0))).ToList();
        var t = new StringBuilder();
        if (caption is not null) t.Append(CellText.Safe(caption)).Append('\n');
        t.Append(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd()).Append('\n');
        foreach (var row in rows)
            t.Append(string.Join("  ", row.Select((cell, i) => cell.Numeric ? cell.Text.PadLeft(widths[i]) : cell.Text.PadRight(widths[i]))).TrimEnd()).Append('\n');
        if (rows.Count == 0) t.Append("(no rows)\n");
        return t.ToString();
    }
}
