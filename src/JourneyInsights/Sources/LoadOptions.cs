namespace JourneyInsights.Sources;

/// <summary>How sources are loaded.</summary>
/// <param name="Strict">Stop at the first rejected row with a <see cref="DataQualityException"/> instead of quarantining it.</param>
public sealed record LoadOptions(bool Strict = false)
{
    public static LoadOptions Lenient { get; } = new();

    /// <summary>
    /// The instant of the run (UTC); null = the clock when loading starts. A row dated more than
    /// <see cref="FutureSlack"/> after it is rejected as future-dated (rule <c>future-dated</c>): a clock error in one
    /// export must not move the default report month years ahead.
    /// </summary>
    public DateTime? RunUtc { get; init; }

    /// <summary>How far after the run a date may lie before its row counts as future-dated: one day (time-zone and clock slack).</summary>
    public static TimeSpan FutureSlack { get; } = TimeSpan.FromDays(1);

    /// <summary>The latest instant a row may be dated at: the run plus <see cref="FutureSlack"/>.</summary>
    /// <summary>
    /// The folder of the parsed-row cache (<see cref="ParsedRowCache"/>): each input file's parsed rows are kept there and
    /// read back instead of parsing the file again while the file and everything that changes its parsing are unchanged
    /// (the rules that depend on the run, such as future-dated and <see cref="Strict"/>, are applied on every run). Null
    /// (the default): no cache, every file is parsed. Hosts pass a folder; the cache belongs to Sources. A folder inside
    /// the folder of a source's files is not used (a warning on each file says so).
    /// </summary>
    public string? CacheFolder { get; init; }

    /// <summary>
    /// Read the data rows of exports without joined files with the block parser (after the header rows): the file cut into
    /// blocks of whole records, parsed on every core straight into compact columns, merged in file order (the default,
    /// several times faster on large files). False: every row through CsvHelper's reader, as for the other exports. Both
    /// give the same rows, values, rejections and line numbers; the switch exists to compare them (and as a way around a
    /// problem in either).
    /// </summary>
    public bool BlockParsing { get; init; } = true;

    public DateTime LatestAcceptedUtc => (RunUtc ?? DateTime.UtcNow) + FutureSlack;
}
