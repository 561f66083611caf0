using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace JourneyInsights.Reporting.Tests;

/// <summary>One cell as read back: its text (shared or inline string), its number, and whether it holds a formula.</summary>
public sealed record XlsxCell(string Reference, string? Text, double? Number, bool HasFormula, bool QuotePrefix)
{
    public string Display => Text ?? Number?.ToString(CultureInfo.InvariantCulture) ?? "";
}

/// <summary>
/// A written workbook read back with DocumentFormat.OpenXml (ClosedXML cannot re-open a workbook with pictures
/// without libgdiplus): sheets, tables, cells and pictures.
/// </summary>
public sealed class XlsxFile : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private readonly string[] _sharedStrings;
    private readonly Dictionary<string, WorksheetPart> _parts = [];
    private readonly Dictionary<string, Dictionary<string, XlsxCell>> _cells = [];

    public XlsxFile(string path)
    {
        _document = SpreadsheetDocument.Open(path, false);
        var wb = _document.WorkbookPart!;
        _sharedStrings = wb.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
        foreach (var sheet in wb.Workbook.Descendants<Sheet>())
            _parts[sheet.Name!.Value!] = (WorksheetPart)wb.GetPartById(sheet.Id!.Value!);
        SheetNames = wb.Workbook.Descendants<Sheet>().Select(s => s.Name!.Value!).ToList();
        Created = _document.PackageProperties.Created;
    }

    public IReadOnlyList<string> SheetNames { get; }
    public DateTime? Created { get; }

    /// <summary>Every table: name → (sheet, range such as "A4:K9").</summary>
    public IReadOnlyDictionary<string, (string Sheet, string Range)> Tables =>
        _parts.SelectMany(p => p.Value.TableDefinitionParts.Select(t => (p.Key, t.Table!)))
            .ToDictionary(x => x.Item2.Name!.Value!, x => (x.Key, x.Item2.Reference!.Value!));

    public IReadOnlyDictionary<string, XlsxCell> Cells(string sheet)
    {
        if (_cells.TryGetValue(sheet, out var cached)) return cached;
        var styles = _document.WorkbookPart!.WorkbookStylesPart?.Stylesheet.CellFormats?.Elements<CellFormat>().ToArray() ?? [];
        var cells = new Dictionary<string, XlsxCell>();
        foreach (var c in _parts[sheet].Worksheet.Descendants<Cell>())
        {
            var raw = c.CellValue?.Text;
            string? text = null;
            double? number = null;
            if (c.DataType?.Value == CellValues.SharedString && raw is not null) text = _sharedStrings[int.Parse(raw, CultureInfo.InvariantCulture)];
            else if (c.DataType?.Value == CellValues.InlineString) text = c.InlineString?.InnerText;
            else if (c.DataType?.Value == CellValues.String) text = raw;
            else if (raw is not null && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) number = n;
            var style = c.StyleIndex?.Value is { } s && s < styles.Length ? styles[s] : null;
            var quote = style?.QuotePrefix?.Value ?? false;
            cells[c.CellReference!.Value!] = new XlsxCell(c.CellReference!.Value!, text, number, c.CellFormula is not null, quote);
        }
        return _cells[sheet] = cells;
    }

    public XlsxCell? Cell(string sheet, string reference) => Cells(sheet).GetValueOrDefault(reference);

    /// <summary>The data rows of a table, each as header → cell (null for an empty cell).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, XlsxCell?>> Rows(string table)
    {
        var (sheet, range) = Tables[table];
        var (first, last) = (range.Split(':')[0], range.Split(':')[1]);
        var (c0, r0) = Split(first);
        var (c1, r1) = Split(last);
        var headers = Enumerable.Range(c0, c1 - c0 + 1).Select(c => Cell(sheet, Ref(c, r0))!.Text!).ToList();
        var rows = new List<IReadOnlyDictionary<string, XlsxCell?>>();
        for (var r = r0 + 1; r <= r1; r++)
            rows.Add(Enumerable.Range(c0, c1 - c0 + 1).ToDictionary(c => headers[c - c0], c => Cell(sheet, Ref(c, r))));
        return rows;
    }

    /// <summary>The images of a sheet's drawing and its anchors.</summary>
    public (IReadOnlyList<byte[]> Images, int Anchors) Pictures(string sheet)
    {
        var drawing = _parts[sheet].DrawingsPart;
        if (drawing is null) return ([], 0);
        var images = drawing.ImageParts.Select(p =>
        {
            using var s = p.GetStream();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        }).ToList();
        var anchors = drawing.WorksheetDrawing!.Elements<Xdr.OneCellAnchor>().Count() + drawing.WorksheetDrawing.Elements<Xdr.TwoCellAnchor>().Count();
        return (images, anchors);
    }

    /// <summary>A sheet's merged ranges, such as "A5:J5", in the order the sheet lists them.</summary>
    public IReadOnlyList<string> Merged(string sheet) =>
        _parts[sheet].Worksheet.Descendants<MergeCell>().Select(m => m.Reference!.Value!).ToList();

    /// <summary>Row heights set on a sheet (points): row number → height.</summary>
    public IReadOnlyDictionary<int, double> RowHeights(string sheet) =>
        _parts[sheet].Worksheet.Descendants<Row>().Where(r => r.Height is not null).ToDictionary(r => (int)r.RowIndex!.Value, r => r.Height!.Value);

    /// <summary>Whether a cell's format wraps its text.</summary>
    public bool Wraps(string sheet, string reference)
    {
        var styles = _document.WorkbookPart!.WorkbookStylesPart?.Stylesheet.CellFormats?.Elements<CellFormat>().ToArray() ?? [];
        var cell = _parts[sheet].Worksheet.Descendants<Cell>().FirstOrDefault(c => c.CellReference?.Value == reference);
        return cell?.StyleIndex?.Value is { } s && s < styles.Length && (styles[s].Alignment?.WrapText?.Value ?? false);
    }

    /// <summary>Column widths set on a sheet: column number → width.</summary>
    public IReadOnlyDictionary<int, double> Widths(string sheet) =>
        _parts[sheet].Worksheet.Descendants<Column>()
            .SelectMany(c => Enumerable.Range((int)c.Min!.Value, (int)(c.Max!.Value - c.Min.Value + 1)).Select(i => (i, c.Width?.Value ?? 0)))
            .ToDictionary(x => x.i, x => x.Item2);

    public static (int Column, int Row) Split(string reference)
    {
        var letters = new string(reference.TakeWhile(char.IsLetter).ToArray());
        var column = letters.Aggregate(0, (a, ch) => a * 26 + (char.ToUpperInvariant(ch) - 'A' + 1));
        return (column, int.Parse(reference[letters.Length..], CultureInfo.InvariantCulture));
    }

    public static string Ref(int column, int row)
    {
        var letters = "";
        for (var c = column; c > 0; c = (c - 1) / 26) letters = (char)('A' + (c - 1) % 26) + letters;
        return letters + row.ToString(CultureInfo.InvariantCulture);
    }

    public void Dispose() => _document.Dispose();
}
