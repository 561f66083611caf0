using JourneyInsights.Metrics;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>The month's funnel and the same funnel broken down by persona, channel, device and region.</summary>
internal static class FunnelSheet
{
    public const string Name = "Funnel";

    public static IReadOnlyList<TableColumn<StageConversion>> StageColumns { get; } =
    [
        new("Stage", CellKind.Text, s => s.Stage),
        new("Customers", CellKind.Count, s => s.Customers),
        new("Conversion from previous", CellKind.Percent, s => s.ConversionFromPrevious),
        new("Conversion from first", CellKind.Percent, s => s.ConversionFromFirst),
        new("Wilson 95% low", CellKind.Percent, s => s.ConversionInterval?.Low),
        new("Wilson 95% high", CellKind.Percent, s => s.ConversionInterval?.High),
        new("Drop-off", CellKind.Count, s => s.DropOff),
        new("Drop-off rate", CellKind.Percent, s => s.DropOffRate),
        new("Median days to convert", CellKind.OneDecimal, s => s.MedianTimeFromPrevious?.TotalDays),
        new("P90 days to convert", CellKind.OneDecimal, s => s.P90TimeFromPrevious?.TotalDays),
        new("Low sample", CellKind.Flag, s => s.LowSample),
    ];

    public static void Write(SheetWriter w, JourneyReport r)
    {
        var row = w.Title($"Funnel {r.Month}",
            "Customers of the month's cohort at each stage; conversion from previous = customers / customers at the previous stage, with its Wilson 95% interval; days from the previous stage."
            + (r.FunnelRules is { } counted ? $" Counted by the funnel rules of journey.json: {counted.Text}." : ""));
        var f = r.Funnel;
        var rules = r.FunnelRules is { } fr ? $"; {fr.Text}" : "";
        w.Heading(row, f.Maturing ? $"Funnel of the {f.Cohort} cohort{rules} (maturing: its numbers can still grow)" : $"Funnel of the {f.Cohort} cohort{rules}");
        var table = w.Table(row + 1, 1, "Funnel", StageColumns, f.Stages);
        w.Sheet.SheetView.FreezeRows(row + 1);
        row = table.RangeAddress.LastAddress.RowNumber + 3;

        if (r.SessionFunnel is { } sessions)
        {
            // countBy "session": the same stages counted per session; the "Customers" column counts sessions here.
            w.Heading(row, $"Funnel of the {sessions.Cohort} sessions: {sessions.Basis.Text}; the counts are sessions" + (sessions.Maturing ? " (maturing)" : ""));
            var sessionTable = w.Table(row + 1, 1, "SessionFunnel",
                StageColumns.Select(c => c.Header == "Customers" ? new TableColumn<StageConversion>("Sessions", c.Kind, c.Value) : c).ToList(), sessions.Stages);
            row = sessionTable.RangeAddress.LastAddress.RowNumber + 3;
        }

        w.Heading(row, "Breakdowns: the same funnel per segment");
        IReadOnlyList<TableColumn<(FunnelResult Segment, StageConversion Stage)>> columns =
        [
            new("Dimension", CellKind.Text, x => x.Segment.Dimension),
            new("Segment", CellKind.Text, x => x.Segment.Segment),
            .. StageColumns.Select(c => new TableColumn<(FunnelResult Segment, StageConversion Stage)>(c.Header, c.Kind, x => c.Value(x.Stage))),
            new("Segment not known yet", CellKind.Flag, x => x.Stage.SegmentNotKnownYet),
        ];
        var rows = r.Breakdowns.SelectMany(b => b.Segments).SelectMany(s => s.Stages.Select(st => (s, st)));
        var breakdowns = w.Table(row + 1, 1, "FunnelBreakdown", columns, rows);
        var unknown = r.Breakdowns.Where(b => b.KnownFromStage > 0).Select(b => $"{b.Dimension} is known only from {r.Stages[b.KnownFromStage]} on").ToList();
        var noteRow = breakdowns.RangeAddress.LastAddress.RowNumber + 1;
        if (unknown.Count > 0)
            w.Note(noteRow++, 1,
                $"{string.Join("; ", unknown)} (it comes from the CRM, whose records start there): conversions out of earlier stages are left empty per segment (\"Segment not known yet\"), since its customers there are only those who went on.");
        foreach (var b in r.Breakdowns.Where(b => b.Capped))
            w.Note(noteRow++, 1, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{b.Dimension} has {b.Values:N0} values in this cohort: the {b.Cap} with the most customers entering are shown, the other {b.OtherValues:N0} are pooled as \"{FunnelAnalysis.OtherSegment(b.OtherValues)}\" (funnel.maxSegments in journey.json)."));
    }
}
