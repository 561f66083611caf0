using System.Buffers;
using System.Security.Cryptography;

namespace JourneyInsights.Sources;

/// <summary>
/// The loader's bottom input layer, right above the <see cref="FileStream"/>: hands up the file's raw bytes (as on disk,
/// the compressed bytes of a .gz) and computes their SHA-256 on the way, so a file is read once for parsing and for the
/// hash the run manifest and the parsed-row cache record. Bytes are hashed in file order: a read that continues where the
/// hashed prefix ends extends it; a read elsewhere (<see cref="GzipInput"/> reads the gzip trailer first, then seeks
/// back) passes through unhashed. <see cref="FinishSha256"/> reads and hashes whatever the reader above left unread (it
/// stopped at the end of the data it wanted, a decompressor that never asked for the last bytes), so the hash is always
/// of the whole file, never of a part.
/// </summary>
internal sealed class HashedInput : Stream
{
    private const int FinishBuffer = 1 << 20;
    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _hashed; // bytes [0, _hashed) of the file are in the hash
    private string? _sha256;

    /// <param name="file">The file, positioned at its start; disposed with this stream.</param>
    public HashedInput(FileStream file) => _file = file;

    /// <summary>
    /// SHA-256 of the whole file's bytes (lower-case hex): the bytes handed up so far, then the rest of the file read to its
    /// end. Call once the reader above is done; later reads are not hashed.
    /// </summary>
    public string FinishSha256()
    {
        if (_sha256 is not null) return _sha256;
        if (_hashed < _file.Length)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(FinishBuffer);
            try
            {
                _file.Seek(_hashed, SeekOrigin.Begin);
                int n;
                while ((n = _file.Read(buffer, 0, FinishBuffer)) > 0) Hash(_hashed, buffer.AsSpan(0, n));
            }
            finally { ArrayPool<byte>.Shared.Return(buffer); }
        }
        return _sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var at = _file.Position;
        var n = _file.Read(buffer);
        if (_sha256 is null) Hash(at, buffer[..n]);
        return n;
    }

    /// <summary>Adds the part of <paramref name="bytes"/> (read at <paramref name="at"/>) that extends the hashed prefix.</summary>
    private void Hash(long at, ReadOnlySpan<byte> bytes)
    {
        var end = at + bytes.Length;
        if (at > _hashed || end <= _hashed) return;
        _hash.AppendData(bytes[(int)(_hashed - at)..]);
        _hashed = end;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _file.Length;
    public override long Position { get => _file.Position; set => _file.Position = value; }
    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) { _file.Dispose(); _hash.Dispose(); }
        base.Dispose(disposing);
    }
}
