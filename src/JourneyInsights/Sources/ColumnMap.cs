using System.Text.Json.Serialization;

namespace JourneyInsights.Sources;

/// <summary>What kind of export a source is; decides which canonical table its rows feed.</summary>
public enum SourceKind
{
    /// <summary>Web/app analytics events (GA4, Adobe, Matomo): feed the touchpoints table.</summary>
    Analytics,
    /// <summary>CRM contacts, deals or lifecycle history (HubSpot, Salesforce): feed customers and milestone touchpoints.</summary>
    Crm,
    /// <summary>Survey responses (Qualtrics, SurveyMonkey, Typeform): feed the responses table.</summary>
    Survey,
}

/// <summary>How a raw text cell is typed.</summary>
public enum FieldType
{
    /// <summary>Text, trimmed of surrounding spaces.</summary>
    String,
    /// <summary>Whole number (invariant culture).</summary>
    Integer,
    /// <summary>Decimal number with '.' as separator.</summary>
    Number,
    /// <summary>Date and time in one of <see cref="ColumnSpec.Formats"/>; local to the source's time zone unless it carries an offset.</summary>
    DateTime,
    /// <summary>Calendar date in one of <see cref="ColumnSpec.Formats"/> (default yyyy-MM-dd, yyyyMMdd), midnight in the source's time zone.</summary>
    Date,
    /// <summary>Seconds since 1970-01-01T00:00:00Z.</summary>
    UnixSeconds,
    /// <summary>Milliseconds since the Unix epoch.</summary>
    UnixMillis,
    /// <summary>Microseconds since the Unix epoch (GA4's event_timestamp).</summary>
    UnixMicros,
    /// <summary>An e-mail address, normalised: trimmed and lower-cased; must contain one '@'.</summary>
    Email,
    /// <summary>A URL or path; stored as its path (no scheme, host, query or fragment), e.g. <c>/pricing</c>.</summary>
    UrlPath,
}

/// <summary>
/// One column of an export: which vendor column feeds which canonical field, its type and its data-quality rules
/// (declared beside the map, like dbt's schema.yml tests).
/// </summary>
public sealed record ColumnSpec
{
    /// <summary>The canonical field name, e.g. <c>timestamp</c>, <c>anonymous_id</c>, <c>crm_id</c>, <c>nps</c>.</summary>
    public required string Field { get; init; }
    /// <summary>The column's header in the export, matched exactly, then ignoring case and surrounding spaces.</summary>
    public required string Column { get; init; }
    /// <summary>
    /// Other headers the same column has in other versions of the export (HubSpot's older <c>Became a Lead Date</c> for
    /// <c>Date entered "Lead (Lifecycle Stage Pipeline)"</c>), tried in order after <see cref="Column"/>.
    /// </summary>
    public IReadOnlyList<string>? Alternatives { get; init; }
    /// <summary>Said when the column is missing from the file, after the list of expected columns (how to get an export that has it).</summary>
    public string? MissingHint { get; init; }
    public FieldType Type { get; init; } = FieldType.String;
    /// <summary>
    /// Parse formats for date and date-time columns (.NET custom format strings, invariant culture, or <c>unix-seconds</c>,
    /// <c>unix-millis</c>, <c>unix-micros</c>). When null, the format is inferred from the first rows among common export
    /// formats (see <see cref="DateFormats"/>); an ambiguous sample is an error, never a guess.
    /// </summary>
    public IReadOnlyList<string>? Formats { get; init; }
    /// <summary>Rule: the cell must not be empty.</summary>
    public bool Required { get; init; }
    /// <summary>Rule: non-empty values must not repeat within the file (a repeat is rejected; the first occurrence is kept).</summary>
    public bool Unique { get; init; }
    /// <summary>Rule: the value must be one of these (compared ignoring case). Empty cells pass unless <see cref="Required"/>.</summary>
    public IReadOnlyList<string>? AcceptedValues { get; init; }
    /// <summary>Rule: inclusive lower bound for integer and number columns.</summary>
    public double? Min { get; init; }
    /// <summary>Rule: inclusive upper bound for integer and number columns.</summary>
    public double? Max { get; init; }
    /// <summary>
    /// Renames values after the rules are checked: a cell equal to a key (ignoring case and surrounding spaces) becomes
    /// the key's value, e.g. Salesforce's <c>"Closed Won": "customer"</c>, so journey rules name canonical milestones
    /// whatever the CRM. Values not listed are kept as they are. String columns only.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ValueMap { get; init; }
    /// <summary>CRM only: a lifecycle date column; each non-empty value becomes a milestone touchpoint named after <see cref="Field"/>.</summary>
    public bool Milestone { get; init; }
    /// <summary>When true, the column may be absent from the file (the field stays empty). Otherwise a missing column stops the load.</summary>
    public bool Optional { get; init; }
}

