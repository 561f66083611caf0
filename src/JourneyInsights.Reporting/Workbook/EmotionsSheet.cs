using ClosedXML.Excel;
using JourneyInsights.Metrics;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>Emotion per stage and month, per touchpoint and persona for the month, and the month-over-month changes.</summary>
internal static class EmotionsSheet
{
    public const string Name = "Emotions";

    /// <summary>The figures of an emotion summary, after the columns that say which group it is.</summary>
    public static IReadOnlyList<TableColumn<EmotionSummary>> Figures { get; } =
    [
        new("Responses", CellKind.Count, e => e.Responses),
        new("Mean emotion", CellKind.Score, e => e.MeanScore),
        new("95% low", CellKind.Score, e => e.MeanInterval?.Low),
        new("95% high", CellKind.Score, e => e.MeanInterval?.High),
        new("Negative share", CellKind.Percent, e => e.NegativeShare),
        new("NPS responses", CellKind.Count, e => e.NpsResponses),
        new("NPS", CellKind.OneDecimal, e => e.Nps),
        new("NPS ± (95%, adjusted Wald)", CellKind.OneDecimal, e => e.NpsEstimate?.MarginOfError),
        new("NPS low sample", CellKind.Flag, e => e.NpsResponses > 0 && e.NpsLowSample),
        new("CSAT responses", CellKind.Count, e => e.CsatResponses),
        new("CSAT top-2-box", CellKind.Percent, e => e.CsatTop2Box),
        new("CSAT 95% low (Wilson)", CellKind.Percent, e => e.CsatInterval?.Low),
        new("CSAT 95% high (Wilson)", CellKind.Percent, e => e.CsatInterval?.High),
        new("CSAT low sample", CellKind.Flag, e => e.CsatResponses > 0 && e.CsatLowSample),
        new("CES responses", CellKind.Count, e => e.CesResponses),
        new("Mean CES (1-7)", CellKind.Score, e => e.MeanCes),
        new("Low sample", CellKind.Flag, e => e.LowSample),
    ];

    public static void Write(SheetWriter w, JourneyReport r)
    {
        var row = w.Title($"Emotions up to {r.Month}",
            "Mean emotion score (-1 to +1) with its 95% interval; NPS in points (-100 to +100) with its adjusted-Wald margin of error; CSAT top-2-box = share of 4-5 answers with its Wilson interval; CES on its 1-7 scale (lower is easier). Low sample: fewer answers than funnel.minSampleSize. Significant: Benjamini–Hochberg adjusted p below alpha over the report's tests.");

        if (!r.DataQuality.Any(q => q.Kind == Sources.SourceKind.Survey))
        {
            w.Note(row, 1, "No data: the journey definition has no survey source, so there are no emotion figures (the tables below are empty).");
            row += 2;
        }
        w.Heading(row, "Stage × month");
        var t = w.Table(row + 1, 1, "EmotionByStageMonth",
            [new("Stage", CellKind.Text, e => e.Group), new("Month", CellKind.Text, e => e.Month), .. Figures], r.EmotionTrend.Points);
        w.Sheet.SheetView.FreezeRows(row + 1);
        Colour(w, t, 4);
        row = t.RangeAddress.LastAddress.RowNumber + 3;

        w.Heading(row, $"Whole journey per month");
        t = w.Table(row + 1, 1, "EmotionByMonth", [new("Month", CellKind.Text, e => e.Month ?? e.Group), new("Group", CellKind.Text, e => e.Group), .. Figures], r.EmotionByMonth);
        Colour(w, t, 4);
        row = t.RangeAddress.LastAddress.RowNumber + 3;

        w.Heading(row, $"By touchpoint, {r.Month}");
        t = w.Table(row + 1, 1, "EmotionByTouchpoint", [new("Touchpoint", CellKind.Text, e => e.Group), new("Month", CellKind.Text, _ => r.Month), .. Figures], r.EmotionByTouchpoint);
        Colour(w, t, 4);
        row = t.RangeAddress.LastAddress.RowNumber + 3;

        w.Heading(row, $"By persona, {r.Month}");
        t = w.Table(row + 1, 1, "EmotionByPersona", [new("Persona", CellKind.Text, e => e.Group), new("Month", CellKind.Text, _ => r.Month), .. Figures], r.EmotionByPersona);
        Colour(w, t, 4);
        row = t.RangeAddress.LastAddress.RowNumber + 1;
        foreach (var cap in r.SegmentCaps.Where(c => c.Capped && c.Table is SegmentCap.EmotionByPersona or SegmentCap.EmotionCurves))
            w.Note(row++, 1, CapNote(cap));
        row += 2;

        w.Heading(row, "Month-over-month change of mean emotion per stage (Welch's t-test)");
        t = w.Table<EmotionChange>(row + 1, 1, "EmotionChanges",
        [
            new("Stage", CellKind.Text, c => c.Group),
            new("Month", CellKind.Text, c => c.Month),
            new("Previous month", CellKind.Text, c => c.PreviousMonth),
            new("Mean emotion", CellKind.Score, c => c.Mean),
            new("Previous mean", CellKind.Score, c => c.PreviousMean),
            new("Change", CellKind.ChangeScore, c => c.Change),
            new("p-value", CellKind.PValue, c => c.PValue),
            new("Adjusted p (Benjamini–Hochberg)", CellKind.PValue, c => c.AdjustedPValue),
            new("Significant", CellKind.Flag, c => c.Significant),
        ], r.EmotionTrend.Changes);
    }

    /// <summary>What a capped persona table of the emotion figures says: how many personas, which are shown, what "other" holds.</summary>
    public static string CapNote(SegmentCap cap)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var other = FunnelAnalysis.OtherSegment(cap.OtherValues);
        return cap.Table == SegmentCap.EmotionCurves
            ? string.Create(inv, $"The emotion curves (summary.json, the emotion-curve chart) cover {cap.Values:N0} personas: the {cap.Cap} with the most responses in the pooled months have a curve, the other {cap.OtherValues:N0} are pooled as \"{other}\" (funnel.maxSegments in journey.json).")
            : string.Create(inv, $"persona has {cap.Values:N0} values: the {cap.Cap} with the most responses this month are shown, the other {cap.OtherValues:N0} are pooled as \"{other}\" (funnel.maxSegments in journey.json).");
    }

    /// <summary>Colours the mean-emotion column (the <paramref name="column"/>-th of the table) from red (-1) to green (+1).</summary>
    public static void Colour(SheetWriter w, IXLTable table, int column)
    {
        var a = table.RangeAddress;
        if (a.LastAddress.RowNumber <= a.FirstAddress.RowNumber) return;
        var c = a.FirstAddress.ColumnNumber + column - 1;
        w.Sheet.Range(a.FirstAddress.RowNumber + 1, c, a.LastAddress.RowNumber, c).AddConditionalFormat().ColorScale()
            .Minimum(XLCFContentType.Number, -1, XLColor.FromHtml("#F8696B"))
            .Midpoint(XLCFContentType.Number, 0, XLColor.FromHtml("#FFEB84"))
            .Maximum(XLCFContentType.Number, 1, XLColor.FromHtml("#63BE7B"));
    }
}
