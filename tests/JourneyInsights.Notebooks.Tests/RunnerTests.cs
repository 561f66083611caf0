using System.Text.Json.Nodes;
using JourneyInsights.Privacy;
using static JourneyInsights.Notebooks.Tests.NotebookJson;

namespace JourneyInsights.Notebooks.Tests;

/// <summary><c>journey notebook run</c>'s runner on small hand-written notebooks, executed by the real .NET Interactive C# kernel.</summary>
public class RunnerTests
{
    private static readonly Dictionary<string, string> NoParameters = [];

    private static async Task<(NotebookRunResult Result, JsonObject Notebook)> Run(TestFolder folder, string json,
        IReadOnlyDictionary<string, string>? parameters = null, string name = "test.ipynb")
    {
        var path = folder.Write("nb/" + name, json);
        var result = await NotebookRunner.RunAsync(path, parameters ?? NoParameters, folder.File("out"));
        var written = (JsonObject)JsonNode.Parse(File.ReadAllText(result.OutputNotebook))!;
        return (result, written);
    }

    private static JsonArray Outputs(JsonObject notebook, int cellIndex) => (JsonArray)notebook["cells"]![cellIndex]!["outputs"]!;

    private static string Html(JsonNode output) => string.Concat(((JsonArray)output["data"]!["text/html"]!).Select(l => l!.GetValue<string>()));

    /// <summary>The text of an output's data: text/plain when the kernel gave it, else text/html.</summary>
    private static string Text(JsonNode output) =>
        string.Concat(((JsonArray)(output["data"]!["text/plain"] ?? output["data"]!["text/html"])!).Select(l => l!.GetValue<string>()));

    [Fact]
    public async Task State_is_kept_across_cells_and_the_last_expression_is_the_result()
    {
        using var folder = new TestFolder();
        var (result, nb) = await Run(folder, Notebook(
            Code("var x = 20;"),
            Markdown("# A heading"),
            Code("int Twice(int v) => v * 2;"),
            Code("Twice(x) + 2")));
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(3, result.CellsRun);
        var output = Outputs(nb, 3).Single()!;
        Assert.Equal("execute_result", output["output_type"]!.GetValue<string>());
        Assert.Equal(3, output["execution_count"]!.GetValue<int>());
        Assert.Contains("<pre>42</pre>", Text(output));
    }

    [Fact]
    public async Task Parameters_are_injected_after_the_parameters_cell_typed_as_declared()
    {
        using var folder = new TestFolder();
        var (result, nb) = await Run(folder, Notebook(
            Markdown("Parameters"),
            Code("var month = \"2026-10\";\nvar months = 12;\nbool strict = false;\nstring? persona = null;", "parameters"),
            Code("$\"{month}|{months + 1}|{strict}|{persona ?? \"all\"}\"")),
            new Dictionary<string, string> { ["month"] = "2026-08", ["months"] = "6", ["strict"] = "true", ["persona"] = "Agency \"A\"" });
        Assert.True(result.Succeeded, result.Error);
        var cells = (JsonArray)nb["cells"]!;
        Assert.Equal(4, cells.Count);
        var injected = cells[2]!;
        Assert.Equal("injected-parameters", injected["metadata"]!["tags"]![0]!.GetValue<string>());
        var source = string.Concat(((JsonArray)injected["source"]!).Select(l => l!.GetValue<string>()));
        Assert.Contains("string month = \"2026-08\";", source);
        Assert.Contains("int months = 6;", source);
        Assert.Contains("bool strict = true;", source);
        Assert.Contains("string? persona = \"Agency \\\"A\\\"\";", source);
        Assert.Equal("2026-08|7|True|Agency \"A\"", Text(Outputs(nb, 3).Single()!));
    }

