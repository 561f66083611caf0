using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace JourneyInsights.Notebooks.Runner;

/// <summary>
/// Turns the kernel events of one submitted cell into the cell's nbformat outputs, in order: standard output and error
/// as <c>stream</c> (consecutive writes joined), displayed values as <c>display_data</c> (a later
/// <see cref="DisplayedValueUpdated"/> replaces the value it updates, as a notebook front end does, and like a front end
/// an update of a value it has not seen is dropped), the return value as
/// <c>execute_result</c>, and the failure as <c>error</c>.
/// </summary>
internal sealed partial class CellEvents(NotebookCell cell, int executionCount)
{
    private readonly Dictionary<string, int> displayed = new(StringComparer.Ordinal);
    private readonly List<Microsoft.DotNet.Interactive.Diagnostic> diagnostics = [];

    /// <summary>The failure of the cell, when the kernel reported one.</summary>
    public CellFailure? Failure { get; private set; }

    public void Add(KernelEvent e)
    {
        switch (e)
        {
            case StandardOutputValueProduced o:
                Stream("stdout", PlainText(o.FormattedValues));
                break;
            case StandardErrorValueProduced o:
                Stream("stderr", PlainText(o.FormattedValues));
                break;
            case DisplayedValueUpdated u when u.ValueId is { } id && displayed.TryGetValue(id, out var at):
                cell.Outputs[at] = new DisplayOutput(Bundle(u.FormattedValues));
                break;
            case DisplayedValueUpdated:
                break;
            case DisplayedValueProduced d:
                if (d.ValueId is { } valueId) displayed[valueId] = cell.Outputs.Count;
                cell.Outputs.Add(new DisplayOutput(Bundle(d.FormattedValues)));
                break;
            case ReturnValueProduced r:
                cell.Outputs.Add(new DisplayOutput(Bundle(r.FormattedValues), executionCount));
                break;
            case DiagnosticsProduced d:
                diagnostics.AddRange(d.Diagnostics.Where(x => x.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
                break;
            case CommandFailed f:
                Failure = Describe(f);
                cell.Outputs.Add(Failure.Output);
                break;
        }
    }

    private void Stream(string name, string text)
    {
        if (text.Length == 0) return;
        if (cell.Outputs.Count > 0 && cell.Outputs[^1] is StreamOutput s && s.Name == name)
            cell.Outputs[^1] = s with { Text = s.Text + text };
        else
            cell.Outputs.Add(new StreamOutput(name, text));
    }

    private static string PlainText(IReadOnlyCollection<FormattedValue> values) =>
        values.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value ?? values.FirstOrDefault()?.Value ?? "";

    private static Dictionary<string, string> Bundle(IReadOnlyCollection<FormattedValue> values)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in values) data.TryAdd(v.MimeType, v.Value);
        return data;
    }

