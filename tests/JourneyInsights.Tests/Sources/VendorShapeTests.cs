using System.Text;
using JourneyInsights.Sources;
using Microsoft.Data.Analysis;
using static JourneyInsights.Tests.Sources.SourceFixtures;

namespace JourneyInsights.Tests.Sources;

/// <summary>Exports in the exact shapes the vendors' tools write them (a few rows each), loaded with the presets as they are.</summary>
public class Ga4ShapeTests
{
    [Fact]
    public void A_bigquery_flattening_with_timestamp_text_and_source_medium_columns_loads()
    {
        using var folder = new TestFolder();
        // TIMESTAMP_MICROS(event_timestamp) written as text; event_params flattened to page_location and ga_session_id.
        folder.Write("events.csv", """
            event_date,event_timestamp,event_name,user_pseudo_id,user_id,page_location,ga_session_id,source,medium,device_category,country
            20210131,2021-01-31 12:34:56.123456 UTC,page_view,1234.5678,,https://shop.example/pricing?utm_source=x,1612096496,google,organic,desktop,US
            20210131,2021-01-31 12:35:00 UTC,first_visit,1234.5678,,https://shop.example/,1612096496,(direct),(none),mobile,US

            """);
        var table = Load(folder, "Analytics", "events.csv", "ga4", timeZone: "America/New_York");
        Assert.Equal((2L, 2L), (table.Report.RowsRead, table.Report.RowsAccepted));
        var ts = (PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"];
        // 'UTC' in the text wins over the source's time zone: 12:34:56.123456Z; 123456 µs = 1,234,560 ticks.
        Assert.Equal(Utc(2021, 1, 31, 12, 34, 56).AddTicks(1_234_560), ts[0]);
        Assert.Equal(Utc(2021, 1, 31, 12, 35, 0), ts[1]);
        Assert.Equal(["google", "(direct)"], ((StringDataFrameColumn)table.Frame["source"]).ToArray());
        Assert.Equal(["organic", "(none)"], ((StringDataFrameColumn)table.Frame["medium"]).ToArray());
        Assert.Equal(["/pricing", "/"], ((StringDataFrameColumn)table.Frame["page"]).ToArray());
    }

    [Fact]
    public void A_bigquery_flattening_with_integer_microseconds_and_dotted_traffic_columns_loads()
    {
        using var folder = new TestFolder();
        // python: (datetime(2021,1,31,12,34,56,123456,tz=utc) - epoch) // 1 µs = 1612096496123456; 1612096500000000 µs = 12:35:00Z.
        folder.Write("events.csv", """
            event_timestamp,event_name,user_pseudo_id,page_location,traffic_source.source,traffic_source.medium,device.category,geo.country
            1612096496123456,page_view,1234.5678,https://shop.example/pricing,google,cpc,desktop,Germany
            1612096500000000,purchase,1234.5678,https://shop.example/checkout/done,google,cpc,tablet,Germany

            """);
        var table = Load(folder, "Analytics", "events.csv", "ga4");
        var ts = (PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"];
        Assert.Equal([Utc(2021, 1, 31, 12, 34, 56).AddTicks(1_234_560), Utc(2021, 1, 31, 12, 35, 0)], ts.Select(t => t!.Value).ToArray());
        Assert.Equal(["cpc", "cpc"], ((StringDataFrameColumn)table.Frame["medium"]).ToArray());
        Assert.Equal(["tablet"], ((StringDataFrameColumn)table.Frame["device"]).Skip(1).ToArray());
        Assert.Equal(["Germany", "Germany"], ((StringDataFrameColumn)table.Frame["region"]).ToArray());
        Assert.DoesNotContain(table.Report.Warnings, w => w.Rule == "missing-column" && w.Column is "traffic_source" or "traffic_medium");
    }

    [Fact]
    public void A_ga4_ui_report_download_is_refused_as_aggregated_with_the_way_to_an_event_export()
    {
        using var folder = new TestFolder();
        // Reports > Engagement > Events, "Download CSV": 8 comment lines, then one row per event name.
        folder.Write("events-report.csv", """
            # ----------------------------------------
            # Events
            # Account: Demo Account
            # Property: GA4 - Flood-It!
            # ----------------------------------------
            #
            # Start date: 20260101
            # End date: 20260131
            Event name,Event count,Total users,Event count per active user,Total revenue
            page_view,120345,40321,2.98,0
            session_start,60400,40321,1.49,0

            """);
        var ex = Assert.Throws<SourceFileException>(() => Load(folder, "Analytics", "events-report.csv", "ga4"));
        Assert.Equal(9, ex.Line);
        Assert.Contains("aggregated GA4 report", ex.Message);
        Assert.Contains("BigQuery export", ex.Message);
    }
}

public class QualtricsShapeTests
{
    private static string ImportId(string id, string? zone = null) =>
        zone is null ? $"\"{{\"\"ImportId\"\":\"\"{id}\"\"}}\"" : $"\"{{\"\"ImportId\"\":\"\"{id}\"\",\"\"timeZone\"\":\"\"{zone}\"\"}}\"";

    [Fact]
    public void The_current_export_honours_the_time_zone_of_its_import_id_row()
    {
        using var folder = new TestFolder();
        var ids = "StartDate,EndDate,Status,IPAddress,Progress,Duration (in seconds),Finished,RecordedDate,ResponseId,RecipientLastName,RecipientFirstName,RecipientEmail,ExternalReference,LocationLatitude,LocationLongitude,DistributionChannel,UserLanguage,Q1";
        var texts = "Start Date,End Date,Response Type,IP Address,Progress,Duration (in seconds),Finished,Recorded Date,Response ID,Recipient Last Name,Recipient First Name,Recipient Email,External Data Reference,Location Latitude,Location Longitude,Distribution Channel,User Language,How likely are you to recommend us?";
        var importIds = string.Join(",", ImportId("startDate", "America/Denver"), ImportId("endDate", "America/Denver"), ImportId("status"), ImportId("ipAddress"),
            ImportId("progress"), ImportId("duration"), ImportId("finished"), ImportId("recordedDate", "America/Denver"), ImportId("_recordId"),
            ImportId("recipientLastName"), ImportId("recipientFirstName"), ImportId("recipientEmail"), ImportId("externalDataReference"),
            ImportId("locationLatitude"), ImportId("locationLongitude"), ImportId("distributionChannel"), ImportId("userLanguage"), ImportId("QID1"));
        folder.Write("survey.csv", string.Join("\n", ids, texts, importIds,
            "2026-07-02 10:00:00,2026-07-02 10:03:00,IP Address,203.0.113.9,100,180,True,2026-07-02 10:03:00,R_1aB,Doe,Jane,Jane@Example.com,500001,39.7,-104.9,email,EN,9",
            "2026-01-15 11:58:00,2026-01-15 12:00:00,IP Address,203.0.113.10,100,120,True,2026-01-15 12:00:00,R_2cD,,,,500002,39.7,-104.9,anonymous,EN,4", ""),
            new UTF8Encoding(true));
        // The source says nothing of time zones (UTC); the ImportId row says RecordedDate is Denver time.
        var table = Load(folder, "Survey", "survey.csv", "qualtrics");
        Assert.Equal((2L, 2L), (table.Report.RowsRead, table.Report.RowsAccepted));
        var ts = (PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"];
        // July: MDT (UTC-6), 10:03 -> 16:03Z; January: MST (UTC-7), 12:00 -> 19:00Z.
        Assert.Equal([Utc(2026, 7, 2, 16, 3), Utc(2026, 1, 15, 19, 0)], ts.Select(t => t!.Value).ToArray());
        Assert.Equal(["R_1aB", "R_2cD"], ((StringDataFrameColumn)table.Frame["response_id"]).ToArray());
        Assert.Equal(new string?[] { "jane@example.com", null }, ((StringDataFrameColumn)table.Frame["email"]).ToArray());
        Assert.Equal([4L, 5L], ((PrimitiveDataFrameColumn<long>)table.Frame[CanonicalFields.Line]).Select(x => x!.Value).ToArray());
        Assert.Contains(table.Report.Warnings, w => w.Rule == "time-zone" && w.Column == "RecordedDate" && w.Message.Contains("America/Denver"));
    }

    [Fact]
    public void The_2016_insights_export_has_two_header_rows_and_uses_end_date()
    {
        using var folder = new TestFolder();
        folder.Write("survey.csv", """
            ResponseID,ResponseSet,StartDate,EndDate,Finished,ExternalDataReference,Q1
            Response ID,Response Set,Start Date,End Date,Finished,External Data Reference,How likely are you to recommend us?
            R_3eF,Default Response Set,2016-05-03 09:00:00,2016-05-03 09:04:10,1,500003,9
            R_4gH,Default Response Set,2016-05-04 17:30:00,2016-05-04 17:31:00,1,,7

            """);
        var table = Load(folder, "Survey", "survey.csv", "qualtrics", timeZone: "America/New_York");
        // Row 3 is the first data row: it has a date where row 2 has the text 'End Date'.
        Assert.Equal((2L, 2L), (table.Report.RowsRead, table.Report.RowsAccepted));
        // May: EDT (UTC-4): 09:04:10 -> 13:04:10Z, 17:31 -> 21:31Z.
        var ts = (PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"];
        Assert.Equal([Utc(2016, 5, 3, 13, 4, 10), Utc(2016, 5, 4, 21, 31)], ts.Select(t => t!.Value).ToArray());
        Assert.Equal(new string?[] { "500003", null }, ((StringDataFrameColumn)table.Frame["crm_id"]).ToArray());
        Assert.Equal([3L, 4L], ((PrimitiveDataFrameColumn<long>)table.Frame[CanonicalFields.Line]).Select(x => x!.Value).ToArray());
    }

    [Fact]
    public void The_legacy_export_with_v_columns_and_a_bom_loads()
    {
        using var folder = new TestFolder();
        folder.Write("legacy.csv", """
            V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1
            ResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,IPAddress,Status,StartDate,EndDate,Finished,How likely are you to recommend us?
            R_9xY,Default Response Set,"Doe, Jane",500001,Jane@Example.com,203.0.113.5,0,2014-02-10 08:00:00,2014-02-10 08:03:00,1,8

            """, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var table = Load(folder, "Survey", "legacy.csv", "qualtrics");
        Assert.Equal((1L, 1L), (table.Report.RowsRead, table.Report.RowsAccepted));
        Assert.Equal("R_9xY", ((StringDataFrameColumn)table.Frame["response_id"])[0]);
        Assert.Equal("500001", ((StringDataFrameColumn)table.Frame["crm_id"])[0]);
        Assert.Equal("jane@example.com", ((StringDataFrameColumn)table.Frame["email"])[0]);
        Assert.Equal(Utc(2014, 2, 10, 8, 3), ((PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"])[0]);
        Assert.Equal(3L, ((PrimitiveDataFrameColumn<long>)table.Frame[CanonicalFields.Line])[0]);
    }
}

public class SurveyMonkeyShapeTests
{
    private const string Header =
        "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,How likely is it that you would recommend us to a friend or colleague?,Is there anything else you would like to tell us?\n" +
        ",,,,,,,,,Response,Open-Ended Response\n";

    [Fact]
    public void Dates_re_saved_by_a_spreadsheet_as_m_d_yy_load_when_the_sample_decides_month_first()
    {
        using var folder = new TestFolder();
        // 3/25/26 can only be month-first, so 3/4/26 is 4 March too.
        folder.Write("sm.csv", Header +
            "114227000001,431000001,3/4/26 14:00,3/4/26 14:05,198.51.100.7,ann@x.example,Ann,Lee,500001,10,Great\n" +
            "114227000002,431000001,3/25/26 9:00,3/25/26 9:10,198.51.100.8,,Bo,Ng,,6,\n");
        var table = Load(folder, "Survey", "sm.csv", "surveymonkey");
        Assert.Equal((2L, 2L), (table.Report.RowsRead, table.Report.RowsAccepted));
        var ts = (PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"];
        Assert.Equal([Utc(2026, 3, 4, 14, 5), Utc(2026, 3, 25, 9, 10)], ts.Select(t => t!.Value).ToArray());
        Assert.Equal(["114227000001", "114227000002"], ((StringDataFrameColumn)table.Frame["response_id"]).ToArray());
    }

    [Fact]
    public void Dates_no_row_decides_are_an_error_naming_the_column_and_asking_for_the_format()
    {
        using var folder = new TestFolder();
        // 3/4/26 and 4/3/26: month-first or day-first, nothing tells.
        folder.Write("sm.csv", Header +
            "114227000001,431000001,3/4/26 14:00,3/4/26 14:05,198.51.100.7,,Ann,Lee,,10,\n" +
            "114227000002,431000001,4/3/26 9:00,4/3/26 9:10,198.51.100.8,,Bo,Ng,,6,\n");
        var ex = Assert.Throws<SourceFileException>(() => Load(folder, "Survey", "sm.csv", "surveymonkey"));
        Assert.Equal(3, ex.Line);
        Assert.Contains("column 'End Date'", ex.Message);
        Assert.Contains("'3/4/26 14:05'", ex.Message);
        Assert.Contains("\"formats\"", ex.Message);
    }

    [Fact]
    public void Iso_dates_after_a_re_save_load()
    {
        using var folder = new TestFolder();
        folder.Write("sm.csv", Header + "114227000003,431000001,2026-03-04 14:00:00,2026-03-04 14:05:33,198.51.100.7,,Ann,Lee,,9,\n");
        var table = Load(folder, "Survey", "sm.csv", "surveymonkey", timeZone: "Europe/Amsterdam");
        // 4 March, CET (UTC+1): 14:05:33 -> 13:05:33Z.
        Assert.Equal(Utc(2026, 3, 4, 13, 5, 33), ((PrimitiveDataFrameColumn<DateTime>)table.Frame["timestamp"])[0]);
    }

    [Fact]
    public void An_audience_export_without_a_date_column_says_there_is_no_per_response_date()
    {
        using var folder = new TestFolder();
        folder.Write("audience.csv", "RespondentID,Gender,Age,How likely is it that you would recommend us to a friend or colleague?\n,,,Response\n10001,Female,30-44,8\n");
        var ex = Assert.Throws<SourceFileException>(() => Load(folder, "Survey", "audience.csv", "surveymonkey"));
        Assert.Contains("missing 'End Date'", ex.Message);
        Assert.Contains("no per-response date", ex.Message);
        Assert.Contains("All responses data", ex.Message);
    }
}

public class HubSpotShapeTests
{
    // The current contacts export: UI labels as well as internal names, stage-entry dates named 'Date entered "…"'.
    private const string Current = """"
        Record ID,First Name,Last Name,Email,Phone Number,Lifecycle Stage,Create Date,"Date entered ""Lead (Lifecycle Stage Pipeline)""","Date entered ""Marketing Qualified Lead (Lifecycle Stage Pipeline)""","Date entered ""Customer (Lifecycle Stage Pipeline)""",Original Traffic Source
        101,Ann,Lee,ann@x.example,+1 555 0100,Marketing Qualified Lead,2026-03-02 09:00,2026-03-02 09:00,2026-03-05 10:30,,Organic Search
        102,Bob,Ray,bob@x.example,,customer,2026-03-03 11:00,2026-03-03 11:00,,2026-03-20 16:45,Paid Search
        1.11015E+11,Cy,Po,cy@x.example,,Lead,2026-03-04 12:00,2026-03-04 12:00,,,Direct Traffic
        103,Di,Su,di@x.example,,marketingqualifiedlead,2026-03-06 08:15,2026-03-06 08:15,2026-03-06 08:15,,Referrals

        """";

    [Fact]
    public void The_current_export_feeds_the_canonical_milestones()
    {
        using var folder = new TestFolder();
        folder.Write("contacts.csv", Current);
        var table = Load(folder, "Crm", "contacts.csv", "hubspot");
        // 4 rows: 101, 102, 103 accepted; line 4's id was destroyed by Excel.
        Assert.Equal((4L, 3L, 1L), (table.Report.RowsRead, table.Report.RowsAccepted, table.Report.RowsRejected));
        Assert.Equal(["101", "102", "103"], ((StringDataFrameColumn)table.Frame["crm_id"]).ToArray());
        Assert.Equal([Utc(2026, 3, 2, 9, 0), Utc(2026, 3, 3, 11, 0), Utc(2026, 3, 6, 8, 15)],
            ((PrimitiveDataFrameColumn<DateTime>)table.Frame["lead"]).Select(t => t!.Value).ToArray());
        Assert.Equal(new DateTime?[] { Utc(2026, 3, 5, 10, 30), null, Utc(2026, 3, 6, 8, 15) }, ((PrimitiveDataFrameColumn<DateTime>)table.Frame["mql"]).ToArray());
        Assert.Equal(new DateTime?[] { null, Utc(2026, 3, 20, 16, 45), null }, ((PrimitiveDataFrameColumn<DateTime>)table.Frame["customer"]).ToArray());
        Assert.Equal(["Organic Search", "Paid Search", "Referrals"], ((StringDataFrameColumn)table.Frame["original_source"]).ToArray());
        Assert.Equal(["Marketing Qualified Lead", "customer", "marketingqualifiedlead"], ((StringDataFrameColumn)table.Frame["lifecycle_stage"]).ToArray());
    }

    [Fact]
    public void An_id_re_saved_by_excel_is_rejected_as_destroyed_and_warned_about()
    {
        using var folder = new TestFolder();
        folder.Write("contacts.csv", Current);
        var table = Load(folder, "Crm", "contacts.csv", "hubspot");
        var rejected = Assert.Single(table.Rejected);
        Assert.Equal((4L, "Record ID", "excel-mangled", "1.11015E+11"), (rejected.Line, rejected.Column, rejected.Rule, rejected.Value));
        Assert.Contains("destroyed", rejected.Reason);
        Assert.Contains(table.Report.Warnings, w => w.Rule == "excel-mangled" && w.Column == "Record ID" && w.Message.StartsWith("1 value(s)"));
        // The absent optional milestone columns are named, not silently empty.
        Assert.Contains(table.Report.Warnings, w => w.Rule == "missing-column" && w.Message.Contains("(sql)"));
    }

    [Fact]
    public void A_multi_object_export_prefixes_the_id_and_older_exports_name_dates_became_a_lead()
    {
        using var folder = new TestFolder();
        folder.Write("contacts.csv", """
            Record ID - Contact,Email,Lifecycle Stage,Create Date,Became a Lead Date,Became a Customer Date,Original Source,Record ID - Company
            201,e@x.example,lead,2026-02-01 10:00,2026-02-01 10:00,,Offline Sources,9001

            """);
        var table = Load(folder, "Crm", "contacts.csv", "hubspot", timeZone: "America/New_York");
        Assert.Equal("201", ((StringDataFrameColumn)table.Frame["crm_id"])[0]);
        // February: EST (UTC-5), 10:00 -> 15:00Z.
        Assert.Equal(Utc(2026, 2, 1, 15, 0), ((PrimitiveDataFrameColumn<DateTime>)table.Frame["lead"])[0]);
        Assert.Equal("Offline Sources", ((StringDataFrameColumn)table.Frame["original_source"])[0]);
    }

    [Fact]
    public void A_contacts_export_without_any_lifecycle_date_column_is_an_error()
    {
        using var folder = new TestFolder();
        folder.Write("contacts.csv", "Record ID,First Name,Email,Lifecycle Stage,Create Date\n101,Ann,ann@x.example,lead,2026-03-02 09:00\n");
        var ex = Assert.Throws<SourceFileException>(() => Load(folder, "Crm", "contacts.csv", "hubspot"));
        Assert.Equal(1, ex.Line);
        Assert.Contains("none of the milestone columns", ex.Message);
        Assert.Contains("'Became a Lead Date'", ex.Message);
    }
}
