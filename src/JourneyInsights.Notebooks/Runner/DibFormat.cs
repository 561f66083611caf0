using System.Text.Json;
using System.Text.Json.Nodes;

namespace JourneyInsights.Notebooks.Runner;

/// <summary>
/// Reads Polyglot's plain-text notebooks (.dib): cells start at a line <c>#!csharp</c>, <c>#!markdown</c>, <c>#!fsharp</c>, ...;
/// an optional <c>#!meta</c> cell holds the notebook's kernel information as JSON. A C# cell whose first line is the
/// comment <c>// parameters</c> is the parameters cell.
/// </summary>
internal static class DibFormat
{
    private static readonly Dictionary<string, string> Kernels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["csharp"] = "csharp", ["c#"] = "csharp", ["fsharp"] = "fsharp", ["f#"] = "fsharp", ["pwsh"] = "pwsh",
        ["powershell"] = "pwsh", ["markdown"] = "markdown", ["md"] = "markdown", ["javascript"] = "javascript",
        ["js"] = "javascript", ["html"] = "html", ["sql"] = "sql", ["kql"] = "kql", ["mermaid"] = "mermaid",
        ["value"] = "value", ["http"] = "http", ["python"] = "python", ["meta"] = "meta",
    };

    /// <summary>The canonical kernel name of a <c>#!name</c> line or a kernel name, or null when it is not a kernel.</summary>
    public static string? KernelName(string name)
    {
        var word = name.Trim().Split((char[])[' ', '\t'], 2)[0];
        return Kernels.GetValueOrDefault(word);
    }

    public static NotebookDocument Read(string path)
    {
        var lines = File.ReadAllText(path).Replace("\r\n", "\n").Split('\n');
        var cells = new List<NotebookCell>();
        JsonObject metadata = [];
        string? kernel = null;
        var start = 0;
        var body = new List<string>();

        void Flush()
        {
            if (kernel is null) return;
            // Blank lines around a cell's text separate cells in .dib; they are not part of the cell.
            var firstLine = start + 1; // 1-based file line of body[0]
            while (body.Count > 0 && body[0].Trim().Length == 0) { body.RemoveAt(0); firstLine++; }
            while (body.Count > 0 && body[^1].Trim().Length == 0) body.RemoveAt(body.Count - 1);
            var source = string.Join("\n", body);
            if (kernel == "meta")
            {
                try
                {
                    if (JsonNode.Parse(source) is JsonObject meta) metadata["polyglot_notebook"] = meta;
                }
                catch (JsonException ex)
                {
                    throw new NotebookFormatException(path, $"the #!meta cell at line {start} is not JSON: {ex.Message}");
                }
                return;
            }
            var isMarkdown = kernel == "markdown";
            var cellMetadata = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = kernel } };
            if (!isMarkdown && body.FirstOrDefault()?.Trim() is { } first && first.StartsWith("//", StringComparison.Ordinal)
                && first.TrimStart('/').Trim().Equals("parameters", StringComparison.OrdinalIgnoreCase))
                cellMetadata["tags"] = new JsonArray("parameters");
            cells.Add(new NotebookCell
            {
                Kind = isMarkdown ? "markdown" : "code",
                Language = kernel,
                Source = source,
                Metadata = cellMetadata,
                Number = cells.Count + 1,
                FileLines = Enumerable.Range(firstLine, Math.Max(1, body.Count)).ToArray(),
            });
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("#!", StringComparison.Ordinal) && KernelName(line[2..]) is { } k)
            {
                Flush();
                kernel = k;
                start = i + 1; // 1-based line of the #! line; the body starts on the next line
                body = [];
                continue;
            }
            if (kernel is null)
            {
                if (line.Trim().Length == 0) continue;
                // Text before the first #! line belongs to a C# cell (Polyglot's default kernel).
                kernel = "csharp";
                start = i;
                body = [];
            }
            body.Add(line);
        }
        Flush();
        metadata["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" };
        metadata["language_info"] = IpynbFormat.LanguageInfo();
        return new NotebookDocument { Path = path, Metadata = metadata, FormatMinor = 2, Cells = cells };
    }
}
