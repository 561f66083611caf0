using JourneyInsights.Sources;

namespace JourneyInsights.Journeys;

/// <summary>
/// Builds the stitched journey from the canonical tables the sources hand on, in small steps, each a function of
/// (tables, definition) that checks its own parameters: <see cref="IdentityStitching"/> (who is who),
/// <see cref="Placement"/> (which record is which touchpoint in which stage), <see cref="CustomerAttributes"/>
/// (first touch, persona), <see cref="ResponsePlacement"/> (emotion scores and the stage of each answer).
/// <see cref="Timelines"/> then gives each customer's funnel moments. Nothing here knows a vendor's columns or presets.
/// </summary>
public static class JourneyBuilder
{
    /// <param name="sources">The loaded exports.</param>
    /// <param name="asOfUtc">
    /// Leave out everything recorded after this instant (events, logins, CRM contacts created and milestones reached,
    /// survey answers), so a past month's report is what it was when that month closed. Null: use all data.
    /// </param>
    public static JourneyData Build(SourceSet sources, DateTime? asOfUtc = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var definition = sources.Definition;
        ReleaseGarbage(); // what loading left behind
        var tables = CanonicalTables.From(sources);
        var identities = IdentityStitching.Stitch(tables, definition.Identity, asOfUtc);
        ReleaseGarbage();
        var placed = Placement.Place(tables, identities, definition, asOfUtc);
        var described = CustomerAttributes.Describe(tables, identities, placed, definition);
        var responses = ResponsePlacement.Place(tables, identities, placed, definition);

        var touchpoints = placed.Touchpoints;
        var customers = described.Customers;
        MaskAttributes(customers, responses);
        long dataStart = long.MaxValue, dataEnd = long.MinValue;
        foreach (var t in touchpoints.Time) { if (t < dataStart) dataStart = t; if (t > dataEnd) dataEnd = t; }
        foreach (var t in responses.Time) { if (t < dataStart) dataStart = t; if (t > dataEnd) dataEnd = t; }
        long anonymous = 0;
        for (var c = 0; c < customers.Count; c++) if (!customers.Known[c] && !identities.HasLogin[c]) anonymous++;
        return new JourneyData
        {
            Definition = definition,
            Stages = definition.Stages.Select(s => s.Name).ToArray(),
            TouchpointNames = definition.Touchpoints.Select(t => t.Name).ToArray(),
            Touchpoints = touchpoints,
            Stageless = placed.Stageless,
            Customers = customers,
            Responses = responses,
            Identity = new IdentityReport
            {
                Customers = identities.Customers,
                KnownCustomers = described.CrmContacts,
                AnonymousJourneys = anonymous,
                AnalyticsIds = identities.AnalyticsIds,
                AnalyticsIdsLinked = identities.AnalyticsIdsLinked,
                CustomersWithSeveralDevices = identities.Devices.LongCount(d => d > 1),
                CrmContacts = described.CrmContacts,
                CrmContactsWithoutAnalytics = described.CrmContactsWithoutAnalytics,
                Responses = responses.Count,
                ResponsesMatchedByCrmId = identities.ResponsesMatchedByCrmId,
                ResponsesMatchedByEmail = identities.ResponsesMatchedByEmail,
                ResponsesUnmatched = identities.ResponsesUnmatched,
            },
            Placement = placed.Report with { Unmatched = placed.Report.Unmatched.Select(u => (Privacy.PersonalData.Mask(u.What), u.Rows)).ToList() },
            TimeZone = TimeZones.TryFind(definition.ReportTimeZone)!,
            DataStart = dataStart <= dataEnd ? new DateTime(dataStart, DateTimeKind.Utc) : DateTime.UnixEpoch,
            DataEnd = dataStart <= dataEnd ? new DateTime(dataEnd, DateTimeKind.Utc) : DateTime.UnixEpoch,
        };
    }

    /// <summary>
    /// Attributes become segment names in every output (a persona, a UTM source in a channel, a survey name), so personal
    /// data typed into them is masked here, once per distinct value (<see cref="Privacy.PersonalData.Mask(string)"/>).
    /// Comments are masked where they are quoted (verbatims). Scores and placement were computed before, from the raw values.
    /// </summary>
    private static void MaskAttributes(CustomerColumns customers, ResponseColumns responses)
    {
        Privacy.PersonalData.MaskInPlace(customers.Persona);
        Privacy.PersonalData.MaskInPlace(customers.Channel);
        Privacy.PersonalData.MaskInPlace(customers.Device);
        Privacy.PersonalData.MaskInPlace(customers.Region);
        Privacy.PersonalData.MaskInPlace(responses.Survey);
        Privacy.PersonalData.MaskInPlace(responses.EmotionLabel);
    }

    /// <summary>
    /// Stitching millions of ids grows large dictionaries and lists, whose outgrown arrays sit on the large-object heap
    /// until a full collection, which an allocation-light phase rarely triggers. One collection between the phases lets
    /// the next phase reuse that memory: at 10M events it keeps the process about 0.7 GB smaller.
    /// </summary>
    internal static void ReleaseGarbage() => GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
}
