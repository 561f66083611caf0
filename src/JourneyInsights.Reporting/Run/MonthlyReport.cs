using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using JourneyInsights.Metrics;
using JourneyInsights.Reporting.Charts;
using JourneyInsights.Reporting.Html;
using JourneyInsights.Reporting.Json;
using JourneyInsights.Reporting.Workbook;
using JourneyInsights.Sources;

namespace JourneyInsights.Reporting.Run;

/// <summary>The outputs a report run can write.</summary>
[Flags]
public enum ReportFormats
{
    None = 0,
    Xlsx = 1,
    Png = 2,
    Svg = 4,
    Html = 8,
    Json = 16,
    All = Xlsx | Png | Svg | Html | Json,
}

/// <summary>Another run holds the month's lock.</summary>
public sealed class ReportInProgressException(string message, Exception inner) : IOException(message, inner);

/// <summary>A report request that cannot be run as asked (a month outside the data, an unknown cutoff): the caller's mistake.</summary>
public sealed class InvalidReportRequestException(string message, Exception inner) : ArgumentException(message, inner);

/// <summary>
/// One monthly report to run: the definition, the month (YYYY-MM; null = the last complete month of the data), the
/// cutoff (<c>month-end</c>, the default, leaves out rows recorded after the month; <c>all</c> uses every row; or an
/// ISO-8601 UTC instant), the output folder and formats. The CLI and the bench both run reports through this.
/// </summary>
public sealed record ReportRequest
{
    /// <summary>Path of the journey definition (journey.json); or give <see cref="Definition"/>.</summary>
    public string? DefinitionPath { get; init; }
    /// <summary>The journey definition already loaded (used when set, instead of <see cref="DefinitionPath"/>).</summary>
    public Definition.JourneyDefinition? Definition { get; init; }
    public string? Month { get; init; }
    public string AsOf { get; init; } = "month-end";
    /// <summary>Reports folder; the report goes to <c>OutRoot/YYYY-MM/</c>.</summary>
    public required string OutRoot { get; init; }
    public ReportFormats Formats { get; init; } = ReportFormats.All;
    /// <summary>Stop at the first rejected row.</summary>
    public bool Strict { get; init; }
    /// <summary>Told the name of each phase as it starts.</summary>
    public Action<string>? Progress { get; init; }
    /// <summary>Told the loaded sources (for per-source row counts) before stitching.</summary>
    public Action<SourceSet>? SourcesLoaded { get; init; }
}

/// <summary>What a report run wrote.</summary>
public sealed record ReportRunResult(string Folder, string Month, IReadOnlyList<string> Files, long RowsRejected, TimeSpan Duration);

/// <summary>
/// Writes one month's report folder atomically: everything goes to a hidden temporary folder beside the target
/// (<c>.YYYY-MM.partial-*</c>), which replaces <c>YYYY-MM/</c> only when complete. A run that fails leaves the
/// previous report intact and removes its temporary folder; a run that is killed leaves one that the next run removes
/// (and restores the previous report if the kill fell between the two renames).
/// </summary>
public static class MonthlyReport
{
    /// <summary>
    /// Runs a report from start to end: loads the sources, resolves the month and cutoff once
    /// (<see cref="Journey.ForReport"/>, the same resolution as <see cref="Journey.Report(string?, string)"/> in a notebook),
    /// stitches the journey as of the cutoff, computes every figure and writes the folder atomically.
    /// </summary>
    /// <exception cref="InvalidReportRequestException">The month is not YYYY-MM or lies outside the data, or the cutoff is unknown.</exception>
    /// <exception cref="OperationCanceledException">Cancelled: the temporary folder has been removed.</exception>
    public static ReportRunResult Run(ReportRequest request, CancellationToken cancellation = default)
    {
        request.Progress?.Invoke("Loading sources");
        var definition = request.Definition ?? Definition.JourneyDefinition.Load(request.DefinitionPath
            ?? throw new ArgumentException("a report request needs a definition or its path", nameof(request)));
        var sources = SourceSet.Load(definition, new LoadOptions(request.Strict), cancellation);
        request.SourcesLoaded?.Invoke(sources);
        cancellation.ThrowIfCancellationRequested();
        request.Progress?.Invoke("Stitching identities and placing touchpoints");
        Journey journey;
        ReportPeriod period;
        try { (journey, period) = Journey.ForReport(sources, request.Month, request.AsOf, cancellation: cancellation); }
        catch (ArgumentException ex) { throw new InvalidReportRequestException(ex.Message.Split(" (Parameter")[0], ex); }
        sources.ReleaseRows(); // the outputs need the stitched journey, not the raw rows
        return Write(journey, period, request.OutRoot, request.Formats, request.Progress, cancellation);
    }

