using System.Text;
using System.Text.Json.Nodes;

namespace JourneyInsights.Notebooks.Tests;

/// <summary>Paths inside the repository, found from the test assembly's folder.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();
    public static string Notebooks => Path.Combine(Root, "notebooks");
    public static string SampleDefinition => Path.Combine(Root, "data-samples", "journey.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "JourneyInsights.sln"))) return dir.FullName;
        throw new InvalidOperationException("JourneyInsights.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder; deleted on dispose.</summary>
public sealed class TestFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ji-nb-").FullName;

    public string Write(string name, string content)
    {
        var full = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content, new UTF8Encoding(false));
        return full;
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Builds small Polyglot notebooks (.ipynb JSON) for runner tests, one string per source line as VS Code writes them.</summary>
public static class NotebookJson
{
    public static string Markdown(string text) => Cell("markdown", text);
    public static string Code(string text, params string[] tags) => Cell("code", text, tags);

    private static string Cell(string kind, string text, params string[] tags)
    {
        var metadata = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } };
        if (tags.Length > 0) metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        var lines = text.Split('\n');
        var source = new JsonArray(lines.Select((l, i) => (JsonNode?)JsonValue.Create(i < lines.Length - 1 ? l + "\n" : l)).ToArray());
        var cell = new JsonObject { ["cell_type"] = kind, ["metadata"] = metadata, ["source"] = source };
        if (kind == "code") { cell["execution_count"] = null; cell["outputs"] = new JsonArray(); }
        return cell.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A whole notebook with Polyglot's metadata.</summary>
    public static string Notebook(params string[] cells) =>
        "{\n \"cells\": [\n" + string.Join(",\n", cells) + "\n ],\n" + """
         "metadata": {
          "kernelspec": { "display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp" },
          "language_info": { "name": "polyglot-notebook" },
          "polyglot_notebook": { "kernelInfo": { "defaultKernelName": "csharp", "items": [ { "aliases": [], "name": "csharp" } ] } }
         },
         "nbformat": 4,
         "nbformat_minor": 2
        }
        """;
}
