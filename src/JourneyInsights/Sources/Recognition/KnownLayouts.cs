using System.Text.RegularExpressions;

namespace JourneyInsights.Sources;

/// <summary>The export layouts `journey init` knows, most specific first.</summary>
internal static partial class KnownLayouts
{
    private static Dictionary<string, IReadOnlyList<string>> Names(params (string Field, string[] Columns)[] entries) =>
        entries.ToDictionary(e => e.Field, e => (IReadOnlyList<string>)e.Columns, StringComparer.Ordinal);

    /// <summary>HubSpot's lifecycle-stage labels (UI) and their canonical milestones.</summary>
    private static readonly Dictionary<string, string> HubSpotStages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Subscriber"] = "subscriber", ["Lead"] = "lead", ["Marketing Qualified Lead"] = "mql", ["Sales Qualified Lead"] = "sql",
        ["Opportunity"] = "opportunity", ["Customer"] = "customer", ["Evangelist"] = "evangelist", ["Other"] = "other",
    };

    [GeneratedRegex("""^Date entered "(?<stage>.+) \(Lifecycle Stage Pipeline\)"$""", RegexOptions.IgnoreCase)]
    private static partial Regex HubSpotDateEntered();

    [GeneratedRegex("^Became an? (?<stage>.+) Date$", RegexOptions.IgnoreCase)]
    private static partial Regex HubSpotBecame();

    private static string? HubSpotMilestone(string header)
    {
        var m = HubSpotDateEntered().Match(header.Trim());
        if (!m.Success) m = HubSpotBecame().Match(header.Trim());
        return m.Success && HubSpotStages.TryGetValue(m.Groups["stage"].Value, out var canonical) ? canonical : null;
    }

    public static IReadOnlyList<KnownLayout> All { get; } =
    [
        new()
        {
            Name = "aggregated GA4 report (UI download)", Kind = SourceKind.Analytics,
            Signature = [["Event name", "Page title and screen class", "Page path and screen class", "Page title", "Landing page", "First user default channel group", "Session default channel group"],
                         ["Event count", "Views", "Total users", "Active users", "Sessions", "New users"]],
            Refusal = "this is an aggregated GA4 report (a download from Reports, e.g. Engagement > Events): it holds totals per row, not one row per event and visitor, so no journey can be built from it. " +
                      "Export the events instead: link GA4 to BigQuery (Admin > BigQuery links), then save a query such as " +
                      "SELECT event_timestamp, event_name, user_pseudo_id, user_id, (SELECT value.string_value FROM UNNEST(event_params) WHERE key = 'page_location') AS page_location, traffic_source.source, traffic_source.medium, device.category AS device_category, geo.country AS country FROM `project.analytics_NNN.events_*` as CSV",
        },
        new()
        {
            Name = "GA4 BigQuery event export", Kind = SourceKind.Analytics, Preset = "ga4",
            Signature = [["event_timestamp"], ["event_name"], ["user_pseudo_id"]],
            Aliases = Names(
                ("page", ["page_location", "event_params.page_location", "page"]),
                ("source", ["traffic_source", "source", "traffic_source.source", "traffic_source_source", "collected_traffic_source.manual_source"]),
                ("medium", ["traffic_medium", "medium", "traffic_source.medium", "traffic_source_medium", "collected_traffic_source.manual_medium"]),
                ("device", ["device_category", "device.category", "category"]),
                ("region", ["country", "geo.country", "geo_country"])),
            Review = ["event_timestamp is UTC in every GA4 export; keep \"timeZone\": \"UTC\""],
        },
        new()
        {
            Name = "HubSpot contacts export", Kind = SourceKind.Crm, Preset = "hubspot",
            Signature = [["Record ID", "Record ID - Contact", "Contact ID"], ["Lifecycle Stage", "Create Date", "Create date"]],
            Aliases = Names(
                ("crm_id", ["Record ID", "Record ID - Contact", "Contact ID"]),
                ("original_source", ["Original Source", "Original Traffic Source"]),
                ("region", ["Country/Region", "Country"])),
            ExtraAccepted = Names(("lifecycle_stage", [.. HubSpotStages.Keys])),
            Milestone = HubSpotMilestone,
            Review = ["HubSpot writes dates in the portal's time zone (Settings > Account defaults): set \"timeZone\" to it"],
        },
        new()
        {
            Name = "Salesforce opportunity history report with the contact on each row", Kind = SourceKind.Crm, Preset = "salesforce-opportunity-history-flat",
            Signature = [["OpportunityId"], ["StageName"], ["CreatedDate"], ["ContactId"]],
            Review = ["Salesforce CreatedDate values carry their offset (Z); the export's encoding is chosen by the admin"],
        },
        new()
        {
            Name = "Salesforce OpportunityHistory export", Kind = SourceKind.Crm, Preset = "salesforce-opportunity-history",
            Signature = [["OpportunityId"], ["StageName"], ["CreatedDate"]],
            MissingHint = "Salesforce's data export (Setup > Data Export) writes OpportunityContactRole.csv and Contact.csv beside OpportunityHistory.csv: give the three files together",
            Review = ["Salesforce CreatedDate values carry their offset (Z); the export's encoding is chosen by the admin"],
        },
        new()
        {
            Name = "Qualtrics responses export (current: column ids, question texts, ImportId rows)", Kind = SourceKind.Survey, Preset = "qualtrics",
            Signature = [["ResponseId"], ["RecordedDate"]],
            Aliases = Names(("crm_id", ["ExternalReference", "ExternalDataReference"]), ("email", ["RecipientEmail", "EmailAddress"])),
            MaxExtraHeaderRows = 2, QuestionTexts = true, ImportIdTimeZone = true,
        },
        new()
        {
            Name = "legacy Qualtrics export (ResponseID, ResponseSet)", Kind = SourceKind.Survey, Preset = "qualtrics",
            Signature = [["ResponseID"], ["ResponseSet"], ["EndDate", "StartDate"]],
            Absent = ["RecordedDate"],
            Aliases = Names(("timestamp", ["EndDate", "StartDate"]), ("crm_id", ["ExternalDataReference", "ExternalReference"]), ("email", ["EmailAddress", "RecipientEmail"])),
            MaxExtraHeaderRows = 1, QuestionTexts = true,
            Review = ["this legacy export has no RecordedDate: EndDate (when the respondent finished) is the response time", "legacy exports are written in the account's time zone: set \"timeZone\""],
        },
        new()
        {
            Name = "Qualtrics \"Insights\" export (2016: ResponseID, no RecordedDate)", Kind = SourceKind.Survey, Preset = "qualtrics",
            Signature = [["ResponseID"], ["EndDate"]],
            Absent = ["RecordedDate"],
            Aliases = Names(("timestamp", ["EndDate", "StartDate"]), ("crm_id", ["ExternalDataReference", "ExternalReference"]), ("email", ["RecipientEmail", "EmailAddress"])),
            MaxExtraHeaderRows = 2, QuestionTexts = true, ImportIdTimeZone = true,
            Review = ["this export has no RecordedDate: EndDate (when the respondent finished) is the response time"],
        },
        new()
        {
            Name = "SurveyMonkey \"All responses\" export", Kind = SourceKind.Survey, Preset = "surveymonkey",
            Signature = [["Respondent ID", "RespondentID"], ["Collector ID", "Start Date", "End Date", "IP Address", "Email Address"]],
            Aliases = Names(("response_id", ["Respondent ID", "RespondentID"]), ("timestamp", ["End Date", "Start Date", "EndDate", "StartDate"])),
            MaxExtraHeaderRows = 1, QuestionTexts = true,
            MissingHint = "SurveyMonkey Audience exports have no Start Date or End Date; export \"All responses data\" from the survey's Analyze results page instead",
            Review = ["SurveyMonkey writes dates in the account's time zone: set \"timeZone\"", "the survey name is the Collector ID: rename the surveys rules' values if you want words"],
        },
        new()
        {
            Name = "event log in canonical column names", Kind = SourceKind.Analytics, Preset = "generic-events",
            Signature = [["timestamp"], ["event"], ["anonymous_id"]],
            Review = ["timestamps without an offset are read in \"timeZone\""],
        },
        new()
        {
            Name = "survey responses in canonical column names", Kind = SourceKind.Survey, Preset = "generic-survey",
            Signature = [["timestamp"], ["response_id", "nps", "csat", "ces", "survey", "emotion", "comment"]],
        },
        new()
        {
            Name = "contact list in canonical column names", Kind = SourceKind.Crm, Preset = "generic-contacts",
            Signature = [["crm_id"]],
            Milestone = h => h.StartsWith("became_", StringComparison.OrdinalIgnoreCase) && h.Length > 7 ? h[7..].ToLowerInvariant() : null,
        },
        new()
        {
            Name = "Salesforce OpportunityContactRole export", Kind = SourceKind.Crm,
            Signature = [["OpportunityId"], ["ContactId"], ["IsPrimary", "Role"]],
            Refusal = "this is Salesforce's OpportunityContactRole.csv: it links opportunities to contacts and is read as a join of OpportunityHistory.csv, not on its own. Give it together with OpportunityHistory.csv (and Contact.csv) from the same data export",
        },
        new()
        {
            Name = "Salesforce Contact export", Kind = SourceKind.Crm,
            Signature = [["Id"], ["Email"], ["FirstName", "LastName", "AccountId"]],
            Refusal = "this is Salesforce's Contact.csv: it holds no stage changes and is read as a join of OpportunityHistory.csv (through OpportunityContactRole.csv), not on its own. Give the three files of the data export together",
        },
    ];

    /// <summary>Survey question texts that identify a score or label column, and the field and bounds they feed.</summary>
    public static (string Field, FieldType Type, double? Min, double? Max)? Question(string text)
    {
        var t = text.ToLowerInvariant();
        if (t.Contains("recommend") && t.Contains("likely")) return ("nps", FieldType.Integer, 0, 10);
        if (t.Contains("satisf")) return ("csat", FieldType.Integer, 1, 5);
        if (t.Contains("easy") || t.Contains("effort")) return ("ces", FieldType.Integer, 1, 7);
        if (t.Contains("word") && (t.Contains("describ") || t.Contains("feel"))) return ("emotion", FieldType.String, null, null);
        if (t.Contains("anything else") || t.Contains("tell us") || t.Contains("comment")) return ("comment", FieldType.String, null, null);
        return null;
    }
}
