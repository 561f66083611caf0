namespace JourneyInsights.Notebooks;

/// <summary>A notebook file that cannot be read.</summary>
public sealed class NotebookFormatException(string path, string message) : Exception($"{path}: {message}")
{
    public string NotebookPath { get; } = path;
}

/// <summary>A <c>#r</c>/<c>#i</c>/<c>#!</c> line the runner cannot honour; <see cref="Line"/> is 1-based in the cell.</summary>
public sealed class NotebookDirectiveException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>A --param that the notebook does not declare, or a value that does not fit the declared type (a usage error).</summary>
public sealed class NotebookParameterException(string message) : ArgumentException(message);
