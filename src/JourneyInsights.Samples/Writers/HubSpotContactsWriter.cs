using System.Globalization;
using JourneyInsights.Samples.Simulation;
using static JourneyInsights.Samples.Simulation.SampleVocabulary;

namespace JourneyInsights.Samples.Writers;

/// <summary>
/// Writes CRM contacts as a HubSpot contact export (<c>crm-contacts.csv</c>): the older <c>Became a ... Date</c> columns,
/// internal lifecycle-stage names, dates in New York local time (<c>yyyy-MM-dd HH:mm</c>), UTF-8 without BOM.
/// </summary>
internal sealed class HubSpotContactsWriter : IDisposable
{
    /// <summary>The header row, in column order.</summary>
    public static readonly string[] Header =
    [
        "Record ID", "Email", "Lifecycle Stage", "Create Date", "Became a Lead Date", "Became a Marketing Qualified Lead Date",
        "Became an Opportunity Date", "Became a Customer Date", "Persona", "Country/Region", "Original Source",
    ];

    private readonly CsvLineWriter _csv;
    private readonly TimeZoneInfo _newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public HubSpotContactsWriter(string path)
    {
        _csv = new CsvLineWriter(path, withBom: false);
        foreach (var h in Header)
        {
            _csv.Field(h);
        }

        _csv.EndRecord();
    }

    /// <summary>Data rows written (header excluded, duplicate-id rows included).</summary>
    public int Rows { get; private set; }

    /// <summary>Writes the person's contact row (and its stale copy when it was exported twice); nothing for anonymous people.</summary>
    public void Write(SimulatedPerson person)
    {
        if (person.Contact is not { } c)
        {
            return;
        }

        string created = NewYork(c.Created);
        string mql = c.MqlDateMangled ? $"31/02/{SampleTime.ToUtc(c.Mql).Year.ToString(CultureInfo.InvariantCulture)} 25:61" : NewYork(c.Mql);
        WriteRow(person, c.RecordId, c.CrmEmail, StageName(c.Stage), created, mql, NewYork(c.Opportunity), NewYork(c.Customer));
        if (c.ExportedTwice)
        {
            WriteRow(person, c.RecordId, c.CrmEmail.Trim().ToLowerInvariant(), StageName(Lifecycle.Lead), created, "", "", "");
        }
    }

    public void Dispose() => _csv.Dispose();

    /// <summary>HubSpot's internal lifecycle-stage names.</summary>
    internal static string StageName(Lifecycle stage) => stage switch
    {
        Lifecycle.Customer => "customer",
        Lifecycle.Opportunity => "opportunity",
        Lifecycle.MarketingQualifiedLead => "marketingqualifiedlead",
        _ => "lead",
    };

    private void WriteRow(SimulatedPerson person, long id, string email, string stage, string created, string mql, string opportunity, string customer)
    {
        _csv.Field(id);
        _csv.Field(email);
        _csv.Raw(stage);
        _csv.Raw(created);
        _csv.Raw(created);
        _csv.Field(mql);
        _csv.Raw(opportunity);
        _csv.Raw(customer);
        _csv.Field(Personas[person.Persona]);
        _csv.Field(Countries[person.Country].Name);
        _csv.Field(Channels[person.Channel].HubSpot);
        _csv.EndRecord();
        Rows++;
    }

    private string NewYork(long micros) => micros <= 0
        ? ""
        : TimeZoneInfo.ConvertTimeFromUtc(SampleTime.ToUtc(micros), _newYork).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
