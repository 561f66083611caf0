using System.Globalization;
using System.Text;

namespace JourneyInsights.Samples.Writers;

/// <summary>Minimal RFC-4180 writer: comma separated, "\n" line endings, culture-invariant numbers.</summary>
internal sealed class CsvLineWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private bool _atLineStart = true;

    public CsvLineWriter(string path, bool withBom)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        _writer = new StreamWriter(stream, new UTF8Encoding(withBom), 1 << 16) { NewLine = "\n" };
    }

    public void Field(string? value)
    {
        Separator();
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (NeedsQuotes(value))
        {
            _writer.Write('"');
            _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
            _writer.Write('"');
        }
        else
        {
            _writer.Write(value);
        }
    }

    public void Field(long value)
    {
        Separator();
        Span<char> buffer = stackalloc char[24];
        value.TryFormat(buffer, out int written, default, CultureInfo.InvariantCulture);
        _writer.Write(buffer[..written]);
    }

    /// <summary>Writes a value known to need no quoting (ASCII identifiers, formatted dates).</summary>
    public void Raw(ReadOnlySpan<char> value)
    {
        Separator();
        _writer.Write(value);
    }

    public void EndRecord()
    {
        _writer.Write('\n');
        _atLineStart = true;
    }

    public void Dispose() => _writer.Dispose();

    private void Separator()
    {
        if (!_atLineStart)
        {
            _writer.Write(',');
        }

        _atLineStart = false;
    }

    private static bool NeedsQuotes(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]);
}
