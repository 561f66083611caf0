using System.CommandLine;
using System.Globalization;
using JourneyInsights.Definition;
using JourneyInsights.Privacy;
using JourneyInsights.Sources;

namespace JourneyInsights.Cli;

/// <summary>
/// <c>journey validate</c>: loads every source, prints what was read, accepted and rejected, and why, and checks the
/// definition against the data. Exit code 1 when a source has every row rejected, or more than its maxRejectedShare
/// (default 0.5), or a stage no touchpoint can enter (lenient mode too); 0 otherwise, warnings included.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = new Option<string?>("--config", "-c") { Description = "The journey definition (default: data-samples/journey.json)." };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first rejected row (exit code 1)." };
        var rejectedOut = new Option<string?>("--rejected") { Description = "Write the rejected rows to this CSV file." };
        var format = new Option<string>("--format") { Description = "text (default) or json: the data-quality report as JSON on standard output.", DefaultValueFactory = _ => "text" };
        var maxShare = new Option<double?>("--max-rejected-share")
        {
            Description = "Fail when more than this share of a source's rows is rejected (0 to 1; default: each source's maxRejectedShare, else 0.5).",
        };
        var command = new Command("validate", "Load every source of the journey definition, report rows read, accepted and rejected, and check the definition against the data.")
        {
            config, strict, rejectedOut, format, maxShare,
        };
        command.SetAction(parse =>
        {
            var asJson = parse.GetValue(format) switch
            {
                "text" => false,
                "json" => true,
                var other => throw new UsageException($"--format: expected 'text' or 'json', found '{other}'"),
            };
            if (parse.GetValue(maxShare) is { } m && m is not (>= 0 and <= 1))
                throw new UsageException($"--max-rejected-share: expected a share from 0 to 1, found {m.ToString(CultureInfo.InvariantCulture)}");
            var definition = JourneyDefinition.Load(JourneyCli.ResolveConfig(parse.GetValue(config)));
            var sources = SourceSet.Load(definition, new LoadOptions(parse.GetValue(strict)));
            var issues = ValidationChecks.Run(sources, parse.GetValue(maxShare));
            var rejected = sources.Rejected.ToList();
            if (asJson) output.WriteLine(Json(definition, sources, issues));
            else
            {
                Print(output, definition, sources);
                if (issues.Count > 0) output.WriteLine();
                foreach (var i in issues)
                    output.WriteLine($"{(i.Severity == IssueSeverity.Error ? "error" : "warning")}: {(i.Source is { } src ? $"source '{src}': " : "")}{(i.Path is { } p ? $"{p}: " : "")}{PersonalData.Mask(i.Message)}");
            }
            if (parse.GetValue(rejectedOut) is { } path)
            {
                RejectedRowsCsv.Write(path, rejected, definition.Sources);
                (asJson ? error : output).WriteLine($"Rejected rows written to {path}");
            }
            if (rejected.Count > 0)
                error.WriteLine($"warning: {rejected.Count} row(s) rejected; use --rejected <file> to list them.");
            var errors = issues.Count(i => i.Severity == IssueSeverity.Error);
            if (errors > 0) error.WriteLine($"error: {errors} check(s) failed; see above.");
            return errors > 0 ? ExitCodes.DataError : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The data-quality report as JSON: each source with the names of summary.json's <c>dataQuality.sources</c>, and the checks.</summary>
    internal static string Json(JourneyDefinition definition, SourceSet sources, IReadOnlyList<ValidationIssue> issues) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            definition = definition.FilePath,
            ok = issues.All(i => i.Severity != IssueSeverity.Error),
            sources = sources.Reports.Select(PersonalData.MaskReport).Select(JourneyInsights.Reporting.Json.DataQualityJson.Source),
            issues = issues.Select(i => i with { Message = PersonalData.Mask(i.Message) }).Select(JourneyInsights.Reporting.Json.DataQualityJson.Issue),
        }, JsonOptions);

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal static void Print(TextWriter output, JourneyDefinition definition, SourceSet sources)
    {
        output.WriteLine($"{definition.Name} ({definition.FilePath})");
        foreach (var notice in definition.Notices) output.WriteLine($"note: {notice}");
        foreach (var r in sources.Reports.Select(PersonalData.MaskReport))
        {
            output.WriteLine();
            output.WriteLine($"{r.Source} [{r.Kind}, {r.ColumnMap}] {r.File}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  rows read {r.RowsRead,10:N0}   accepted {r.RowsAccepted,10:N0}   rejected {r.RowsRejected,8:N0}   ({r.Duration.TotalSeconds:0.00} s)"));
            if (r.Files.Count > 1 || SourceFiles.IsGlob(r.File))
                foreach (var file in r.Files)
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  file {file.File}: rows read {file.RowsRead:N0}, accepted {file.RowsAccepted:N0}, rejected {file.RowsRejected:N0}{(file.FromCache ? " (from the cache)" : "")}"));
            if (r.RowsFiltered > 0 || r.RowsCollapsed > 0)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  of which {r.RowsFiltered:N0} rejected rows were left out by the map's filter, {r.RowsCollapsed:N0} accepted rows collapsed as repeated snapshots"));
            foreach (var j in r.Joins)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  joined {j.Join} {j.File}: {j.RowsRead:N0} rows read, {j.RowsKept:N0} kept, {j.RowsFiltered:N0} filtered, {j.RowsWithoutKey:N0} without a key, {j.DuplicateKeys:N0} duplicate keys, {j.RowsUnreadable:N0} unreadable"));
            if (r.FirstTimestamp is { } f && r.LastTimestamp is { } l)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  dates     {f:yyyy-MM-dd HH:mm}Z .. {l:yyyy-MM-dd HH:mm}Z"));
            foreach (var reason in r.Reasons.Take(5))
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {reason.Rows,6:N0} x {(reason.Column.Length > 0 ? $"'{reason.Column}' " : "")}{reason.Rule}: {reason.Reason} (first on {reason.FirstPlace})"));
            if (r.Reasons.Count > 5) output.WriteLine($"  ... and {r.Reasons.Count - 5} more reasons");
            foreach (var w in r.Warnings)
                output.WriteLine($"  warning: {(w.Column.Length > 0 ? $"'{w.Column}' " : "")}{w.Rule}: {w.Message}");
        }
    }
}
