using System.Text;
using JourneyInsights.Sources;
using JourneyInsights.Tests.Definition;

namespace JourneyInsights.Tests.Sources;

/// <summary>What the recogniser makes of each hand-written vendor shape, and of files it must refuse.</summary>
public class ExportRecognitionTests
{
    private static ExportRecognition Recognize(TestFolder folder, string name, string content, Encoding? encoding = null) =>
        ExportRecognizer.Recognize(folder.Write(name, content, encoding));

    private static SourceTable LoadAsDrafted(ExportRecognition r, TestFolder folder) => CsvSource.Load(r.ToSource("src", folder.Path));

    [Fact]
    public void Ga4_integer_micros_with_source_and_medium_columns()
    {
        using var folder = new TestFolder();
        var r = Recognize(folder, "events.csv", ExportShapes.Ga4Micros);
        Assert.True(r.Recognised, r.Refusal);
        Assert.Equal(("GA4 BigQuery event export", SourceKind.Analytics), (r.Layout, r.Kind));
        Assert.Equal("UTC", r.TimeZone);
        var table = LoadAsDrafted(r, folder);
        Assert.Equal((7L, 7L), (table.Report.RowsRead, table.Report.RowsAccepted));
        var time = table.Values<DateTime>("timestamp")!;
        // 1772359200000000 µs = 2026-03-01T10:00:00Z; 1772359200250000 is 0.25 s later.
        Assert.Equal(new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc), time[0]);
        Assert.Equal(new DateTime(2026, 3, 1, 10, 0, 0, 250, DateTimeKind.Utc), time[1]);
        // source/medium come from the columns named 'source' and 'medium', whatever the preset calls them.
        Assert.Equal("google", table.Text("source")![0]);
        Assert.Equal("(none)", table.Text("medium")![4]);
        Assert.Equal("/pricing", table.Text("page")![2]);
    }

    [Fact]
    public void Ga4_text_timestamps_load_to_the_microsecond()
    {
        using var folder = new TestFolder();
        var r = Recognize(folder, "events.csv", ExportShapes.Ga4TextTimestamps);
        Assert.True(r.Recognised, r.Refusal);
        var table = LoadAsDrafted(r, folder);
        Assert.Equal((4L, 4L), (table.Report.RowsRead, table.Report.RowsAccepted));
        var time = table.Values<DateTime>("timestamp")!;
        // .123456 s = 1,234,560 ticks of 100 ns; .5 s = 5,000,000 ticks.
        Assert.Equal(new DateTime(2021, 1, 31, 12, 34, 56, DateTimeKind.Utc).AddTicks(1_234_560), time[0]);
        Assert.Equal(new DateTime(2021, 1, 31, 12, 35, 10, DateTimeKind.Utc).AddTicks(5_000_000), time[2]);
        Assert.Equal(new DateTime(2021, 1, 31, 12, 40, 0, DateTimeKind.Utc), time[3]);
        Assert.Equal("cpc", table.Text("medium")![0]);
    }

    [Fact]
    public void HubSpot_current_export_keeps_every_lifecycle_date()
    {
        using var folder = new TestFolder();
        var r = Recognize(folder, "contacts.csv", ExportShapes.HubSpotContacts);
        Assert.True(r.Recognised, r.Refusal);
        Assert.Equal(SourceKind.Crm, r.Kind);
        // Preset or inline map, the four 'Date entered' columns of the file are milestones.
        var header = ExportShapes.HubSpotContacts.Split('\n')[0];
        var milestones = r.Map!.Columns.Where(c => c.Milestone && header.Contains($"\"{c.Column.Replace("\"", "\"\"")}\"")).ToDictionary(c => c.Column, c => c.Field);
        Assert.Equal(4, milestones.Count);
        var table = LoadAsDrafted(r, folder);
        // lead, mql, sql and customer are in the file; the preset's opportunity and evangelist columns are not (warned).
        Assert.Equal(4, milestones.Keys.Count(c => !table.Report.Warnings.Any(w => w.Rule == "missing-column" && w.Column == c)));
        // 4 contacts, all accepted: the UI labels 'Customer', 'Marketing Qualified Lead' and the internal name are all valid stages.
        Assert.Equal((4L, 4L), (table.Report.RowsRead, table.Report.RowsAccepted));
        long Dated(string column)
        {
            var values = table.Values<DateTime>(milestones[column])!;
            return Enumerable.Range(0, 4).Count(i => values[i] is not null);
        }
        Assert.Equal(4, Dated("Date entered \"Lead (Lifecycle Stage Pipeline)\""));
        Assert.Equal(3, Dated("Date entered \"Marketing Qualified Lead (Lifecycle Stage Pipeline)\"")); // 101, 102, 104
        Assert.Equal(1, Dated("Date entered \"Sales Qualified Lead (Lifecycle Stage Pipeline)\""));      // 101
        Assert.Equal(1, Dated("Date entered \"Customer (Lifecycle Stage Pipeline)\""));                  // 101
        Assert.Equal("Organic Search", table.Text("original_source")![0]);
    }

    [Fact]
    public void Qualtrics_three_header_rows_time_zone_and_questions_found_by_their_text()
    {
        using var folder = new TestFolder();
        var r = Recognize(folder, "responses.csv", ExportShapes.QualtricsResponses);
        Assert.True(r.Recognised, r.Refusal);
        Assert.Equal(("America/Denver", true), (r.TimeZone, r.TimeZoneFromFile));
        Assert.Equal(2, r.Map!.ExtraHeaderRows);
        Assert.Equal("Q1", r.Map.Columns.Single(c => c.Field == "nps").Column);
        var table = LoadAsDrafted(r, folder);
        Assert.Equal((3L, 3L), (table.Report.RowsRead, table.Report.RowsAccepted));
        // 2026-03-05 09:15:02 in Denver: before the 8 March DST change, MST = UTC-7, so 16:15:02Z.
        Assert.Equal(new DateTime(2026, 3, 5, 16, 15, 2, DateTimeKind.Utc), table.Values<DateTime>("timestamp")![0]);
        Assert.Equal([9, 3, 10], Enumerable.Range(0, 3).Select(i => table.Values<int>("nps")![i]!.Value));
        Assert.Equal(2, table.Values<int>("csat")![1]);
        Assert.Equal("Très lent", table.Text("comment")![1]);
        Assert.Equal("101", table.Text("crm_id")![0]);
    }

    [Fact]
    public void SurveyMonkey_two_header_rows_read_with_the_preset_as_it_is()
    {
        using var folder = new TestFolder();
        var r = Recognize(folder, "sm.csv", ExportShapes.SurveyMonkeyResponses);
        Assert.True(r.Recognised, r.Refusal);
        Assert.Equal("surveymonkey", r.Preset);
        var table = LoadAsDrafted(r, folder);
        Assert.Equal((3L, 3L), (table.Report.RowsRead, table.Report.RowsAccepted));
        // 03/05/2026 01:07:00 PM, month-first = 5 March 2026 13:07 (UTC assumed).
        Assert.Equal(new DateTime(2026, 3, 5, 13, 7, 0, DateTimeKind.Utc), table.Values<DateTime>("timestamp")![1]);
        Assert.Equal("431000002", table.Text("survey")![2]);
    }

    [Fact]
    public void SurveyMonkey_resaved_by_a_spreadsheet_reads_its_short_us_dates()
    {
        using var folder = new TestFolder();
        var resaved = ExportShapes.SurveyMonkeyResponses
            .Replace("03/04/2026 09:18:40 AM", "3/4/26 9:18").Replace("03/05/2026 01:07:00 PM", "3/5/26 13:07").Replace("03/14/2026 11:05:59 PM", "3/14/26 23:05");
        var r = Recognize(folder, "sm.csv", resaved);
        Assert.True(r.Recognised, r.Refusal);
        var table = LoadAsDrafted(r, folder);
        Assert.Equal(3L, table.Report.RowsAccepted);
        // 3/14/26 can only be month-first, so 3/5/26 13:07 is 5 March 2026 (3/4/26 alone could be 3 April).
        Assert.Equal(new DateTime(2026, 3, 5, 13, 7, 0, DateTimeKind.Utc), table.Values<DateTime>("timestamp")![1]);
    }

    [Fact]
    public void A_windows_1252_file_is_declared_as_such()
    {
        using var folder = new TestFolder();
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var r = Recognize(folder, "responses.csv", ExportShapes.QualtricsResponses, System.Text.Encoding.GetEncoding(1252));
        Assert.True(r.Recognised, r.Refusal);
        Assert.Equal("windows-1252", r.Encoding);
        // 'è' is byte 0xE8 in Windows-1252, invalid on its own in UTF-8; it is on physical line 5 (header, 2 header rows, 1 response).
        Assert.Contains(r.Evidence, e => e.Contains("byte 0xE8") && e.Contains("line 5"));
        Assert.Equal("Très lent", LoadAsDrafted(r, folder).Text("comment")![1]);
    }

    [Fact]
    public void Legacy_qualtrics_export_reads_its_v_codes_as_the_header_and_the_names_as_a_header_row()
    {
        using var folder = new TestFolder();
        var r = Recognize(folder, "legacy.csv", ExportShapes.QualtricsLegacy, new UTF8Encoding(true));
        Assert.True(r.Recognised, r.Refusal);
        Assert.Equal("legacy Qualtrics export (ResponseID, ResponseSet)", r.Layout);
        // The BOM is the loader's: UTF-8, nothing to declare. Line 1 (V1..V10, Q1) is the header the loader finds with the
        // preset (V1 = ResponseID, V9 = EndDate); line 2 (the names) is one more header row.
        Assert.Null(r.Encoding);
        Assert.Contains(r.Evidence, e => e.StartsWith("encoding utf-8: utf-8 byte-order mark"));
        Assert.Equal(1, r.Map!.ExtraHeaderRows);
        Assert.Equal("V1", r.Map.Columns.Single(c => c.Field == "response_id").Column);
        Assert.Equal("V9", r.Map.Columns.Single(c => c.Field == "timestamp").Column);
        // Q1's question text is in the names row: 'How likely ... recommend' is NPS.
        Assert.Equal("Q1", r.Map.Columns.Single(c => c.Field == "nps").Column);
        var table = LoadAsDrafted(r, folder);
        Assert.Equal((1L, 1L), (table.Report.RowsRead, table.Report.RowsAccepted));
        Assert.Equal("R_1", table.Text("response_id")![0]);
        Assert.Equal("101", table.Text("crm_id")![0]);
        // V9 (EndDate) 2014-03-05 09:15:02, UTC assumed; V11 = Q1 = 9.
        Assert.Equal(new DateTime(2014, 3, 5, 9, 15, 2, DateTimeKind.Utc), table.Values<DateTime>("timestamp")![0]);
        Assert.Equal(9, table.Values<int>("nps")![0]);
    }

    [Fact]
    public void A_hash_preamble_before_a_table_that_is_not_a_ga4_report_is_skipped_as_the_loader_skips_it()
    {
        using var folder = new TestFolder();
        var r = Recognize(folder, "events.csv", ExportShapes.EventsWithPreamble);
        Assert.True(r.Recognised, r.Refusal);
        Assert.Equal("generic-events", r.Preset);
        Assert.Contains(r.Evidence, e => e.StartsWith("3 line(s) before the table"));
        var table = LoadAsDrafted(r, folder);
        // 3 events after 3 preamble lines and the header (line 4): lines 5-7.
        Assert.Equal((3L, 3L), (table.Report.RowsRead, table.Report.RowsAccepted));
        var lines = table.Values<long>(CanonicalFields.Line)!;
        Assert.Equal([5L, 6L, 7L], Enumerable.Range(0, 3).Select(i => lines[i]!.Value));
    }

    [Fact]
    public void A_fifo_given_as_an_export_is_refused_by_name_without_blocking()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TestFolder();
        var fifo = folder.File("pipe.csv");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        var r = ExportRecognizer.Recognize(fifo);
        Assert.StartsWith("is a named pipe (FIFO), not a regular file", r.Refusal);
    }

    [Fact]
    public void An_aggregated_ga4_report_is_refused_with_how_to_get_events()
    {
        using var folder = new TestFolder();
        var r = Recognize(folder, "events-report.csv", ExportShapes.Ga4UiReport);
        Assert.False(r.Recognised);
        Assert.Contains("aggregated GA4 report", r.Refusal);
        Assert.Contains("BigQuery", r.Refusal);
        Assert.Contains(r.Evidence, e => e.Contains("8 line(s) before the table"));
    }

    [Fact]
    public void A_contact_list_without_dates_is_refused_for_that_reason()
    {
        using var folder = new TestFolder();
        var r = Recognize(folder, "contacts.csv", ExportShapes.HubSpotWithoutDates);
        Assert.Equal("HubSpot contacts export", r.Layout);
        Assert.StartsWith("no per-row date", r.Refusal);
    }

    [Fact]
    public void A_survey_export_without_a_date_column_is_refused_for_that_reason()
    {
        using var folder = new TestFolder();
        var r = Recognize(folder, "audience.csv", "RespondentID,Collector ID,Email Address,How likely is it that you would recommend us to a friend or colleague?\n9001,77,ann@example.com,8\n");
        Assert.StartsWith("no per-row date", r.Refusal);
        Assert.Contains("'End Date'", r.Refusal);
        Assert.Contains("Audience", r.Refusal);
    }

    [Fact]
    public void An_unknown_layout_is_refused_with_its_header()
    {
        using var folder = new TestFolder();
        var r = Recognize(folder, "orders.csv", ExportShapes.UnknownOrders);
        Assert.StartsWith("unknown layout: the header on line 1 is 'Order Number', 'Customer', 'Total', 'Currency'", r.Refusal);
    }

    [Fact]
    public void Ambiguous_dates_are_refused_naming_the_column()
    {
        using var folder = new TestFolder();
        var r = Recognize(folder, "survey.csv", "timestamp,response_id,nps\n03/04/2026 10:00,r1,9\n05/06/2026 11:00,r2,7\n");
        // The loader's own message: 03/04/2026 is 4 March month-first, 3 April day-first; 05/06/2026 does not decide either.
        Assert.StartsWith("column 'timestamp': the date format cannot be told from the data: '03/04/2026 10:00' (line 2) reads as 2026-03-04 with 'M/d/yyyy H:mm' or as 2026-04-03 with 'd/M/yyyy H:mm'", r.Refusal);
        Assert.Contains("Declare it in the column map", r.Refusal);
    }

    [Fact]
    public void Semicolon_files_declare_their_delimiter()
    {
        using var folder = new TestFolder();
        var r = Recognize(folder, "events.csv", ExportShapes.Ga4Micros.Replace(',', ';'));
        Assert.True(r.Recognised, r.Refusal);
        Assert.Equal(";", r.Delimiter);
        Assert.Equal(7L, LoadAsDrafted(r, folder).Report.RowsAccepted);
    }

    [Fact]
    public void Missing_and_empty_files_are_refused_by_name()
    {
        using var folder = new TestFolder();
        Assert.StartsWith("file not found", ExportRecognizer.Recognize(folder.File("nothere.csv")).Refusal);
        Assert.Equal("the file is empty", Recognize(folder, "empty.csv", "\n\n").Refusal);
        Assert.StartsWith("is a directory, not a regular file; expected an export file", ExportRecognizer.Recognize(folder.Path).Refusal);
    }

    [Fact]
    public void HubSpot_multi_object_export_prefixes_the_record_id()
    {
        using var folder = new TestFolder();
        var r = Recognize(folder, "contacts.csv", ExportShapes.HubSpotContacts.Replace("Record ID,", "Record ID - Contact,"));
        Assert.True(r.Recognised, r.Refusal);
        var table = LoadAsDrafted(r, folder);
        Assert.Equal(4L, table.Report.RowsAccepted);
        Assert.Equal("104", table.Text("crm_id")![3]);
    }

    [Fact]
    public void Qualtrics_2016_insights_export_uses_end_date_and_one_question_row()
    {
        using var folder = new TestFolder();
        var r = Recognize(folder, "insights.csv", ExportShapes.Qualtrics2016);
        Assert.True(r.Recognised, r.Refusal);
        var table = LoadAsDrafted(r, folder);
        // 2 rows read: the question-text row is a header row, not a (rejected) response.
        Assert.Equal((2L, 2L), (table.Report.RowsRead, table.Report.RowsAccepted));
        // EndDate 2016-05-02 14:07:45, UTC assumed (the 2016 export states no zone).
        Assert.Equal(new DateTime(2016, 5, 2, 14, 7, 45, DateTimeKind.Utc), table.Values<DateTime>("timestamp")![0]);
        Assert.Equal(8, table.Values<int>("nps")![0]);
    }
}
