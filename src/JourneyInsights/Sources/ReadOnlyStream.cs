namespace JourneyInsights.Sources;

/// <summary>
/// The shared shape of the loader's forward-only input layers (<see cref="GzipInput"/>, <see cref="Utf8TextStream"/>,
/// <see cref="RecordBounds"/>): readable, not seekable, not writable. A subclass implements Read.
/// </summary>
internal abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
