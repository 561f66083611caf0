using System.Security.Cryptography;
using JourneyInsights.Cli;

namespace JourneyInsights.Tests.Cli;

/// <summary>
/// <c>journey generate</c> writes the exports with the journey.json that reads them, and refuses a folder where that
/// journey.json would mix two datasets (the bug: <c>--out data-samples</c> left the old analytics-events.csv.gz, which the
/// folder's journey.json reads, beside the new crm-contacts.csv).
/// </summary>
public sealed class GenerateCommandTests
{
    private static readonly string[] Small = ["--customers", "300", "--months", "3", "--end-month", "2026-10"];

    private static (int Code, string Out, string Err) Generate(string dir, params string[] more) =>
        InProcessCli.Run(["generate", .. Small, "--out", dir, .. more]);

    [Fact]
    public void The_journey_json_written_beside_the_exports_validates_and_reports_on_them()
    {
        using var folder = new TestFolder();
        var (code, output, _) = Generate(folder.Path, "--seed", "5");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(
            ["analytics-events.csv", "crm-contacts.csv", "journey.json", "samples-manifest.json", "survey-responses.csv"],
            Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var config = Path.Combine(folder.Path, "journey.json");
        Assert.Contains(config, output);

        // It reads the uncompressed analytics file written here, not the committed .csv.gz.
        var validate = InProcessCli.Run("validate", "--config", config);
        Assert.Equal(ExitCodes.Success, validate.Code);
        Assert.Matches(new System.Text.RegularExpressions.Regex(@"^web \[Analytics, ga4\] analytics-events\.csv$", System.Text.RegularExpressions.RegexOptions.Multiline), validate.Out);
        Assert.DoesNotContain(".csv.gz", validate.Out);
        // 3 months to 2026-10: August, September, October; September is complete and a month before the end.
        var report = InProcessCli.Run("report", "--config", config, "--month", "2026-09", "--out", folder.Reports, "--format", "json");
        Assert.Equal(ExitCodes.Success, report.Code);
        Assert.True(File.Exists(Path.Combine(folder.Reports, "2026-09", "summary.json")));

        var manifest = File.ReadAllText(Path.Combine(folder.Path, "samples-manifest.json"));
        Assert.Contains("\"seed\": 5", manifest);
        Assert.Contains("\"endMonth\": \"2026-10\"", manifest);
    }

    [Fact]
    public void Another_seed_over_generated_exports_is_refused_unless_forced_and_the_same_seed_rewrites()
    {
        using var folder = new TestFolder();
        Assert.Equal(ExitCodes.Success, Generate(folder.Path, "--seed", "5").Code);
        var before = Hashes(folder.Path);

        var (code, _, error) = Generate(folder.Path, "--seed", "6");
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("generated with seed 5, this run uses seed 6", error);
        Assert.Contains("--force", error);
        Assert.Equal(before, Hashes(folder.Path)); // nothing written

        Assert.Equal(ExitCodes.Success, Generate(folder.Path, "--seed", "5").Code); // the same seed: the same bytes again
        Assert.Equal(before, Hashes(folder.Path));

        Assert.Equal(ExitCodes.Success, Generate(folder.Path, "--seed", "6", "--force").Code);
        Assert.Contains("\"seed\": 6", File.ReadAllText(Path.Combine(folder.Path, "samples-manifest.json")));
        Assert.NotEqual(before["crm-contacts.csv"], Hashes(folder.Path)["crm-contacts.csv"]);
    }

    [Fact]
    public void A_folder_with_exports_this_run_would_not_replace_is_refused()
    {
        // The bug's shape: data-samples holds analytics-events.csv.gz (read by its journey.json) and the CSVs it would overwrite.
        using var folder = new TestFolder();
        File.Copy(Path.Combine(Repo.Samples, "analytics-events.csv.gz"), folder.File("analytics-events.csv.gz"));
        File.Copy(Path.Combine(Repo.Samples, "crm-contacts.csv"), folder.File("crm-contacts.csv"));
        File.Copy(Path.Combine(Repo.Samples, "journey.json"), folder.File("journey.json"));
        var before = Hashes(folder.Path);

        var (code, _, error) = Generate(folder.Path, "--seed", "42");
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("exports this run would not replace (analytics-events.csv.gz)", error);
        Assert.Contains("crm-contacts.csv, journey.json would be overwritten, and no samples-manifest.json says they were generated", error);
        Assert.Equal(before, Hashes(folder.Path));
        Assert.False(File.Exists(folder.File("survey-responses.csv")));

        // Another tool's export alone is refused too; an unrelated file (a README) is not.
        using var other = new TestFolder();
        other.Write("README.md", "notes\n");
        Assert.Equal(ExitCodes.Success, Generate(other.Path).Code);
        using var third = new TestFolder();
        third.Write("hubspot-contacts-2026.csv", "Record ID\n1\n");
        var refused = Generate(third.Path);
        Assert.Equal(ExitCodes.DataError, refused.Code);
        Assert.Contains("(hubspot-contacts-2026.csv)", refused.Err);
    }

    private static Dictionary<string, string> Hashes(string dir) =>
        Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
