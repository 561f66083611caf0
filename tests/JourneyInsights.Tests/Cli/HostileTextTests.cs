using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using JourneyInsights.Cli;

namespace JourneyInsights.Tests.Cli;

/// <summary>Text that breaks files: over Excel's 32,767-character cell limit, or with control characters, end to end through <c>journey report</c>.</summary>
public class HostileTextTests
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>The sample journey copied to <paramref name="folder"/>, its definition text, CRM lines and analytics lines edited by the functions given.</summary>
    internal static string EditedSamples(string folder, Func<string, string>? definition = null, Func<string[], string[]>? crm = null, Func<string[], string[]>? events = null)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in new[] { "journey.json", "analytics-events.csv.gz", "crm-contacts.csv", "survey-responses.csv" })
            File.Copy(Path.Combine(Repo.Samples, file), Path.Combine(folder, file));
        var config = Path.Combine(folder, "journey.json");
        if (definition is not null) File.WriteAllText(config, definition(File.ReadAllText(config)));
        var contacts = Path.Combine(folder, "crm-contacts.csv");
        if (crm is not null) File.WriteAllLines(contacts, crm(File.ReadAllLines(contacts)));
        if (events is not null)
        {
            var gz = Path.Combine(folder, "analytics-events.csv.gz");
            string[] lines;
            using (var reader = new StreamReader(new GZipStream(File.OpenRead(gz), CompressionMode.Decompress))) lines = reader.ReadToEnd().TrimEnd('\n').Split('\n');
            using var writer = new StreamWriter(new GZipStream(File.Create(gz), CompressionLevel.Fastest));
            foreach (var line in events(lines)) writer.Write(line + "\n");
        }
        return config;
    }

    /// <summary>Every text of the workbook's cells (shared strings and inline strings), decoded.</summary>
    internal static List<string> WorkbookTexts(string xlsx)
    {
        using var zip = ZipFile.OpenRead(xlsx);
        var texts = new List<string>();
        foreach (var entry in zip.Entries.Where(e => e.FullName == "xl/sharedStrings.xml" || e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)))
        {
            using var stream = entry.Open();
            var xml = XDocument.Load(stream);
            texts.AddRange(entry.FullName == "xl/sharedStrings.xml"
                ? xml.Root!.Elements(Main + "si").Select(si => string.Concat(si.Descendants(Main + "t").Select(t => t.Value)))
                : xml.Descendants(Main + "is").Select(si => string.Concat(si.Descendants(Main + "t").Select(t => t.Value))));
        }
        return texts;
    }

    [Fact]
    public void Text_over_the_cell_limit_and_a_control_character_in_the_name_give_a_complete_report()
    {
        using var folder = new TestFolder();
        var persona = new string('P', 40_000);
        var page = "/" + new string('x', 40_000);
        // The journey name: a BEL control character, then 33,000 characters (over the cell limit as a title too).
        var config = EditedSamples(Path.Combine(folder.Path, "exports"),
            definition: json => json.Replace("\"name\": \"Northwind Cloud customer journey\"", "\"name\": \"North\\u0007wind " + new string('T', 33_000) + "\""),
            // five August contacts of the Agency persona get the 40,000-character persona (one segment of the August cohort)
            crm: lines =>
            {
                var n = 0;
                return lines.Select(l => l.Contains(",2026-08-", StringComparison.Ordinal) && l.Contains(",Agency,", StringComparison.Ordinal) && n++ < 5
                    ? l.Replace(",Agency,", "," + persona + ",", StringComparison.Ordinal) : l).ToArray();
            },
            // one page_view of an unknown 40,001-character path: no rule matches it, so the Data Quality sheet lists it
            events: lines =>
            {
                var f = lines[1].Split(',');
                f[2] = "page_view";
                f[5] = "https://www.northwind-cloud.example" + page;
                return [lines[0], string.Join(',', f), .. lines[1..]];
            });
        var reports = Path.Combine(folder.Path, "reports");

        var (code, _, error) = InProcessCli.Run("report", "--config", config, "--month", "2026-08", "--out", reports);

        Assert.True(code == ExitCodes.Success, error);
        var dir = Path.Combine(reports, "2026-08");
        foreach (var f in new[] { "journey-summary-2026-08.xlsx", "index.html", "summary.json", "run-manifest.json" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "charts"), "*.png"));

        var texts = WorkbookTexts(Path.Combine(dir, "journey-summary-2026-08.xlsx"));
        Assert.All(texts, t => Assert.True(t.Length <= 32_767, $"a cell of {t.Length} characters"));
        // 40,000 characters cut to exactly 32,767 = kept prefix + the marker naming the full length.
        const string personaMarker = "… [cut: 40,000 characters in all; full text in summary.json]";
        var cutPersona = Assert.Single(texts.Distinct(), t => t.StartsWith("PPPP", StringComparison.Ordinal));
        Assert.Equal(32_767, cutPersona.Length);
        Assert.Equal(new string('P', 32_767 - personaMarker.Length) + personaMarker, cutPersona);
        Assert.Contains(texts, t => t.Contains("xxxx… [cut: ", StringComparison.Ordinal)); // the page path
        Assert.Contains(texts, t => t.StartsWith("North\uFFFDwind TTTT", StringComparison.Ordinal) && t.EndsWith("full text in summary.json]", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains('\u0007'));

        // The full texts are kept in summary.json (and the title in the HTML page); the control character is replaced, not kept.
        var summaryText = File.ReadAllText(Path.Combine(dir, "summary.json"));
        Assert.Contains(persona, summaryText);
        using var summary = JsonDocument.Parse(summaryText);
        Assert.Equal("North\uFFFDwind " + new string('T', 33_000), summary.RootElement.GetProperty("title").GetString());
        var html = File.ReadAllText(Path.Combine(dir, "index.html"));
        Assert.Contains("North\uFFFDwind " + new string('T', 33_000) + "</h1>", html);
        Assert.DoesNotContain('\u0007', html);
        foreach (var svg in Directory.GetFiles(Path.Combine(dir, "charts"), "*.svg")) XDocument.Load(svg); // well-formed XML
    }
}
