namespace JourneyInsights.Notebooks;

/// <summary>
/// The outcome of a headless notebook run. Cell numbers are 1-based positions in the input notebook (markdown cells
/// count); lines are 1-based lines of the notebook file (.ipynb or .dib) and of the cell's source.
/// </summary>
public sealed record NotebookRunResult
{
    public required string NotebookPath { get; init; }
    /// <summary>C# cells executed, including the injected parameters cell and the failing cell.</summary>
    public required int CellsRun { get; init; }
    /// <summary>Cells of other kernels (F#, PowerShell, ...) that the runner does not execute.</summary>
    public IReadOnlyList<int> CellsSkipped { get; init; } = [];
    /// <summary>Number of the cell that threw, or null when every cell ran (0 for the injected parameters cell).</summary>
    public int? FailedCell { get; init; }
    /// <summary>Line of the notebook file where the failing code is, when known.</summary>
    public int? FailedNotebookLine { get; init; }
    /// <summary>Line within the failing cell, when known.</summary>
    public int? FailedCellLine { get; init; }
    /// <summary>"cell 5, line 3 (notebook line 87): error CS0103: ..." — the whole message to show a user.</summary>
    public string? Error { get; init; }
    /// <summary>The executed notebook (.ipynb, nbformat 4, outputs included).</summary>
    public required string OutputNotebook { get; init; }
    /// <summary>The standalone HTML rendering of the executed notebook.</summary>
    public required string OutputHtml { get; init; }
    public TimeSpan Duration { get; init; }

    public bool Succeeded => FailedCell is null;
}
