using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace JourneyInsights.Sources;

/// <summary>
/// How one source is read, planned from its <see cref="SourceSample"/> before the load: the encoding, the header line
/// (after any preamble), the separator, and the date formats of each column (declared, or inferred from the sample).
/// </summary>
internal sealed class SourceLayout
{
    /// <summary>Values of a date column looked at to choose its formats.</summary>
    private const int SampleValues = 2_000;

    private readonly string _path;
    private readonly string _display;

    private SourceLayout(string path, string display, ExportEncoding encoding, int headerLine, char? separator, IReadOnlyList<string>?[] formats)
    {
        _path = path;
        _display = display;
        Encoding = encoding;
        HeaderLine = headerLine;
        Separator = separator;
        Formats = formats;
    }

    public ExportEncoding Encoding { get; }
    /// <summary>1-based line of the header row.</summary>
    public int HeaderLine { get; }
    /// <summary>The declared separator, or null to detect it from the header.</summary>
    public char? Separator { get; }
    /// <summary>Per column of the map: the date formats to read it with, or null (not a date column, or none chosen).</summary>
    public IReadOnlyList<string>?[] Formats { get; }

    /// <summary>Plans the load of <paramref name="source"/>; warnings about the encoding and formats go to <paramref name="warnings"/>.</summary>
    /// <exception cref="SourceFileException">A refused layout, undecodable bytes, or dates whose format the sample cannot decide.</exception>
    public static SourceLayout Plan(SourceDefinition source, List<SourceWarning> warnings)
    {
        var map = source.Map;
        var display = source.Path;
        var sample = Sample(source.FullPath, display, source.Encoding, "the file", warnings);
        char? separator = DeclaredSeparator(source);
        if (sample.Refused(map, separator) is { } refused)
            throw new SourceFileException(display, refused.Line, refused.Layout.Reason);
        var headerLine = sample.HeaderLine(map, separator);
        var formats = new IReadOnlyList<string>?[map.Columns.Count];
        var dateColumns = map.Columns.Select((c, i) => (c, i)).Where(x => x.c.Type is FieldType.DateTime or FieldType.Date).ToArray();
        if (dateColumns.Length > 0)
        {
            var (header, records) = sample.Records(headerLine, separator);
            foreach (var (spec, i) in dateColumns)
            {
                var at = HeaderMapping.Find(header, spec);
                if (at < 0) continue;
                var values = new List<(string, long)>();
                foreach (var (fields, line) in records)
                {
                    if (at >= fields.Length) continue;
                    var v = fields[at].Trim();
                    if (v.Length > 0) values.Add((v, line));
                    if (values.Count == SampleValues) break;
                }
                formats[i] = ChooseFormats(spec, header[at], values, display, warnings);
            }
        }
        return new SourceLayout(source.FullPath, display, sample.Encoding, headerLine, separator, formats);
    }

    /// <summary>
    /// Plans the read of a file joined to <paramref name="source"/> (<see cref="JoinedFile"/>) the way the source's own file
    /// is read: byte-order mark, the source's declared encoding (strict UTF-8 by default; <c>auto</c> falls back to
    /// Windows-1252 with a warning naming the file), header on line 1, the source's delimiter.
    /// </summary>
    /// <exception cref="SourceFileException">Undecodable bytes (naming the file, line and byte offset).</exception>
    public static SourceLayout PlanJoin(SourceDefinition source, string path, string display, List<SourceWarning> warnings)
    {
        var sample = Sample(path, display, source.Encoding, $"the joined file {display}", warnings);
        return new SourceLayout(path, display, sample.Encoding, 1, DeclaredSeparator(source), []);
    }

    private static char? DeclaredSeparator(SourceDefinition source) => source.Delimiter is { } d ? (char)CsvSource.DelimiterByte(d)!.Value : null;

    private static SourceSample Sample(string path, string display, string encoding, string what, List<SourceWarning> warnings)
    {
        var sample = SourceSample.Read(path, display, encoding);
        if (sample.Encoding.Reason == "not valid UTF-8")
            warnings.Add(new SourceWarning("encoding", "", $"{what} is not valid UTF-8 and was read as Windows-1252 (\"encoding\": \"auto\"); check accented text, and declare the encoding to silence this warning"));
        else if (sample.Encoding.Reason == "detected")
            warnings.Add(new SourceWarning("encoding", "", $"{what} has no byte-order mark and was recognised as {sample.Encoding.Name} (\"encoding\": \"auto\")"));
        return sample;
    }

