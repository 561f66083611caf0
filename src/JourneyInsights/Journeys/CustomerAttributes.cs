using JourneyInsights.Definition;
using JourneyInsights.Sources;

namespace JourneyInsights.Journeys;

/// <summary>
/// Step 3 of building a journey: each customer's attributes. First touch (channel, device, region) from the customer's
/// earliest analytics event; persona from their first CRM record; region from the CRM only when the customer has no
/// analytics event (so segments compare like with like); first seen = their earliest placed touchpoint.
/// </summary>
public static class CustomerAttributes
{
    /// <summary>The value of an attribute nothing tells.</summary>
    public const string Unknown = "(unknown)";

    /// <param name="tables">The canonical tables.</param>
    /// <param name="identities">The customer of every row (<see cref="IdentityStitching.Stitch"/> on the same tables).</param>
    /// <param name="placed">The placed touchpoints (<see cref="Placement.Place"/>), for the first-seen instant.</param>
    /// <param name="definition">The channel rules naming a first-touch source and medium.</param>
    public static DescribedCustomers Describe(CanonicalTables tables, StitchedIdentities identities, PlacedTouchpoints placed, JourneyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(placed);
        return Describe(FirstRecords(tables, identities, definition), identities, placed);
    }

    /// <summary>
    /// The part of <see cref="Describe(CanonicalTables, StitchedIdentities, PlacedTouchpoints, JourneyDefinition)"/>
    /// that reads the loaded rows (first touch, CRM attributes) and needs no placement, so that the journey builder runs it
    /// on another core while placing.
    /// </summary>
    internal static FirstRecordAttributes FirstRecords(CanonicalTables tables, StitchedIdentities identities, JourneyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(definition);
        Placement.CheckShape(tables, identities);
        var customers = identities.Customers;
        var persona = Fill(customers, Unknown);
        var channel = Fill(customers, Unknown);
        var device = Fill(customers, Unknown);
        var region = Fill(customers, Unknown);
        var known = new bool[customers];
        var firstEvent = new long[customers];
        Array.Fill(firstEvent, long.MaxValue);
        var hasAnalytics = new bool[customers];

        // First touch: the earliest analytics event (the first row of the earliest instant).
        for (var a = 0; a < tables.Touchpoints.Count; a++)
        {
            var table = tables.Touchpoints[a];
            var cust = identities.OfTouchpoint[a];
            var time = table.Timestamp;
            var (source, medium, dev, reg) = (table.TrafficSource, table.TrafficMedium, table.Device, table.Region);
            // The channel of each pair of source and medium codes is named once (a name that no rule gives is a new string).
            var channelOfCodes = source is not { IsCoded: false } && medium is not { IsCoded: false } ? new Dictionary<long, string>() : null;
            for (var i = 0; i < cust.Length; i++)
            {
                var c = cust[i];
                if (c < 0) continue; // after the cutoff
                hasAnalytics[c] = true;
                var t = time[i]!.Value.Ticks;
                if (t >= firstEvent[c]) continue;
                firstEvent[c] = t;
                if (channelOfCodes is null) channel[c] = ChannelName(definition, source?[i], medium?[i]);
                else
                {
                    var pair = (long)(source?.Code(i) ?? 0) << 32 | (uint)(medium?.Code(i) ?? 0);
                    if (!channelOfCodes.TryGetValue(pair, out var name)) channelOfCodes[pair] = name = ChannelName(definition, source?[i], medium?[i]);
                    channel[c] = name;
                }
                device[c] = dev?[i] ?? Unknown;
                region[c] = reg?[i] ?? Unknown;
            }
        }

        // CRM: the first record of each contact gives persona (and region when there is no analytics event).
        long crmContacts = 0;
        for (var t = 0; t < tables.Customers.Count; t++)
        {
            var table = tables.Customers[t];
            var cust = identities.OfCustomerRow[t];
            var (pers, reg) = (table.Persona, table.Region);
            for (var i = 0; i < cust.Length; i++)
            {
                var c = cust[i];
                if (c < 0 || known[c]) continue; // created after the cutoff, or described by an earlier record
                known[c] = true;
                crmContacts++;
                if (pers?[i] is { Length: > 0 } p) persona[c] = p;
                if (reg?[i] is { Length: > 0 } r && !hasAnalytics[c]) region[c] = r;
            }
        }

        return new FirstRecordAttributes(persona, channel, device, region, known, hasAnalytics, crmContacts);
    }

    internal static DescribedCustomers Describe(FirstRecordAttributes first, StitchedIdentities identities, PlacedTouchpoints placed)
    {
        var customers = identities.Customers;
        var (known, hasAnalytics) = (first.Known, first.HasAnalytics);
        var firstSeen = new long[customers];
        var tp = placed.Touchpoints;
        for (var i = 0; i < tp.Count; i++)
        {
            var c = tp.Customer[i];
            if (firstSeen[c] == 0 || tp.Time[i] < firstSeen[c]) firstSeen[c] = tp.Time[i];
        }

        long withoutAnalytics = 0;
        for (var c = 0; c < customers; c++) if (known[c] && !hasAnalytics[c]) withoutAnalytics++;
        return new DescribedCustomers
        {
            Customers = new CustomerColumns
            {
                Keys = identities.Keys, Persona = first.Persona, Channel = first.Channel, Device = first.Device, Region = first.Region, Known = known, FirstSeen = firstSeen,
            },
            CrmContacts = first.CrmContacts,
            CrmContactsWithoutAnalytics = withoutAnalytics,
        };
    }

    /// <summary>The first channel rule matching a traffic source and medium (ignoring case, <c>*</c> matches anything), else "source / medium".</summary>
    public static string ChannelName(JourneyDefinition definition, string? source, string? medium)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (source is null && medium is null) return Unknown;
        foreach (var rule in definition.Channels)
            if ((rule.Source == "*" || string.Equals(rule.Source, source, StringComparison.OrdinalIgnoreCase)) &&
                (rule.Medium == "*" || string.Equals(rule.Medium, medium, StringComparison.OrdinalIgnoreCase)))
                return rule.Name;
        return $"{source ?? "(none)"} / {medium ?? "(none)"}";
    }

    private static string[] Fill(int n, string value) { var a = new string[n]; Array.Fill(a, value); return a; }
}

/// <summary>Per customer, what its first records tell (<see cref="CustomerAttributes.FirstRecords"/>).</summary>
internal sealed record FirstRecordAttributes(string[] Persona, string[] Channel, string[] Device, string[] Region, bool[] Known, bool[] HasAnalytics, long CrmContacts);

/// <summary>What <see cref="CustomerAttributes.Describe(CanonicalTables, StitchedIdentities, PlacedTouchpoints, JourneyDefinition)"/> found.</summary>
public sealed class DescribedCustomers
{
    public required CustomerColumns Customers { get; init; }
    /// <summary>Distinct customers with a CRM record within the cutoff.</summary>
    public required long CrmContacts { get; init; }
    /// <summary>Customers with a CRM record and no analytics event.</summary>
    public required long CrmContactsWithoutAnalytics { get; init; }
}
