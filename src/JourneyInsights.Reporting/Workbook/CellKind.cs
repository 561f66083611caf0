using System.Globalization;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>How a cell is written: its Excel number format and the text Excel shows for it (used to size columns).</summary>
internal enum CellKind
{
    /// <summary>Plain text, always written as a string (never a formula), wrapped when longer than the column cap.</summary>
    Text,
    /// <summary>Whole number, <c>#,##0</c>.</summary>
    Count,
    /// <summary>Fraction 0-1 shown as a percentage, <c>0.0%</c>.</summary>
    Percent,
    /// <summary>Score such as mean emotion (-1..+1) or CES (1-7), <c>0.00</c>.</summary>
    Score,
    /// <summary>Points or days with one decimal, <c>0.0</c>.</summary>
    OneDecimal,
    /// <summary>A p-value, <c>0.000</c>.</summary>
    PValue,
    /// <summary>A calendar date, <c>yyyy-mm-dd</c>.</summary>
    Date,
    /// <summary>A change of a count: ▲ +1,234 / ▼ -1,234 / = 0.</summary>
    ChangeCount,
    /// <summary>A change of a percentage in percentage points (the value is already ×100): ▲ +1.2 pp.</summary>
    ChangePoints,
    /// <summary>A change with one decimal (NPS points): ▲ +1.2.</summary>
    ChangeOneDecimal,
    /// <summary>A change of a score: ▲ +0.12.</summary>
    ChangeScore,
    /// <summary>A true/false flag written as the text "yes" or left empty.</summary>
    Flag,
}

/// <summary>Number formats and their .NET equivalents, so that the width of a column follows what Excel will display.</summary>
internal static class CellFormats
{
    public static string? NumberFormat(CellKind kind) => kind switch
    {
        CellKind.Count => "#,##0",
        CellKind.Percent => "0.0%",
        CellKind.Score => "0.00",
        CellKind.OneDecimal => "0.0",
        CellKind.PValue => "0.000",
        CellKind.Date => "yyyy-mm-dd",
        CellKind.ChangeCount => Arrows("#,##0"),
        CellKind.ChangePoints => Arrows("0.0\" pp\""),
        CellKind.ChangeOneDecimal => Arrows("0.0"),
        CellKind.ChangeScore => Arrows("0.00"),
        _ => null,
    };

    /// <summary>A number format showing ▲ +x for a rise, ▼ -x for a fall and = 0 for no change.</summary>
    private static string Arrows(string number) => $"\"▲ \"+{number};\"▼ \"-{number};\"= \"{number}";

    /// <summary>True for the change kinds, whose cells are coloured green when up and red when down.</summary>
    public static bool IsChange(CellKind kind) => kind is CellKind.ChangeCount or CellKind.ChangePoints or CellKind.ChangeOneDecimal or CellKind.ChangeScore;

    /// <summary>The text Excel displays for <paramref name="value"/> written as <paramref name="kind"/>.</summary>
    public static string Display(object? value, CellKind kind) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "yes" : "",
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IConvertible c when kind != CellKind.Text => Number(c.ToDouble(CultureInfo.InvariantCulture), kind),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Arrow(double v) => v > 0 ? "▲ +" : v < 0 ? "▼ -" : "= ";

    private static string Number(double v, CellKind kind) => kind switch
    {
        CellKind.Count => v.ToString("#,##0", CultureInfo.InvariantCulture),
        CellKind.Percent => v.ToString("0.0%", CultureInfo.InvariantCulture),
        CellKind.Score => v.ToString("0.00", CultureInfo.InvariantCulture),
        CellKind.OneDecimal => v.ToString("0.0", CultureInfo.InvariantCulture),
        CellKind.PValue => v.ToString("0.000", CultureInfo.InvariantCulture),
        CellKind.Date => "yyyy-mm-dd",
        CellKind.ChangeCount => Arrow(v) + Math.Abs(v).ToString("#,##0", CultureInfo.InvariantCulture),
        CellKind.ChangePoints => Arrow(v) + Math.Abs(v).ToString("0.0", CultureInfo.InvariantCulture) + " pp",
        CellKind.ChangeOneDecimal => Arrow(v) + Math.Abs(v).ToString("0.0", CultureInfo.InvariantCulture),
        CellKind.ChangeScore => Arrow(v) + Math.Abs(v).ToString("0.00", CultureInfo.InvariantCulture),
        _ => v.ToString("G", CultureInfo.InvariantCulture),
    };
}