    [Theory]
    [InlineData("mnth", "2026-08", "parameter 'mnth' is not declared in the parameters cell (declared: month, months)")]
    [InlineData("months", "six", "parameter 'months' is int; 'six' is not a int")]
    public async Task A_parameter_that_does_not_fit_is_a_usage_error_before_anything_runs(string name, string value, string message)
    {
        using var folder = new TestFolder();
        var path = folder.Write("nb/p.ipynb", Notebook(Code("var month = \"2026-10\";\nvar months = 12;", "parameters"), Code("System.IO.File.WriteAllText(\"ran.txt\", \"x\");")));
        var ex = await Assert.ThrowsAsync<NotebookParameterException>(() =>
            NotebookRunner.RunAsync(path, new Dictionary<string, string> { [name] = value }, folder.File("out")));
        Assert.Equal(message, ex.Message);
        Assert.False(File.Exists(folder.File("nb/ran.txt")));
    }

    [Fact]
    public async Task A_compile_error_stops_the_run_with_cell_number_and_notebook_line()
    {
        using var folder = new TestFolder();
        var json = Notebook(
            Code("var a = 1;"),
            Markdown("text"),
            Code("var b = a + 1;\nvar c = b + undefinedName;"),
            Code("var d = 4;"));
        var (result, nb) = await Run(folder, json);
        Assert.False(result.Succeeded);
        Assert.Equal(3, result.FailedCell);
        Assert.Equal(2, result.FailedCellLine);
        var expectedLine = Array.FindIndex(json.Split('\n'), l => l.Contains("undefinedName")) + 1;
        Assert.Equal(expectedLine, result.FailedNotebookLine);
        Assert.Equal($"cell 3, line 2 (notebook line {expectedLine}): CompilationError: The name 'undefinedName' does not exist in the current context", result.Error);
        Assert.Equal(2, result.CellsRun);
        var error = Outputs(nb, 2).Single()!;
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.Equal("CompilationError", error["ename"]!.GetValue<string>());
        Assert.Contains("CS0103", string.Join("\n", ((JsonArray)error["traceback"]!).Select(t => t!.GetValue<string>())));
        // The partial notebook is written: the cell after the failing one has no outputs and no execution count.
        Assert.Empty(Outputs(nb, 3));
        Assert.Null(nb["cells"]![3]!["execution_count"]);
        Assert.Equal("failed", nb["metadata"]!["journeyinsights"]!["status"]!.GetValue<string>());
        Assert.Contains("undefinedName", File.ReadAllText(result.OutputHtml));
    }

    [Fact]
    public async Task A_runtime_error_reports_the_exception_with_cell_number_and_line()
    {
        using var folder = new TestFolder();
        var json = Notebook(
            Code("Console.WriteLine(\"before\");"),
            Code("var items = new List<int>();\nConsole.WriteLine(\"in the cell\");\nvar first = items.First();"));
        var (result, nb) = await Run(folder, json);
        Assert.Equal(2, result.FailedCell);
        Assert.Equal(3, result.FailedCellLine);
        var expectedLine = Array.FindIndex(json.Split('\n'), l => l.Contains("items.First()")) + 1;
        Assert.Equal(expectedLine, result.FailedNotebookLine);
        Assert.StartsWith($"cell 2, line 3 (notebook line {expectedLine}): InvalidOperationException: Sequence contains no elements", result.Error);
        var outputs = Outputs(nb, 1);
        Assert.Equal("stream", outputs[0]!["output_type"]!.GetValue<string>());
        Assert.Equal("in the cell\n", string.Concat(((JsonArray)outputs[0]!["text"]!).Select(t => t!.GetValue<string>())));
        Assert.Equal("InvalidOperationException", outputs[1]!["ename"]!.GetValue<string>());
        Assert.Equal("before\n", string.Concat(((JsonArray)Outputs(nb, 0)[0]!["text"]!).Select(t => t!.GetValue<string>())));
    }

