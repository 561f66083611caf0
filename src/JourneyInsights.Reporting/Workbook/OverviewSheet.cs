using ClosedXML.Excel;
using JourneyInsights.Metrics;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>The first sheet: what the workbook is about and the month's headline figures against last month.</summary>
internal static class OverviewSheet
{
    public const string Name = "Overview";

    public static void Write(SheetWriter w, JourneyReport r, IReadOnlyList<(string Sheet, string Shows)> contents)
    {
        var row = w.Title($"{r.Title}: journey summary {r.Month}", "The month's headline figures against last month; every other sheet holds the figures behind them.");
        w.Heading(row, "Headlines");
        row++;
        var first = row;
        w.Header(row, 1, "Headline", "Unit", r.Month, r.PreviousMonth, "Change", "Basis");
        w.Sheet.SheetView.FreezeRows(row);
        foreach (var h in r.Headlines)
        {
            row++;
            var (kind, unit, changeKind, changeFactor) = Units(h.Unit);
            w.Put(row, 1, h.Name, CellKind.Text);
            w.Put(row, 2, unit, CellKind.Text);
            w.Put(row, 3, h.Value, kind);
            w.Put(row, 4, h.Previous, kind);
            w.Put(row, 5, h.Change * changeFactor, changeKind);
            w.Put(row, 6, Formatting.Format.Basis(h), CellKind.Text);
        }
        SheetWriter.CreateTable(w.Sheet.Range(first, 1, row, 6), "Headlines");
        SheetWriter.Direction(w.Sheet.Range(first + 1, 5, row, 5));
        w.Sheet.Range(first, 3, row, 5).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right);
        w.Note(row + 1, 1, "▲ green: better than last month (for every headline, up is good); ▼ red: worse.");

        row += 3;
        w.Heading(row, "About this report");
        row++;
        first = row;
        var zone = ReportDates.Zone(r);
        w.Header(row, 1, "Item", "Value");
        (string, object, CellKind)[] about =
        [
            ("Report month (cohort)", r.Month, CellKind.Text),
            ("Compared with", r.PreviousMonth, CellKind.Text),
            ("Data from", ReportDates.LocalDate(r.DataStart, zone), CellKind.Date),
            ("Data to", ReportDates.LocalDate(r.DataEnd, zone), CellKind.Date),
            ("Report time zone", r.ReportTimeZone, CellKind.Text),
            ("Stages", string.Join(" → ", r.Stages), CellKind.Text),
        ];
        foreach (var (item, value, kind) in about)
        {
            row++;
            w.Put(row, 1, item, CellKind.Text);
            w.Put(row, 2, value, kind).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Left);
        }
        SheetWriter.CreateTable(w.Sheet.Range(first, 1, row, 2), "About");

        row += 3;
        w.Heading(row, "Sheets");
        w.Table(row + 1, 1, "Sheets",
        [
            new TableColumn<(string Sheet, string Shows)>("Sheet", CellKind.Text, x => x.Sheet),
            new("Shows", CellKind.Text, x => x.Shows),
        ], contents);
    }

    /// <summary>The cell format of a headline's unit, the unit as shown, the change's arrow format and its scale.</summary>
    private static (CellKind Kind, string Unit, CellKind Change, double Factor) Units(string unit) => unit switch
    {
        "customers" => (CellKind.Count, "customers", CellKind.ChangeCount, 1),
        "fraction" => (CellKind.Percent, "% (change in percentage points, pp)", CellKind.ChangePoints, 100),
        "points" => (CellKind.OneDecimal, "NPS points (-100 to +100)", CellKind.ChangeOneDecimal, 1),
        _ => (CellKind.Score, unit == "score" ? "emotion score (-1 to +1)" : unit, CellKind.ChangeScore, 1),
    };
}
