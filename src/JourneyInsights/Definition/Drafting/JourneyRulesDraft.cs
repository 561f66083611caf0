using System.Globalization;

namespace JourneyInsights.Definition;

/// <summary>A drafted touchpoint rule and the comment written beside it (what it matched, what to review).</summary>
public sealed record DraftedRule(TouchpointRule Rule, string? Comment);

/// <summary>
/// Drafts stages and touchpoint rules from what the exports hold: GA4's recommended event names and common page
/// paths, CRM milestones under their canonical names (lead, mql, sql, opportunity, customer, evangelist), survey
/// names, and the most frequent other events (unstaged, to review). Stages come in the order Awareness,
/// Consideration, Purchase, Retention, Advocacy, and only those some rule can enter.
/// </summary>
public static class JourneyRulesDraft
{
    /// <summary>The stage order of a drafted journey.</summary>
    public static IReadOnlyList<string> StageOrder { get; } = ["Awareness", "Consideration", "Purchase", "Retention", "Advocacy"];

    /// <summary>Unknown events drafted as rules (unstaged, to review), most frequent first; the others are listed in a comment.</summary>
    public const int UnknownEventRules = 10;

    private const string Awareness = "Awareness", Consideration = "Consideration", Purchase = "Purchase", Retention = "Retention", Advocacy = "Advocacy";

    /// <summary>Google Analytics 4 recommended and automatically collected events, and the stage each usually marks.</summary>
    private static readonly Dictionary<string, (string? Stage, bool Entry)> KnownEvents = new(StringComparer.Ordinal)
    {
        ["first_visit"] = (Awareness, true), ["first_open"] = (Awareness, true), ["view_promotion"] = (Awareness, true),
        ["session_start"] = (null, false), ["user_engagement"] = (null, false), ["scroll"] = (null, false), ["click"] = (null, false),
        ["login"] = (null, false), ["file_download"] = (null, false), ["video_start"] = (null, false), ["video_progress"] = (null, false),
        ["video_complete"] = (null, false), ["screen_view"] = (null, false), ["app_remove"] = (null, false), ["refund"] = (null, false),
        ["search"] = (Consideration, true), ["view_search_results"] = (Consideration, true), ["view_item_list"] = (Consideration, true),
        ["view_item"] = (Consideration, true), ["select_item"] = (Consideration, true), ["select_promotion"] = (Consideration, true),
        ["add_to_wishlist"] = (Consideration, true), ["sign_up"] = (Consideration, true), ["generate_lead"] = (Consideration, true),
        ["form_submit"] = (Consideration, true), ["form_start"] = (Consideration, false),
        ["add_to_cart"] = (Purchase, false), ["view_cart"] = (Purchase, false), ["begin_checkout"] = (Purchase, false),
        ["add_shipping_info"] = (Purchase, false), ["add_payment_info"] = (Purchase, false), ["payment_error"] = (Purchase, false),
        ["purchase"] = (Purchase, true), ["in_app_purchase"] = (Purchase, true),
        ["tutorial_begin"] = (Retention, false), ["tutorial_complete"] = (Retention, true),
        ["share"] = (Advocacy, true), ["invite_sent"] = (Advocacy, true), ["referral"] = (Advocacy, true),
    };

    /// <summary>Page paths whose page views mark a stage (before the general page-view rule).</summary>
    private static readonly (string Pattern, string Name, string Stage, bool Entry)[] KnownPages =
    [
        ("/pricing*", "Pricing page", Consideration, true),
        ("/plans*", "Plans page", Consideration, true),
        ("/demo*", "Demo page", Consideration, true),
        ("/checkout*", "Checkout pages", Purchase, false),
        ("/cart*", "Cart page", Purchase, false),
        ("/blog*", "Blog", Awareness, true),
    ];