    [GeneratedRegex(@"^\s*at Submission#\d+\..*:line (?<line>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex SubmissionFrame();

    private CellFailure Describe(CommandFailed failed)
    {
        int? cellLine = null;
        string ename, evalue;
        var trace = new List<string>();
        if (diagnostics.Count > 0)
        {
            // A compile error.
            var first = diagnostics[0];
            cellLine = DiagnosticToCellLine(first.LinePositionSpan.Start.Line);
            ename = "CompilationError";
            evalue = first.Message;
            foreach (var d in diagnostics)
                trace.Add($"{Where(DiagnosticToCellLine(d.LinePositionSpan.Start.Line))}: error {d.Code}: {d.Message}");
        }
        else if (failed.Exception is { } ex && ex is not Microsoft.DotNet.Interactive.CodeSubmissionCompilationErrorException)
        {
            // A runtime exception: the innermost frame of the cell's own code gives the line of the compiled cell,
            // which is the cell without its directive lines (#r, #i, #!).
            if (SubmissionFrame().Match(ex.StackTrace ?? "") is { Success: true } frame)
                cellLine = CompiledToCellLine(int.Parse(frame.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture));
            ename = ex.GetType().Name;
            evalue = ex.Message;
            trace.Add($"{ex.GetType().FullName}: {ex.Message}");
            trace.Add($"   at {Where(cellLine)}");
            trace.AddRange((ex.StackTrace ?? "").Split('\n').Select(l => l.TrimEnd())
                .Where(l => l.Length > 0 && !l.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal)
                    && !l.Contains("--- End of stack trace", StringComparison.Ordinal)));
            for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
                trace.Add($" ---> {inner.GetType().FullName}: {inner.Message}");
        }
        else
        {
            // The kernel refused the cell before running it: a package that cannot be restored, an unknown magic command.
            ename = "KernelError";
            evalue = failed.Message.Trim();
            cellLine = DirectiveLine(evalue);
            trace.Add(evalue);
        }
        var message = $"{Where(cellLine)}: {ename}: {evalue}";
        trace.Insert(0, message);
        return new CellFailure(cell.Number ?? 0, cellLine, cellLine is { } l ? cell.FileLine(l) : null, message,
            new ErrorOutput(ename, evalue, trace.Distinct().ToList()));
    }

    /// <summary>
    /// The 1-based cell line of each line of the code the kernel compiles: the cell without its directive lines
    /// (<c>#r</c>, <c>#i</c>, <c>#!</c>) and without the blank lines that then lead it (measured on
    /// 1.0.0-beta.26120.1; stack frames and compile messages count lines of this code; tested).
    /// </summary>
    private List<int> CompiledLines()
    {
        var lines = cell.Source.Replace("\r\n", "\n").Split('\n');
        var kept = Enumerable.Range(1, lines.Length).Where(n => !IsDirective(lines[n - 1].TrimStart())).ToList();
        return kept.SkipWhile(n => lines[n - 1].Trim().Length == 0).ToList();
    }

    /// <summary>The cell line of 1-based line <paramref name="compiledLine"/> of the compiled code.</summary>
    private int CompiledToCellLine(int compiledLine)
    {
        var kept = CompiledLines();
        return compiledLine >= 1 && compiledLine <= kept.Count ? kept[compiledLine - 1] : compiledLine;
    }

    /// <summary>
    /// The cell line of a diagnostic: the kernel reports its line (0-based) as the compiled line plus the number of cell
    /// lines before the first compiled one, which is right only when no directive comes later than that.
    /// </summary>
    private int DiagnosticToCellLine(int zeroBasedLine)
    {
        var kept = CompiledLines();
        var offset = kept.Count > 0 ? kept[0] - 1 : 0;
        return CompiledToCellLine(zeroBasedLine + 1 - offset);
    }

    /// <summary>For a package failure, the line of the first <c>#r "nuget:</c> directive that names a package in the message.</summary>
    private int? DirectiveLine(string message)
    {
        var lines = cell.Source.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var m = NugetDirective().Match(lines[i]);
            if (m.Success && message.Contains(m.Groups["name"].Value, StringComparison.OrdinalIgnoreCase)) return i + 1;
        }
        return null;
    }

    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<name>[^,"\s]+)""")]
    private static partial Regex NugetDirective();

    private static bool IsDirective(string trimmed) =>
        trimmed.StartsWith("#r ", StringComparison.Ordinal) || trimmed.StartsWith("#i ", StringComparison.Ordinal)
        || trimmed.StartsWith("#!", StringComparison.Ordinal);

    private string Where(int? cellLine)
    {
        var name = cell.Number is { } n ? $"cell {n}" : "injected parameters cell";
        if (cellLine is not { } line) return name;
        return cell.FileLine(line) is { } f ? $"{name}, line {line} (notebook line {f})" : $"{name}, line {line}";
    }
}

/// <summary>Why a cell failed: its number, the lines (cell and notebook file) when known, the message and the error output.</summary>
internal sealed record CellFailure(int Cell, int? CellLine, int? NotebookLine, string Message, ErrorOutput Output);
