using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace JourneyInsights.Notebooks.Tests;

/// <summary>
/// The file-based apps beside the notebooks (<c>dotnet run notebooks/02-stage-conversion.cs --month 2026-08</c>), run
/// as processes: every row of the notebook's tables appears in the app's output with the same cell texts, and the
/// charts the app writes are the notebook's charts, byte for byte. (One run per app: each builds for a while.)
/// </summary>
[Collection(FileBasedApps.Name)]
public class NotebookAppTests(ExecutedNotebooks executed) : IClassFixture<ExecutedNotebooks>
{
    public static TheoryData<string, string, string[], string[]> Apps() => new()
    {
        // app, --month, captions (or header starts) of notebook tables that the app prints, chart files
        { "02-stage-conversion", "2026-08", ["Funnel, cohort 2026-08", "Funnel of cohort 2026-08 by persona", "Funnel of cohort 2026-08 by channel", "Conversion by cohort month"],
            ["funnel.png", "conversion-heatmap.png", "conversion-trend.png"] },
        { "03-emotion-trends", "2026-10", ["<th>Group</th><th>Month</th><th>Responses</th>"], ["emotion-curve.png", "emotion-trend.png"] },
        { "04-pain-points-and-opportunities", "2026-08", ["<th>Rank</th><th>Kind</th><th>Name</th>", "<th>Step</th><th>Index</th><th>Kind</th>"],
            ["pain-points.png", "paths.png", "paths-after-payment-error.png"] },
    };

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task The_app_prints_the_notebooks_tables_and_writes_its_charts(string app, string month, string[] tables, string[] charts)
    {
        using var folder = new TestFolder();
        var output = await FileBasedApps.Run(["run", $"notebooks/{app}.cs", "--month", month, "--out", folder.File("charts")]);
        var notebook = await executed.Get(app + ".ipynb");
        Assert.True(notebook.Result.Succeeded, notebook.Result.Error);

        foreach (var marker in tables)
        {
            var rows = TableRows(notebook.AllHtml, marker);
            Assert.NotEmpty(rows);
            foreach (var row in rows)
                Assert.Matches(new Regex(@"^ *" + string.Join(@"\s+", row.Select(Regex.Escape)) + "$", RegexOptions.Multiline), output);
        }

        var images = ExecutedNotebooks.Images(notebook.Notebook);
        foreach (var chart in charts)
            Assert.Contains(Convert.ToBase64String(File.ReadAllBytes(folder.File("charts/" + chart))), images);
    }

    /// <summary>The cell texts of each body row of the first table whose HTML contains <paramref name="marker"/> (a caption or header cells).</summary>
    private static List<List<string>> TableRows(string html, string marker)
    {
        var table = Regex.Matches(html, "<table class=\"ji\">.*?</table>", RegexOptions.Singleline)
            .Select(m => m.Value).First(t => t.Contains(marker, StringComparison.Ordinal));
        var body = Regex.Match(table, "<tbody>(.*?)</tbody>", RegexOptions.Singleline).Groups[1].Value;
        return Regex.Matches(body, "<tr>(.*?)</tr>", RegexOptions.Singleline)
            .Select(r => Regex.Matches(r.Groups[1].Value, "<td[^>]*>(.*?)</td>", RegexOptions.Singleline)
                .Select(c => WebUtility.HtmlDecode(c.Groups[1].Value)).ToList())
            .ToList();
    }
}

/// <summary><c>dotnet run</c> of the file-based apps: one at a time (they build the same projects).</summary>
[CollectionDefinition(Name)]
public sealed class FileBasedApps
{
    public const string Name = "file-based apps";

    public static async Task<string> Run(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}\n{await stderr}");
        return output;
    }
}
