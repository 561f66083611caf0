using JourneyInsights.Definition;
using JourneyInsights.Sources;

namespace JourneyInsights.Tests.Sources;

/// <summary>
/// A wide CRM export (one row per contact, a date column per milestone) and a long one (one row per stage change) end
/// in the same canonical shape: milestones in long form, (record row, name the map gives, UTC instant).
/// </summary>
public sealed class CanonicalMilestonesTests
{
    [Fact]
    public void Wide_hubspot_and_long_salesforce_exports_give_milestones_in_long_form()
    {
        using var folder = new TestFolder();
        // HubSpot: New York local times. 1 March and 2 March are before the switch to daylight time (8 March 2026): UTC-5;
        // 20 March is after it: UTC-4. The MQL and opportunity columns are absent (optional in the preset).
        folder.Write("hubspot.csv", """
            Record ID,Email,Lifecycle Stage,Create Date,Became a Lead Date,Became a Customer Date,Persona
            101,ann@example.com,customer,2026-03-01 10:00,2026-03-01 10:00,2026-03-20 09:30,Freelancer
            102,bob@example.com,lead,2026-03-02 11:00,2026-03-02 11:00,,Agency

            """);
        // Salesforce, a report with the contact on each row (the data export's three files are SalesforceJoinTests'): UTC instants.
        folder.Write("history.csv", """
            Id,OpportunityId,ContactId,CreatedDate,StageName,Amount
            h1,o1,101,2026-03-03T10:00:00.000Z,Prospecting,1000
            h2,o1,101,2026-03-18T10:00:00.000Z,Closed Won,1000

            """);
        var path = folder.Write("journey.json", """
            {
              "name": "two CRMs",
              "sources": [
                { "name": "hubspot", "kind": "Crm", "path": "hubspot.csv", "columnMap": "hubspot", "timeZone": "America/New_York" },
                { "name": "salesforce", "kind": "Crm", "path": "history.csv", "columnMap": "salesforce-opportunity-history-flat" }
              ],
              "stages": [ { "name": "Purchase" } ],
              "touchpoints": []
            }
            """);
        var tables = CanonicalTables.From(SourceSet.Load(JourneyDefinition.Load(path)));

        Assert.Empty(tables.Touchpoints);
        var (hubspot, salesforce) = (tables.Customers[0], tables.Customers[1]);
        Assert.Equal((0, 1), (hubspot.SourceIndex, salesforce.SourceIndex));
        var wide = hubspot.Milestones;
        Assert.Equal([0L, 0, 1], wide.Row);
        Assert.Equal(["lead", "customer", "lead"], wide.Name); // the canonical milestones the hubspot preset maps its date columns to
        Assert.Equal([Utc(2026, 3, 1, 15, 0), Utc(2026, 3, 20, 13, 30), Utc(2026, 3, 2, 16, 0)], wide.Time.Select(t => new DateTime(t, DateTimeKind.Utc)));
        Assert.Equal(Utc(2026, 3, 2, 16, 0), hubspot.RecordedAt![1]); // a contact exists from its creation
        Assert.Equal("Agency", hubspot.Persona![1]);

        var longForm = salesforce.Milestones;
        Assert.Equal([0L, 1], longForm.Row);
        Assert.Equal(["sql", "customer"], longForm.Name); // the preset's valueMap: Prospecting -> sql, Closed Won -> customer
        Assert.Equal([Utc(2026, 3, 3, 10, 0), Utc(2026, 3, 18, 10, 0)], longForm.Time.Select(t => new DateTime(t, DateTimeKind.Utc)));
        Assert.Equal(Utc(2026, 3, 18, 10, 0), salesforce.RecordedAt![1]); // a stage change exists from its instant
        Assert.Equal(("101", "101"), (salesforce.CrmId[0], salesforce.CrmId[1]));

        var frame = longForm.ToDataFrame();
        Assert.Equal(["row", "milestone", "timestamp"], frame.Columns.Select(c => c.Name));
        Assert.Equal("customer", frame.Columns["milestone"][1]);
    }

    private static DateTime Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);
}
