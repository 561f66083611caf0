using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using JourneyInsights.Cli;
using JourneyInsights.Reporting.Run;

namespace JourneyInsights.Tests.Cli;

/// <summary>End-to-end runs of <c>journey report</c> on the sample data: in-process and as a real process.</summary>
public class ReportCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => InProcessCli.Run(args);

    /// <summary>The entries of a reports folder but the parsed-row cache (<c>.cache</c>, kept there by default), e.g. leftovers of a publish.</summary>
    internal static string[] Entries(string folder, string pattern = "*") =>
        Directory.GetFileSystemEntries(folder, pattern).Where(e => Path.GetFileName(e) != ".cache").ToArray();

    [Fact]
    public void Alert_on_significant_decline_exits_3_for_the_incident_month_and_0_for_a_calm_one()
    {
        using var folder = new TestFolder();
        // 2026-08: the planted checkout incident (Consideration → Purchase far below the previous three cohorts) is a
        // significant decline; the whole report is still written.
        var (code, _, error) = Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", folder.Path, "--format", "json", "--alert-on", "significant-decline");
        Assert.True(code == ExitCodes.Alert, error);
        Assert.Contains("alert: Consideration → Purchase fell", error);
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "2026-08", "summary.json"))))
        {
            var alerts = summary.RootElement.GetProperty("alerts").EnumerateArray().ToList();
            Assert.Equal("Consideration → Purchase", alerts[0].GetProperty("transition").GetString());
            Assert.True(alerts[0].GetProperty("change").GetDouble() < 0);
            Assert.All(alerts, a => Assert.NotEqual("segmentGap", a.GetProperty("kind").GetString()));
        }
        // 2026-07 holds only the standing TikTok and Freelancer segment gaps: no decline, no alert.
        (code, _, error) = Run("report", "--config", Repo.SampleDefinition, "--month", "2026-07", "--out", folder.Path, "--format", "json", "--alert-on", "significant-decline");
        Assert.True(code == ExitCodes.Success, error);
        Assert.DoesNotContain("alert:", error);
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "2026-07", "summary.json"))))
            Assert.Empty(summary.RootElement.GetProperty("alerts").EnumerateArray());
        // Without the option the incident month exits 0 (the alert is still in summary.json); an unknown value is usage.
        (code, _, _) = Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", folder.Path, "--format", "json");
        Assert.Equal(ExitCodes.Success, code);
        (code, _, error) = Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", folder.Path, "--alert-on", "any-change");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--alert-on expects 'significant-decline'", error);
    }

    [Fact]
    public void The_report_folder_has_every_output_and_a_manifest_of_the_inputs()
    {
        using var folder = new TestFolder();
        var (code, output, error) = Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", folder.Path);
        Assert.True(code == ExitCodes.Success, error);
        var dir = Path.Combine(folder.Path, "2026-08");
        Assert.Contains("Report 2026-08 written to", output);
        foreach (var f in new[] { "journey-summary-2026-08.xlsx", "index.html", "summary.json", "rejected-rows.csv", "run-manifest.json" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "charts"), "*.png"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "charts"), "*.svg"));
        // 16 rejected rows planted in the samples (data-samples/README.md) + header
        Assert.Equal(17, File.ReadAllLines(Path.Combine(dir, "rejected-rows.csv")).Length);
        Assert.Contains("16 input row(s) were rejected", error);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run-manifest.json")));
        var inputs = manifest.RootElement.GetProperty("inputs").EnumerateArray().ToList();
        Assert.Equal(3, inputs.Count);
        foreach (var input in inputs)
        {
            var path = input.GetProperty("path").GetString()!;
            Assert.Equal(new FileInfo(path).Length, input.GetProperty("bytes").GetInt64());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), input.GetProperty("sha256").GetString());
        }
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Repo.SampleDefinition))),
            manifest.RootElement.GetProperty("config").GetProperty("sha256").GetString());
        Assert.Empty(Entries(folder.Path, ".*"));

        // Privacy: no output carries an e-mail address (the workbook's XML parts included).
        var email = new System.Text.RegularExpressions.Regex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}");
        foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".png", StringComparison.Ordinal)))
        {
            var texts = file.EndsWith(".xlsx", StringComparison.Ordinal)
                ? System.IO.Compression.ZipFile.OpenRead(file).Entries.Select(e => new StreamReader(e.Open()).ReadToEnd()).ToList()
                : [File.ReadAllText(file)];
            Assert.All(texts, t => Assert.False(email.IsMatch(t), $"{file} contains an e-mail address: {email.Match(t).Value}"));
        }
    }

    [Fact]
    public void Rejected_rows_mask_personal_data_in_raw_records()
    {
        using var folder = new TestFolder();
        var path = Path.Combine(folder.Path, "rejected.csv");
        global::JourneyInsights.Sources.RejectedRowsCsv.Write(path, [new global::JourneyInsights.Sources.RejectedRow("crm", "crm.csv", 7, "", "1,jane@x.example,+1 415 555 0199", "field-count", "expected 3 fields")]);
        var text = File.ReadAllText(path);
        Assert.Contains("\"1,[email],[phone]\"", text);
    }

    [Fact]
    public void A_rerun_replaces_the_folder_and_gives_a_byte_identical_summary()
    {
        using var folder = new TestFolder();
        Assert.Equal(0, Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", folder.Path, "--format", "json,html").Code);
        var dir = Path.Combine(folder.Path, "2026-08");
        var first = File.ReadAllBytes(Path.Combine(dir, "summary.json"));
        File.WriteAllText(Path.Combine(dir, "stale.txt"), "from an older run");
        Assert.Equal(0, Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", folder.Path, "--format", "json,html").Code);
        Assert.Equal(first, File.ReadAllBytes(Path.Combine(dir, "summary.json")));
        Assert.False(File.Exists(Path.Combine(dir, "stale.txt")));
        Assert.False(Directory.Exists(Path.Combine(dir, "charts"))); // png/svg not asked for
    }

    [Fact]
    public void A_past_month_comes_out_as_it_was_when_it_closed_unless_all_data_is_asked_for()
    {
        using var folder = new TestFolder();
        using var closed = new TestFolder();
        Assert.Equal(0, Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", folder.Path, "--format", "json").Code);
        Assert.Equal(0, Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", closed.Path, "--format", "json", "--as-of", "all").Code);
        using var atMonthEnd = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "2026-08", "summary.json")));
        using var allData = JsonDocument.Parse(File.ReadAllText(Path.Combine(closed.Path, "2026-08", "summary.json")));
        // 2026-08-31 23:59:59 in New York is 2026-09-01 03:59:59Z: nothing later is used, so the August cohort is still maturing.
        Assert.True(string.CompareOrdinal(atMonthEnd.RootElement.GetProperty("dataEnd").GetString(), "2026-09-01T04:00:00Z") < 0);
        Assert.True(atMonthEnd.RootElement.GetProperty("funnel").GetProperty("maturing").GetBoolean());
        Assert.False(allData.RootElement.GetProperty("funnel").GetProperty("maturing").GetBoolean());
        int[] Customers(JsonDocument d) => d.RootElement.GetProperty("funnel").GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("customers").GetInt32()).ToArray();
        // Same cohort entering; fewer had converted by the end of August than eventually did.
        Assert.Equal(Customers(allData)[0], Customers(atMonthEnd)[0]);
        Assert.True(Customers(atMonthEnd)[2] < Customers(allData)[2]);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "2026-08", "run-manifest.json")));
        Assert.StartsWith("2026-09-01T03:59:59", manifest.RootElement.GetProperty("asOfUtc").GetString());
    }

    [Fact]
    public void A_second_run_of_a_month_being_written_fails_without_touching_it()
    {
        using var folder = new TestFolder();
        using (new FileStream(Path.Combine(folder.Path, ".2026-08.lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            var (code, _, error) = Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", folder.Path, "--format", "json");
            Assert.Equal(ExitCodes.DataError, code);
            Assert.Contains("another run is writing the 2026-08 report", error);
        }
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "2026-08")));
        Assert.Equal(0, Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", folder.Path, "--format", "json").Code);
    }

    [Fact]
    public void Load_warnings_and_deprecation_notices_go_to_standard_error_one_line_each_naming_the_source_and_file()
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", "timestamp,event,anonymous_id,user_id,page\n2026-03-02T10:00:00Z,page_view,a1,101,/\n2026-03-03T10:00:00Z,page_view,a2,102,/pricing\n");
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        folder.Write("crm.csv", "id,won,persona\n101,2026-03-05 12:00,Negociación\n102,,Agencia\n", System.Text.Encoding.GetEncoding(1252));
        folder.Write("crm-map.json", """
            { "name": "crm", "kind": "Crm", "columns": [
              { "field": "crm_id", "column": "id", "required": true },
              { "field": "became_customer", "column": "won", "type": "DateTime", "milestone": true, "optional": true, "formats": ["yyyy-MM-dd HH:mm"] },
              { "field": "persona", "column": "persona", "optional": true } ] }
            """);
        var config = folder.Write("journey.json", """
            { "name": "Warnings", "identity": { "analyticsUserId": "crm_id" },
              "sources": [
                { "name": "web", "kind": "Analytics", "path": "events.csv", "columnMap": "generic-events" },
                { "name": "crm", "kind": "Crm", "path": "crm.csv", "columnMap": "crm-map.json", "encoding": "auto" } ],
              "stages": [ { "name": "Visit" }, { "name": "Customer" } ],
              "touchpoints": [
                { "name": "Page views", "stage": "Visit", "entry": true, "when": { "events": ["page_view"] } },
                { "name": "Won", "stage": "Customer", "entry": true, "when": { "milestones": ["became_customer"] } } ] }
            """);
        var (code, output, error) = Run("report", "--config", config, "--month", "2026-03", "--out", folder.Reports, "--format", "json");
        Assert.True(code == ExitCodes.Success, output + error);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Two old names (the map's field and the rule's milestone), each mapped to 'customer' with a notice.
        Assert.Equal(2, lines.Count(l => l.StartsWith($"note: {config}: ") && l.Contains("'became_customer' is the old name of the canonical milestone 'customer'")));
        // The CRM file is not UTF-8 ('ó' is 0xF3 in Windows-1252): read as Windows-1252 under "auto", with a warning.
        Assert.Single(lines, l => l.StartsWith("warning: source 'crm' (crm.csv): encoding: the file is not valid UTF-8 and was read as Windows-1252"));
        // generic-events maps source, medium, device and region, none of them in events.csv: one line each.
        Assert.Equal(["source", "medium", "device", "region"],
            lines.Where(l => l.StartsWith("warning: source 'web' (events.csv): '") && l.Contains("' missing-column: ")).Select(l => l.Split('\'')[3]));
        Assert.DoesNotContain("warning:", output);
        Assert.DoesNotContain("note:", output);
        Assert.Contains("Report 2026-03 written to", output);
    }

    [Fact]
    public void Each_failure_kind_has_its_exit_code()
    {
        using var folder = new TestFolder();
        Assert.Equal(ExitCodes.DataError, Run("report", "--config", "/nonexistent/journey.json", "--out", folder.Path).Code);
        Assert.Equal(ExitCodes.DataError, Run("report", "--config", Repo.SampleDefinition, "--strict", "--out", folder.Path).Code);
        var outside = Run("report", "--config", Repo.SampleDefinition, "--month", "2030-01", "--out", folder.Path);
        Assert.Equal(ExitCodes.Usage, outside.Code);
        Assert.Contains("outside the data", outside.Err);
        Assert.Equal(ExitCodes.Usage, Run("report", "--config", Repo.SampleDefinition, "--format", "pdf", "--out", folder.Path).Code);
        Assert.Equal(ExitCodes.Usage, Run("report", "--month").Code);
        Assert.Equal(ExitCodes.Usage, Run("report", "--config", Repo.SampleDefinition, "--month", "2020-01", "--out", folder.Path).Code);
        Assert.Equal(ExitCodes.Usage, Run("report", "--config", Repo.SampleDefinition, "--as-of", "yesterday", "--out", folder.Path).Code);
        Assert.Empty(Entries(folder.Path)); // the parsed-row cache (<out>/.cache) may hold the inputs already parsed
    }

    [Fact]
    public void A_killed_run_leaves_the_previous_report_intact_and_the_next_run_leaves_no_partial_folder()
    {
        using var folder = new TestFolder();
        Assert.Equal(0, Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", folder.Path, "--format", "json").Code);
        var summary = Path.Combine(folder.Path, "2026-08", "summary.json");
        var before = File.ReadAllBytes(summary);

        // Deterministic: the run holds at the "written" step (every output complete in its partial folder, nothing
        // published) until the signal arrives, instead of racing a timed kill against a 4-second report.
        foreach (var signal in new[] { "TERM", "KILL" })
        {
            using var process = StartJourneyWith(new() { [PublishSteps.HoldVariable] = PublishSteps.Written },
                "report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", folder.Path);
            WaitForLine(process, "test hook: holding at written");
            Assert.Single(Directory.GetDirectories(folder.Path, ".2026-08.partial-*"));
            using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
            Assert.True(process.WaitForExit(30_000));
            Assert.Equal(signal == "TERM" ? ExitCodes.Interrupted : 137, process.ExitCode);
            Assert.Equal(before, File.ReadAllBytes(summary));
            if (signal == "TERM") Assert.Empty(Entries(folder.Path, ".*")); // cleaned up on SIGTERM
        }
        // SIGKILL left its partial folder and lock file; the next run removes them.
        Assert.Single(Directory.GetDirectories(folder.Path, ".2026-08.partial-*"));
        Assert.Equal(0, Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", folder.Path, "--format", "json").Code);
        Assert.Empty(Entries(folder.Path, ".*"));
        Assert.Equal(before, File.ReadAllBytes(summary));
    }

    [Fact]
    public void The_real_process_prints_plain_progress_when_redirected_and_help()
    {
        using var folder = new TestFolder();
        using var run = StartJourney("report", "--config", Repo.SampleDefinition, "--month", "2026-07", "--out", folder.Path, "--format", "json");
        var output = run.StandardOutput.ReadToEnd();
        run.WaitForExit();
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"\[\s*\d+\.\ds\] Loading sources", output);
        Assert.False(output.Contains("\u001b["), "ANSI escapes in redirected output: " + output.Replace("\u001b", "ESC")); // none when redirected
        using var help = StartJourney("--help");
        var text = help.StandardOutput.ReadToEnd();
        help.WaitForExit();
        Assert.Contains("report", text);
        Assert.Contains("validate", text);
        Assert.Contains("schedule", text);
    }

    [Fact]
    public void Without_a_config_the_installed_tool_says_it_reports_on_its_bundled_sample_data()
    {
        // A folder without data-samples/: the tool falls back to the samples shipped beside it, and says so in its
        // first line (even with --quiet) and in the report's title.
        using var folder = new TestFolder();
        using var run = StartJourneyIn(folder.Path, "report", "--out", Path.Combine(folder.Path, "reports"), "--format", "json", "--quiet");
        var output = run.StandardOutput.ReadToEnd();
        run.WaitForExit();
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Using the bundled sample data (", output);
        Assert.Contains("Pass --config <journey.json> to report on your own exports.", output.Split('\n')[0]);
        // The samples end on 2026-10-31 (report time zone): the default month is 2026-10.
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "reports", "2026-10", "summary.json")));
        Assert.Equal("Northwind Cloud customer journey (bundled sample data)", summary.RootElement.GetProperty("title").GetString());

        // With --config the same data is the user's choice: no notice, the title as written.
        var (code, given, _) = Run("report", "--config", Repo.SampleDefinition, "--out", Path.Combine(folder.Path, "given"), "--format", "json", "--quiet");
        Assert.Equal(0, code);
        Assert.DoesNotContain("bundled", given);
    }

    private static Process StartJourney(params string[] args) => StartJourneyIn(null, args);

    internal static Process StartJourneyWith(Dictionary<string, string> environment, params string[] args) => StartJourneyIn(null, args, environment);

    private static Process StartJourneyIn(string? workingDirectory, params string[] args) => StartJourneyIn(workingDirectory, args, null);

    private static Process StartJourneyIn(string? workingDirectory, string[] args, Dictionary<string, string>? environment)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var (name, value) in environment ?? []) psi.Environment[name] = value;
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "journey.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    /// <summary>Reads the process's standard error until a line containing <paramref name="text"/> (fails if it ends first or after 120 s).</summary>
    internal static void WaitForLine(Process process, string text)
    {
        var read = process.StandardError.ReadLineAsync();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var seen = new System.Text.StringBuilder();
        while (true)
        {
            Assert.True(read.Wait(TimeSpan.FromSeconds(Math.Max(1, (deadline - DateTime.UtcNow).TotalSeconds))), $"no '{text}' within 120 s: {seen}");
            var line = read.Result;
            Assert.True(line is not null, $"the process ended before '{text}': {seen}");
            if (line.Contains(text, StringComparison.Ordinal)) return;
            seen.AppendLine(line);
            read = process.StandardError.ReadLineAsync();
        }
    }
}
