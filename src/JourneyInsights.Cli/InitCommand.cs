using System.CommandLine;
using System.Globalization;
using JourneyInsights.Definition;

namespace JourneyInsights.Cli;

/// <summary><c>journey init</c>: recognises export files and writes a journey definition drafted from them.</summary>
internal static class InitCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var outPath = new Option<string>("--out", "-o") { Description = "The journey definition to write, e.g. my-exports/journey.json.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing journey definition." };
        var files = new Argument<string[]>("files") { Description = "The export files (CSV or .csv.gz): analytics events, CRM contacts, survey responses.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("init", "Recognise export files and write a journey definition drafted from them (the first thing to run on your own data).")
        {
            outPath, force, files,
        };
        command.SetAction((parse, cancellation) =>
        {
            var target = parse.GetValue(outPath)!;
            if (Directory.Exists(target)) throw new UsageException($"--out {target} is a folder; give the file to write, e.g. {Path.Combine(target, "journey.json")}");
            if (File.Exists(target) && !parse.GetValue(force)) throw new UsageException($"{target} already exists; pass --force to replace it");
            var draft = JourneyDraft.Create(parse.GetValue(files)!, target, cancellation);
            Print(output, draft);
            foreach (var refused in draft.Exports.Where(e => e.Refusal is not null))
                error.WriteLine($"warning: {refused.Recognition.Path}: not used: {refused.Refusal}");
            if (draft.Text is null)
            {
                error.WriteLine("error: none of the files can be used; nothing was written.");
                return Task.FromResult(ExitCodes.DataError);
            }
            draft.Write(target, overwrite: parse.GetValue(force));
            var d = draft.Definition!;
            output.WriteLine();
            output.WriteLine($"Wrote {target}: {d.Sources.Count} source(s), {d.Stages.Count} stage(s) ({string.Join(", ", d.Stages.Select(s => s.Name))}), {d.Touchpoints.Count} touchpoint rule(s); {draft.ReviewPoints} line(s) marked REVIEW.");
            output.WriteLine("Next: review it, then run");
            output.WriteLine($"  journey validate --config {target}");
            output.WriteLine($"  journey report --config {target}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static void Print(TextWriter output, JourneyDraft draft)
    {
        foreach (var e in draft.Exports)
        {
            var r = e.Recognition;
            output.WriteLine(r.Path);
            if (e.Refusal is not null)
                output.WriteLine($"  refused: {e.Refusal}");
            else if (e.JoinedInto is { } into)
                output.WriteLine($"  joined: read by source '{into.Source}' as its {into.Join} join");
            else
                output.WriteLine($"  recognised: {r.Layout} ({r.Kind}) -> source '{e.SourceName}', {(r.Preset is { } p ? $"preset '{p}'" : "inline column map")}, time zone {r.TimeZone}");
            if (e.JoinedInto is not null) continue;
            foreach (var why in r.Evidence) output.WriteLine($"    {why}");
            if (e.Load is { } load)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  rows: {load.RowsRead:N0} read, {load.RowsAccepted:N0} accepted, {load.RowsRejected:N0} rejected{(load.RowsRead > 0 ? $" ({100.0 * load.RowsAccepted / load.RowsRead:0.0} % accepted)" : "")}"));
                foreach (var reason in load.Reasons.Take(3))
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    {reason.Rows:N0} x {(reason.Column.Length > 0 ? $"'{reason.Column}' " : "")}{reason.Rule}: {reason.Reason} (first on {reason.FirstPlace})"));
            }
            foreach (var note in r.Review) output.WriteLine($"  review: {note}");
        }
    }
}
