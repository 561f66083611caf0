using JourneyInsights.Definition;
using JourneyInsights.Sources;
using static JourneyInsights.Tests.Sources.SourceFixtures;

namespace JourneyInsights.Tests.Sources;

/// <summary>
/// A source whose path is a glob (<c>exports/events_*.csv</c>, as GA4's BigQuery exports come month by month): every
/// matching file is read as its own export, in name order, into one table that behaves as if the files were one.
/// </summary>
public class GlobSourceTests
{
    // GA4 BigQuery export flattened to CSV, one file per month. April's export lists its columns in another order: each
    // file is read with its own header.
    internal const string March = """
        event_date,event_timestamp,event_name,user_pseudo_id,user_id,page_location,traffic_source,traffic_medium,device_category,country,session_id
        20260304,1772633100000000,first_visit,111.222,,https://www.northwind-cloud.example/,google,organic,desktop,US,1772633100
        20260304,1772633160000000,page_view,,,https://www.northwind-cloud.example/pricing,google,organic,desktop,US,1772633100

        """;
    internal const string April = """
        event_name,event_timestamp,event_date,user_pseudo_id,user_id,page_location,traffic_source,traffic_medium,device_category,country,session_id
        page_view,1775052000000000,20260401,111.222,,https://www.northwind-cloud.example/pricing,google,organic,desktop,US,1775052000
        purchase,1775055600000000,20260401,111.222,500001,https://www.northwind-cloud.example/checkout/confirmation/,(direct),(none),desktop,US,1775052000

        """;

    private static SourceDefinition Glob(TestFolder folder, string kind, string path, string map) => JourneyDefinitionReader.Parse($$"""
        { "name": "fixture", "sources": [ { "name": "src", "kind": "{{kind}}", "path": "{{path}}", "columnMap": "{{map}}" } ],
          "stages": [ { "name": "Awareness" } ], "touchpoints": [] }
        """, folder.Path).Sources[0];

    [Fact]
    public void Matching_files_are_read_in_name_order_each_with_its_own_header_into_one_table()
    {
        using var folder = new TestFolder();
        folder.Write("exports/events_2026-04.csv", April); // written first: the order comes from the names, not the folder
        folder.Write("exports/events_2026-03.csv", March);
        folder.Write("exports/events_2026-03.csv.bak", March); // does not end in .csv: not matched
        folder.Write("exports/sessions.csv", March);           // does not start with events_: not matched
        var table = CsvSource.Load(Glob(folder, "Analytics", "exports/events_*.csv", "ga4"));

        var r = table.Report;
        Assert.Equal("exports/events_*.csv", r.File);
        Assert.Equal(["exports/events_2026-03.csv", "exports/events_2026-04.csv"], r.Files.Select(f => f.File).ToArray());
        // March: 2 rows, line 3 has no user_pseudo_id; April: 2 rows, both good. Source: 4 read = 3 accepted + 1 rejected.
        Assert.Equal((2L, 1L, 1L), (r.Files[0].RowsRead, r.Files[0].RowsAccepted, r.Files[0].RowsRejected));
        Assert.Equal((2L, 2L, 0L), (r.Files[1].RowsRead, r.Files[1].RowsAccepted, r.Files[1].RowsRejected));
        Assert.Equal((4L, 3L, 1L), (r.RowsRead, r.RowsAccepted, r.RowsRejected));
        Assert.Equal(new FileInfo(folder.File("exports/events_2026-03.csv")).Length + new FileInfo(folder.File("exports/events_2026-04.csv")).Length, r.Bytes);
        Assert.Equal(folder.File("exports/events_2026-04.csv"), r.Files[1].FullPath);

        var rejected = Assert.Single(table.Rejected);
        Assert.Equal(("exports/events_2026-03.csv", 3L, "user_pseudo_id", "required"), (rejected.File, rejected.Line, rejected.Column, rejected.Rule));
        var reason = Assert.Single(r.Reasons);
        Assert.Equal("line 3 of exports/events_2026-03.csv", reason.FirstPlace);

        // Rows in file order: 1772633100 s = 2026-03-04T14:05Z; 1775052000 s = that + 28 days (2,419,200 s) - 300 s = 2026-04-01T14:00Z;
        // 1775055600 s = 15:00Z. Lines restart in each file (2, then 2 and 3).
        Assert.Equal([Utc(2026, 3, 4, 14, 5), Utc(2026, 4, 1, 14, 0), Utc(2026, 4, 1, 15, 0)],
            Enumerable.Range(0, 3).Select(i => table.Values<DateTime>(CanonicalFields.Timestamp)![i]!.Value).ToArray());
        Assert.Equal([2L, 2L, 3L], Enumerable.Range(0, 3).Select(i => table.Values<long>(CanonicalFields.Line)![i]!.Value).ToArray());
        Assert.Equal(["first_visit", "page_view", "purchase"], Enumerable.Range(0, 3).Select(i => table.Text(CanonicalFields.Event)![i]!).ToArray());
        Assert.Equal((Utc(2026, 3, 4, 14, 5), Utc(2026, 4, 1, 15, 0)), (r.FirstTimestamp!.Value, r.LastTimestamp!.Value));
    }

