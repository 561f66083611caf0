using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JourneyInsights.Notebooks.Runner;

/// <summary>Reads and writes Jupyter notebooks (nbformat 4) the way Polyglot Notebooks stores C# notebooks.</summary>
internal static class IpynbFormat
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static NotebookDocument Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(bytes, documentOptions: DocumentOptions) as JsonObject
                ?? throw new NotebookFormatException(path, "the file is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new NotebookFormatException(path, $"invalid JSON at line {ex.LineNumber + 1}: {ex.Message}");
        }
        if (root["nbformat"]?.GetValue<int>() is not 4)
            throw new NotebookFormatException(path, "only nbformat 4 notebooks are supported");
        var metadata = root["metadata"] as JsonObject ?? [];
        var defaultKernel = DefaultKernel(metadata);
        var lines = SourceLines(bytes);
        var cells = new List<NotebookCell>();
        var index = 0;
        foreach (var node in root["cells"] as JsonArray ?? [])
        {
            if (node is not JsonObject cell) throw new NotebookFormatException(path, $"cell {index + 1} is not an object");
            var kind = cell["cell_type"]?.GetValue<string>() ?? throw new NotebookFormatException(path, $"cell {index + 1} has no cell_type");
            var source = cell["source"] switch
            {
                JsonArray parts => string.Concat(parts.Select(p => p?.GetValue<string>() ?? "")),
                JsonValue v => v.GetValue<string>(),
                _ => "",
            };
            var cellMetadata = cell["metadata"] as JsonObject ?? [];
            var language = kind == "code" ? Kernel(cellMetadata, source, defaultKernel) : kind;
            cells.Add(new NotebookCell
            {
                Kind = kind,
                Language = language,
                Source = source,
                Metadata = (JsonObject)cellMetadata.DeepClone(),
                Id = cell["id"]?.GetValue<string>(),
                Number = index + 1,
                FileLines = index < lines.Count ? lines[index] : [],
            });
            index++;
        }
        return new NotebookDocument
        {
            Path = path,
            Metadata = (JsonObject)metadata.DeepClone(),
            FormatMinor = root["nbformat_minor"]?.GetValue<int>() ?? 2,
            Cells = cells,
        };
    }

    /// <summary>The kernel of a code cell: Polyglot's cell metadata, a leading <c>#!kernel</c> line, else the notebook's default.</summary>
    private static string Kernel(JsonObject metadata, string source, string defaultKernel)
    {
        var first = source.Split('\n', 2)[0].Trim();
        if (first.StartsWith("#!", StringComparison.Ordinal) && DibFormat.KernelName(first[2..]) is { } k) return k;
        var named = (metadata["polyglot_notebook"] as JsonObject)?["kernelName"]?.GetValue<string>()
            ?? (metadata["dotnet_interactive"] as JsonObject)?["language"]?.GetValue<string>();
        return named is null ? defaultKernel : DibFormat.KernelName(named) ?? named;
    }

    private static string DefaultKernel(JsonObject metadata)
    {
        var polyglot = ((metadata["polyglot_notebook"] as JsonObject)?["kernelInfo"] as JsonObject)?["defaultKernelName"]?.GetValue<string>();
        if (polyglot is not null) return DibFormat.KernelName(polyglot) ?? polyglot;
        var spec = (metadata["kernelspec"] as JsonObject)?["name"]?.GetValue<string>();
        return spec switch
        {
            ".net-csharp" or null => "csharp",
            ".net-fsharp" => "fsharp",
            ".net-pwsh" => "pwsh",
            _ => spec,
        };
    }

    /// <summary>For each cell, the 1-based file line of each of its source lines (found by reading the JSON tokens).</summary>
    private static List<int[]> SourceLines(byte[] json)
    {
        var result = new List<int[]>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var line = 1;
        long counted = 0;
        int LineAt(long offset)
        {
            for (; counted < offset; counted++) if (json[counted] == (byte)'\n') line++;
            return line;
        }
        string? property = null;
        bool inCells = false, inSource = false;
        List<int>? current = null;
        while (reader.Read())
        {
            var depth = reader.CurrentDepth;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    break;
                case JsonTokenType.StartArray when depth == 1 && property == "cells":
                    inCells = true;
                    break;
                case JsonTokenType.EndArray when depth == 1 && inCells:
                    inCells = false;
                    break;
                case JsonTokenType.StartObject when inCells && depth == 2:
                    current = [];
                    break;
                case JsonTokenType.EndObject when inCells && depth == 2:
                    result.Add(current?.ToArray() ?? []);
                    current = null;
                    break;
                case JsonTokenType.StartArray when inCells && depth == 3 && property == "source":
                    inSource = true;
                    break;
                case JsonTokenType.EndArray when inSource && depth == 3:
                    inSource = false;
                    break;
                case JsonTokenType.String when current is not null && ((inSource && depth == 4) || (!inSource && depth == 3 && property == "source")):
                {
                    var at = LineAt(reader.TokenStartIndex);
                    var text = reader.GetString() ?? "";
                    // One line per element; a single string source (escaped line breaks) keeps every line on one file line.
                    var parts = Math.Max(1, text.Split('\n').Length - (text.EndsWith('\n') ? 1 : 0));
                    for (var i = 0; i < parts; i++) current.Add(at);
                    break;
                }
            }
        }
        return result;
    }

    /// <summary>The notebook's <c>language_info</c>: C#, with the names nbconvert and pygments know (<c>csharp</c>).</summary>
    public static JsonObject LanguageInfo() => new()
    {
        ["name"] = "C#",
        ["file_extension"] = ".cs",
        ["mimetype"] = "text/x-csharp",
        ["pygments_lexer"] = "csharp",
    };

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        IndentSize = 1,
    };

    /// <summary>Writes the notebook with its outputs as nbformat 4 JSON.</summary>
    public static void Write(NotebookDocument doc, string path, JsonObject? runInfo = null)
    {
        var metadata = (JsonObject)doc.Metadata.DeepClone();
        metadata["kernelspec"] ??= new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" };
        // What the .net-csharp kernel reports about its language: Jupyter tools (nbconvert, pygments) highlight C# from it.
        metadata["language_info"] = LanguageInfo();
        metadata["polyglot_notebook"] ??= new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
            },
        };
        if (runInfo is not null) metadata["journeyinsights"] = runInfo;
        var withIds = doc.FormatMinor >= 5;
        var cells = new JsonArray();
        var n = 0;
        foreach (var c in doc.Cells)
        {
            n++;
            var cell = new JsonObject { ["cell_type"] = c.Kind };
            if (withIds) cell["id"] = c.Id ?? $"cell-{n}";
            cell["metadata"] = c.Metadata.DeepClone();
            cell["source"] = Lines(c.Source);
            if (c.Kind == "code")
            {
                cell["execution_count"] = c.ExecutionCount;
                cell["outputs"] = new JsonArray(c.Outputs.Select(Output).ToArray());
            }
            cells.Add(cell);
        }
        var root = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = metadata,
            ["nbformat"] = 4,
            ["nbformat_minor"] = doc.FormatMinor,
        };
        File.WriteAllText(path, root.ToJsonString(WriteOptions) + "\n", new UTF8Encoding(false));
    }

    private static JsonNode Output(CellOutput output) => output switch
    {
        DisplayOutput d => new JsonObject
        {
            ["output_type"] = d.ExecutionCount is null ? "display_data" : "execute_result",
            ["data"] = new JsonObject(d.Data.Select(kv => KeyValuePair.Create(kv.Key,
                (JsonNode?)(kv.Key == "image/png" ? JsonValue.Create(kv.Value) : Lines(kv.Value))))),
            ["metadata"] = new JsonObject(),
        }.Also(o => { if (d.ExecutionCount is { } count) o["execution_count"] = count; }),
        StreamOutput s => new JsonObject { ["output_type"] = "stream", ["name"] = s.Name, ["text"] = Lines(s.Text) },
        ErrorOutput e => new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = e.Name,
            ["evalue"] = e.Value,
            ["traceback"] = new JsonArray(e.Traceback.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(output)),
    };

    /// <summary>nbformat's multiline string: a list of lines, each but the last ending with a line break.</summary>
    private static JsonArray Lines(string text)
    {
        var array = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) { array.Add(text[start..]); break; }
            array.Add(text[start..(end + 1)]);
            start = end + 1;
        }
        return array;
    }

    private static JsonObject Also(this JsonObject o, Action<JsonObject> action)
    {
        action(o);
        return o;
    }
}
