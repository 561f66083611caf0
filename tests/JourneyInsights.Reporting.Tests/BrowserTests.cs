using System.Diagnostics;
using JourneyInsights.Reporting.Charts;
using JourneyInsights.Reporting.Html;

namespace JourneyInsights.Reporting.Tests;

/// <summary>
/// The stakeholder page rendered by a real browser (headless Chromium, installed by .ci/run when missing): it shows the
/// figures and logs no console error (the page's Content-Security-Policy turns any external request into one).
/// </summary>
public class BrowserTests(SampleReport sample) : IClassFixture<SampleReport>
{
    [SkippableFact]
    public void Chromium_renders_the_page_with_the_figures_and_no_console_errors()
    {
        var chromium = new[] { "chromium", "chromium-browser", "google-chrome" }
            .Select(Which).FirstOrDefault(p => p is not null);
        Skip.If(chromium is null, "Chromium is not installed (Debian package 'chromium'; .ci/run installs it): the browser test is skipped.");

        var dir = Directory.CreateTempSubdirectory("ji-html-").FullName;
        try
        {
            var page = Path.Combine(dir, "index.html");
            HtmlPage.Write(sample.Report, ChartSet.Render(sample.Report), page);
            var (dom, log) = Chromium(chromium!, "--dump-dom", "--enable-logging=stderr", "--v=0", new Uri(page).AbsoluteUri);
            var entering = sample.Report.Funnel.Entered.ToString("#,##0", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains($"<div class=\"value\">{entering}</div>", dom);
            Assert.Contains("Consideration → Purchase", dom);
            Assert.Contains("data:image/png;base64,", dom);
            var consoleErrors = log.Split('\n').Where(l => l.Contains("CONSOLE", StringComparison.Ordinal) || l.Contains("Refused to", StringComparison.Ordinal)).ToList();
            Assert.True(consoleErrors.Count == 0, string.Join("\n", consoleErrors));

            var shot = Path.Combine(dir, "page.png");
            Chromium(chromium!, "--hide-scrollbars", "--window-size=1280,2000", $"--screenshot={shot}", new Uri(page).AbsoluteUri);
            Assert.True(new FileInfo(shot).Length > 50_000, "the screenshot looks empty");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (string Stdout, string Stderr) Chromium(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage" }.Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), "chromium did not finish in 2 minutes");
        return (stdout.Result, stderr.Result);
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