/// <summary>
/// A declarative map from a vendor's CSV export to canonical fields (the idea of CsvHelper's ClassMap, kept as data).
/// A new vendor export is a new map in JSON, not new code.
/// </summary>
public sealed record ColumnMap
{
    public required string Name { get; init; }
    public required SourceKind Kind { get; init; }
    public string? Description { get; init; }
    /// <summary>Rows after the header row that are not data (Qualtrics writes two: question texts and ImportId JSON).</summary>
    public int ExtraHeaderRows { get; init; }
    /// <summary>
    /// Instead of an exact <see cref="ExtraHeaderRows"/>: up to this many rows after the header are header rows while they
    /// look like one (every required date or number cell is empty or does not parse: question texts, answer options,
    /// ImportId JSON). For exports whose versions write a different number of header rows (Qualtrics 2016 writes one, today's
    /// export two). A header cell <c>{"ImportId":"…","timeZone":"America/Denver"}</c> sets that column's time zone.
    /// </summary>
    public int MaxExtraHeaderRows { get; init; }
    /// <summary>1-based line of the header row; lines before it are a preamble and skipped. Null: line 1, or the line found by
    /// <see cref="CommentPrefix"/>, or (neither given) the first of the first 50 lines that holds the map's required columns.</summary>
    public int? HeaderRow { get; init; }
    /// <summary>Lines before the header that start with this text (e.g. <c>#</c>) are a preamble and skipped.</summary>
    public string? CommentPrefix { get; init; }
    /// <summary>
    /// File layouts this map recognises but refuses, with the reason (a GA4 UI report download is an aggregated table,
    /// not events): when a line near the top holds all the <see cref="RefusedLayout.Columns"/>, the load stops with the reason.
    /// </summary>
    public IReadOnlyList<RefusedLayout>? Refuse { get; init; }
    /// <summary>
    /// CRM maps with milestone columns stop the load when the file has none of them (the funnel would silently lose its
    /// CRM stages). True lets a file of contact attributes only load (the generic-contacts preset).
    /// </summary>
    public bool AllowNoMilestones { get; init; }
    public required IReadOnlyList<ColumnSpec> Columns { get; init; }
    /// <summary>Rule: at least one field of each group must be non-empty, e.g. <c>[["crm_id", "email"]]</c>.</summary>
    public IReadOnlyList<IReadOnlyList<string>>? RequireAnyOf { get; init; }
    /// <summary>
    /// CRM in long form (one row per stage change, e.g. Salesforce opportunity history): the field holding the milestone name.
    /// Together with a <c>timestamp</c> field each row becomes one milestone touchpoint.
    /// </summary>
    public string? MilestoneNameField { get; init; }
    /// <summary>
    /// Rows of the file that are used at all, e.g. <c>[{ "column": "IsDeleted", "notIn": ["true", "1"] }]</c>; every
    /// condition must hold. A row left out is counted as rejected with rule <c>filter</c> (it is not a data-quality problem:
    /// <c>journey validate</c>'s rejected share leaves these rows out).
    /// </summary>
    public IReadOnlyList<RowFilter>? Filter { get; init; }
    /// <summary>
    /// Other files of the same export looked up for each row, in order (a later join may key on an earlier one's
    /// columns). A map column named <c>Join.Column</c> reads that join's column.
    /// </summary>
    public IReadOnlyList<JoinDefinition>? Joins { get; init; }
    /// <summary>Snapshot de-duplication: of each run of rows with equal values per key, ordered by time, only the first is kept.</summary>
    public SnapshotDefinition? Snapshot { get; init; }
}