    /// <summary>Canonical CRM milestones and where they belong.</summary>
    private static readonly Dictionary<string, (string Name, string? Stage, bool Entry)> KnownMilestones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["subscriber"] = ("Subscribed", Awareness, true),
        ["lead"] = ("Became a lead", Consideration, true),
        ["mql"] = ("Marketing qualified lead", Consideration, true),
        ["sql"] = ("Sales qualified lead", Consideration, true),
        ["opportunity"] = ("Sales opportunity", Consideration, false),
        ["customer"] = ("Became a customer", Purchase, true),
        ["evangelist"] = ("Became an evangelist", Advocacy, true),
        ["other"] = ("Other lifecycle stage", null, false),
    };

    /// <summary>Drafts the stages (names) and rules, specific rules before general ones.</summary>
    public static (IReadOnlyList<string> Stages, IReadOnlyList<DraftedRule> Rules) Draft(ExportProfile profile)
    {
        var rules = new List<DraftedRule>();
        var events = profile.Events.ToDictionary(e => e.Name, e => e.Rows, StringComparer.Ordinal);

        // Analytics: page rules for page views first (first match wins), then one rule per known event.
        if (events.ContainsKey("page_view"))
            foreach (var (pattern, name, stage, entry) in KnownPages)
            {
                var rows = profile.Pages.Where(p => Glob(pattern, p.Page)).Sum(p => p.Rows);
                if (rows > 0) rules.Add(new(Rule(name, stage, entry, events: ["page_view"], pages: [pattern]), Count(rows, "page view")));
            }
        foreach (var (name, rows) in profile.Events)
        {
            if (name == "page_view")
            {
                rules.Add(new(Rule("Page views", Awareness, true, events: ["page_view"]), $"{Count(rows, "event")}: every other page view"));
                continue;
            }
            if (!KnownEvents.TryGetValue(name, out var known)) continue;
            rules.Add(new(Rule(Words(name), known.Stage, known.Entry, events: [name]),
                $"{Count(rows, "event")}{(known.Stage is null ? ": known, not a journey step" : "")}"));
        }
        var unknown = profile.Events.Where(e => e.Name != "page_view" && !KnownEvents.ContainsKey(e.Name)).ToList();
        foreach (var (name, rows) in unknown.Take(UnknownEventRules))
            rules.Add(new(Rule(Words(name), null, false, events: [name]), $"REVIEW: {Count(rows, "event")}; give it a stage, or leave it unstaged"));
        if (unknown.Count > UnknownEventRules)
            rules.Add(new(Rule("Other events", null, false, events: unknown.Skip(UnknownEventRules).Select(e => e.Name).ToList()),
                $"REVIEW: {unknown.Count - UnknownEventRules} less frequent events ({Count(unknown.Skip(UnknownEventRules).Sum(e => e.Rows))} rows), unstaged"));

        // CRM: wide milestones by canonical name, long-form milestone names by their words.
        foreach (var (field, contacts) in profile.Milestones)
        {
            var canonical = field.StartsWith("became_", StringComparison.Ordinal) ? field[7..] : field;
            var (name, stage, entry) = KnownMilestones.TryGetValue(canonical, out var k) ? k : (Words(field), null, false);
            var comment = contacts == 0 ? "REVIEW: no contact has this date in the export" : $"{Count(contacts, "contact")} with this date";
            if (!KnownMilestones.ContainsKey(canonical)) comment = $"REVIEW: {comment}; give it a stage";
            rules.Add(new(Rule(name, stage, entry, milestones: [field]), comment));
        }
        foreach (var (name, rows) in profile.MilestoneNames)
        {
            if (KnownMilestones.TryGetValue(name, out var known))
            {
                // A stage name the map's value map turned into a canonical milestone (Salesforce's Closed Won = customer).
                rules.Add(new(Rule(known.Name, known.Stage, known.Entry, milestones: [name]), Count(rows, "stage change")));
                continue;
            }
            var lower = name.ToLowerInvariant();
            var (stage, entry) = lower.Contains("lost") ? ((string?)null, false) : lower.Contains("won") ? (Purchase, true) : (Consideration, true);
            rules.Add(new(Rule(name, stage, entry, milestones: [name]), $"REVIEW: {Count(rows, "stage change")}; check its stage"));
        }

        // Surveys: unstaged, so each response goes to the furthest stage its customer had reached when answering.
        foreach (var (name, rows) in profile.Surveys)
            rules.Add(new(Rule(name == "(survey)" ? "Survey" : name, null, false, surveys: [name]),
                $"{Count(rows, "response")}{(name == "(survey)" ? " without a survey name" : "")}; placed in the stage the customer had reached when answering (name a stage to pin them)"));

        // Stages: those some rule can enter, in journey order. With none, the most frequent event opens the journey.
        var entered = rules.Where(r => r.Rule.Stage is not null && r.Rule.Entry).Select(r => r.Rule.Stage!).ToHashSet(StringComparer.Ordinal);
        if (entered.Count == 0)
        {
            if (profile.Events.Count > 0)
            {
                var top = profile.Events[0];
                rules.RemoveAll(r => r.Rule.When.Events is [var only] && only == top.Name);
                rules.Insert(0, new(Rule(Words(top.Name), Awareness, true, events: [top.Name]),
                    $"REVIEW: no known event marks a stage; the most frequent event ({Count(top.Rows, "row")}) opens the journey"));
                entered.Add(Awareness);
            }
            else if (profile.Surveys.Count > 0)
            {
                for (var i = 0; i < rules.Count; i++)
                    if (rules[i].Rule.When.Surveys is not null)
                        rules[i] = rules[i] with { Rule = rules[i].Rule with { Stage = "Responded", Entry = true } };
                return (["Responded"], rules);
            }
        }
        var stages = StageOrder.Where(entered.Contains).ToList();
        // A rule naming a stage nobody can enter would make that stage unreachable: such rules go unstaged.
        for (var i = 0; i < rules.Count; i++)
            if (rules[i].Rule.Stage is { } s && !entered.Contains(s))
                rules[i] = rules[i] with
                {
                    Rule = rules[i].Rule with { Stage = null, Entry = false },
                    Comment = $"{rules[i].Comment}; REVIEW: unstaged, as nothing in the data enters '{s}'",
                };
        return (stages, rules);
    }

    private static TouchpointRule Rule(string name, string? stage, bool entry, IReadOnlyList<string>? events = null, IReadOnlyList<string>? pages = null,
        IReadOnlyList<string>? milestones = null, IReadOnlyList<string>? surveys = null) =>
        new() { Name = name, Stage = stage, Entry = stage is not null && entry, When = new TouchpointMatch { Events = events, Pages = pages, Milestones = milestones, Surveys = surveys } };

    /// <summary><c>begin_checkout</c> → "Begin checkout".</summary>
    private static string Words(string name)
    {
        var words = name.Replace('_', ' ').Trim();
        return words.Length == 0 ? name : char.ToUpperInvariant(words[0]) + words[1..];
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Count(long n, string noun) => $"{Count(n)} {noun}{(n == 1 ? "" : "s")}";

    /// <summary>The touchpoint page match: whole value, <c>*</c> any characters, ignoring case.</summary>
    private static bool Glob(string pattern, string value) => pattern.EndsWith('*')
        ? value.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
        : string.Equals(pattern, value, StringComparison.OrdinalIgnoreCase);
}
