using System.Globalization;

namespace JourneyInsights.Sources;

/// <summary>
/// What a sample of one column's values says about its dates: the field type and formats that read them, or why
/// none can be chosen. <see cref="Ambiguous"/> is set when day-first and month-first readings both fit and give
/// different dates (<c>03/04/2026</c>): a format is then never guessed.
/// </summary>
public sealed record DateFormatGuess
{
    /// <summary>A date/time type (<c>DateTime</c> or one of the Unix types), or null when the values are not dates.</summary>
    public FieldType? Type { get; init; }
    /// <summary>For <c>DateTime</c>: the formats to declare, most frequent first.</summary>
    public IReadOnlyList<string> Formats { get; init; } = [];
    /// <summary>Non-empty sample values read with <see cref="Formats"/> (or as Unix time).</summary>
    public int Parsed { get; init; }
    /// <summary>Non-empty sample values looked at.</summary>
    public int Values { get; init; }
    /// <summary>When month-first and day-first both fit: a message naming an example value and both readings.</summary>
    public string? Ambiguous { get; init; }

    /// <summary>True when a type was found.</summary>
    public bool Found => Type is not null;

    /// <summary>True when this guess reads <paramref name="value"/> as a plausible date (1990-2099).</summary>
    public bool Reads(string value) => Found && SampleDateFormats.Reads(this, value.Trim());

    /// <summary>The formats or the type in words, e.g. <c>'yyyy-MM-dd HH:mm'</c> or <c>UnixMicros</c>.</summary>
    public string Describe() => Type == FieldType.DateTime ? string.Join(", ", Formats.Select(f => $"'{f}'")) : $"{Type}";
}

/// <summary>
/// Infers date formats from sample values: the formats common export tools write (ISO-8601, the GA4 BigQuery
/// <c>TIMESTAMP</c> text <c>2021-01-31 12:34:56.123456 UTC</c> (or <c>+00</c>), US and European spreadsheet dates, Unix seconds,
/// milliseconds and microseconds), at least 95 % of the non-empty values read, and never a silent choice between
/// day-first and month-first.
/// </summary>
public static class SampleDateFormats
{
    /// <summary>Share of non-empty values a format must read to be chosen.</summary>
    public const double MinShare = 0.95;

