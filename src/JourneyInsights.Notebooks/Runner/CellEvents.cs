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
            // A compile error: the diagnostics carry positions in the cell as written (0-based), directives included.
            var first = diagnostics[0];
            cellLine = first.LinePositionSpan.Start.Line + 1;
            ename = "CompilationError";
            evalue = first.Message;
            foreach (var d in diagnostics)
                trace.Add($"{Where(d.LinePositionSpan.Start.Line + 1)}: error {d.Code}: {d.Message}");
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

    /// <summary>The 1-based cell line of 1-based <paramref name="compiledLine"/>: the kernel drops directive lines and the blank lines right after them.</summary>
    private int CompiledToCellLine(int compiledLine)
    {
        var lines = cell.Source.Replace("\r\n", "\n").Split('\n');
        var kept = new List<int>();
        var afterDirective = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var t = lines[i].TrimStart();
            if (IsDirective(t)) { afterDirective = true; continue; }
            if (afterDirective && t.Length == 0) continue;
            afterDirective = false;
            kept.Add(i + 1);
        }
        return compiledLine >= 1 && compiledLine <= kept.Count ? kept[compiledLine - 1] : compiledLine;
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
