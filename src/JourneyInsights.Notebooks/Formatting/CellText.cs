using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using JourneyInsights.Metrics;
using JourneyInsights.Privacy;
using JourneyInsights.Reporting.Formatting;
using JourneyInsights.Sources;

namespace JourneyInsights.Notebooks.Formatting;

/// <summary>
/// How one value reads in a table cell: culture-invariant, fractions (0-1) as "12.3 %", durations in days, dates in ISO,
/// lists joined. Free text (strings, comments, rejection reasons, raw rows) has its e-mail addresses and phone numbers
/// masked by the library's <see cref="PersonalData.Mask"/> (numbers and dates formatted here are not free text and are
/// left alone). Every piece of text is HTML-encoded by <see cref="Html"/>.
/// </summary>
public static class CellText
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    // Encodes markup characters but keeps letters and symbols such as → readable.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Property names whose values are fractions 0-1 (shown as percentages).</summary>
    public static bool IsFraction(string property) =>
        property.StartsWith("Conversion", StringComparison.Ordinal)
        || property.EndsWith("Rate", StringComparison.Ordinal)
        || property.EndsWith("Share", StringComparison.Ordinal)
        || property.EndsWith("Negativity", StringComparison.Ordinal)
        || property.EndsWith("Top2Box", StringComparison.Ordinal)
        || property is "FinalConversion";

    /// <summary>Property names whose values are emotion scores in [-1, +1] (shown signed, two decimals).</summary>
    public static bool IsScore(string property) =>
        property is "MeanScore" or "Emotion" or "BaselineEmotion" or "Score" or "Mean" or "PreviousMean";

    /// <summary>Verbatims shown in one table cell; the rest are counted.</summary>
    public const int VerbatimsPerCell = 1;

    /// <summary>Free text as a notebook may show it: e-mail addresses and phone numbers masked (<see cref="PersonalData.Mask"/>).</summary>
    public static string Safe(string? text) => text is null ? "" : PersonalData.Mask(text);

    /// <summary>HTML-encodes text.</summary>
    public static string Html(string? text) => text is null ? "" : Encoder.Encode(text);

    /// <summary>The cell text of <paramref name="value"/> held by a property named <paramref name="property"/> (plain text, not encoded).</summary>
    public static string Text(object? value, string property = "")
    {
        var fraction = IsFraction(property);
        return value switch
        {
            null => "–",
            string s => Safe(s),
            double d when double.IsNaN(d) => "–",
            double d when fraction => Format.Percent(d),
            double d when IsScore(property) => Format.Score(d),
            double d => d.ToString("#,##0.###", C),
            float f => ((double)f).ToString("#,##0.###", C),
            decimal m => m.ToString("#,##0.###", C),
            long or int or short or byte or ulong or uint => string.Format(C, "{0:#,##0}", value),
            bool b => b ? "yes" : "no",
            Interval i when fraction => $"{Format.Percent(i.Low)} – {Format.Percent(i.High)}",
            Interval i => string.Create(C, $"{i.Low:0.###} – {i.High:0.###}"),
            TimeSpan t => Format.Days(t),
            DateTime t => t.TimeOfDay == TimeSpan.Zero
                ? t.ToString("yyyy-MM-dd", C)
                : t.ToString("yyyy-MM-dd HH:mm", C) + (t.Kind == DateTimeKind.Utc ? "Z" : ""),
            DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm zzz", C),
            Verbatim v => string.Create(C, $"“{Safe(v.Comment)}” ({v.Survey}, {v.Month}, {Format.Score(v.Score)})"),
            RejectionReason r => string.Create(C, $"{r.Rows:#,##0} × {(r.Column.Length > 0 ? r.Column + " " : "")}{r.Rule}: {Safe(r.Reason)} (first on {r.FirstPlace})"),
            EmotionSummary e => $"{Safe(e.Group)} {Format.Score(e.MeanScore)}",
            Opportunity o => Safe(Format.Opportunity(o)),
            FunnelResult f => $"{Safe(f.Segment ?? f.Cohort)}: {Format.Count(f.Entered)} entered, {Format.Percent(f.FinalConversion)} converted",
            IFormattable f => f.ToString(null, C),
            IReadOnlyCollection<Verbatim> vs => string.Join(" ", vs.Take(VerbatimsPerCell).Select(v => Text(v with { Comment = Shorten(v.Comment, 100) })))
                + (vs.Count > VerbatimsPerCell ? $" (+{vs.Count - VerbatimsPerCell} more)" : ""),
            IEnumerable e => string.Join("; ", e.Cast<object?>().Select(x => Text(x))),
            _ => Safe(value.ToString()),
        };
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    /// <summary>True when the value reads as a number (right-aligned in tables).</summary>
    public static bool IsNumeric(object? value) =>
        value is double or float or decimal or long or int or short or byte or ulong or uint or Interval or TimeSpan;
}