    private static readonly string[] Iso =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mm:ss.FFFFFF 'UTC'", "yyyy-MM-dd HH:mm:ss 'UTC'", "yyyy-MM-dd HH:mm:ss.FFFFFFzz", "yyyy-MM-dd HH:mm:sszz", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm", "yyyy/MM/dd",
    ];
    private static readonly string[] MonthFirst =
    [
        "MM/dd/yyyy hh:mm:ss tt", "M/d/yyyy h:mm:ss tt", "M/d/yyyy h:mm tt", "M/d/yyyy H:mm:ss", "M/d/yyyy H:mm",
        "M/d/yy h:mm:ss tt", "M/d/yy h:mm tt", "M/d/yy H:mm:ss", "M/d/yy H:mm", "M/d/yyyy", "M/d/yy",
    ];
    private static readonly string[] DayFirst =
    [
        "d/M/yyyy H:mm:ss", "d/M/yyyy H:mm", "d/M/yy H:mm", "d/M/yyyy", "d/M/yy",
        "d.M.yyyy H:mm:ss", "d.M.yyyy H:mm", "d.M.yyyy", "d-M-yyyy H:mm", "d-M-yyyy",
    ];
    private static readonly DateTime MinPlausible = new(1990, 1, 1);
    private static readonly DateTime MaxPlausible = new(2100, 1, 1);

    /// <summary>
    /// Infers the type and formats of a date column from <paramref name="values"/> (empty values are skipped).
    /// <paramref name="preferred"/> formats (a vendor preset's) are tried first and win when they read the sample;
    /// <paramref name="monthFirst"/> says the vendor writes month-first dates (SurveyMonkey, HubSpot in the US), which
    /// settles the day/month question for values that fit both.
    /// </summary>
    public static DateFormatGuess Infer(IEnumerable<string> values, IReadOnlyList<string>? preferred = null, bool monthFirst = false)
    {
        var sample = values.Select(v => v.Trim()).Where(v => v.Length > 0).Take(500).ToList();
        if (sample.Count == 0) return new DateFormatGuess();
        var need = (int)Math.Ceiling(sample.Count * MinShare);

        if (sample.All(v => v.All(char.IsAsciiDigit)))
            foreach (var (type, scale) in new[] { (FieldType.UnixMicros, 10L), (FieldType.UnixMillis, TimeSpan.TicksPerMillisecond), (FieldType.UnixSeconds, TimeSpan.TicksPerSecond) })
            {
                var read = sample.Count(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    && n < long.MaxValue / scale && Plausible(DateTime.UnixEpoch.AddTicks(Math.Min(n * scale, DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks))));
                if (read >= need) return new DateFormatGuess { Type = type, Parsed = read, Values = sample.Count };
            }

        if (preferred is { Count: > 0 } && Fit(sample, preferred) is { } vendor && vendor.Parsed >= need)
            return vendor;
        var iso = Fit(sample, Iso);
        if (iso is not null && iso.Parsed >= need) return iso;
        var us = Fit(sample, MonthFirst);
        var eu = Fit(sample, DayFirst);
        var usFits = us is not null && us.Parsed >= need;
        var euFits = eu is not null && eu.Parsed >= need;
        if (usFits && euFits)
        {
            // A value only one reading accepts (a day above 12) settles it; so does the vendor's habit.
            if (us!.Parsed != eu!.Parsed) return us.Parsed > eu.Parsed ? us : eu;
            if (monthFirst) return us;
            var example = sample.FirstOrDefault(v => Read(v, us.Formats) != Read(v, eu.Formats));
            if (example is null) return us; // every value reads the same both ways (01/01/2026)
            var a = Read(example, us.Formats);
            var b = Read(example, eu.Formats);
            return new DateFormatGuess
            {
                Values = sample.Count,
                Ambiguous = string.Create(CultureInfo.InvariantCulture,
                    $"dates like '{example}' read as {a:yyyy-MM-dd} month-first and as {b:yyyy-MM-dd} day-first, and no value in the sample settles it; declare \"formats\" (e.g. [\"{us.Formats[0]}\"] or [\"{eu.Formats[0]}\"])"),
            };
        }
        if (usFits) return us!;
        if (euFits) return eu!;
        var best = new[] { iso, us, eu }.Where(g => g is not null).MaxBy(g => g!.Parsed);
        return new DateFormatGuess { Values = sample.Count, Parsed = best?.Parsed ?? 0 };
    }

    internal static bool Reads(DateFormatGuess guess, string value)
    {
        if (value.Length == 0) return false;
        if (guess.Type == FieldType.DateTime) return Read(value, guess.Formats) is not null;
        var scale = guess.Type switch { FieldType.UnixMicros => 10L, FieldType.UnixMillis => TimeSpan.TicksPerMillisecond, _ => TimeSpan.TicksPerSecond };
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < long.MaxValue / scale
            && n * scale < DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks && Plausible(DateTime.UnixEpoch.AddTicks(n * scale));
    }

    private static DateFormatGuess? Fit(List<string> sample, IReadOnlyList<string> formats)
    {
        // For each value, the first format that reads it; keep the formats that read any value, most used first.
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        var parsed = 0;
        foreach (var v in sample)
        {
            foreach (var f in formats)
                if (TryRead(v, f, out _)) { used[f] = used.GetValueOrDefault(f) + 1; parsed++; break; }
        }
        if (parsed == 0) return null;
        var ordered = used.OrderByDescending(kv => kv.Value).ThenBy(kv => IndexOf(formats, kv.Key)).Select(kv => kv.Key).ToList();
        return new DateFormatGuess { Type = FieldType.DateTime, Formats = ordered, Parsed = parsed, Values = sample.Count };
    }

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == item) return i;
        return -1;
    }

    private static DateTime? Read(string value, IReadOnlyList<string> formats)
    {
        foreach (var f in formats) if (TryRead(value, f, out var t)) return t;
        return null;
    }

    private static bool TryRead(string value, string format, out DateTime time) =>
        DateTime.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.RoundtripKind, out time)
        && Plausible(time);

    private static bool Plausible(DateTime t) => t >= MinPlausible && t < MaxPlausible;
}
