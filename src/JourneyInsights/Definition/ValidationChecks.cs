using System.Globalization;
using JourneyInsights.Sources;

namespace JourneyInsights.Definition;

/// <summary>How serious a <see cref="ValidationIssue"/> is: errors make <c>journey validate</c> exit non-zero.</summary>
public enum IssueSeverity
{
    /// <summary>Worth a look; the report can be built.</summary>
    Warning,
    /// <summary>The report would be wrong or empty where it matters.</summary>
    Error,
}

/// <summary>One finding of <see cref="ValidationChecks.Run"/>.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Rule">
/// <c>all-rejected</c>, <c>rejected-share</c>, <c>no-rows</c> (sources); <c>stage-without-entry</c>, <c>stage-never-entered</c>,
/// <c>unknown-event</c>, <c>unknown-milestone</c>, <c>unknown-survey</c> (the definition against the data); <c>no-session-id</c>
/// (a funnel counted by session over data without session ids).
/// </param>
/// <param name="Source">The source concerned, or null for the definition.</param>
/// <param name="Path">The JSON path in the definition it concerns (e.g. <c>$.touchpoints[3].when.events</c>), or null.</param>
/// <param name="Message">What was found, in words.</param>
public sealed record ValidationIssue(IssueSeverity Severity, string Rule, string? Source, string? Path, string Message);

/// <summary>
/// The checks of <c>journey validate</c> on loaded sources: too many rejected rows per source, and a definition whose
/// rules cannot match the data (a stage nothing enters, rules naming events, milestones or surveys the data never has).
/// </summary>
public static class ValidationChecks
{
    /// <summary>The default largest share of a source's rows that may be rejected (rows left out by a filter are not counted).</summary>
    public const double DefaultMaxRejectedShare = 0.5;

    /// <summary>
    /// Runs every check. A source fails (error) when all its rows were rejected (read &gt; 0, accepted = 0), or when
    /// <c>(rejected - filtered) / (read - filtered)</c> exceeds its <see cref="SourceDefinition.MaxRejectedShare"/>
    /// (default 0.5), or <paramref name="maxRejectedShare"/> when given.
    /// </summary>
    public static IReadOnlyList<ValidationIssue> Run(SourceSet sources, double? maxRejectedShare = null)
    {
        var issues = new List<ValidationIssue>();
        foreach (var table in sources.Tables) CheckSource(table, maxRejectedShare, issues);
        CheckRules(sources, issues);
        CheckSessions(sources, issues);
        return issues;
    }

    /// <summary>A funnel counted by session (<c>funnel.countBy</c>) needs session ids: an error when no analytics row has one.</summary>
    private static void CheckSessions(SourceSet sources, List<ValidationIssue> issues)
    {
        if (sources.Definition.Funnel.CountBy != "session") return;
        var analytics = sources.Tables.Where(t => t.Kind == SourceKind.Analytics).ToList();
        foreach (var t in analytics)
            if (t.Text(CanonicalFields.SessionId) is { } column)
                for (long i = 0; i < column.Length; i++)
                    if (!string.IsNullOrEmpty(column[i])) return;
        issues.Add(new(IssueSeverity.Error, "no-session-id", analytics.FirstOrDefault()?.Report.Source, "$.funnel.countBy",
            $"the funnel counts by session, but no row of {(analytics.Count == 0 ? "any analytics source (there is none)" : string.Join(", ", analytics.Select(t => $"'{t.Report.File}'")))} has a session id: "
            + "add the session id column (GA4: ga_session_id) to the export, or count by customer"));
    }

    private static void CheckSource(SourceTable table, double? maxRejectedShare, List<ValidationIssue> issues)
    {
        var r = table.Report;
        string Pct(double x) => x.ToString("0.0 %", CultureInfo.InvariantCulture);
        if (r.RowsRead == 0)
        {
            issues.Add(new(IssueSeverity.Warning, "no-rows", r.Source, null, $"'{r.File}' has no data rows"));
            return;
        }
        var top = r.Reasons.FirstOrDefault() is { } reason ? $"; most often {reason.Rule}{(reason.Column.Length > 0 ? $" on '{reason.Column}'" : "")}: {reason.Reason} (first on {reason.FirstPlace})" : "";
        if (r.RowsAccepted == 0)
        {
            issues.Add(new(IssueSeverity.Error, "all-rejected", r.Source, null,
                string.Create(CultureInfo.InvariantCulture, $"all {r.RowsRead:N0} rows of '{r.File}' were rejected (100 %){top}")));
            return;
        }
        var max = maxRejectedShare ?? table.Source.MaxRejectedShare ?? DefaultMaxRejectedShare;
        var considered = r.RowsRead - r.RowsFiltered;
        var bad = r.RowsRejected - r.RowsFiltered;
        if (considered > 0 && (double)bad / considered > max)
            issues.Add(new(IssueSeverity.Error, "rejected-share", r.Source, null, string.Create(CultureInfo.InvariantCulture,
                $"{Pct((double)bad / considered)} of the rows of '{r.File}' were rejected ({bad:N0} of {considered:N0}{(r.RowsFiltered > 0 ? $", leaving out {r.RowsFiltered:N0} filtered" : "")}), more than maxRejectedShare {Pct(max)}{top}")));
    }

