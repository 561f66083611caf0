using JourneyInsights.Metrics;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>Pain points ranked by impact, then the opportunities (extra customers if a transition converted like its best segment).</summary>
internal static class PainPointsSheet
{
    public const string Name = "Pain Points";

    public static void Write(SheetWriter w, JourneyReport r)
    {
        var row = w.Title($"Pain points and opportunities {r.Month}",
            "Impact = customers lost there × negativity (share of negative responses there). Baselines pool the previous three months. Verbatims have e-mails and phone numbers masked.");
        w.Heading(row, "Pain points, highest impact first");
        var t = w.Table<PainPoint>(row + 1, 1, "PainPoints",
        [
            new("Rank", CellKind.Count, p => p.Rank),
            new("Kind", CellKind.Text, p => p.Kind),
            new("Name", CellKind.Text, p => p.Name),
            new("Stage", CellKind.Text, p => p.Stage),
            new("Customers lost", CellKind.Count, p => p.CustomersLost),
            new("Negativity", CellKind.Percent, p => p.Negativity),
            new("Baseline negativity", CellKind.Percent, p => p.BaselineNegativity),
            new("Impact", CellKind.OneDecimal, p => p.Impact),
            new("Rate", CellKind.Percent, p => p.Rate),
            new("Baseline rate", CellKind.Percent, p => p.BaselineRate),
            new("Emotion", CellKind.Score, p => p.Emotion),
            new("Baseline emotion", CellKind.Score, p => p.BaselineEmotion),
            new("Emotion responses", CellKind.Count, p => p.EmotionResponses),
            new("Verbatims", CellKind.Text, p => string.Join("\n", p.Verbatims.Select(v => v.Comment))),
        ], r.PainPoints);
        w.Sheet.SheetView.FreezeRows(row + 1);
        EmotionsSheet.Colour(w, t, 11);
        row = t.RangeAddress.LastAddress.RowNumber + 3;

        w.Heading(row, "Opportunities: extra customers reaching the last stage if a transition converted like its best segment");
        w.Table<Opportunity>(row + 1, 1, "Opportunities",
        [
            new("Transition", CellKind.Text, o => o.Transition.Text),
            new("Conversion", CellKind.Percent, o => o.Rate),
            new("Best dimension", CellKind.Text, o => o.BestDimension),
            new("Best segment", CellKind.Text, o => o.BestSegment),
            new("Best conversion", CellKind.Percent, o => o.BestRate),
            new("Best segment size", CellKind.Count, o => o.BestSegmentSize),
            new("Extra at the stage", CellKind.OneDecimal, o => o.ExtraAtStage),
            new("Extra at the last stage", CellKind.OneDecimal, o => o.ExtraFinal),
        ], r.Opportunities);
    }
}
