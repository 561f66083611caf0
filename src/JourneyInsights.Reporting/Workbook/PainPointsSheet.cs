using JourneyInsights.Metrics;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>Pain points ranked by customers lost beyond the baseline, then the opportunities (extra customers if a transition converted like its best segment).</summary>
internal static class PainPointsSheet
{
    public const string Name = "Pain Points";

    public static void Write(SheetWriter w, JourneyReport r)
    {
        var row = w.Title($"Pain points and opportunities {r.Month}",
            "Excess lost = customers lost beyond the baseline (the previous three cohorts pooled, observed at the same cut): transitions, customers at the previous stage × (baseline − conversion); touchpoints, the cohort × (share stopping there − baseline). "
            + $"Significant = Benjamini–Hochberg adjusted p below {r.Alpha.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} over the report's {r.TestCount} tests. In progress = still inside the conversion window, not lost. Verbatims have e-mails and phone numbers masked.");
        w.Heading(row, "Pain points, most customers lost beyond the baseline first");
        var t = w.Table<PainPoint>(row + 1, 1, "PainPoints",
        [
            new("Rank", CellKind.Count, p => p.Rank),
            new("Kind", CellKind.Text, p => p.Kind),
            new("Name", CellKind.Text, p => p.Name),
            new("Stage", CellKind.Text, p => p.Stage),
            new("Customers", CellKind.Count, p => p.Customers),
            new("Customers lost", CellKind.Count, p => p.CustomersLost),
            new("In progress", CellKind.Count, p => p.InProgress),
            new("Rate", CellKind.Percent, p => p.Rate),
            new("Baseline rate", CellKind.Percent, p => p.BaselineRate),
            new("Excess lost", CellKind.OneDecimal, p => p.ExcessLost),
            new("Emotion", CellKind.Score, p => p.Emotion),
            new("p-value", CellKind.PValue, p => p.PValue),
            new("Adjusted p", CellKind.PValue, p => p.AdjustedPValue),
            new("Significant", CellKind.Flag, p => p.Significant),
            new("Test", CellKind.Text, p => p.Test),
            new("Low sample", CellKind.Flag, p => p.LowSample),
            new("Negativity", CellKind.Percent, p => (object?)p.Negativity ?? "no survey data"),
            new("Negativity responses", CellKind.Count, p => p.NegativityResponses),
            new("Negativity estimated from the stage", CellKind.Flag, p => p.NegativityEstimated),
            new("Baseline negativity", CellKind.Percent, p => p.BaselineNegativity),
            new("Baseline emotion", CellKind.Score, p => p.BaselineEmotion),
            new("Emotion responses", CellKind.Count, p => p.EmotionResponses),
            new("Basis", CellKind.Text, p => p.Basis),
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
        row = w.Sheet.LastRowUsed()!.RowNumber() + 3;

        w.Heading(row, $"Drop-off drivers: what goes with converting or stopping at each transition ({r.Month} cohort as of the report's cut; odds ratio below 1 = goes with stopping)");
        w.Table<DropOffDriver>(row + 1, 1, "DropOffDrivers",
        [
            new("Transition", CellKind.Text, d => d.Transition.Text),
            new("Population", CellKind.Text, d => d.Population),
            new("Kind", CellKind.Text, d => d.Kind),
            new("Value", CellKind.Text, d => d.Value),
            new("Customers with", CellKind.Count, d => d.With),
            new("Converted with", CellKind.Count, d => d.WithConverted),
            new("Customers without", CellKind.Count, d => d.Without),
            new("Converted without", CellKind.Count, d => d.WithoutConverted),
            new("Conversion with", CellKind.Percent, d => d.ConversionWith),
            new("Conversion without", CellKind.Percent, d => d.ConversionWithout),
            new("Odds ratio", CellKind.Score, d => d.OddsRatio),
            new("Odds ratio 95% low", CellKind.Score, d => d.OddsRatioInterval.Low),
            new("Odds ratio 95% high", CellKind.Score, d => d.OddsRatioInterval.High),
            new("Customers affected", CellKind.OneDecimal, d => d.CustomersAffected),
            new("Test", CellKind.Text, d => d.Test),
            new("p-value", CellKind.PValue, d => d.PValue),
            new("Adjusted p (BH over the candidates)", CellKind.PValue, d => d.AdjustedPValue),
            new("Significant", CellKind.Flag, d => d.Significant),
            new("Basis", CellKind.Text, d => d.Basis),
        ], r.DropOffDrivers);
    }
}
