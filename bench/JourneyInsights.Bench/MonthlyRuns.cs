using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace JourneyInsights.Bench;

/// <summary>
/// The incremental monthly run (issue 14, goal 3), measured in separate processes over the bench's generated data:
/// the analytics CSV split into one file per event month (<c>exports/events_2025-10.csv</c> ...) read through a glob path,
/// then (a) a cold run with no cache over every month, (b) a run over all months but the last, filling the parsed-row
/// cache, (c) the run after the last month's file is added (the earlier months from the cache, the new one parsed).
/// (c)'s summary.json must be byte-identical to (a)'s.
/// Usage: dotnet run -c Release --project bench/JourneyInsights.Bench -- monthly --data /tmp/ji-bench/events-1000000 [--month 2026-08] [--runs 1]
/// </summary>
public static class MonthlyRuns
{
    public static int Run(string data, string month, int runs)
    {
        data = Path.GetFullPath(data);
        var root = data.TrimEnd('/') + "-monthly";               // beside the data, never inside it
        var exports = Path.Combine(root, "exports");
        var held = Path.Combine(root, "held");                   // where the newest month waits during (b)
        // A run stopped during (b) (killed, so its finally did not run) left the newest month waiting: put it back first,
        // or every later run would measure one month fewer without saying so.
        if (Directory.Exists(held))
            foreach (var waiting in Directory.GetFiles(held))
            {
                var back = Path.Combine(exports, Path.GetFileName(waiting));
                if (File.Exists(back)) continue; // already split again: the one in held/ is left as it is
                File.Move(waiting, back);
                Console.Error.WriteLine($"put back {back}, left in {held} by a run that was stopped");
            }
        var files = Split(Path.Combine(data, "analytics-events.csv"), exports);
        Console.WriteLine($"{files.Count} monthly files in {exports}: {string.Join(", ", files.Select(Path.GetFileName))}");
        var config = WriteDefinition(data, root);

        var reports = root + "-reports";
        var cache = Path.Combine(reports, "cache");
        var results = new List<(string Step, Dictionary<string, JsonElement> M, double Wall)>();
        void Step(string step, string outDir, string? cacheFolder)
        {
            var (m, wall) = Measure(config, month, outDir, cacheFolder);
            results.Add((step, m, wall));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ({step}) {wall:0.00} s: {m["phases"]}; {m["files"]}"));
        }
        for (var run = 0; run < runs; run++)
        {
            if (Directory.Exists(reports)) Directory.Delete(reports, recursive: true);
            // (a) cold, no cache, all months
            Step("a", Path.Combine(reports, "a"), null);
            // (b) all months but the last, filling the cache
            var newest = files[^1];
            Directory.CreateDirectory(held);
            var waiting = Path.Combine(held, Path.GetFileName(newest));
            File.Move(newest, waiting);
            try { Step("b", Path.Combine(reports, "b"), cache); }
            finally { File.Move(waiting, newest); }
            // (c) the newest month added: 12 from the cache, 1 parsed
            Step("c", Path.Combine(reports, "c"), cache);
            var same = File.ReadAllBytes(Path.Combine(reports, "a", month, "summary.json")).AsSpan()
                .SequenceEqual(File.ReadAllBytes(Path.Combine(reports, "c", month, "summary.json")));
            Console.WriteLine($"run {run + 1}: (c) summary.json byte-identical to (a): {(same ? "yes" : "NO")}");
            if (!same) return 1;
        }
        foreach (var step in new[] { "a", "b", "c" })
        {
            var rows = results.Where(r => r.Step == step).ToList();
            double Median(Func<(string Step, Dictionary<string, JsonElement> M, double Wall), double> f) => rows.Select(f).Order().ElementAt(rows.Count / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"({step}) wall {Median(r => r.Wall):0.00} s (process), CPU {Median(r => r.M["cpuSeconds"].GetDouble()):0.00} s, peak {Median(r => r.M["peakWorkingSetBytes"].GetDouble()) / 1e9:0.00} GB; phases: {rows[rows.Count / 2].M["phases"]}; files: {rows[rows.Count / 2].M["files"]}"));
        }
        var a = results.Where(r => r.Step == "a").Select(r => r.Wall).Order().ElementAt(runs / 2);
        var c = results.Where(r => r.Step == "c").Select(r => r.Wall).Order().ElementAt(runs / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(c) / (a) = {c / a:P1} of the cold run's wall (goal: at most 25 %); load average {File.ReadAllText("/proc/loadavg").Trim()}"));
        return 0;
    }

