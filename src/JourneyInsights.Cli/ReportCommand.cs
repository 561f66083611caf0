using System.CommandLine;
using System.Globalization;
using JourneyInsights.Definition;
using JourneyInsights.Reporting.Run;
using JourneyInsights.Sources;
using Spectre.Console;

namespace JourneyInsights.Cli;

/// <summary><c>journey report</c>: the monthly report (workbook, charts, HTML page, summary.json), written atomically.</summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = new Option<string?>("--config", "-c") { Description = "The journey definition (default: data-samples/journey.json)." };
        var month = new Option<string?>("--month", "-m") { Description = "YYYY-MM, or 'previous' (the calendar month before today, report time zone). Default: the last complete month of the data." };
        var outDir = new Option<string>("--out", "-o") { Description = "Reports folder; the report goes to <out>/YYYY-MM/.", DefaultValueFactory = _ => "reports" };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first rejected row (exit code 1)." };
        var format = new Option<string>("--format") { Description = "Outputs: any of xlsx,png,svg,html,json.", DefaultValueFactory = _ => "xlsx,png,svg,html,json" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors and the result folder." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print per-source row counts and timings." };
        var asOf = new Option<string>("--as-of") { Description = "month-end (default): leave out data recorded after the report month, so a past month comes out as it was when it closed; all: use every row.", DefaultValueFactory = _ => "month-end" };
        var alertOn = new Option<string?>("--alert-on") { Description = "significant-decline: exit with code 3 (after writing the whole report) when a finding is a significant decline after the report's multiple-testing correction." };
        var noCache = new Option<bool>("--no-cache") { Description = "Parse every input file; read and write no parsed-row cache." };
        var cacheDir = new Option<string?>("--cache") { Description = "Folder of the parsed-row cache (default: <out>/.cache): unchanged input files are read from it instead of being parsed." };
        var command = new Command("report", "Run the monthly journey report into <out>/YYYY-MM/.") { config, month, outDir, strict, format, quiet, verbose, asOf, alertOn, noCache, cacheDir };
        command.SetAction((parse, cancellation) =>
        {
            ReportFormats formats;
            try { formats = MonthlyReport.ParseFormats(parse.GetValue(format)!); }
            catch (ArgumentException ex) { throw new UsageException(ex.Message); }
            var alert = parse.GetValue(alertOn);
            if (alert is not (null or "significant-decline")) throw new UsageException($"--alert-on expects 'significant-decline', found '{alert}'");
            if (parse.GetValue(noCache) && parse.GetValue(cacheDir) is not null) throw new UsageException("give either --no-cache or --cache <dir>, not both");
            var cacheFolder = parse.GetValue(noCache) ? null : parse.GetValue(cacheDir) ?? Path.Combine(parse.GetValue(outDir)!, ".cache");
            var isQuiet = parse.GetValue(quiet);
            var isVerbose = parse.GetValue(verbose);
            var interactive = !isQuiet && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
                && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) && AnsiConsole.Profile.Capabilities.Interactive;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            void Log(string line)
            {
                if (!isQuiet) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,6:0.0}s] {line}"));
            }

            ReportRunResult? result = null;
            var configPath = JourneyCli.ResolveConfig(parse.GetValue(config), out var bundled);
            if (bundled)
                output.WriteLine($"Using the bundled sample data ({configPath}): no --config given. Pass --config <journey.json> to report on your own exports.");
            void Run(Action<string> phase)
            {
                var definition = JourneyDefinition.Load(configPath);
                // Deprecation notices (old milestone names mapped) and load warnings go to standard error, one line each,
                // as validate reports them: standard output stays the progress and the result folder.
                foreach (var notice in definition.Notices) error.WriteLine($"note: {configPath}: {notice}");
                if (bundled) definition = definition with { Name = definition.Name + JourneyCli.BundledSampleSuffix };
                var requested = parse.GetValue(month);
                if (requested == "previous") requested = ResolveMonth(requested, definition);
                var mode = parse.GetValue(asOf)!;
                if (mode is not ("month-end" or "all")) throw new UsageException($"--as-of expects 'month-end' or 'all', found '{mode}'");
                try
                {
                    result = MonthlyReport.Run(new ReportRequest
                    {
                        DefinitionPath = configPath, Definition = definition, Month = requested, AsOf = mode, OutRoot = parse.GetValue(outDir)!, Formats = formats,
                        Strict = parse.GetValue(strict), Progress = phase, CacheFolder = cacheFolder,
                        SourcesLoaded = sources =>
                        {
                            foreach (var r in sources.Reports)
                                foreach (var w in r.Warnings)
                                    error.WriteLine(LoadWarningLine(r, w));
                            foreach (var r in sources.Reports)
                                foreach (var f in r.Files.Where(f => f.CacheWarning is not null))
                                    error.WriteLine(JourneyInsights.Privacy.PersonalData.Mask($"warning: source '{r.Source}' ({f.File}): cache: {f.CacheWarning}"));
                            foreach (var r in sources.Reports)
                                if (isVerbose)
                                    foreach (var f in r.Files.Where(f => f.CacheNote is not null))
                                        Log(JourneyInsights.Privacy.PersonalData.Mask($"  {r.Source} {f.File}: {f.CacheNote}"));
                            foreach (var r in sources.Reports)
                                if (isVerbose || r.RowsRejected > 0)
                                    Log(string.Create(CultureInfo.InvariantCulture, $"  {r.Source}: {r.RowsRead:N0} rows read, {r.RowsAccepted:N0} accepted, {r.RowsRejected:N0} rejected ({r.Duration.TotalSeconds:0.00} s)"));
                        },
                    }, cancellation);
                }
                catch (InvalidReportRequestException ex) { throw new UsageException(ex.Message); }
            }

            if (interactive)
                AnsiConsole.Status().Start("Starting", ctx => Run(p => { ctx.Status(p); if (isVerbose) Log(p); }));
            else
                Run(Log);

            output.WriteLine($"Report {result!.Month} written to {Path.GetFullPath(result.Folder)} ({result.Files.Count} files, {result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)");
            if (isVerbose)
            {
                foreach (var f in result.Files) output.WriteLine("  " + f);
                output.WriteLine(RuntimeLine(System.Diagnostics.Process.GetCurrentProcess()));
            }
            if (result.RowsRejected > 0)
                error.WriteLine($"warning: {result.RowsRejected} input row(s) were rejected; see {Path.Combine(result.Folder, "rejected-rows.csv")}");
            foreach (var a in result.Alerts ?? []) error.WriteLine($"alert: {a}");
            return Task.FromResult(alert is not null && result.Alerts is { Count: > 0 } ? ExitCodes.Alert : ExitCodes.Success);
        });
        return command;
    }

    /// <summary>
    /// What the run cost the process, for whoever schedules or tunes it (<c>--verbose</c>): CPU time, peak working set,
    /// garbage collections per generation and the time the collector paused the program, methods compiled and the time
    /// compiling took.
    /// </summary>
    internal static string RuntimeLine(System.Diagnostics.Process process) => string.Create(CultureInfo.InvariantCulture,
        $"runtime: {process.TotalProcessorTime.TotalSeconds:0.00} s CPU, peak working set {process.PeakWorkingSet64 / 1048576.0:N0} MB, " +
        $"GC {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections (gen 0/1/2, each counted in the lower ones too), " +
        $"paused {GC.GetTotalPauseDuration().TotalSeconds:0.00} s, {System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods compiled in {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:0.00} s");

    /// <summary>One load warning as a line of standard error, naming the source and its file: <c>warning: source 'crm' (crm.csv): 'Persona' missing-column: …</c>.</summary>
    internal static string LoadWarningLine(SourceLoadReport report, SourceWarning warning) => JourneyInsights.Privacy.PersonalData.Mask(
        $"warning: source '{report.Source}' ({report.File}): {(warning.Column.Length > 0 ? $"'{warning.Column}' " : "")}{warning.Rule}: {warning.Message}");

    /// <summary>"previous" is the calendar month before today in the report time zone, for schedulers running on the 1st.</summary>
    internal static string? ResolveMonth(string? month, JourneyDefinition definition) =>
        month == "previous" ? PreviousMonthAt(DateTime.UtcNow, TimeZones.TryFind(definition.ReportTimeZone)!) : month;

    /// <summary>The report month of <c>--month previous</c> for a run at <paramref name="utc"/>: the calendar month before it in the report time zone.</summary>
    internal static string PreviousMonthAt(DateTime utc, TimeZoneInfo reportZone)
    {
        var now = TimeZones.FromUtc(utc, reportZone);
        return new DateTime(now.Year, now.Month, 1).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }
}
