using System.Globalization;

namespace JourneyInsights.Sources;

/// <summary>Turns one raw cell into a typed value, culture-invariant; on failure says what was expected.</summary>
internal sealed class FieldParser(ColumnSpec spec, TimeZoneInfo zone, IReadOnlyList<string>? formats = null)
{
    private static readonly DateTime MinPlausible = DateFormats.MinPlausible;
    private static readonly DateTime MaxPlausible = DateFormats.MaxPlausible;

    /// <summary>The formats in force: those inferred for the file, else the map's, else the common export formats.</summary>
    private readonly string[] _formats = InForce(spec, formats);
    /// <summary>Per format: ticks per unit of a <c>unix-*</c> format (read as a whole number, no format string parsed per value), else 0.</summary>
    private long[]? _unixUnits;
    private readonly bool _idLike = spec.Type == FieldType.String && (spec.Unique || CanonicalFields.IsIdentifier(spec.Field));
    private readonly HashSet<string>? _accepted = spec.AcceptedValues is { } a ? new HashSet<string>(a, StringComparer.OrdinalIgnoreCase) : null;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _paths = new(StringComparer.Ordinal);
    private long _pathsAdded;

    public ColumnSpec Spec { get; } = spec;

    /// <summary>The fixed layout of the first format, when it is one <see cref="TryParseFast"/> reads by hand, else null.</summary>
    private readonly FixedLayout? _fixed = FixedLayout.Of(InForce(spec, formats).FirstOrDefault());

    private static string[] InForce(ColumnSpec spec, IReadOnlyList<string>? formats) => (formats ?? spec.Formats
        ?? (spec.Type == FieldType.Date ? DateFormats.CommonDateFormats : DateFormats.CommonDateTimeFormats)).ToArray();

    /// <summary>
    /// Whether <see cref="TryParseFast"/> can read this column's cells from their UTF-8 bytes: whole numbers, unix
    /// timestamps, and date-times whose first format is a fixed layout (<c>yyyy-MM-dd HH:mm:ss</c> and the like) or a
    /// <c>unix-*</c> format; not for columns with a uniqueness rule or accepted values (they need the text).
    /// </summary>
    public bool Fast => _fast ??= !Spec.Unique && _accepted is null && Spec.Type switch
    {
        FieldType.Integer or FieldType.UnixSeconds or FieldType.UnixMillis or FieldType.UnixMicros => true,
        FieldType.DateTime or FieldType.Date => _fixed is not null || DateFormats.UnixUnit(_formats[0]) is not null,
        _ => false,
    };

    private bool? _fast; // worked out once: read for every cell
    private long? _firstUnit; // ticks per unit of the first format when it is unix-*, else 0

    /// <summary>
    /// Reads a cell straight from its UTF-8 bytes, without making a string, when it has the plain shape of the column's
    /// type (digits; the first format's fixed layout) and a value <see cref="TryParse"/> accepts. Returns false for any
    /// other cell, which then goes through <see cref="TryParse"/> (other formats, the rejection's reason): so a cell read
    /// here gets exactly the value <see cref="TryParse"/> gives it.
    /// </summary>
    public bool TryParseFast(ReadOnlySpan<byte> utf8, out ParsedValue value)
    {
        value = default;
        switch (Spec.Type)
        {
            case FieldType.Integer:
            {
                var negative = utf8.Length > 0 && utf8[0] == (byte)'-';
                var digits = negative ? utf8[1..] : utf8;
                if (digits.Length is 0 or > 10 || !TryDigits(digits, out var n)) return false;
                if (negative) n = -n;
                if (n is < int.MinValue or > int.MaxValue || !InRange(n, out _, out _)) return false;
                value.Integer = (int)n;
                return true;
            }
            case FieldType.UnixSeconds or FieldType.UnixMillis or FieldType.UnixMicros:
                return TryUnix(utf8, Spec.Type switch { FieldType.UnixSeconds => TimeSpan.TicksPerSecond, FieldType.UnixMillis => TimeSpan.TicksPerMillisecond, _ => 10 }, out value.Time);
            case FieldType.DateTime or FieldType.Date:
                if (_fixed is { } layout)
                {
                    if (!layout.TryRead(utf8, out var local)) return false;
                    var utc = LocalToUtc(local);
                    if (utc < MinPlausible || utc >= MaxPlausible) return false;
                    value.Time = utc;
                    return true;
                }
                return (_firstUnit ??= DateFormats.UnixUnit(_formats[0]) ?? 0) is var unit and > 0 && TryUnix(utf8, unit, out value.Time);
            default:
                return false;
        }
    }