    [Theory]
    [InlineData("events_*.csv", "events_2026-03.csv", true)]
    [InlineData("events_*.csv", "events_.csv", true)]             // * matches no character too
    [InlineData("events_*.csv", "events_2026-03.csv.gz", false)]
    [InlineData("events_*.csv*", "events_2026-03.csv.gz", true)]
    [InlineData("events_2026-0?.csv", "events_2026-03.csv", true)]
    [InlineData("events_2026-0?.csv", "events_2026-10.csv", false)] // ? is exactly one character
    [InlineData("events_2026-0?.csv", "events_2026-0.csv", false)]
    [InlineData("*_*.csv", "a_b_c.csv", true)]
    [InlineData("*.csv", "README.md", false)]
    public void Star_is_any_run_of_characters_and_question_mark_exactly_one(string pattern, string name, bool matches) =>
        Assert.Equal(matches, SourceFiles.Matches(pattern, name));

    [Fact]
    public void A_pattern_matching_no_file_is_an_error_naming_the_pattern_and_the_folder()
    {
        using var folder = new TestFolder();
        folder.Write("exports/events_2026-03.csv", March);
        var ex = Assert.Throws<SourceFileException>(() => CsvSource.Load(Glob(folder, "Analytics", "exports/events_*.csv.gz", "ga4")));
        Assert.Equal("exports/events_*.csv.gz", ex.File);
        Assert.Contains("no file matches the pattern 'events_*.csv.gz'", ex.Message);
        Assert.Contains(folder.File("exports"), ex.Message);

        ex = Assert.Throws<SourceFileException>(() => CsvSource.Load(Glob(folder, "Analytics", "export*/events_2026-03.csv", "ga4")));
        Assert.Contains("only in the file name", ex.Message);
        ex = Assert.Throws<SourceFileException>(() => CsvSource.Load(Glob(folder, "Analytics", "missing/events_*.csv", "ga4")));
        Assert.Contains("does not exist", ex.Message);
    }

    // HubSpot contact exports, one per month; Record ID is unique in the hubspot preset.
    internal const string ContactsMarch = """
        Record ID,Email,Lifecycle Stage,Create Date,Became a Lead Date,Persona,Country/Region
        500001,jane@example.com,lead,2026-03-04 09:05,2026-03-04 09:05,Agency,United States
        500002,bob@example.com,lead,2026-03-08 10:30,2026-03-08 10:30,Agency,Germany

        """;
    internal const string ContactsApril = """
        Record ID,Email,Lifecycle Stage,Create Date,Became a Lead Date,Persona,Country/Region
        500003,carol@example.com,lead,2026-04-02 10:00,2026-04-02 10:00,Agency,France
        500001,jane.doe@example.com,customer,2026-04-03 10:00,2026-04-03 10:00,Agency,United States

        """;

    [Fact]
    public void A_unique_value_seen_in_an_earlier_file_is_a_duplicate_naming_both_files_and_lines()
    {
        using var folder = new TestFolder();
        folder.Write("crm_2026-03.csv", ContactsMarch);
        folder.Write("crm_2026-04.csv", ContactsApril);
        var table = CsvSource.Load(Glob(folder, "Crm", "crm_*.csv", "hubspot"));

        // 500001 is on line 2 of March's file and again on line 3 of April's: the second is rejected, as it would be in one file.
        var duplicate = Assert.Single(table.Rejected);
        Assert.Equal(("crm_2026-04.csv", 3L, "Record ID", "500001", "unique"), (duplicate.File, duplicate.Line, duplicate.Column, duplicate.Value, duplicate.Rule));
        Assert.Equal("duplicate value; first seen on line 2 of crm_2026-03.csv", duplicate.Reason);
        // 4 read = 3 accepted (500001, 500002, 500003) + 1 rejected; April: 2 read = 1 + 1.
        Assert.Equal((4L, 3L, 1L), (table.Report.RowsRead, table.Report.RowsAccepted, table.Report.RowsRejected));
        Assert.Equal((2L, 1L, 1L), (table.Report.Files[1].RowsRead, table.Report.Files[1].RowsAccepted, table.Report.Files[1].RowsRejected));
        Assert.Equal(["500001", "500002", "500003"], Enumerable.Range(0, 3).Select(i => table.Text(CanonicalFields.CrmId)![i]!).ToArray());

        // Strict mode stops at the same row: the first rejected one in file order, then line order.
        var ex = Assert.Throws<DataQualityException>(() => CsvSource.Load(Glob(folder, "Crm", "crm_*.csv", "hubspot"), new LoadOptions(Strict: true)));
        Assert.Equal(("crm_2026-04.csv", 3L), (ex.Row.File, ex.Row.Line));
    }
}
