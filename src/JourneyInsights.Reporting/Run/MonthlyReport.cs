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

/// <summary>The reports folder cannot be created or written (read-only file system, no permission, not a folder).</summary>
public sealed class ReportFolderException(string message, Exception inner) : IOException(message, inner);

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
    /// <summary>
    /// The folder of the parsed-row cache (<see cref="LoadOptions.CacheFolder"/>): unchanged input files are read from it
    /// instead of being parsed. Null (the default): no cache. <c>journey report</c> passes <c>&lt;out&gt;/.cache</c> unless
    /// told <c>--no-cache</c> or <c>--cache &lt;dir&gt;</c>.
    /// </summary>
    public string? CacheFolder { get; init; }
    /// <summary>Told the name of each phase as it starts.</summary>
    public Action<string>? Progress { get; init; }
    /// <summary>Told the loaded sources (for per-source row counts) before stitching.</summary>
    public Action<SourceSet>? SourcesLoaded { get; init; }
}

/// <summary>What a report run wrote.</summary>
/// <param name="Folder">The month's report folder, <c>&lt;out&gt;/YYYY-MM</c>.</param>
/// <param name="Month">The report month, YYYY-MM.</param>
/// <param name="Files">The files written, relative to <paramref name="Folder"/>.</param>
/// <param name="RowsRejected">Input rows rejected (listed in rejected-rows.csv).</param>
/// <param name="Duration">Wall time of the run.</param>
/// <param name="Alerts">The report's significant declines (<see cref="JourneyReport.Alerts"/>), one sentence each; empty in a calm month.</param>
public sealed record ReportRunResult(string Folder, string Month, IReadOnlyList<string> Files, long RowsRejected, TimeSpan Duration,
    IReadOnlyList<string>? Alerts = null);

