using JourneyInsights.Cli;

namespace JourneyInsights.Tests.Cli;

/// <summary>The journey command run in-process: output, errors and exit codes.</summary>
public class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => InProcessCli.Run(args);

    [Fact]
    public void Validate_prints_rows_read_accepted_rejected_and_reasons_per_source()
    {
        using var folder = new TestFolder();
        var rejected = folder.File("rejected.csv");
        var (code, output, error) = Run("validate", "--config", Repo.SampleDefinition, "--rejected", rejected);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("web [Analytics, ga4] analytics-events.csv.gz", output);
        Assert.Matches(@"rows read\s+44,874\s+accepted\s+44,868\s+rejected\s+6", output);
        Assert.Contains("dates     2025-10-01", output);
        Assert.Contains("'Q_NPS' range: expected a value from 0 to 10", output);
        Assert.Contains("warning: 16 row(s) rejected", error);
        // 6 + 4 + 6 rejected rows plus the header; data-samples/README.md lists the planted malformed rows.
        Assert.Equal(17, File.ReadAllLines(rejected).Length);
    }

    [Fact]
    public void The_tool_says_the_one_version_the_build_declares_and_the_report_manifest_records()
    {
        // Directory.Build.props declares <Version> once for every assembly and the tool package.
        var declared = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(Path.Combine(Repo.Root, "Directory.Build.props")), "<Version>([^<]+)</Version>").Groups[1].Value;
        Assert.Matches(@"^\d+\.\d+\.\d+", declared);
        static string Informational(Type t) => t.Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
        // `journey --version` prints the entry assembly's (journey.dll) informational version; run-manifest.json's
        // toolVersion is the Reporting assembly's. Both are the declared version, with no commit hash appended.
        Assert.Equal(declared, Informational(typeof(ExitCodes)));
        Assert.Equal(declared, Informational(typeof(JourneyInsights.Reporting.Run.MonthlyReport)));
    }

    [Fact]
    public void Strict_mode_exits_1_with_file_line_and_column()
    {
        var (code, _, error) = Run("validate", "--config", Repo.SampleDefinition, "--strict");
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Matches(@"error: analytics-events\.csv\.gz:\d+: column '", error);
    }

    [Fact]
    public void A_missing_config_exits_1_with_a_clear_message()
    {
        var (code, _, error) = Run("validate", "--config", "/nonexistent/journey.json");
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("the journey definition file does not exist", error);
        Assert.DoesNotContain("   at ", error); // no stack trace
    }

    [Fact]
    public void Unknown_options_and_bad_values_exit_2()
    {
        Assert.Equal(ExitCodes.Usage, Run("validate", "--confg", "x").Code);
        Assert.Equal(ExitCodes.Usage, Run("frobnicate").Code);
        var (code, _, error) = Run("generate", "--end-month", "October", "--out", Path.GetTempPath());
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("expected a month as YYYY-MM", error);
    }

    [Fact]
    public void Schedule_next_names_the_month_each_run_reports_in_the_journeys_time_zone()
    {
        // 02:00 UTC on 1 December 2026 is 21:00 on 30 November in New York (EST, UTC-5), the sample's report time zone:
        // `report --month previous` run then reports October, not November (the month before the cron's own zone's date).
        var (code, output, error) = Run("schedule", "next", "--cron", "0 2 1 * *", "--time-zone", "UTC", "--config", Repo.SampleDefinition,
            "--from", "2026-11-15T00:00Z", "--count", "2");
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("report time zone America/New_York", output);
        Assert.Contains("2026-12-01 02:00 UTC   (2026-12-01 02:00Z)   report month: 2026-10", output);
        // 1 January 2027 02:00 UTC = 31 December 21:00 in New York: November.
        Assert.Contains("2027-01-01 02:00 UTC   (2027-01-01 02:00Z)   report month: 2026-11", output);
        // At 06:00 UTC it is already 1 December (01:00) in New York: November, as in UTC.
        var (_, later, _) = Run("schedule", "next", "--cron", "0 6 1 * *", "--config", Repo.SampleDefinition, "--from", "2026-11-15T00:00Z", "--count", "1");
        Assert.Contains("report month: 2026-11", later);
        Assert.Equal(ExitCodes.Usage, Run("schedule", "next", "--cron", "0 6 1 * *", "--from", "yesterday").Code);
    }

    [Fact]
    public void Generate_writes_the_three_exports()
    {
        using var folder = new TestFolder();
        var (code, output, _) = Run("generate", "--customers", "50", "--months", "3", "--seed", "7", "--end-month", "2026-10", "--out", folder.Path);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Wrote sample exports", output);
        foreach (var f in new[] { "analytics-events.csv", "crm-contacts.csv", "survey-responses.csv" })
            Assert.True(new FileInfo(Path.Combine(folder.Path, f)).Length > 0, f);
    }
}
