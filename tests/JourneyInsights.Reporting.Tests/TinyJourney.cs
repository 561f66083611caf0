using System.Globalization;
using System.Text;
using JourneyInsights.Sources;

namespace JourneyInsights.Reporting.Tests;

/// <summary>
/// One customer of a tiny journey: first seen at <paramref name="Start"/> (UTC, "yyyy-MM-ddTHH:mm"), reaching stages
/// 1..<paramref name="Reaches"/> one day apart. With a <paramref name="Persona"/> the customer has a CRM contact, created
/// (as a lead) when reaching stage 2, and logs in from then on; with <paramref name="Nps"/> the customer answers one
/// survey at each stage from stage 2 on, five minutes after reaching it.
/// </summary>
public sealed record TinyCustomer(string Start, int Reaches, string? Persona = null, int? Nps = null);

/// <summary>
/// A journey definition and its exports written into a temporary folder in the canonical shapes
/// (<c>generic-events</c>, <c>generic-contacts</c>, <c>generic-survey</c>): analytics events <c>e1</c>..<c>eN</c> place a
/// customer at stages 1..N ("Stage 1".."Stage N"); the CRM's <c>became_lead</c> milestone places stage 2; survey
/// <c>S{k}</c> is answered at stage k. The CRM and survey files are written only when a customer needs them.
/// </summary>
public sealed class TinyJourney : IDisposable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly string root = Directory.CreateTempSubdirectory("ji-tiny-").FullName;
    /// <summary>The inputs' folder (journey.json and the exports).</summary>
    public string Folder => Path.Combine(root, "exports");
    public string DefinitionPath => Path.Combine(Folder, "journey.json");
    /// <summary>Beside the inputs' folder: a report refuses a reports folder inside an input's folder.</summary>
    public string Reports => Path.Combine(root, "reports");

    /// <param name="stages">Number of stages.</param>
    /// <param name="customers">The customers.</param>
    /// <param name="extraEvents">Further analytics lines, as written (timestamp,event,anonymous_id,user_id,page,source,medium,device,region).</param>
    /// <param name="crm">Write a CRM source even when no customer has a persona (then with a header only).</param>
    /// <param name="survey">Write a survey source even when no customer answers (then with a header only).</param>
    public TinyJourney(int stages, IEnumerable<TinyCustomer> customers, IEnumerable<string>? extraEvents = null, bool crm = false, bool survey = false)
    {
        var list = customers.ToList();
        var events = new StringBuilder("timestamp,event,anonymous_id,user_id,page,source,medium,device,region\n");
        var contacts = new StringBuilder("crm_id,email,created_at,became_lead,became_customer,persona,segment,region\n");
        var responses = new StringBuilder("response_id,timestamp,crm_id,email,survey,nps,csat,ces,emotion,comment\n");
        crm |= list.Any(c => c.Persona is not null);
        survey |= list.Any(c => c.Nps is not null);
        for (var i = 0; i < list.Count; i++)
        {
            var c = list[i];
            var start = DateTime.ParseExact(c.Start, "yyyy-MM-dd'T'HH:mm", Inv, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            var crmId = c.Persona is null ? "" : $"C{i + 1}";
            for (var k = 1; k <= c.Reaches; k++)
            {
                var at = start.AddDays(k - 1);
                var login = k >= 2 ? crmId : "";
                events.Append(Inv, $"{at:yyyy-MM-dd'T'HH:mm:ss'Z'},e{k},a{i + 1},{login},/page{k},google,organic,{(i % 2 == 0 ? "desktop" : "mobile")},US\n");
                if (k == 2 && c.Persona is not null)
                    contacts.Append(Inv, $"{crmId},,{at:yyyy-MM-dd HH:mm},{at:yyyy-MM-dd HH:mm},,{c.Persona},,US\n");
                if (k >= 2 && c.Nps is { } nps)
                    responses.Append(Inv, $"R{i + 1}-{k},{at.AddMinutes(5):yyyy-MM-dd HH:mm:ss},{crmId},,S{k},{nps},{(nps >= 7 ? 5 : 2)},,,\n");
            }
        }
        foreach (var line in extraEvents ?? []) events.Append(line).Append('\n');

        var sources = new List<string> { """{ "name": "web", "kind": "Analytics", "path": "events.csv", "columnMap": "generic-events" }""" };
        Write("events.csv", events.ToString());
        if (crm)
        {
            Write("crm.csv", contacts.ToString());
            sources.Add("""{ "name": "crm", "kind": "Crm", "path": "crm.csv", "columnMap": "generic-contacts" }""");
        }
        if (survey)
        {
            Write("survey.csv", responses.ToString());
            sources.Add("""{ "name": "survey", "kind": "Survey", "path": "survey.csv", "columnMap": "generic-survey" }""");
        }
        var rules = new List<string>();
        for (var k = 1; k <= stages; k++)
        {
            rules.Add($$"""{ "name": "Step {{k}}", "stage": "Stage {{k}}", "when": { "events": ["e{{k}}"] } }""");
            if (k == 2 && crm) rules.Add("""{ "name": "Became a lead", "stage": "Stage 2", "when": { "milestones": ["became_lead"] } }""");
            if (k >= 2 && survey) rules.Add($$"""{ "name": "Survey {{k}}", "stage": "Stage {{k}}", "entry": false, "when": { "surveys": ["S{{k}}"] } }""");
        }
        Write("journey.json", $$"""
            {
              "name": "Tiny journey",
              "sources": [ {{string.Join(", ", sources)}} ],
              "stages": [ {{string.Join(", ", Enumerable.Range(1, stages).Select(k => $$"""{ "name": "Stage {{k}}" }"""))}} ],
              "touchpoints": [ {{string.Join(",\n    ", rules)}} ],
              "funnel": { "conversionWindowDays": 30, "minSampleSize": 30 }
            }
            """);
    }

    /// <summary>Writes a file of the journey's folder.</summary>
    public void Write(string name, string content)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, name), content, new UTF8Encoding(false));
    }

    /// <summary>Loads the sources as <c>journey report</c> does (lenient, dated rows after <paramref name="runUtc"/> plus a day rejected).</summary>
    public SourceSet LoadSources(DateTime? runUtc = null) =>
        SourceSet.Load(Definition.JourneyDefinition.Load(DefinitionPath), new LoadOptions { RunUtc = runUtc });

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
