using ClosedXML.Excel;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>One column of an Excel table: its header, how its cells are written, and the value of a row.</summary>
internal sealed record TableColumn<T>(string Header, CellKind Kind, Func<T, object?> Value);

/// <summary>
/// Writes the cells of one worksheet with their formats, and sizes the columns and rows from the displayed text
/// (ClosedXML's AdjustToContents needs libgdiplus, which users do not have).
/// </summary>
internal sealed class SheetWriter(IXLWorksheet sheet)
{
    /// <summary>Widest a text column gets (in Excel character units); longer text wraps.</summary>
    public const double TextCap = 48;
    private const double MinWidth = 6;
    private const double LinePoints = 15;

    private readonly Dictionary<int, double> _widths = [];
    private readonly HashSet<int> _wrapColumns = [];
    private readonly Dictionary<(int Row, int Column), string> _wrapped = [];
    private readonly Dictionary<(int Row, int Column), string> _all = [];
    private readonly Dictionary<(int Row, int Column), string> _headers = [];

    public IXLWorksheet Sheet { get; } = sheet;

    /// <summary>Row 1: the sheet's title; row 2: what it shows. Returns the first free row after a blank line.</summary>
    public int Title(string title, string description)
    {
        var t = Sheet.Cell(1, 1);
        Text(t, title);
        t.Style.Font.SetBold().Font.SetFontSize(14);
        var d = Sheet.Cell(2, 1);
        Text(d, description);
        d.Style.Font.SetItalic().Font.SetFontColor(XLColor.FromHtml("#595959"));
        return 4;
    }

    /// <summary>A bold heading above a table (not counted in the column width: it may run over empty cells).</summary>
    public void Heading(int row, string text)
    {
        var c = Sheet.Cell(row, 1);
        Text(c, text);
        c.Style.Font.SetBold().Font.SetFontSize(12);
    }

    /// <summary>A note (not counted in the column width).</summary>
    /// <summary>A sentence across the sheet (text, not measured for the column width, so long sentences do not widen column A).</summary>
    public void Sentence(int row, string text) => Text(Sheet.Cell(row, 1), text);

    private readonly List<(int Row, int Last, string Text)> _paragraphs = [];

    /// <summary>
    /// A sentence that wraps within columns 1 to <paramref name="last"/> (merged) instead of running on to the right:
    /// a sheet printed one page wide shrinks to its widest row, and a long sentence in one cell made that row. Its row
    /// is made as tall as its lines in <see cref="Fit"/>, once the columns' widths are settled.
    /// </summary>
    public void Paragraph(int row, int last, string text, bool note = false)
    {
        var cell = Sheet.Cell(row, 1);
        Text(cell, text);
        if (note) cell.Style.Font.SetItalic().Font.SetFontColor(XLColor.FromHtml("#595959"));
        var range = Sheet.Range(row, 1, row, last);
        range.Merge();
        range.Style.Alignment.SetWrapText(true).Alignment.SetVertical(XLAlignmentVerticalValues.Top);
        _paragraphs.Add((row, last, text));
    }

    public void Note(int row, int column, string text)
    {
        var c = Sheet.Cell(row, column);
        Text(c, text);
        c.Style.Font.SetItalic().Font.SetFontColor(XLColor.FromHtml("#595959"));
    }

    /// <summary>Writes one value with its format and records its width.</summary>
    public IXLCell Put(int row, int column, object? value, CellKind kind, bool bold = false, int indent = 0)
    {
        var cell = Sheet.Cell(row, column);
        switch (value)
        {
            case null:
                break;
            case string s:
                Text(cell, s);
                break;
            case bool b:
                if (b) Text(cell, "yes");
                break;
            case DateTime d:
                cell.SetValue(d);
                break;
            case IConvertible n when kind is not CellKind.Text and not CellKind.Flag:
                var x = n.ToDouble(System.Globalization.CultureInfo.InvariantCulture);
                if (double.IsFinite(x)) cell.SetValue(x);
                break;
            default:
                Text(cell, CellFormats.Display(value, kind));
                break;
        }
        if (CellFormats.NumberFormat(kind) is { } format) cell.Style.NumberFormat.Format = format;
        if (bold) cell.Style.Font.SetBold();
        Measure(row, column, CellFormats.Display(value, kind), kind, bold, indent * 1.5);
        return cell;
    }

