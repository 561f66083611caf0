#:project ../src/JourneyInsights.Notebooks/JourneyInsights.Notebooks.csproj
#:property PublishAot=false

// notebooks/03-emotion-trends.ipynb as a console app (C# file-based app, what upstream recommends after the
// deprecation of Polyglot Notebooks and .NET Interactive):
//   dotnet run notebooks/03-emotion-trends.cs -- --month 2026-10 [--persona "Agency"] [--config journey.json] [--out reports/notebooks/03-emotion-trends]
// How do customers feel along the journey, and where and when does it turn negative? The same tables as the notebook
// (the monthly report's figures) and the same charts, written as PNG files.
using JourneyInsights;
using JourneyInsights.Notebooks;
using JourneyInsights.Notebooks.Formatting;
using JourneyInsights.Reporting.Charts;

var here = AppContext.GetData("EntryPointFileDirectoryPath") as string ?? Directory.GetCurrentDirectory();
var options = NotebookAppOptions.Parse(args, here, "03-emotion-trends", month: "2026-10");
var journey = Journey.Load(options.Config);
var report = journey.Report(options.Month);

Console.WriteLine(options.Heading(journey));
Console.WriteLine();
Console.WriteLine("## Emotion per stage this month");
Console.Write(NotebookFormatters.ToText(report.EmotionByStage));
Console.WriteLine($"## The emotion curve of the persona {options.Persona}");
Console.Write(NotebookFormatters.ToText(report.Curves.Single(c => c.Group == options.Persona)));
Console.WriteLine("## Per persona this month");
Console.Write(NotebookFormatters.ToText(report.EmotionByPersona));
Console.WriteLine("## NPS, CSAT and CES over twelve months");
Console.Write(NotebookFormatters.ToText(report.EmotionByMonth));
Console.WriteLine("## Month-over-month changes of the mean emotion per stage");
Console.Write(NotebookFormatters.ToText(report.EmotionTrend.Changes.Where(c => c.Month == options.Month).ToList()));
Console.WriteLine("## What goes with the relationship NPS (key drivers)");
var drivers = report.EmotionDrivers;
Console.WriteLine(drivers.NoDrivers ?? $"'{drivers.RelationshipSurvey}' NPS, {drivers.RelationshipCustomers} customers answered it; {drivers.Basis}");
Console.Write(NotebookFormatters.ToText(drivers.Drivers));
Console.WriteLine("## What customers said at the lowest points (e-mail addresses and phone numbers masked)");
Console.Write(NotebookFormatters.ToText(report.Verbatims));

foreach (var (name, plot) in new[] { ("emotion-curve", EmotionCurveChart.Create(report)), ("emotion-trend", EmotionTrendChart.Create(report)), ("key-drivers", KeyDriverChart.Create(report)) })
    options.WriteChart(name, plot);   // the pixels the notebook shows
