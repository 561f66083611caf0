using JourneyInsights.Reporting.Run;
using SkiaSharp;

namespace JourneyInsights.Reporting.Tests;

/// <summary>
/// The tiny-data matrix: for each shape of data a small journey is written by hand into a temporary folder and the full
/// report runs as <c>journey report</c> runs it (default or given month, cut at the month's end, every format). No
/// shape may fail, no chart may come out blank, and a chart with nothing to draw must say so in words.
/// </summary>
public class TinyDataTests
{
    /// <summary>The run's clock for every case, so "future-dated" does not depend on the day the tests run.</summary>
    private static readonly DateTime Run = new(2026, 12, 1, 6, 0, 0, DateTimeKind.Utc);

    /// <summary>One shape: the journey, the month asked for (null = default) and the charts expected to say there is nothing to draw.</summary>
    public sealed record Shape(Func<TinyJourney> Build, string? Month, string ExpectedMonth, IReadOnlyDictionary<string, string> NoData);

    private static readonly string[] Personas = ["Agency", "Freelancer"];

    public static IReadOnlyDictionary<string, Shape> Shapes { get; } = new Dictionary<string, Shape>
    {
        // One customer reaching all three stages on 2026-03-05..07: less than a month of data, so the default month is
        // the latest (2026-03). 1 < 30 customers: no trend point, every heatmap cell too few to read.
        ["single customer"] = new(() => new TinyJourney(3, [new("2026-03-05T10:00", 3, "Agency", 9)]), null, "2026-03",
            new Dictionary<string, string> { ["key-drivers"] = "customers who also gave", ["conversion-trend"] = "minimum sample", ["pain-points"] = "no baseline" }),
        // Ten customers, 2026-03-01..19, reaching 1, 2, 3, 4, 1, 2, ... of 4 stages, two personas, NPS answers.
        ["ten customers"] = new(() => new TinyJourney(4, Enumerable.Range(0, 10).Select(i =>
                new TinyCustomer($"2026-03-{1 + 2 * i:00}T09:00", 1 + i % 4, Personas[i % 2], i % 11))), null, "2026-03",
            new Dictionary<string, string> { ["key-drivers"] = "customers who also gave", ["conversion-trend"] = "minimum sample", ["pain-points"] = "no baseline" }),
        // Customers in January and March only: February, asked for, has no customer at all.
        ["month without customers"] = new(() => new TinyJourney(3, Enumerable.Range(0, 40).Select(i =>
                new TinyCustomer(i < 20 ? $"2026-01-{1 + i:00}T09:00" : $"2026-03-{i - 19:00}T09:00", 1 + i % 3, "Agency", 8))), "2026-02", "2026-02",
            new Dictionary<string, string> { ["key-drivers"] = "customers who also gave", ["funnel"] = "No customers", ["conversion-heatmap"] = "No customers", ["pain-points"] = "No customers", ["conversion-trend"] = "minimum sample", ["paths"] = "No customers" }),
        // 10 customers in each of 2026-01..04: every cohort below the minimum sample of 30.
        ["every cohort below the minimum sample"] = new(() => new TinyJourney(3, Enumerable.Range(0, 40).Select(i =>
                new TinyCustomer($"2026-{1 + i / 10:00}-{1 + 2 * (i % 10):00}T09:00", 1 + i % 3, Personas[i % 2], 7))), "2026-03", "2026-03",
            // every month converts alike (1 + i % 3 stages), so nothing is worse than the baseline
            new Dictionary<string, string> { ["key-drivers"] = "customers who also gave", ["conversion-trend"] = "minimum sample", ["pain-points"] = "lost more customers than the previous three cohorts" }),
        // 40 customers with CRM contacts but no survey source: both emotion charts say so.
        ["no survey source"] = new(() => new TinyJourney(3, Enumerable.Range(0, 40).Select(i =>
                new TinyCustomer($"2026-03-{1 + i % 28:00}T09:00", 1 + i % 3, Personas[i % 2]))), null, "2026-03",
            new Dictionary<string, string> { ["key-drivers"] = "no survey source", ["emotion-curve"] = "no survey source", ["emotion-trend"] = "no survey source", ["pain-points"] = "no baseline" }),
        // 80 anonymous visitors over two full months, events only (no CRM, no survey): persona unknown for everyone.
        ["clickstream only"] = new(() => new TinyJourney(3, Enumerable.Range(0, 80).Select(i =>
                new TinyCustomer($"2026-{3 + i / 40:00}-{1 + i % 28:00}T09:00", 1 + i % 3)),
                extraEvents: ["2026-04-30T23:00:00Z,e1,late,,/page1,google,organic,desktop,US"]), null, "2026-04",
            new Dictionary<string, string> { ["key-drivers"] = "no survey source", ["emotion-curve"] = "no survey source", ["emotion-trend"] = "no survey source" }),
        // Every customer of the one persona; those reaching stage 2 or 3 answer each stage's survey with the same NPS, so the
        // key-driver chart has pairs to draw.
        ["single persona"] = new(() => new TinyJourney(3, Enumerable.Range(0, 60).Select(i =>
                new TinyCustomer($"2026-03-{1 + i % 28:00}T09:00", 1 + i % 3, "Agency", i % 11))), null, "2026-03",
            new Dictionary<string, string> { ["pain-points"] = "no baseline" }),
        // A journey of one stage: no transition to convert across.
        ["one stage"] = new(() => new TinyJourney(1, Enumerable.Range(0, 40).Select(i => new TinyCustomer($"2026-03-{1 + i % 28:00}T09:00", 1))), null, "2026-03",
            new Dictionary<string, string> { ["key-drivers"] = "no survey source", ["conversion-trend"] = "one stage", ["conversion-heatmap"] = "one stage", ["emotion-curve"] = "no survey source", ["emotion-trend"] = "no survey source", ["pain-points"] = "no baseline", ["paths"] = "one stage" }),
        // Twelve stages, 48 customers reaching 1..12 of them.
        ["twelve stages"] = new(() => new TinyJourney(12, Enumerable.Range(0, 48).Select(i =>
                new TinyCustomer($"2026-03-01T{i % 24:00}:00", 1 + i % 12, Personas[i % 2], i % 11))), null, "2026-03",
            new Dictionary<string, string> { ["key-drivers"] = "customers who also gave", ["pain-points"] = "no baseline" }),
    };

