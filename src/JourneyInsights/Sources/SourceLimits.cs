namespace JourneyInsights.Sources;

/// <summary>
/// Bounds that keep a broken or hostile file from swallowing the rest of the file or all memory. Set per source
/// (<c>"limits"</c> in journey.json); the defaults suit every real export we know of. Sizes are bytes of the file as
/// written (UTF-8 or single-byte encodings), lines are physical lines.
/// </summary>
public sealed record SourceLimits
{
    /// <summary>
    /// A quoted field still open after this many bytes (from its opening quote) is taken for an unterminated quote: the
    /// record is rejected at its first line and reading resumes on the line after the one where the quote opened.
    /// Unquoted fields longer than this are rejected too (rule <c>field-size</c>). Default 65,536 (64 KiB).
    /// </summary>
    public int MaxFieldBytes { get; init; } = 65_536;

    /// <summary>A quoted field spanning more than this many line breaks is taken for an unterminated quote (as above). Default 1,000.</summary>
    public int MaxFieldLines { get; init; } = 1_000;

    /// <summary>A record (a data row, or an extra header row) longer than this is rejected (rule <c>record-size</c>) and reading resumes on the next line. Default 1,048,576 (1 MiB).</summary>
    public int MaxRecordBytes { get; init; } = 1_048_576;

    /// <summary>A first line (the header) longer than this stops the load: the file is not a CSV export. Default 1,048,576 (1 MiB).</summary>
    public int MaxHeaderBytes { get; init; } = 1_048_576;

    /// <summary>
    /// A <c>.gz</c> file whose decompressed bytes exceed this multiple of the compressed bytes read so far (checked once
    /// more than 1 MiB has been decompressed) is refused as a decompression bomb. CSV exports compress 5-15 times
    /// (the sample analytics export: 9.6). Default 100.
    /// </summary>
    public double MaxDecompressionRatio { get; init; } = 100;

    /// <summary>The defaults.</summary>
    public static SourceLimits Default { get; } = new();
}
