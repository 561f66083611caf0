using JourneyInsights.Cli;
using JourneyInsights.Reporting.Run;

namespace JourneyInsights.Tests.Cli;

/// <summary>Nothing is deleted, nothing is lost: the reports folder never overlaps the inputs, and a kill at any publish step is recovered by the next run of any month.</summary>
public class PublishingTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => InProcessCli.Run(args);

    /// <summary>Copies the sample journey (journey.json and its three exports) into <paramref name="folder"/>; returns the journey.json path.</summary>
    private static string CopySamples(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in new[] { "journey.json", "analytics-events.csv.gz", "crm-contacts.csv", "survey-responses.csv" })
            File.Copy(Path.Combine(Repo.Samples, file), Path.Combine(folder, file));
        return Path.Combine(folder, "journey.json");
    }

    [Fact]
    public void Inputs_inside_the_month_folder_survive_a_report_that_would_replace_it()
    {
        using var folder = new TestFolder();
        var month = Path.Combine(folder.Path, "2026-09");
        var config = CopySamples(month);
        var before = Directory.GetFiles(month).ToDictionary(f => f, File.ReadAllBytes);

        var (code, _, error) = Run("report", "--config", config, "--month", "2026-09", "--out", folder.Path);

        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("overlaps the inputs", error);
        Assert.Contains(config, error);
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(month).Order());
        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
        Assert.Single(Directory.GetFileSystemEntries(folder.Path)); // refused before any work (no parsed-row cache either): no lock, no partial folder
    }

    [Fact]
    public void A_reports_folder_equal_to_above_or_inside_an_input_folder_is_refused_and_one_beside_it_is_not()
    {
        using var folder = new TestFolder();
        var exports = Path.Combine(folder.Path, "exports");
        var config = CopySamples(exports);
        // equals the inputs' folder
        Assert.Equal(ExitCodes.DataError, Run("report", "--config", config, "--month", "2026-08", "--out", exports, "--format", "json").Code);
        // contains it (two levels up)
        Assert.Equal(ExitCodes.DataError, Run("report", "--config", config, "--month", "2026-08", "--out", folder.Path, "--format", "json").Code);
        // a symbolic link to it is seen through
        var link = Path.Combine(folder.Path, "link");
        Directory.CreateSymbolicLink(link, exports);
        Assert.Equal(ExitCodes.DataError, Run("report", "--config", config, "--month", "2026-08", "--out", link, "--format", "json").Code);
        Assert.Equal(["analytics-events.csv.gz", "crm-contacts.csv", "journey.json", "survey-responses.csv"],
            Directory.GetFileSystemEntries(exports).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        // inside the exports' folder (exports/reports, and deeper): refused, with a reports folder beside the exports suggested
        var inside = Run("report", "--config", config, "--month", "2026-08", "--out", Path.Combine(exports, "reports"), "--format", "json");
        Assert.Equal(ExitCodes.DataError, inside.Code);
        Assert.Contains("the reports folder lies inside " + exports, inside.Err);
        Assert.Contains("--out " + Path.Combine(folder.Path, "reports"), inside.Err);
        Assert.Equal(ExitCodes.DataError, Run("report", "--config", config, "--month", "2026-08", "--out", Path.Combine(exports, "a", "b"), "--format", "json").Code);
        Assert.Equal(["analytics-events.csv.gz", "crm-contacts.csv", "journey.json", "survey-responses.csv"],
            Directory.GetFileSystemEntries(exports).Select(Path.GetFileName).Order(StringComparer.Ordinal)); // nothing created there
        // beside the exports: fine
        Assert.Equal(0, Run("report", "--config", config, "--month", "2026-08", "--out", Path.Combine(folder.Path, "reports"), "--format", "json").Code);
        Assert.True(File.Exists(Path.Combine(folder.Path, "reports", "2026-08", "summary.json")));
    }

    /// <summary>
    /// A replacing run of 2026-08 kills itself (SIGKILL, no clean-up) at each publish step in turn; then a run of a
    /// different month (2026-07) in the same reports folder must leave 2026-08 as it was and no leftovers at all.
    /// Step by step what the kill leaves: written = a partial folder + lock; set-aside = NO 2026-08 folder, the old report
    /// in .2026-08.previous-*, the new one in .partial-*, the lock; moved-in = the new report in place + .previous-* + lock;
    /// cleaned = only the lock file. The inputs are the same, so old and new report have identical summary.json bytes.
    /// </summary>
    [Fact]
    public void A_kill_at_each_publish_step_is_recovered_by_the_next_run_of_another_month()
    {
        using var folder = new TestFolder();
        Assert.Equal(0, Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", folder.Path, "--format", "json").Code);
        var summary = Path.Combine(folder.Path, "2026-08", "summary.json");
        var before = File.ReadAllBytes(summary);

        foreach (var step in PublishSteps.All)
        {
            using var process = ReportCommandTests.StartJourneyWith(new() { [PublishSteps.KillVariable] = step },
                "report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", folder.Path, "--format", "json");
            ReportCommandTests.WaitForLine(process, "test hook: killed at " + step);
            Assert.True(process.WaitForExit(30_000));
            Assert.Equal(137, process.ExitCode); // 128 + SIGKILL
            var left = ReportCommandTests.Entries(folder.Path, ".*").Select(Path.GetFileName).ToList();
            Assert.Contains(".2026-08.lock", left); // killed runs always leave their lock file
            if (step == PublishSteps.SetAside)
            {
                Assert.False(Directory.Exists(Path.Combine(folder.Path, "2026-08")), "the kill fell between the renames");
                Assert.Contains(left, n => n!.StartsWith(".2026-08.previous-", StringComparison.Ordinal));
            }

            var other = Run("report", "--config", Repo.SampleDefinition, "--month", "2026-07", "--out", folder.Path, "--format", "json");
            Assert.True(other.Code == 0, other.Err);

            Assert.Equal(before, File.ReadAllBytes(summary));
            Assert.Empty(ReportCommandTests.Entries(folder.Path, ".*"));
            Assert.Equal(["2026-07", "2026-08"], ReportCommandTests.Entries(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Leftovers_of_a_month_whose_run_is_alive_are_left_alone()
    {
        using var folder = new TestFolder();
        var partial = Directory.CreateDirectory(Path.Combine(folder.Path, ".2026-08.partial-0123")).FullName;
        using (new FileStream(Path.Combine(folder.Path, ".2026-08.lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.Equal(0, Run("report", "--config", Repo.SampleDefinition, "--month", "2026-07", "--out", folder.Path, "--format", "json").Code);
            Assert.True(Directory.Exists(partial)); // its run holds the lock: it may still be writing there
        }
        Assert.Equal(0, Run("report", "--config", Repo.SampleDefinition, "--month", "2026-07", "--out", folder.Path, "--format", "json").Code);
        Assert.False(Directory.Exists(partial));
        Assert.Empty(ReportCommandTests.Entries(folder.Path, ".*"));
    }

    [Fact]
    public void An_unwritable_reports_folder_says_what_is_wrong_not_that_another_run_is_writing()
    {
        // /proc/1 exists but takes no new files (ENOENT on create); /proc is also read-only to new entries.
        var (code, _, error) = Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", "/proc/1", "--format", "json");
        Assert.Equal(ExitCodes.DataError, code);
        Assert.DoesNotContain("another run", error);
        Assert.Contains("cannot write in the reports folder /proc/1", error);

        using var folder = new TestFolder();
        var file = folder.Write("not-a-folder", "x");
        (code, _, error) = Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", file, "--format", "json");
        Assert.Equal(ExitCodes.DataError, code);
        Assert.DoesNotContain("another run", error);
        Assert.Contains("cannot create the reports folder", error);
    }
}
