using JourneyInsights.Cli;
using JourneyInsights.Definition;
using JourneyInsights.Sources;
using JourneyInsights.Tests.Definition;

namespace JourneyInsights.Tests.Cli;

/// <summary>
/// `journey init` on hand-written vendor exports: the definition it writes passes `journey validate` with at least
/// 95 % of the rows accepted, or the file is refused with the right reason.
/// </summary>
public class InitCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => InProcessCli.Run(args);

    /// <summary>Runs init on the files, then validate on what it wrote; returns the definition and its loaded sources.</summary>
    private static (JourneyDefinition Definition, SourceSet Sources, string InitOutput) InitAndValidate(TestFolder folder, params string[] files)
    {
        var target = folder.File("journey.json");
        var (code, output, error) = Run(["init", "--out", target, .. files]);
        Assert.True(code == ExitCodes.Success, output + error);
        var (validated, validateOut, validateErr) = Run("validate", "--config", target);
        Assert.True(validated == ExitCodes.Success, validateOut + validateErr);
        var definition = JourneyDefinition.Load(target);
        var sources = SourceSet.Load(definition);
        foreach (var r in sources.Reports)
            Assert.True(r.RowsAccepted >= 0.95 * r.RowsRead && r.RowsRead > 0, $"{r.File}: {r.RowsAccepted} of {r.RowsRead} accepted");
        return (definition, sources, output);
    }

    [Theory]
    [InlineData(nameof(ExportShapes.Ga4Micros), "Analytics", 7)]
    [InlineData(nameof(ExportShapes.Ga4TextTimestamps), "Analytics", 4)]
    [InlineData(nameof(ExportShapes.HubSpotContacts), "Crm", 4)]
    [InlineData(nameof(ExportShapes.QualtricsResponses), "Survey", 3)]
    [InlineData(nameof(ExportShapes.SurveyMonkeyResponses), "Survey", 3)]
    [InlineData(nameof(ExportShapes.Qualtrics2016), "Survey", 2)]
    public void Each_vendor_shape_drafts_a_definition_that_validates(string shape, string kind, long rows)
    {
        using var folder = new TestFolder();
        var content = (string)typeof(ExportShapes).GetField(shape)!.GetValue(null)!;
        var file = folder.Write("exports/" + shape + ".csv", content);
        var (definition, sources, output) = InitAndValidate(folder, file);
        var source = Assert.Single(definition.Sources);
        Assert.Equal(kind, source.Kind.ToString());
        Assert.Equal("exports/" + shape + ".csv", source.Path); // relative to journey.json
        Assert.Equal((rows, rows), (sources.Reports[0].RowsRead, sources.Reports[0].RowsAccepted));
        Assert.Contains($"rows: {rows} read, {rows} accepted, 0 rejected (100.0 % accepted)", output);
    }

    [Fact]
    public void Stages_and_rules_come_from_the_events_in_the_file()
    {
        using var folder = new TestFolder();
        var (definition, _, _) = InitAndValidate(folder, folder.Write("events.csv", ExportShapes.Ga4Micros));
        // first_visit and page_view open Awareness, sign_up Consideration, purchase Purchase; nothing enters Retention or Advocacy.
        Assert.Equal(["Awareness", "Consideration", "Purchase"], definition.Stages.Select(s => s.Name));
        var byName = definition.Touchpoints.ToDictionary(t => t.Name);
        Assert.Equal(("Consideration", true), (byName["Pricing page"].Stage, byName["Pricing page"].Entry));
        Assert.Equal(["/pricing*"], byName["Pricing page"].When.Pages!);
        Assert.Equal("Awareness", byName["Blog"].Stage);
        Assert.Equal("Purchase", byName["Purchase"].Stage);
        Assert.Equal("Consideration", byName["Sign up"].Stage);
        // The page rules come before the general page-view rule (first match wins).
        var names = definition.Touchpoints.Select(t => t.Name).ToList();
        Assert.True(names.IndexOf("Pricing page") < names.IndexOf("Page views"));
        // No CRM export: the one user id (101) only links devices.
        Assert.Equal("none", definition.Identity.AnalyticsUserId);
    }

    [Fact]
    public void A_journey_from_all_four_exports_links_them_and_places_the_crm_milestones()
    {
        using var folder = new TestFolder();
        var files = new[]
        {
            folder.Write("ga4.csv", ExportShapes.Ga4Micros), folder.Write("hubspot.csv", ExportShapes.HubSpotContacts),
            folder.Write("qualtrics.csv", ExportShapes.QualtricsResponses), folder.Write("surveymonkey.csv", ExportShapes.SurveyMonkeyResponses),
        };
        var (definition, _, _) = InitAndValidate(folder, files);
        Assert.Equal(["web", "crm", "survey", "survey-2"], definition.Sources.Select(s => s.Name));
        // user_id 101 is HubSpot Record ID 101: the analytics user id holds CRM ids.
        Assert.Equal("crm_id", definition.Identity.AnalyticsUserId);
        var text = File.ReadAllText(folder.File("journey.json"));
        Assert.Contains("1 of 1 distinct analytics user ids are CRM ids", text);
        // Responses linked: Qualtrics 101, 102 (the third is anonymous), SurveyMonkey 101, 102 (the third names nobody) = 4 of 6.
        Assert.Contains("4 of 6 survey responses name a CRM id or e-mail", text);
        // The Qualtrics ImportId time zone becomes the report's.
        Assert.Equal("America/Denver", definition.ReportTimeZone);

        var crm = definition.Sources.Single(s => s.Name == "crm").Map;
        string RuleStage(string column)
        {
            var field = crm.Columns.Single(c => c.Column == column).Field;
            return definition.Touchpoints.Single(t => t.When.Milestones?.Contains(field) == true).Stage!;
        }
        Assert.Equal("Consideration", RuleStage("Date entered \"Lead (Lifecycle Stage Pipeline)\""));
        Assert.Equal("Consideration", RuleStage("Date entered \"Sales Qualified Lead (Lifecycle Stage Pipeline)\""));
        Assert.Equal("Purchase", RuleStage("Date entered \"Customer (Lifecycle Stage Pipeline)\""));
        // SurveyMonkey survey names are its collector ids, one rule each.
        Assert.Contains(definition.Touchpoints, t => t.When.Surveys is ["431000001"]);

        // The drafted journey builds. March 2026 cohort (Denver months): visitor 1001 = contact 101 (first_visit 03-01
        // 10:00Z, sign_up 10:02Z, purchase 03-02 10:02Z) and visitor 2002 (first_visit only) enter Awareness; 101 goes
        // on to Consideration and Purchase. Contacts 102-104 have no event, so never enter the first stage.
        var funnel = Journey.Load(folder.File("journey.json")).Funnel("2026-03");
        Assert.Equal([2L, 1L, 1L], funnel.Stages.Select(s => s.Customers));
    }

    [Fact]
    public void Files_that_cannot_be_read_are_refused_with_the_reason_and_the_rest_is_drafted()
    {
        using var folder = new TestFolder();
        var target = folder.File("journey.json");
        var (code, output, error) = Run("init", "--out", target,
            folder.Write("ga4.csv", ExportShapes.Ga4Micros), folder.Write("report.csv", ExportShapes.Ga4UiReport),
            folder.Write("nodates.csv", ExportShapes.HubSpotWithoutDates), folder.Write("orders.csv", ExportShapes.UnknownOrders));
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("refused: this is an aggregated GA4 report", output);
        Assert.Contains("refused: no per-row date", output);
        Assert.Contains("refused: unknown layout: the header on line 1 is 'Order Number', 'Customer', 'Total', 'Currency'", output);
        Assert.Contains("report.csv: not used: this is an aggregated GA4 report", error);
        Assert.Single(JourneyDefinition.Load(target).Sources);
        Assert.Contains("// Not used: ", File.ReadAllText(target));
    }

    [Fact]
    public void Text_from_a_file_cannot_end_a_comment_and_become_json()
    {
        using var folder = new TestFolder();
        // A quoted header with a line break followed by JSON: shown in the "Not used" comment, it must stay comment.
        var odd = folder.Write("odd.csv", "\"Order\n\"\"name\"\": \"\"x\"\",\"Total\"\n1,2\n");
        var (code, output, error) = Run("init", "--out", folder.File("journey.json"), folder.Write("ga4.csv", ExportShapes.Ga4Micros), odd);
        Assert.True(code == ExitCodes.Success, output + error);
        var definition = JourneyDefinition.Load(folder.File("journey.json"));
        Assert.Equal("Customer journey", definition.Name);
        Assert.Contains("// Not used: ", File.ReadAllText(folder.File("journey.json")));
    }

    [Fact]
    public void Nothing_is_written_when_no_file_can_be_used()
    {
        using var folder = new TestFolder();
        var target = folder.File("journey.json");
        var (code, _, error) = Run("init", "--out", target, folder.Write("report.csv", ExportShapes.Ga4UiReport));
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("none of the files can be used; nothing was written", error);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void An_existing_definition_is_replaced_only_with_force()
    {
        using var folder = new TestFolder();
        var target = folder.Write("journey.json", "{ \"mine\": true }");
        var events = folder.Write("ga4.csv", ExportShapes.Ga4Micros);
        var (code, _, error) = Run("init", "--out", target, events);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("already exists; pass --force to replace it", error);
        Assert.Equal("{ \"mine\": true }", File.ReadAllText(target));

        Assert.Equal(ExitCodes.Success, Run("init", "--out", target, events, "--force").Code);
        Assert.Single(JourneyDefinition.Load(target).Sources);
    }

    [Fact]
    public void The_sample_exports_draft_a_definition_that_validates_and_reports()
    {
        using var folder = new TestFolder();
        var files = new[] { "analytics-events.csv.gz", "crm-contacts.csv", "survey-responses.csv" }.Select(f => Path.Combine(Repo.Samples, f)).ToArray();
        var (definition, sources, _) = InitAndValidate(folder, files);
        Assert.Equal(["ga4", "hubspot", "qualtrics"], definition.Sources.Select(s => s.ColumnMap));
        // The same counts as with the hand-written data-samples/journey.json (CliTests): 44,868 + 2,924 + 1,308 accepted.
        Assert.Equal([44_868L, 2_924L, 1_308L], sources.Reports.Select(r => r.RowsAccepted));
        Assert.Equal(["Awareness", "Consideration", "Purchase", "Retention", "Advocacy"], definition.Stages.Select(s => s.Name));
        var (code, output, error) = Run("report", "--config", folder.File("journey.json"), "--month", "2026-08", "--out", folder.File("reports"), "--format", "json");
        Assert.True(code == ExitCodes.Success, output + error);
        Assert.True(File.Exists(Path.Combine(folder.Path, "reports", "2026-08", "summary.json")));
    }
}