    /// <summary>Runs the report of <paramref name="month"/> (YYYY-MM; null = last complete month) over the journey as loaded into <c>outRoot/YYYY-MM/</c>.</summary>
    /// <exception cref="OperationCanceledException">Cancelled (e.g. SIGTERM): the temporary folder has been removed.</exception>
    public static ReportRunResult Write(Journey journey, string? month, string outRoot, ReportFormats formats, Action<string>? progress = null,
        CancellationToken cancellation = default) => Write(journey, journey.Period(month), outRoot, formats, progress, cancellation);

    /// <summary>Writes the report of <paramref name="period"/> into <c>outRoot/YYYY-MM/</c>.</summary>
    /// <exception cref="OperationCanceledException">Cancelled (e.g. SIGTERM): the temporary folder has been removed.</exception>
    public static ReportRunResult Write(Journey journey, ReportPeriod period, string outRoot, ReportFormats formats, Action<string>? progress = null,
        CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var started = DateTime.UtcNow;
        void Phase(string name)
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Invoke(name);
        }
        Phase("Computing metrics");
        var report = JourneyReport.Compute(journey, period);
        Directory.CreateDirectory(outRoot);
        using var monthLock = LockMonth(outRoot, report.Month);
        RecoverInterrupted(outRoot, report.Month);
        var target = Path.Combine(outRoot, report.Month);
        var temp = Path.Combine(outRoot, $".{report.Month}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            var charts = new List<RenderedChart>();
            if ((formats & (ReportFormats.Xlsx | ReportFormats.Png | ReportFormats.Svg | ReportFormats.Html)) != 0)
            {
                Phase("Rendering charts");
                charts.AddRange(ChartSet.Render(report));
            }
            if ((formats & (ReportFormats.Png | ReportFormats.Svg)) != 0)
            {
                var dir = Directory.CreateDirectory(Path.Combine(temp, "charts")).FullName;
                foreach (var c in charts)
                {
                    if (formats.HasFlag(ReportFormats.Png)) File.WriteAllBytes(Path.Combine(dir, c.Name + ".png"), c.Png);
                    if (formats.HasFlag(ReportFormats.Svg) && c.Svg is not null) File.WriteAllText(Path.Combine(dir, c.Name + ".svg"), c.Svg);
                }
            }
            if (formats.HasFlag(ReportFormats.Xlsx))
            {
                Phase("Writing the workbook");
                JourneyWorkbook.Write(report, charts, Path.Combine(temp, $"journey-summary-{report.Month}.xlsx"));
            }
            if (formats.HasFlag(ReportFormats.Html))
            {
                Phase("Writing the HTML page");
                HtmlPage.Write(report, charts, Path.Combine(temp, "index.html"));
            }
            if (formats.HasFlag(ReportFormats.Json))
            {
                Phase("Writing summary.json");
                SummaryJson.Write(report, Path.Combine(temp, "summary.json"));
            }
            var rejected = journey.Sources.Rejected.ToList();
            if (rejected.Count > 0) RejectedRowsCsv.Write(Path.Combine(temp, "rejected-rows.csv"), rejected);
            WriteManifest(journey, report, formats, temp, started, clock.Elapsed);

            Phase("Moving the report into place");
            cancellation.ThrowIfCancellationRequested();
            Publish(temp, target, outRoot, report.Month);
            var files = Directory.GetFiles(target, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(target, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
            return new ReportRunResult(target, report.Month, files, rejected.Count, clock.Elapsed);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>One run per month folder at a time: a second run of the same month fails instead of racing the first.</summary>
    private static FileStream LockMonth(string outRoot, string month)
    {
        var path = Path.Combine(outRoot, $".{month}.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException ex)
        {
            throw new ReportInProgressException($"another run is writing the {month} report in {Path.GetFullPath(outRoot)} ({path} is locked)", ex);
        }
    }

    private static void Publish(string temp, string target, string outRoot, string month)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(temp, target);
            return;
        }
        var previous = Path.Combine(outRoot, $".{month}.previous-{Guid.NewGuid():N}");
        Directory.Move(target, previous);
        try
        {
            Directory.Move(temp, target);
        }
        catch
        {
            Directory.Move(previous, target); // put the previous report back before failing
            throw;
        }
        TryDelete(previous);
    }

    /// <summary>Cleans up after a killed run: restores a previous report set aside mid-swap, removes partial folders.</summary>
    public static void RecoverInterrupted(string outRoot, string month)
    {
        var target = Path.Combine(outRoot, month);
        foreach (var previous in Directory.GetDirectories(outRoot, $".{month}.previous-*"))
        {
            if (!Directory.Exists(target)) Directory.Move(previous, target);
            else TryDelete(previous);
        }
        foreach (var partial in Directory.GetDirectories(outRoot, $".{month}.partial-*")) TryDelete(partial);
    }

    private static void WriteManifest(Journey journey, JourneyReport report, ReportFormats formats, string folder, DateTime started, TimeSpan elapsed)
    {
        var definition = journey.Definition;
        var manifest = new
        {
            tool = "JourneyInsights",
            toolVersion = typeof(MonthlyReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            month = report.Month,
            asOfUtc = report.Period.AsOfUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            formats = formats.ToString(),
            config = new { path = definition.FilePath, sha256 = definition.FilePath is { } p ? Sha256(p) : null },
            inputs = journey.Sources.Tables.Select(t => new
            {
                source = t.Name, path = t.Source.FullPath, bytes = new FileInfo(t.Source.FullPath).Length, sha256 = Sha256(t.Source.FullPath),
                rowsRead = t.Report.RowsRead, rowsAccepted = t.Report.RowsAccepted, rowsRejected = t.Report.RowsRejected,
            }),
            startedUtc = started.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            durationSeconds = Math.Round(elapsed.TotalSeconds, 3),
            outputs = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => new { file = Path.GetRelativePath(folder, f).Replace('\\', '/'), bytes = new FileInfo(f).Length })
                .OrderBy(f => f.file, StringComparer.Ordinal),
        };
        var options = new JsonSerializerOptions { WriteIndented = true, TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        File.WriteAllText(Path.Combine(folder, "run-manifest.json"), JsonSerializer.Serialize(manifest, options) + "\n");
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void TryDelete(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Parses "xlsx,png,svg,html,json" (any order, case-insensitive).</summary>
    public static ReportFormats ParseFormats(string text)
    {
        var result = ReportFormats.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            result |= part.ToLowerInvariant() switch
            {
                "xlsx" => ReportFormats.Xlsx, "png" => ReportFormats.Png, "svg" => ReportFormats.Svg, "html" => ReportFormats.Html, "json" => ReportFormats.Json,
                "all" => ReportFormats.All,
                _ => throw new ArgumentException($"unknown format '{part}'; expected xlsx, png, svg, html, json"),
            };
        if (result == ReportFormats.None) throw new ArgumentException("no format given; expected xlsx, png, svg, html, json");
        return result;
    }
}
