namespace JourneyInsights.Sources;

/// <summary>
/// One export layout `journey init` recognises: the header names that identify it, the preset it is read with, and
/// the other names the same fields go by in the vendor's other export variants (a newer or older UI, a different
/// flattening query). Vendor knowledge stays here, in Sources.
/// </summary>
internal sealed record KnownLayout
{
    /// <summary>The layout in words, e.g. "GA4 BigQuery event export".</summary>
    public required string Name { get; init; }
    public required SourceKind Kind { get; init; }
    /// <summary>The preset read first; the inline map is derived from it when its column names do not fit.</summary>
    public string? Preset { get; init; }
    /// <summary>Each group must have at least one of its names in the header (case-insensitive).</summary>
    public required IReadOnlyList<IReadOnlyList<string>> Signature { get; init; }
    /// <summary>Names that must not be in the header (tell an older variant from the current one).</summary>
    public IReadOnlyList<string> Absent { get; init; } = [];
    /// <summary>Other column names of a field, in order of preference.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Aliases { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>Values accepted besides the preset's <c>acceptedValues</c> (UI labels next to internal names).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ExtraAccepted { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>How many rows after the column names may be further header rows (question texts, ImportIds).</summary>
    public int MaxExtraHeaderRows { get; init; }
    /// <summary>Finds lifecycle-date columns by their header: returns the canonical milestone (lead, mql, ...) or null.</summary>
    public Func<string, string?>? Milestone { get; init; }
    /// <summary>Survey exports whose question texts (in the header or the next row) name NPS, CSAT, CES, emotion and comment columns.</summary>
    public bool QuestionTexts { get; init; }
    /// <summary>The next header row holds Qualtrics ImportId JSON with the export's time zone.</summary>
    public bool ImportIdTimeZone { get; init; }
    /// <summary>When set, files of this layout are refused with this reason.</summary>
    public string? Refusal { get; init; }
    /// <summary>What to do when a required column is missing, in words.</summary>
    public string? MissingHint { get; init; }
    /// <summary>What a user should check in the drafted source (becomes a comment in journey.json).</summary>
    public IReadOnlyList<string> Review { get; init; } = [];

    /// <summary>True when <paramref name="header"/> has the layout's signature.</summary>
    public bool Matches(IReadOnlyList<string> header)
    {
        var names = new HashSet<string>(header.Select(h => h.Trim()), StringComparer.OrdinalIgnoreCase);
        return Signature.All(group => group.Any(names.Contains)) && !Absent.Any(names.Contains);
    }

    /// <summary>The signature in words: <c>event_timestamp, event_name, user_pseudo_id</c>; alternatives joined by "or".</summary>
    public string DescribeSignature() => string.Join(", ", Signature.Select(g => string.Join(" or ", g.Select(n => $"'{n}'"))));
}