    /// <summary>
    /// The formats a date column is read with, chosen from its sample values as every load chooses them (<c>journey init</c>
    /// drafts with the same choice): the map's formats, else (or when none of them reads the sample) the common export formats.
    /// </summary>
    /// <exception cref="SourceFileException">The sample cannot tell month-first from day-first.</exception>
    internal static IReadOnlyList<string>? ChooseFormats(ColumnSpec spec, string column, List<(string, long)> values, string display, List<SourceWarning> warnings)
    {
        var common = spec.Type == FieldType.Date ? DateFormats.CommonDateFormats : DateFormats.CommonDateTimeFormats;
        var choice = DateFormats.Infer(values, spec.Formats ?? common);
        if (spec.Formats is not null && choice.Ambiguity is null && choice.Fitting == 0 && values.Count > 0)
        {
            // None of the map's formats reads the column: try the common export formats before rejecting every row.
            var fallback = DateFormats.Infer(values, common);
            if (fallback.Ambiguity is not null || fallback.Fitting > 0)
            {
                choice = fallback;
                if (fallback.Ambiguity is null)
                    warnings.Add(new SourceWarning("date-format", column,
                        $"none of the map's formats ({string.Join(", ", spec.Formats.Select(f => $"'{f}'"))}) reads '{values[0].Item1}'; read with '{fallback.Formats[0]}' inferred from the first {values.Count} values"));
            }
        }
        if (choice.Ambiguity is { } a)
            throw new SourceFileException(display, a.Line,
                $"column '{column}': the date format cannot be told from the data: {a.Explanation}. Declare it in the column map, " +
                $"e.g. \"formats\": [\"{a.MonthFirst}\"] for month first or [\"{a.DayFirst}\"] for day first.");
        return values.Count == 0 && spec.Formats is not null ? null : choice.Formats;
    }

    /// <summary>The file's text as checked UTF-8 from its header line on.</summary>
    public Stream Decode(Stream raw) => Encoding.Decode(raw, HeaderLine - 1, _display, LineAt);

    /// <summary>The 1-based line holding the byte at <paramref name="offset"/> of the decompressed file (read again; error path only).</summary>
    private long LineAt(long offset)
    {
        using var s = SourceSample.OpenRaw(_path);
        var buffer = new byte[1 << 16];
        long line = 1, seen = 0;
        int n;
        while (seen < offset && (n = s.Read(buffer, 0, (int)Math.Min(buffer.Length, offset - seen))) > 0)
        {
            line += buffer.AsSpan(0, n).Count((byte)'\n');
            seen += n;
        }
        return line;
    }

    /// <summary>
    /// Whether the current record looks like a header row rather than data: every required date or number cell of the
    /// map is empty or does not parse (question texts, answer options, ImportId JSON). False when the map has no such column.
    /// </summary>
    public static bool LooksLikeHeaderRow(CsvReader reader, FieldParser[] parsers, int[] index)
    {
        var typed = 0;
        for (var i = 0; i < parsers.Length; i++)
        {
            var spec = parsers[i].Spec;
            if (!spec.Required || index[i] < 0 || spec.Type is FieldType.String or FieldType.Email or FieldType.UrlPath) continue;
            typed++;
            var text = index[i] < reader.FieldCount ? reader.GetString(index[i]).Trim() : "";
            if (text.Length > 0 && parsers[i].TryParse(text, out _, out _, out _)) return false;
        }
        return typed > 0;
    }

    /// <summary>
    /// Honours a time zone written in a header row cell of a date column, as Qualtrics writes
    /// <c>{"ImportId":"recordedDate","timeZone":"America/Denver"}</c>: that column's times are read in that zone.
    /// </summary>
    public static void TakeTimeZones(CsvReader reader, FieldParser[] parsers, int[] index, IReadOnlyList<string>?[] formats, TimeZoneInfo sourceZone,
        string display, long line, List<SourceWarning> warnings)
    {
        for (var i = 0; i < parsers.Length; i++)
        {
            var spec = parsers[i].Spec;
            if (index[i] < 0 || index[i] >= reader.FieldCount || spec.Type is not (FieldType.DateTime or FieldType.Date)) continue;
            var cell = reader.GetString(index[i]).Trim();
            if (!cell.StartsWith('{') || !cell.Contains("timeZone", StringComparison.Ordinal)) continue;
            string? name;
            try
            {
                using var json = JsonDocument.Parse(cell);
                name = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("timeZone", out var tz) && tz.ValueKind == JsonValueKind.String
                    ? tz.GetString() : null;
            }
            catch (JsonException) { continue; }
            if (string.IsNullOrWhiteSpace(name)) continue;
            var zone = name is "Z" or "UTC" or "Etc/UTC" ? TimeZoneInfo.Utc
                : TimeZones.TryFind(name) ?? throw new SourceFileException(display, line,
                    $"column '{spec.Column}': the header row gives the unknown time zone '{name}'");
            if (zone.Id == sourceZone.Id && zone.BaseUtcOffset == sourceZone.BaseUtcOffset) continue;
            parsers[i] = new FieldParser(spec, zone, formats[i]);
            warnings.Add(new SourceWarning("time-zone", spec.Column,
                $"the export says the times of '{spec.Column}' are in {name} (line {line.ToString(CultureInfo.InvariantCulture)}); they are read in that zone, not in the source's {sourceZone.Id}"));
        }
    }

    /// <summary>The encoding error inside an exception raised while reading (the parallel reader may wrap it), or null.</summary>
    public static InvalidTextException? InvalidText(Exception ex) => ex switch
    {
        InvalidTextException t => t,
        AggregateException a => a.InnerExceptions.Select(InvalidText).FirstOrDefault(t => t is not null),
        { InnerException: { } inner } => InvalidText(inner),
        _ => null,
    };
}
