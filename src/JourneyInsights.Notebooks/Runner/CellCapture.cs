using System.Text;
using JourneyInsights.Notebooks.Formatting;
using Microsoft.DotNet.Interactive.Formatting;

namespace JourneyInsights.Notebooks.Runner;

/// <summary>What one cell displays and prints, in order.</summary>
internal sealed class CellCapture
{
    private readonly Lock gate = new();
    private readonly List<CellOutput> outputs = [];

    public IReadOnlyList<CellOutput> Outputs
    {
        get { lock (gate) return outputs.ToList(); }
    }

    /// <summary>Adds a displayed value (execute_result when <paramref name="executionCount"/> is given).</summary>
    public void Display(object? value, int? executionCount = null)
    {
        var data = Render(value);
        lock (gate) outputs.Add(new DisplayOutput(data, executionCount));
    }

    /// <summary>Adds text written to stdout or stderr, joined to the previous stream output of the same name.</summary>
    public void Write(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (gate)
        {
            if (outputs.Count > 0 && outputs[^1] is StreamOutput s && s.Name == stream)
                outputs[^1] = s with { Text = s.Text + text };
            else
                outputs.Add(new StreamOutput(stream, text));
        }
    }

    public void Error(ErrorOutput error)
    {
        lock (gate) outputs.Add(error);
    }

    /// <summary>The MIME bundle of a value: text/html through the notebook formatters, image/png for plots, text/plain.</summary>
    public static IReadOnlyDictionary<string, string> Render(object? value)
    {
        NotebookFormatters.Register();
        if (value is ScottPlot.Plot plot)
        {
            var png = PlotImage.Png(plot);
            return new Dictionary<string, string>
            {
                ["image/png"] = Convert.ToBase64String(png),
                ["text/html"] = PlotImage.Html(png, plot.Axes.Title.Label.Text),
                ["text/plain"] = string.IsNullOrEmpty(plot.Axes.Title.Label.Text) ? "ScottPlot.Plot" : plot.Axes.Title.Label.Text,
            };
        }
        return new Dictionary<string, string>
        {
            ["text/html"] = value.ToDisplayString(HtmlFormatter.MimeType),
            ["text/plain"] = value.ToDisplayString(PlainTextFormatter.MimeType),
        };
    }
}

/// <summary>
/// Routes Console output to the cell being run (per async flow), so that notebooks run side by side in one process
/// each get their own output; outside a run, text goes to the original writer.
/// </summary>
internal sealed class ConsoleRouter(TextWriter original, string stream) : TextWriter
{
    private static readonly AsyncLocal<CellCapture?> Current = new();
    private static readonly Lock Gate = new();

    public static CellCapture? Capture
    {
        get => Current.Value;
        set => Current.Value = value;
    }

    /// <summary>Installs the routers on Console.Out and Console.Error once per process.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (Console.Out is not ConsoleRouter) Console.SetOut(new ConsoleRouter(Console.Out, "stdout"));
            if (Console.Error is not ConsoleRouter) Console.SetError(new ConsoleRouter(Console.Error, "stderr"));
        }
    }

    public override Encoding Encoding => original.Encoding;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        if (value is null) return;
        if (Current.Value is { } capture) capture.Write(stream, value);
        else original.Write(value);
    }

    public override void Flush()
    {
        if (Current.Value is null) original.Flush();
    }
}
