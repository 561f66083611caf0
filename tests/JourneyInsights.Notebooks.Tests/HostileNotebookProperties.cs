using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace JourneyInsights.Notebooks.Tests;

/// <summary>
/// Property (FsCheck): the four real notebooks, run headless on exports with personal data in every text field, show no
/// e-mail address, phone number, IBAN or card number in any output of the executed notebook (.ipynb) or its HTML page,
/// and no markup from the data. A notebook run takes seconds, so the property runs a few cases only.
/// </summary>
public class HostileNotebookProperties
{
    /// <summary>Personal data planted in the exports: non-ASCII and fullwidth e-mails, phones with spaces, dashes, dots and parentheses, IBANs (mod-97 valid), card numbers (Luhn valid).</summary>
    private static readonly string[] Planted =
    [
        "jürgen.müller@exämple.de", "josé＠correo.es", "用户@例子.广告", "jane.doe@example.com", "+44 20 7946 0958", "(555) 123-4567",
        "555-123-4567", "+1 415-555-0199", "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "4111 1111 1111 1111", "5500-0000-0000-0004",
    ];

    /// <summary>Text an output must not turn into markup or formulas.</summary>
    private static readonly string[] Noise =
    [
        "", "<script>alert(1)</script>", "<b>bold</b>", "=HYPERLINK(\"http://evil.example\",\"x\")", "+SUM(A1:A9)", "@cmd", "\"quoted, with comma\"",
        "line\nbreak", "tab\there", "emoji 🙂", "]]><!--", "&amp;",
    ];

    private const int TextFields = 11;

    /// <summary>One case: where the planted values start in the rotation, and the noise beside each text field of each row.</summary>
    private sealed record Case(int Offset, string[] Noise);

    private static Gen<Case> Cases() =>
        from offset in Gen.Choose(0, Planted.Length - 1)
        from noise in Gen.ArrayOf(Gen.Elements(Noise), Planted.Length * TextFields)
        select new Case(offset, noise);

