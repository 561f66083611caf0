using System.Buffers.Binary;
using System.IO.Compression;

namespace JourneyInsights.Sources;

/// <summary>
/// Decompresses a .gz export and checks what .NET's <see cref="GZipStream"/> does not: a file cut short ends the
/// stream silently there, so at the end the decompressed length is compared with the one the gzip trailer records
/// (ISIZE, the length modulo 2^32); and the decompressed bytes may not exceed
/// <see cref="SourceLimits.MaxDecompressionRatio"/> times the compressed bytes read so far. A bad CRC or invalid
/// deflate data, which <see cref="GZipStream"/> detects, is reported in the same words. On any of these the stream
/// ends there and <see cref="Failure"/> says why: the reader above drops the incomplete record at the cut, the loader
/// counts the complete rows before it and refuses the file.
/// </summary>
internal sealed class GzipInput : ReadOnlyStream
{
    private const long RatioCheckAfter = 1 << 20;
    private readonly Stream _file;
    private readonly GZipStream _gzip;
    private readonly double _maxRatio;
    private readonly long _compressedLength;
    private readonly uint? _recordedLength;
    private long _decompressed;

    /// <param name="file">The compressed file, seekable (its trailer is read first), positioned at its start; disposed with this stream.</param>
    /// <param name="maxRatio">See <see cref="SourceLimits.MaxDecompressionRatio"/>.</param>
    public GzipInput(Stream file, double maxRatio)
    {
        _file = file;
        _maxRatio = maxRatio;
        _compressedLength = file.Length;
        if (_compressedLength >= 18) // 10-byte header + at least an empty deflate block + 8-byte trailer
        {
            Span<byte> trailer = stackalloc byte[4];
            file.Seek(-4, SeekOrigin.End);
            file.ReadExactly(trailer);
            file.Seek(0, SeekOrigin.Begin);
            _recordedLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        }
        _gzip = new GZipStream(file, CompressionMode.Decompress);
    }

    /// <summary>Bytes decompressed so far.</summary>
    public long Decompressed => _decompressed;

    /// <summary>Why the data stopped early (truncated, corrupt, a bomb), or null while it is sound.</summary>
    public string? Failure { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Failure is not null) return 0;
        int n;
        try { n = _gzip.Read(buffer); }
        catch (InvalidDataException)
        {
            return Fail(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the gzip data is corrupt: its checksum (CRC) does not match or its deflate data is invalid (found after {_decompressed:N0} decompressed bytes)"));
        }
        if (n == 0)
        {
            if (_recordedLength is not { } recorded || recorded != (uint)_decompressed)
                return Fail(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the gzip file is truncated: it ends after {_decompressed:N0} decompressed bytes, before its end marker{(_recordedLength is { } r ? $" (its trailer records {r:N0} bytes modulo 2^32)" : "")}; download or export it again"));
            return 0;
        }
        _decompressed += n;
        if (_decompressed > RatioCheckAfter && _decompressed > _maxRatio * Math.Max(1, _file.Position))
            return Fail(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the gzip file decompresses more than {_maxRatio:0.#} times ({_decompressed:N0} bytes from the first {_file.Position:N0} of {_compressedLength:N0} compressed bytes): refused as a decompression bomb (raise \"limits\": {{ \"maxDecompressionRatio\": ... }} if the file is genuine)"));
        return n;
    }

    private int Fail(string why)
    {
        Failure = why;
        return 0;
    }

    public override long Position { get => _decompressed; set => throw new NotSupportedException(); }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { _gzip.Dispose(); _file.Dispose(); }
        base.Dispose(disposing);
    }
}
