using System.Text.Json.Nodes;
using JourneyInsights.Journeys;
using JourneyInsights.Metrics;
using JourneyInsights.Reporting.Charts;

namespace JourneyInsights.Notebooks.Tests;

/// <summary>
/// Every notebook in notebooks/ runs headless on the sample data without an error, and what it shows is what the
/// library computes (the same formatters render the expected values, so a table must appear exactly).
/// </summary>
public class NotebookTests(SampleJourney sample, ExecutedNotebooks executed) : IClassFixture<SampleJourney>, IClassFixture<ExecutedNotebooks>
{
    private readonly Journey journey = sample.Journey;

    private static List<string> NotebookNames() =>
        Directory.EnumerateFiles(Repo.Notebooks, "*.ipynb").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Notebooks() => new(NotebookNames());

    private Task<ExecutedNotebook> Run(string name) => executed.Get(name);

    [Fact]
    public void The_four_notebooks_are_there_committed_without_outputs_and_with_polyglot_metadata()
    {
        Assert.Equal(["01-explore-sources.ipynb", "02-stage-conversion.ipynb", "03-emotion-trends.ipynb", "04-pain-points-and-opportunities.ipynb"],
            NotebookNames());
        foreach (var name in NotebookNames())
        {
            var path = Path.Combine(Repo.Notebooks, name);
            var nb = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
            NbFormat.AssertValid(nb, path);
            Assert.Equal("csharp", nb["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
            var cells = ((JsonArray)nb["cells"]!).OfType<JsonObject>().ToList();
            var code = cells.Where(c => c["cell_type"]!.GetValue<string>() == "code").ToList();
            Assert.All(code, c => Assert.Empty((JsonArray)c["outputs"]!));
            Assert.All(code, c => Assert.Null(c["execution_count"]));
            Assert.All(code, c => Assert.Equal("csharp", c["metadata"]!["polyglot_notebook"]!["kernelName"]!.GetValue<string>()));
            // The parameters cell is the first code cell.
            Assert.Equal("parameters", code[0]["metadata"]!["tags"]![0]!.GetValue<string>());
            Assert.Contains(cells, c => c["cell_type"]!.GetValue<string>() == "markdown");
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Every_notebook_runs_on_the_sample_data_without_an_error(string name)
    {
        var (result, nb, html) = await Run(name);
        Assert.True(result.Succeeded, result.Error);
        NbFormat.AssertValid(nb, result.OutputNotebook);
        var outputs = ((JsonArray)nb["cells"]!).OfType<JsonObject>().SelectMany(c => c["outputs"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        Assert.DoesNotContain(outputs, o => o["output_type"]!.GetValue<string>() == "error");
        Assert.DoesNotContain(outputs, o => o["output_type"]!.GetValue<string>() == "stream" && o["name"]!.GetValue<string>() == "stderr");
        // The setup cell's #r "nuget:" lines ran for real: the kernel reports the packages it installed.
        Assert.Contains("<strong>Installed Packages</strong><ul><li><span>CsvHelper, 34.0.0</span></li><li><span>Microsoft.Data.Analysis, 0.23.1</span></li><li><span>ScottPlot, 5.1.59</span></li></ul>", html);
        Assert.NotEmpty(ExecutedNotebooks.Images(nb));
        // No e-mail address reaches an output (the exports hold some; the formatters mask them).
        var shown = string.Join("\n", ((JsonArray)nb["cells"]!).Select(c => c!["outputs"]?.ToJsonString() ?? ""));
        Assert.DoesNotMatch(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+\.[A-Za-z]{2,}", shown);
        Assert.Contains("<table class=\"ji\">", html);
        Assert.True(File.Exists(result.OutputHtml));
    }

    [Fact]
    public async Task Notebook_01_shows_the_source_reports_and_identity_figures_of_the_library()
    {
        var (result, _, html) = await Run("01-explore-sources.ipynb");
        Assert.True(result.Succeeded, result.Error);
        // Durations differ between loads; compare the report tables without them.
        Assert.Contains(NotebookFormatters.ToHtml(journey.Data.Identity), html);
        Assert.Contains(NotebookFormatters.ToHtml(journey.Sources.Rejected.Select(r => r with { Value = "(not shown)" }).ToList()), html);
        // No raw value of a rejected row is shown: they hold customer ids (a duplicate CRM Record ID, a user_id inside a
        // malformed analytics line). Short values (an NPS of "11") could appear anywhere and are not checked.
        var raw = journey.Sources.Rejected.Select(r => r.Value).Where(v => v.Length >= 6).Distinct().ToList();
        Assert.NotEmpty(raw);
        var text = System.Text.RegularExpressions.Regex.Replace(html, "data:image/png;base64,[A-Za-z0-9+/=]+", "");   // images are not text
        Assert.All(raw, v => Assert.DoesNotContain(Formatting.CellText.Html(v), text));
        foreach (var r in journey.Sources.Reports)
            Assert.Contains($"<td>{r.Source}</td><td>{r.File}</td>", html);
    }

    [Fact]
    public async Task Notebook_02_shows_the_funnel_breakdowns_and_trend_of_the_month_given_as_parameter()
    {
        var (result, nb, html) = await Run("02-stage-conversion.ipynb");   // run with --param month=2026-08
        Assert.True(result.Succeeded, result.Error);
        Assert.Contains("string month = \"2026-08\";", nb["cells"]!.AsArray().OfType<JsonObject>()
            .Single(c => c["metadata"]!["tags"]?[0]?.GetValue<string>() == "injected-parameters")["source"]!.AsArray().Select(l => l!.GetValue<string>()).Aggregate(string.Concat));
        // The notebook shows the monthly report's figures (data cut at month end), not the journey as loaded.
        var report = journey.Report("2026-08");
        var funnel = report.Funnel;
        Assert.Contains(NotebookFormatters.ToHtml(funnel), html);
        foreach (var s in funnel.Stages) Assert.Contains($"<td>{s.Stage}</td><td class=\"n\">{s.Index}</td><td class=\"n\">{s.Customers:#,##0}</td>", html);
        Assert.Contains(NotebookFormatters.ToHtml(report.Breakdowns.Single(b => b.Dimension == "persona")), html);
        Assert.Contains(NotebookFormatters.ToHtml(report.Breakdowns.Single(b => b.Dimension == "channel")), html);
        Assert.Contains(NotebookFormatters.ToHtml(report.Trend), html);
        Assert.DoesNotContain(NotebookFormatters.ToHtml(journey.Funnel("2026-08")), html);
        // The charts are the monthly report's charts of the same month, pixel for pixel.
        var images = ExecutedNotebooks.Images(nb);
        foreach (var name in new[] { FunnelChart.Name, ConversionHeatmapChart.Name, ConversionTrendChart.Name })
            Assert.Contains(Convert.ToBase64String(ChartSet.Render(ChartSet.Recipes.Single(r => r.Name == name), report).Png), images);
    }

    [Fact]
    public async Task Notebook_03_shows_emotion_by_stage_persona_month_and_the_verbatims()
    {
        var (result, _, html) = await Run("03-emotion-trends.ipynb");
        Assert.True(result.Succeeded, result.Error);
        var report = journey.Report("2026-10");
        Assert.Contains(NotebookFormatters.ToHtml(report.EmotionByStage), html);
        Assert.Contains(NotebookFormatters.ToHtml(report.EmotionByPersona), html);
        Assert.Contains(NotebookFormatters.ToHtml(report.EmotionByMonth), html);
        Assert.Contains(NotebookFormatters.ToHtml(report.Verbatims), html);
    }

    [Fact]
    public async Task Notebook_04_ranks_the_pain_points_of_the_incident_month_with_their_evidence()
    {
        var (result, nb, html) = await Run("04-pain-points-and-opportunities.ipynb");
        Assert.True(result.Succeeded, result.Error);
        var report = journey.Report("2026-08");   // the numbers of `journey report --month 2026-08`
        var chart = ChartSet.Render(ChartSet.Recipes.Single(r => r.Name == PainPointChart.Name), report);
        Assert.Contains(Convert.ToBase64String(chart.Png), ExecutedNotebooks.Images(nb));
        var pains = report.PainPoints;
        Assert.Contains(NotebookFormatters.ToHtml(pains), html);
        Assert.Contains(NotebookFormatters.ToHtml(pains[0].Verbatims), html);
        Assert.Contains(NotebookFormatters.ToHtml(report.Opportunities), html);
        Assert.Contains(NotebookFormatters.ToHtml(journey.Report("2026-07").PainPoints), html);
        Assert.Contains(NotebookFormatters.ToHtml(report.Trend.Changes.Where(c => c.Month == "2026-08").ToList()), html);
        // the paths of the largest drop-off: the report's chart and its nodes, then the paths after a payment error
        var paths = ChartSet.Render(ChartSet.Recipes.Single(r => r.Name == PathSankeyChart.Name), report);
        Assert.Contains(Convert.ToBase64String(paths.Png), ExecutedNotebooks.Images(nb));
        Assert.Contains(NotebookFormatters.ToHtml(report.PathFocus!.Steps.SelectMany(s => s).ToList()), html);
        Assert.Contains("<th>Step</th><th>Index</th><th>Kind</th><th>Name</th><th>Customers</th><th>Share</th>", html);
        using var afterError = PathSankeyChart.Create(journey.Paths(PathQuery.Around("Payment error"), "2026-08"), journey.Definition.Name);
        Assert.Contains(Convert.ToBase64String(JourneyInsights.Notebooks.Formatting.PlotImage.Png(afterError)), ExecutedNotebooks.Images(nb));
    }
}

/// <summary>
/// The executed notebooks of one test run, shared by every test class of the process: each notebook runs once on the
/// kernel (02 with --param month=2026-08), one after another.
/// </summary>
public sealed class ExecutedNotebooks
{
    private static readonly TestFolder Folder = CreateFolder();
    private static readonly SemaphoreSlim Turn = new(1, 1);
    private static readonly Dictionary<string, ExecutedNotebook> Runs = new(StringComparer.Ordinal);

    public static readonly IReadOnlyDictionary<string, Dictionary<string, string>> Parameters = new Dictionary<string, Dictionary<string, string>>
    {
        ["02-stage-conversion.ipynb"] = new() { ["month"] = "2026-08" },
    };

    private static TestFolder CreateFolder()
    {
        var folder = new TestFolder();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        return folder;
    }

    public async Task<ExecutedNotebook> Get(string name)
    {
        await Turn.WaitAsync();
        try
        {
            if (Runs.TryGetValue(name, out var done)) return done;
            var result = await NotebookRunner.RunAsync(Path.Combine(Repo.Notebooks, name), Parameters.GetValueOrDefault(name) ?? [], Folder.File("out"));
            var nb = (JsonObject)JsonNode.Parse(File.ReadAllText(result.OutputNotebook))!;
            var html = string.Concat(((JsonArray)nb["cells"]!).OfType<JsonObject>()
                .SelectMany(c => c["outputs"] is JsonArray outputs ? outputs.OfType<JsonObject>() : [])
                .Select(o => o["data"]?["text/html"] is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : ""));
            return Runs[name] = new ExecutedNotebook(result, nb, html);
        }
        finally
        {
            Turn.Release();
        }
    }

    /// <summary>The PNG images (base64) the notebook shows: plots display as <c>&lt;img src="data:image/png;base64,..."&gt;</c>.</summary>
    public static List<string> Images(JsonObject nb) =>
        ((JsonArray)nb["cells"]!).OfType<JsonObject>().SelectMany(c => c["outputs"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(o => o["data"]?["text/html"] is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : "")
            .SelectMany(h => System.Text.RegularExpressions.Regex.Matches(h, "data:image/png;base64,([A-Za-z0-9+/=]+)").Select(m => m.Groups[1].Value))
            .ToList();
}

public sealed record ExecutedNotebook(NotebookRunResult Result, JsonObject Notebook, string AllHtml);