    private static string Csv(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// One customer per planted value (crm 100 + i, visiting in March 2026); text field k of row i holds planted value
    /// (i + k + offset) mod 12 with noise before it, so every planted value reaches every text field across the rows.
    /// Customer 0 keeps a clean e-mail, persona "Agency" and a "happy" answer, so the notebooks' per-persona cells
    /// (parameter persona = Agency) have something to show; a February visitor gives notebook 04 its previous month, and
    /// every fourth customer meets "Payment error" (the touchpoint notebook 04's paths cell names) at checkout.
    /// </summary>
    private static void Write(TestFolder folder, Case c)
    {
        var events = new StringBuilder("timestamp,event,anonymous_id,user_id,page,source,medium,device,region\n");
        events.Append("2026-02-15T10:00:00Z,visit,z0,,/,google,organic,desktop,US\n");
        var contacts = new StringBuilder("crm_id,email,created_at,persona,region\n");
        var responses = new StringBuilder("response_id,timestamp,crm_id,email,survey,nps,csat,ces,emotion,comment\n");
        for (var i = 0; i < Planted.Length; i++)
        {
            var row = i;
            string Text(int k) => (c.Noise[row * TextFields + k] + " " + Planted[(row + k + c.Offset) % Planted.Length]).Trim();
            string T(int k) => Csv(Text(k));
            var day = 1 + i % 9;
            events.Append($"2026-03-0{day}T10:00:00Z,visit,a{i},{100 + i},{Csv("/p/" + Text(0))},{T(1)},{T(2)},{T(3)},{T(4)}\n");
            if (i % 2 == 0) events.Append($"2026-03-1{day - 1}T10:00:00Z,pricing,a{i},{100 + i},/pricing,{T(1)},{T(2)},{T(3)},{T(4)}\n");
            // notebook 04 follows the paths around "Payment error" (its cell names the sample's touchpoint)
            if (i % 4 == 0) events.Append($"2026-03-1{day - 1}T11:00:00Z,payment_error,a{i},{100 + i},{Csv("/checkout/" + Text(0))},{T(1)},{T(2)},{T(3)},{T(4)}\n");
            if (i % 4 == 0 && i % 8 != 0) events.Append($"2026-03-1{day - 1}T12:00:00Z,purchase,a{i},{100 + i},/done,{T(1)},{T(2)},{T(3)},{T(4)}\n");
            contacts.Append($"{100 + i},{(i == 0 ? "" : T(5))},2026-03-0{day}T09:00:00Z,{(i == 0 ? "Agency" : T(6))},{T(7)}\n");
            responses.Append($"R{i},2026-03-2{day - 1}T12:00:00Z,{100 + i},{(i == 0 ? "" : T(8))},{T(9)},{i % 11},{1 + i % 5},{1 + i % 7},{(i == 0 ? "happy" : T(10))},{Csv(Text(10) + " " + Text(0))}\n");
        }
        folder.Write("exports/events.csv", events.ToString());
        folder.Write("exports/contacts.csv", contacts.ToString());
        folder.Write("exports/responses.csv", responses.ToString());
        folder.Write("exports/journey.json", """
            {
              "name": "Hostile journey",
              "reportTimeZone": "UTC",
              "sources": [
                { "name": "web", "kind": "Analytics", "path": "events.csv", "columnMap": "generic-events" },
                { "name": "crm", "kind": "Crm", "path": "contacts.csv", "columnMap": "generic-contacts" },
                { "name": "survey", "kind": "Survey", "path": "responses.csv", "columnMap": "generic-survey" }
              ],
              "stages": [ { "name": "Awareness" }, { "name": "Consideration" }, { "name": "Purchase" } ],
              "touchpoints": [
                { "name": "Visit", "stage": "Awareness", "when": { "events": ["visit"] } },
                { "name": "Pricing", "stage": "Consideration", "when": { "events": ["pricing"] } },
                { "name": "Payment error", "stage": "Purchase", "entry": false, "when": { "events": ["payment_error"] } },
                { "name": "Order", "stage": "Purchase", "when": { "events": ["purchase"] } }
              ],
              "funnel": { "conversionWindowDays": 30, "minSampleSize": 3 },
              "personas": ["Agency"]
            }
            """);
    }

    [Fact]
    public void Executed_notebooks_on_hostile_exports_show_no_personal_data_and_no_markup_from_the_data()
    {
        var notebooks = Directory.EnumerateFiles(Repo.Notebooks, "*.ipynb").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(4, notebooks.Count);
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            using var folder = new TestFolder();
            Write(folder, c);
            var parameters = new Dictionary<string, string>
            {
                ["config"] = folder.File("exports/journey.json"), ["month"] = "2026-03", ["persona"] = "Agency",
            };
            foreach (var notebook in notebooks)
            {
                var result = NotebookRunner.RunAsync(notebook, parameters, folder.File("out")).GetAwaiter().GetResult();
                var name = Path.GetFileName(notebook);
                Assert.True(result.Succeeded, $"{name}: cell {result.FailedCell}: {result.Error}");
                var nb = (JsonObject)JsonNode.Parse(File.ReadAllText(result.OutputNotebook))!;
                // Every output, decoded from its JSON (so \u escapes cannot hide a value), and the raw file and HTML page as written.
                var outputs = ((JsonArray)nb["cells"]!).OfType<JsonObject>().SelectMany(cell => cell["outputs"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                var shown = string.Join("\n", outputs.SelectMany(Texts));
                AssertNoPersonalData(shown, name + " outputs");
                AssertNoPersonalData(File.ReadAllText(result.OutputNotebook), result.OutputNotebook);
                AssertNoPersonalData(File.ReadAllText(result.OutputHtml), result.OutputHtml);
                var html = string.Join("\n", outputs.Select(o => o["data"]?["text/html"]).OfType<JsonNode>().Select(Joined));
                Assert.DoesNotContain("<script>alert", html);
                Assert.DoesNotContain("<b>bold", html);
                Assert.DoesNotContain("<script>alert", File.ReadAllText(result.OutputHtml));
                Assert.DoesNotContain("<b>bold", File.ReadAllText(result.OutputHtml));
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2).WithQuietOnSuccess(true));
    }

    /// <summary>Every string of an output (stream text, each MIME type's data, error name, value and traceback), decoded.</summary>
    private static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        JsonArray a => a.SelectMany(Texts),
        JsonObject o => o.SelectMany(p => Texts(p.Value)),
        _ => [],
    };

    private static string Joined(JsonNode node) => node is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : node.GetValue<string>();

    /// <summary>No planted value as written, HTML-encoded or JSON-escaped; images (base64) are not text and are skipped.</summary>
    private static void AssertNoPersonalData(string text, string where)
    {
        text = System.Text.RegularExpressions.Regex.Replace(text, "data:image/png;base64,[A-Za-z0-9+/=]+", "");
        foreach (var p in Planted)
            foreach (var form in new[] { p, System.Net.WebUtility.HtmlEncode(p), JsonSerializer.Serialize(p)[1..^1] }.Distinct())
            {
                var at = text.IndexOf(form, StringComparison.Ordinal);
                Assert.False(at >= 0, $"{where} contains {p}: …{(at >= 0 ? text[Math.Max(0, at - 160)..Math.Min(text.Length, at + form.Length + 40)] : "")}…");
            }
    }
}
