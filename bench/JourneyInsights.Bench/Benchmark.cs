using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using JourneyInsights.Samples;

namespace JourneyInsights.Bench;

/// <summary>Generates the inputs per size and runs each mode in its own process, several times; prints a Markdown table
/// (the last column: the mode's median wall time over the reference's, mode duckdb).</summary>
public static class Benchmark
{
    /// <summary>Events per generated CRM contact at the defaults (44,874 events for 3,000 contacts ≈ 15).</summary>
    private const double EventsPerContact = 15.0;

    public static int Run(long[] sizes, int runs, string dataRoot, string[] modes)
    {
        var self = Environment.ProcessPath!;
        var selfArgs = self.EndsWith("dotnet", StringComparison.Ordinal) ? new[] { typeof(Benchmark).Assembly.Location } : [];
        var table = new StringBuilder();
        table.AppendLine("| events | CSV MB | mode | wall s (median) | CPU s | peak MB | peak / CSV | ours / DuckDB |");
        table.AppendLine("|---:|---:|---|---:|---:|---:|---:|---:|");
        var profile = new StringBuilder();
        var ok = true;
        Console.Error.WriteLine(Machine());
        foreach (var events in sizes)
        {
            var dir = Path.Combine(dataRoot, $"events-{events}");
            var config = Path.Combine(dir, "journey.json");
            if (!File.Exists(config)) Generate(events, dir);
            var csvBytes = Directory.GetFiles(dir, "*.csv").Sum(f => new FileInfo(f).Length);
            var medians = new Dictionary<string, (double Wall, double Cpu, long Peak, string Result, string Phases)>();
            foreach (var mode in modes)
            {
                var samples = new List<(double Wall, double Cpu, long Peak, string Result, string Phases)>();
                for (var r = 0; r < runs; r++)
                {
                    var outDir = Path.Combine(dataRoot, $"reports-{events}"); // beside the inputs: a report refuses one inside their folder
                    var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
                    foreach (var a in selfArgs.Concat(["measure", mode, config, "2026-08", outDir])) psi.ArgumentList.Add(a);
                    using var p = Process.Start(psi)!;
                    var stdout = p.StandardOutput.ReadToEnd();
                    var stderr = p.StandardError.ReadToEnd();
                    p.WaitForExit();
                    if (p.ExitCode != 0) { Console.Error.WriteLine($"{mode} at {events} failed: {stderr}"); return 1; }
                    using var doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
                    var x = doc.RootElement;
                    samples.Add((x.GetProperty("wallSeconds").GetDouble(), x.GetProperty("cpuSeconds").GetDouble(), x.GetProperty("peakWorkingSetBytes").GetInt64(), x.GetProperty("result").GetString()!,
                        x.TryGetProperty("phases", out var ph) ? ph.GetRawText() : "[]"));
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {events:N0} {mode} run {r + 1}: {samples[^1].Wall:0.00} s wall ({x.GetProperty("processSeconds").GetDouble():0.00} s process), {samples[^1].Cpu:0.00} s CPU{(x.GetProperty("measuredCpuSeconds").ValueKind == JsonValueKind.Number ? $" ({x.GetProperty("measuredCpuSeconds").GetDouble():0.00} s timed)" : "")}, {samples[^1].Peak / 1e6:0} MB, {DateTime.UtcNow:HH:mm:ss} UTC"));
                }
                var ordered = samples.OrderBy(s => s.Wall).ToList();
                medians[mode] = ordered[ordered.Count / 2];
            }
            if (medians.TryGetValue("full", out var full)) AppendPhases(profile, events, full.Wall, full.Phases);
            foreach (var reference in new[] { "duckdb", "duckdb-old" })
                if (medians.TryGetValue("metrics", out var m) && medians.TryGetValue(reference, out var d) && m.Result != d.Result)
                {
                    ok = false;
                    Console.Error.WriteLine($"DISAGREE at {events}: ours {m.Result} {reference} {d.Result}");
                }
            foreach (var (mode, s) in medians)
            {
                var ratio = medians.TryGetValue("duckdb", out var duck) && mode != "duckdb" ? (s.Wall / duck.Wall).ToString("0.00", CultureInfo.InvariantCulture) : "";
                table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {events:N0} | {csvBytes / 1e6:0} | {mode} | {s.Wall:0.00} | {s.Cpu:0.00} | {s.Peak / 1e6:0} | {(double)s.Peak / csvBytes:0.00} | {ratio} |"));
            }
        }
        Console.WriteLine(table.ToString());
        if (profile.Length > 0)
        {
            Console.WriteLine("Phase profile of the median `full` run (seconds from the report announcing a phase to the next):");
            Console.WriteLine();
            Console.WriteLine("| events | phase | wall s | share |");
            Console.WriteLine("|---:|---|---:|---:|");
            Console.WriteLine(profile.ToString());
        }
        Console.WriteLine(Machine());
        Console.WriteLine(ok ? "funnel figures agree with DuckDB at every size" : "FIGURES DISAGREE WITH DUCKDB");
        return ok ? 0 : 1;
    }

    private static void AppendPhases(StringBuilder profile, long events, double wall, string json)
    {
        using var doc = JsonDocument.Parse(json);
        foreach (var p in doc.RootElement.EnumerateArray())
        {
            var seconds = p.GetProperty("seconds").GetDouble();
            profile.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {events:N0} | {p.GetProperty("phase").GetString()} | {seconds:0.00} | {seconds / wall:0%} |"));
        }
    }

    /// <summary>The machine and its load, said with every table: timings mean nothing without them.</summary>
    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() : null;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
        return string.Create(CultureInfo.InvariantCulture,
            $"machine: {Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, /proc/loadavg {load}");
    }

    private static void Generate(long events, string dir)
    {
        var contacts = (int)Math.Max(10, Math.Round(events / EventsPerContact));
        Console.Error.WriteLine($"generating ~{events:N0} events ({contacts:N0} contacts) into {dir}");
        // The exports and the sample journey.json reading them (force: a half-generated folder of an interrupted run is rewritten).
        SampleFolder.Write(new SampleOptions(contacts, 13, 42, new DateOnly(2026, 10, 1)), dir, force: true);
    }
}
