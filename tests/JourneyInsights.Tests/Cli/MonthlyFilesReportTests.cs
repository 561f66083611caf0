using System.Security.Cryptography;
using System.Text.Json;
using JourneyInsights.Cli;
using JourneyInsights.Tests.Sources;

namespace JourneyInsights.Tests.Cli;

/// <summary>
/// <c>journey report</c> over a source kept as monthly export files (<c>"path": "exports/events_*.csv"</c>): the run
/// manifest, summary.json and <c>journey validate</c> say every file.
/// </summary>
public class MonthlyFilesReportTests
{
    /// <summary>
    /// A journey of GA4 monthly exports (<see cref="GlobSourceTests.March"/>, <see cref="GlobSourceTests.April"/>) and one
    /// HubSpot contacts file; returns the definition's path.
    /// </summary>
    internal static string Journey(TestFolder folder)
    {
        folder.Write("exports/events_2026-03.csv", GlobSourceTests.March);
        folder.Write("exports/events_2026-04.csv", GlobSourceTests.April);
        folder.Write("crm.csv", GlobSourceTests.ContactsMarch);
        return folder.Write("journey.json", """
            {
              "name": "Monthly exports",
              "sources": [
                { "name": "web", "kind": "Analytics", "path": "exports/events_*.csv", "columnMap": "ga4" },
                { "name": "crm", "kind": "Crm", "path": "crm.csv", "columnMap": "hubspot" }
              ],
              "stages": [ { "name": "Awareness" }, { "name": "Consideration" }, { "name": "Purchase" } ],
              "touchpoints": [
                { "name": "First visit", "stage": "Awareness", "when": { "events": ["first_visit"] } },
                { "name": "Pricing page", "stage": "Consideration", "when": { "events": ["page_view"], "pages": ["/pricing"] } },
                { "name": "Purchase", "stage": "Purchase", "when": { "events": ["purchase"] } }
              ]
            }
            """);
    }

