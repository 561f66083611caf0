using System.Text;
using System.Text.Unicode;

namespace JourneyInsights.Sources;

/// <summary>How an export's bytes are decoded: the encoding found (byte-order mark, declared, detected) and the BOM to skip.</summary>
/// <param name="Name">The encoding used, e.g. <c>utf-8</c>, <c>utf-16le</c>, <c>windows-1252</c>.</param>
/// <param name="BomLength">Bytes of byte-order mark at the start of the file, skipped.</param>
/// <param name="Transcode">The encoding to transcode to UTF-8 from, or null when the file is UTF-8.</param>
/// <param name="Reason">Why this encoding: <c>byte-order mark</c>, <c>declared</c>, <c>detected</c>, <c>not valid UTF-8</c>.</param>
public sealed record ExportEncoding(string Name, int BomLength, Encoding? Transcode, string Reason)
{
    /// <summary>Whether the file is read as UTF-8, strictly (an invalid byte stops the load).</summary>
    public bool IsUtf8 => Transcode is null;

    /// <summary>
    /// Decides the encoding of a file from its first bytes and the declared encoding: a byte-order mark (UTF-8, UTF-16 LE/BE)
    /// always wins; otherwise the declared one; UTF-16 without a mark is recognised by its zero bytes and is an error naming
    /// the encoding to declare, unless the declared encoding is <c>auto</c> or UTF-16.
    /// </summary>
    /// <param name="head">The first bytes of the (decompressed) file.</param>
    /// <param name="declared">The source's <c>encoding</c>: utf-8, auto, latin1, windows-1252, utf-16, utf-16be.</param>
    /// <param name="display">The file name for messages.</param>
    /// <exception cref="SourceFileException">The file looks UTF-16 without a byte-order mark and another encoding was declared.</exception>
    public static ExportEncoding Detect(ReadOnlySpan<byte> head, string declared, string display)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new("utf-8", 3, null, "byte-order mark");
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return new("utf-16le", 2, Utf16(false), "byte-order mark");
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return new("utf-16be", 2, Utf16(true), "byte-order mark");
        var name = Normalise(declared) ?? throw new SourceFileException(display, 0, $"unknown encoding '{declared}'");
        switch (name)
        {
            case "utf-16le": return new(name, 0, Utf16(false), "declared");
            case "utf-16be": return new(name, 0, Utf16(true), "declared");
            case "latin1": return new(name, 0, Encoding.Latin1, "declared");
            case "windows-1252": return new(name, 0, Windows1252(), "declared");
        }
        if (LooksUtf16(head) is { } bigEndian)
        {
            var found = bigEndian ? "utf-16be" : "utf-16le";
            if (name == "auto") return new(found, 0, Utf16(bigEndian), "detected");
            throw new SourceFileException(display, 1,
                $"the file looks {(bigEndian ? "UTF-16 big-endian" : "UTF-16 little-endian")} without a byte-order mark (every other byte is zero); " +
                $"set \"encoding\": \"{found}\" on the source");
        }
        return new("utf-8", 0, null, name == "auto" ? "auto" : "declared");
    }

    /// <summary>The canonical name of a configured encoding, or null when unknown.</summary>
    public static string? Normalise(string declared) => declared.ToLowerInvariant() switch
    {
        "utf-8" or "utf8" => "utf-8",
        "auto" => "auto",
        "latin1" or "iso-8859-1" => "latin1",
        "windows-1252" or "cp1252" => "windows-1252",
        "utf-16" or "utf16" or "utf-16le" => "utf-16le",
        "utf-16be" => "utf-16be",
        _ => null,
    };

    /// <summary>The <c>auto</c> choice once the whole file has been checked: UTF-8 when valid, else Windows-1252.</summary>
    internal static ExportEncoding FallBack() => new("windows-1252", 0, Windows1252(), "not valid UTF-8");

    /// <summary>True when every other byte of the first few hundred is zero: UTF-16 text of mostly ASCII characters.</summary>
    private static bool? LooksUtf16(ReadOnlySpan<byte> head)
    {
        var n = Math.Min(head.Length, 512) & ~1;
        if (n < 4) return null;
        int evenZero = 0, oddZero = 0;
        for (var i = 0; i < n; i += 2)
        {
            if (head[i] == 0) evenZero++;
            if (head[i + 1] == 0) oddZero++;
        }
        var pairs = n / 2;
        if (oddZero > pairs * 0.6 && evenZero < pairs * 0.1) return false;
        if (evenZero > pairs * 0.6 && oddZero < pairs * 0.1) return true;
        return null;
    }

    private static Encoding Utf16(bool bigEndian) => new UnicodeEncoding(bigEndian, byteOrderMark: false, throwOnInvalidBytes: true);

    private static Encoding Windows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    /// <summary>
    /// The decoded text of a (decompressed) file as a UTF-8 stream: the byte-order mark skipped, other encodings transcoded,
    /// UTF-8 checked strictly, and <paramref name="skipLines"/> preamble lines left out.
    /// </summary>
    internal Stream Decode(Stream raw, int skipLines, string display, Func<long, long> lineAt)
    {
        Span<byte> bom = stackalloc byte[4];
        for (var skipped = 0; skipped < BomLength;)
        {
            var n = raw.Read(bom[..(BomLength - skipped)]);
            if (n == 0) break;
            skipped += n;
        }
        var text = Transcode is null ? raw : Encoding.CreateTranscodingStream(raw, Transcode, Encoding.UTF8, leaveOpen: false);
        return new Utf8TextStream(text, validate: Transcode is null, skipLines, BomLength, display, lineAt);
    }

    /// <summary>The offset (from the start of <paramref name="stream"/>) of the first byte that is not valid UTF-8, or -1.</summary>
    internal static long FirstInvalidUtf8(Stream stream)
    {
        var buffer = new byte[1 << 16];
        long offset = 0;
        var carry = 0;
        int n;
        while ((n = stream.Read(buffer, carry, buffer.Length - carry)) > 0 || carry > 0)
        {
            var length = carry + n;
            var final = n == 0;
            var complete = final ? length : length - Utf8TextStream.IncompleteTail(buffer.AsSpan(0, length));
            if (!Utf8.IsValid(buffer.AsSpan(0, complete))) return offset + Utf8TextStream.FirstInvalid(buffer.AsSpan(0, complete));
            if (final) break;
            carry = length - complete;
            buffer.AsSpan(complete, carry).CopyTo(buffer);
            offset += complete;
        }
        return -1;
    }
}