    [Theory]
    // The kernel compiles a cell without its #r lines and reports lines of that code; the runner counts the cell's lines.
    [InlineData("// setup\n#r \"nuget: CsvHelper, 34.0.0\"\n\nvar rows = new List<int>();\nvar first = rows.First();", 5, "InvalidOperationException")]
    [InlineData("#r \"nuget: CsvHelper, 34.0.0\"\n\nvar q = 1;\nvar first = q + undefinedName;", 4, "CompilationError")]
    [InlineData("// setup\n#r \"nuget: CsvHelper, 34.0.0\"\n\nvar q = 1;\nvar first = q + undefinedName;", 5, "CompilationError")]
    [InlineData("var a = 1;\n#r \"nuget: CsvHelper, 34.0.0\"\nvar rows = new List<int>();\n\nvar first = rows.First();", 5, "InvalidOperationException")]
    public async Task An_error_below_directive_lines_reports_the_line_as_written_in_the_cell(string code, int line, string kind)
    {
        using var folder = new TestFolder();
        var json = Notebook(Code(code));
        var (result, _) = await Run(folder, json);
        Assert.Equal(1, result.FailedCell);
        Assert.Equal(line, result.FailedCellLine);
        Assert.Contains($"cell 1, line {line} (notebook line ", result.Error);
        Assert.Contains($": {kind}: ", result.Error);
        var expectedLine = Array.FindIndex(json.Split('\n'), l => l.Contains("var first")) + 1;
        Assert.Equal(expectedLine, result.FailedNotebookLine);
    }

    [Fact]
    public async Task Displayed_values_plots_and_data_frames_become_html_outputs_of_valid_nbformat_4()
    {
        using var folder = new TestFolder();
        var (result, nb) = await Run(folder, Notebook(
            Code("""
                #r "nuget: Microsoft.Data.Analysis, 0.23.1"
                #r "nuget: ScottPlot, 5.1.59"
                using Microsoft.Data.Analysis;
                var frame = new DataFrame(new StringDataFrameColumn("name", ["a<b", "c"]), new PrimitiveDataFrameColumn<double>("score", [0.5, -1.25]));
                display(frame);
                var plot = new ScottPlot.Plot();
                plot.Add.Scatter(new double[] { 1, 2, 3 }, new double[] { 2, 4, 3 });
                plot.Display();
                "<script>"
                """)));
        Assert.True(result.Succeeded, result.Error);
        var outputs = Outputs(nb, 0);
        // The kernel's package report (shown as "Installing Packages", then updated in place), the frame, the plot, the value.
        Assert.Equal(4, outputs.Count);
        Assert.Contains("<strong>Installed Packages</strong>", Html(outputs[0]!));
        Assert.DoesNotContain("Installing", Html(outputs[0]!));
        Assert.Contains("ScottPlot, 5.1.59", Html(outputs[0]!));
        Assert.Equal("display_data", outputs[1]!["output_type"]!.GetValue<string>());
        var table = Html(outputs[1]!);
        Assert.Contains("DataFrame: 2 rows × 2 columns", table);
        Assert.Contains("a&lt;b", table);
        Assert.Contains("-1.25", table);
        var image = Html(outputs[2]!);
        Assert.StartsWith("<img src=\"data:image/png;base64,", image);
        var png = Convert.FromBase64String(image.Split("base64,")[1].Split('"')[0]);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal("execute_result", outputs[3]!["output_type"]!.GetValue<string>());
        Assert.Equal("<script>", Text(outputs[3]!)); // text/plain, never markup
        Assert.DoesNotContain("<script>", File.ReadAllText(result.OutputHtml));
        NbFormat.AssertValid(nb, result.OutputNotebook);
        var page = File.ReadAllText(result.OutputHtml);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("data:image/png;base64,", page);
    }

