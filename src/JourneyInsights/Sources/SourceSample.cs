using System.IO.Compression;
using System.Text;
using CsvHelper;

namespace JourneyInsights.Sources;

/// <summary>
/// The first part of an export (up to 1 MiB of text), decoded, read before loading to find what the file is: its
/// encoding, the preamble before the header, the header line, and a sample of values. <c>journey init</c> sniffs files
/// with it; the loader plans each load with it.
/// </summary>
public sealed class SourceSample
{
    /// <summary>Bytes of decompressed text read at most.</summary>
    public const int MaxBytes = 1 << 20;
    /// <summary>Lines searched for the header row.</summary>
    public const int HeaderSearchLines = 50;

    private SourceSample(string file, ExportEncoding encoding, string text, bool complete)
    {
        File = file;
        Encoding = encoding;
        Text = text;
        Complete = complete;
        Lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        if (!complete && Lines.Count > 1) Lines = Lines.Take(Lines.Count - 1).ToArray();
    }

    /// <summary>The file name used in messages.</summary>
    public string File { get; }
    /// <summary>How the file's bytes are decoded.</summary>
    public ExportEncoding Encoding { get; }
    /// <summary>The physical lines of the sample, without line ends (the last, cut-off line left out unless <see cref="Complete"/>).</summary>
    public IReadOnlyList<string> Lines { get; }
    /// <summary>Whether the sample holds the whole file.</summary>
    public bool Complete { get; }
    /// <summary>The decoded text, ending at a line end (unless complete).</summary>
    internal string Text { get; }

    /// <summary>Reads the head of a file (a <c>.gz</c> is decompressed) and decodes it.</summary>
    /// <param name="path">The file.</param>
    /// <param name="display">The name used in messages.</param>
    /// <param name="encoding">The declared encoding (<c>auto</c> to detect: a BOM, UTF-16, UTF-8, else Windows-1252).</param>
    /// <exception cref="SourceFileException">The head is not valid in the encoding, or looks UTF-16 without a declaration.</exception>
    public static SourceSample Read(string path, string display, string encoding = "auto")
    {
        byte[] head;
        int length;
        bool complete;
        using (var raw = OpenRaw(path))
        {
            head = new byte[MaxBytes];
            length = 0;
            int n;
            while (length < head.Length && (n = raw.Read(head, length, head.Length - length)) > 0) length += n;
            complete = length < head.Length || raw.Read(new byte[1], 0, 1) == 0;
        }
        var bytes = head.AsSpan(0, length);
        var plan = ExportEncoding.Detect(bytes, encoding, display);
        if (plan.Reason == "auto" && (complete ? ExportEncoding.FirstInvalidUtf8(new MemoryStream(head, 0, length)) >= 0 : WholeFileInvalid(path)))
            plan = ExportEncoding.FallBack();
        var body = bytes[plan.BomLength..];
        string text;
        if (plan.IsUtf8)
        {
            if (!complete) body = body[..(body.LastIndexOf((byte)'\n') + 1 is var end && end > 0 ? end : body.Length)];
            var bad = System.Text.Unicode.Utf8.IsValid(body) ? -1 : Utf8TextStream.FirstInvalid(body);
            if (bad >= 0)
            {
                var line = body[..bad].Count((byte)'\n') + 1;
                throw new SourceFileException(display, line,
                    $"byte offset {bad + plan.BomLength}: the byte 0x{body[bad]:X2} is not valid UTF-8. The file is in another encoding; exports saved by Excel or Windows tools " +
                    "are usually Windows-1252: set \"encoding\": \"windows-1252\" on the source (or \"auto\" to fall back to it with a warning).");
            }
            text = System.Text.Encoding.UTF8.GetString(body);
        }
        else
        {
            // The sample only finds the layout: a character cut at its end is replaced, the load itself decodes strictly.
            var lenient = (System.Text.Encoding)plan.Transcode!.Clone();
            lenient.DecoderFallback = DecoderFallback.ReplacementFallback;
            text = lenient.GetString(body);
            if (!complete && text.LastIndexOf('\n') is var cut && cut >= 0) text = text[..(cut + 1)];
        }
        return new SourceSample(display, plan, text, complete);
    }

    private static bool WholeFileInvalid(string path)
    {
        using var raw = OpenRaw(path);
        return ExportEncoding.FirstInvalidUtf8(raw) >= 0;
    }

    internal static Stream OpenRaw(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        // damage (truncated, corrupt, a bomb) ends the sample quietly; the load itself reports it with the rows read
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GzipInput(file, new SourceLimits().MaxDecompressionRatio) : file;
    }