    /// <summary>
    /// Writes <paramref name="items"/> as an Excel table named <paramref name="name"/> with its header at
    /// (<paramref name="row"/>, <paramref name="column"/>). An empty list gives one row saying "none".
    /// Returns the table; its last row is <c>table.RangeAddress.LastAddress.RowNumber</c>.
    /// </summary>
    public IXLTable Table<T>(int row, int column, string name, IReadOnlyList<TableColumn<T>> columns, IEnumerable<T> items)
    {
        Header(row, column, columns.Select(c => c.Header).ToArray());
        var align = columns.Select(c => c.Kind switch
        {
            CellKind.Text => XLAlignmentHorizontalValues.Left,
            CellKind.Flag => XLAlignmentHorizontalValues.Center,
            _ => XLAlignmentHorizontalValues.Right,
        }).ToArray();
        // Left-aligned text right after a right-aligned number would touch it: indent it by one step.
        var indent = Enumerable.Range(0, columns.Count).Select(c => c > 0 && align[c] == XLAlignmentHorizontalValues.Left && align[c - 1] == XLAlignmentHorizontalValues.Right ? 1 : 0).ToArray();
        for (var c = 0; c < columns.Count; c++)
        {
            Sheet.Cell(row, column + c).Style.Alignment.SetHorizontal(align[c]).Alignment.SetIndent(indent[c]);
            if (indent[c] > 0) _widths[column + c] = _widths.GetValueOrDefault(column + c) + 1.5;
        }
        var r = row;
        foreach (var item in items)
        {
            r++;
            for (var c = 0; c < columns.Count; c++)
                Put(r, column + c, columns[c].Value(item), columns[c].Kind, indent: indent[c]).Style.Alignment.SetHorizontal(align[c]).Alignment.SetIndent(indent[c]);
        }
        if (r == row)
        {
            r++;
            Put(r, column, "none", CellKind.Text);
        }
        var table = CreateTable(Sheet.Range(row, column, r, column + columns.Count - 1), name);
        for (var c = 0; c < columns.Count; c++)
            if (CellFormats.IsChange(columns[c].Kind) && r > row) Direction(Sheet.Range(row + 1, column + c, r, column + c));
        return table;
    }

    /// <summary>Colours a change column: green when up (better), red when down (worse).</summary>
    public static void Direction(IXLRange changes)
    {
        changes.AddConditionalFormat().WhenGreaterThan(0).Font.SetFontColor(XLColor.FromHtml("#107C41")).Font.SetBold();
        changes.AddConditionalFormat().WhenLessThan(0).Font.SetFontColor(XLColor.FromHtml("#C00000")).Font.SetBold();
    }

    /// <summary>
    /// Writes the header row of a table whose rows the caller writes cell by cell (rows whose cells have different
    /// formats, such as the headlines or the journey map).
    /// </summary>
    public void Header(int row, int column, params string[] headers)
    {
        for (var c = 0; c < headers.Length; c++)
        {
            var cell = Sheet.Cell(row, column + c);
            Text(cell, headers[c]);
            cell.Style.Font.SetBold().Font.SetFontColor(XLColor.White).Fill.SetBackgroundColor(XLColor.FromHtml("#1F4E78"))
                .Alignment.SetVertical(XLAlignmentVerticalValues.Bottom);
            MeasureHeader(column + c, headers[c]);
            _headers[(row, column + c)] = headers[c];
        }
    }

    /// <summary>Makes <paramref name="range"/> (header row first) a filterable Excel table.</summary>
    public static IXLTable CreateTable(IXLRange range, string name)
    {
        var table = range.CreateTable(name);
        table.Theme = XLTableTheme.TableStyleMedium2;
        table.ShowRowStripes = true;
        table.ShowAutoFilter = true;
        return table;
    }

    /// <summary>Gives columns <paramref name="first"/>..<paramref name="last"/> one width (the widest, at most <paramref name="cap"/>), wrapping longer text.</summary>
    public void SameWidth(int first, int last, double cap)
    {
        var width = Math.Min(cap, Enumerable.Range(first, last - first + 1).Max(c => _widths.GetValueOrDefault(c, MinWidth)));
        for (var c = first; c <= last; c++)
        {
            _widths[c] = width;
            _wrapColumns.Add(c);
        }
        foreach (var key in _all.Where(k => k.Key.Column >= first && k.Key.Column <= last && LongestLine(k.Value) + 1.5 > width).ToList())
            _wrapped[key.Key] = key.Value;
    }

