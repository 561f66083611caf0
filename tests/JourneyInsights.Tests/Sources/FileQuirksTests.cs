using System.IO.Compression;
using System.Text;
using JourneyInsights.Sources;
using Microsoft.Data.Analysis;
using static JourneyInsights.Tests.Sources.SourceFixtures;

namespace JourneyInsights.Tests.Sources;

public class FileQuirksTests
{
    private const string Contacts = "crm_id;email;created_at;persona\n1;a@x.example;2026-01-02 03:04;Propriétaire\n2;b@x.example;2026-01-03T10:00:00+02:00;Agency\n";

    [Fact]
    public void Semicolon_delimiter_is_detected_when_not_configured()
    {
        using var folder = new TestFolder();
        folder.Write("contacts.csv", Contacts);
        var table = Load(folder, "Crm", "contacts.csv", "generic-contacts");
        Assert.Equal(2, table.Report.RowsAccepted);
        // An explicit offset wins over the source's time zone: 10:00+02:00 = 08:00Z.
        Assert.Equal(Utc(2026, 1, 3, 8, 0), ((PrimitiveDataFrameColumn<DateTime>)table.Frame["created_at"])[1]);
    }

    [Fact]
    public void Tab_delimited_files_read_when_configured()
    {
        using var folder = new TestFolder();
        folder.Write("contacts.tsv", Contacts.Replace(';', '\t'));
        var table = Load(folder, "Crm", "contacts.tsv", "generic-contacts", delimiter: "tab");
        Assert.Equal(2, table.Report.RowsAccepted);
    }

    [Fact]
    public void Gzipped_exports_are_read_transparently()
    {
        using var folder = new TestFolder();
        using (var gz = new GZipStream(File.Create(folder.File("contacts.csv.gz")), CompressionLevel.Optimal))
            gz.Write(Encoding.UTF8.GetBytes(Contacts));
        var table = Load(folder, "Crm", "contacts.csv.gz", "generic-contacts");
        Assert.Equal(["1", "2"], ((StringDataFrameColumn)table.Frame["crm_id"]).ToArray());
    }

    [Fact]
    public void Latin1_files_decode_accented_text()
    {
        using var folder = new TestFolder();
        folder.Write("contacts.csv", Contacts, Encoding.Latin1);
        var table = Load(folder, "Crm", "contacts.csv", "generic-contacts", encoding: "latin1");
        Assert.Equal("Propriétaire", ((StringDataFrameColumn)table.Frame["persona"])[0]);
    }

    [Fact]
    public void Empty_cells_are_nulls_not_rejections_unless_required()
    {
        using var folder = new TestFolder();
        folder.Write("contacts.csv", "crm_id,email,created_at,persona\n1,,,\n,b@x.example,,\n");
        var table = Load(folder, "Crm", "contacts.csv", "generic-contacts");
        Assert.Equal((2L, 1L, 1L), (table.Report.RowsRead, table.Report.RowsAccepted, table.Report.RowsRejected));
        Assert.Equal(("crm_id", "required", 3L), (table.Rejected[0].Column, table.Rejected[0].Rule, table.Rejected[0].Line));
        Assert.Null(((StringDataFrameColumn)table.Frame["email"])[0]);
    }