    /// <summary>What the loaded data has: analytics events, CRM milestones (wide columns with a value, long-form names), survey names.</summary>
    private sealed record Seen(HashSet<string>? Events, HashSet<string>? Milestones, HashSet<string>? Surveys);

    private static Seen Collect(SourceSet sources)
    {
        HashSet<string>? events = null, milestones = null, surveys = null;
        foreach (var t in sources.Tables)
        {
            switch (t.Kind)
            {
                case SourceKind.Analytics:
                    events ??= new(StringComparer.Ordinal);
                    AddText(t.Text(CanonicalFields.Event), events);
                    break;
                case SourceKind.Crm:
                    milestones ??= new(StringComparer.OrdinalIgnoreCase);
                    foreach (var c in t.Source.Map.Columns.Where(c => c.Milestone))
                        if (t.Columns.FirstOrDefault(x => x.Name == c.Field) is ValueColumn<DateTime> col && HasValue(col)) milestones.Add(c.Field);
                    if (t.Source.Map.MilestoneNameField is { } f) AddText(t.Text(f), milestones);
                    break;
                case SourceKind.Survey:
                    surveys ??= new(StringComparer.OrdinalIgnoreCase);
                    AddText(t.Text(CanonicalFields.Survey), surveys);
                    break;
            }
        }
        return new Seen(events, milestones, surveys);

        static void AddText(TextColumn? column, HashSet<string> into)
        {
            if (column is null) return;
            for (long i = 0; i < column.Length; i++)
                if (column[i] is { } v) into.Add(v);
        }
        static bool HasValue(ValueColumn<DateTime> column)
        {
            for (long i = 0; i < column.Length; i++)
                if (column[i] is not null) return true;
            return false;
        }
    }

    private static void CheckRules(SourceSet sources, List<ValidationIssue> issues)
    {
        var d = sources.Definition;
        var seen = Collect(sources);
        // Whether a rule can match anything in the data: null when it cannot be told (page patterns only).
        var canMatch = new bool?[d.Touchpoints.Count];
        for (var i = 0; i < d.Touchpoints.Count; i++)
        {
            var rule = d.Touchpoints[i];
            var w = rule.When;
            var unseen = new List<bool>();
            void Check(IReadOnlyList<string>? names, HashSet<string>? have, string what, string kind, string rulename, string path)
            {
                if (names is null) return;
                var missing = have is null ? names.ToList() : names.Where(n => !have.Contains(n) && !(what == "milestone" && Renamed(n, have))).ToList();
                unseen.Add(missing.Count == names.Count);
                foreach (var n in missing)
                    issues.Add(new(IssueSeverity.Warning, rulename, null, $"$.touchpoints[{i}].when.{path}",
                        have is null
                            ? $"touchpoint '{rule.Name}' names {what} '{n}', but no {kind} source is loaded"
                            : $"touchpoint '{rule.Name}' names {what} '{n}', which the {kind} data never has{Examples(have)}"));
            }
            Check(w.Events, seen.Events, "event", "analytics", "unknown-event", "events");
            Check(w.Milestones, seen.Milestones, "milestone", "CRM", "unknown-milestone", "milestones");
            Check(w.Surveys, seen.Surveys, "survey", "survey", "unknown-survey", "surveys");
            // All conditions must hold: one list with nothing in the data makes the rule match nothing.
            canMatch[i] = unseen.Count == 0 ? null : !unseen.Any(u => u);
        }
        for (var s = 0; s < d.Stages.Count; s++)
        {
            var stage = d.Stages[s].Name;
            var entries = Enumerable.Range(0, d.Touchpoints.Count).Where(i => d.Touchpoints[i].Stage == stage && d.Touchpoints[i].Entry).ToList();
            if (entries.Count == 0)
                issues.Add(new(IssueSeverity.Error, "stage-without-entry", null, $"$.stages[{s}]",
                    $"no touchpoint can enter stage '{stage}': none of its rules has \"entry\": true, so no customer ever reaches it and the funnel stops there"));
            else if (entries.All(i => canMatch[i] == false))
                issues.Add(new(IssueSeverity.Warning, "stage-never-entered", null, $"$.stages[{s}]",
                    $"no record of the data can enter stage '{stage}': its entry rules ({string.Join(", ", entries.Select(i => $"'{d.Touchpoints[i].Name}'"))}) name only events, milestones or surveys the data never has"));
        }
    }

    /// <summary>An old milestone name (<c>became_lead</c>) whose canonical name (<c>lead</c>) the data has.</summary>
    private static bool Renamed(string name, HashSet<string> have) =>
        name.StartsWith("became_", StringComparison.OrdinalIgnoreCase) && have.Contains(name["became_".Length..]);

    private static string Examples(HashSet<string> have) => have.Count == 0 ? " (it has none)"
        : $" (it has: {string.Join(", ", have.Order(StringComparer.Ordinal).Take(10).Select(h => $"'{h}'"))}{(have.Count > 10 ? $" and {have.Count - 10} more" : "")})";
}
