using System.Text;
using JourneyInsights.Sources;
using Microsoft.Data.Analysis;
using static JourneyInsights.Tests.Sources.SourceFixtures;

namespace JourneyInsights.Tests.Sources;

public class QualtricsLoaderTests
{
    // Three header rows (ids, question texts, ImportId JSON); R_aaa's comment spans lines 4-5.
    internal const string Export =
        "StartDate,EndDate,Status,ResponseId,RecordedDate,ExternalReference,RecipientEmail,SurveyName,Q_NPS,Q_CSAT,Q_CES,Q_Emotion,Q_Comment\n" +
        "Start Date,End Date,Response Type,Response ID,Recorded Date,External Data Reference,Recipient Email,Survey Name,\"How likely are you to recommend us? - 0 = Not at all likely, 10 = Extremely likely\",Satisfaction,Ease,Emotion,Comment\n" +
        "\"{\"\"ImportId\"\":\"\"startDate\"\",\"\"timeZone\"\":\"\"America/Denver\"\"}\",\"{\"\"ImportId\"\":\"\"endDate\"\"}\",\"{\"\"ImportId\"\":\"\"status\"\"}\",\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\"{\"\"ImportId\"\":\"\"recordedDate\"\"}\",\"{\"\"ImportId\"\":\"\"externalDataReference\"\"}\",\"{\"\"ImportId\"\":\"\"recipientEmail\"\"}\",\"{\"\"ImportId\"\":\"\"surveyName\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2\"\"}\",\"{\"\"ImportId\"\":\"\"QID3\"\"}\",\"{\"\"ImportId\"\":\"\"QID4\"\"}\",\"{\"\"ImportId\"\":\"\"QID5_TEXT\"\"}\"\n" +
        "2026-07-02 10:00:00,2026-07-02 10:03:00,IP Address,R_aaa,2026-07-02 10:03:00,500001,,Post-purchase survey,9,5,6,happy,\"Great, fast \"\"checkout\"\"\nthanks\"\n" +
        "2026-07-02 11:00:00,2026-07-02 11:05:00,IP Address,R_bbb,2026-07-02 11:05:00,,Bob@Example.com,Onboarding check-in,11,3,,confused,meh\n" +
        "2026-07-03 07:58:00,2026-07-03 08:00:00,IP Address,R_ccc,2026-07-03 08:00:00,,,Website feedback,,4,2,frustrated,\"=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"\n" +
        "2026-07-04 07:58:00,2026-07-04 08:00:00,IP Address,R_aaa,2026-07-04 08:00:00,500001,,Post-purchase survey,8,4,5,happy,again\n" +
        "2026-01-15 11:58:00,2026-01-15 12:00:00,IP Address,R_ddd,2026-01-15 12:00:00,500002,,Relationship NPS,abc,,,,\n";

    private static SourceTable LoadExport(TestFolder folder)
    {
        folder.Write("survey.csv", Export, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        return Load(folder, "Survey", "survey.csv", "qualtrics", timeZone: "America/Denver");
    }

    [Fact]
    public void Extra_header_rows_and_bom_are_skipped_and_lines_count_embedded_newlines()
    {
        using var folder = new TestFolder();
        var table = LoadExport(folder);
        // 5 data rows (R_aaa, R_bbb, R_ccc, R_aaa again, R_ddd); the 3 header rows are not data.
        Assert.Equal((5L, 2L, 3L), (table.Report.RowsRead, table.Report.RowsAccepted, table.Report.RowsRejected));
        var byLine = table.Rejected.ToDictionary(r => r.Line);
        // R_aaa occupies lines 4 and 5, so R_bbb starts on line 6.
        Assert.Equal(("Q_NPS", "range", "11"), (byLine[6].Column, byLine[6].Rule, byLine[6].Value));
        Assert.Equal("expected a value from 0 to 10", byLine[6].Reason);
        Assert.Equal(("ResponseId", "unique"), (byLine[8].Column, byLine[8].Rule));
        Assert.Equal(("Q_NPS", "type", "abc"), (byLine[9].Column, byLine[9].Rule, byLine[9].Value));
    }

    [Fact]
    public void Values_are_typed_and_untrusted_text_is_kept_verbatim()
    {
        using var folder = new TestFolder();
        var frame = LoadExport(folder).Frame;
        Assert.Equal(["R_aaa", "R_ccc"], ((StringDataFrameColumn)frame["response_id"]).ToArray());
        // July in Denver is MDT (UTC-6): 10:03 -> 16:03Z, 08:00 -> 14:00Z.
        var ts = (PrimitiveDataFrameColumn<DateTime>)frame["timestamp"];
        Assert.Equal([Utc(2026, 7, 2, 16, 3), Utc(2026, 7, 3, 14, 0)], ts.Select(t => t!.Value).ToArray());
        Assert.Equal([9, null], ((PrimitiveDataFrameColumn<int>)frame["nps"]).ToArray());
        Assert.Equal([5, 4], ((PrimitiveDataFrameColumn<int>)frame["csat"]).ToArray());
        Assert.Equal(["Great, fast \"checkout\"\nthanks", "=HYPERLINK(\"http://x\",\"click\")"], ((StringDataFrameColumn)frame["comment"]).ToArray());
    }
}
