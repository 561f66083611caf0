namespace JourneyInsights.Sources;

/// <summary>
/// An input file that cannot be read at all: missing, empty, wrong delimiter, header mismatch.
/// The message names the file, the line and what was expected and found.
/// </summary>
public sealed class SourceFileException(string file, long line, string message)
    : Exception($"{file}{(line > 0 ? $":{line}" : "")}: {message}")
{
    /// <summary>The path of the file as given in the journey definition (resolved).</summary>
    public string File { get; } = file;

    /// <summary>1-based physical line of the problem, or 0 when it concerns the whole file.</summary>
    public long Line { get; } = line;

    /// <summary>The problem, without the file and line prefix.</summary>
    public string Problem { get; } = message;
}

/// <summary>A row broke a data-quality rule while loading in strict mode.</summary>
public sealed class DataQualityException(RejectedRow row)
    : Exception($"{row.File}:{row.Line}: column '{row.Column}': {row.Reason} (value: '{row.Value}')")
{
    /// <summary>The first row that broke a rule.</summary>
    public RejectedRow Row { get; } = row;
}

/// <summary>
/// The journey definition (journey.json) or a column map is invalid. <see cref="JsonPath"/> names the offending element,
/// for example <c>$.sources[1].timeZone</c>.
/// </summary>
public sealed class JourneyDefinitionException(string file, string jsonPath, string message, long line = 0)
    : Exception($"{file}{(line > 0 ? $":{line}" : "")}: {jsonPath}: {message}")
{
    public string File { get; } = file;
    public string JsonPath { get; } = jsonPath;
    public long Line { get; } = line;
    public string Problem { get; } = message;
}