    /// <summary>As <see cref="TryParse"/> reads a whole number of units since 1970: digits only, 1990 to 2099.</summary>
    private static bool TryUnix(ReadOnlySpan<byte> utf8, long unit, out DateTime utc)
    {
        utc = default;
        if (utf8.Length is 0 or > 18 || !TryDigits(utf8, out var n)) return false;
        if (n > long.MaxValue / unit || n * unit >= MaxPlausible.Ticks - DateTime.UnixEpoch.Ticks) return false;
        utc = DateTime.UnixEpoch.AddTicks(n * unit);
        return utc >= MinPlausible;
    }

    private static bool TryDigits(ReadOnlySpan<byte> utf8, out long n)
    {
        n = 0;
        foreach (var b in utf8)
        {
            var d = (uint)(b - '0');
            if (d > 9) return false;
            n = n * 10 + d;
        }
        return true;
    }

    /// <summary>
    /// A .NET date format with fixed positions that <see cref="DateTime.TryParseExact(string, string, IFormatProvider, DateTimeStyles, out DateTime)"/>
    /// reads as an unspecified (local) time: <c>yyyy-MM-dd</c>, <c>yyyyMMdd</c>, <c>yyyy-MM-dd HH:mm</c>,
    /// <c>yyyy-MM-dd HH:mm:ss</c> and the same with <c>'T'</c>. A text of exactly that shape and a valid date reads to
    /// the same value by hand.
    /// </summary>
    private sealed class FixedLayout(bool dashes, int length, bool seconds, byte separator)
    {
        public static FixedLayout? Of(string? format) => format switch
        {
            "yyyy-MM-dd" => new(true, 10, false, 0),
            "yyyyMMdd" => new(false, 8, false, 0),
            "yyyy-MM-dd HH:mm" => new(true, 16, false, (byte)' '),
            "yyyy-MM-dd'T'HH:mm" => new(true, 16, false, (byte)'T'),
            "yyyy-MM-dd HH:mm:ss" => new(true, 19, true, (byte)' '),
            "yyyy-MM-dd'T'HH:mm:ss" => new(true, 19, true, (byte)'T'),
            _ => null,
        };

        public bool TryRead(ReadOnlySpan<byte> s, out DateTime local)
        {
            local = default;
            if (s.Length != length) return false;
            int year, month, day, hour = 0, minute = 0, second = 0;
            if (dashes)
            {
                if (s[4] != '-' || s[7] != '-' || !Two(s, 5, out month) || !Two(s, 8, out day) || !Four(s, out year)) return false;
                if (length > 10)
                {
                    if (s[10] != separator || s[13] != ':' || !Two(s, 11, out hour) || !Two(s, 14, out minute)) return false;
                    if (seconds && (s[16] != ':' || !Two(s, 17, out second))) return false;
                }
            }
            else if (!Four(s, out year) || !Two(s, 4, out month) || !Two(s, 6, out day)) return false;
            if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
            local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
            return true;
        }

        private static bool Two(ReadOnlySpan<byte> s, int at, out int v)
        {
            var (a, b) = ((uint)(s[at] - '0'), (uint)(s[at + 1] - '0'));
            v = (int)(a * 10 + b);
            return a <= 9 && b <= 9;
        }

        private static bool Four(ReadOnlySpan<byte> s, out int v)
        {
            v = 0;
            for (var i = 0; i < 4; i++)
            {
                var d = (uint)(s[i] - '0');
                if (d > 9) return false;
                v = v * 10 + (int)d;
            }
            return true;
        }
    }

