using System.CommandLine;
using System.Globalization;
using JourneyInsights.Notebooks;

namespace JourneyInsights.Cli;

/// <summary>
/// <c>journey notebook run</c>: executes C# notebooks (.ipynb or .dib) headless on the real .NET Interactive C# kernel,
/// one after another in this process, and writes each executed notebook and an HTML page. Exit code 1 when a cell
/// fails (the partial notebook is still written; later notebooks are not run), 2 for a bad --param.
/// </summary>
internal static class NotebookCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var path = new Argument<string[]>("path")
        {
            Description = "The notebooks (.ipynb or .dib), run one after another in this process.",
            Arity = ArgumentArity.OneOrMore,
        };
        var parameters = new Option<string[]>("--param", "-p")
        {
            Description = "Override a variable of the notebook's parameters cell: name=value (repeatable).",
            DefaultValueFactory = _ => [],
        };
        var outDir = new Option<string>("--out", "-o")
        {
            Description = "Folder for the executed notebook and its HTML page.",
            DefaultValueFactory = _ => Path.Combine("reports", "notebooks"),
        };
        var run = new Command("run", "Run notebooks' C# cells in order on the .NET Interactive C# kernel; write each executed .ipynb (with outputs) and an HTML page.")
        {
            path, parameters, outDir,
        };
        run.SetAction(async (parse, cancellation) =>
        {
            var values = ParseParameters(parse.GetValue(parameters) ?? []);
            var notebooks = parse.GetValue(path) ?? [];
            if (notebooks.FirstOrDefault(n => !File.Exists(n)) is { } missing)
            {
                error.WriteLine($"error: notebook not found: {missing}");
                return ExitCodes.DataError;
            }
            // A --param that does not fit any of the notebooks is refused before the first one runs.
            foreach (var notebook in notebooks)
            {
                try
                {
                    NotebookRunner.CheckParameters(notebook, values);
                }
                catch (NotebookParameterException ex)
                {
                    error.WriteLine($"error: {notebook}: {ex.Message}");
                    return ExitCodes.Usage;
                }
                catch (NotebookFormatException ex)
                {
                    error.WriteLine($"error: {ex.Message}");
                    return ExitCodes.DataError;
                }
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // One after another: the kernel works in the process's current directory (the notebook's folder).
            foreach (var notebook in notebooks)
            {
                NotebookRunResult result;
                try
                {
                    result = await NotebookRunner.RunAsync(notebook, values, parse.GetValue(outDir)!, cancellation);
                }
                catch (NotebookParameterException ex)
                {
                    error.WriteLine($"error: {notebook}: {ex.Message}");
                    return ExitCodes.Usage;
                }
                catch (NotebookFormatException ex)
                {
                    error.WriteLine($"error: {ex.Message}");
                    return ExitCodes.DataError;
                }
                catch (ArgumentException ex)
                {
                    error.WriteLine($"error: {ex.Message}");
                    return ExitCodes.Usage;
                }
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(result.Succeeded ? "Ran" : "Stopped after")} {result.CellsRun} C# cell(s) of {notebook} in {result.Duration.TotalSeconds:0.0} s"));
                if (result.CellsSkipped.Count > 0)
                    output.WriteLine($"Not run (not C#): cell(s) {string.Join(", ", result.CellsSkipped)}");
                output.WriteLine($"Executed notebook: {result.OutputNotebook}");
                output.WriteLine($"HTML:              {result.OutputHtml}");
                if (!result.Succeeded)
                {
                    error.WriteLine($"error: {notebook}: {result.Error}");
                    return ExitCodes.DataError;
                }
            }
            if (notebooks.Length > 1)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{notebooks.Length} notebooks in {clock.Elapsed.TotalSeconds:0.0} s"));
            return ExitCodes.Success;
        });
        return new Command("notebook", "Analyst notebooks: run them headless on the .NET Interactive C# kernel (no Jupyter or VS Code needed).") { run };
    }

    internal static Dictionary<string, string> ParseParameters(IEnumerable<string> pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=');
            if (at <= 0) throw new UsageException($"--param expects name=value; found '{pair}'");
            values[pair[..at].Trim()] = pair[(at + 1)..];
        }
        return values;
    }
}
