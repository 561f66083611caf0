using JourneyInsights.Notebooks.Runner;

namespace JourneyInsights.Notebooks.Scripting;

/// <summary>
/// The globals of a notebook run headless: <c>display(x)</c> as in Polyglot notebooks shows a value below the cell
/// (through the notebook formatters).
/// </summary>
public sealed class NotebookGlobals
{
    /// <summary>Shows <paramref name="value"/> below the cell (text/html, and image/png for a plot).</summary>
#pragma warning disable IDE1006 // the name Polyglot notebooks use
    public void display(object? value) => DisplayExtensions.Show(value);
#pragma warning restore IDE1006
}

/// <summary><c>x.Display()</c> as in Polyglot notebooks (imported only by the headless runner).</summary>
public static class DisplayExtensions
{
    /// <summary>Shows the value below the cell.</summary>
    public static void Display(this object? value) => Show(value);

    internal static void Show(object? value)
    {
        if (ConsoleRouter.Capture is { } capture) capture.Display(value);
        else Console.WriteLine(value);
    }
}
