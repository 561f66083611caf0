using System.Globalization;
using System.Text;

namespace JourneyInsights.Sources;

/// <summary>A record that <see cref="RecordBounds"/> took out of the input, with its reason.</summary>
/// <param name="Line">1-based physical line where the record starts (CsvHelper's numbering).</param>
/// <param name="FieldIndex">0-based field where the problem starts, or -1 for the whole record.</param>
/// <param name="Rule">The rule broken: <c>malformed</c> (an unterminated quote) or <c>record-size</c>.</param>
/// <param name="Reason">What was expected, in words.</param>
/// <param name="Raw">The record's first line, up to 200 characters.</param>
internal sealed record BoundedRecord(long Line, int FieldIndex, string Rule, string Reason, string Raw);

/// <summary>
/// Sits between the file and the CSV reader and keeps a broken record from swallowing the rest of the file:
/// <list type="bullet">
/// <item>a quoted field still open after <see cref="SourceLimits.MaxFieldBytes"/> bytes, after
/// <see cref="SourceLimits.MaxFieldLines"/> physical lines, or at the end of the file is an unterminated quote: the
/// lines from the record's start to the line where the quote opened are blanked (their line breaks kept, so line
/// numbers stay right) and reading resumes on the next line, outside quotes;</item>
/// <item>a record longer than <see cref="SourceLimits.MaxRecordBytes"/> is blanked up to its next line break;</item>
/// <item>a first line longer than <see cref="SourceLimits.MaxHeaderBytes"/> stops the load.</item>
/// </list>
/// Each record taken out is listed in <see cref="TakeBefore"/> for the loader to report as rejected. Memory stays
/// bounded by the limits: only the current incomplete record is held back. Quoting follows RFC 4180 as CsvHelper
/// reads it: a quote opens a quoted field only at the start of a field; <c>""</c> inside is an escaped quote.
/// Works on the bytes of UTF-8 and single-byte encodings (the delimiters, quotes and line breaks are ASCII); UTF-16
/// input passes through unchecked.
/// </summary>
internal sealed class RecordBounds : ReadOnlyStream
{
    private const int ReadSize = 1 << 16;
    private const int MaxShown = 200;
    private static readonly byte[] Candidates = [(byte)',', (byte)';', (byte)'\t', (byte)'|'];

    private readonly Stream _inner;
    private readonly GzipInput? _gzip;
    private readonly SourceLimits _limits;
    private readonly string _display;
    private readonly object _lock = new();
    private readonly List<BoundedRecord> _taken = [];
    private int _pending;
    private byte _separator;
    private bool _passThrough;
    private bool _started;
    private bool _eof;

    private byte[] _buf = new byte[4 * ReadSize];
    private int _start;        // first byte not handed to the reader yet
    private int _safe;         // bytes before this are final
    private int _end;          // bytes held
    private int _scan;         // next byte to look at
    private int _recordStart;  // where the current, incomplete record starts
    private long _line = 1;    // physical line at _scan
    private long _recordLine = 1;
    private bool _inQuotes;
    private int _quoteStart;
    private long _quoteLine;
    private bool _discarding;  // dropping bytes up to the next line break

    /// <param name="inner">The bytes of the file (decompressed).</param>
    /// <param name="limits">The source's bounds.</param>
    /// <param name="display">The file as named in the journey definition, for messages.</param>
    /// <param name="separator">The configured delimiter, or null to take the likeliest from the first line.</param>
    /// <param name="passThrough">Hand the bytes on unchecked (UTF-16 input).</param>
    /// <param name="gzip">The decompression below <paramref name="inner"/> (when a decoding stream sits between them), whose
    /// failure means the data stops at damage.</param>
    public RecordBounds(Stream inner, SourceLimits limits, string display, byte? separator, bool passThrough, GzipInput? gzip = null)
    {
        _inner = inner;
        _gzip = gzip ?? inner as GzipInput;
        _limits = limits;
        _display = display;
        _separator = separator ?? 0;
        _passThrough = passThrough;
    }

    /// <summary>Records taken out and not yet collected.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>The line of the first record taken out and not yet collected, or <see cref="long.MaxValue"/>: read on every row without the lock.</summary>
    public long EarliestPending => Volatile.Read(ref _earliest);
    private long _earliest = long.MaxValue;

