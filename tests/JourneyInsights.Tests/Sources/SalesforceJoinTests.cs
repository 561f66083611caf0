using System.Text;
using JourneyInsights.Definition;
using JourneyInsights.Sources;
using Microsoft.Data.Analysis;
using static JourneyInsights.Tests.Sources.SourceFixtures;

namespace JourneyInsights.Tests.Sources;

/// <summary>
/// Salesforce's data export: OpportunityHistory.csv (one row per field change) joined through OpportunityContactRole.csv
/// to Contact.csv, deleted rows filtered out, repeated stages collapsed.
/// </summary>
public class SalesforceJoinTests
{
    internal const string HistoryHeader = "Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,ExpectedRevenue,CloseDate,Probability,ForecastCategory,SystemModstamp,IsDeleted";

    // Line numbers as the loader counts them (line 1 is the header). Salesforce writes CR LF.
    internal static readonly string History = string.Join("\r\n",
        HistoryHeader,
        "008A1,006A,005U,2026-02-02T09:00:00.000+0000,Prospecting,1000,100,2026-04-30,10,Pipeline,2026-02-02T09:00:00.000+0000,false",            // 2
        "008A2,006A,005U,2026-02-05T14:30:00.000+0000,Prospecting,1500,150,2026-04-30,10,Pipeline,2026-02-05T14:30:00.000+0000,false",            // 3 amount change
        "008A3,006A,005U,2026-02-10T11:00:00.000+0000,Needs Analysis,1500,300,2026-04-30,20,Pipeline,2026-02-10T11:00:00.000+0000,false",         // 4
        "008A4,006A,005U,2026-02-12T08:00:00.000+0000,Proposal/Price Quote,1500,1125,2026-04-30,75,Commit,2026-02-12T08:00:00.000+0000,false",    // 5
        "008A5,006A,005U,2026-02-20T16:45:00.000+0000,Closed Won,1500,1500,2026-02-20,100,Closed,2026-02-20T16:45:00.000+0000,false",             // 6
        "008B1,006B,005U,2026-02-03T10:00:00.000+0000,Qualification,800,80,2026-05-31,10,Pipeline,2026-02-03T10:00:00.000+0000,false",            // 7
        "008B2,006B,005U,2026-02-04T10:00:00.000+0000,Qualification,900,90,2026-05-31,10,Pipeline,2026-02-04T10:00:00.000+0000,true",             // 8 deleted
        "008C1,006C,005U,2026-02-06T10:00:00.000+0000,Prospecting,500,50,2026-06-30,10,Pipeline,2026-02-06T10:00:00.000+0000,false",              // 9 no primary contact
        "008A0,006A,005U,2026-02-01T12:00:00.000+0000,Prospecting,1000,100,2026-04-30,10,Pipeline,2026-02-01T12:00:00.000+0000,false") + "\r\n"; // 10 earliest of 006A

    internal const string ContactRoles = "Id,OpportunityId,ContactId,IsPrimary,Role\r\n" +
        "00KA1,006A,003X,true,Decision Maker\r\n00KA2,006A,003Z,false,Influencer\r\n00KB1,006B,003Y,true,Economic Buyer\r\n00KC1,006C,003Z,false,Technical Buyer\r\n";

    internal const string Contacts = "Id,FirstName,LastName,Email,IsDeleted\r\n" +
        "003X,Ana,García,Ana.Garcia@Example.com,false\r\n003Y,Li,Wei,li.wei@example.com,false\r\n003Z,Sam,Roe,sam@example.com,false\r\n";

    private static SourceTable Load(TestFolder folder, string map = "salesforce-opportunity-history", string encoding = "utf-8", string extra = "")
    {
        var json = $$"""
        {
          "name": "sf",
          "sources": [ { "name": "crm", "kind": "Crm", "path": "export/OpportunityHistory.csv", "columnMap": "{{map}}", "encoding": "{{encoding}}"{{extra}} } ],
          "stages": [ { "name": "Qualified" }, { "name": "Opportunity" }, { "name": "Customer" } ],
          "touchpoints": []
        }
        """;
        return CsvSource.Load(JourneyDefinitionReader.Parse(json, folder.Path).Sources[0]);
    }