    [Fact]
    public async Task Dib_notebooks_are_split_at_kernel_lines_and_run_with_parameters()
    {
        using var folder = new TestFolder();
        var dib = """
            #!meta

            {"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"name":"csharp"}]}}

            #!markdown

            # A .dib notebook

            #!csharp

            // parameters
            var n = 2;

            #!csharp

            n * 21

            #!fsharp

            printfn "not run"

            #!csharp

            throw new InvalidOperationException("boom");
            """;
        var path = folder.Write("nb/plain.dib", dib);
        var result = await NotebookRunner.RunAsync(path, new Dictionary<string, string> { ["n"] = "3" }, folder.File("out"));
        Assert.Equal([4], result.CellsSkipped);
        Assert.Equal(5, result.FailedCell);
        var throwLine = Array.IndexOf(dib.Split('\n'), "throw new InvalidOperationException(\"boom\");") + 1;
        Assert.Equal(throwLine, result.FailedNotebookLine);
        var nb = (JsonObject)JsonNode.Parse(File.ReadAllText(result.OutputNotebook))!;
        NbFormat.AssertValid(nb, result.OutputNotebook);
        var cells = (JsonArray)nb["cells"]!;
        Assert.Equal(["markdown", "code", "code", "code", "code", "code"], cells.Select(c => c!["cell_type"]!.GetValue<string>()));
        Assert.Contains("<pre>63</pre>", Text(cells[3]!["outputs"]![0]!));
        Assert.Equal("csharp", nb["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_package_that_cannot_be_restored_stops_the_run_at_its_directive()
    {
        using var folder = new TestFolder();
        var json = Notebook(Code("var x = 1;"), Code("// plotting\n#r \"nuget: JourneyInsights.NoSuchPackage, 1.0.0\"\nx"), Code("var y = 2;"));
        var (failed, nb) = await Run(folder, json, name: "bad.ipynb");
        Assert.False(failed.Succeeded);
        Assert.Equal(2, failed.FailedCell);
        Assert.Equal(2, failed.FailedCellLine);
        var expectedLine = Array.FindIndex(json.Split('\n'), l => l.Contains("NoSuchPackage")) + 1;
        Assert.Equal(expectedLine, failed.FailedNotebookLine);
        Assert.StartsWith($"cell 2, line 2 (notebook line {expectedLine}): KernelError: ", failed.Error);
        // NuGet's own words: the package id and NU1101.
        Assert.Contains("NU1101: Unable to find package JourneyInsights.NoSuchPackage", failed.Error);
        Assert.Equal("error", Outputs(nb, 1).Last()!["output_type"]!.GetValue<string>());
        Assert.Empty(Outputs(nb, 2));
    }

    [Fact]
    public async Task Text_a_cell_shows_has_its_e_mail_addresses_and_phone_numbers_masked()
    {
        using var folder = new TestFolder();
        var (result, nb) = await Run(folder, Notebook(
            Code("display(\"Call Jane at +44 20 7946 0958 or write to jane.doe@example.com\");"),
            Code("\"ops@northwind.example\"")));
        Assert.True(result.Succeeded, result.Error);
        // The library's masking (PersonalData.Mask, whose patterns are tested in the library) is what the formatters
        // apply: today "+44 20 7946 0958" (12 digits split by spaces) reads [phone] and the address [email].
        var shown = Text(Outputs(nb, 0).Single()!);
        Assert.Equal(PersonalData.Mask("Call Jane at +44 20 7946 0958 or write to jane.doe@example.com"), shown);
        Assert.StartsWith("Call Jane at ", shown);
        Assert.Equal(PersonalData.Mask("ops@northwind.example"), Text(Outputs(nb, 1).Single()!));
        var written = string.Join("\n", ((JsonArray)nb["cells"]!).Select(c => c!["outputs"]!.ToJsonString()));
        Assert.DoesNotContain("jane.doe@", written);
        Assert.DoesNotContain("7946 0958", written);
        Assert.DoesNotContain("ops@northwind", written);
    }

    [Fact]
    public async Task The_html_page_renders_markdown_simply_and_encodes_everything()
    {
        using var folder = new TestFolder();
        var (result, _) = await Run(folder, Notebook(
            Markdown("# Funnel <check>\n\nThe **drop-off** is `DropOff`; see [metrics](../docs/metrics.md).\n\n- first\n- second & third"),
            Code("var label = \"<b>not bold</b>\";\nlabel")));
        Assert.True(result.Succeeded, result.Error);
        var page = File.ReadAllText(result.OutputHtml);
        Assert.Contains("<h1>Funnel &lt;check&gt;</h1>", page);
        Assert.Contains("<p>The <strong>drop-off</strong> is <code>DropOff</code>; see <a href=\"../docs/metrics.md\">metrics</a>.</p>", page);
        Assert.Contains("<ul>\n<li>first</li>\n<li>second &amp; third</li>\n</ul>", page);
        Assert.Contains("var label = &quot;&lt;b&gt;not bold&lt;/b&gt;&quot;;", page);
        Assert.DoesNotContain("<b>not bold</b>", page);
    }
}
