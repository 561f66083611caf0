using System.Runtime.ExceptionServices;
using JourneyInsights.Metrics;

namespace JourneyInsights.Reporting.Charts;

/// <summary>
/// The charts of one report (<see cref="ChartSet.Recipes"/>) being drawn while the other outputs are written: a few
/// threads take the recipes one at a time, in order, and a thread that needs the charts before they are all drawn
/// can take the ones not yet begun instead of waiting idle (<see cref="Finish"/>). Each chart is drawn once, by
/// <see cref="ChartSet.Render(ChartRecipe, JourneyReport)"/>, whichever thread draws it: the same bytes as
/// <see cref="ChartSet.Render(JourneyReport)"/>.
/// </summary>
public sealed class ChartDrawing
{
    private readonly JourneyReport _report;
    private readonly RenderedChart?[] _charts;
    private readonly Exception?[] _errors;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next = -1; // the last recipe taken
    private int _left;      // recipes not yet drawn

    private ChartDrawing(JourneyReport report)
    {
        _report = report;
        _charts = new RenderedChart?[ChartSet.Recipes.Count];
        _errors = new Exception?[_charts.Length];
        _left = _charts.Length;
        if (_left == 0) _done.SetResult();
    }

    /// <summary>Starts drawing the charts of <paramref name="report"/> on <paramref name="threads"/> pool threads (at least one).</summary>
    public static ChartDrawing Start(JourneyReport report, int threads)
    {
        var drawing = new ChartDrawing(report);
        for (var t = 0; t < Math.Max(1, threads); t++) _ = Task.Run(drawing.Draw, CancellationToken.None);
        return drawing;
    }

    /// <summary>Draws recipes not yet taken until none is left.</summary>
    private void Draw()
    {
        int i;
        while ((i = Interlocked.Increment(ref _next)) < _charts.Length)
        {
            try { _charts[i] = ChartSet.Render(ChartSet.Recipes[i], _report); }
            catch (Exception ex) { _errors[i] = ex; }
            if (Interlocked.Decrement(ref _left) == 0) _done.SetResult();
        }
    }

    /// <summary>
    /// Every chart, in recipe order, once all are drawn; with <paramref name="help"/>, this thread draws the recipes not
    /// yet begun meanwhile (a thread that would otherwise wait idle), else it only waits.
    /// </summary>
    /// <exception cref="Exception">A recipe's own exception when one chart failed (the first in recipe order's, as
    /// <see cref="ChartSet.Render(JourneyReport)"/> throws it); an <see cref="AggregateException"/> of them when several did.</exception>
    public IReadOnlyList<RenderedChart> Finish(bool help)
    {
        if (help) Draw();
        _done.Task.Wait(CancellationToken.None);
        var errors = _errors.OfType<Exception>().ToList();
        if (errors.Count == 1) ExceptionDispatchInfo.Throw(errors[0]);
        if (errors.Count > 1) throw new AggregateException(errors);
        return _charts!;
    }

    /// <summary>Waits until no chart is being drawn any more, whatever became of them.</summary>
    public void Settle() => _done.Task.Wait(CancellationToken.None);
}
