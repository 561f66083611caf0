using JourneyInsights.Definition;
using JourneyInsights.Reporting.Run;

namespace JourneyInsights.Bench;

/// <summary>
/// (a) The whole monthly report: load, stitch, metrics, charts, workbook, HTML, summary.json, manifest; over every row
/// (as `journey report --as-of all`, the heaviest case: the default cutoff at the month's end would leave later rows out).
/// </summary>
public static class FullReport
{
    public static object Run(JourneyDefinition definition, string month, string outDir)
    {
        // The same entry point as `journey report --as-of all`.
        var result = MonthlyReport.Run(new ReportRequest { Definition = definition, Month = month, AsOf = "all", OutRoot = outDir, Formats = ReportFormats.All });
        return result.Files.Count;
    }
}
