using System.Collections;
using System.Text;
using JourneyInsights.Journeys;
using JourneyInsights.Metrics;
using JourneyInsights.Notebooks.Formatting;
using JourneyInsights.Sources;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace JourneyInsights.Notebooks;

/// <summary>
/// Makes JourneyInsights results read well in notebooks (the .NET Interactive C# kernel: VS Code with Jupyter or
/// Polyglot, and <c>journey notebook run</c>): ScottPlot plots as inline PNG images; DataFrames and the metric results
/// (funnels, emotion summaries, pain points, opportunities, source load reports, identity figures) as HTML tables with
/// one column per property, fractions as percentages, culture-invariant, all text HTML-encoded; strings (a cell's text
/// result) as plain text. Every text they render has its e-mail addresses and phone numbers masked
/// (<see cref="JourneyInsights.Privacy.PersonalData.Mask"/>). <see cref="ToText"/> renders the same tables as plain text
/// for the file-based apps.
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
        typeof(RejectionReason), typeof(RejectedRow), typeof(PathNode),
    ];

    /// <summary>Registers the HTML formatters (idempotent; safe to call from every notebook).</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (registered) return;
            registered = true;

            // A cell that returns or displays a string (a raw value, a comment) shows it masked.
            Formatter.Register<string>((text, w) => w.Write(CellText.Safe(text)), PlainTextFormatter.MimeType);
            Formatter.Register<string>((text, w) => w.Write("<div class=\"dni-plaintext\"><pre>" + CellText.Html(CellText.Safe(text)) + "</pre></div>"), HtmlFormatter.MimeType);
            Formatter.Register<ScottPlot.Plot>((plot, w) => w.Write(PlotImage.Html(plot)), HtmlFormatter.MimeType);
            Formatter.Register<DataFrame>((frame, w) => w.Write(DataFrameHtml.Render(frame)), HtmlFormatter.MimeType);
            foreach (var type in Tables.Keys.Concat(TableTypes).Concat(TableTypes.Select(t => typeof(IEnumerable<>).MakeGenericType(t))))
                Formatter.Register(type, (value, w) => w.Write(Render(value, Html)!), HtmlFormatter.MimeType);
        }
    }

    /// <summary>The HTML a value shows as (the formatters registered first).</summary>
    public static string ToHtml(object? value)
    {
        Register();
        return value.ToDisplayString(HtmlFormatter.MimeType);
    }

    /// <summary>
    /// The tables <see cref="ToHtml"/> shows for a result, as plain text (same columns and cell texts); other values as
    /// their masked text.
    /// </summary>
    public static string ToText(object? value) => Render(value, Text) ?? CellText.Text(value);

    /// <summary>One row per stage: customers, conversion, drop-off, time to convert.</summary>
    public static string Funnel(FunnelResult f) => Funnel(f, Html);

    /// <summary>One row per segment and stage.</summary>
    public static string Breakdown(FunnelBreakdown b) => Breakdown(b, Html);

    /// <summary>The cohorts' entries and final conversion, then the month-over-month changes.</summary>
    public static string Trend(FunnelTrend t) => Trend(t, Html);

    /// <summary>A row of the conversion trend table.</summary>
    public sealed record CohortSummary(string Cohort, long Entered, double? FinalConversion, bool Maturing);

    /// <summary>Draws a table of items (HTML or text).</summary>
    private interface ITable
    {
        string Of<T>(IEnumerable<T> items, string? caption = null, IReadOnlyList<string>? leading = null, Func<T, IReadOnlyList<object?>>? leadingValues = null);
    }

    private sealed class HtmlTables : ITable
    {
        public string Of<T>(IEnumerable<T> items, string? caption = null, IReadOnlyList<string>? leading = null, Func<T, IReadOnlyList<object?>>? leadingValues = null) =>
            HtmlTable.Of(items, caption, leading, leadingValues);
    }

    private sealed class TextTables : ITable
    {
        public string Of<T>(IEnumerable<T> items, string? caption = null, IReadOnlyList<string>? leading = null, Func<T, IReadOnlyList<object?>>? leadingValues = null) =>
            TextTable.Of(items, caption, leading, leadingValues) + "\n";
    }

    private static readonly ITable Html = new HtmlTables();
    private static readonly ITable Text = new TextTables();

    /// <summary>The result types with a layout of their own (captions, several tables).</summary>
    private static readonly Dictionary<Type, Func<object, ITable, string>> Tables = new()
    {
        [typeof(FunnelResult)] = (v, t) => Funnel((FunnelResult)v, t),
        [typeof(FunnelBreakdown)] = (v, t) => Breakdown((FunnelBreakdown)v, t),
        [typeof(FunnelTrend)] = (v, t) => Trend((FunnelTrend)v, t),
        [typeof(EmotionTrend)] = (v, t) => t.Of(((EmotionTrend)v).Points, "Emotion per stage and month") + t.Of(((EmotionTrend)v).Changes, "Month-over-month changes"),
        [typeof(EmotionCurve)] = (v, t) => t.Of(((EmotionCurve)v).Stages, $"Emotion curve: {((EmotionCurve)v).Group}"),
        [typeof(IdentityReport)] = (v, t) => t.Of([(IdentityReport)v], "Identity stitching"),
        [typeof(PlacementReport)] = (v, t) => t.Of([(PlacementReport)v], "Placement of records"),
        [typeof(IEnumerable<EmotionCurve>)] = (v, t) => string.Concat(((IEnumerable<EmotionCurve>)v).Select(c => t.Of(c.Stages, $"Emotion curve: {c.Group}"))),
        [typeof(IEnumerable<FunnelResult>)] = (v, t) => string.Concat(((IEnumerable<FunnelResult>)v).Select(f => Funnel(f, t))),
    };

    /// <summary>The tables of <paramref name="value"/>, or null when it is not a result these formatters know.</summary>
    private static string? Render(object? value, ITable t)
    {
        if (value is null) return null;
        var type = value.GetType();
        foreach (var (known, render) in Tables)
            if (known.IsAssignableFrom(type)) return render(value, t);
        if (TableTypes.Contains(type)) return OfRows(type, OneRow(type, value), t);
        if (value is IEnumerable)
            foreach (var rowType in TableTypes)
                if (typeof(IEnumerable<>).MakeGenericType(rowType).IsAssignableFrom(type)) return OfRows(rowType, value, t);
        return null;
    }

    private static string OfRows(Type rowType, object rows, ITable t) =>
        (string)typeof(ITable).GetMethod(nameof(ITable.Of))!.MakeGenericMethod(rowType).Invoke(t, [rows, null, null, null])!;

    private static string Funnel(FunnelResult f, ITable t)
    {
        var caption = new StringBuilder("Funnel, cohort ").Append(f.Cohort);
        if (f.Dimension is not null) caption.Append(", ").Append(f.Dimension).Append(' ').Append(f.Segment);
        caption.Append(": ").Append(CellText.Text(f.Entered)).Append(" entered, ")
               .Append(CellText.Text(f.FinalConversion, nameof(f.FinalConversion))).Append(" reached the last stage");
        if (f.Maturing) caption.Append(" (still maturing: the conversion window is open)");
        return t.Of(f.Stages, caption.ToString());
    }

    private static string Breakdown(FunnelBreakdown b, ITable t)
    {
        var segmentOf = new Dictionary<StageConversion, string?>(ReferenceEqualityComparer.Instance);
        foreach (var s in b.Segments) foreach (var st in s.Stages) segmentOf[st] = s.Segment;
        return t.Of(b.Segments.SelectMany(s => s.Stages), $"Funnel of cohort {b.Cohort} by {b.Dimension}", [b.Dimension],
            st => [segmentOf[st]]);
    }

    private static string Trend(FunnelTrend tr, ITable t) =>
        t.Of(tr.Months.Select(m => new CohortSummary(m.Cohort, m.Entered, m.FinalConversion, m.Maturing)), "Conversion by cohort month")
        + t.Of(tr.Changes, "Month-over-month changes (two-proportion z-test)");

    /// <summary>A one-element array of <paramref name="type"/>: a single record shows as a one-row table.</summary>
    private static Array OneRow(Type type, object value)
    {
        var rows = Array.CreateInstance(type, 1);
        rows.SetValue(value, 0);
        return rows;
    }
}
