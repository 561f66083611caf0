using System.Text.Json.Serialization;
using JourneyInsights.Sources;

namespace JourneyInsights.Definition;

/// <summary>
/// The journey definition (<c>journey.json</c>): which exports to read, the ordered stages, the rules that place
/// records in stages and touchpoints, identity keys, funnel and emotion settings. Documented in docs/configuration.md.
/// </summary>
public sealed record JourneyDefinition
{
    /// <summary>A title for reports, e.g. "Northwind Cloud customer journey".</summary>
    public required string Name { get; init; }
    /// <summary>IANA time zone in which months are cut and dates are shown (UTC inside). Default UTC.</summary>
    public string ReportTimeZone { get; init; } = "UTC";
    public required IReadOnlyList<SourceDefinition> Sources { get; init; }
    /// <summary>The ordered stages, first to last.</summary>
    public required IReadOnlyList<StageDefinition> Stages { get; init; }
    /// <summary>Ordered rules; the first rule that matches a record names its touchpoint and stage.</summary>
    public required IReadOnlyList<TouchpointRule> Touchpoints { get; init; }
    public IdentityDefinition Identity { get; init; } = new();
    public FunnelDefinition Funnel { get; init; } = new();
    public EmotionDefinition Emotion { get; init; } = new();
    /// <summary>Optional rules naming acquisition channels from analytics source/medium; default name is "source / medium".</summary>
    public IReadOnlyList<ChannelRule> Channels { get; init; } = [];
    /// <summary>Known personas, in the order reports show them. Others found in the data are listed after these.</summary>
    public IReadOnlyList<string> Personas { get; init; } = [];

    /// <summary>
    /// Things to change in the definition that still work today, each with its JSON path: old milestone names
    /// (<c>became_lead</c> for the canonical <c>lead</c>). Shown by <c>journey validate</c> and <c>journey report</c>.
    /// </summary>
    [JsonIgnore] public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>The file this definition was read from (absolute), or null when built in code.</summary>
    [JsonIgnore] public string? FilePath { get; init; }

    /// <summary>SHA-256 (lower-case hex) of <see cref="FilePath"/>'s bytes as they were read, or null when built in code.</summary>
    [JsonIgnore] public string? FileSha256 { get; init; }

    /// <summary>Reads and checks a journey definition; paths inside are resolved relative to the file.</summary>
    /// <exception cref="JourneyDefinitionException">Unknown fields, wrong types, unknown presets or stages, bad time zones.</exception>
    public static JourneyDefinition Load(string path) => JourneyDefinitionReader.Load(path);
}

/// <summary>One stage of the journey.</summary>
public sealed record StageDefinition
{
    public required string Name { get; init; }
    /// <summary>The customer's goal at this stage, shown on the journey map.</summary>
    public string? Goal { get; init; }
}

/// <summary>
/// Places records in a touchpoint and stage. All conditions given must hold (events AND pages AND ...);
/// within one condition any listed value matches. Page patterns use <c>*</c> as a wildcard.
/// </summary>
public sealed record TouchpointRule
{
    /// <summary>The touchpoint name, e.g. "Pricing page".</summary>
    public required string Name { get; init; }
    /// <summary>The stage; null marks records that are known but not part of the journey (e.g. logins), counted as unstaged.</summary>
    public string? Stage { get; init; }
    /// <summary>Whether reaching this touchpoint means reaching the stage (funnel entry). Default true.</summary>
    public bool Entry { get; init; } = true;
    public required TouchpointMatch When { get; init; }
}

/// <summary>The conditions of a <see cref="TouchpointRule"/>.</summary>
public sealed record TouchpointMatch
{
    /// <summary>Analytics event names.</summary>
    public IReadOnlyList<string>? Events { get; init; }
    /// <summary>Page path patterns, e.g. <c>/blog/*</c>.</summary>
    public IReadOnlyList<string>? Pages { get; init; }
    /// <summary>CRM milestone fields (wide exports) or milestone names (long exports).</summary>
    public IReadOnlyList<string>? Milestones { get; init; }
    /// <summary>Survey names.</summary>
    public IReadOnlyList<string>? Surveys { get; init; }
}

/// <summary>How records of different sources are recognised as the same customer.</summary>
public sealed record IdentityDefinition
{
    /// <summary>
    /// What the analytics <c>user_id</c> holds once a visitor logs in: <c>crm_id</c> (default), <c>email</c>,
    /// or <c>none</c> (user ids only link devices to each other).
    /// </summary>
    public string AnalyticsUserId { get; init; } = "crm_id";
}

