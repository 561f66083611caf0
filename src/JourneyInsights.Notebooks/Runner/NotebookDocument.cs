using System.Text.Json.Nodes;

namespace JourneyInsights.Notebooks.Runner;

/// <summary>A notebook read from .ipynb or .dib: its cells in order and the notebook metadata (kept as read).</summary>
internal sealed class NotebookDocument
{
    public required string Path { get; init; }
    public required JsonObject Metadata { get; init; }
    public required int FormatMinor { get; init; }
    public required List<NotebookCell> Cells { get; init; }
}

/// <summary>One cell. <see cref="FileLines"/> maps each source line (0-based) to its 1-based line in the notebook file.</summary>
internal sealed class NotebookCell
{
    /// <summary>"code", "markdown" or "raw".</summary>
    public required string Kind { get; init; }
    /// <summary>The kernel of a code cell ("csharp", "fsharp", "pwsh", ...), or "markdown".</summary>
    public required string Language { get; init; }
    public required string Source { get; init; }
    public required JsonObject Metadata { get; init; }
    public string? Id { get; init; }
    /// <summary>1-based position in the input notebook; null for the injected parameters cell.</summary>
    public int? Number { get; init; }
    public IReadOnlyList<int> FileLines { get; init; } = [];
    public int? ExecutionCount { get; set; }
    public List<CellOutput> Outputs { get; } = [];

    public bool IsCSharp => Kind == "code" && Language == "csharp";

    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray tags ? tags.Select(t => t?.GetValue<string>() ?? "").ToList() : [];

    /// <summary>The notebook file line of 1-based <paramref name="cellLine"/> of this cell, when known.</summary>
    public int? FileLine(int cellLine) =>
        FileLines.Count == 0 ? null : FileLines[Math.Clamp(cellLine - 1, 0, FileLines.Count - 1)];
}

/// <summary>An output of a code cell, as nbformat 4 knows them.</summary>
internal abstract record CellOutput;

/// <summary><c>display_data</c>, or <c>execute_result</c> when <see cref="ExecutionCount"/> is set: the value in several MIME types.</summary>
internal sealed record DisplayOutput(IReadOnlyDictionary<string, string> Data, int? ExecutionCount = null) : CellOutput;

/// <summary><c>stream</c>: text written to stdout or stderr.</summary>
internal sealed record StreamOutput(string Name, string Text) : CellOutput;

/// <summary><c>error</c>: the exception that stopped the run.</summary>
internal sealed record ErrorOutput(string Name, string Value, IReadOnlyList<string> Traceback) : CellOutput;
