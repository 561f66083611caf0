using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using JourneyInsights.Notebooks.Runner;
using Microsoft.DotNet.Interactive.Commands;

namespace JourneyInsights.Notebooks;

/// <summary>
/// Runs a C# notebook (.ipynb or .dib) on the real .NET Interactive C# kernel, in-process: each C# cell is submitted in
/// order to a fresh kernel (the one VS Code's <c>.net-csharp</c> Jupyter kernel and Polyglot use, with <c>#r "nuget:"</c>,
/// <c>#i</c> and <c>display</c>), so a notebook that passes here runs for analysts. Papermill-style parameters are
/// injected after the cell tagged <c>parameters</c>; the kernel's events (standard output and error, displayed values
/// and their updates, return values, errors) become the cells' outputs. Writes the executed notebook and an HTML page;
/// a cell that fails stops the run and its error is that cell's output.
/// <para>The kernel resolves relative paths (<c>#r "..."</c>, files a cell opens) against the process's current
/// directory, so a run sets it to the notebook's folder and runs in one process take turns.</para>
/// </summary>
public static class NotebookRunner
{
    private static readonly SemaphoreSlim Turn = new(1, 1);

    /// <summary>
    /// Checks that <paramref name="parameters"/> fit the notebook's parameters cell without running anything (what
    /// <see cref="RunAsync"/> checks first), so that a run of several notebooks can refuse a bad --param before the first.
    /// </summary>
    /// <exception cref="NotebookParameterException">An undeclared parameter or a value of the wrong type.</exception>
    /// <exception cref="NotebookFormatException">The notebook cannot be read.</exception>
    public static void CheckParameters(string notebookPath, IReadOnlyDictionary<string, string> parameters)
    {
        var fullPath = Path.GetFullPath(notebookPath);
        var doc = Path.GetExtension(fullPath).Equals(".dib", StringComparison.OrdinalIgnoreCase)
            ? DibFormat.Read(fullPath) : IpynbFormat.Read(fullPath);
        NotebookParameters.Injected(doc.Cells.FirstOrDefault(c => c.IsCSharp && c.Tags.Contains("parameters")), parameters);
    }

    /// <summary>Runs the notebook and writes <c>name.ipynb</c> and <c>name.html</c> into <paramref name="outDirectory"/>.</summary>
    /// <param name="notebookPath">An .ipynb (nbformat 4) or .dib file.</param>
    /// <param name="parameters">Overrides of the variables declared in the cell tagged <c>parameters</c>.</param>
    /// <param name="outDirectory">Folder for the outputs (created); must not be the notebook's own folder.</param>
    /// <param name="cancellation">Stops the run between and inside cells.</param>
    /// <exception cref="NotebookParameterException">An undeclared parameter or a value of the wrong type (nothing is run).</exception>
    /// <exception cref="NotebookFormatException">The notebook cannot be read.</exception>
    public static async Task<NotebookRunResult> RunAsync(string notebookPath, IReadOnlyDictionary<string, string> parameters,
        string outDirectory, CancellationToken cancellation = default)
    {
        var fullPath = Path.GetFullPath(notebookPath);
        if (!File.Exists(fullPath)) throw new FileNotFoundException($"notebook not found: {notebookPath}", notebookPath);
        var doc = Path.GetExtension(fullPath).Equals(".dib", StringComparison.OrdinalIgnoreCase)
            ? DibFormat.Read(fullPath) : IpynbFormat.Read(fullPath);
        var parametersCell = doc.Cells.FirstOrDefault(c => c.IsCSharp && c.Tags.Contains("parameters"));
        if (NotebookParameters.Injected(parametersCell, parameters) is { } injected)
        {
            var cell = new NotebookCell
            {
                Kind = "code",
                Language = "csharp",
                Source = injected,
                Metadata = new JsonObject { ["tags"] = new JsonArray("injected-parameters"), ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
                Id = "injected-parameters",
            };
            doc.Cells.Insert(doc.Cells.IndexOf(parametersCell!) + 1, cell);
        }

        var outDir = Path.GetFullPath(outDirectory);
        if (string.Equals(outDir.TrimEnd(Path.DirectorySeparatorChar), Path.GetDirectoryName(fullPath), StringComparison.Ordinal))
            throw new ArgumentException("the output folder must not be the notebook's own folder (the executed notebook would replace it)", nameof(outDirectory));
        Directory.CreateDirectory(outDir);
        var name = Path.GetFileNameWithoutExtension(fullPath);
        var outNotebook = Path.Combine(outDir, name + ".ipynb");
        var outHtml = Path.Combine(outDir, name + ".html");

        var clock = Stopwatch.StartNew();
        await Turn.WaitAsync(cancellation);
        var previousDirectory = Environment.CurrentDirectory;
        CellFailure? failure = null;
        var run = 0;
        var skipped = new List<int>();
        try
        {
            Environment.CurrentDirectory = Path.GetDirectoryName(fullPath)!;
            NotebookFormatters.Register();
            using var kernel = NotebookKernel.Create();
            foreach (var cell in doc.Cells)
            {
                if (cell.Kind != "code") continue;
                if (!cell.IsCSharp)
                {
                    if (cell.Number is { } n) skipped.Add(n);
                    continue;
                }
                cell.Outputs.Clear();
                cell.ExecutionCount = ++run;
                var events = new CellEvents(cell, run);
                var result = await kernel.SendAsync(new SubmitCode(cell.Source, NotebookKernel.CSharp), cancellation);
                foreach (var e in result.Events) events.Add(e);
                cancellation.ThrowIfCancellationRequested();
                failure = events.Failure;
                if (failure is not null) break;
            }
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
            Turn.Release();
        }

        var runInfo = new JsonObject
        {
            ["runner"] = "journey notebook run",
            ["input"] = Path.GetFileName(fullPath),
            ["parameters"] = new JsonObject(parameters.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
            ["status"] = failure is null ? "ok" : "failed",
        };
        if (failure is not null) runInfo["error"] = failure.Message;
        IpynbFormat.Write(doc, outNotebook, runInfo);
        File.WriteAllText(outHtml, NotebookHtml.Render(doc, name), new UTF8Encoding(false));
        return new NotebookRunResult
        {
            NotebookPath = fullPath,
            CellsRun = run,
            CellsSkipped = skipped,
            FailedCell = failure?.Cell,
            FailedCellLine = failure?.CellLine,
            FailedNotebookLine = failure?.NotebookLine,
            Error = failure?.Message,
            OutputNotebook = outNotebook,
            OutputHtml = outHtml,
            Duration = clock.Elapsed,
        };
    }
}
