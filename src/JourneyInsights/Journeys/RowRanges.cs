using System.Runtime.ExceptionServices;

namespace JourneyInsights.Journeys;

/// <summary>
/// Splits a table's rows into consecutive ranges that are read on every core; each range keeps what it found, and the
/// caller merges the ranges in order, so that a result is the one a single pass in row order gives (same numbers, same
/// order of records), whatever the number of cores or the order the ranges finished in.
/// </summary>
internal static class RowRanges
{
    /// <summary>
    /// Rows per range when reading in parallel: large enough that a range's own bookkeeping is nothing next to its rows,
    /// small enough that two cores share 10M rows evenly (about 40 ranges).
    /// </summary>
    public const int DefaultRows = 1 << 18;

    /// <summary>The ranges [start, end) of <paramref name="rows"/> rows, <paramref name="perRange"/> rows each (the last one shorter); one empty range for no rows.</summary>
    public static (int Start, int End)[] Split(int rows, int perRange)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(perRange, 1);
        if (rows <= perRange) return [(0, rows)];
        var ranges = new (int Start, int End)[(int)((rows + (long)perRange - 1) / perRange)];
        for (var k = 0; k < ranges.Length; k++) ranges[k] = (k * perRange, (int)Math.Min(rows, (long)(k + 1) * perRange));
        return ranges;
    }

    /// <summary>
    /// Runs <paramref name="body"/> for ranges 0 .. <paramref name="count"/> - 1, on every core when there are several.
    /// An exception of one range is thrown as itself (not wrapped), as the sequential loop would throw it.
    /// </summary>
    public static void ForEach(int count, Action<int> body)
    {
        if (count == 1) { body(0); return; }
        try { Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, body); }
        catch (AggregateException ex) when (ex.InnerExceptions.Count >= 1)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