    /// <summary>Parses <paramref name="text"/> (already known non-empty and trimmed). Returns false and sets <paramref name="rule"/>/<paramref name="reason"/> on failure.</summary>
    public bool TryParse(string text, out ParsedValue value, out string rule, out string reason)
    {
        rule = "type"; reason = "";
        value = default;
        switch (Spec.Type)
        {
            case FieldType.String:
                if (_idLike && ExcelValues.LooksScientific(text))
                {
                    rule = "excel-mangled";
                    reason = $"the id is destroyed: Excel re-saved it in scientific notation ({text} keeps only a few digits); export the file again and do not open and save it in Excel";
                    return false;
                }
                value = new ParsedValue { Text = text };
                break;
            case FieldType.Integer:
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) || l is < int.MinValue or > int.MaxValue)
                { reason = "expected a whole number"; return false; }
                if (!InRange(l, out rule, out reason)) return false;
                value = new ParsedValue { Integer = (int)l };
                break;
            case FieldType.Number:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                { reason = "expected a number with '.' as decimal separator"; return false; }
                if (!InRange(d, out rule, out reason)) return false;
                value = new ParsedValue { Number = d };
                break;
            case FieldType.UnixSeconds or FieldType.UnixMillis or FieldType.UnixMicros:
                if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
                { reason = $"expected a whole number of {Unit()} since 1970-01-01 UTC"; return false; }
                var ticks = Spec.Type switch
                {
                    FieldType.UnixSeconds => epoch > long.MaxValue / TimeSpan.TicksPerSecond ? -1 : epoch * TimeSpan.TicksPerSecond,
                    FieldType.UnixMillis => epoch > long.MaxValue / TimeSpan.TicksPerMillisecond ? -1 : epoch * TimeSpan.TicksPerMillisecond,
                    _ => epoch > long.MaxValue / 10 ? -1 : epoch * 10,
                };
                if (ticks < 0 || ticks > MaxPlausible.Ticks - DateTime.UnixEpoch.Ticks)
                { reason = $"the number is too large for {Unit()} since 1970 (is the unit right?)"; return false; }
                var t = DateTime.UnixEpoch.AddTicks(ticks);
                if (t < MinPlausible)
                { reason = string.Create(CultureInfo.InvariantCulture, $"{t:yyyy-MM-dd} is before 1990: the value does not look like {Unit()} since 1970"); return false; }
                value = new ParsedValue { Time = t };
                break;
            case FieldType.DateTime or FieldType.Date:
                if (!TryParseTime(text, out var utc))
                {
                    reason = ExcelValues.LooksSerialDate(text)
                        ? $"'{text}' looks like an Excel serial day number: the file was re-saved by Excel with the dates as numbers; export it again"
                        : DateFormats.UnixUnit(_formats[0]) is not null
                            ? $"expected {Describe(_formats[0])}"
                            : $"expected a {(Spec.Type == FieldType.Date ? "date" : "date and time")} like {string.Join(" or ", _formats.Take(3).Select(Describe))}";
                    return false;
                }
                if (utc < MinPlausible || utc >= MaxPlausible) { reason = string.Create(CultureInfo.InvariantCulture, $"the date {utc:yyyy-MM-dd} is outside 1990-2099"); return false; }
                value = new ParsedValue { Time = utc };
                break;
            case FieldType.Email:
                var email = text.Trim().ToLowerInvariant();
                var at = email.IndexOf('@');
                if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1 || email.Contains(' '))
                { reason = "expected an e-mail address like name@example.com"; return false; }
                value = new ParsedValue { Text = email };
                break;
            case FieldType.UrlPath:
                // Exports repeat the same URLs: cache the path of each, so repeats share one string.
                if (!_paths.TryGetValue(text, out var path))
                {
                    path = UrlPath(text);
                    // ConcurrentDictionary.Count takes every lock: count additions ourselves.
                    if (Interlocked.Increment(ref _pathsAdded) <= 200_000) _paths[text] = path;
                }
                value = new ParsedValue { Text = path };
                break;
            default:
                throw new InvalidOperationException($"Unhandled type {Spec.Type}");
        }
        if (_accepted is not null && !_accepted.Contains(text))
        {
            rule = "accepted-values";
            reason = $"expected one of {string.Join(", ", Spec.AcceptedValues!)}";
            return false;
        }
        return true;
    }

    private static string Describe(string format) => DateFormats.UnixUnit(format) is null
        ? $"'{format.Replace("'", "")}'"
        : $"a whole number of {format["unix-".Length..].Replace("micros", "microseconds").Replace("millis", "milliseconds")} since 1970-01-01 UTC";

    private string Unit() => Spec.Type switch { FieldType.UnixSeconds => "seconds", FieldType.UnixMillis => "milliseconds", _ => "microseconds" };

    private bool InRange(double v, out string rule, out string reason)
    {
        rule = "range"; reason = "";
        if (Spec.Min is { } min && v < min || Spec.Max is { } max && v > max)
        {
            reason = $"expected a value from {Fmt(Spec.Min)} to {Fmt(Spec.Max)}";
            return false;
        }
        rule = ""; return true;
        static string Fmt(double? x) => x is null ? "any" : x.Value.ToString(CultureInfo.InvariantCulture);
    }

    private bool TryParseTime(string text, out DateTime utc)
    {
        // RoundtripKind keeps "no offset" apart from "offset given" (a 'K' in the format also matches no offset):
        // Unspecified = local to the source's time zone; Utc = 'Z'; Local = an explicit offset, converted by .NET.
        var units = _unixUnits ??= _formats.Select(f => DateFormats.UnixUnit(f) ?? 0).ToArray();
        for (var f = 0; f < _formats.Length; f++)
        {
            var format = _formats[f];
            if (units[f] != 0)
            {
                // As DateFormats.TryRead reads a unix-* format: a whole number of units since 1970, plausible years only.
                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= long.MaxValue / units[f]
                    && n * units[f] < MaxPlausible.Ticks - DateTime.UnixEpoch.Ticks)
                {
                    utc = DateTime.UnixEpoch.AddTicks(n * units[f]);
                    if (utc >= MinPlausible) return true;
                }
                continue;
            }
            if (!DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.RoundtripKind, out var parsed))
                continue;
            // BigQuery's TIMESTAMP text ('2021-01-31 12:34:56.123456 UTC') names its zone in a literal.
            if (parsed.Kind == DateTimeKind.Unspecified && format.EndsWith("'UTC'", StringComparison.Ordinal)) { utc = DateTime.SpecifyKind(parsed, DateTimeKind.Utc); return true; }
            utc = parsed.Kind switch
            {
                DateTimeKind.Utc => parsed,
                DateTimeKind.Local => parsed.ToUniversalTime(),
                _ => LocalToUtc(parsed),
            };
            return true;
        }
        utc = default;
        return false;
    }

    /// <summary>
    /// Local wall-clock hours recently converted, direct-mapped by hour number: each entry packs (hour + 1) above 20 bits
    /// and the hour's UTC offset in minutes (+2^19), or <see cref="Mixed"/> when one offset does not cover the whole hour.
    /// One long per entry, so threads parsing rows in parallel read and write entries whole, without locks.
    /// </summary>
    private readonly long[] _hours = new long[16_384]; // 128 KiB: almost two years of hours
    private const long Mixed = (1 << 20) - 1;

    /// <summary>
    /// <see cref="TimeZones.ToUtc"/>, with the offset of each local hour worked out once: exports repeat the same hours
    /// across thousands of rows, and the zone's rules are costly to consult per value. An hour whose two ends are not
    /// both plainly valid with one offset (a daylight-saving gap or overlap touches it) is converted value by value.
    /// </summary>
    private DateTime LocalToUtc(DateTime local)
    {
        if (zone == TimeZoneInfo.Utc) return DateTime.SpecifyKind(local, DateTimeKind.Utc);
        var hour = local.Ticks / TimeSpan.TicksPerHour;
        ref var slot = ref _hours[hour & (_hours.Length - 1)];
        var entry = Volatile.Read(ref slot);
        long code;
        if (entry >> 20 == hour + 1) code = entry & Mixed;
        else
        {
            var start = new DateTime(hour * TimeSpan.TicksPerHour, DateTimeKind.Unspecified);
            var end = start.AddTicks(TimeSpan.TicksPerHour - 1);
            code = Mixed;
            if (!zone.IsInvalidTime(start) && !zone.IsInvalidTime(end) && !zone.IsAmbiguousTime(start) && !zone.IsAmbiguousTime(end))
            {
                var atStart = start.Ticks - TimeZones.ToUtc(start, zone).Ticks;
                if (atStart == end.Ticks - TimeZones.ToUtc(end, zone).Ticks && atStart % TimeSpan.TicksPerMinute == 0)
                    code = atStart / TimeSpan.TicksPerMinute + (1 << 19);
            }
            Volatile.Write(ref slot, (hour + 1) << 20 | code);
        }
        return code == Mixed ? TimeZones.ToUtc(local, zone) : new DateTime(local.Ticks - (code - (1 << 19)) * TimeSpan.TicksPerMinute, DateTimeKind.Utc);
    }

    /// <summary>The path of a URL: no scheme, host, query or fragment; a trailing slash is dropped except for the root.</summary>
    internal static string UrlPath(string text)
    {
        var s = text.AsSpan();
        var scheme = s.IndexOf("://");
        if (scheme >= 0)
        {
            s = s[(scheme + 3)..];
            var slash = s.IndexOf('/');
            s = slash < 0 ? "/" : s[slash..];
        }
        var cut = s.IndexOfAny('?', '#');
        if (cut >= 0) s = s[..cut];
        if (s.Length > 1 && s[^1] == '/') s = s[..^1];
        if (s.Length == 0) return "/";
        return s.Length == text.Length ? text : s.ToString();
    }
}

/// <summary>A typed cell: one of the members is set, according to the column's type.</summary>
internal struct ParsedValue
{
    public string? Text;
    /// <summary>The trimmed input text, kept only for columns with a uniqueness rule (for the rejection message).</summary>
    public string? Raw;
    public int Integer;
    public double Number;
    public DateTime Time;
}