/// <summary>The bytes of a file are not valid in the encoding they are read with.</summary>
internal sealed class InvalidTextException(string message, long line) : IOException(message)
{
    public long Line { get; } = line;
}

/// <summary>
/// Passes UTF-8 bytes through, checking them (vectorised <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/>, no copy) and
/// leaving out the first lines (a preamble). An invalid byte throws <see cref="InvalidTextException"/> naming line and offset.
/// </summary>
internal sealed class Utf8TextStream(Stream inner, bool validate, int skipLines, long startOffset, string display, Func<long, long> lineAt) : ReadOnlyStream
{
    private readonly byte[] _carry = new byte[4];
    private int _carried;
    private int _linesToSkip = skipLines;
    private long _offset = startOffset; // offset in the file of the next byte read from inner

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // compiled once, optimised: no tiers to JIT again
    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            var n = inner.Read(buffer);
            if (n == 0)
            {
                if (validate && _carried > 0) Fail(_offset - _carried, _carry[0]);
                return 0;
            }
            var chunk = buffer[..n];
            if (validate) Check(chunk);
            _offset += n;
            if (_linesToSkip == 0) return n;
            var start = 0;
            while (_linesToSkip > 0 && start < n)
            {
                var nl = chunk[start..].IndexOf((byte)'\n');
                if (nl < 0) { start = n; break; }
                start += nl + 1;
                _linesToSkip--;
            }
            if (start == n) continue;
            chunk[start..].CopyTo(buffer);
            return n - start;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // compiled once, optimised: no tiers to JIT again
    private void Check(ReadOnlySpan<byte> chunk)
    {
        var from = 0;
        if (_carried > 0)
        {
            // A character split across reads: complete it with the first bytes of this chunk.
            var need = SequenceLength(_carry[0]) - _carried;
            if (need > chunk.Length) { chunk.CopyTo(_carry.AsSpan(_carried)); _carried += chunk.Length; return; }
            Span<byte> joined = stackalloc byte[4];
            _carry.AsSpan(0, _carried).CopyTo(joined);
            chunk[..need].CopyTo(joined[_carried..]);
            if (!Utf8.IsValid(joined[..(_carried + need)])) Fail(_offset - _carried, _carry[0]);
            from = need;
            _carried = 0;
        }
        var rest = chunk[from..];
        var tail = IncompleteTail(rest);
        var complete = rest[..^tail];
        if (!Utf8.IsValid(complete))
        {
            var at = FirstInvalid(complete);
            Fail(_offset + from + at, complete[at]);
        }
        rest[^tail..].CopyTo(_carry);
        _carried = tail;
    }

    private void Fail(long offset, byte value)
    {
        var line = lineAt(offset);
        throw new InvalidTextException(
            $"{display}:{line}: byte offset {offset}: the byte 0x{value:X2} is not valid UTF-8. The file is in another encoding; " +
            "exports saved by Excel or Windows tools are usually Windows-1252: set \"encoding\": \"windows-1252\" on the source " +
            "(or \"auto\" to fall back to it with a warning).", line);
    }

    /// <summary>Bytes at the end of <paramref name="s"/> that begin a character not complete yet (0 to 3).</summary>
    internal static int IncompleteTail(ReadOnlySpan<byte> s)
    {
        for (var k = 1; k <= 3 && k <= s.Length; k++)
        {
            var b = s[^k];
            if ((b & 0xC0) == 0x80) continue; // continuation byte
            return b >= 0xC0 && SequenceLength(b) > k ? k : 0;
        }
        return 0;
    }

    private static int SequenceLength(byte lead) => lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;

    /// <summary>The index of the first byte of the first invalid sequence (only called once the span is known invalid).</summary>
    internal static int FirstInvalid(ReadOnlySpan<byte> s)
    {
        var i = 0;
        while (i < s.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(s[i..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done) return i;
            i += consumed;
        }
        return s.Length;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
