using JourneyInsights.Sources;

namespace JourneyInsights.Definition;

/// <summary>
/// What the loaded exports hold, as far as drafting a journey needs it: event names and pages with their row counts,
/// CRM milestones reached, survey names, and the identifiers that link the sources. Counts are accepted rows of all
/// the files of that kind together.
/// </summary>
public sealed record ExportProfile
{
    /// <summary>Analytics rows per event name, most frequent first.</summary>
    public IReadOnlyList<(string Name, long Rows)> Events { get; init; } = [];
    /// <summary>Page paths of <c>page_view</c> events (or of every event when there is none) with their rows.</summary>
    public IReadOnlyList<(string Page, long Rows)> Pages { get; init; } = [];
    /// <summary>Wide CRM exports: milestone fields with the number of contacts that have a date in them (0 = column present but empty).</summary>
    public IReadOnlyList<(string Field, long Contacts)> Milestones { get; init; } = [];
    /// <summary>Long CRM exports: milestone names (e.g. Salesforce StageName values) with their rows.</summary>
    public IReadOnlyList<(string Name, long Rows)> MilestoneNames { get; init; } = [];
    /// <summary>Survey names with their responses; a response without a name counts as <c>(survey)</c>.</summary>
    public IReadOnlyList<(string Name, long Rows)> Surveys { get; init; } = [];
    /// <summary>CRM personas with their contacts.</summary>
    public IReadOnlyList<(string Name, long Contacts)> Personas { get; init; } = [];
    /// <summary>Distinct analytics <c>user_id</c> values.</summary>
    public int UserIds { get; init; }
    /// <summary>Distinct analytics user ids that look like e-mail addresses (one '@').</summary>
    public int UserIdsThatAreEmails { get; init; }
    /// <summary>Distinct analytics user ids that are also a CRM id.</summary>
    public int UserIdsThatAreCrmIds { get; init; }
    /// <summary>Distinct CRM ids.</summary>
    public int CrmIds { get; init; }
    /// <summary>Survey responses, and those naming a CRM id or e-mail that the CRM exports (or analytics user ids) hold.</summary>
    public long Responses { get; init; }
    public long ResponsesLinked { get; init; }
    public bool HasAnalytics { get; init; }
    public bool HasCrm { get; init; }
    public bool HasSurvey { get; init; }

    /// <summary>Profiles the loaded tables.</summary>
    public static ExportProfile Of(IReadOnlyList<SourceTable> tables)
    {
        var events = new Dictionary<string, long>(StringComparer.Ordinal);
        var pages = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var allPages = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var userIds = new HashSet<string>(StringComparer.Ordinal);
        var crmIds = new HashSet<string>(StringComparer.Ordinal);
        var crmEmails = new HashSet<string>(StringComparer.Ordinal);
        var milestones = new Dictionary<string, long>(StringComparer.Ordinal);
        var milestoneNames = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var surveys = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var personas = new Dictionary<string, long>(StringComparer.Ordinal);

        foreach (var t in tables.Where(t => t.Kind == SourceKind.Analytics))
        {
            var ev = t.Text(CanonicalFields.Event);
            var page = t.Text(CanonicalFields.Page);
            var user = t.Text(CanonicalFields.UserId);
            for (long i = 0; i < t.RowCount; i++)
            {
                if (ev?[i] is { } e) events[e] = events.GetValueOrDefault(e) + 1;
                if (page?[i] is { } p)
                {
                    allPages[p] = allPages.GetValueOrDefault(p) + 1;
                    if (ev?[i] == "page_view") pages[p] = pages.GetValueOrDefault(p) + 1;
                }
                if (user?[i] is { Length: > 0 } u) userIds.Add(u);
            }
        }
        foreach (var t in tables.Where(t => t.Kind == SourceKind.Crm))
        {
            var id = t.Text(CanonicalFields.CrmId);
            var email = t.Text(CanonicalFields.Email);
            var persona = t.Text(CanonicalFields.Persona);
            for (long i = 0; i < t.RowCount; i++)
            {
                if (id?[i] is { } c) crmIds.Add(c);
                if (email?[i] is { } m) crmEmails.Add(m);
                if (persona?[i] is { } p) personas[p] = personas.GetValueOrDefault(p) + 1;
            }
            var map = t.Source.Map;
            foreach (var spec in map.Columns.Where(c => c.Milestone && InFile(t, c)))
            {
                var dates = t.Values<DateTime>(spec.Field);
                long n = 0;
                for (long i = 0; i < t.RowCount; i++) if (dates?[i] is not null) n++;
                milestones[spec.Field] = milestones.GetValueOrDefault(spec.Field) + n;
            }
            if (map.MilestoneNameField is { } f && t.Text(f) is { } names)
                for (long i = 0; i < t.RowCount; i++)
                    if (names[i] is { } name) milestoneNames[name] = milestoneNames.GetValueOrDefault(name) + 1;
        }
        long responses = 0, linked = 0;
        foreach (var t in tables.Where(t => t.Kind == SourceKind.Survey))
        {
            var survey = t.Text(CanonicalFields.Survey);
            var id = t.Text(CanonicalFields.CrmId);
            var email = t.Text(CanonicalFields.Email);
            for (long i = 0; i < t.RowCount; i++)
            {
                var name = survey?[i] ?? "(survey)";
                surveys[name] = surveys.GetValueOrDefault(name) + 1;
                responses++;
                if (id?[i] is { } c && (crmIds.Contains(c) || userIds.Contains(c)) || email?[i] is { } e && (crmEmails.Contains(e) || userIds.Contains(e)))
                    linked++;
            }
        }

        // A preset's optional milestone column the file does not have (warned as missing) drafts no rule.
        static bool InFile(SourceTable t, ColumnSpec c) => !t.Report.Warnings.Any(w => w.Rule == "missing-column" && w.Column == c.Column);
        static List<(string, long)> Ranked(Dictionary<string, long> d) =>
            d.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ToList();
        return new ExportProfile
        {
            Events = Ranked(events), Pages = Ranked(pages.Count > 0 ? pages : allPages),
            Milestones = tables.Where(t => t.Kind == SourceKind.Crm).SelectMany(t => t.Source.Map.Columns.Where(c => c.Milestone && InFile(t, c)).Select(c => c.Field))
                .Distinct().Select(f => (f, milestones[f])).ToList(),
            MilestoneNames = Ranked(milestoneNames), Surveys = Ranked(surveys), Personas = Ranked(personas),
            UserIds = userIds.Count,
            UserIdsThatAreEmails = userIds.Count(u => u.IndexOf('@') > 0 && u.IndexOf('@') == u.LastIndexOf('@')),
            UserIdsThatAreCrmIds = userIds.Count(crmIds.Contains),
            CrmIds = crmIds.Count, Responses = responses, ResponsesLinked = linked,
            HasAnalytics = tables.Any(t => t.Kind == SourceKind.Analytics),
            HasCrm = tables.Any(t => t.Kind == SourceKind.Crm),
            HasSurvey = tables.Any(t => t.Kind == SourceKind.Survey),
        };
    }
}
