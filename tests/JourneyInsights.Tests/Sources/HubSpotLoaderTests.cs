using JourneyInsights.Sources;
using Microsoft.Data.Analysis;
using static JourneyInsights.Tests.Sources.SourceFixtures;

namespace JourneyInsights.Tests.Sources;

public class HubSpotLoaderTests
{
    private const string Export = """
        Record ID,Email,Lifecycle Stage,Create Date,Became a Lead Date,Became a Marketing Qualified Lead Date,Became an Opportunity Date,Became a Customer Date,Persona,Country/Region,Original Source
        500001, Jane.Doe@Example.COM ,customer,2026-03-04 09:05,2026-03-04 09:05,2026-03-05 10:00,,2026-07-01 05:00,Freelancer,United States,Paid Social
        500002,bob@example.com,lead,2026-03-08 02:30,2026-03-08 02:30,,,,IT manager,Germany,Organic Search
        500001,dup@example.com,lead,2026-03-09 10:00,2026-03-09 10:00,,,,Agency,France,Direct Traffic
        500003,carol@example.com,lead,31/02/2026 25:61,,,,,Agency,France,Direct Traffic
        500004,,opportunity,2026-11-01 01:30,2026-11-01 01:30,,2026-11-02 12:00,,Agency,Canada,Referrals
        500005,eve@example.com,prospect,2026-04-01 10:00,,,,,Agency,Canada,Referrals
        """;

    [Fact]
    public void Local_times_become_utc_with_daylight_saving_rules()
    {
        using var folder = new TestFolder();
        folder.Write("crm.csv", Export);
        var table = Load(folder, "Crm", "crm.csv", "hubspot", timeZone: "America/New_York");
        var created = (PrimitiveDataFrameColumn<DateTime>)table.Frame["created_at"];
        // 2026-03-04 09:05 EST (UTC-5) = 14:05Z
        Assert.Equal(Utc(2026, 3, 4, 14, 5), created[0]);
        // 2026-03-08 is the spring-forward day (second Sunday of March 2026); 02:30 does not exist and moves to 03:30 EDT (UTC-4) = 07:30Z
        Assert.Equal(Utc(2026, 3, 8, 7, 30), created[1]);
        // 2026-11-01 is the fall-back day; 01:30 happens twice, the first (EDT, UTC-4) is taken = 05:30Z
        Assert.Equal(Utc(2026, 11, 1, 5, 30), created[2]);
        // 2026-07-01 05:00 EDT = 09:00Z, the same instant as the GA4 purchase in Ga4LoaderTests
        Assert.Equal(Utc(2026, 7, 1, 9, 0), ((PrimitiveDataFrameColumn<DateTime>)table.Frame["customer"])[0]);
    }

    [Fact]
    public void Rules_declared_in_the_preset_reject_duplicates_bad_dates_and_unknown_stages()
    {
        using var folder = new TestFolder();
        folder.Write("crm.csv", Export);
        var table = Load(folder, "Crm", "crm.csv", "hubspot", timeZone: "America/New_York");
        // 6 rows: 500001, 500002, 500004 accepted; line 4 duplicate id, line 5 bad date, line 7 unknown lifecycle stage.
        Assert.Equal((6L, 3L, 3L), (table.Report.RowsRead, table.Report.RowsAccepted, table.Report.RowsRejected));
        var byLine = table.Rejected.ToDictionary(r => r.Line);
        Assert.Equal(("Record ID", "unique"), (byLine[4].Column, byLine[4].Rule));
        Assert.Contains("first seen on line 2", byLine[4].Reason);
        Assert.Equal(("Create Date", "type", "31/02/2026 25:61"), (byLine[5].Column, byLine[5].Rule, byLine[5].Value));
        Assert.Equal(("Lifecycle Stage", "accepted-values", "prospect"), (byLine[7].Column, byLine[7].Rule, byLine[7].Value));
    }

    [Fact]
    public void Emails_are_trimmed_and_lower_cased_and_may_be_empty()
    {
        using var folder = new TestFolder();
        folder.Write("crm.csv", Export);
        var emails = (StringDataFrameColumn)Load(folder, "Crm", "crm.csv", "hubspot", timeZone: "America/New_York").Frame["email"];
        Assert.Equal(new string?[] { "jane.doe@example.com", "bob@example.com", null }, emails.ToArray());
    }
}
