using ClosedXML.Excel;
using JourneyInsights.Metrics;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>The first sheet: what the workbook is about and the month's headline figures against last month.</summary>
internal static class OverviewSheet
{
    public const string Name = "Overview";

    /// <summary>The Headlines table's columns (Headline … Basis).</summary>
    private const int HeadlineColumns = 9;

    public static void Write(SheetWriter w, JourneyReport r, IReadOnlyList<(string Sheet, string Shows)> contents)
    {
        var row = w.Title($"{r.Title}: journey summary {r.Month}", "What changed this month, then the headline figures against last month; every other sheet holds the figures behind them.");
        w.Heading(row, "What changed this month");
        var correction = $"Benjamini–Hochberg over the report's {r.TestCount} tests, adjusted p below {r.Alpha.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}";
        // The sentences wrap within the Headlines table's nine columns below.
        if (r.Findings.Count == 0)
            w.Paragraph(++row, HeadlineColumns, FindingAnalysis.NoFindings(r.TestCount, r.Alpha));
        foreach (var f in r.Findings.Take(5))
            w.Paragraph(++row, HeadlineColumns, $"{f.Rank}. {f.Text}");
        w.Paragraph(++row, HeadlineColumns, $"Only significant results are listed ({correction}); comments are masked for personal data.", note: true);

        row += 2;
        w.Heading(row, "Headlines");
        row++;
        var first = row;
        w.Header(row, 1, "Headline", "Unit", r.Month, r.PreviousMonth, "Change", "p-value", "Adjusted p", "Significant", "Basis");
        foreach (var h in r.Headlines)
        {
            row++;
            var (kind, unit, changeKind, changeFactor) = Units(h.Unit);
            w.Put(row, 1, h.Name, CellKind.Text);
            w.Put(row, 2, unit, CellKind.Text);
            w.Put(row, 3, h.Value, kind);
            w.Put(row, 4, h.Previous, kind);
            w.Put(row, 5, h.Change * changeFactor, changeKind);
            w.Put(row, 6, h.PValue, CellKind.PValue);
            w.Put(row, 7, h.AdjustedPValue, CellKind.PValue);
            w.Put(row, 8, h.PValue is null ? "not tested" : h.Significant ? "yes" : "no", CellKind.Text);
            w.Put(row, 9, h.Basis + (h.MarginOfError is { } moe ? $"; ± {moe.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} points (95 %, adjusted Wald)" : "") + (h.LowSample ? "; low sample" : ""), CellKind.Text);
        }
        SheetWriter.CreateTable(w.Sheet.Range(first, 1, row, 9), "Headlines");
        // Green or red only for changes that passed the report's corrected test; the others stay black.
        for (var i = 0; i < r.Headlines.Count; i++)
            if (r.Headlines[i].Significant) SheetWriter.Direction(w.Sheet.Range(first + 1 + i, 5, first + 1 + i, 5));
        w.Sheet.Range(first, 3, row, 5).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right);
        w.Paragraph(row + 1, HeadlineColumns, "▲ green: better than last month (for every headline, up is good); ▼ red: worse; coloured only when significant (adjusted p below alpha).", note: true);

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
