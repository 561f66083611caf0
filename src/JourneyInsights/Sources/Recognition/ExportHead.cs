using System.IO.Compression;
using System.Text;

namespace JourneyInsights.Sources;

/// <summary>One record of the head of an export, split into fields; <see cref="Line"/> is the 1-based physical line it starts on.</summary>
public sealed record HeadRecord(long Line, IReadOnlyList<string> Fields, string Raw);

/// <summary>
/// The head of an export file (at most 256 KiB, decompressed) as text: the encoding it is in and why, the field
/// delimiter and why, and its first records. Used to recognise an export before a column map exists; the loader
/// (<see cref="CsvSource"/>) reads the whole file afterwards.
/// </summary>
public sealed class ExportHead
{
    private const int MaxBytes = 256 * 1024;
    private const int MaxRecords = 400;
    private static readonly char[] Delimiters = [',', ';', '\t', '|'];

    /// <summary>The path as given.</summary>
    public required string Path { get; init; }
    /// <summary>The encoding name as a source's <c>encoding</c> setting takes it: <c>utf-8</c>, <c>utf-16</c> or <c>windows-1252</c>.</summary>
    public required string Encoding { get; init; }
    /// <summary>Why that encoding: a byte-order mark, strict UTF-8 decoding of the sample, or the first byte that is not UTF-8.</summary>
    public required string EncodingEvidence { get; init; }
    /// <summary>The field delimiter.</summary>
    public required char Delimiter { get; init; }
    /// <summary>Why that delimiter (how many fields it gives on the first lines).</summary>
    public required string DelimiterEvidence { get; init; }
    /// <summary>The file starts with an Excel <c>sep=</c> hint line (the loader reads and skips it).</summary>
    public bool SeparatorHintLine { get; init; }
    /// <summary>Leading lines that are not part of the table: starting with <c>#</c> (report preambles) or blank.</summary>
    public required IReadOnlyList<string> Preamble { get; init; }
    /// <summary>The records after the preamble, header first, at most 400 (the last one complete).</summary>
    public required IReadOnlyList<HeadRecord> Records { get; init; }
    /// <summary>True when the sample is the whole file.</summary>
    public required bool WholeFile { get; init; }

    /// <summary>Reads the head of <paramref name="path"/> (a <c>.gz</c> name is decompressed).</summary>
    /// <exception cref="SourceFileException">Missing, not a regular file, not gzip, or empty.</exception>
    public static ExportHead Read(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new SourceFileException(path, 0, "is a directory, not an export file");
        if (!File.Exists(full)) throw new SourceFileException(path, 0, $"file not found (looked for {full})");

        byte[] head;
        bool whole;
        try
        {
            using var file = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            if (!file.CanSeek) throw new SourceFileException(path, 0, "is not a regular file (a pipe or device)");
            using Stream stream = full.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            var buffer = new byte[MaxBytes + 1];
            var n = 0;
            while (n < buffer.Length)
            {
                var got = stream.Read(buffer, n, buffer.Length - n);
                if (got == 0) break;
                n += got;
            }
            whole = n <= MaxBytes;
            head = buffer[..Math.Min(n, MaxBytes)];
        }
        catch (InvalidDataException ex) { throw new SourceFileException(path, 0, $"cannot decompress: {ex.Message}"); }

        var (text, encoding, why) = Decode(head, whole);
        if (text.Trim().Length == 0) throw new SourceFileException(path, 1, "the file is empty");

        var lines = SplitLines(text);
        var at = 0;
        var hint = false;
        char? hinted = null;
        if (lines.Count > 0 && lines[0].Text.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && lines[0].Text.Length == 5)
        {
            hinted = lines[0].Text[4];
            hint = true;
            at = 1;
        }
        var preamble = new List<string>();
        while (at < lines.Count && (lines[at].Text.StartsWith('#') || lines[at].Text.Trim().Length == 0))
            preamble.Add(lines[at++].Text);

        var body = lines.Skip(at).ToList();
        var (delimiter, delimiterWhy) = hinted is { } h
            ? (h, $"the first line is the Excel hint 'sep={h}'")
            : DetectDelimiter(body.Take(30).Select(l => l.Text).ToList());
        var records = SplitRecords(body, delimiter, whole);
        return new ExportHead
        {
            Path = path, Encoding = encoding, EncodingEvidence = why, Delimiter = delimiter, DelimiterEvidence = delimiterWhy,
            SeparatorHintLine = hint, Preamble = preamble, Records = records, WholeFile = whole,
        };
    }

