using ClosedXML.Excel;
using JourneyInsights.Metrics;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>The classic journey-map grid: one column per stage, one row per aspect of the stage.</summary>
internal static class JourneyMapSheet
{
    public const string Name = "Journey Map";

    /// <summary>The rows of the map, top to bottom.</summary>
    public static readonly (string Label, CellKind Kind, Func<JourneyMapStage, object?> Value)[] Rows =
    [
        ("Customer goal", CellKind.Text, s => s.Goal),
        ("Key touchpoints", CellKind.Text, s => string.Join("\n", s.KeyTouchpoints)),
        ("Channels", CellKind.Text, s => string.Join("\n", s.Channels)),
        ("Customers reaching the stage", CellKind.Count, s => s.Customers),
        ("Conversion from previous", CellKind.Percent, s => s.ConversionFromPrevious),
        ("Emotion score (-1 to +1)", CellKind.Score, s => s.Emotion),
        ("Emotion responses", CellKind.Count, s => s.EmotionResponses),
        ("Top pain point", CellKind.Text, s => Formatting.Format.TopPainPoint(s)),
        ("Top opportunity", CellKind.Text, s => s.TopOpportunity is null ? null : Formatting.Format.Opportunity(s.TopOpportunity)),
        ("Representative verbatim", CellKind.Text, s => s.Verbatim),
    ];

    public static void Write(SheetWriter w, JourneyReport r)
    {
        var header = w.Title($"Journey map {r.Month}", "Each column is a stage of the journey for the month's cohort; emotion is coloured from red (-1) to green (+1).");
        var stages = r.JourneyMap;
        w.Header(header, 1, ["Stage", .. stages.Select(s => s.Stage)]);
        var row = header;
        foreach (var (label, kind, value) in Rows)
        {
            row++;
            w.Put(row, 1, label, CellKind.Text, bold: true);
            for (var s = 0; s < stages.Count; s++)
            {
                var cell = w.Put(row, 2 + s, value(stages[s]), kind);
                cell.Style.Alignment.SetHorizontal(kind == CellKind.Text ? XLAlignmentHorizontalValues.Left : XLAlignmentHorizontalValues.Center);
            }
            if (kind == CellKind.Score)
                w.Sheet.Range(row, 2, row, 1 + stages.Count).AddConditionalFormat().ColorScale()
                    .Minimum(XLCFContentType.Number, -1, XLColor.FromHtml("#F8696B"))
                    .Midpoint(XLCFContentType.Number, 0, XLColor.FromHtml("#FFEB84"))
                    .Maximum(XLCFContentType.Number, 1, XLColor.FromHtml("#63BE7B"));
        }
        var table = SheetWriter.CreateTable(w.Sheet.Range(header, 1, row, 1 + stages.Count), "JourneyMap");
        table.ShowRowStripes = false;
        table.Theme = XLTableTheme.TableStyleLight9;
        w.Sheet.Range(header + 1, 1, row, 1 + stages.Count).Style.Border.SetInsideBorder(XLBorderStyleValues.Thin)
            .Border.SetInsideBorderColor(XLColor.FromHtml("#BFBFBF"));
        w.SameWidth(2, 1 + stages.Count, 34);
        w.Sheet.SheetView.Freeze(header, 1);
    }
}
