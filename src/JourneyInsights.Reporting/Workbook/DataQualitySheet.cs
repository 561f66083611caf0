using System.Globalization;
using JourneyInsights.Journeys;
using JourneyInsights.Metrics;
using JourneyInsights.Sources;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>What went into the report: rows per source, rejections, identity matching and placement in stages.</summary>
internal static class DataQualitySheet
{
    public const string Name = "Data Quality";

    public static void Write(SheetWriter w, JourneyReport r)
    {
        var row = w.Title("Data quality",
            "Rows read = accepted + rejected. Dates are in the report time zone. Identity: how records were joined into customers; placement: how records were placed in stages.");
        var zone = ReportDates.Zone(r);
        w.Heading(row, "Sources");
        var t = w.Table<SourceLoadReport>(row + 1, 1, "Sources",
        [
            new("Source", CellKind.Text, s => s.Source),
            new("File", CellKind.Text, s => Path.GetFileName(s.File)),
            new("Kind", CellKind.Text, s => s.Kind.ToString()),
            new("Column map", CellKind.Text, s => s.ColumnMap),
            new("Rows read", CellKind.Count, s => s.RowsRead),
            new("Rows accepted", CellKind.Count, s => s.RowsAccepted),
            new("Rows rejected", CellKind.Count, s => s.RowsRejected),
            new("Rejected share", CellKind.Percent, s => s.RowsRead > 0 ? (double)s.RowsRejected / s.RowsRead : null),
            new("First date", CellKind.Date, s => ReportDates.LocalDate(s.FirstTimestamp, zone)),
            new("Last date", CellKind.Date, s => ReportDates.LocalDate(s.LastTimestamp, zone)),
            new("Top rejection reasons", CellKind.Text, s => Reasons(s.Reasons)),
            new("Warnings", CellKind.Text, s => string.Join("\n", s.Warnings.Take(5).Select(x => $"{x.Rule}: {x.Message}"))),
        ], r.DataQuality);
        w.Sheet.SheetView.FreezeRows(row + 1);
        row = t.RangeAddress.LastAddress.RowNumber + 3;

        w.Heading(row, "Files (each file of each source, in the order read)");
        t = w.Table<(string Source, SourceFileReport File)>(row + 1, 1, "Files",
        [
            new("Source", CellKind.Text, x => x.Source),
            new("File", CellKind.Text, x => x.File.File),
            new("Bytes", CellKind.Count, x => x.File.Bytes),
            new("Rows read", CellKind.Count, x => x.File.RowsRead),
            new("Rows accepted", CellKind.Count, x => x.File.RowsAccepted),
            new("Rows rejected", CellKind.Count, x => x.File.RowsRejected),
        ], r.DataQuality.SelectMany(s => s.Files.Select(f => (s.Source, f))).ToList());
        row = t.RangeAddress.LastAddress.RowNumber + 3;

        w.Heading(row, "Identity");
        t = w.Table(row + 1, 1, "Identity", Measures, IdentityRows(r.Identity));
        row = t.RangeAddress.LastAddress.RowNumber + 3;

        w.Heading(row, "Placement in touchpoints and stages");
        var p = r.Placement;
        List<(string, long)> placement =
        [
            ("Records placed in a stage", p.Placed),
            ("Records matched but outside the journey (no stage)", p.Unstaged),
            ("Records no rule matched", p.UnmatchedRows),
            .. p.Unmatched.Take(10).Select(u => ($"Unmatched: {u.What}", u.Rows)),
        ];
        w.Table(row + 1, 1, "Placement", Measures, placement);
    }

    private static IReadOnlyList<TableColumn<(string Measure, long Value)>> Measures { get; } =
    [
        new("Measure", CellKind.Text, x => x.Measure),
        new("Count", CellKind.Count, x => x.Value),
    ];

    private static List<(string, long)> IdentityRows(IdentityReport i) =>
    [
        ("Customers", i.Customers),
        ("Customers with a CRM record", i.KnownCustomers),
        ("Anonymous journeys (never identified)", i.AnonymousJourneys),
        ("Analytics ids", i.AnalyticsIds),
        ("Analytics ids linked to a login", i.AnalyticsIdsLinked),
        ("Customers with several devices", i.CustomersWithSeveralDevices),
        ("CRM contacts", i.CrmContacts),
        ("CRM contacts without analytics activity", i.CrmContactsWithoutAnalytics),
        ("Survey responses", i.Responses),
        ("Responses matched by CRM id", i.ResponsesMatchedByCrmId),
        ("Responses matched by e-mail", i.ResponsesMatchedByEmail),
        ("Responses matched to no customer", i.ResponsesUnmatched),
    ];

    private static string Reasons(IReadOnlyList<RejectionReason> reasons) => string.Join("\n", reasons.Take(3).Select(x =>
        string.Create(CultureInfo.InvariantCulture, $"{x.Column}: {x.Reason} ({x.Rows:#,##0} rows, first on {x.FirstPlace})")));
}
