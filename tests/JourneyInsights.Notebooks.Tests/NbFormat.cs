using System.Diagnostics;
using System.Text.Json.Nodes;

namespace JourneyInsights.Notebooks.Tests;

/// <summary>
/// nbformat 4: validated against its JSON schema by the reference implementation (Jupyter's <c>nbformat.validate</c>,
/// Debian's python3-nbformat, which .ci/run installs), plus what our notebooks need on top (the C# kernelspec and
/// language_info, Polyglot's kernel metadata, the output shapes).
/// </summary>
public static class NbFormat
{
    public static void AssertValid(JsonObject nb, string path)
    {
        AssertValidBySchema(path);
        Assert.Equal(4, nb["nbformat"]!.GetValue<int>());
        var metadata = (JsonObject)nb["metadata"]!;
        Assert.Equal(".net-csharp", metadata["kernelspec"]!["name"]!.GetValue<string>());
        Assert.NotNull(metadata["kernelspec"]!["display_name"]);
        Assert.NotNull(metadata["polyglot_notebook"]!["kernelInfo"]);
        // A language name pygments (nbconvert's highlighter) knows, so that Jupyter tools highlight C#.
        Assert.Equal("C#", metadata["language_info"]!["name"]!.GetValue<string>());
        Assert.Equal("csharp", metadata["language_info"]!["pygments_lexer"]!.GetValue<string>());
        foreach (var node in (JsonArray)nb["cells"]!)
        {
            var cell = (JsonObject)node!;
            if (cell["cell_type"]!.GetValue<string>() != "code") continue;
            foreach (var o in (JsonArray)cell["outputs"]!)
            {
                var output = (JsonObject)o!;
                Assert.Contains(output["output_type"]!.GetValue<string>(), (string[])["display_data", "execute_result", "stream", "error"]);
                if (output["data"] is JsonObject data) Assert.NotEmpty(data);
            }
        }
    }

    /// <summary>Runs <c>nbformat.validate</c> on the file; fails with its message.</summary>
    public static void AssertValidBySchema(string path)
    {
        var python = Python.Value ?? throw new Xunit.Sdk.XunitException(
            "no python3 with the nbformat module (Debian: apt-get install python3-nbformat; .ci/run installs it)");
        var start = new ProcessStartInfo(python, ["-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT))", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{path} is not valid nbformat 4: {stderr.Result}");
    }

    /// <summary>The first interpreter that imports nbformat: Debian's /usr/bin/python3 (a pyenv shim may come first on PATH), else python3.</summary>
    private static readonly Lazy<string?> Python = new(() =>
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo(candidate, ["-c", "import nbformat"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
                p.WaitForExit();
                if (p.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed
            }
        }
        return null;
    });
}
