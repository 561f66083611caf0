using System.Text.RegularExpressions;
using JourneyInsights.Definition;

namespace JourneyInsights.Journeys;

/// <summary>Matches records against the journey definition's ordered touchpoint rules (first match wins).</summary>
internal sealed class TouchpointRules
{
    private readonly TouchpointRule[] _rules;
    private readonly Regex?[][] _pages;
    private readonly Dictionary<string, int> _stageIndex;
    private readonly sbyte[] _stageOfRule;
    // Event name, then page: two ordinal lookups per record (a tuple key hashes through the generic comparer, 4× slower).
    private readonly Dictionary<string, Dictionary<string, int>> _eventCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _milestoneCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _surveyCache = new(StringComparer.Ordinal);

    public TouchpointRules(JourneyDefinition definition)
    {
        _rules = definition.Touchpoints.ToArray();
        _stageIndex = definition.Stages.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        _pages = _rules.Select(r => r.When.Pages?.Select(p => (Regex?)new Regex(
            "^" + Regex.Escape(p).Replace("\\*", ".*") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)).ToArray() ?? []).ToArray();
        _stageOfRule = _rules.Select(r => r.Stage is { } s ? (sbyte)_stageIndex[s] : (sbyte)-1).ToArray();
    }

    public int Count => _rules.Length;
    public TouchpointRule this[int i] => _rules[i];

    /// <summary>The stage index of a rule, or -1 when the rule's stage is null.</summary>
    public sbyte StageOf(int rule) => _stageOfRule[rule];

    /// <summary>The first rule for an analytics event on a page, or -1.</summary>
    public int MatchEvent(string evt, string? page)
    {
        if (!_eventCache.TryGetValue(evt, out var ofPage)) _eventCache[evt] = ofPage = new Dictionary<string, int>(StringComparer.Ordinal);
        if (ofPage.TryGetValue(page ?? "", out var hit)) return hit;
        hit = -1;
        for (var i = 0; i < _rules.Length && hit < 0; i++)
        {
            var w = _rules[i].When;
            if (w.Events is null && w.Pages is null) continue;
            if (w.Milestones is not null || w.Surveys is not null) continue;
            if (w.Events is not null && !w.Events.Contains(evt, StringComparer.Ordinal)) continue;
            if (w.Pages is not null && (page is null || !_pages[i].Any(r => r!.IsMatch(page)))) continue;
            hit = i;
        }
        ofPage[page ?? ""] = hit;
        return hit;
    }

    /// <summary>The first rule for a CRM milestone (field name or milestone value), or -1.</summary>
    public int MatchMilestone(string milestone) => Match(_milestoneCache, milestone, w => w.Milestones);

    /// <summary>The first rule for a survey name, or -1.</summary>
    public int MatchSurvey(string survey) => Match(_surveyCache, survey, w => w.Surveys);

    private int Match(Dictionary<string, int> cache, string value, Func<TouchpointMatch, IReadOnlyList<string>?> list)
    {
        if (cache.TryGetValue(value, out var hit)) return hit;
        hit = Array.FindIndex(_rules, r => list(r.When) is { } l && l.Contains(value, StringComparer.OrdinalIgnoreCase));
        cache[value] = hit;
        return hit;
    }
}
