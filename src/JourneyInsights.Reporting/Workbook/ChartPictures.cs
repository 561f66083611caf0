using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using A = DocumentFormat.OpenXml.Drawing;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>
/// Adds chart PNGs to a saved workbook with DocumentFormat.OpenXml (ClosedXML's AddPicture needs libgdiplus):
/// one drawing part on the sheet, one image part and one one-cell anchor per chart.
/// </summary>
internal static class ChartPictures
{
    private const long EmuPerPixel = 9525;

    public static void Add(string path, string sheetName, IReadOnlyList<ChartPlacement> placements)
    {
        if (placements.Count == 0) return;
        using var document = SpreadsheetDocument.Open(path, isEditable: true);
        var workbookPart = document.WorkbookPart ?? throw new InvalidOperationException("the workbook has no workbook part");
        var sheet = workbookPart.Workbook.Descendants<Sheet>().FirstOrDefault(s => s.Name?.Value == sheetName)
            ?? throw new InvalidOperationException($"the workbook has no sheet '{sheetName}'");
        var worksheetPart = (WorksheetPart)workbookPart.GetPartById(sheet.Id!.Value!);

        var drawingsPart = worksheetPart.AddNewPart<DrawingsPart>("rIdCharts");
        var drawing = new Xdr.WorksheetDrawing();
        drawing.AddNamespaceDeclaration("xdr", "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing");
        drawing.AddNamespaceDeclaration("a", "http://schemas.openxmlformats.org/drawingml/2006/main");
        for (var i = 0; i < placements.Count; i++)
        {
            var p = placements[i];
            var imageId = $"rIdChart{i + 1}";
            var imagePart = drawingsPart.AddImagePart(ImagePartType.Png, imageId);
            using (var stream = new MemoryStream(p.Chart.Png)) imagePart.FeedData(stream);
            drawing.Append(Anchor(p, (uint)(i + 2), imageId));
        }
        drawingsPart.WorksheetDrawing = drawing;
        drawingsPart.WorksheetDrawing.Save();

        var worksheet = worksheetPart.Worksheet;
        var reference = new Drawing { Id = "rIdCharts" };
        // CT_Worksheet order: drawing comes before these elements.
        var after = worksheet.ChildElements.FirstOrDefault(e => e is LegacyDrawing or LegacyDrawingHeaderFooter or DrawingHeaderFooter
            or Picture or OleObjects or Controls or WebPublishItems or TableParts or WorksheetExtensionList);
        if (after is null) worksheet.Append(reference);
        else worksheet.InsertBefore(reference, after);
        worksheet.Save();
    }

    private static Xdr.OneCellAnchor Anchor(ChartPlacement p, uint id, string imageId)
    {
        var cx = p.WidthPx * EmuPerPixel;
        var cy = p.HeightPx * EmuPerPixel;
        return new Xdr.OneCellAnchor(
            new Xdr.FromMarker(
                new Xdr.ColumnId(p.Column0.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Xdr.ColumnOffset("0"),
                new Xdr.RowId(p.Row0.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Xdr.RowOffset("0")),
            new Xdr.Extent { Cx = cx, Cy = cy },
            new Xdr.Picture(
                new Xdr.NonVisualPictureProperties(
                    new Xdr.NonVisualDrawingProperties { Id = id, Name = p.Chart.Name, Description = $"{p.Chart.Title}: {p.Chart.Description}" },
                    new Xdr.NonVisualPictureDrawingProperties(new A.PictureLocks { NoChangeAspect = true })),
                new Xdr.BlipFill(
                    new A.Blip { Embed = imageId },
                    new A.Stretch(new A.FillRectangle())),
                new Xdr.ShapeProperties(
                    new A.Transform2D(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = cx, Cy = cy }),
                    new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })),
            new Xdr.ClientData());
    }
}