    /// <summary>One report run in its own process; its measurement and the wall time seen from outside.</summary>
    private static (Dictionary<string, JsonElement>, double) Measure(string config, string month, string outDir, string? cache)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal)) psi.ArgumentList.Add(typeof(MonthlyRuns).Assembly.Location); // `dotnet bench.dll`
        foreach (var a in new[] { "measure-monthly", config, month, outDir, cache ?? "none" }) psi.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        var wall = clock.Elapsed.TotalSeconds;
        if (p.ExitCode != 0) throw new InvalidOperationException($"measure-monthly failed ({p.ExitCode}): {stderr}{stdout}");
        var line = stdout.Split('\n').Last(l => l.StartsWith('{'));
        return (JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(line)!, wall);
    }

    /// <summary>In this process: one `journey report --as-of all` run, with or without the cache; prints a JSON line.</summary>
    public static int MeasureOne(string config, string month, string outDir, string cache)
    {
        var clock = Stopwatch.StartNew();
        var phases = new List<string>();
        var last = TimeSpan.Zero;
        string? phase = null;
        void Phase(string name)
        {
            if (phase is not null) phases.Add(string.Create(CultureInfo.InvariantCulture, $"{phase} {(clock.Elapsed - last).TotalSeconds:0.00}"));
            phase = name;
            last = clock.Elapsed;
        }
        var files = new List<string>();
        var result = Reporting.Run.MonthlyReport.Run(new Reporting.Run.ReportRequest
        {
            DefinitionPath = config, Month = month, AsOf = "all", OutRoot = outDir, Formats = Reporting.Run.ReportFormats.All,
            CacheFolder = cache == "none" ? null : cache, Progress = Phase,
            SourcesLoaded = sources =>
            {
                foreach (var r in sources.Reports)
                    files.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Source} {r.Files.Count(f => f.FromCache)}/{r.Files.Count} cached, load {r.Duration.TotalSeconds:0.00} s"));
            },
        });
        Phase("end");
        var self = Process.GetCurrentProcess();
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["wallSeconds"] = clock.Elapsed.TotalSeconds,
            ["cpuSeconds"] = self.TotalProcessorTime.TotalSeconds,
            ["peakWorkingSetBytes"] = self.PeakWorkingSet64,
            ["phases"] = string.Join("; ", phases),
            ["files"] = string.Join("; ", files),
            ["outputs"] = result.Files.Count,
        }, new JsonSerializerOptions { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() }));
        return 0;
    }

    /// <summary>
    /// Splits the analytics export into one file per event month (from <c>event_date</c>, YYYYMMDD), each with the header;
    /// a record whose first field is not a date (a planted broken row) goes with the record before it, and a quoted field
    /// spanning lines stays in one record. Skipped when the files are already there and newer than the export.
    /// </summary>
    private static List<string> Split(string export, string exports)
    {
        if (Directory.Exists(exports) && Directory.GetFiles(exports, "events_*.csv") is { Length: > 0 } existing
            && existing.All(f => File.GetLastWriteTimeUtc(f) >= File.GetLastWriteTimeUtc(export)))
            return existing.Order(StringComparer.Ordinal).ToList();
        if (Directory.Exists(exports)) Directory.Delete(exports, recursive: true);
        Directory.CreateDirectory(exports);
        var clock = Stopwatch.StartNew();
        var writers = new Dictionary<string, StreamWriter>(StringComparer.Ordinal);
        using (var reader = new StreamReader(export, new UTF8Encoding(false), false, 1 << 20))
        {
            var header = reader.ReadLine()!;
            string? month = null;
            var record = new StringBuilder();
            var open = false; // inside a quoted field that goes on to the next line
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                record.Append(line);
                open ^= line.AsSpan().Count('"') % 2 == 1;
                if (open) { record.Append('\n'); continue; }
                var text = record.ToString();
                record.Clear();
                if (text.Length >= 8 && text.AsSpan(0, 8).ContainsAnyExceptInRange('0', '9') == false && (text.Length == 8 || text[8] == ','))
                    month = $"{text[..4]}-{text[4..6]}";
                month ??= "0000-00";
                if (!writers.TryGetValue(month, out var w))
                {
                    writers.Add(month, w = new StreamWriter(Path.Combine(exports, $"events_{month}.csv"), false, new UTF8Encoding(false), 1 << 20));
                    w.NewLine = "\n";
                    w.WriteLine(header);
                }
                w.WriteLine(text);
            }
            if (record.Length > 0 && month is not null) writers[month].WriteLine(record.ToString());
        }
        foreach (var w in writers.Values) w.Dispose();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"split {export} into {writers.Count} monthly files in {clock.Elapsed.TotalSeconds:0.0} s"));
        return Directory.GetFiles(exports, "events_*.csv").Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The bench's definition with the analytics source as a glob over the monthly files; the other sources stay where they are.</summary>
    private static string WriteDefinition(string data, string root)
    {
        var text = File.ReadAllText(Path.Combine(data, "journey.json"));
        var relative = Path.GetRelativePath(root, data).Replace('\\', '/');
        text = text.Replace("\"path\": \"analytics-events.csv\"", "\"path\": \"exports/events_*.csv\"")
            .Replace("\"path\": \"crm-contacts.csv\"", $"\"path\": \"{relative}/crm-contacts.csv\"")
            .Replace("\"path\": \"survey-responses.csv\"", $"\"path\": \"{relative}/survey-responses.csv\"");
        if (!text.Contains("exports/events_*.csv", StringComparison.Ordinal)) throw new InvalidOperationException("the bench's journey.json has no analytics-events.csv source");
        var path = Path.Combine(root, "journey.json");
        File.WriteAllText(path, text);
        return path;
    }
}
