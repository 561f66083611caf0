using JourneyInsights.Metrics;
using JourneyInsights.Reporting.Workbook;

namespace JourneyInsights.Reporting.Tests;

/// <summary>Comments, CRM names and touchpoint names come from outside: the workbook must show them, never run them.</summary>
public class WorkbookInjectionTests(SampleReport sample) : IClassFixture<SampleReport>
{
    private const string Hyperlink = "=HYPERLINK(\"http://x\",\"click\")";
    private const string Dde = "+cmd|' /C calc'!A0";
    private const string At = "@SUM(1)";
    private const string Minus = "-2+3";

    [Fact]
    public void Formula_like_text_is_written_as_literal_text()
    {
        var r = sample.Report;
        var report = r with
        {
            JourneyMap = [r.JourneyMap[0] with { Verbatim = Hyperlink, Goal = Dde, KeyTouchpoints = [At] }, .. r.JourneyMap.Skip(1)],
            Verbatims = [.. r.Verbatims.Select(v => v with { Comment = Hyperlink })],
            PainPoints = [r.PainPoints[0] with { Name = Minus, Verbatims = [r.PainPoints[0].Verbatims[0] with { Comment = Hyperlink }] }, .. r.PainPoints.Skip(1)],
            EmotionByPersona = [r.EmotionByPersona[0] with { Group = At }, .. r.EmotionByPersona.Skip(1)],
            EmotionByTouchpoint = [r.EmotionByTouchpoint[0] with { Group = Dde }, .. r.EmotionByTouchpoint.Skip(1)],
            Paths = [.. r.Paths.Select(p => p with { Steps = [.. p.Steps.Select(s => (IReadOnlyList<PathNode>)[.. s.Select(n => n.Kind == PathNodeKind.Touchpoint ? n with { Name = Hyperlink } : n)])] })],
        };
        var folder = Directory.CreateTempSubdirectory("journey-injection-").FullName;
        try
        {
            var path = Path.Combine(folder, "injection.xlsx");
            JourneyWorkbook.Write(report, [], path);
            using var file = new XlsxFile(path);

            Assert.All(file.SheetNames, s => Assert.DoesNotContain(file.Cells(s).Values, c => c.HasFormula));

            var map = file.Rows("JourneyMap").ToDictionary(x => x["Stage"]!.Text!);
            var first = r.JourneyMap[0].Stage;
            AssertLiteral(map["Representative verbatim"][first], Hyperlink);
            AssertLiteral(map["Customer goal"][first], Dde);
            AssertLiteral(map["Key touchpoints"][first], At);

            var pain = file.Rows("PainPoints")[0];
            AssertLiteral(pain["Name"], Minus);
            Assert.Equal(Hyperlink, pain["Verbatims"]!.Text);
            AssertLiteral(file.Rows("EmotionByPersona")[0]["Persona"], At);
            AssertLiteral(file.Rows("EmotionByTouchpoint")[0]["Touchpoint"], Dde);
            AssertLiteral(file.Rows("Paths").First(x => x["Kind"]!.Text == "touchpoint")["Touchpoint"], Hyperlink);
            AssertLiteral(file.Rows("PathLinks").First(x => x["From step"]!.Number == 1)["From"], Hyperlink);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Text_that_looks_like_a_number_or_date_stays_text()
    {
        var r = sample.Report;
        var report = r with { EmotionByPersona = [r.EmotionByPersona[0] with { Group = "0012" }, r.EmotionByPersona[1] with { Group = "2026-01-01" }] };
        var folder = Directory.CreateTempSubdirectory("journey-injection-").FullName;
        try
        {
            var path = Path.Combine(folder, "numbers.xlsx");
            JourneyWorkbook.Write(report, [], path);
            using var file = new XlsxFile(path);
            var rows = file.Rows("EmotionByPersona");
            Assert.Equal("0012", rows[0]["Persona"]!.Text);
            Assert.Equal("2026-01-01", rows[1]["Persona"]!.Text);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Empty_lists_still_give_tables_and_no_empty_sheet()
    {
        var report = sample.Report with { PainPoints = [], Opportunities = [] };
        var folder = Directory.CreateTempSubdirectory("journey-empty-").FullName;
        try
        {
            var path = Path.Combine(folder, "empty.xlsx");
            JourneyWorkbook.Write(report, [], path);
            using var file = new XlsxFile(path);
            Assert.Equal("none", Assert.Single(file.Rows("PainPoints"))["Rank"]!.Text);
            Assert.Single(file.Rows("Opportunities"));
            Assert.Equal(0, file.Pictures("Charts").Anchors);
            Assert.Contains(file.Cells("Charts").Values, c => c.Text == "No charts were given when this workbook was written.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertLiteral(XlsxCell? cell, string text)
    {
        Assert.NotNull(cell);
        Assert.False(cell.HasFormula);
        Assert.Equal(text, cell.Text);
        Assert.True(cell.QuotePrefix, $"{cell.Reference} has no quote prefix");
    }
}