    /// <summary>Sets the column widths from the widest displayed text, wraps capped text columns and sizes their rows.</summary>
    public void Fit()
    {
        foreach (var (column, width) in _widths)
        {
            var w = Math.Max(MinWidth, _wrapColumns.Contains(column) ? Math.Min(width, TextCap) : width);
            Sheet.Column(column).Width = Math.Round(w, 1);
        }
        var lines = new Dictionary<int, int>();
        foreach (var ((row, column), text) in _headers)
        {
            var n = LineCount(text, Sheet.Column(column).Width / 1.1 - 1);
            if (n <= 1) continue;
            Sheet.Cell(row, column).Style.Alignment.SetWrapText(true);
            lines[row] = Math.Max(lines.GetValueOrDefault(row, 1), n);
        }
        foreach (var ((row, column), text) in _wrapped)
        {
            var width = Sheet.Column(column).Width;
            var n = LineCount(text, width);
            Sheet.Cell(row, column).Style.Alignment.SetWrapText(true).Alignment.SetVertical(XLAlignmentVerticalValues.Top);
            lines[row] = Math.Max(lines.GetValueOrDefault(row, 1), n);
        }
        foreach (var (row, last, text) in _paragraphs)
        {
            var width = Enumerable.Range(1, last).Sum(c => Sheet.Column(c).Width);
            lines[row] = Math.Max(lines.GetValueOrDefault(row, 1), LineCount(text, width));
        }
        var headerRows = _headers.Keys.Select(k => k.Row).ToHashSet();
        foreach (var (row, n) in lines)
        {
            if (n > 1) Sheet.Row(row).Height = Math.Min(409, n * LinePoints);
            if (!headerRows.Contains(row)) Sheet.Row(row).Style.Alignment.SetVertical(XLAlignmentVerticalValues.Top);
        }
    }

    /// <summary>
    /// Writes untrusted text as a string: never a formula, never converted to a number or date; characters XML cannot
    /// hold become U+FFFD and text over Excel's 32,767-character limit is cut with a visible marker (<see cref="Formatting.SafeText.Cell"/>).
    /// </summary>
    public static void Text(IXLCell cell, string text)
    {
        text = Formatting.SafeText.Cell(text);
        cell.SetValue<string>(text);
        cell.DataType = XLDataType.Text;
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n') cell.Style.IncludeQuotePrefix = true;
    }

    /// <summary>
    /// A header may wrap onto two lines, so it asks for the wider of its longest word and half its text (bold, plus
    /// room for the filter button).
    /// </summary>
    private void MeasureHeader(int column, string header)
    {
        var words = header.Split(' ');
        var half = TextWidth(header) / 2;
        var needed = Math.Max(words.Max(TextWidth), words.Length > 1 ? half + 1 : TextWidth(header)) * 1.1 + 3;
        _widths[column] = Math.Max(_widths.GetValueOrDefault(column), needed);
    }

    private void Measure(int row, int column, string text, CellKind kind, bool bold, double extra)
    {
        if (text.Length == 0) return;
        var width = LongestLine(text) * (bold ? 1.1 : 1.0) + 1.5 + extra;
        if (kind == CellKind.Text) _all[(row, column)] = text;
        if (kind == CellKind.Text && (width > TextCap || text.Contains('\n')))
        {
            _wrapColumns.Add(column);
            _wrapped[(row, column)] = text;
        }
        _widths[column] = Math.Max(_widths.GetValueOrDefault(column), width);
    }

    private static double LongestLine(string text) => text.Split('\n').Max(TextWidth);

    /// <summary>Approximate width of <paramref name="text"/> in Excel character units (the width of '0' in Calibri 11).</summary>
    public static double TextWidth(string text)
    {
        double w = 0;
        foreach (var ch in text)
            w += ch switch
            {
                'i' or 'l' or 'j' or 'I' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' or ' ' => 0.45,
                'f' or 't' or 'r' or '(' or ')' or '[' or ']' or '-' => 0.65,
                'm' or 'w' or 'M' or 'W' or '@' or '%' => 1.45,
                >= 'A' and <= 'Z' => 1.15,
                '→' or '▲' or '▼' or '×' => 1.2,
                _ => 1.0,
            };
        return w;
    }

    /// <summary>Lines that <paramref name="text"/> takes when wrapped in a column <paramref name="width"/> characters wide.</summary>
    public static int LineCount(string text, double width)
    {
        var usable = Math.Max(1, width - 1.5);
        var lines = 0;
        foreach (var paragraph in text.Split('\n'))
        {
            double line = 0;
            var count = 1;
            foreach (var word in paragraph.Split(' '))
            {
                var w = TextWidth(word);
                if (line == 0) line = w;
                else if (line + 0.45 + w > usable)
                {
                    count++;
                    line = w;
                }
                else line += 0.45 + w;
                while (line > usable)
                {
                    count++;
                    line -= usable;
                }
            }
            lines += count;
        }
        return lines;
    }
}
