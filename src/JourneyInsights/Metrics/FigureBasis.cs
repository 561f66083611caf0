using System.Globalization;

namespace JourneyInsights.Metrics;

/// <summary>What a figure is computed over.</summary>
public enum BasisKind
{
    /// <summary>The customers of one cohort month, each with the whole conversion window (or everything seen by the cutoff).</summary>
    ThisCohort,
    /// <summary>Cohorts each observed for the same time since their month began (or ended): see <see cref="ReportPeriod.CutoffFor(int)"/>.</summary>
    AgeMatched,
    /// <summary>Several cohort months pooled (their counts summed).</summary>
    Pooled,
    /// <summary>Every cohort or response in the data.</summary>
    AllData,
}

/// <summary>
/// The basis of a figure or a comparison, with a text for captions and column headers (for example
/// "both cohorts as of 0 days after their month ended", "as of 12 days after month start", "pooled over 3 cohort months").
/// </summary>
public sealed record FigureBasis
{
    public required BasisKind Kind { get; init; }
    /// <summary>AgeMatched (or age-matched pooled): where the cut is measured from.</summary>
    public CutAnchor? Anchor { get; init; }
    /// <summary>AgeMatched: time from the anchor to the cut.</summary>
    public TimeSpan? Offset { get; init; }
    /// <summary>Pooled: number of cohort months.</summary>
    public int Months { get; init; } = 1;
    /// <summary>ThisCohort: every cohort involved had its whole conversion window (a comparison of mature cohorts).</summary>
    public bool FullWindowClosed { get; init; }
    /// <summary>
    /// The funnel rules the figure was counted by when they are not the default (<see cref="Journeys.FunnelRules.Text"/>,
    /// e.g. "strict order; excluding 'Payment error' between Consideration and Purchase"), else "". Appended to <see cref="Text"/>.
    /// </summary>
    public string Rules { get; init; } = "";

    /// <summary>One cohort, full conversion window (or as far as the data goes).</summary>
    public static FigureBasis ThisCohort { get; } = new() { Kind = BasisKind.ThisCohort };
    /// <summary>Two mature cohorts compared over their full conversion window.</summary>
    public static FigureBasis FullWindow { get; } = new() { Kind = BasisKind.ThisCohort, FullWindowClosed = true };
    /// <summary>Every cohort or response in the data.</summary>
    public static FigureBasis AllData { get; } = new() { Kind = BasisKind.AllData };

    public static FigureBasis AgeMatched(CutAnchor anchor, TimeSpan offset) => new() { Kind = BasisKind.AgeMatched, Anchor = anchor, Offset = offset };

    /// <summary>Pooled cohort months, age-matched when <paramref name="matched"/> is an age-matched basis.</summary>
    public static FigureBasis Pooled(int months, FigureBasis? matched = null) =>
        new() { Kind = BasisKind.Pooled, Months = months, Anchor = matched?.Anchor, Offset = matched?.Offset };

    /// <summary>True when cohorts were cut to the same age.</summary>
    public bool IsAgeMatched => Anchor is not null;

    /// <summary>Plain text for captions: "both cohorts as of 0 days after their month ended", "pooled over 3 cohort months, ...".</summary>
    public string Text => WithRules(Kind switch
    {
        BasisKind.ThisCohort => FullWindowClosed ? "full conversion window" : "this cohort",
        BasisKind.AgeMatched => "both cohorts " + AgeText("their"),
        BasisKind.Pooled => string.Create(CultureInfo.InvariantCulture, $"pooled over {Months} cohort months") + (IsAgeMatched ? ", each " + AgeText("its") : ""),
        _ => "all data",
    });

    /// <summary>An age-matched basis said of each of several cohorts: "each cohort as of 0 days after its month ended".</summary>
    public string EachCohortText => IsAgeMatched ? WithRules("each cohort " + AgeText("its")) : Text;

    private string WithRules(string text) => Rules.Length == 0 ? text : text + "; " + Rules;

    private string AgeText(string possessive)
    {
        var days = Offset!.Value.TotalDays.ToString("0.#", CultureInfo.InvariantCulture);
        return Anchor == CutAnchor.MonthEnd ? $"as of {days} days after {possessive} month ended" : $"as of {days} days after {possessive} month began";
    }

    public override string ToString() => Text;
}