    [Fact]
    public void The_manifest_lists_every_file_of_a_glob_source_with_its_bytes_hash_and_rows()
    {
        using var folder = new TestFolder();
        var config = Journey(folder);
        var (code, _, error) = InProcessCli.Run("report", "--config", config, "--month", "2026-03", "--as-of", "all", "--out", folder.Reports, "--format", "json");
        Assert.True(code == ExitCodes.Success, error);
        var dir = Path.Combine(folder.Reports, "2026-03");

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run-manifest.json")));
        var inputs = manifest.RootElement.GetProperty("inputs").EnumerateArray().ToList();
        // web: two files (March 2 rows = 1 accepted + 1 without user_pseudo_id; April 2 = 2 + 0); crm: one file, 2 rows.
        Assert.Equal([("web", folder.File("exports/events_2026-03.csv"), 2, 1, 1), ("web", folder.File("exports/events_2026-04.csv"), 2, 2, 0), ("crm", folder.File("crm.csv"), 2, 2, 0)],
            inputs.Select(i => (i.GetProperty("source").GetString()!, i.GetProperty("path").GetString()!, i.GetProperty("rowsRead").GetInt32(),
                i.GetProperty("rowsAccepted").GetInt32(), i.GetProperty("rowsRejected").GetInt32())).ToArray());
        foreach (var input in inputs)
        {
            var path = input.GetProperty("path").GetString()!;
            Assert.Equal(new FileInfo(path).Length, input.GetProperty("bytes").GetInt64());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), input.GetProperty("sha256").GetString());
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        var web = summary.RootElement.GetProperty("dataQuality").GetProperty("sources").EnumerateArray().First();
        Assert.Equal("exports/events_*.csv", web.GetProperty("file").GetString());
        Assert.Equal(["exports/events_2026-03.csv", "exports/events_2026-04.csv"],
            web.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("file").GetString()!).ToArray());
        var reason = Assert.Single(web.GetProperty("reasons").EnumerateArray().ToList());
        Assert.Equal(("exports/events_2026-03.csv", 3), (reason.GetProperty("file").GetString(), reason.GetProperty("firstLine").GetInt32()));

        var (vcode, output, verror) = InProcessCli.Run("validate", "--config", config);
        Assert.True(vcode == ExitCodes.Success, verror + output);
        Assert.Contains("file exports/events_2026-03.csv: rows read 2, accepted 1, rejected 1", output);
        Assert.Contains("file exports/events_2026-04.csv: rows read 2, accepted 2, rejected 0", output);
        Assert.Contains("(first on line 3 of exports/events_2026-03.csv)", output);
    }

    [Fact]
    public void A_reports_folder_inside_the_folder_of_the_matched_files_is_refused()
    {
        using var folder = new TestFolder();
        var config = Journey(folder);
        var (code, _, error) = InProcessCli.Run("report", "--config", config, "--month", "2026-03", "--out", folder.File("exports/reports"), "--format", "json");
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("overlaps the inputs", error);
        Assert.False(Directory.Exists(folder.File("exports/reports")));
    }

    [Fact]
    public void A_second_run_reads_unchanged_files_from_the_cache_and_writes_byte_identical_summary_json()
    {
        using var folder = new TestFolder();
        var config = Journey(folder);
        string[] Args(params string[] more) => ["report", "--config", config, "--month", "2026-03", "--as-of", "all", "--out", folder.Reports, "--format", "json", "--verbose", .. more];
        var (code, first, error) = InProcessCli.Run(Args());
        Assert.True(code == ExitCodes.Success, error);
        var summary = File.ReadAllBytes(Path.Combine(folder.Reports, "2026-03", "summary.json"));
        var rejected = File.ReadAllBytes(Path.Combine(folder.Reports, "2026-03", "rejected-rows.csv"));
        // The default cache: <out>/.cache, one entry per input file (2 analytics months + the CRM file).
        Assert.Equal(3, Directory.GetFiles(Path.Combine(folder.Reports, ".cache")).Length);
        Assert.Contains("web exports/events_2026-03.csv: parsed and cached", first);
        // --verbose ends with what the run cost: CPU, peak working set, collections per generation (gen 0 counts every
        // collection, so 0 >= 1 >= 2), the collector's pauses and the methods compiled.
        var cost = System.Text.RegularExpressions.Regex.Match(first,
            @"^runtime: \d+\.\d\d s CPU, peak working set [\d,]+ MB, GC (\d+)/(\d+)/(\d+) collections \(gen 0/1/2, each counted in the lower ones too\), paused \d+\.\d\d s, [\d,]+ methods compiled in \d+\.\d\d s$",
            System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(cost.Success, first);
        Assert.True(int.Parse(cost.Groups[1].Value) >= int.Parse(cost.Groups[2].Value) && int.Parse(cost.Groups[2].Value) >= int.Parse(cost.Groups[3].Value), cost.Value);

        var (code2, second, error2) = InProcessCli.Run(Args());
        Assert.True(code2 == ExitCodes.Success, error2);
        Assert.Contains("web exports/events_2026-03.csv: read from the cache", second);
        Assert.Contains("web exports/events_2026-04.csv: read from the cache", second);
        Assert.Contains("crm crm.csv: read from the cache", second);
        // summary.json holds no timings or run times, so nothing may differ; rejected-rows.csv neither.
        Assert.Equal(summary, File.ReadAllBytes(Path.Combine(folder.Reports, "2026-03", "summary.json")));
        Assert.Equal(rejected, File.ReadAllBytes(Path.Combine(folder.Reports, "2026-03", "rejected-rows.csv")));

        // A corrupt entry: a warning on standard error, the file parsed again, the same summary.json.
        foreach (var entry in Directory.GetFiles(Path.Combine(folder.Reports, ".cache"))) File.WriteAllBytes(entry, File.ReadAllBytes(entry)[..40]);
        var (code3, _, error3) = InProcessCli.Run(Args());
        Assert.True(code3 == ExitCodes.Success, error3);
        Assert.Contains("warning: source 'web' (exports/events_2026-03.csv): cache: the cache entry is corrupt", error3);
        Assert.Equal(summary, File.ReadAllBytes(Path.Combine(folder.Reports, "2026-03", "summary.json")));
    }

    [Fact]
    public void No_cache_writes_nothing_in_the_cache_folder_and_cache_names_another_folder()
    {
        using var folder = new TestFolder();
        var config = Journey(folder);
        var (code, _, error) = InProcessCli.Run("report", "--config", config, "--month", "2026-03", "--out", folder.Reports, "--format", "json", "--no-cache");
        Assert.True(code == ExitCodes.Success, error);
        Assert.False(Directory.Exists(Path.Combine(folder.Reports, ".cache")));

        var elsewhere = Path.Combine(Path.GetDirectoryName(folder.Reports)!, "parsed-cache");
        (code, _, error) = InProcessCli.Run("report", "--config", config, "--month", "2026-03", "--out", folder.Reports, "--format", "json", "--cache", elsewhere);
        Assert.True(code == ExitCodes.Success, error);
        Assert.False(Directory.Exists(Path.Combine(folder.Reports, ".cache")));
        Assert.Equal(3, Directory.GetFiles(elsewhere).Length);

        (code, _, error) = InProcessCli.Run("report", "--config", config, "--out", folder.Reports, "--no-cache", "--cache", elsewhere);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--no-cache", error);

        // A cache folder inside the inputs' folder is not used (it would sit among the exports).
        (code, _, error) = InProcessCli.Run("report", "--config", config, "--month", "2026-03", "--out", folder.Reports, "--format", "json", "--cache", folder.File("exports/.cache"));
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("cache: the cache folder", error);
        Assert.False(Directory.Exists(folder.File("exports/.cache")));
    }
}
