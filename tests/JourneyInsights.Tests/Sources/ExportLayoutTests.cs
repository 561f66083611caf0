using System.Text;
using JourneyInsights.Definition;
using JourneyInsights.Sources;
using Microsoft.Data.Analysis;
using static JourneyInsights.Tests.Sources.SourceFixtures;

namespace JourneyInsights.Tests.Sources;

/// <summary>Encodings, header location and date formats: found from the file or declared in the map, never guessed silently.</summary>
public class EncodingTests
{
    private static readonly Encoding Windows1252 = GetWindows1252();

    private static Encoding GetWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    private const string Contacts = "crm_id,email,persona\n1,a@x.example,Negociación\n";

    [Fact]
    public void Windows_1252_read_as_utf_8_is_an_error_naming_line_and_byte_offset()
    {
        using var folder = new TestFolder();
        folder.Write("contacts.csv", Contacts, Windows1252);
        var ex = Assert.Throws<SourceFileException>(() => Load(folder, "Crm", "contacts.csv", "generic-contacts"));
        // "crm_id,email,persona\n" is 21 bytes, "1,a@x.example," 14, "Negociaci" 9: the 'ó' (0xF3) is byte 44, on line 2.
        Assert.Equal(2, ex.Line);
        Assert.Contains("byte offset 44", ex.Message);
        Assert.Contains("0xF3", ex.Message);
        Assert.Contains("\"encoding\": \"windows-1252\"", ex.Message);
    }