    /// <summary>The fields of one line, split on <paramref name="separator"/> (quote-aware; detected from the line when null), trimmed.</summary>
    public static string[] Fields(string line, char? separator = null)
    {
        var sep = separator ?? GuessSeparator(line);
        var fields = new List<string>();
        var b = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                if (quoted && i + 1 < line.Length && line[i + 1] == '"') { b.Append('"'); i++; }
                else quoted = !quoted;
            }
            else if (c == sep && !quoted) { fields.Add(b.ToString().Trim()); b.Clear(); }
            else b.Append(c);
        }
        fields.Add(b.ToString().Trim());
        return fields.ToArray();
    }

    /// <summary>The most frequent of <c>,</c> <c>;</c> tab <c>|</c> outside quotes in the line (comma when none).</summary>
    public static char GuessSeparator(string line)
    {
        Span<int> counts = stackalloc int[4];
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted) { var k = ",;\t|".IndexOf(c); if (k >= 0) counts[k]++; }
        }
        var best = 0;
        for (var k = 1; k < 4; k++) if (counts[k] > counts[best]) best = k;
        return ",;\t|"[best];
    }

    /// <summary>
    /// The 1-based line of the header row. With a map: its <see cref="ColumnMap.HeaderRow"/>; else the line after the
    /// preamble of <see cref="ColumnMap.CommentPrefix"/> lines; else the first of the first 50 lines holding all the map's
    /// required columns. Without a map, or when no line holds them: the first line after leading blank and <c>#</c> lines.
    /// </summary>
    public int HeaderLine(ColumnMap? map, char? separator = null)
    {
        if (map?.HeaderRow is { } declared) return declared;
        if (map?.CommentPrefix is { Length: > 0 } prefix) return 1 + Lines.TakeWhile(l => l.StartsWith(prefix, StringComparison.Ordinal) || l.Trim().Length == 0).Count();
        if (map is not null)
        {
            var required = map.Columns.Count(c => !c.Optional);
            for (var i = 0; i < Math.Min(Lines.Count, HeaderSearchLines); i++)
                if (HeaderMapping.RequiredFound(Fields(Lines[i], separator), map) == required) return i + 1;
        }
        return 1 + Lines.TakeWhile(l => l.StartsWith('#') || l.Trim().Length == 0).Count();
    }

    /// <summary>The first refused layout of <paramref name="map"/> (e.g. an aggregated GA4 report) found in the first 50 lines, with its line.</summary>
    public (RefusedLayout Layout, int Line)? Refused(ColumnMap map, char? separator = null)
    {
        if (map.Refuse is not { Count: > 0 }) return null;
        for (var i = 0; i < Math.Min(Lines.Count, HeaderSearchLines); i++)
            if (HeaderMapping.Refused(Fields(Lines[i], separator), map) is { } refused) return (refused, i + 1);
        return null;
    }

    /// <summary>
    /// The records of the sample from the header line on: the header's fields, then each record's fields with its
    /// 1-based line (a record with quoted line breaks spans several lines). At most <paramref name="maxRecords"/>.
    /// </summary>
    public (string[] Header, List<(string[] Fields, long Line)> Records) Records(int headerLine, char? separator = null, int maxRecords = 10_000) =>
        Records(headerLine, separator, out _, maxRecords);

    /// <summary>As <see cref="Records(int, char?, int)"/>; <paramref name="detected"/> is the separator the CSV reader used (declared, hinted or detected).</summary>
    public (string[] Header, List<(string[] Fields, long Line)> Records) Records(int headerLine, char? separator, out char detected, int maxRecords = 10_000)
    {
        detected = separator ?? ',';
        var offset = 0;
        for (var skipped = 0; skipped < headerLine - 1 && offset < Text.Length; skipped++)
        {
            var nl = Text.IndexOf('\n', offset);
            offset = nl < 0 ? Text.Length : nl + 1;
        }
        var options = CsvReaderOptions.Default with
        {
            Separator = separator, TrackLineNumbers = true, MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Allow, DetectSeparatorHint = true, SkipEmptyLines = true,
        };
        var records = new List<(string[], long)>();
        // The same stream reader as the load (UTF-8 bytes), so the sample shares its code and the JIT compiles it once.
        using var reader = CsvReader.Create(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Text, offset, Text.Length - offset)), options, leaveOpen: false);
        string[] header;
        try { header = reader.Headers.ToArray(); }
        catch (CsvFormatException) { return ([], records); }
        detected = (char)reader.Separator;
        try
        {
            while (records.Count < maxRecords && reader.Read())
            {
                var fields = new string[reader.FieldCount];
                for (var i = 0; i < fields.Length; i++) fields[i] = reader.GetString(i);
                records.Add((fields, reader.LineNumber + headerLine - 1));
            }
        }
        catch (CsvFormatException) { }
        return (header, records);
    }
}
