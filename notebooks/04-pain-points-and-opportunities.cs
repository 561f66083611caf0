#:project ../src/JourneyInsights.Notebooks/JourneyInsights.Notebooks.csproj
#:property PublishAot=false

// notebooks/04-pain-points-and-opportunities.ipynb as a console app (C# file-based app, what upstream recommends after
// the deprecation of Polyglot Notebooks and .NET Interactive):
//   dotnet run notebooks/04-pain-points-and-opportunities.cs -- --month 2026-08 [--config journey.json] [--out reports/notebooks/04-pain-points-and-opportunities]
// Where do we lose customers while they feel bad, what would fixing it be worth, what changed since last month, and
// where did the customers of the largest drop-off go next (paths)?
// The same tables as the notebook (the monthly report's figures) and the same chart, written as a PNG file.
using JourneyInsights;
using JourneyInsights.Notebooks;
using JourneyInsights.Notebooks.Formatting;
using JourneyInsights.Reporting.Charts;

var here = AppContext.GetData("EntryPointFileDirectoryPath") as string ?? Directory.GetCurrentDirectory();
var options = NotebookAppOptions.Parse(args, here, "04-pain-points-and-opportunities", month: "2026-08");
var journey = Journey.Load(options.Config);
var report = journey.Report(options.Month);

Console.WriteLine(options.Heading(journey));
Console.WriteLine();
Console.WriteLine("## Ranked pain points");
var pains = report.PainPoints;
Console.Write(NotebookFormatters.ToText(pains));
if (pains.Count > 0)
{
    Console.WriteLine("## The evidence behind the top pain point");
    Console.Write(NotebookFormatters.ToText(pains[0].Verbatims));
}
Console.WriteLine("## Opportunities");
Console.Write(NotebookFormatters.ToText(report.Opportunities));
Console.WriteLine("## What changed since last month");
Console.Write(NotebookFormatters.ToText(report.Trend.Changes.Where(c => c.Month == options.Month).ToList()));
var previousMonth = report.Period.PreviousMonthText;
Console.WriteLine($"## Last month's pain points ({previousMonth})");
Console.Write(NotebookFormatters.ToText(journey.Report(previousMonth).PainPoints));
Console.WriteLine("## Why customers drop: drop-off drivers (significant)");
Console.Write(NotebookFormatters.ToText(report.DropOffDrivers.Where(d => d.Significant).ToList()));
foreach (var finding in report.Findings.Where(f => f.Kind == "driver")) Console.WriteLine("- " + finding.Text);

var paths = report.PathFocus;
if (paths is not null)
{
    Console.WriteLine($"## {paths.Title}: {paths.Customers} customers ({paths.Basis})");
    Console.Write(NotebookFormatters.ToText(paths.Steps.SelectMany(step => step).ToList()));
}
var afterError = journey.Paths(JourneyInsights.Metrics.PathQuery.Around("Payment error"), options.Month);

options.WriteChart("pain-points", PainPointChart.Create(report));   // the pixels the notebook shows
options.WriteChart("paths", PathSankeyChart.Create(report));
options.WriteChart("paths-after-payment-error", PathSankeyChart.Create(afterError, journey.Definition.Name));
