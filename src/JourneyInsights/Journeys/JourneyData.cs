using JourneyInsights.Definition;

namespace JourneyInsights.Journeys;

/// <summary>
/// The canonical, stitched journey: every touchpoint placed in a stage and attached to a customer, the customers with
/// their attributes, and the survey responses. Columnar (arrays) so that metrics run over millions of rows;
/// <see cref="TouchpointsFrame"/>, <see cref="CustomersFrame"/> and <see cref="ResponsesFrame"/> give DataFrames.
/// </summary>
public sealed partial class JourneyData
{
    public required JourneyDefinition Definition { get; init; }
    /// <summary>Stage names, in order.</summary>
    public required string[] Stages { get; init; }
    /// <summary>Touchpoint names: the rules' names, index = rule index.</summary>
    public required string[] TouchpointNames { get; init; }
    public required TouchpointColumns Touchpoints { get; init; }
    /// <summary>
    /// Records of touchpoint rules without a stage that a funnel exclusion of <see cref="Definition"/> names, kept aside
    /// for the exclusion check only (<see cref="Timelines"/>); empty when no exclusion names such a rule.
    /// </summary>
    public required StagelessRecords Stageless { get; init; }
    public required CustomerColumns Customers { get; init; }
    public required ResponseColumns Responses { get; init; }
    public required IdentityReport Identity { get; init; }
    public required PlacementReport Placement { get; init; }
    /// <summary>The report time zone.</summary>
    public required TimeZoneInfo TimeZone { get; init; }
    /// <summary>The latest instant in the data (UTC): cohorts are judged mature against it.</summary>
    public required DateTime DataEnd { get; init; }
    /// <summary>The earliest instant in the data (UTC).</summary>
    public required DateTime DataStart { get; init; }

    private int[]? _responseMonths;
    private int? _firstCrmStage;

    /// <summary>
    /// The earliest stage (index) at which the data places a CRM record (a milestone touchpoint of a CRM source), or 0
    /// when no CRM record is placed: attributes that come only from the CRM (persona) are unknown before it.
    /// </summary>
    public int FirstCrmStage => _firstCrmStage ??= ComputeFirstCrmStage();

    private int ComputeFirstCrmStage()
    {
        var crm = Definition.Sources.Select(s => s.Kind == Sources.SourceKind.Crm).ToArray();
        if (!crm.Any(c => c)) return 0;
        var first = int.MaxValue;
        var tp = Touchpoints;
        for (var i = 0; i < tp.Count; i++)
            if (tp.Stage[i] >= 0 && tp.Stage[i] < first && tp.Source[i] < crm.Length && crm[tp.Source[i]]) first = tp.Stage[i];
        return first == int.MaxValue ? 0 : first;
    }

    /// <summary>Month key (year * 12 + month - 1) of each response in the report time zone, computed once.</summary>
    public int[] ResponseMonthKeys => _responseMonths ??= Responses.Time.Select(t =>
    {
        var local = Sources.TimeZones.FromUtc(new DateTime(t, DateTimeKind.Utc), TimeZone);
        return local.Year * 12 + local.Month - 1;
    }).ToArray();
}

/// <summary>Touchpoints, one entry per placed record (analytics event, CRM milestone, survey answer).</summary>
public sealed class TouchpointColumns
{
    public required int[] Customer { get; init; }
    /// <summary>UTC ticks.</summary>
    public required long[] Time { get; init; }
    /// <summary>Index into <see cref="JourneyData.TouchpointNames"/>.</summary>
    public required int[] Touchpoint { get; init; }
    /// <summary>Stage index, or -1 for records that are known but not part of the journey (rule with a null stage).</summary>
    public required sbyte[] Stage { get; init; }
    /// <summary>Whether the touchpoint counts as reaching its stage.</summary>
    public required bool[] Entry { get; init; }
    /// <summary>Index of the source in the definition.</summary>
    public required byte[] Source { get; init; }
    /// <summary>
    /// The session of each analytics touchpoint (an index: one per distinct device id and session id, numbered in order
    /// of first appearance), -1 for CRM milestones, survey answers and events without a session id; null when no
    /// session id was read (the funnel is not counted by session).
    /// </summary>
    public int[]? Session { get; init; }
    /// <summary>Number of distinct sessions in <see cref="Session"/> (0 when null).</summary>
    public int SessionCount { get; init; }
    public int Count => Customer.Length;
}

/// <summary>
/// Records of touchpoint rules without a stage (<c>"stage": null</c>, e.g. logins) that a funnel exclusion names:
/// customer, time and rule, as <see cref="TouchpointColumns"/> has them. They are not touchpoints: no stage, no figure
/// but the exclusion check reads them (docs/metrics.md, "Exclusion steps"), and <see cref="PlacementReport.Unstaged"/>
/// still counts them. Analytics records first (source by source, row order), then CRM milestones, then survey answers.
/// </summary>
public sealed class StagelessRecords
{
    public required int[] Customer { get; init; }
    /// <summary>UTC ticks.</summary>
    public required long[] Time { get; init; }
    /// <summary>Index into <see cref="JourneyData.TouchpointNames"/>: always a rule without a stage.</summary>
    public required int[] Touchpoint { get; init; }
    /// <summary>
    /// The session of each record as numbered in <see cref="TouchpointColumns.Session"/>, -1 for CRM milestones, survey
    /// answers, events without a session id and sessions that have no touchpoint; null when
    /// <see cref="TouchpointColumns.Session"/> is.
    /// </summary>
    public int[]? Session { get; init; }
    /// <summary>[rule]: whether this table holds the records of the rule (a rule without a stage that an exclusion names).</summary>
    public required bool[] Kept { get; init; }
    public int Count => Customer.Length;
}