    [Fact]
    public void Three_files_join_deleted_rows_are_filtered_and_repeated_stages_collapse_into_stage_changes()
    {
        using var folder = new TestFolder();
        folder.Write("export/OpportunityHistory.csv", History);
        folder.Write("export/OpportunityContactRole.csv", ContactRoles);
        folder.Write("export/Contact.csv", Contacts);
        var table = Load(folder);
        var r = table.Report;

        // 9 rows read (lines 2-10). Rejected: line 8 (IsDeleted true, rule filter) and line 9 (006C has no primary contact
        // role, rule join): 2. Accepted 7. Of 006A's rows ordered by time, line 10 (02-01, sql) starts a run that lines 2
        // and 3 repeat, line 4 (Needs Analysis = opportunity) one that line 5 (Proposal/Price Quote = opportunity) repeats,
        // line 6 is customer: 3 collapsed. 006B: line 7 (sql). Left: lines 4, 6, 7, 10 (file order).
        Assert.Equal((9L, 7L, 2L), (r.RowsRead, r.RowsAccepted, r.RowsRejected));
        Assert.Equal((1L, 3L), (r.RowsFiltered, r.RowsCollapsed));
        Assert.Equal(4, table.RowCount);
        Assert.Equal([4L, 6L, 7L, 10L], ((PrimitiveDataFrameColumn<long>)table.Frame[CanonicalFields.Line]).Select(l => l!.Value).ToArray());
        Assert.Equal(["003X", "003X", "003Y", "003X"], ((StringDataFrameColumn)table.Frame["crm_id"]).ToArray());
        Assert.Equal(["opportunity", "customer", "sql", "sql"], ((StringDataFrameColumn)table.Frame["stage_name"]).ToArray());
        Assert.Equal([Utc(2026, 2, 10, 11, 0), Utc(2026, 2, 20, 16, 45), Utc(2026, 2, 3, 10, 0), Utc(2026, 2, 1, 12, 0)],
            ((PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"]).Select(t => t!.Value).ToArray());
        // E-mail through OpportunityContactRole.ContactId -> Contact.Id, normalised to lower case.
        Assert.Equal(["ana.garcia@example.com", "ana.garcia@example.com", "li.wei@example.com", "ana.garcia@example.com"],
            ((StringDataFrameColumn)table.Frame["email"]).ToArray());

        Assert.Equal([(8L, "IsDeleted", "filter", "true"), (9L, "OpportunityId", "join", "006C")],
            table.Rejected.Select(x => (x.Line, x.Column, x.Rule, x.Value)).ToArray());
        Assert.Equal("no OpportunityContactRole row in export/OpportunityContactRole.csv with OpportunityId = '006C' where IsPrimary in (true, 1)",
            table.Rejected[1].Reason);
        // Contact roles: 4 read, 2 kept (the primary roles of 006A and 006B), 2 left out by IsPrimary; contacts: 3 read, 3 kept.
        Assert.Equal([new JoinLoadReport("OpportunityContactRole", "export/OpportunityContactRole.csv", 4, 2, 2, 0, 0, 0),
                      new JoinLoadReport("Contact", "export/Contact.csv", 3, 3, 0, 0, 0, 0)], r.Joins);
    }

    [Fact]
    public void A_spanish_org_export_in_windows_1252_reads_its_stage_names_and_maps_them_to_canonical_milestones()
    {
        using var folder = new TestFolder();
        var cp1252 = CodePagesEncoding();
        folder.Write("export/OpportunityHistory.csv", string.Join("\r\n",
            HistoryHeader,
            "008A1,006A,005U,2026-03-02T09:00:00.000+0000,Prospección,1000,100,2026-04-30,10,Pipeline,2026-03-02T09:00:00.000+0000,false",
            "008A2,006A,005U,2026-03-09T09:00:00.000+0000,Negociación,1000,700,2026-04-30,70,Pipeline,2026-03-09T09:00:00.000+0000,false",
            "008A3,006A,005U,2026-03-10T09:00:00.000+0000,Negociación,1200,840,2026-04-30,70,Pipeline,2026-03-10T09:00:00.000+0000,false",
            "008A4,006A,005U,2026-03-20T15:00:00.000+0000,Cerrada ganada,1200,1200,2026-03-20,100,Closed,2026-03-20T15:00:00.000+0000,false") + "\r\n", cp1252);
        folder.Write("export/OpportunityContactRole.csv", ContactRoles, cp1252);
        folder.Write("export/Contact.csv", Contacts, cp1252);
        // The org's own map: the preset with its stage names (a copy a Spanish admin keeps beside the export).
        var preset = File.ReadAllText(Path.Combine(Repo.Root, "src/JourneyInsights/Sources/Presets/salesforce-opportunity-history.json"));
        var start = preset.IndexOf("\"valueMap\"", StringComparison.Ordinal);
        var end = preset.IndexOf('}', start) + 1;
        folder.Write("salesforce-es.json", preset[..start].Replace("\"salesforce-opportunity-history\"", "\"salesforce-es\"") +
            "\"valueMap\": { \"Prospección\": \"sql\", \"Negociación\": \"opportunity\", \"Cerrada ganada\": \"customer\" }" + preset[end..]);

        var table = Load(folder, map: "salesforce-es.json", encoding: "windows-1252");
        // Prospección 03-02 (sql), Negociación 03-09 (opportunity; 03-10 repeats it: collapsed), Cerrada ganada 03-20 (customer).
        Assert.Equal((4L, 4L, 1L), (table.Report.RowsRead, table.Report.RowsAccepted, table.Report.RowsCollapsed));
        Assert.Equal(["sql", "opportunity", "customer"], ((StringDataFrameColumn)table.Frame["stage_name"]).ToArray());
        Assert.Equal([Utc(2026, 3, 2, 9, 0), Utc(2026, 3, 9, 9, 0), Utc(2026, 3, 20, 15, 0)],
            ((PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"]).Select(t => t!.Value).ToArray());
    }

    [Fact]
    public void The_stage_changes_become_stage_entries_of_the_contacts_at_their_instants()
    {
        using var folder = new TestFolder();
        folder.Write("export/OpportunityHistory.csv", History);
        folder.Write("export/OpportunityContactRole.csv", ContactRoles);
        folder.Write("export/Contact.csv", Contacts);
        var definition = JourneyDefinitionReader.Parse("""
        {
          "name": "sf",
          "sources": [ { "name": "crm", "kind": "Crm", "path": "export/OpportunityHistory.csv", "columnMap": "salesforce-opportunity-history" } ],
          "stages": [ { "name": "Qualified" }, { "name": "Opportunity" }, { "name": "Customer" } ],
          "touchpoints": [
            { "name": "Sales qualified", "stage": "Qualified", "when": { "milestones": ["sql"] } },
            { "name": "Opportunity", "stage": "Opportunity", "when": { "milestones": ["opportunity"] } },
            { "name": "Won", "stage": "Customer", "when": { "milestones": ["customer"] } }
          ]
        }
        """, folder.Path);
        var data = Journey.FromSources(SourceSet.Load(definition)).Data;
        // Two contacts (003X through 006A's primary role, 003Y through 006B's); four milestones, worked out in the test above.
        Assert.Equal(2, data.Customers.Count);
        var entries = Enumerable.Range(0, data.Touchpoints.Count)
            .Select(i => (Customer: data.Touchpoints.Customer[i], Stage: data.Stages[data.Touchpoints.Stage[i]], Time: new DateTime(data.Touchpoints.Time[i], DateTimeKind.Utc)))
            .OrderBy(e => e.Time).ToList();
        Assert.Equal([("Qualified", Utc(2026, 2, 1, 12, 0)), ("Qualified", Utc(2026, 2, 3, 10, 0)), ("Opportunity", Utc(2026, 2, 10, 11, 0)), ("Customer", Utc(2026, 2, 20, 16, 45))],
            entries.Select(e => (e.Stage, e.Time)).ToArray());
        // 003X reaches sql, opportunity and customer; 003Y only sql.
        Assert.Equal(entries[0].Customer, entries[2].Customer);
        Assert.Equal(entries[0].Customer, entries[3].Customer);
        Assert.NotEqual(entries[0].Customer, entries[1].Customer);
    }

    private static Encoding CodePagesEncoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    [Fact]
    public void A_missing_joined_file_names_the_file_and_how_to_point_at_another()
    {
        using var folder = new TestFolder();
        folder.Write("export/OpportunityHistory.csv", History);
        folder.Write("export/OpportunityContactRole.csv", ContactRoles);
        var ex = Assert.Throws<SourceFileException>(() => Load(folder));
        Assert.StartsWith("export/Contact.csv: file not found", ex.Message);
        Assert.Contains("\"joinFiles\": { \"Contact\": \"...\" }", ex.Message);

        folder.Write("crm/contacts-2026-02.csv", Contacts);
        var table = Load(folder, extra: ", \"joinFiles\": { \"Contact\": \"crm/contacts-2026-02.csv\" }");
        Assert.Equal(new JoinLoadReport("Contact", "crm/contacts-2026-02.csv", 3, 3, 0, 0, 0, 0), table.Report.Joins[1]);
    }

    [Fact]
    public void A_windows_1252_contact_file_without_a_declared_encoding_stops_naming_file_line_and_byte_offset()
    {
        using var folder = new TestFolder();
        folder.Write("export/OpportunityHistory.csv", History);
        folder.Write("export/OpportunityContactRole.csv", ContactRoles);
        folder.Write("export/Contact.csv", Contacts, CodePagesEncoding());
        var ex = Assert.Throws<SourceFileException>(() => Load(folder));
        // The header "Id,FirstName,LastName,Email,IsDeleted" is 37 bytes + CR LF = 39; line 2 "003X,Ana,Garc" is 13 more:
        // the 'í' of García, byte 0xED in Windows-1252 and invalid alone in UTF-8, is at byte offset 52 on line 2.
        Assert.Equal(("export/Contact.csv", 2L), (ex.File, ex.Line));
        Assert.Contains("byte offset 52: the byte 0xED is not valid UTF-8", ex.Message);
        Assert.Contains("\"encoding\": \"windows-1252\"", ex.Message);
    }

    [Fact]
    public void Under_auto_every_file_of_the_join_falls_back_to_windows_1252_with_a_warning_naming_it()
    {
        using var folder = new TestFolder();
        var cp1252 = CodePagesEncoding();
        folder.Write("export/OpportunityHistory.csv", string.Join("\r\n",
            HistoryHeader,
            "008A1,006A,005U,2026-03-02T09:00:00.000+0000,Prospección,1000,100,2026-04-30,10,Pipeline,2026-03-02T09:00:00.000+0000,false",
            "008A2,006A,005U,2026-03-09T09:00:00.000+0000,Negociación,1000,700,2026-04-30,70,Pipeline,2026-03-09T09:00:00.000+0000,false") + "\r\n", cp1252);
        folder.Write("export/OpportunityContactRole.csv", ContactRoles, cp1252);
        folder.Write("export/Contact.csv", Contacts.Replace("Ana.Garcia@Example.com", "Ana.García@Example.com"), cp1252);
        var table = Load(folder, encoding: "auto");
        Assert.Equal((2L, 2L), (table.Report.RowsRead, table.Report.RowsAccepted));
        // Not in the preset's value map, the Spanish stage names stay as the file writes them, decoded right.
        Assert.Equal(["Prospección", "Negociación"], ((StringDataFrameColumn)table.Frame["stage_name"]).ToArray());
        // The e-mail comes through the join from Contact.csv, its 'í' decoded as Windows-1252 (and lower-cased).
        Assert.Equal("ana.garcía@example.com", ((StringDataFrameColumn)table.Frame["email"])[0]);
        var encodings = table.Report.Warnings.Where(w => w.Rule == "encoding").Select(w => w.Message).ToList();
        Assert.Equal(2, encodings.Count);
        Assert.StartsWith("the file is not valid UTF-8 and was read as Windows-1252", encodings[0]);
        Assert.StartsWith("the joined file export/Contact.csv is not valid UTF-8 and was read as Windows-1252", encodings[1]);
    }

    [Fact]
    public void A_join_file_named_for_an_unknown_join_is_a_definition_error()
    {
        using var folder = new TestFolder();
        var ex = Assert.Throws<JourneyDefinitionException>(() => Load(folder, extra: ", \"joinFiles\": { \"Contacts\": \"c.csv\" }"));
        Assert.Equal("$.sources[0].joinFiles.Contacts", ex.JsonPath);
        Assert.Contains("its joins: OpportunityContactRole, Contact", ex.Message);
    }
}