/// <summary>
/// A condition on a row's raw cell (trimmed, compared ignoring case): with <see cref="In"/>, the cell must be one of the
/// values; with <see cref="NotIn"/>, it must be none of them (an empty cell passes <see cref="NotIn"/>).
/// </summary>
public sealed record RowFilter
{
    /// <summary>The column's header in the file (for a join's filter: in the joined file).</summary>
    public required string Column { get; init; }
    public IReadOnlyList<string>? In { get; init; }
    public IReadOnlyList<string>? NotIn { get; init; }

    /// <summary>Whether a trimmed cell passes.</summary>
    public bool Passes(string cell) =>
        (In is null || In.Any(v => string.Equals(v, cell, StringComparison.OrdinalIgnoreCase))) &&
        (NotIn is null || !NotIn.Any(v => string.Equals(v, cell, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The condition in words, e.g. <c>IsDeleted not in (true, 1)</c>.</summary>
    public override string ToString() =>
        string.Join(" and ", new[] { In is { } i ? $"{Column} in ({string.Join(", ", i)})" : null, NotIn is { } n ? $"{Column} not in ({string.Join(", ", n)})" : null }.OfType<string>());
}

/// <summary>
/// Another file of the same export, looked up by key for each row (many rows to one: the first row of each key is
/// used), e.g. Salesforce's OpportunityContactRole.csv by <c>OpportunityId</c>.
/// </summary>
public sealed record JoinDefinition
{
    /// <summary>The join's name; map columns read its columns as <c>Name.Column</c>.</summary>
    public required string Name { get; init; }
    /// <summary>The file, relative to the source's file; a source may name another (<c>"joinFiles"</c> in journey.json).</summary>
    public required string File { get; init; }
    /// <summary>
    /// The keys: each entry maps a column of the row (of the main file, or <c>Earlier.Column</c> of an earlier join) to a
    /// column of this file; all must be equal (compared exactly, trimmed).
    /// </summary>
    public required IReadOnlyDictionary<string, string> On { get; init; }
    /// <summary>Rows of the joined file that may match; the others are left out before the lookup.</summary>
    public IReadOnlyList<RowFilter>? Filter { get; init; }
    /// <summary>When true, a row without a match is rejected (rule <c>join</c>); otherwise this join's columns stay empty.</summary>
    public bool Required { get; init; }
}

/// <summary>
/// Keeps state changes only: rows are grouped by <see cref="Keys"/>, ordered by <see cref="OrderBy"/> (then by line),
/// and of each run of consecutive rows with equal <see cref="Values"/> only the first is kept. Fields are canonical
/// (after <see cref="ColumnSpec.ValueMap"/>). The rows folded away are accepted and counted as collapsed.
/// </summary>
public sealed record SnapshotDefinition
{
    public required IReadOnlyList<string> Keys { get; init; }
    public required IReadOnlyList<string> Values { get; init; }
    /// <summary>A date or date-time field; default <c>timestamp</c>.</summary>
    public string OrderBy { get; init; } = CanonicalFields.Timestamp;
}

/// <summary>A file layout a column map refuses, recognised by its column names.</summary>
public sealed record RefusedLayout
{
    /// <summary>Header names that together identify the layout (matched ignoring case and surrounding spaces).</summary>
    public required IReadOnlyList<string> Columns { get; init; }
    /// <summary>What the file is and how to get a file this map reads.</summary>
    public required string Reason { get; init; }
}
