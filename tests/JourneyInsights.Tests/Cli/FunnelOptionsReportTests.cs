using System.IO.Compression;
using System.Text.Json;
using JourneyInsights.Journeys;
using JourneyInsights.Metrics;

namespace JourneyInsights.Tests.Cli;

/// <summary>
/// <c>journey report</c> on the sample with funnel options in journey.json: the figures are counted by them and every
/// funnel figure's basis says so (summary.json, the workbook's Funnel sheet, the HTML page).
/// </summary>
public class FunnelOptionsReportTests(SampleJourney sample) : IClassFixture<SampleJourney>
{
    private const string Rules = "strict order; excluding 'Payment error' between Consideration and Purchase";

    /// <summary>The sample definition with the sources' paths made absolute and <paramref name="funnel"/> as its funnel object.</summary>
    internal static string SampleWith(TestFolder folder, string funnel)
    {
        var text = File.ReadAllText(Repo.SampleDefinition);
        foreach (var file in new[] { "analytics-events.csv.gz", "crm-contacts.csv", "survey-responses.csv" })
            text = text.Replace($"\"path\": \"{file}\"", $"\"path\": {JsonSerializer.Serialize(Path.Combine(Repo.Samples, file))}");
        const string original = "\"funnel\": { \"conversionWindowDays\": 30, \"mode\": \"ordered\", \"minSampleSize\": 30, \"alpha\": 0.05 }";
        Assert.Contains(original, text);
        return folder.Write("journey.json", text.Replace(original, "\"funnel\": " + funnel));
    }

    [Fact]
    public void Strict_order_with_an_exclusion_is_counted_and_said_in_every_output()
    {
        using var folder = new TestFolder();
        var config = SampleWith(folder, """
            { "conversionWindowDays": 30, "mode": "strict", "minSampleSize": 30, "alpha": 0.05,
              "exclusions": [ { "touchpoint": "Payment error", "from": "Consideration", "to": "Purchase" } ] }
            """);
        var output = folder.Reports;
        var (code, _, error) = InProcessCli.Run("report", "--config", config, "--month", "2026-08", "--out", output, "--format", "xlsx,html,json");
        Assert.True(code == 0, error);
        var month = Path.Combine(output, "2026-08");

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(month, "summary.json")));
        var root = json.RootElement;
        var rules = root.GetProperty("funnelRules");
        Assert.Equal("strict", rules.GetProperty("mode").GetString());
        var exclusion = Assert.Single(rules.GetProperty("exclusions").EnumerateArray().ToList());
        Assert.Equal(("Payment error", "Consideration", "Purchase"),
            (exclusion.GetProperty("touchpoint").GetString(), exclusion.GetProperty("from").GetString(), exclusion.GetProperty("to").GetString()));
        Assert.Equal(Rules, rules.GetProperty("text").GetString());
        // The figures are those of the library with the same rules, as of the month end, and not those of the default funnel.
        var journey = Journey.Load(config);
        var report = journey.Report("2026-08");
        var counts = root.GetProperty("funnel").GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("customers").GetInt64()).ToList();
        Assert.Equal(report.Funnel.Stages.Select(s => s.Customers), counts);
        var ordered = sample.Journey.Report("2026-08").Funnel.Stages.Select(s => s.Customers).ToList();
        Assert.Equal(ordered[0], counts[0]);         // the options never change who enters
        Assert.True(counts[2] < ordered[2], $"Purchase {counts[2]} should be below the ordered funnel's {ordered[2]}");
        // Every basis of a funnel figure ends with the rules; the emotion headlines' do not.
        Assert.All(root.GetProperty("conversionTrend").GetProperty("changes").EnumerateArray(), c => Assert.EndsWith(Rules, c.GetProperty("basis").GetString()));
        var headlines = root.GetProperty("headlines").EnumerateArray().ToList();
        Assert.EndsWith(Rules, headlines[0].GetProperty("basis").GetString());   // customers entering
        Assert.EndsWith(Rules, headlines[1].GetProperty("basis").GetString());   // final conversion
        Assert.DoesNotContain("strict order", headlines[2].GetProperty("basis").GetString()); // NPS
        Assert.All(root.GetProperty("painPoints").EnumerateArray(), p => Assert.EndsWith(Rules, p.GetProperty("basis").GetString()));
        Assert.All(root.GetProperty("dropOffDrivers").EnumerateArray(), d => Assert.EndsWith(Rules, d.GetProperty("basis").GetString()));

        var html = File.ReadAllText(Path.Combine(month, "index.html"));
        Assert.Contains("Funnel counted with strict order; excluding &#x27;Payment error&#x27; between Consideration and Purchase.", html);

        using var xlsx = ZipFile.OpenRead(Directory.GetFiles(month, "*.xlsx").Single());
        using var strings = new StreamReader(xlsx.GetEntry("xl/sharedStrings.xml")!.Open());
        var shared = strings.ReadToEnd();
        Assert.Contains("Funnel of the 2026-08 cohort; strict order; excluding 'Payment error' between Consideration and Purchase", shared);
    }
}
