using System.Globalization;
using System.Text;

namespace JourneyInsights.Sources;

/// <summary>
/// Chooses the date formats of a column from a sample of its values: the candidates (the map's, or common export formats)
/// that read the sample, most fitting first. A sample that two candidates read as different days (<c>03/04/2026</c>:
/// 4 March or 3 April?) and that no other value decides is <see cref="DateFormatChoice.Ambiguity"/>, never a guess.
/// </summary>
public static class DateFormats
{
    /// <summary>Formats written by common tools (ISO-8601, BigQuery's <c>… UTC</c>, US and European spreadsheets, Unix epochs), tried when a map declares none.</summary>
    public static IReadOnlyList<string> CommonDateTimeFormats { get; } =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF 'UTC'", "yyyy-MM-dd HH:mm:ssK",
        "yyyy/MM/dd HH:mm:ss", "yyyy-MM-dd",
        "M/d/yyyy h:mm:ss tt", "M/d/yyyy h:mm tt", "M/d/yyyy H:mm:ss", "M/d/yyyy H:mm", "M/d/yy H:mm", "M/d/yyyy",
        "d/M/yyyy H:mm:ss", "d/M/yyyy H:mm", "d/M/yy H:mm", "d/M/yyyy",
        "d.M.yyyy H:mm:ss", "d.M.yyyy H:mm", "d.M.yyyy",
        "unix-micros", "unix-millis", "unix-seconds",
    ];

    /// <summary>Calendar-date formats tried when a map declares none.</summary>
    public static IReadOnlyList<string> CommonDateFormats { get; } = ["yyyy-MM-dd", "yyyyMMdd", "M/d/yyyy", "d/M/yyyy", "d.M.yyyy", "M/d/yy", "d/M/yy"];

    /// <summary>
    /// The formats to read a column with. Values no candidate reads are left out of the decision (they will be rejected
    /// rows); of two candidates that differ only in the order of month and day, the one the sample contradicts is dropped.
    /// </summary>
    /// <param name="sample">Trimmed non-empty values, in file order, with their lines.</param>
    /// <param name="candidates">Formats to try (.NET custom formats or <c>unix-seconds</c>/<c>unix-millis</c>/<c>unix-micros</c>).</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // one call with long loops: compiled once, optimised
    public static DateFormatChoice Infer(IReadOnlyList<(string Value, long Line)> sample, IReadOnlyList<string> candidates)
    {
        var parsed = new DateTime?[candidates.Count][];
        var counts = new int[candidates.Count];
        for (var f = 0; f < candidates.Count; f++)
        {
            parsed[f] = new DateTime?[sample.Count];
            for (var v = 0; v < sample.Count; v++)
                if (TryRead(sample[v].Value, candidates[f], out var t)) { parsed[f][v] = t; counts[f]++; }
        }
        var keep = Enumerable.Repeat(true, candidates.Count).ToArray();
        // Candidates of one shape (M/d/yy H:mm and d/M/yy H:mm) that put month and day in opposite orders.
        foreach (var group in Enumerable.Range(0, candidates.Count).Where(f => Order(candidates[f]) != 0).GroupBy(f => Shape(candidates[f])))
        {
            var md = group.Where(f => Order(candidates[f]) > 0).ToArray();
            var dm = group.Where(f => Order(candidates[f]) < 0).ToArray();
            if (md.Length == 0 || dm.Length == 0) continue;
            int mdOnly = -1, dmOnly = -1, both = -1;
            for (var v = 0; v < sample.Count; v++)
            {
                var a = md.Select(f => parsed[f][v]).FirstOrDefault(t => t is not null);
                var b = dm.Select(f => parsed[f][v]).FirstOrDefault(t => t is not null);
                if (a is not null && b is null && mdOnly < 0) mdOnly = v;
                else if (b is not null && a is null && dmOnly < 0) dmOnly = v;
                else if (a is not null && b is not null && a != b && both < 0) both = v;
            }
            if (mdOnly >= 0 && dmOnly >= 0)
                return new DateFormatChoice([], new DateAmbiguity(sample[mdOnly].Value, sample[mdOnly].Line, candidates[md[0]], candidates[dm[0]],
                    $"the column mixes month-first dates ('{sample[mdOnly].Value}', line {sample[mdOnly].Line}) and day-first dates ('{sample[dmOnly].Value}', line {sample[dmOnly].Line})"));
            if (mdOnly >= 0 || dmOnly < 0 && both < 0 && md.Sum(f => counts[f]) > 0 && dm.Sum(f => counts[f]) == 0)
                foreach (var f in dm) keep[f] = false;
            else if (dmOnly >= 0 || both < 0 && dm.Sum(f => counts[f]) > 0 && md.Sum(f => counts[f]) == 0)
                foreach (var f in md) keep[f] = false;
            else if (both >= 0)
            {
                var (value, line) = sample[both];
                var fm = md.First(f => parsed[f][both] is not null);
                var fd = dm.First(f => parsed[f][both] is not null);
                return new DateFormatChoice([], new DateAmbiguity(value, line, candidates[fm], candidates[fd],
                    string.Create(CultureInfo.InvariantCulture,
                        $"'{value}' (line {line}) reads as {parsed[fm][both]:yyyy-MM-dd} with '{candidates[fm]}' or as {parsed[fd][both]:yyyy-MM-dd} with '{candidates[fd]}', and no value of the first {sample.Count} decides")));
            }
        }
        var order = Enumerable.Range(0, candidates.Count).Where(f => keep[f]).OrderByDescending(f => counts[f]).ToList();
        return new DateFormatChoice(order.Select(f => candidates[f]).ToArray(), null) { SampleSize = sample.Count, Fitting = order.Count(f => counts[f] > 0) };
    }

    /// <summary>Reads one value with one format, as the loader does (unix-* as whole numbers; plausible years only).</summary>
    internal static bool TryRead(string text, string format, out DateTime value)
    {
        value = default;
        if (UnixUnit(format) is { } ticksPerUnit)
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > long.MaxValue / ticksPerUnit) return false;
            var ticks = n * ticksPerUnit;
            if (ticks > MaxPlausible.Ticks - DateTime.UnixEpoch.Ticks) return false;
            value = DateTime.UnixEpoch.AddTicks(ticks);
        }
        else if (!DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.RoundtripKind, out value))
            return false;
        return value >= MinPlausible && value < MaxPlausible;
    }

    internal static readonly DateTime MinPlausible = new(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    internal static readonly DateTime MaxPlausible = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Ticks per unit of a <c>unix-*</c> format name, or null for a .NET format.</summary>
    internal static long? UnixUnit(string format) => format switch
    {
        "unix-seconds" => TimeSpan.TicksPerSecond,
        "unix-millis" => TimeSpan.TicksPerMillisecond,
        "unix-micros" => 10,
        _ => null,
    };

    /// <summary>+1 when month comes before day in the format, -1 when day comes first, 0 when it has not both.</summary>
    private static int Order(string format)
    {
        var s = Unquoted(format);
        var m = s.IndexOf('M');
        var d = s.IndexOf('d');
        return m < 0 || d < 0 ? 0 : m < d ? 1 : -1;
    }

    /// <summary>The format with month and day runs made alike and run lengths dropped: formats of one shape read the same texts.</summary>
    private static string Shape(string format)
    {
        var s = Unquoted(format);
        var b = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i] is 'M' or 'd' ? 'N' : s[i] is 'F' ? 'f' : s[i];
            if (b.Length > 0 && b[^1] == c && char.IsLetter(c)) continue;
            b.Append(c);
        }
        return b.ToString();
    }

    private static string Unquoted(string format)
    {
        var b = new StringBuilder();
        var quoted = false;
        foreach (var c in format)
        {
            if (c == '\'') { quoted = !quoted; b.Append('\''); }
            else if (!quoted) b.Append(c);
        }
        return b.ToString();
    }
}

/// <summary>The formats chosen for a date column, or why none could be chosen.</summary>
/// <param name="Formats">Formats to read the column with, the most fitting first (all candidates, less those the sample contradicts).</param>
/// <param name="Ambiguity">Set when the sample cannot decide between month-first and day-first.</param>
public sealed record DateFormatChoice(IReadOnlyList<string> Formats, DateAmbiguity? Ambiguity)
{
    /// <summary>Values in the sample.</summary>
    public int SampleSize { get; init; }
    /// <summary>Of <see cref="Formats"/>, how many read at least one sample value.</summary>
    public int Fitting { get; init; }
}

/// <summary>A sample value two formats read as different days, and the explanation.</summary>
public sealed record DateAmbiguity(string Value, long Line, string MonthFirst, string DayFirst, string Explanation);
