namespace JourneyInsights.Metrics;

/// <summary>
/// How a table split by a customer attribute was capped: of <see cref="Values"/> distinct values, at most
/// <see cref="Cap"/> (<c>funnel.maxSegments</c>) have a row of their own and the other <see cref="OtherValues"/> are
/// pooled into one last row named <see cref="FunnelAnalysis.OtherSegment"/> ("(other: 4,980 values)"). A dimension with
/// thousands of values thus gives a table of at most Cap + 1 rows per stage. Which values keep a row depends on the
/// table: the breakdowns keep those with the most customers in the report cohort, and segment gaps and drop-off drivers judge
/// the same segments (a value nothing tells, "(unknown)", keeps its own name there, as those analyses leave it out); the
/// emotion tables keep the personas with the most responses.
/// </summary>
/// <param name="Table">Which table: <see cref="Breakdowns"/>, <see cref="EmotionByPersona"/>, <see cref="EmotionCurves"/>, <see cref="SegmentGaps"/> or <see cref="DropOffDrivers"/>.</param>
/// <param name="Dimension">persona, channel, device or region.</param>
/// <param name="Values">Distinct values of the dimension in the table's basis (the cohort, or the customers with responses).</param>
/// <param name="Cap">The most values shown with a row of their own.</param>
/// <param name="OtherValues">Values pooled into the "other" row (0: every value has its own row).</param>
public sealed record SegmentCap(string Table, string Dimension, int Values, int Cap, int OtherValues)
{
    /// <summary>The funnel of the report cohort per segment (<see cref="FunnelBreakdown"/>).</summary>
    public const string Breakdowns = "breakdowns";
    /// <summary>Emotion per persona for the report month (<see cref="JourneyReport.EmotionByPersona"/>).</summary>
    public const string EmotionByPersona = "emotionByPersona";
    /// <summary>The emotion curves per persona over the trend window (<see cref="JourneyReport.Curves"/>).</summary>
    public const string EmotionCurves = "emotionCurves";

    /// <summary>Segment gaps of the report cohort (findings of kind segmentGap), over the breakdowns' segments.</summary>
    public const string SegmentGaps = "segmentGaps";
    /// <summary>Segment values as drop-off driver candidates (<see cref="JourneyReport.DropOffDrivers"/>), over the breakdowns' segments.</summary>
    public const string DropOffDrivers = "dropOffDrivers";

    /// <summary>Whether values beyond <see cref="Cap"/> were pooled into one "other" row.</summary>
    public bool Capped => OtherValues > 0;
}
