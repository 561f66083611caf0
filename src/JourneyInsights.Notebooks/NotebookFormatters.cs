using System.Text;
using JourneyInsights.Journeys;
using JourneyInsights.Metrics;
using JourneyInsights.Notebooks.Formatting;
using JourneyInsights.Sources;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace JourneyInsights.Notebooks;

/// <summary>
/// Makes JourneyInsights results read well in Polyglot (.NET Interactive) notebooks and in the headless runner:
/// ScottPlot plots as inline PNG images; DataFrames and the metric results (funnels, emotion summaries, pain points,
/// opportunities, source load reports, identity figures) as HTML tables with one column per property, fractions as
/// percentages, culture-invariant, all text HTML-encoded.
/// <para>Call <see cref="Register"/> once in a notebook's setup cell:
/// <c>JourneyInsights.Notebooks.NotebookFormatters.Register();</c> (the headless runner calls it itself).</para>
/// </summary>
public static class NotebookFormatters
{
    private static readonly Lock Gate = new();
    private static bool registered;

    /// <summary>The record types shown as tables when they come as a list (IEnumerable of T).</summary>
    public static IReadOnlyList<Type> TableTypes { get; } =
    [
        typeof(StageConversion), typeof(EmotionSummary), typeof(EmotionChange), typeof(Verbatim), typeof(PainPoint),
        typeof(Opportunity), typeof(ConversionChange), typeof(Headline), typeof(JourneyMapStage), typeof(SourceLoadReport),
        typeof(RejectionReason), typeof(RejectedRow),
    ];

    /// <summary>Registers the HTML formatters (idempotent; safe to call from every notebook).</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (registered) return;
            registered = true;

            Formatter.Register<ScottPlot.Plot>((plot, w) => w.Write(PlotImage.Html(plot)), HtmlFormatter.MimeType);
            Formatter.Register<DataFrame>((frame, w) => w.Write(DataFrameHtml.Render(frame)), HtmlFormatter.MimeType);
            Formatter.Register<FunnelResult>((f, w) => w.Write(Funnel(f)), HtmlFormatter.MimeType);
            Formatter.Register<FunnelBreakdown>((b, w) => w.Write(Breakdown(b)), HtmlFormatter.MimeType);
            Formatter.Register<FunnelTrend>((t, w) => w.Write(Trend(t)), HtmlFormatter.MimeType);
            Formatter.Register<EmotionTrend>((t, w) => w.Write(
                HtmlTable.Of(t.Points, "Emotion per stage and month") + HtmlTable.Of(t.Changes, "Month-over-month changes")), HtmlFormatter.MimeType);
            Formatter.Register<EmotionCurve>((c, w) => w.Write(HtmlTable.Of(c.Stages, $"Emotion curve: {c.Group}")), HtmlFormatter.MimeType);
            Formatter.Register<IdentityReport>((r, w) => w.Write(HtmlTable.Of([r], "Identity stitching")), HtmlFormatter.MimeType);
            Formatter.Register<PlacementReport>((r, w) => w.Write(HtmlTable.Of([r], "Placement of records")), HtmlFormatter.MimeType);
            foreach (var type in TableTypes)
            {
                var table = typeof(HtmlTable).GetMethod(nameof(HtmlTable.Of))!.MakeGenericMethod(type);
                Formatter.Register(typeof(IEnumerable<>).MakeGenericType(type),
                    (value, w) => w.Write((string)table.Invoke(null, [value, null, null, null])!), HtmlFormatter.MimeType);
                Formatter.Register(type, (value, w) => w.Write((string)table.Invoke(null, [OneRow(type, value), null, null, null])!), HtmlFormatter.MimeType);
            }
            Formatter.Register(typeof(IEnumerable<EmotionCurve>), (value, w) =>
            {
                foreach (var c in (IEnumerable<EmotionCurve>)value) w.Write(HtmlTable.Of(c.Stages, $"Emotion curve: {c.Group}"));
            }, HtmlFormatter.MimeType);
            Formatter.Register(typeof(IEnumerable<FunnelResult>), (value, w) =>
            {
                foreach (var f in (IEnumerable<FunnelResult>)value) w.Write(Funnel(f));
            }, HtmlFormatter.MimeType);
        }
    }

    /// <summary>The HTML a value shows as (the formatters registered first).</summary>
    public static string ToHtml(object? value)
    {
        Register();
        return value.ToDisplayString(HtmlFormatter.MimeType);
    }

    /// <summary>One row per stage: customers, conversion, drop-off, time to convert.</summary>
    public static string Funnel(FunnelResult f)
    {
        var caption = new StringBuilder("Funnel, cohort ").Append(f.Cohort);
        if (f.Dimension is not null) caption.Append(", ").Append(f.Dimension).Append(' ').Append(f.Segment);
        caption.Append(": ").Append(CellText.Text(f.Entered)).Append(" entered, ")
               .Append(CellText.Text(f.FinalConversion, nameof(f.FinalConversion))).Append(" reached the last stage");
        if (f.Maturing) caption.Append(" (still maturing: the conversion window is open)");
        return HtmlTable.Of(f.Stages, caption.ToString());
    }

    /// <summary>One row per segment and stage.</summary>
    public static string Breakdown(FunnelBreakdown b) =>
        HtmlTable.Of(b.Segments.SelectMany(s => s.Stages.Select(st => (s, st))).Select(x => x.st),
            $"Funnel of cohort {b.Cohort} by {b.Dimension}", [b.Dimension],
            Leading(b));

    private static Func<StageConversion, IReadOnlyList<object?>> Leading(FunnelBreakdown b)
    {
        var segmentOf = new Dictionary<StageConversion, string?>(ReferenceEqualityComparer.Instance);
        foreach (var s in b.Segments) foreach (var st in s.Stages) segmentOf[st] = s.Segment;
        return st => [segmentOf[st]];
    }

    /// <summary>The cohorts' entries and final conversion, then the month-over-month changes.</summary>
    public static string Trend(FunnelTrend t) =>
        HtmlTable.Of(t.Months.Select(m => new CohortSummary(m.Cohort, m.Entered, m.FinalConversion, m.Maturing)), "Conversion by cohort month")
        + HtmlTable.Of(t.Changes, "Month-over-month changes (two-proportion z-test)");

    /// <summary>A row of the conversion trend table.</summary>
    public sealed record CohortSummary(string Cohort, long Entered, double? FinalConversion, bool Maturing);

    /// <summary>A one-element array of <paramref name="type"/>: a single record shows as a one-row table.</summary>
    private static Array OneRow(Type type, object value)
    {
        var rows = Array.CreateInstance(type, 1);
        rows.SetValue(value, 0);
        return rows;
    }
}
