using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using JourneyInsights.Notebooks.Runner;
using JourneyInsights.Notebooks.Scripting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace JourneyInsights.Notebooks;

/// <summary>
/// Runs a Polyglot C# notebook (.ipynb or .dib) without the .NET Interactive kernel: the C# cells in order with Roslyn
/// scripting and shared state, the JourneyInsights assemblies and their dependencies provided (so <c>#r</c>/<c>#i</c>
/// lines for them are dropped), papermill-style parameters injected after the cell tagged <c>parameters</c>, each
/// cell's displayed values rendered through <see cref="NotebookFormatters"/>. Writes the executed notebook and an HTML
/// page; a cell that throws stops the run and becomes that cell's error output.
/// <para>Relative paths in cells resolve against the notebook's folder (as in VS Code): the runner sets the process's
/// current directory for the duration of a run, so runs in one process take turns.</para>
/// </summary>
public static class NotebookRunner
{
    private static readonly SemaphoreSlim Turn = new(1, 1);

    /// <summary>The assemblies every notebook gets; <c>#r "nuget: X"</c> and <c>#r ".../X.dll"</c> for these names are dropped.</summary>
    public static IReadOnlyList<Assembly> ProvidedAssemblies { get; } =
    [
        typeof(Journey).Assembly,
        typeof(Reporting.RenderedChart).Assembly,
        typeof(NotebookRunner).Assembly,
        typeof(Microsoft.Data.Analysis.DataFrame).Assembly,
        typeof(ScottPlot.Plot).Assembly,
        typeof(Microsoft.DotNet.Interactive.Formatting.Formatter).Assembly,
        typeof(CsvHelper.CsvReader).Assembly,
    ];

    /// <summary>The namespaces imported in every notebook: the ones Polyglot's C# kernel imports, plus <c>display</c>/<c>Display()</c>.</summary>
    public static IReadOnlyList<string> Imports { get; } =
    [
        "System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Threading.Tasks",
        "Microsoft.DotNet.Interactive.Formatting", "JourneyInsights.Notebooks.Scripting",
    ];