/// <summary>Customers (stitched identities). Index = customer number used by the other tables.</summary>
public sealed class CustomerColumns
{
    /// <summary>A pseudonymous key (no personal data), stable across runs of one installation: "K" + 16 hex digits (64 bits) of HMAC-SHA256 of the customer's first identifier under a secret kept outside the reports (<see cref="Privacy.PseudonymousKeys"/>); at 10M customers the chance of any two colliding is about 3 in a million. Every customer's key is worked out when this is first read; <see cref="KeyOf"/> works out one.</summary>
    public string[] Key => Keys.All();
    /// <summary>The key of one customer (as <see cref="Key"/> has it), without working out the others.</summary>
    public string KeyOf(int customer) => Keys.Of(customer);
    /// <summary>The customers' keys, each worked out when asked for.</summary>
    public required CustomerKeys Keys { get; init; }
    /// <summary>Persona from the CRM, or "(unknown)".</summary>
    public required string[] Persona { get; init; }
    /// <summary>First-touch acquisition channel (from the earliest analytics event), or "(unknown)".</summary>
    public required string[] Channel { get; init; }
    /// <summary>Device of the earliest analytics event, or "(unknown)".</summary>
    public required string[] Device { get; init; }
    /// <summary>Region of the earliest analytics event (known for every visitor, so segments compare like with like), else the CRM's, or "(unknown)".</summary>
    public required string[] Region { get; init; }
    /// <summary>Whether the customer has a CRM record.</summary>
    public required bool[] Known { get; init; }
    /// <summary>Earliest touchpoint, UTC ticks (0 when none).</summary>
    public required long[] FirstSeen { get; init; }
    public int Count => Keys.Count;
}

/// <summary>Survey responses with their normalised emotion score and placement.</summary>
public sealed class ResponseColumns
{
    /// <summary>Customer number, or -1 when the response matched no customer.</summary>
    public required int[] Customer { get; init; }
    public required long[] Time { get; init; }
    public required string[] Survey { get; init; }
    /// <summary>The stage the response is placed at (survey mapping, else the stage reached when answering), or -1.</summary>
    public required sbyte[] Stage { get; init; }
    /// <summary>The touchpoint (survey rule) index, or -1.</summary>
    public required int[] Touchpoint { get; init; }
    /// <summary>NaN when missing.</summary>
    public required double[] Nps { get; init; }
    public required double[] Csat { get; init; }
    public required double[] Ces { get; init; }
    public required string?[] EmotionLabel { get; init; }
    /// <summary>Combined emotion in [-1, +1], NaN when the response has no measure.</summary>
    public required double[] Score { get; init; }
    public required string?[] Comment { get; init; }
    public int Count => Customer.Length;
}

/// <summary>What identity stitching could and could not match.</summary>
public sealed record IdentityReport
{
    public long Customers { get; init; }
    /// <summary>Customers with a CRM record.</summary>
    public long KnownCustomers { get; init; }
    /// <summary>Journeys of visitors who never identified (no login id, no CRM record).</summary>
    public long AnonymousJourneys { get; init; }
    public long AnalyticsIds { get; init; }
    /// <summary>Anonymous analytics ids joined to a login id.</summary>
    public long AnalyticsIdsLinked { get; init; }
    /// <summary>Customers with more than one anonymous analytics id (several devices or browsers).</summary>
    public long CustomersWithSeveralDevices { get; init; }
    public long CrmContacts { get; init; }
    /// <summary>CRM contacts with no analytics activity.</summary>
    public long CrmContactsWithoutAnalytics { get; init; }
    public long Responses { get; init; }
    public long ResponsesMatchedByCrmId { get; init; }
    public long ResponsesMatchedByEmail { get; init; }
    /// <summary>Responses whose CRM id and e-mail match no customer.</summary>
    public long ResponsesUnmatched { get; init; }
}

/// <summary>How records were placed in touchpoints and stages.</summary>
public sealed record PlacementReport
{
    public long Placed { get; init; }
    /// <summary>Records matched by a rule whose stage is null (known, not part of the journey).</summary>
    public long Unstaged { get; init; }
    /// <summary>Records that no rule matched, grouped by what they were (e.g. "web: page_view /login"), most frequent first.</summary>
    public IReadOnlyList<(string What, long Rows)> Unmatched { get; init; } = [];
    public long UnmatchedRows => Unmatched.Sum(u => u.Rows);
}
