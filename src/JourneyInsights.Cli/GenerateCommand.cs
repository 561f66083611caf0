using System.CommandLine;
using System.Globalization;
using JourneyInsights.Samples;

namespace JourneyInsights.Cli;

/// <summary><c>journey generate</c>: writes deterministic sample exports (the input of the demos and the benchmark).</summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var customers = new Option<int>("--customers") { Description = "CRM contacts to simulate (anonymous visitors come on top).", DefaultValueFactory = _ => 3000 };
        var months = new Option<int>("--months") { Description = "Months of history.", DefaultValueFactory = _ => 13 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives byte-identical files.", DefaultValueFactory = _ => 42 };
        var endMonth = new Option<string?>("--end-month") { Description = "Last month covered, YYYY-MM (default: the last complete month)." };
        var outDir = new Option<string>("--out", "-o") { Description = "Output folder (the exports, journey.json and samples-manifest.json are written there).", DefaultValueFactory = _ => "generated" };
        var force = new Option<bool>("--force") { Description = "Write even beside other exports, or over exports of another seed (nothing is deleted)." };
        var command = new Command("generate", "Write realistic sample exports (GA4 events, HubSpot contacts, Qualtrics responses) with planted stories, and the journey.json that reads them.")
        {
            customers, months, seed, endMonth, outDir, force,
        };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(customers);
            var m = parse.GetValue(months);
            if (n < 1) throw new UsageException("--customers must be at least 1");
            if (m is < 1 or > 120) throw new UsageException("--months must be between 1 and 120");
            var end = parse.GetValue(endMonth) is { } text ? ParseMonth(text) : LastCompleteMonth(DateTime.UtcNow);
            var dir = parse.GetValue(outDir)!;
            // Refuses (exit 1) a folder holding other exports or exports of another seed: a journey.json there would mix them.
            var summary = SampleFolder.Write(new SampleOptions(n, m, parse.GetValue(seed), end), dir, parse.GetValue(force));
            output.WriteLine($"Wrote sample exports and {SampleFolder.DefinitionFileName} to {Path.GetFullPath(dir)}");
            output.WriteLine($"Next: journey report --config {Path.Combine(dir, SampleFolder.DefinitionFileName)}");
            output.WriteLine(summary.ToString());
            return ExitCodes.Success;
        });
        return command;
    }

    internal static DateOnly ParseMonth(string text) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new UsageException($"expected a month as YYYY-MM, found '{text}'");

    internal static DateOnly LastCompleteMonth(DateTime utcNow) => new DateOnly(utcNow.Year, utcNow.Month, 1).AddMonths(-1);
}
