namespace JourneyInsights.Sources;

/// <summary>The canonical field names that column maps feed. Vendor column names never travel past the Sources layer.</summary>
public static class CanonicalFields
{
    // analytics
    public const string Timestamp = "timestamp";
    public const string Event = "event";
    public const string AnonymousId = "anonymous_id";
    public const string UserId = "user_id";
    public const string Page = "page";
    public const string TrafficSource = "source";
    public const string TrafficMedium = "medium";
    public const string Device = "device";
    public const string Region = "region";
    public const string SessionId = "session_id";
    // crm
    public const string CrmId = "crm_id";
    public const string Email = "email";
    public const string LifecycleStage = "lifecycle_stage";
    public const string CreatedAt = "created_at";
    public const string Persona = "persona";
    public const string Segment = "segment";
    public const string OriginalSource = "original_source";
    // crm milestones: the canonical lifecycle stages a CRM map's milestone columns feed, whatever the vendor calls them
    public const string Lead = "lead";
    public const string Mql = "mql";
    public const string Sql = "sql";
    public const string Opportunity = "opportunity";
    public const string Customer = "customer";
    public const string Evangelist = "evangelist";

    /// <summary>The canonical milestones, in lifecycle order: lead, marketing-qualified lead, sales-qualified lead, opportunity, customer, evangelist.</summary>
    public static IReadOnlyList<string> Milestones { get; } = [Lead, Mql, Sql, Opportunity, Customer, Evangelist];

    /// <summary>
    /// The canonical milestone an old name stands for (<c>became_lead</c> was the field of the first CRM maps), or null.
    /// Old names keep working in maps and rules, with a notice asking to rename them.
    /// </summary>
    public static string? CanonicalMilestone(string deprecatedName) => deprecatedName switch
    {
        "became_lead" => Lead,
        "became_mql" or "became_marketing_qualified_lead" => Mql,
        "became_sql" or "became_sales_qualified_lead" => Sql,
        "became_opportunity" => Opportunity,
        "became_customer" => Customer,
        "became_evangelist" => Evangelist,
        _ => null,
    };
    // survey
    public const string ResponseId = "response_id";
    public const string Survey = "survey";
    public const string Nps = "nps";
    public const string Csat = "csat";
    public const string Ces = "ces";
    public const string EmotionLabel = "emotion";
    public const string Comment = "comment";

    /// <summary>The physical line of the record in its file, added by the loader to every canonical frame.</summary>
    public const string Line = "source_line";

    /// <summary>Fields every map of the kind must have.</summary>
    public static IReadOnlyList<string> RequiredFor(SourceKind kind) => kind switch
    {
        SourceKind.Analytics => [Timestamp, Event, AnonymousId],
        SourceKind.Crm => [CrmId],
        SourceKind.Survey => [Timestamp],
        _ => [],
    };

    /// <summary>The type a known field must have (a family: any date-time type is accepted for timestamps).</summary>
    internal static bool TypeFits(string field, FieldType type) => field switch
    {
        Timestamp or CreatedAt => IsTime(type),
        Nps or Csat or Ces => type is FieldType.Integer or FieldType.Number,
        Email => type is FieldType.Email,
        _ => true,
    };

    /// <summary>Fields that hold identifiers (ids are never numbers: an id in scientific notation was destroyed by Excel).</summary>
    internal static bool IsIdentifier(string field) => field is CrmId or ResponseId or AnonymousId or UserId or SessionId || field.EndsWith("_id", StringComparison.Ordinal);

    internal static bool IsTime(FieldType type) => type is FieldType.DateTime or FieldType.Date
        or FieldType.UnixSeconds or FieldType.UnixMillis or FieldType.UnixMicros;
}
