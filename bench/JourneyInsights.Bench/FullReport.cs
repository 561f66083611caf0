using JourneyInsights.Definition;
using JourneyInsights.Reporting.Run;
using JourneyInsights.Sources;

namespace JourneyInsights.Bench;

/// <summary>
/// (a) The whole monthly report: load, stitch, metrics, charts, workbook, HTML, summary.json, manifest; over every row
/// (as `journey report --as-of all`, the heaviest case: the default cutoff at the month's end would leave later rows out).
/// </summary>
public static class FullReport
{
    public static object Run(JourneyDefinition definition, string month, string outDir)
    {
        var sources = SourceSet.Load(definition);
        var journey = Journey.FromSources(sources);
        sources.ReleaseRows(); // as `journey report` does
        var result = MonthlyReport.Write(journey, month, outDir, ReportFormats.All);
        return result.Files.Count;
    }
}
