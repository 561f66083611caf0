using JourneyInsights.Cli;

namespace JourneyInsights.Notebooks.Tests;

/// <summary><c>journey notebook run</c> in-process: outputs and exit codes.</summary>
public class CliTests
{
    private static async Task<(int Code, string Out, string Err)> Journey(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await JourneyCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Notebook_run_writes_the_executed_notebook_and_html_and_exits_0()
    {
        using var folder = new TestFolder();
        var (code, output, error) = await Journey("notebook", "run", Path.Combine(Repo.Notebooks, "02-stage-conversion.ipynb"),
            "--param", "month=2026-09", "--param", "persona=Agency", "--out", folder.File("reports"));
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("Ran 13 C# cell(s)", output);
        Assert.True(File.Exists(folder.File("reports/02-stage-conversion.ipynb")));
        Assert.Contains("Funnel, cohort 2026-09, persona Agency", File.ReadAllText(folder.File("reports/02-stage-conversion.html")));
    }

    [Fact]
    public async Task A_failing_cell_exits_1_and_names_the_cell_and_line()
    {
        using var folder = new TestFolder();
        var path = folder.Write("nb/fail.ipynb", NotebookJson.Notebook(NotebookJson.Code("var a = 1;"), NotebookJson.Code("var b = a;\nthrow new Exception(\"no data\");")));
        var (code, output, error) = await Journey("notebook", "run", path, "--out", folder.File("out"));
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("Stopped after 2 C# cell(s)", output);
        Assert.Matches(@"error: .*fail\.ipynb: cell 2, line 2 \(notebook line \d+\): Exception: no data", error);
        Assert.True(File.Exists(folder.File("out/fail.ipynb")));
    }

    [Fact]
    public async Task Notebooks_run_one_after_another_and_an_unknown_package_stops_them_with_exit_1()
    {
        using var folder = new TestFolder();
        var first = folder.Write("nb/first.ipynb", NotebookJson.Notebook(NotebookJson.Code("System.IO.File.WriteAllText(\"first-ran.txt\", \"yes\");")));
        var bad = folder.Write("nb/bad.ipynb", NotebookJson.Notebook(NotebookJson.Code("#r \"nuget: JourneyInsights.NoSuchPackage, 1.0.0\"")));
        var last = folder.Write("nb/last.ipynb", NotebookJson.Notebook(NotebookJson.Code("System.IO.File.WriteAllText(\"last-ran.txt\", \"yes\");")));
        var (code, output, error) = await Journey("notebook", "run", first, bad, last, "--out", folder.File("out"));
        Assert.Equal(ExitCodes.DataError, code);
        Assert.True(File.Exists(folder.File("nb/first-ran.txt")));   // relative paths resolve in the notebook's folder
        Assert.False(File.Exists(folder.File("nb/last-ran.txt")));
        Assert.Contains("Ran 1 C# cell(s) of " + first, output);
        Assert.Contains($"error: {bad}: cell 1, line 1 (notebook line ", error);
        Assert.Contains("NU1101: Unable to find package JourneyInsights.NoSuchPackage", error);
    }

    [Theory]
    [InlineData("month", "parameter 'month' is not declared")]
    [InlineData("nomonth=2026-01", "parameter 'nomonth' is not declared")]
    public async Task A_bad_parameter_is_a_usage_error(string param, string message)
    {
        using var folder = new TestFolder();
        var (code, _, error) = await Journey("notebook", "run", Path.Combine(Repo.Notebooks, "02-stage-conversion.ipynb"), "--param", param, "--out", folder.File("out"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(param.Contains('=') ? message : "--param expects name=value; found 'month'", error);
    }

    [Fact]
    public async Task A_parameter_that_one_of_several_notebooks_does_not_declare_is_refused_before_any_runs()
    {
        using var folder = new TestFolder();
        var first = folder.Write("nb/first.ipynb", NotebookJson.Notebook(
            NotebookJson.Code("var month = \"2026-10\";", "parameters"), NotebookJson.Code("System.IO.File.WriteAllText(\"first-ran.txt\", month);")));
        var second = folder.Write("nb/second.ipynb", NotebookJson.Notebook(NotebookJson.Code("var persona = \"Agency\";", "parameters")));
        var (code, _, error) = await Journey("notebook", "run", first, second, "--param", "month=2026-08", "--out", folder.File("out"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal($"error: {second}: parameter 'month' is not declared in the parameters cell (declared: persona)", error.Trim());
        Assert.False(File.Exists(folder.File("nb/first-ran.txt")));
    }
}
