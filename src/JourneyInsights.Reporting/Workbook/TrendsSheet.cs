using JourneyInsights.Metrics;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>The funnel of each of the last twelve cohort months and the month-over-month changes of conversion.</summary>
internal static class TrendsSheet
{
    public const string Name = "Trends";

    public static void Write(SheetWriter w, JourneyReport r)
    {
        var row = w.Title($"Trends up to {r.Month}",
            "One row per cohort month: customers at each stage and conversion of each transition. A maturing cohort's conversion window has not closed yet: its numbers can still grow.");
        var stages = r.Stages;
        List<TableColumn<FunnelResult>> columns =
        [
            new("Cohort", CellKind.Text, f => f.Cohort),
            new("Maturing", CellKind.Flag, f => f.Maturing),
        ];
        for (var s = 0; s < stages.Count; s++)
        {
            var i = s;
            columns.Add(new(stages[s], CellKind.Count, f => f.Stages[i].Customers));
        }
        for (var s = 1; s < stages.Count; s++)
        {
            var i = s;
            columns.Add(new($"{stages[s - 1]} → {stages[s]}", CellKind.Percent, f => f.Stages[i].ConversionFromPrevious));
        }
        columns.Add(new("Final conversion", CellKind.Percent, f => f.FinalConversion));
        w.Heading(row, $"Customers per stage ({stages[0]} … {stages[^1]}), then conversion per transition");
        var t = w.Table(row + 1, 1, "TrendFunnels", columns, r.Trend.Months);
        w.Sheet.SheetView.FreezeRows(row + 1);
        row = t.RangeAddress.LastAddress.RowNumber + 3;

        w.Heading(row, "Month-over-month change of conversion (two-proportion z-test, raw p-value; a maturing month is compared age-matched: see Basis)");
        t = w.Table<ConversionChange>(row + 1, 1, "ConversionChanges",
        [
            new("Month", CellKind.Text, c => c.Month),
            new("Previous month", CellKind.Text, c => c.PreviousMonth),
            new("Transition", CellKind.Text, c => c.Transition.Text),
            new("Conversion", CellKind.Percent, c => c.Rate),
            new("Previous conversion", CellKind.Percent, c => c.PreviousRate),
            new("Change", CellKind.ChangePoints, c => c.Change * 100),
            new("z", CellKind.Score, c => c.Z),
            new("p-value", CellKind.PValue, c => c.PValue),
            new("Comparable", CellKind.Flag, c => c.Comparable),
            new("Significant", CellKind.Flag, c => c.Significant),
            new("Basis", CellKind.Text, c => c.Basis.Text),
        ], r.Trend.Changes);
    }
}
