using System.Text.Json.Nodes;
using JourneyInsights.Journeys;
using JourneyInsights.Metrics;
using JourneyInsights.Reporting.Charts;

namespace JourneyInsights.Notebooks.Tests;

/// <summary>
/// Every notebook in notebooks/ runs headless on the sample data without an error, and what it shows is what the
/// library computes (the same formatters render the expected values, so a table must appear exactly).
/// </summary>
public class NotebookTests(SampleJourney sample) : IClassFixture<SampleJourney>
{
    private readonly Journey journey = sample.Journey;

    private static List<string> NotebookNames() =>
        Directory.EnumerateFiles(Repo.Notebooks, "*.ipynb").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Notebooks() => new(NotebookNames());

    private static async Task<(NotebookRunResult Result, JsonObject Notebook, string AllHtml)> Run(TestFolder folder, string name,
        Dictionary<string, string>? parameters = null)
    {
        var result = await NotebookRunner.RunAsync(Path.Combine(Repo.Notebooks, name), parameters ?? [], folder.File("out"));
        var nb = (JsonObject)JsonNode.Parse(File.ReadAllText(result.OutputNotebook))!;
        var html = string.Concat(((JsonArray)nb["cells"]!).OfType<JsonObject>()
            .SelectMany(c => c["outputs"] is JsonArray outputs ? outputs.OfType<JsonObject>() : [])
            .Select(o => o["data"]?["text/html"] is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : ""));
        return (result, nb, html);
    }

    [Fact]
    public void The_four_notebooks_are_there_committed_without_outputs_and_with_polyglot_metadata()
    {
        Assert.Equal(["01-explore-sources.ipynb", "02-stage-conversion.ipynb", "03-emotion-trends.ipynb", "04-pain-points-and-opportunities.ipynb"],
            NotebookNames());
        foreach (var name in NotebookNames())
        {
            var nb = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Notebooks, name)))!;
            NbFormat.AssertValid(nb);
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
        using var folder = new TestFolder();
        var (result, nb, html) = await Run(folder, name);
        Assert.True(result.Succeeded, result.Error);
        NbFormat.AssertValid(nb);
        var outputs = ((JsonArray)nb["cells"]!).OfType<JsonObject>().SelectMany(c => c["outputs"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        Assert.DoesNotContain(outputs, o => o["output_type"]!.GetValue<string>() == "error");
        Assert.Contains(outputs, o => o["data"]?["image/png"] is not null);
        Assert.Contains("<table class=\"ji\">", html);
        Assert.True(File.Exists(result.OutputHtml));
    }

    [Fact]
    public async Task Notebook_01_shows_the_source_reports_and_identity_figures_of_the_library()
    {
        using var folder = new TestFolder();
        var (result, _, html) = await Run(folder, "01-explore-sources.ipynb");
        Assert.True(result.Succeeded, result.Error);
        // Durations differ between loads; compare the report tables without them.
        Assert.Contains(NotebookFormatters.ToHtml(journey.Data.Identity), html);
        Assert.Contains(NotebookFormatters.ToHtml(journey.Sources.Rejected.ToList()), html);
        foreach (var r in journey.Sources.Reports)
            Assert.Contains($"<td>{r.Source}</td><td>{r.File}</td>", html);
    }

    [Fact]
    public async Task Notebook_02_shows_the_funnel_breakdowns_and_trend_of_the_month_given_as_parameter()
    {
        using var folder = new TestFolder();
        var (result, nb, html) = await Run(folder, "02-stage-conversion.ipynb", new() { ["month"] = "2026-08" });
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
        var images = Images(nb);
        foreach (var name in new[] { FunnelChart.Name, ConversionHeatmapChart.Name, ConversionTrendChart.Name })
            Assert.Contains(Convert.ToBase64String(ChartSet.Render(ChartSet.Recipes.Single(r => r.Name == name), report).Png), images);
    }

    private static List<string> Images(JsonObject nb) =>
        ((JsonArray)nb["cells"]!).OfType<JsonObject>().SelectMany(c => c["outputs"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(o => o["data"]?["image/png"]?.GetValue<string>()).OfType<string>().ToList();

    [Fact]
    public async Task Notebook_03_shows_emotion_by_stage_persona_month_and_the_verbatims()
    {
        using var folder = new TestFolder();
        var (result, _, html) = await Run(folder, "03-emotion-trends.ipynb");
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
        using var folder = new TestFolder();
        var (result, nb, html) = await Run(folder, "04-pain-points-and-opportunities.ipynb");
        Assert.True(result.Succeeded, result.Error);
        var report = journey.Report("2026-08");   // the numbers of `journey report --month 2026-08`
        var chart = ChartSet.Render(ChartSet.Recipes.Single(r => r.Name == PainPointChart.Name), report);
        Assert.Contains(Convert.ToBase64String(chart.Png), Images(nb));
        var pains = report.PainPoints;
        Assert.Contains(NotebookFormatters.ToHtml(pains), html);
        Assert.Contains(NotebookFormatters.ToHtml(pains[0].Verbatims), html);
        Assert.Contains(NotebookFormatters.ToHtml(report.Opportunities), html);
        Assert.Contains(NotebookFormatters.ToHtml(journey.Report("2026-07").PainPoints), html);
        Assert.Contains(NotebookFormatters.ToHtml(report.Trend.Changes.Where(c => c.Month == "2026-08").ToList()), html);
    }
}