    private static (string Text, string Encoding, string Why) Decode(byte[] head, bool whole)
    {
        if (head.Length >= 2 && head[0] == 0xFF && head[1] == 0xFE)
            return (System.Text.Encoding.Unicode.GetString(head, 2, (head.Length - 2) & ~1), "utf-16", "UTF-16 little-endian byte-order mark");
        if (head.Length >= 2 && head[0] == 0xFE && head[1] == 0xFF)
            return (System.Text.Encoding.BigEndianUnicode.GetString(head, 2, (head.Length - 2) & ~1), "utf-16", "UTF-16 big-endian byte-order mark");
        var bom = head.Length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
        var start = bom ? 3 : 0;
        var end = head.Length;
        // A sample cut in the middle of a multi-byte character is not an encoding error: drop the partial character.
        if (!whole)
            for (var back = 1; back <= 3 && end - back >= start; back++)
            {
                var b = head[end - back];
                if ((b & 0xC0) == 0x80) continue;
                if (b >= 0xC0) end -= back;
                break;
            }
        try
        {
            var text = new UTF8Encoding(false, true).GetString(head, start, end - start);
            return (text, "utf-8", bom ? "UTF-8 byte-order mark" : "every byte of the sample is valid UTF-8");
        }
        catch (DecoderFallbackException ex)
        {
            var offset = start + Math.Max(ex.Index, 0);
            var line = 1 + head.AsSpan(0, Math.Min(offset, head.Length)).Count((byte)'\n');
            var bad = offset < head.Length ? head[offset] : (byte)0;
            System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            var text = System.Text.Encoding.GetEncoding(1252).GetString(head, start, head.Length - start);
            return (text, "windows-1252", $"not UTF-8: byte 0x{bad:X2} at offset {offset} (line {line}) is invalid UTF-8; read as Windows-1252");
        }
    }

    private sealed record PhysicalLine(long Number, string Text);

    private static List<PhysicalLine> SplitLines(string text)
    {
        var lines = new List<PhysicalLine>();
        var number = 1L;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '\n') continue;
            var end = i > start && text[i - 1] == '\r' ? i - 1 : i;
            if (i < text.Length || end > start) lines.Add(new PhysicalLine(number, text[start..end]));
            number++;
            start = i + 1;
        }
        return lines;
    }

    private static (char, string) DetectDelimiter(List<string> lines)
    {
        if (lines.Count == 0) return (',', "no lines to look at; comma");
        var best = ',';
        var bestScore = -1;
        var bestFields = 1;
        foreach (var d in Delimiters)
        {
            var counts = lines.Select(l => SplitFields(l, d).Count).ToList();
            var header = counts[0];
            if (header < 2) continue;
            // Lines agreeing with the header's field count; lines broken by quoted line breaks simply disagree.
            var score = counts.Count(c => c == header) * 1000 + header;
            if (score > bestScore) { best = d; bestScore = score; bestFields = header; }
        }
        if (bestScore < 0) return (',', "no ',', ';', tab or '|' on the first line; comma");
        var agree = bestScore / 1000;
        return (best, $"'{Show(best)}' gives {bestFields} fields on the first line and on {agree - 1} of the next {lines.Count - 1} line(s)");
    }

    /// <summary>How a delimiter is written in a message: tab as <c>\t</c>.</summary>
    public static string Show(char delimiter) => delimiter == '\t' ? "\\t" : delimiter.ToString();

    private static List<HeadRecord> SplitRecords(List<PhysicalLine> lines, char delimiter, bool whole)
    {
        var records = new List<HeadRecord>();
        var i = 0;
        while (i < lines.Count && records.Count < MaxRecords)
        {
            var first = lines[i];
            var raw = new StringBuilder(first.Text);
            var j = i;
            while (QuoteOpen(raw) && j + 1 < lines.Count) raw.Append('\n').Append(lines[++j].Text);
            // The sample ends inside a quoted field: that record is cut, leave it out.
            if (QuoteOpen(raw) && !whole) break;
            i = j + 1;
            var text = raw.ToString();
            if (text.Trim().Length == 0) continue;
            records.Add(new HeadRecord(first.Number, SplitFields(text, delimiter), text));
        }
        // The last line of a cut sample may be cut too.
        if (!whole && records.Count > 2 && i >= lines.Count) records.RemoveAt(records.Count - 1);
        return records;
    }

    private static bool QuoteOpen(StringBuilder s)
    {
        var open = false;
        for (var i = 0; i < s.Length; i++) if (s[i] == '"') open = !open;
        return open;
    }

    /// <summary>Splits one record into fields (RFC 4180 quoting: <c>"a,b"</c>, doubled quotes inside quotes).</summary>
    internal static List<string> SplitFields(string record, char delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < record.Length; i++)
        {
            var c = record[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < record.Length && record[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == delimiter) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
