using JourneyInsights.Definition;
using JourneyInsights.Reporting.Run;

namespace JourneyInsights.Bench;

/// <summary>
/// (a) The whole monthly report: load, stitch, metrics, charts, workbook, HTML, summary.json, manifest; over every row
/// (as `journey report --as-of all`, the heaviest case: the default cutoff at the month's end would leave later rows out).
/// </summary>
public static class FullReport
{
    /// <param name="definition">The journey definition.</param>
    /// <param name="month">The report month, YYYY-MM.</param>
    /// <param name="outDir">The reports folder (beside the inputs).</param>
    /// <param name="phases">Filled with the report's phases as it announces them (its progress messages) and the seconds
    /// from each to the next: loading, stitching, metrics, charts, workbook, HTML, summary.json, moving into place.</param>
    public static object Run(JourneyDefinition definition, string month, string outDir, List<(string Phase, double Seconds)> phases)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var starts = new List<(string Phase, TimeSpan At)>();
        // The same entry point as `journey report --as-of all`.
        var result = MonthlyReport.Run(new ReportRequest
        {
            Definition = definition, Month = month, AsOf = "all", OutRoot = outDir, Formats = ReportFormats.All,
            Progress = phase => starts.Add((phase, clock.Elapsed)),
        });
        var end = clock.Elapsed;
        for (var i = 0; i < starts.Count; i++)
            phases.Add((starts[i].Phase, ((i + 1 < starts.Count ? starts[i + 1].At : end) - starts[i].At).TotalSeconds));
        return result.Files.Count;
    }
}
