using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JourneyInsights.Definition;
using JourneyInsights.Metrics;
using JourneyInsights.Sources;

namespace JourneyInsights.Bench;

/// <summary>
/// The benchmark: generates inputs at several sizes, then measures each phase in its own process, several runs each,
/// and reports medians (wall, CPU, peak memory) and the ratio to DuckDB. See docs/performance.md.
/// Usage: dotnet run -c Release --project bench/JourneyInsights.Bench -- [--events 100000,1000000,10000000] [--runs 3] [--data /tmp/ji-bench]
///        dotnet run -c Release --project bench/JourneyInsights.Bench -- monthly --data /tmp/ji-bench/events-1000000 [--month 2026-08] [--runs 1]  (see <see cref="MonthlyRuns"/>)
///        dotnet run -c Release --project bench/JourneyInsights.Bench -- check --config data-samples/journey.json --month 2026-08 [--old]
/// Modes: full, load, metrics, duckdb (the reference, <see cref="DuckDbJourney"/>), duckdb-old (the first reference, <see cref="DuckDbJourneyMaterialised"/>).
/// </summary>
public static class BenchCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "measure") return Measure(args[1], args[2], args[3], args.Length > 4 ? args[4] : null);
        if (args.Length > 0 && args[0] == "sql") return Sql(args[1]);
        if (args.Length > 0 && args[0] == "measure-monthly") return MonthlyRuns.MeasureOne(args[1], args[2], args[3], args[4]);
        if (args.Length > 0 && args[0] == "monthly")
            return MonthlyRuns.Run(Option(args, "--data") ?? Path.Combine(Path.GetTempPath(), "ji-bench", "events-1000000"), Option(args, "--month") ?? "2026-08",
                int.Parse(Option(args, "--runs") ?? "1", CultureInfo.InvariantCulture));
        if (args.Length > 0 && args[0] == "check") return Check(Option(args, "--config") ?? "data-samples/journey.json", Option(args, "--month") ?? "2026-08", args.Contains("--old"));
        var sizes = (Option(args, "--events") ?? "100000,1000000,10000000").Split(',').Select(long.Parse).ToArray();
        var runs = int.Parse(Option(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
        var data = Option(args, "--data") ?? Path.Combine(Path.GetTempPath(), "ji-bench");
        var modes = (Option(args, "--modes") ?? "full,load,metrics,duckdb").Split(',');
        await Task.CompletedTask;
        return Benchmark.Run(sizes, runs, data, modes);
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Compares the library's figures with DuckDB's for one month (<paramref name="withOld"/>: also the first, materialising reference); exit 1 when they differ.</summary>
    public static int Check(string config, string month, bool withOld = false)
    {
        var definition = JourneyDefinition.Load(config);
        // The DuckDB references compute the ordered funnel, the first one without exclusion steps: comparing them with other
        // rules would compare two different figures, so the check refuses instead of reporting a difference (or agreement).
        if (definition.Funnel.Mode != "ordered" || withOld && definition.Funnel.Exclusions.Count > 0)
        {
            Console.Error.WriteLine($"{config}: the DuckDB reference computes ordered funnels (with exclusion steps; --old without them); "
                + "remove funnel.mode (or --old) to check it (strict order is checked against SQL by DuckDbDifferentialTests)");
            return 2;
        }
        var journey = Journey.FromSources(SourceSet.Load(definition));
        var ours = journey.Funnel(month);
        var emotion = journey.EmotionByStage(month);
        var duck = DuckDbJourney.Compute(definition, month);
        var agree = Agreement.Compare(ours, emotion, duck, out var report);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DuckDB reference ({duck.Elapsed.TotalSeconds:0.00} s):"));
        Console.WriteLine(report);
        if (withOld)
        {
            var old = DuckDbJourneyMaterialised.Compute(definition, month);
            var oldAgrees = Agreement.Compare(ours, emotion, old, out var oldReport);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first DuckDB reference, materialising every row ({old.Elapsed.TotalSeconds:0.00} s):"));
            Console.WriteLine(oldReport);
            agree &= oldAgrees;
        }
        return agree ? 0 : 1;
    }

    /// <summary>Diagnostics: runs the ';'-separated statements of a file in one DuckDB connection, printing each one's time and first rows.</summary>
    private static int Sql(string file)
    {
        using var con = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        con.Open();
        foreach (var statement in File.ReadAllText(file).Split(";\n").Where(x => x.Trim().Length > 0))
        {
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            using var cmd = con.CreateCommand();
            cmd.CommandText = statement;
            using var reader = cmd.ExecuteReader();
            var rows = 0;
            while (reader.Read())
                if (rows++ < 20)
                    Console.WriteLine(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"-- {clock.Elapsed.TotalSeconds:0.000} s, CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.000} s, {rows} rows: {statement.Trim().Split('\n')[0]}"));
        }
        return 0;
    }

    /// <summary>One measured run in this process: prints a JSON line with wall seconds, CPU seconds and peak working set.</summary>
    private static int Measure(string mode, string config, string month, string? outDir)
    {
        var clock = Stopwatch.StartNew();
        var definition = JourneyDefinition.Load(config);
        object? result = null;
        TimeSpan? measured = null, measuredCpu = null, computeWall = null, computeCpu = null;
        var phases = new List<(string Phase, double Seconds, long PeakBytes)>();
        switch (mode)
        {
            case "load":
                result = SourceSet.Load(definition).Reports.Sum(r => r.RowsRead);
                break;
            case "metrics":
            {
                var sources = SourceSet.Load(definition);
                var start = clock.Elapsed;
                var startCpu = Process.GetCurrentProcess().TotalProcessorTime;
                var (journey, period) = Journey.ForReport(sources, month, "all"); // as `journey report --as-of all` resolves it
                var computeStart = clock.Elapsed;
                var computeStartCpu = Process.GetCurrentProcess().TotalProcessorTime;
                var report = JourneyReport.Compute(journey, period);
                computeWall = clock.Elapsed - computeStart;
                computeCpu = Process.GetCurrentProcess().TotalProcessorTime - computeStartCpu;
                measured = clock.Elapsed - start;
                measuredCpu = Process.GetCurrentProcess().TotalProcessorTime - startCpu;
                result = report.Funnel.Stages.Select(s => s.Customers).ToArray();
                break;
            }
            case "duckdb":
                result = DuckDbJourney.Compute(definition, month).Funnel;
                break;
            case "duckdb-old":
                result = DuckDbJourneyMaterialised.Compute(definition, month).Funnel;
                break;
            case "full":
                result = FullReport.Run(definition, month, outDir!, phases);
                break;
            default:
                throw new ArgumentException($"unknown mode {mode}");
        }
        var self = Process.GetCurrentProcess();
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["mode"] = mode,
            ["wallSeconds"] = (measured ?? clock.Elapsed).TotalSeconds,
            ["processSeconds"] = clock.Elapsed.TotalSeconds,
            ["cpuSeconds"] = self.TotalProcessorTime.TotalSeconds,
            ["measuredCpuSeconds"] = measuredCpu?.TotalSeconds, // metrics: the CPU time of the timed phase alone
            ["computeWallSeconds"] = computeWall?.TotalSeconds, // metrics: JourneyReport.Compute alone (after stitching)
            ["computeCpuSeconds"] = computeCpu?.TotalSeconds,
            ["peakWorkingSetBytes"] = self.PeakWorkingSet64,
            ["result"] = JsonSerializer.Serialize(result),
            ["phases"] = phases.Select(p => new Dictionary<string, object> { ["phase"] = p.Phase, ["seconds"] = p.Seconds, ["peakBytes"] = p.PeakBytes }).ToList(),
        }, new JsonSerializerOptions { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() }));
        return 0;
    }
}