    /// <summary>Removes and returns the records taken out that start before <paramref name="line"/>, in line order.</summary>
    public List<BoundedRecord> TakeBefore(long line)
    {
        lock (_lock)
        {
            var due = _taken.Where(r => r.Line < line).ToList();
            if (due.Count == 0) return due;
            _taken.RemoveAll(r => r.Line < line);
            Interlocked.Add(ref _pending, -due.Count);
            Volatile.Write(ref _earliest, _taken.Count > 0 ? _taken.Min(r => r.Line) : long.MaxValue);
            return due;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // compiled once, optimised: no tiers to JIT again
    public override int Read(Span<byte> destination)
    {
        if (destination.Length == 0) return 0;
        while (true)
        {
            if (_safe > _start)
            {
                var n = Math.Min(destination.Length, _safe - _start);
                _buf.AsSpan(_start, n).CopyTo(destination);
                _start += n;
                return n;
            }
            if (_eof) return 0;
            Fill();
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // compiled once, optimised: no tiers to JIT again
    private void Fill()
    {
        if (_start > 0)
        {
            var held = _end - _start;
            Buffer.BlockCopy(_buf, _start, _buf, 0, held);
            _safe -= _start; _scan -= _start; _recordStart -= _start; _quoteStart -= _start; _end = held;
            _start = 0;
        }
        if (_buf.Length - _end < ReadSize) Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _end + ReadSize));
        var n = _inner.Read(_buf, _end, _buf.Length - _end);
        if (!_started)
        {
            _started = true;
            // UTF-16 byte-order marks: the ASCII bytes this class looks for are two bytes wide there.
            if (n >= 2 && (_buf[0], _buf[1]) is (0xFF, 0xFE) or (0xFE, 0xFF)) _passThrough = true;
        }
        if (n == 0) _eof = true;
        _end += n;
        if (_passThrough) { _safe = _end; return; }
        Scan();
        if (_eof && _gzip is { Failure: not null })
        {
            // The data stops at damage: the record it cuts is incomplete, not a record.
            _end = _recordStart;
            _safe = _end;
            return;
        }
        if (_eof)
        {
            while (_inQuotes) { RejectUnterminated("before the end of the file"); Scan(); }
            if (_discarding) _end = _scan;
            _safe = _end; // the last record, complete or not, goes to the reader as it is
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // compiled once, optimised: no tiers to JIT again
    private void Scan()
    {
        while (_scan < _end)
        {
            if (_discarding)
            {
                var k = _buf.AsSpan(_scan, _end - _scan).IndexOfAny((byte)'\n', (byte)'\r');
                if (k < 0) { _end = _scan; return; }
                Buffer.BlockCopy(_buf, _scan + k, _buf, _scan, _end - _scan - k);
                _end -= k;
                _discarding = false;
                continue;
            }
            if (!_inQuotes)
            {
                var rest = _buf.AsSpan(_scan, _end - _scan);
                var q = rest.IndexOf((byte)'"');
                var region = q < 0 ? rest : rest[..q];
                if (q < 0 && !_eof && region.Length > 0 && region[^1] == '\r') region = region[..^1]; // maybe half of a CR LF
                var breaks = LineBreaks(region);
                if (breaks > 0)
                {
                    if (_line == 1) EndOfFirstLine(_scan + region.IndexOfAny((byte)'\n', (byte)'\r'));
                    _line += breaks;
                    _recordStart = _scan + region.LastIndexOfAny((byte)'\n', (byte)'\r') + 1;
                    _recordLine = _line;
                    _safe = _recordStart;
                }
                _scan += region.Length;
                if (q >= 0)
                {
                    if (IsFieldStart(_scan)) { _inQuotes = true; _quoteStart = _scan; _quoteLine = _line; }
                    _scan++;
                }
                if (TooLong()) continue;
                if (q < 0) return;
            }
            else
            {
                var rest = _buf.AsSpan(_scan, _end - _scan);
                var q = rest.IndexOf((byte)'"');
                var region = q < 0 ? rest : rest[..q];
                if (q < 0 && !_eof && region.Length > 0 && region[^1] == '\r') region = region[..^1];
                _line += LineBreaks(region);
                _scan += region.Length;
                // The bounds hold up to here (a closing quote further on comes too late).
                if (_line - _quoteLine + 1 > _limits.MaxFieldLines)
                { RejectUnterminated(string.Create(CultureInfo.InvariantCulture, $"within {_limits.MaxFieldLines:N0} lines")); continue; }
                if (_scan - _quoteStart > _limits.MaxFieldBytes)
                { RejectUnterminated(string.Create(CultureInfo.InvariantCulture, $"within {_limits.MaxFieldBytes:N0} bytes")); continue; }
                if (TooLong()) continue;
                var undecided = false; // a quote at the end of what is held: "" (escaped) or closing?
                if (q >= 0)
                {
                    if (_scan + 1 < _end)
                    {
                        if (_buf[_scan + 1] == '"') _scan += 2;
                        else { _scan++; _inQuotes = false; }
                    }
                    else if (_eof) { _scan++; _inQuotes = false; }
                    else undecided = true;
                }
                if (q < 0 || undecided) return; // more input is needed
            }
        }
    }

    private bool IsFieldStart(int at) =>
        at == _recordStart || (_separator != 0 ? _buf[at - 1] == _separator : Candidates.Contains(_buf[at - 1]));

    /// <summary>Checks the header's length and, when no delimiter was configured, takes the likeliest from it.</summary>
    private void EndOfFirstLine(int lineBreak)
    {
        var length = lineBreak - _recordStart;
        if (length > _limits.MaxHeaderBytes) HeaderTooLong();
        if (_separator != 0) return;
        var header = _buf.AsSpan(_recordStart, length);
        if (header.StartsWith("sep="u8) && header.Length >= 5) { _separator = header[4]; return; }
        var best = 0;
        foreach (var c in Candidates)
        {
            var count = header.Count(c);
            if (count > best) { best = count; _separator = c; }
        }
    }

    private void HeaderTooLong() => throw new SourceFileException(_display, 1, string.Create(CultureInfo.InvariantCulture,
        $"the first line is longer than {_limits.MaxHeaderBytes:N0} bytes: this is not a CSV export with a header row (or raise \"limits\": {{ \"maxHeaderBytes\": ... }})"));

    /// <summary>A record longer than the limit: blanked up to its next line break, reported, reading resumes after it.</summary>
    private bool TooLong()
    {
        if (_scan - _recordStart <= (_recordLine == 1 ? _limits.MaxHeaderBytes : _limits.MaxRecordBytes)) return false;
        if (_recordLine == 1) HeaderTooLong();
        Take(new BoundedRecord(_recordLine, -1, "record-size",
            string.Create(CultureInfo.InvariantCulture, $"the record is longer than {_limits.MaxRecordBytes:N0} bytes; reading resumes on the next line"), Shown(_recordStart)));
        var breaks = (int)(_line - _recordLine);
        Blank(breaks);
        _inQuotes = false;
        _discarding = true;
        return true;
    }

    /// <summary>An unterminated quote: the record's lines up to the one where the quote opened are blanked; reading resumes on the next line.</summary>
    private void RejectUnterminated(string bound)
    {
        var fieldIndex = FieldIndex(_recordStart, _quoteStart);
        Take(new BoundedRecord(_recordLine, fieldIndex, "malformed", string.Create(CultureInfo.InvariantCulture,
            $"a quoted field opened on line {_quoteLine} is not closed {bound}: an unterminated quote; the record is rejected and reading resumes on line {_quoteLine + 1}"),
            Shown(_recordStart)));
        var lines = (int)(_quoteLine - _recordLine + 1);
        var k = _buf.AsSpan(_quoteStart, _end - _quoteStart).IndexOfAny((byte)'\n', (byte)'\r');
        _inQuotes = false;
        if (k >= 0)
        {
            var after = _quoteStart + k + 1;
            if (_buf[after - 1] == '\r' && after < _end && _buf[after] == '\n') after++;
            var removed = after - _recordStart;
            Buffer.BlockCopy(_buf, after, _buf, _recordStart + lines, _end - after);
            _end -= removed - lines;
            _buf.AsSpan(_recordStart, lines).Fill((byte)'\n');
            _line = _quoteLine + 1;
            _recordStart += lines;
            _recordLine = _line;
            _safe = _recordStart;
            _scan = _recordStart;
        }
        else
        {
            // The quote's line has not ended yet: drop what is held, and the rest up to its line break.
            _line = _quoteLine;
            Blank(lines - 1);
            _discarding = true;
        }
    }

    /// <summary>Replaces the held bytes from the record's start with <paramref name="breaks"/> line breaks (the lines it spanned so far).</summary>
    private void Blank(int breaks)
    {
        _buf.AsSpan(_recordStart, breaks).Fill((byte)'\n');
        _end = _recordStart + breaks;
        _recordStart = _end;
        _recordLine = _line;
        _safe = _end;
        _scan = _end;
    }

    private void Take(BoundedRecord record)
    {
        lock (_lock)
        {
            _taken.Add(record);
            Interlocked.Increment(ref _pending);
            if (record.Line < _earliest) Volatile.Write(ref _earliest, record.Line);
        }
    }

    /// <summary>The 0-based field where <paramref name="at"/> lies in the record starting at <paramref name="from"/> (quote-aware).</summary>
    private int FieldIndex(int from, int at)
    {
        var field = 0; var quoted = false;
        for (var i = from; i < at; i++)
        {
            var c = _buf[i];
            if (c == '"') quoted = !quoted;
            else if (!quoted && (_separator != 0 ? c == _separator : Candidates.Contains(c))) field++;
        }
        return field;
    }

    /// <summary>The record's first line, up to 200 characters, for the rejected-rows file.</summary>
    private string Shown(int from)
    {
        var span = _buf.AsSpan(from, Math.Min(_end - from, MaxShown * 4));
        var cut = span.IndexOfAny((byte)'\n', (byte)'\r');
        if (cut >= 0) span = span[..cut];
        var text = Encoding.UTF8.GetString(span);
        return text.Length <= MaxShown ? text : text[..MaxShown] + "…";
    }

    /// <summary>Line breaks in <paramref name="s"/>: LF, CR and CR LF each count once (as CsvHelper counts them).</summary>
    private static int LineBreaks(ReadOnlySpan<byte> s)
    {
        var lf = s.Count((byte)'\n');
        if (s.IndexOf((byte)'\r') < 0) return lf;
        var cr = s.Count((byte)'\r');
        return lf + cr - s.Count("\r\n"u8);
    }


    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
