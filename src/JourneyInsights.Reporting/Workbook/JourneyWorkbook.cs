using ClosedXML.Excel;
using JourneyInsights.Metrics;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>
/// The Excel journey summary of one month: Overview, Journey Map, Funnel, Emotions, Trends, Pain Points, Data Quality
/// and Charts. Every table is a filterable Excel table; untrusted text (comments, CRM names) is written as text, never
/// as a formula. The same report gives the same bytes (<see cref="StablePackage"/>); the document and zip dates are the report's data end.
/// </summary>
public static class JourneyWorkbook
{
    /// <summary>The sheets in order, with what each shows.</summary>
    public static IReadOnlyList<(string Sheet, string Shows)> Sheets { get; } =
    [
        (OverviewSheet.Name, "Headline figures against last month; what each sheet holds"),
        (JourneyMapSheet.Name, "One column per stage: goal, touchpoints, channels, customers, conversion, emotion, pain point, opportunity, a verbatim"),
        (FunnelSheet.Name, "The month's funnel, then the funnel per persona, channel, device and region"),
        (EmotionsSheet.Name, "Emotion, NPS, CSAT and CES per stage and month, per touchpoint and persona"),
        (TrendsSheet.Name, "Funnel of each of the last cohort months and month-over-month conversion changes"),
        (PainPointsSheet.Name, "Pain points ranked by customers lost beyond the previous three cohorts, with their tests; then opportunities and drop-off drivers"),
        (PathsSheet.Name, "Where the cohort's customers at each stage went next: the next 3 touchpoints, with customers and shares per step"),
        (DataQualitySheet.Name, "Rows read, accepted and rejected per source; identity matching; placement in stages"),
        (ChartsSheet.Name, "The report's charts"),
    ];

    /// <summary>The conventional file name, <c>journey-summary-YYYY-MM.xlsx</c>.</summary>
    public static string FileName(JourneyReport report) => $"journey-summary-{report.Month}.xlsx";

    /// <summary>Writes the workbook of <paramref name="report"/> to <paramref name="path"/> (replacing it), embedding <paramref name="charts"/> as pictures.</summary>
    public static void Write(JourneyReport report, IReadOnlyList<RenderedChart> charts, string path)
    {
        ArgumentNullException.ThrowIfNull(charts);
        Write(report, () => charts, path);
    }

    /// <summary>
    /// As above, asking for the charts only when the charts sheet is written (after every other sheet), so the sheets
    /// can be written while the charts are still being drawn.
    /// </summary>
    public static void Write(JourneyReport report, Func<IReadOnlyList<RenderedChart>> charts, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(charts);
        IReadOnlyList<ChartPlacement> placements;
        var stamp = DateTime.SpecifyKind(report.DataEnd, DateTimeKind.Utc);
        using (var workbook = new XLWorkbook())
        {
            workbook.Properties.Title = Formatting.SafeText.Cell(Formatting.SafeText.Title($"{report.Title}: journey summary {report.Month}"));
            workbook.Properties.Author = "JourneyInsights";
            workbook.Properties.Created = stamp;
            workbook.Properties.Modified = stamp;
            workbook.Properties.LastModifiedBy = "JourneyInsights";

            Sheet(workbook, OverviewSheet.Name, w => OverviewSheet.Write(w, report, Sheets));
            Sheet(workbook, JourneyMapSheet.Name, w => JourneyMapSheet.Write(w, report));
            Sheet(workbook, FunnelSheet.Name, w => FunnelSheet.Write(w, report));
            Sheet(workbook, EmotionsSheet.Name, w => EmotionsSheet.Write(w, report));
            Sheet(workbook, TrendsSheet.Name, w => TrendsSheet.Write(w, report));
            Sheet(workbook, PainPointsSheet.Name, w => PainPointsSheet.Write(w, report));
            Sheet(workbook, PathsSheet.Name, w => PathsSheet.Write(w, report));
            Sheet(workbook, DataQualitySheet.Name, w => DataQualitySheet.Write(w, report));
            placements = [];
            var rendered = charts();
            Sheet(workbook, ChartsSheet.Name, w => placements = ChartsSheet.Write(w, report.Month, rendered));
            workbook.Worksheet(1).SetTabActive();
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            workbook.SaveAs(path);
        }
        ChartPictures.Add(path, ChartsSheet.Name, placements);
        StablePackage.Normalize(path, stamp);
    }

    private static void Sheet(XLWorkbook workbook, string name, Action<SheetWriter> write)
    {
        var sheet = workbook.AddWorksheet(name);
        sheet.Style.Font.FontName = "Calibri";
        var writer = new SheetWriter(sheet);
        write(writer);
        writer.Fit();
        sheet.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        sheet.PageSetup.FitToPages(1, 0);
    }
}
