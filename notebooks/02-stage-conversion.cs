#:project ../src/JourneyInsights.Notebooks/JourneyInsights.Notebooks.csproj
#:property PublishAot=false

// notebooks/02-stage-conversion.ipynb as a console app (C# file-based app, what upstream recommends after the
// deprecation of Polyglot Notebooks and .NET Interactive):
//   dotnet run notebooks/02-stage-conversion.cs -- --month 2026-08 [--persona "Agency"] [--config journey.json] [--out reports/notebooks/02-stage-conversion]
// How many customers of the month's cohort reach each stage? The same tables as the notebook (the monthly report's
// figures: data as it stood at the end of the month) and the same charts, written as PNG files.
using JourneyInsights;
using JourneyInsights.Notebooks;
using JourneyInsights.Notebooks.Formatting;
using JourneyInsights.Reporting.Charts;

var here = AppContext.GetData("EntryPointFileDirectoryPath") as string ?? Directory.GetCurrentDirectory();
var options = NotebookAppOptions.Parse(args, here, "02-stage-conversion", month: "2026-10");
var journey = Journey.Load(options.Config);
var report = journey.Report(options.Month);

Console.WriteLine(options.Heading(journey));
Console.WriteLine();
Console.WriteLine("## The month's funnel");
Console.Write(NotebookFormatters.ToText(report.Funnel));
Console.WriteLine("## By persona and by channel");
Console.Write(NotebookFormatters.ToText(report.Breakdowns.Single(b => b.Dimension == "persona")));
Console.Write(NotebookFormatters.ToText(report.Breakdowns.Single(b => b.Dimension == "channel")));
Console.WriteLine($"## The funnel of the persona {options.Persona}");
Console.Write(NotebookFormatters.ToText(report.Breakdowns.Single(b => b.Dimension == "persona").Segments.Single(s => s.Segment == options.Persona)));
Console.WriteLine("## Twelve months of conversion");
Console.Write(NotebookFormatters.ToText(report.Trend));
Console.WriteLine("## Time to convert");
Console.Write(TextTable.Of(report.Funnel.Stages.Select(s => new TimeToConvert(s.Stage, s.MedianTimeFromPrevious, s.P90TimeFromPrevious))));

foreach (var (name, plot) in new[]
{
    ("funnel", FunnelChart.Create(report)),
    ("conversion-heatmap", ConversionHeatmapChart.Create(report)),
    ("conversion-trend", ConversionTrendChart.Create(report)),
})
    options.WriteChart(name, plot);   // the pixels the notebook shows

internal sealed record TimeToConvert(string Stage, TimeSpan? Median, TimeSpan? P90);