    [Fact]
    public void A_wrong_delimiter_stops_with_expected_and_found_columns_and_a_hint()
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", "event_timestamp;event_name;user_pseudo_id\n1772633100000000;page_view;1.1\n");
        var ex = Assert.Throws<SourceFileException>(() => Load(folder, "Analytics", "events.csv", "ga4", delimiter: ","));
        Assert.Equal(1, ex.Line);
        Assert.StartsWith("events.csv:1: header mismatch for column map 'ga4': missing 'event_timestamp', 'event_name', 'user_pseudo_id'", ex.Message);
        Assert.Contains("found: 'event_timestamp;event_name;user_pseudo_id'", ex.Message);
        Assert.Contains("looks ';'-delimited", ex.Message);
    }

    [Fact]
    public void A_missing_file_and_an_empty_file_stop_with_one_clear_message()
    {
        using var folder = new TestFolder();
        var missing = Assert.Throws<SourceFileException>(() => Load(folder, "Analytics", "nope.csv", "ga4"));
        Assert.StartsWith("nope.csv: file not found", missing.Message);
        folder.Write("empty.csv", "");
        var empty = Assert.Throws<SourceFileException>(() => Load(folder, "Analytics", "empty.csv", "ga4"));
        Assert.Contains("the file is empty", empty.Message);
    }

    [Fact]
    public void Salesforce_opportunity_history_rows_are_milestones()
    {
        using var folder = new TestFolder();
        folder.Write("opp.csv", "Id,OpportunityId,ContactId,StageName,Amount,CreatedDate\nh1,006A,003X,Prospecting,1200.50,2026-02-01T10:00:00.000Z\nh2,006A,003X,Closed Won,1200.50,2026-02-20T16:30:00.000+0000\nh3,006B,003Y,Closed Won,-5,2026-02-21T16:30:00.000Z\n");
        var table = Load(folder, "Crm", "opp.csv", "salesforce-opportunity-history-flat");
        Assert.Equal((3L, 2L), (table.Report.RowsRead, table.Report.RowsAccepted));
        Assert.Equal(("Amount", "range"), (table.Rejected[0].Column, table.Rejected[0].Rule));
        // Stage names become canonical milestones: Prospecting -> sql, Closed Won -> customer.
        Assert.Equal(["sql", "customer"], ((StringDataFrameColumn)table.Frame["stage_name"]).ToArray());
        Assert.Equal(Utc(2026, 2, 20, 16, 30), ((PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"])[1]);
    }

    [Fact]
    public void SurveyMonkey_exports_with_us_dates_and_an_answer_options_row_load()
    {
        using var folder = new TestFolder();
        folder.Write("sm.csv",
            "Respondent ID,Collector ID,Start Date,End Date,Email Address,Custom Data 1,How likely is it that you would recommend us to a friend or colleague?,Is there anything else you would like to tell us?\n" +
            ",,,,,,Response,Open-Ended Response\n" +
            "114,Post-purchase survey,03/04/2026 02:00:00 PM,03/04/2026 02:05:33 PM,x@y.example,500001,10,Love it\n");
        var table = Load(folder, "Survey", "sm.csv", "surveymonkey");
        Assert.Equal(1, table.Report.RowsAccepted);
        Assert.Equal(Utc(2026, 3, 4, 14, 5, 33), ((PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"])[0]);
        Assert.Equal(10, ((PrimitiveDataFrameColumn<int>)table.Frame["nps"])[0]);
    }
}

public class ReviewRegressionTests
{
    [Fact]
    public void Iso_times_without_offset_are_local_to_the_source_time_zone()
    {
        using var folder = new TestFolder();
        // 10:00 in New York on 2024-03-01 (EST, UTC-5) is 15:00Z, whatever the machine's zone; 'Z' and '+01:00' are honoured.
        folder.Write("e.csv", "timestamp,event,anonymous_id\n2024-03-01T10:00:00,v,a\n2024-03-01T10:00:00Z,v,b\n2024-03-01T10:00:00+01:00,v,c\n");
        var table = SourceFixtures.Load(folder, "Analytics", "e.csv", "generic-events", timeZone: "America/New_York");
        var ts = (Microsoft.Data.Analysis.PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"];
        Assert.Equal(new DateTime(2024, 3, 1, 15, 0, 0, DateTimeKind.Utc), ts[0]);
        Assert.Equal(new DateTime(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc), ts[1]);
        Assert.Equal(new DateTime(2024, 3, 1, 9, 0, 0, DateTimeKind.Utc), ts[2]);
    }

    [Fact]
    public void Local_times_around_daylight_saving_changes_convert_by_the_zone_rules_also_when_an_hour_repeats()
    {
        using var folder = new TestFolder();
        // New York 2026: clocks go 02:00 -> 03:00 on 8 March (EST UTC-5 -> EDT UTC-4) and 02:00 -> 01:00 on 1 November.
        // Each hour appears twice, so the second value of an hour is converted with what the first worked out.
        folder.Write("e.csv", "timestamp,event,anonymous_id\n" + string.Join("\n",
            "2026-03-08 01:30,v,a", "2026-03-08 01:45,v,a",   // EST: 06:30Z, 06:45Z
            "2026-03-08 02:30,v,a", "2026-03-08 02:45,v,a",   // in the gap: moved forward an hour, 03:30 / 03:45 EDT = 07:30Z, 07:45Z
            "2026-03-08 03:30,v,a", "2026-03-08 03:45,v,a",   // EDT: 07:30Z, 07:45Z
            "2026-11-01 01:10,v,a", "2026-11-01 01:30,v,a",   // in the overlap: the first (EDT) occurrence, 05:10Z, 05:30Z
            "2026-11-01 02:30,v,a", "2026-11-01 02:40,v,a",   // EST: 07:30Z, 07:40Z
            "2026-07-01 12:00,v,a", "2026-07-01 12:59,v,a") + "\n"); // EDT: 16:00Z, 16:59Z
        var table = SourceFixtures.Load(folder, "Analytics", "e.csv", "generic-events", timeZone: "America/New_York");
        var ts = (Microsoft.Data.Analysis.PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"];
        DateTime Z(int mo, int d, int h, int mi) => new(2026, mo, d, h, mi, 0, DateTimeKind.Utc);
        Assert.Equal([Z(3, 8, 6, 30), Z(3, 8, 6, 45), Z(3, 8, 7, 30), Z(3, 8, 7, 45), Z(3, 8, 7, 30), Z(3, 8, 7, 45),
                      Z(11, 1, 5, 10), Z(11, 1, 5, 30), Z(11, 1, 7, 30), Z(11, 1, 7, 40), Z(7, 1, 16, 0), Z(7, 1, 16, 59)],
            Enumerable.Range(0, 12).Select(i => ts[i]!.Value));
    }

    [Fact]
    public void A_broken_extra_header_row_does_not_swallow_the_first_response()
    {
        using var folder = new TestFolder();
        // Qualtrics' question-text row has 3 fields instead of 13: it is still a header row; both responses load.
        var header = "StartDate,EndDate,Status,ResponseId,RecordedDate,ExternalReference,RecipientEmail,SurveyName,Q_NPS,Q_CSAT,Q_CES,Q_Emotion,Q_Comment\n";
        folder.Write("s.csv", header + "a,b,c\n" + string.Join(",", Enumerable.Repeat("{}", 13)) + "\n" +
            ",,,R_1,2026-01-01 10:00:00,1,,S,9,,,,\n,,,R_2,2026-01-02 10:00:00,2,,S,8,,,,\n");
        var table = SourceFixtures.Load(folder, "Survey", "s.csv", "qualtrics");
        Assert.Equal((2L, 2L), (table.Report.RowsRead, table.Report.RowsAccepted));
    }

    [Fact]
    public void Unique_compares_typed_values()
    {
        using var folder = new TestFolder();
        folder.Write("c.csv", "crm_id,email\n7,a@x.example\n7 ,b@x.example\n");
        var table = SourceFixtures.Load(folder, "Crm", "c.csv", "generic-contacts");
        Assert.Equal(1, table.Report.RowsRejected);
        Assert.Equal("unique", table.Rejected[0].Rule);
    }

    [Fact]
    public void A_row_rejected_by_its_second_unique_column_leaves_no_trace_of_its_first()
    {
        using var folder = new TestFolder();
        folder.Write("map.json", """
            { "name": "accounts", "kind": "Crm", "columns": [
              { "field": "crm_id", "column": "id", "required": true, "unique": true },
              { "field": "email", "column": "email", "type": "Email", "unique": true } ] }
            """);
        // line 2 enters 1 and a@x; line 3 has a new id 2 but repeats a@x: rejected, so 2 counts as never seen; line 4's
        // id 2 is then its first appearance and accepted; line 5 repeats id 1 (the first column decides, first seen on line 2).
        folder.Write("c.csv", "id,email\n1,a@x.example\n2,A@x.example\n2,b@x.example\n1,c@x.example\n");
        var table = LoadCrm(folder);
        Assert.Equal((4L, 2L), (table.Report.RowsRead, table.Report.RowsAccepted));
        Assert.Equal([(3L, "email", "duplicate value; first seen on line 2"), (5L, "id", "duplicate value; first seen on line 2")],
            table.Rejected.Select(r => (r.Line, r.Column, r.Reason)));
        Assert.Equal(["1", "2"], Enumerable.Range(0, 2).Select(r => table.Text(CanonicalFields.CrmId)![r]));
    }

    /// <summary>Loads <c>c.csv</c> of <paramref name="folder"/> as a CRM source read with its <c>map.json</c>.</summary>
    private static SourceTable LoadCrm(TestFolder folder)
    {
        var json = """
            { "name": "t", "sources": [ { "name": "c", "kind": "Crm", "path": "c.csv", "columnMap": "map.json" } ],
              "stages": [ { "name": "A" } ], "touchpoints": [] }
            """;
        return CsvSource.Load(JourneyInsights.Definition.JourneyDefinitionReader.Parse(json, folder.Path).Sources[0]);
    }

    [Fact]
    public void Duplicates_count_as_one_reason_however_many_lines_they_were_first_seen_on()
    {
        using var folder = new TestFolder();
        folder.Write("map.json", """
            { "name": "accounts", "kind": "Crm", "columns": [ { "field": "crm_id", "column": "id", "required": true, "unique": true } ] }
            """);
        // Lines 2-4 enter ids 1, 2, 3; line 5 repeats 2 (first seen on line 3), line 6 repeats 1 (line 2), line 7 repeats 3
        // (line 4), line 8 is empty (required): 3 duplicates under one reason, first at line 5, and 1 required.
        folder.Write("c.csv", "id\n1\n2\n3\n2\n1\n3\n\"\"\n");
        var table = LoadCrm(folder);
        Assert.Equal((7L, 3L), (table.Report.RowsRead, table.Report.RowsAccepted));
        Assert.Equal([("unique", 3L, 5L), ("required", 1L, 8L)], table.Report.Reasons.Select(r => (r.Rule, r.Rows, r.FirstLine)));
        Assert.Equal("duplicate value (the rejected rows say where each value was first seen)", table.Report.Reasons[0].Reason);
        // Each row keeps its own reason, with the line its value was first seen on.
        Assert.Equal([(5L, "duplicate value; first seen on line 3"), (6L, "duplicate value; first seen on line 2"), (7L, "duplicate value; first seen on line 4")],
            table.Rejected.Where(r => r.Rule == "unique").Select(r => (r.Line, r.Reason)));
    }
}

public class MoreRejectionRuleTests
{
    [Fact]
    public void Require_any_of_and_malformed_quoting_are_rejection_reasons()
    {
        using var folder = new TestFolder();
        folder.Write("map.json", """
            { "name": "typeform", "kind": "Survey", "requireAnyOf": [["crm_id", "email"]], "columns": [
              { "field": "timestamp", "column": "Submitted At", "type": "DateTime", "required": true, "formats": ["yyyy-MM-dd HH:mm:ss"] },
              { "field": "crm_id", "column": "hidden_crm_id", "optional": true },
              { "field": "email", "column": "email", "type": "Email", "optional": true },
              { "field": "nps", "column": "nps", "type": "Integer", "min": 0, "max": 10 } ] }
            """);
        // line 2 ok; line 3 has neither id nor e-mail; line 4 has text after a closing quote.
        folder.Write("tf.csv", "Submitted At,hidden_crm_id,email,nps\n2026-01-01 10:00:00,5,,9\n2026-01-01 11:00:00,,,7\n2026-01-01 12:00:00,\"6\"x,,8\n");
        var json = $$"""
            { "name": "t", "sources": [ { "name": "tf", "kind": "Survey", "path": "tf.csv", "columnMap": "map.json" } ],
              "stages": [ { "name": "A" } ], "touchpoints": [] }
            """;
        var table = CsvSource.Load(JourneyInsights.Definition.JourneyDefinitionReader.Parse(json, folder.Path).Sources[0]);
        Assert.Equal((3L, 1L, 2L), (table.Report.RowsRead, table.Report.RowsAccepted, table.Report.RowsRejected));
        var byLine = table.Rejected.ToDictionary(r => r.Line);
        Assert.Equal(("required-any", "hidden_crm_id / email"), (byLine[3].Rule, byLine[3].Column));
        Assert.Equal("malformed", byLine[4].Rule);
        Assert.Contains("TextAfterClosingQuote", byLine[4].Reason);
    }
}
