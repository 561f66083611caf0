using System.CommandLine;
using System.Globalization;
using JourneyInsights.Definition;
using JourneyInsights.Sources;

namespace JourneyInsights.Cli;

/// <summary><c>journey validate</c>: loads every source and prints what was read, accepted and rejected, and why.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = new Option<string?>("--config", "-c") { Description = "The journey definition (default: data-samples/journey.json)." };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first rejected row (exit code 1)." };
        var rejectedOut = new Option<string?>("--rejected") { Description = "Write the rejected rows to this CSV file." };
        var command = new Command("validate", "Load every source of the journey definition and report rows read, accepted and rejected.")
        {
            config, strict, rejectedOut,
        };
        command.SetAction(parse =>
        {
            var definition = JourneyDefinition.Load(JourneyCli.ResolveConfig(parse.GetValue(config)));
            var sources = SourceSet.Load(definition, new LoadOptions(parse.GetValue(strict)));
            Print(output, definition, sources);
            var rejected = sources.Rejected.ToList();
            if (parse.GetValue(rejectedOut) is { } path)
            {
                RejectedRowsCsv.Write(path, rejected);
                output.WriteLine($"Rejected rows written to {path}");
            }
            if (rejected.Count > 0)
                error.WriteLine($"warning: {rejected.Count} row(s) rejected; use --rejected <file> to list them.");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static void Print(TextWriter output, JourneyDefinition definition, SourceSet sources)
    {
        output.WriteLine($"{definition.Name} ({definition.FilePath})");
        foreach (var notice in definition.Notices) output.WriteLine($"note: {notice}");
        foreach (var r in sources.Reports)
        {
            output.WriteLine();
            output.WriteLine($"{r.Source} [{r.Kind}, {r.ColumnMap}] {r.File}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  rows read {r.RowsRead,10:N0}   accepted {r.RowsAccepted,10:N0}   rejected {r.RowsRejected,8:N0}   ({r.Duration.TotalSeconds:0.00} s)"));
            if (r.FirstTimestamp is { } f && r.LastTimestamp is { } l)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  dates     {f:yyyy-MM-dd HH:mm}Z .. {l:yyyy-MM-dd HH:mm}Z"));
            foreach (var reason in r.Reasons.Take(5))
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {reason.Rows,6:N0} x {(reason.Column.Length > 0 ? $"'{reason.Column}' " : "")}{reason.Rule}: {reason.Reason} (first on line {reason.FirstLine})"));
            if (r.Reasons.Count > 5) output.WriteLine($"  ... and {r.Reasons.Count - 5} more reasons");
            foreach (var w in r.Warnings)
                output.WriteLine($"  warning: {(w.Column.Length > 0 ? $"'{w.Column}' " : "")}{w.Rule}: {w.Message}");
        }
    }
}
