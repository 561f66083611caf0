using System.Globalization;

namespace JourneyInsights.Reporting.Formatting;

/// <summary>Culture-invariant display formats shared by the HTML page and other text outputs.</summary>
public static class Format
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Percent(double? x, int decimals = 1) => x is { } v ? (v * 100).ToString("F" + decimals, C) + " %" : "–";
    public static string Count(double? x) => x is { } v ? v.ToString("#,##0", C) : "–";
    public static string Score(double? x) => x is { } v ? v.ToString("+0.00;-0.00;0.00", C) : "–";
    public static string Points(double? x) => x is { } v ? v.ToString("+0.0;-0.0;0.0", C) : "–";
    public static string Days(TimeSpan? t) => t is { } v ? v.TotalDays.ToString("0.0", C) + " d" : "–";

    /// <summary>"Freelancer: 62 % vs 41 %" (the opportunity's best segment and rates), or "–".</summary>
    public static string Opportunity(JourneyInsights.Metrics.Opportunity? o) => o is null ? "–" : $"{o.BestDimension} {o.BestSegment}: {Percent(o.BestRate, 0)} vs {Percent(o.Rate, 0)}";

    /// <summary>A journey map's top pain point: "Consideration → Purchase: +54 lost beyond the baseline (significant)", or why there is none.</summary>
    public static string? TopPainPoint(JourneyInsights.Metrics.JourneyMapStage s) => s.TopPainPoint is null
        ? s.PainPointsHaveBaseline ? "none: no loss beyond the previous three cohorts" : "no earlier cohort to compare with"
        : $"{s.TopPainPoint}: {s.TopPainPointExcessLost?.ToString("+0;−0;0", C)} lost beyond the baseline ({(s.TopPainPointSignificant ? "significant" : "not significant")})";

    /// <summary>A headline value in its unit.</summary>
    public static string Unit(double? value, string unit) => unit switch
    {
        "fraction" => Percent(value),
        "customers" => Count(value),
        "points" => value is { } v ? v.ToString("0.0", C) : "–",
        _ => Score(value),
    };

    /// <summary>A change in the headline's unit: percentage points for fractions.</summary>
    public static string Change(double? change, string unit) => change switch
    {
        null => "–",
        { } c when unit == "fraction" => (c * 100).ToString("+0.0;-0.0;0.0", C) + " pp",
        { } c when unit == "customers" => c.ToString("+#,##0;-#,##0;0", C),
        { } c when unit == "points" => c.ToString("+0.0;-0.0;0.0", C),
        { } c => c.ToString("+0.00;-0.00;0.00", C),
    };
}