    public static TheoryData<string> Names => [.. Shapes.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_output_is_written_and_no_chart_is_blank(string name)
    {
        var shape = Shapes[name];
        using var tiny = shape.Build();
        var result = RunReport(tiny, shape.Month);

        Assert.Equal(shape.ExpectedMonth, result.Month);
        var folder = result.Folder;
        foreach (var file in new[] { "index.html", "summary.json", $"journey-summary-{result.Month}.xlsx", "run-manifest.json" })
            Assert.True(File.Exists(Path.Combine(folder, file)), $"{name}: {file} is missing");
        foreach (var chart in Charts.ChartSet.Recipes)
        {
            var png = Path.Combine(folder, "charts", chart.Name + ".png");
            Assert.True(File.Exists(png), $"{name}: {chart.Name}.png is missing");
            Assert.True(InkShare(File.ReadAllBytes(png)) > 0.002, $"{name}: {chart.Name}.png is blank");
            if (chart.Svg) Assert.True(File.Exists(Path.ChangeExtension(png, ".svg")), $"{name}: {chart.Name}.svg is missing");
        }

        // A chart with nothing to draw says why in words, and only those charts: every other chart draws data.
        var report = ReportOf(tiny, result.Month);
        foreach (var chart in Charts.ChartSet.Recipes)
        {
            var reason = chart.NoData?.Invoke(report);
            if (shape.NoData.TryGetValue(chart.Name, out var expected))
            {
                Assert.True(reason is not null, $"{name}: {chart.Name} should say it has nothing to draw");
                Assert.Contains(expected, reason, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("1970", reason);
                if (chart.Svg)
                {
                    var svg = File.ReadAllText(Path.Combine(folder, "charts", chart.Name + ".svg"));
                    Assert.Contains(Charts.ChartTheme.NoDataHeading, svg);
                }
            }
            else Assert.True(reason is null, $"{name}: {chart.Name} unexpectedly has nothing to draw: {reason}");
        }

        // The page never says "0 % negative" for lack of survey data, nor names 1970.
        var html = File.ReadAllText(Path.Combine(folder, "index.html"));
        Assert.DoesNotContain("1970", html);
        // A range of one month is named as that month, never "2026-03 to 2026-03".
        Assert.DoesNotMatch(@"\b(\d{4}-\d{2}) to \1\b", html);
        if (!report.DataQuality.Any(q => q.Kind == Sources.SourceKind.Survey))
            Assert.DoesNotMatch(@"\b0 % negative", html);

        // No sheet of the workbook is empty: each holds its tables, or a sentence saying there is nothing to show.
        using var xlsx = new XlsxFile(Path.Combine(folder, $"journey-summary-{result.Month}.xlsx"));
        foreach (var sheet in xlsx.SheetNames.Where(s => s != "Charts"))
            Assert.True(xlsx.Cells(sheet).Values.Count(c => c.Display.Length > 0) >= 3, $"{name}: sheet {sheet} is (nearly) empty");
        // The journey map's "Top pain point" row names one, or says why there is none; never a blank cell.
        var map = xlsx.Cells("Journey Map");
        var label = map.Values.Single(c => c.Display == "Top pain point").Reference;
        var row = label[1..];
        for (var s = 0; s < report.Stages.Count; s++)
        {
            var reference = $"{(char)('B' + s)}{row}";
            Assert.True(map.TryGetValue(reference, out var cell) && cell.Display.Length > 0, $"{name}: the journey map's top pain point of {report.Stages[s]} ({reference}) is blank");
        }
    }

    /// <summary>The report <see cref="RunReport"/> wrote, computed again from the same sources and cut.</summary>
    internal static Metrics.JourneyReport ReportOf(TinyJourney tiny, string month)
    {
        var sources = tiny.LoadSources(Run);
        var journey = Journey.FromSources(sources, Journey.MonthEndUtc(sources.Definition, month));
        return Metrics.JourneyReport.Compute(journey, journey.Period(month));
    }

    /// <summary>Runs the report as <c>journey report</c> does: default month of the loaded data, cut at that month's end.</summary>
    internal static ReportRunResult RunReport(TinyJourney tiny, string? month)
    {
        var sources = tiny.LoadSources(Run);
        var m = month ?? Journey.LastCompleteMonthOf(sources);
        Journey.CheckReportMonth(sources, m);
        var journey = Journey.FromSources(sources, Journey.MonthEndUtc(sources.Definition, m));
        return MonthlyReport.Write(journey, m, tiny.Reports, ReportFormats.All);
    }

    /// <summary>Share of the pixels that are not the white background (sampled every other pixel).</summary>
    internal static double InkShare(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        long ink = 0, all = 0;
        for (var y = 0; y < bitmap.Height; y += 2)
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                all++;
                var c = bitmap.GetPixel(x, y);
                if (c.Red < 245 || c.Green < 245 || c.Blue < 245) ink++;
            }
        return (double)ink / all;
    }
}