/// <summary>
/// Writes one month's report folder atomically: everything goes to a hidden temporary folder beside the target
/// (<c>.YYYY-MM.partial-*</c>), which replaces <c>YYYY-MM/</c> only when complete. A run that fails leaves the
/// previous report intact and removes its temporary folder; a run that is killed leaves one that the next run removes
/// (and restores the previous report if the kill fell between the two renames). Any run in the reports folder, of any
/// month, cleans up after killed runs of the other months too (<see cref="RecoverOtherMonths"/>).
/// </summary>
public static partial class MonthlyReport
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
        OutputFolderCheck.Ensure(request.OutRoot, OutputFolderCheck.Inputs(definition));
        var sources = SourceSet.Load(definition, new LoadOptions(request.Strict) { CacheFolder = request.CacheFolder }, cancellation);
        request.SourcesLoaded?.Invoke(sources);
        cancellation.ThrowIfCancellationRequested();
        request.Progress?.Invoke("Stitching identities and placing touchpoints");
        Journey journey;
        ReportPeriod period;
        // The outputs need the stitched journey, not the raw rows: they are let go of while it is stitched, each field
        // after its last reader, so the journey takes the loaded columns' memory instead of adding to it.
        try { (journey, period) = Journey.ForReport(sources, request.Month, request.AsOf, cancellation: cancellation, releaseRows: true); }
        catch (ArgumentException ex) { throw new InvalidReportRequestException(ex.Message.Split(" (Parameter")[0], ex); }
        sources.ReleaseRows();
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
        OutputFolderCheck.Ensure(outRoot, OutputFolderCheck.Inputs(journey.Definition)
            .Concat(journey.Sources.Tables.SelectMany(t => t.Report.Files.Select(f => f.FullPath).DefaultIfEmpty(t.Source.FullPath))));
        Phase("Computing metrics");
        var report = JourneyReport.Compute(journey, period);
        report = ForOutputs(report);
        CreateReportsFolder(outRoot);
        using var monthLock = LockMonth(outRoot, report.Month);
        RecoverInterrupted(outRoot, report.Month);
        RecoverOtherMonths(outRoot, report.Month);
        var target = Path.Combine(outRoot, report.Month);
        var temp = Path.Combine(outRoot, $".{report.Month}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            // The outputs read the same finished report and each writes its own files, so they overlap: the charts are
            // drawn while the workbook's sheets are written, which needs them only at its charts sheet; the chart files,
            // the page and summary.json are written here meanwhile. The workbook is the longest part, one step after
            // the other on one thread (its sheets, the save, the pictures, the stable re-zip): it keeps a core of its
            // own, the charts are drawn on the others, and the workbook's thread draws the charts not yet begun when
            // it reaches its charts sheet before they are done, instead of waiting for them.
            // One phase, said once: its parts overlap, so no part has a time of its own.
            var needCharts = (formats & (ReportFormats.Xlsx | ReportFormats.Png | ReportFormats.Svg | ReportFormats.Html)) != 0;
            var xlsx = formats.HasFlag(ReportFormats.Xlsx);
            Phase(OutputsPhase(formats));
            var drawing = needCharts ? ChartDrawing.Start(report, xlsx ? Environment.ProcessorCount - 1 : Environment.ProcessorCount) : null;
            IReadOnlyList<RenderedChart> Charts() => drawing?.Finish(help: false) ?? [];
            var workbook = Task.CompletedTask;
            if (xlsx)
            {
                var path = Path.Combine(temp, $"journey-summary-{report.Month}.xlsx");
                workbook = Task.Run(() => JourneyWorkbook.Write(report, () => drawing!.Finish(help: true), path), CancellationToken.None);
            }
            try
            {
                if ((formats & (ReportFormats.Png | ReportFormats.Svg)) != 0)
                {
                    var dir = Directory.CreateDirectory(Path.Combine(temp, "charts")).FullName;
                    foreach (var c in Charts())
                    {
                        if (formats.HasFlag(ReportFormats.Png)) File.WriteAllBytes(Path.Combine(dir, c.Name + ".png"), c.Png);
                        if (formats.HasFlag(ReportFormats.Svg) && c.Svg is not null) File.WriteAllText(Path.Combine(dir, c.Name + ".svg"), c.Svg);
                    }
                }
                if (formats.HasFlag(ReportFormats.Html))
                {
                    cancellation.ThrowIfCancellationRequested();
                    HtmlPage.Write(report, Charts(), Path.Combine(temp, "index.html"));
                }
                if (formats.HasFlag(ReportFormats.Json))
                {
                    cancellation.ThrowIfCancellationRequested();
                    SummaryJson.Write(report, Path.Combine(temp, "summary.json"));
                }
            }
            catch
            {
                // Done with the folder before it is removed; the first error is the one said.
                drawing?.Settle();
                try { workbook.Wait(CancellationToken.None); } catch (AggregateException) { }
                throw;
            }
            workbook.GetAwaiter().GetResult();
            var rejected = journey.Sources.Rejected.ToList();
            if (rejected.Count > 0) RejectedRowsCsv.Write(Path.Combine(temp, "rejected-rows.csv"), rejected, journey.Definition.Sources);
            Phase("Writing the run manifest");
            WriteManifest(journey, report, formats, temp, started, clock.Elapsed);

            PublishSteps.Reached(PublishSteps.Written, cancellation);
            Phase("Moving the report into place");
            cancellation.ThrowIfCancellationRequested();
            Publish(temp, target, outRoot, report.Month, cancellation);
            var files = Directory.GetFiles(target, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(target, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
            return new ReportRunResult(target, report.Month, files, rejected.Count, clock.Elapsed, report.Alerts.Select(a => a.Text).ToList());
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// The report as the outputs show it: the title one line of XML-safe text, and personal data masked in the texts
    /// that come from the inputs' metadata (file names, rejection reasons, warnings, unmatched records). The journey's
    /// attributes (persona, channel, device, region, survey names) are masked when the journey is built.
    /// </summary>
    private static JourneyReport ForOutputs(JourneyReport report) => report with
    {
        Title = Formatting.SafeText.Title(Privacy.PersonalData.Mask(report.Title)),
        DataQuality = report.DataQuality.Select(Privacy.PersonalData.MaskReport).ToList(),
        Placement = report.Placement with { Unmatched = report.Placement.Unmatched.Select(u => (Privacy.PersonalData.Mask(u.What), u.Rows)).ToList() },
    };

    /// <summary>Creates the reports folder, saying what is wrong when it cannot be (read-only, not a folder, no permission).</summary>
    private static void CreateReportsFolder(string outRoot)
    {
        try { Directory.CreateDirectory(outRoot); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReportFolderException($"cannot create the reports folder {Path.GetFullPath(outRoot)}: {Reason(ex)}", ex);
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
        catch (IOException ex) when (IsSharingViolation(ex))
        {
            throw new ReportInProgressException($"another run is writing the {month} report in {Path.GetFullPath(outRoot)} ({path} is locked)", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReportFolderException($"cannot write in the reports folder {Path.GetFullPath(outRoot)}: {Reason(ex)}", ex);
        }
    }

    /// <summary>Takes the lock of <paramref name="month"/> if no live run holds it; null when one does.</summary>
    private static FileStream? TryLockMonth(string outRoot, string month)
    {
        try { return LockMonth(outRoot, month); }
        catch (ReportInProgressException) { return null; }
    }

    // A lock held by another process: Windows reports a sharing or lock violation (32, 33); on Unix .NET reports the
    // failed flock with the raw errno EWOULDBLOCK (11 on Linux, 35 on macOS) as the HResult of a plain IOException.
    private static bool IsSharingViolation(IOException ex) =>
        ex.GetType() == typeof(IOException) && (OperatingSystem.IsWindows() ? (ex.HResult & 0xFFFF) is 32 or 33 : ex.HResult == (OperatingSystem.IsMacOS() ? 35 : 11));

    /// <summary>What is wrong with a folder, in words: the system's message, plus a plain reason for the usual causes.</summary>
    private static string Reason(Exception ex) => ex switch
    {
        UnauthorizedAccessException => $"permission denied or a read-only file system ({ex.Message})",
        IOException io when (io.HResult & 0xFFFF) == 30 || io.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase) => $"the file system is read-only ({ex.Message})",
        FileNotFoundException or DirectoryNotFoundException => $"the folder does not take new files ({ex.Message})",
        _ => ex.Message,
    };

    /// <summary>
    /// Replaces <paramref name="target"/> with the complete folder <paramref name="temp"/>: the previous report is set
    /// aside (<c>.YYYY-MM.previous-*</c>), the new one moved in, the previous one deleted. A kill between the two renames
    /// leaves the month's folder missing for a moment; the next run in this reports folder, of any month, restores it
    /// (<see cref="RecoverInterrupted(string, string)"/>).
    /// </summary>
    private static void Publish(string temp, string target, string outRoot, string month, CancellationToken cancellation)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(temp, target);
            PublishSteps.Reached(PublishSteps.MovedIn, CancellationToken.None);
            return;
        }
        var previous = Path.Combine(outRoot, $".{month}.previous-{Guid.NewGuid():N}");
        Directory.Move(target, previous);
        try
        {
            PublishSteps.Reached(PublishSteps.SetAside, cancellation);
            Directory.Move(temp, target);
        }
        catch
        {
            Directory.Move(previous, target); // put the previous report back before failing
            throw;
        }
        PublishSteps.Reached(PublishSteps.MovedIn, CancellationToken.None);
        TryDelete(previous);
        PublishSteps.Reached(PublishSteps.Cleaned, CancellationToken.None);
    }

    /// <summary>Cleans up after a killed run of <paramref name="month"/> (the caller holds its lock): restores a previous report set aside mid-swap, removes partial folders.</summary>
    public static void RecoverInterrupted(string outRoot, string month)
    {
        var target = Path.Combine(outRoot, month);
        foreach (var previous in Directory.GetDirectories(outRoot, $".{month}.previous-*").Order(StringComparer.Ordinal))
        {
            if (!Directory.Exists(target)) Directory.Move(previous, target);
            else TryDelete(previous);
        }
        foreach (var partial in Directory.GetDirectories(outRoot, $".{month}.partial-*")) TryDelete(partial);
    }

    /// <summary>
    /// Cleans up after killed runs of every month in <paramref name="outRoot"/> but <paramref name="except"/>: for each
    /// month with leftovers (<c>.YYYY-MM.previous-*</c>, <c>.YYYY-MM.partial-*</c>, <c>.YYYY-MM.lock</c>) whose lock no live
    /// run holds, restores or removes them as <see cref="RecoverInterrupted(string, string)"/> does and removes the stale lock file.
    /// </summary>
    public static void RecoverOtherMonths(string outRoot, string? except = null)
    {
        var months = Directory.EnumerateFileSystemEntries(outRoot, ".*")
            .Select(p => LeftoverMonth().Match(Path.GetFileName(p)))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Where(m => m != except)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var month in months)
        {
            using var held = TryLockMonth(outRoot, month); // disposing removes the lock file
            if (held is null) continue; // a live run of that month: its leftovers are its own
            RecoverInterrupted(outRoot, month);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\.(\d{4}-\d{2})\.(?:lock$|partial-|previous-)", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex LeftoverMonth();

    /// <summary>The progress message of the outputs phase: the outputs asked for, in words.</summary>
    private static string OutputsPhase(ReportFormats formats)
    {
        var parts = new List<string>();
        if ((formats & (ReportFormats.Png | ReportFormats.Svg)) != 0) parts.Add("charts");
        if (formats.HasFlag(ReportFormats.Xlsx)) parts.Add("the workbook");
        if (formats.HasFlag(ReportFormats.Html)) parts.Add("the HTML page");
        if (formats.HasFlag(ReportFormats.Json)) parts.Add("summary.json");
        return parts.Count == 0 ? "Writing the outputs" : "Writing " + string.Join(", ", parts) + " (at the same time)";
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
            config = new { path = definition.FilePath is { } c ? Privacy.PersonalData.Mask(c) : null, sha256 = definition.FilePath is { } p ? definition.FileSha256 ?? Sha256(p) : null },
            // One entry per file read (every file a glob path matched), with the SHA-256 the loader computed while reading the
            // file (the parsed-row cache keys on it too): no input is read again here.
            inputs = journey.Sources.Tables.SelectMany(t => t.Report.Files.Select(f => new
            {
                source = t.Name, path = Privacy.PersonalData.Mask(f.FullPath), bytes = f.Bytes, sha256 = f.Sha256 ?? Sha256(f.FullPath),
                rowsRead = f.RowsRead, rowsAccepted = f.RowsAccepted, rowsRejected = f.RowsRejected,
            })),
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
