using System.Globalization;

namespace JourneyInsights.Notebooks;

/// <summary>
/// The options of the file-based apps beside the notebooks (<c>dotnet run notebooks/02-stage-conversion.cs -- --month
/// 2026-08</c>): the notebook's parameters cell as command-line options. Paths given on the command line are relative
/// to the current directory; the defaults are beside the app, as the notebook's are beside the notebook.
/// </summary>
/// <param name="Config">The journey definition (<c>--config</c>; default <c>../data-samples/journey.json</c> from the app's folder).</param>
/// <param name="Month">The cohort month, YYYY-MM (<c>--month</c>).</param>
/// <param name="Persona">The persona of the per-persona views (<c>--persona</c>).</param>
/// <param name="Out">The folder the charts are written to (<c>--out</c>; default <c>reports/notebooks/NAME</c> under the current directory).</param>
public sealed record NotebookAppOptions(string Config, string Month, string Persona, string Out)
{
    /// <summary>Reads <paramref name="args"/>; an unknown option, a missing value or a malformed month is an <see cref="ArgumentException"/> naming it.</summary>
    public static NotebookAppOptions Parse(IReadOnlyList<string> args, string appDirectory, string name, string month, string persona = "Small business owner")
    {
        var config = Path.GetFullPath(Path.Combine(appDirectory, "..", "data-samples", "journey.json"));
        var output = Path.Combine("reports", "notebooks", name);
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            if (option == "--") continue;
            if (i + 1 >= args.Count) throw new ArgumentException($"{option} expects a value");
            var value = args[++i];
            switch (option)
            {
                case "--config": config = Path.GetFullPath(value); break;
                case "--month": month = value; break;
                case "--persona": persona = value; break;
                case "--out": output = value; break;
                default: throw new ArgumentException($"unknown option {option}; expected --config, --month, --persona or --out");
            }
        }
        if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw new ArgumentException($"--month expects YYYY-MM; found '{month}'");
        return new NotebookAppOptions(config, month, persona, Path.GetFullPath(output));
    }

    /// <summary>The app's first line: the journey, its cohort months and the month looked at, as the monthly report sees it.</summary>
    public string Heading(Journey journey) =>
        $"{journey.Definition.Name}: cohort months {journey.Months[0]} to {journey.Months[^1]}, looking at {Month} as the monthly report does (data up to the end of the month)";

    /// <summary>Writes <paramref name="plot"/> as <c>OUT/NAME.png</c> (the pixels the notebook shows), prints its path and returns it.</summary>
    public string WriteChart(string name, ScottPlot.Plot plot)
    {
        Directory.CreateDirectory(Out);
        var path = Path.Combine(Out, name + ".png");
        File.WriteAllBytes(path, Formatting.PlotImage.Png(plot));
        Console.WriteLine($"chart: {path}");
        return path;
    }
}