    private static readonly IReadOnlySet<string> ProvidedNames =
        ProvidedAssemblies.Select(a => a.GetName().Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(CollectReferences);

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
        Failure? failure = null;
        var run = 0;
        var skipped = new List<int>();
        try
        {
            Environment.CurrentDirectory = Path.GetDirectoryName(fullPath)!;
            ConsoleRouter.Install();
            NotebookFormatters.Register();
            var options = ScriptOptions.Default
                .WithReferences(References.Value)
                .WithImports(Imports)
                .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(Path.GetDirectoryName(fullPath)!))
                .WithSourceResolver(new SourceFileResolver([], Path.GetDirectoryName(fullPath)!))
                .WithEmitDebugInformation(true)
                .WithFileEncoding(Encoding.UTF8);
            var globals = new NotebookGlobals();
            ScriptState<object>? state = null;
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
                var capture = new CellCapture();
                var file = $"cell-{cell.Number ?? 0}.csx";
                ConsoleRouter.Capture = capture;
                try
                {
                    var code = CellDirectives.Prepare(cell.Source, ProvidedNames);
                    var cellOptions = options.WithFilePath(file);
                    state = state is null
                        ? await CSharpScript.RunAsync(code, cellOptions, globals, typeof(NotebookGlobals), cancellation)
                        : await state.ContinueWithAsync(code, cellOptions, cancellation);
                    if (state.ReturnValue is { } value) capture.Display(value, run);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellation.IsCancellationRequested)
                {
                    failure = Describe(cell, file, ex);
                    capture.Error(failure.Output);
                }
                finally
                {
                    ConsoleRouter.Capture = null;
                    cell.Outputs.AddRange(capture.Outputs);
                }
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

    private sealed record Failure(int Cell, int? CellLine, int? NotebookLine, string Message, ErrorOutput Output);

    private static Failure Describe(NotebookCell cell, string file, Exception ex)
    {
        int? cellLine = null;
        string ename, evalue;
        var trace = new List<string>();
        switch (ex)
        {
            case CompilationErrorException compile:
            {
                var errors = compile.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                var first = errors.FirstOrDefault() ?? compile.Diagnostics.FirstOrDefault();
                if (first is not null && first.Location.IsInSource) cellLine = first.Location.GetLineSpan().StartLinePosition.Line + 1;
                ename = "CompilationError";
                evalue = first is null ? compile.Message : first.GetMessage(CultureInfo.InvariantCulture);
                foreach (var d in errors.Count > 0 ? errors : compile.Diagnostics.ToList())
                {
                    var line = d.Location.IsInSource ? d.Location.GetLineSpan().StartLinePosition.Line + 1 : (int?)null;
                    trace.Add($"{Where(cell, line)}: error {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}");
                }
                break;
            }
            case NotebookDirectiveException directive:
                cellLine = directive.Line;
                ename = nameof(NotebookDirectiveException);
                evalue = directive.Message;
                trace.Add($"{Where(cell, cellLine)}: {directive.Message}");
                break;
            default:
            {
                var frames = new StackTrace(ex, true).GetFrames();
                var frame = frames.FirstOrDefault(f => f.GetFileName() is { } n && Path.GetFileName(n) == file);
                if (frame is not null && frame.GetFileLineNumber() > 0) cellLine = frame.GetFileLineNumber();
                ename = ex.GetType().Name;
                evalue = ex.Message;
                trace.Add($"{ex.GetType().FullName}: {ex.Message}");
                trace.Add($"   at {Where(cell, cellLine)}");
                trace.AddRange((ex.StackTrace ?? "").Split('\n').Select(l => l.TrimEnd())
                    .Where(l => l.Length > 0 && !l.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal)
                        && !l.Contains("System.Runtime.CompilerServices", StringComparison.Ordinal)
                        && !l.Contains("--- End of stack trace", StringComparison.Ordinal)));
                for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
                    trace.Add($" ---> {inner.GetType().FullName}: {inner.Message}");
                break;
            }
        }
        var message = $"{Where(cell, cellLine)}: {ename}: {evalue}";
        trace.Insert(0, message);
        return new Failure(cell.Number ?? 0, cellLine, cellLine is { } l2 ? cell.FileLine(l2) : null, message,
            new ErrorOutput(ename, evalue, trace.Distinct().ToList()));
    }

    private static string Where(NotebookCell cell, int? cellLine)
    {
        var name = cell.Number is { } n ? $"cell {n}" : "injected parameters cell";
        if (cellLine is not { } line) return name;
        var fileLine = cell.FileLine(line);
        return fileLine is { } f ? $"{name}, line {line} (notebook line {f})" : $"{name}, line {line}";
    }

    /// <summary>The framework's assemblies and the provided assemblies with everything they reference.</summary>
    private static IReadOnlyList<MetadataReference> CollectReferences()
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        foreach (var dll in Directory.EnumerateFiles(runtime, "*.dll"))
        {
            var stem = Path.GetFileNameWithoutExtension(dll);
            if (stem.StartsWith("System.", StringComparison.Ordinal) || stem.StartsWith("Microsoft.", StringComparison.Ordinal)
                || stem is "System" or "netstandard" or "mscorlib")
                if (IsManaged(dll)) paths.Add(dll);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<Assembly>(ProvidedAssemblies);
        while (queue.TryDequeue(out var assembly))
        {
            if (!seen.Add(assembly.FullName!)) continue;
            if (!string.IsNullOrEmpty(assembly.Location)) paths.Add(assembly.Location);
            foreach (var name in assembly.GetReferencedAssemblies())
            {
                try
                {
                    queue.Enqueue(Assembly.Load(name));
                }
                catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // Optional dependencies that are not deployed are not needed to compile notebook cells.
                }
            }
        }
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
