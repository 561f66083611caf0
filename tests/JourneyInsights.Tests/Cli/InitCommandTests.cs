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
        // Rows the map's filter leaves out (Salesforce's deleted rows) are declared, not rejected for a fault.
        foreach (var r in sources.Reports)
            Assert.True(r.RowsAccepted >= 0.95 * (r.RowsRead - r.RowsFiltered) && r.RowsRead > 0, $"{r.File}: {r.RowsAccepted} of {r.RowsRead} accepted");
        return (definition, sources, output);
    }

    [Theory]
    [InlineData(nameof(ExportShapes.Ga4Micros), "Analytics", 7)]
    [InlineData(nameof(ExportShapes.Ga4TextTimestamps), "Analytics", 4)]
    [InlineData(nameof(ExportShapes.HubSpotContacts), "Crm", 4)]
    [InlineData(nameof(ExportShapes.QualtricsResponses), "Survey", 3)]
    [InlineData(nameof(ExportShapes.SurveyMonkeyResponses), "Survey", 3)]
    [InlineData(nameof(ExportShapes.Qualtrics2016), "Survey", 2)]
    [InlineData(nameof(ExportShapes.QualtricsLegacy), "Survey", 1)]
    [InlineData(nameof(ExportShapes.SurveyMonkeyResaved), "Survey", 3)]
    [InlineData(nameof(ExportShapes.SurveyMonkeyIso), "Survey", 3)]
    [InlineData(nameof(ExportShapes.HubSpotOlder), "Crm", 3)]
    [InlineData(nameof(ExportShapes.EventsWithPreamble), "Analytics", 3)]
    public void Each_vendor_shape_drafts_a_definition_that_validates(string shape, string kind, long rows)
    {
        using var folder = new TestFolder();
        var content = Shape(shape);
        var file = folder.Write("exports/" + shape + ".csv", content);
        var (definition, sources, output) = InitAndValidate(folder, file);
        var source = Assert.Single(definition.Sources);
        Assert.Equal(kind, source.Kind.ToString());
        Assert.Equal("exports/" + shape + ".csv", source.Path); // relative to journey.json
        Assert.Equal((rows, rows), (sources.Reports[0].RowsRead, sources.Reports[0].RowsAccepted));
        Assert.Contains($"rows: {rows} read, {rows} accepted, 0 rejected (100.0 % accepted)", output);
    }

    private static string Shape(string name) => (string)typeof(ExportShapes).GetField(name)!.GetValue(null)!;

    [Theory]
    [InlineData(nameof(ExportShapes.Ga4UiReport), "this is an aggregated GA4 report")]
    [InlineData(nameof(ExportShapes.HubSpotWithoutDates), "no per-row date")]
    [InlineData(nameof(ExportShapes.SurveyMonkeyAudience), "no per-row date: the file has none of the columns 'End Date'")]
    [InlineData(nameof(ExportShapes.UnknownOrders), "unknown layout: the header on line 1 is 'Order Number', 'Customer', 'Total', 'Currency'")]
    [InlineData(nameof(ExportShapes.SalesforceContactRoles), "this is Salesforce's OpportunityContactRole.csv")]
    public void Each_shape_init_cannot_use_is_refused_with_its_reason_and_nothing_is_written(string shape, string reason)
    {
        using var folder = new TestFolder();
        var target = folder.File("journey.json");
        var (code, output, error) = Run("init", "--out", target, folder.Write(shape + ".csv", Shape(shape)));
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains($"refused: {reason}", output);
        Assert.Contains($"{shape}.csv: not used: {reason}", error);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void A_legacy_qualtrics_export_with_a_byte_order_mark_validates()
    {
        using var folder = new TestFolder();
        var file = folder.Write("legacy.csv", ExportShapes.QualtricsLegacy, new System.Text.UTF8Encoding(true));
        var (definition, sources, output) = InitAndValidate(folder, file);
        Assert.Equal("Survey", definition.Sources.Single().Kind.ToString());
        Assert.Equal((1L, 1L), (sources.Reports[0].RowsRead, sources.Reports[0].RowsAccepted));
        Assert.Contains("recognised: legacy Qualtrics export", output);
    }

    [Fact]
    public void A_windows_1252_export_is_declared_so_and_validates()
    {
        using var folder = new TestFolder();
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var file = folder.Write("responses.csv", ExportShapes.QualtricsResponses, System.Text.Encoding.GetEncoding(1252));
        var (definition, sources, _) = InitAndValidate(folder, file);
        Assert.Equal("windows-1252", definition.Sources.Single().Encoding);
        Assert.Equal((3L, 3L), (sources.Reports[0].RowsRead, sources.Reports[0].RowsAccepted));
        Assert.DoesNotContain(sources.Reports[0].Warnings, w => w.Rule == "encoding");
    }

    [Fact]
    public void An_id_destroyed_by_excel_is_drafted_with_that_row_rejected_for_that_reason()
    {
        using var folder = new TestFolder();
        var mangled = ExportShapes.HubSpotContacts.Replace("\n104,", "\n1.11015E+11,");
        var target = folder.File("journey.json");
        var (code, output, error) = Run("init", "--out", target, folder.Write("contacts.csv", mangled));
        Assert.True(code == ExitCodes.Success, output + error);
        // 4 contacts, the last id re-saved by Excel: 3 accepted, 1 rejected as excel-mangled (25 % < the 50 % validate allows).
        Assert.Contains("rows: 4 read, 3 accepted, 1 rejected (75.0 % accepted)", output);
        Assert.Contains("1 x 'Record ID' excel-mangled", output);
        Assert.Equal(ExitCodes.Success, Run("validate", "--config", target).Code);
    }

    [Fact]
    public void Salesforce_history_contact_roles_and_contacts_given_together_draft_one_joined_source()
    {
        using var folder = new TestFolder();
        var files = new[]
        {
            folder.Write("export/OpportunityHistory.csv", ExportShapes.SalesforceHistory),
            folder.Write("export/OpportunityContactRole.csv", ExportShapes.SalesforceContactRoles),
            folder.Write("export/Contact.csv", ExportShapes.SalesforceContacts),
        };
        var (definition, sources, output) = InitAndValidate(folder, files);
        var source = Assert.Single(definition.Sources);
        Assert.Equal(("crm", "salesforce-opportunity-history"), (source.Name, source.ColumnMap));
        Assert.Null(source.JoinFiles); // both joined files are where the preset looks: beside the history, under their names
        Assert.Contains("joined: read by source 'crm' as its OpportunityContactRole join", output);
        Assert.Contains("joined: read by source 'crm' as its Contact join", output);
        var r = sources.Reports[0];
        // 6 rows read (lines 2-7): line 7 deleted (filter); 5 accepted; of 006A's rows line 3 repeats line 2's Prospecting: 1 collapsed.
        Assert.Equal((6L, 5L, 1L, 1L), (r.RowsRead, r.RowsAccepted, r.RowsFiltered, r.RowsCollapsed));
        // Primary contact roles only: 003Z's influencer role is left out.
        Assert.Equal((3L, 2L, 1L), (r.Joins[0].RowsRead, r.Joins[0].RowsKept, r.Joins[0].RowsFiltered));
        // Prospecting and Qualification are sql, Needs Analysis opportunity, Closed Won customer (the preset's value map):
        // the drafted rules name those canonical milestones.
        var stageOf = definition.Touchpoints.Where(t => t.When.Milestones is { Count: 1 }).ToDictionary(t => t.When.Milestones![0], t => t.Stage);
        Assert.Equal(("Consideration", "Consideration", "Purchase"), (stageOf["sql"], stageOf["opportunity"], stageOf["customer"]));
        // February 2026: 003X (006A: sql 02-01, opportunity 02-10, customer 02-20) and 003Y (006B: sql 02-03) enter
        // Consideration; 003X goes on to Purchase.
        Assert.Equal([2L, 1L], Journey.Load(folder.File("journey.json")).Funnel("2026-02").Stages.Select(s => s.Customers));
    }

    [Fact]
    public void Salesforce_files_named_otherwise_are_joined_by_their_columns_and_named_in_the_source()
    {
        using var folder = new TestFolder();
        var files = new[]
        {
            folder.Write("roles/opp-contact-roles.csv", ExportShapes.SalesforceContactRoles),
            folder.Write("history/opp-history-2026.csv", ExportShapes.SalesforceHistory),
            folder.Write("people/contacts.csv", ExportShapes.SalesforceContacts),
        };
        var (definition, sources, _) = InitAndValidate(folder, files);
        var source = Assert.Single(definition.Sources);
        Assert.Equal(new Dictionary<string, string> { ["OpportunityContactRole"] = "roles/opp-contact-roles.csv", ["Contact"] = "people/contacts.csv" }, source.JoinFiles);
        Assert.Equal(5L, sources.Reports[0].RowsAccepted);
    }

    [Fact]
    public void Salesforce_history_alone_is_refused_naming_the_files_to_give_with_it()
    {
        using var folder = new TestFolder();
        var (code, output, _) = Run("init", "--out", folder.File("journey.json"), folder.Write("OpportunityHistory.csv", ExportShapes.SalesforceHistory));
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("refused: Salesforce OpportunityHistory export: the rows name no OpportunityContactRole row to read the person from: give OpportunityContactRole.csv", output);
    }

    [Fact]
    public void A_fifo_is_refused_by_name()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TestFolder();
        var fifo = folder.File("pipe.csv");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        var (code, output, _) = Run("init", "--out", folder.File("journey.json"), fifo);
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("refused: is a named pipe (FIFO), not a regular file", output);
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
        var (code, output, error) = Run("report", "--config", folder.File("journey.json"), "--month", "2026-08", "--out", folder.Reports, "--format", "json");
        Assert.True(code == ExitCodes.Success, output + error);
        Assert.True(File.Exists(Path.Combine(folder.Reports, "2026-08", "summary.json")));
    }
}
