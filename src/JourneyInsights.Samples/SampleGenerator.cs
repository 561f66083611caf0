using JourneyInsights.Samples.Simulation;
using JourneyInsights.Samples.Writers;

namespace JourneyInsights.Samples;

/// <summary>
/// Deterministic, seeded, streaming generator of realistic sample exports: a GA4-like event export,
/// a HubSpot-like contact export and a Qualtrics-like survey export, with planted stories and a few
/// malformed rows. The simulation (<see cref="PeopleSimulator"/>) produces one vendor-neutral person at a time;
/// one writer per vendor shape writes that person's rows at once, so memory stays flat however many people are generated.
/// </summary>
public static class SampleGenerator
{
    /// <summary>
    /// Writes <c>analytics-events.csv</c>, <c>crm-contacts.csv</c> and <c>survey-responses.csv</c> into
    /// <paramref name="outDirectory"/> (created if missing, files overwritten).
    /// <see cref="SampleOptions.Customers"/> is the number of CRM contacts aimed at; anonymous-only visitors
    /// (about 40 % of all people) are simulated on top of them.
    /// </summary>
    public static SampleSummary Generate(SampleOptions options, string outDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(outDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Customers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Months, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Months, 600);

        Directory.CreateDirectory(outDirectory);
        var simulator = new PeopleSimulator(options);
        using var events = new Ga4EventsWriter(Path.Combine(outDirectory, SampleSummary.AnalyticsFileName));
        using var contacts = new HubSpotContactsWriter(Path.Combine(outDirectory, SampleSummary.CrmFileName));
        using var responses = new QualtricsResponsesWriter(Path.Combine(outDirectory, SampleSummary.SurveyFileName));
        for (int i = 0; i < simulator.People; i++)
        {
            var person = simulator.Simulate(i);
            events.Write(person);
            contacts.Write(person);
            responses.Write(person);
        }

        return new SampleSummary(
            simulator.People, simulator.Contacts, responses.Rows, events.Rows, contacts.Rows, responses.Rows,
            simulator.Planted(MalformedPlan.File.Analytics), simulator.Planted(MalformedPlan.File.Crm), simulator.Planted(MalformedPlan.File.Survey));
    }

    /// <summary>Number of people simulated for a given number of targeted CRM contacts.</summary>
    public static int PeopleFor(int customers) => PeopleSimulator.PeopleFor(customers);

    /// <summary>The month of the planted checkout incident (two months before the end month).</summary>
    public static DateOnly IncidentMonth(SampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DateOnly(options.EndMonth.Year, options.EndMonth.Month, 1).AddMonths(-2);
    }
}
