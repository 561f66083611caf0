using System.Text.RegularExpressions;

namespace JourneyInsights.Notebooks.Runner;

/// <summary>
/// The Polyglot lines plain Roslyn scripting does not understand: <c>#r "nuget: ..."</c>, <c>#i "nuget: ..."</c>,
/// <c>#r</c> of the project's own built assemblies and the <c>#!csharp</c> kernel selector. The runner provides the
/// project's packages itself, so these lines are blanked (kept as empty lines so that line numbers stay right);
/// a package it does not provide is an error that names it.
/// </summary>
internal static partial class CellDirectives
{
    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<name>[^,"\s]+)\s*(,\s*(?<version>[^"]*))?"\s*$""")]
    private static partial Regex NugetReference();

    [GeneratedRegex("""^\s*#i\s+"[^"]*"\s*$""")]
    private static partial Regex PackageSource();

    [GeneratedRegex("""^\s*#r\s+"(?<path>[^"]+)"\s*$""")]
    private static partial Regex AssemblyReference();

    /// <summary>The cell's code for Roslyn scripting, with the same number of lines.</summary>
    /// <exception cref="NotebookDirectiveException">An unknown package or an unsupported magic command.</exception>
    public static string Prepare(string source, IReadOnlySet<string> provided)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith("#!", StringComparison.Ordinal))
            {
                if (DibFormat.KernelName(trimmed[2..]) == "csharp" || trimmed is "#!time") { lines[i] = ""; continue; }
                throw new NotebookDirectiveException(i + 1, $"the magic command '{trimmed}' is not supported by the headless runner");
            }
            if (PackageSource().IsMatch(line)) { lines[i] = ""; continue; }
            if (NugetReference().Match(line) is { Success: true } nuget)
            {
                var name = nuget.Groups["name"].Value;
                if (!provided.Contains(name))
                    throw new NotebookDirectiveException(i + 1,
                        $"package '{name}' (#r \"nuget: {name}\") is not provided by the headless runner; it provides {string.Join(", ", provided.Order(StringComparer.Ordinal))}");
                lines[i] = "";
                continue;
            }
            if (AssemblyReference().Match(line) is { Success: true } reference
                && provided.Contains(Path.GetFileNameWithoutExtension(reference.Groups["path"].Value.Replace('\\', '/'))))
                lines[i] = "";
        }
        return string.Join("\n", lines);
    }
}