/// <summary>Funnel settings; see docs/metrics.md.</summary>
public sealed record FunnelDefinition
{
    /// <summary>A customer counts at a later stage only within this many days of entering the first stage. Default 30.</summary>
    public double ConversionWindowDays { get; init; } = 30;
    /// <summary>
    /// <c>ordered</c> (default): stages must be reached in order; <c>strict</c>: in order and straight on, no entry of
    /// another stage between stage k-1 and stage k; <c>any-order</c>: reaching a stage at any time in the window counts.
    /// </summary>
    public string Mode { get; init; } = "ordered";
    /// <summary>
    /// Exclusion steps: a customer with one of these touchpoints between the moments of stage k-1 and stage k leaves the
    /// funnel at stage k (counts at k-1, not at k or later). None by default. Ordered and strict funnels only.
    /// </summary>
    public IReadOnlyList<FunnelExclusion> Exclusions { get; init; } = [];
    /// <summary>
    /// <c>customer</c> (default): the funnel counts customers. <c>session</c>: the report also counts a funnel of
    /// sessions, each session (its <c>session_id</c> held constant) a funnel attempt of its own; the analytics column map
    /// must map <c>session_id</c>, which is read only then.
    /// </summary>
    public string CountBy { get; init; } = "customer";
    /// <summary>Segments with fewer customers at the start of a transition are flagged as low sample. Default 30.</summary>
    public int MinSampleSize { get; init; } = 30;
    /// <summary>Significance level for month-over-month tests. Default 0.05.</summary>
    public double Alpha { get; init; } = 0.05;
    /// <summary>
    /// Breakdowns (persona, channel, device, region) show at most this many segments, those with the most customers
    /// entering the funnel; the rest are pooled into one segment "(other: N values)" and the outputs say so. Default 20.
    /// </summary>
    public int MaxSegments { get; init; } = 20;
}

/// <summary>
/// One exclusion step of a funnel: customers with the touchpoint <see cref="Touchpoint"/> between the moment they counted
/// at stage k-1 and the moment they would count at stage k, for a transition inside <see cref="From"/>..<see cref="To"/>,
/// leave the funnel at stage k. See docs/metrics.md ("Exclusion steps").
/// </summary>
public sealed record FunnelExclusion
{
    /// <summary>A touchpoint name of the <c>touchpoints</c> rules (any rule: an entry, a non-entry such as "Payment error", or one without a stage).</summary>
    public required string Touchpoint { get; init; }
    /// <summary>The stage the exclusion starts at (default: the first stage): it applies to the transitions out of this stage and later ones.</summary>
    public string? From { get; init; }
    /// <summary>The stage the exclusion ends at (default: the last stage): it applies to the transitions into this stage and earlier ones.</summary>
    public string? To { get; init; }
}

/// <summary>How survey answers become one emotion score in [-1, +1]; see docs/metrics.md.</summary>
public sealed record EmotionDefinition
{
    /// <summary>Score of each emotion label (case-insensitive), in [-1, +1].</summary>
    public IReadOnlyDictionary<string, double> Labels { get; init; } = new Dictionary<string, double>
    {
        ["delighted"] = 1.0, ["happy"] = 0.5, ["neutral"] = 0.0, ["confused"] = -0.5, ["frustrated"] = -0.75, ["angry"] = -1.0,
    };
    /// <summary>Weights of the measures when a response has several; missing measures are left out and the rest re-weighted.</summary>
    public EmotionWeights Weights { get; init; } = new();
    /// <summary>
    /// The survey touchpoint (its name in <c>touchpoints</c>) whose NPS answers are the relationship NPS the emotion drivers
    /// explain; null: the survey touchpoint of the latest stage that has NPS answers (ties: the one with more answers).
    /// </summary>
    public string? RelationshipSurvey { get; init; }
}

/// <summary>Weights of NPS, CSAT, CES and the emotion label in a response's combined score.</summary>
public sealed record EmotionWeights
{
    public double Nps { get; init; } = 1;
    public double Csat { get; init; } = 1;
    public double Ces { get; init; } = 1;
    public double Label { get; init; } = 1;
}

/// <summary>Names an acquisition channel from analytics traffic source and medium (either may be <c>*</c>).</summary>
public sealed record ChannelRule
{
    public required string Name { get; init; }
    public string Source { get; init; } = "*";
    public string Medium { get; init; } = "*";
}