    [Fact]
    public void An_invalid_byte_beyond_the_sampled_head_stops_the_load_with_its_line_and_offset()
    {
        using var folder = new TestFolder();
        // Header and 60,000 rows of 21 bytes each: 21 x 60,001 = 1,260,021 bytes, past the 1 MiB sample.
        var text = new StringBuilder("crm_id,email,persona\n");
        for (var i = 0; i < 60_000; i++) text.Append(i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Append(",a@x.example,P\n");
        text.Append("999999,a@x.example,Negociación\n");
        folder.Write("contacts.csv", text.ToString(), Windows1252);
        var ex = Assert.Throws<SourceFileException>(() => Load(folder, "Crm", "contacts.csv", "generic-contacts"));
        // The bad row is line 60,002; its 'ó' is at 1,260,021 + 19 ("999999,a@x.example,") + 9 ("Negociaci") = 1,260,049.
        Assert.Equal(60_002, ex.Line);
        Assert.Contains("byte offset 1260049", ex.Message);
        Assert.Contains("windows-1252", ex.Message);
    }

    [Fact]
    public void Auto_falls_back_to_windows_1252_with_a_warning()
    {
        using var folder = new TestFolder();
        folder.Write("contacts.csv", Contacts, Windows1252);
        var table = Load(folder, "Crm", "contacts.csv", "generic-contacts", encoding: "auto");
        Assert.Equal("Negociación", ((StringDataFrameColumn)table.Frame["persona"])[0]);
        Assert.Contains(table.Report.Warnings, w => w.Rule == "encoding" && w.Message.Contains("Windows-1252"));
    }

    [Fact]
    public void Auto_reads_valid_utf_8_as_utf_8_without_a_warning()
    {
        using var folder = new TestFolder();
        folder.Write("contacts.csv", Contacts);
        var table = Load(folder, "Crm", "contacts.csv", "generic-contacts", encoding: "auto");
        Assert.Equal("Negociación", ((StringDataFrameColumn)table.Frame["persona"])[0]);
        Assert.DoesNotContain(table.Report.Warnings, w => w.Rule == "encoding");
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void Utf_16_with_a_byte_order_mark_is_read_whatever_the_declared_encoding(string encoding)
    {
        using var folder = new TestFolder();
        folder.Write("contacts.csv", Contacts, new UnicodeEncoding(bigEndian: encoding == "utf-16be", byteOrderMark: true));
        var table = Load(folder, "Crm", "contacts.csv", "generic-contacts");
        Assert.Equal("Negociación", ((StringDataFrameColumn)table.Frame["persona"])[0]);
        Assert.Equal(["1"], ((StringDataFrameColumn)table.Frame["crm_id"]).ToArray());
    }

    [Fact]
    public void Utf_16_without_a_byte_order_mark_is_recognised_and_the_encoding_to_declare_is_named()
    {
        using var folder = new TestFolder();
        folder.Write("contacts.csv", Contacts, new UnicodeEncoding(bigEndian: false, byteOrderMark: false));
        var ex = Assert.Throws<SourceFileException>(() => Load(folder, "Crm", "contacts.csv", "generic-contacts"));
        Assert.Contains("UTF-16 little-endian without a byte-order mark", ex.Message);
        Assert.Contains("\"encoding\": \"utf-16le\"", ex.Message);
        var declared = Load(folder, "Crm", "contacts.csv", "generic-contacts", encoding: "utf-16");
        Assert.Equal("Negociación", ((StringDataFrameColumn)declared.Frame["persona"])[0]);
        var auto = Load(folder, "Crm", "contacts.csv", "generic-contacts", encoding: "auto");
        Assert.Contains(auto.Report.Warnings, w => w.Rule == "encoding" && w.Message.Contains("utf-16le"));
    }
}

public class HeaderLocationTests
{
    private static SourceTable LoadWithMap(TestFolder folder, string mapJson, string file)
    {
        folder.Write("map.json", mapJson);
        return Load(folder, "Analytics", file, "map.json");
    }

    private const string Columns = """
        "columns": [
          { "field": "timestamp", "column": "time", "type": "DateTime", "required": true, "formats": ["yyyy-MM-dd HH:mm"] },
          { "field": "event", "column": "event", "required": true },
          { "field": "anonymous_id", "column": "visitor", "required": true } ]
        """;

    [Fact]
    public void Preambles_are_found_by_prefix_by_declared_header_row_and_by_the_required_columns()
    {
        using var folder = new TestFolder();
        // Lines 1-3 are a preamble; the header is line 4; line 6 has no visitor.
        folder.Write("e.csv", "# Exported 2026-03-05\n# by Tool\n#\ntime,event,visitor\n2026-03-04 10:00,view,v1\n2026-03-04 10:01,view,\n");
        folder.Write("f.csv", "Report: visits\nAccount: Demo\n\ntime,event,visitor\n2026-03-04 10:00,view,v1\n2026-03-04 10:01,view,\n");
        foreach (var (map, file) in new[]
        {
            ($$"""{ "name": "m", "kind": "Analytics", "commentPrefix": "#", {{Columns}} }""", "e.csv"),
            ($$"""{ "name": "m", "kind": "Analytics", "headerRow": 4, {{Columns}} }""", "f.csv"),
            ($$"""{ "name": "m", "kind": "Analytics", {{Columns}} }""", "f.csv"),
            ($$"""{ "name": "m", "kind": "Analytics", {{Columns}} }""", "e.csv"),
        })
        {
            var table = LoadWithMap(folder, map, file);
            Assert.Equal((2L, 1L), (table.Report.RowsRead, table.Report.RowsAccepted));
            Assert.Equal(5L, ((PrimitiveDataFrameColumn<long>)table.Frame[CanonicalFields.Line])[0]);
            Assert.Equal((6L, "visitor", "required"), (table.Rejected[0].Line, table.Rejected[0].Column, table.Rejected[0].Rule));
        }
    }

    [Fact]
    public void A_header_name_written_twice_is_a_warning_saying_which_is_read()
    {
        using var folder = new TestFolder();
        folder.Write("c.csv", "crm_id,email,Email,lead\n1,a@x.example,b@x.example,2026-01-02\n");
        var table = Load(folder, "Crm", "c.csv", "generic-contacts");
        Assert.Equal("a@x.example", ((StringDataFrameColumn)table.Frame["email"])[0]);
        var w = Assert.Single(table.Report.Warnings, w => w.Rule == "duplicate-header");
        Assert.Contains("columns 2, 3", w.Message);
        Assert.Contains("the first (column 2) is read", w.Message);
    }
}

public class DateInferenceTests
{
    private static SourceTable LoadDates(TestFolder folder, string rows) => LoadWith(folder, rows, "");

    private static SourceTable LoadWith(TestFolder folder, string rows, string formats)
    {
        folder.Write("map.json", $$"""
            { "name": "m", "kind": "Survey", "columns": [
              { "field": "timestamp", "column": "submitted", "type": "DateTime", "required": true{{formats}} },
              { "field": "nps", "column": "nps", "type": "Integer", "optional": true } ] }
            """);
        folder.Write("s.csv", "submitted,nps\n" + rows);
        return Load(folder, "Survey", "s.csv", "map.json");
    }

    [Fact]
    public void An_ambiguous_sample_is_an_error_naming_the_column_and_asking_for_the_format()
    {
        using var folder = new TestFolder();
        var ex = Assert.Throws<SourceFileException>(() => LoadDates(folder, "03/04/2026 10:00,9\n05/06/2026 11:00,7\n"));
        Assert.Equal(2, ex.Line);
        Assert.Contains("column 'submitted'", ex.Message);
        Assert.Contains("'03/04/2026 10:00' (line 2) reads as 2026-03-04", ex.Message);
        Assert.Contains("or as 2026-04-03", ex.Message);
        Assert.Contains("\"formats\": [\"M/d/yyyy H:mm\"]", ex.Message);
    }

    [Fact]
    public void One_day_after_the_twelfth_decides_day_first_for_the_whole_column()
    {
        using var folder = new TestFolder();
        // 13/04/2026 can only be 13 April, so 03/04/2026 is 3 April.
        var table = LoadDates(folder, "03/04/2026 10:00,9\n13/04/2026 11:00,7\n");
        var ts = (PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"];
        Assert.Equal([Utc(2026, 4, 3, 10, 0), Utc(2026, 4, 13, 11, 0)], ts.Select(t => t!.Value).ToArray());
    }

    [Fact]
    public void A_declared_format_is_taken_as_given()
    {
        using var folder = new TestFolder();
        var table = LoadWith(folder, "03/04/2026 10:00,9\n", ", \"formats\": [\"MM/dd/yyyy HH:mm\"]");
        Assert.Equal(Utc(2026, 3, 4, 10, 0), ((PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"])[0]);
    }

    [Fact]
    public void Inference_is_public_for_journey_init()
    {
        var choice = DateFormats.Infer([("2026-03-04 10:00:00", 2), ("2026-03-05 11:30:00", 3)], DateFormats.CommonDateTimeFormats);
        Assert.Null(choice.Ambiguity);
        Assert.Equal("yyyy-MM-dd HH:mm:ss", choice.Formats[0]);
        var ambiguous = DateFormats.Infer([("3/4/26 14:05", 7)], ["M/d/yy H:mm", "d/M/yy H:mm"]);
        Assert.Equal(("3/4/26 14:05", 7L, "M/d/yy H:mm", "d/M/yy H:mm"), (ambiguous.Ambiguity!.Value, ambiguous.Ambiguity.Line, ambiguous.Ambiguity.MonthFirst, ambiguous.Ambiguity.DayFirst));
    }
}

public class CanonicalMilestoneTests
{
    [Fact]
    public void Old_milestone_names_in_rules_and_maps_still_work_with_a_notice()
    {
        using var folder = new TestFolder();
        folder.Write("map.json", """
            { "name": "crm", "kind": "Crm", "columns": [
              { "field": "crm_id", "column": "id", "required": true },
              { "field": "became_customer", "column": "won", "type": "DateTime", "milestone": true, "optional": true } ] }
            """);
        var definition = JourneyDefinitionReader.Parse("""
            { "name": "j", "sources": [ { "name": "crm", "kind": "Crm", "path": "c.csv", "columnMap": "map.json" } ],
              "stages": [ { "name": "Lead" }, { "name": "Customer" } ],
              "touchpoints": [
                { "name": "Lead", "stage": "Lead", "when": { "milestones": ["became_lead", "mql"] } },
                { "name": "Won", "stage": "Customer", "when": { "milestones": ["became_customer"] } } ] }
            """, folder.Path);
        Assert.Equal(["lead", "mql"], definition.Touchpoints[0].When.Milestones);
        Assert.Equal(["customer"], definition.Touchpoints[1].When.Milestones);
        Assert.Equal("customer", definition.Sources[0].Map.Columns[1].Field);
        Assert.Equal(3, definition.Notices.Count);
        Assert.Contains(definition.Notices, n => n.Contains("$.touchpoints[0].when.milestones[0]: 'became_lead' is the old name of the canonical milestone 'lead'"));
        Assert.Contains(definition.Notices, n => n.Contains("$.sources[0].columnMap.columns[1].field: 'became_customer'"));
    }

    [Fact]
    public void The_sample_definition_names_canonical_milestones_only()
    {
        var definition = JourneyDefinition.Load(Path.Combine(Repo.Root, "data-samples", "journey.json"));
        Assert.Empty(definition.Notices);
        var named = definition.Touchpoints.SelectMany(t => t.When.Milestones ?? []).ToHashSet();
        Assert.Subset(CanonicalFields.Milestones.ToHashSet(), named);
    }
}
