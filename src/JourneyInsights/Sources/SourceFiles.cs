using System.Diagnostics;

namespace JourneyInsights.Sources;

/// <summary>
/// The files of a source: its <see cref="SourceDefinition.Path"/> names one file, or a glob whose file-name part holds
/// <c>*</c> (any run of characters, none included) or <c>?</c> (exactly one character), e.g.
/// <c>exports/events_*.csv.gz</c> for GA4's daily or monthly exports. The folder part is taken literally. Matching files
/// are read in ordinal order of their names, each as its own export (own header, own layout sniffing), and their rows
/// joined in that order into the source's one table, as if they were one file.
/// </summary>
public static class SourceFiles
{
    private static readonly StringComparison NameComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Whether a path names a glob (a <c>*</c> or <c>?</c> in it).</summary>
    public static bool IsGlob(string path) => path.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>
    /// The files of <paramref name="source"/>, in the order they are read: <c>FullPath</c> absolute, <c>Display</c> as
    /// messages name it (the definition's folder part joined to the file's name). A plain path gives itself, whether or not
    /// it exists (reading it says what is wrong).
    /// </summary>
    /// <exception cref="SourceFileException">A wildcard in the folder part, the folder is missing, or no file matches.</exception>
    public static IReadOnlyList<(string FullPath, string Display)> Expand(SourceDefinition source)
    {
        if (!IsGlob(source.Path)) return [(source.FullPath, source.Path)];
        var pattern = Path.GetFileName(source.FullPath);
        var folder = Path.GetDirectoryName(source.FullPath) ?? ".";
        var displayFolder = Path.GetDirectoryName(source.Path)?.Replace('\\', '/');
        if (IsGlob(folder) || IsGlob(displayFolder ?? ""))
            throw new SourceFileException(source.Path, 0, "a wildcard (* or ?) is supported only in the file name, not in the folder part");
        if (!Directory.Exists(folder))
            throw new SourceFileException(source.Path, 0, $"the folder of the pattern '{pattern}' does not exist (looked for {folder})");
        var matched = Directory.EnumerateFiles(folder)
            .Select(f => Path.GetFileName(f))
            .Where(name => Matches(pattern, name))
            .Order(StringComparer.Ordinal)
            .Select(name => (Path.Combine(folder, name), string.IsNullOrEmpty(displayFolder) ? name : $"{displayFolder}/{name}"))
            .ToList();
        if (matched.Count == 0)
            throw new SourceFileException(source.Path, 0, $"no file matches the pattern '{pattern}' in the folder {folder}");
        return matched;
    }

    /// <summary>Whether <paramref name="name"/> matches <paramref name="pattern"/> (<c>*</c>: any run of characters; <c>?</c>: one character).</summary>
    public static bool Matches(string pattern, string name)
    {
        // Iterative wildcard matching with backtracking to the last '*': linear for patterns with one star.
        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || (pattern[p] != '*' && Same(pattern[p], name[n])))) { p++; n++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = n; }
            else if (star >= 0) { p = star + 1; n = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    /// <summary>
    /// The source's parsed-row cache, or null: none asked for, or refused with the reason (a cache folder inside the folder
    /// of the source's files would sit among the exports, and a glob or a sync of that folder would meet it).
    /// </summary>
    private static (ParsedRowCache? Cache, string? Refused) Cache(SourceDefinition source, LoadOptions options, IReadOnlyList<(string FullPath, string Display)> files)
    {
        if (options.CacheFolder is not { } folder) return (null, null);
        var comparison = NameComparison;
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        foreach (var (full, _) in files)
        {
            var inputs = Path.TrimEndingDirectorySeparator(Path.GetDirectoryName(full) ?? full);
            if (string.Equals(root, inputs, comparison) || root.StartsWith(inputs + Path.DirectorySeparatorChar, comparison))
                return (null, $"the cache folder {root} lies inside {inputs}, the folder of the source's files; not used (give --cache a folder outside the exports)");
        }
        try { return (new ParsedRowCache(folder, source), null); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, $"the cache cannot be used ({ex.Message}); every file parsed");
        }
    }

    private static bool Same(char a, char b) => NameComparison == StringComparison.Ordinal ? a == b : char.ToUpperInvariant(a) == char.ToUpperInvariant(b);

    /// <summary>Loads every file of a source into one table (see <see cref="CsvSource.Load"/>).</summary>
    internal static SourceTable Load(SourceDefinition source, LoadOptions options, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var files = Expand(source);
        var glob = IsGlob(source.Path);
        var columns = ParsedColumns.For(source.Map);
        var parsed = new List<ParsedFile>(files.Count);
        var (cache, refused) = Cache(source, options, files);
        var ones = files.Select(f => glob ? source with { Path = f.Display, ResolvedPath = f.FullPath } : source).ToArray();
        // The hashes the cache checks an entry with before using it, computed on every core before reading the entries, for
        // the files whose entry matches in everything else. A file without such an entry (new, or changed) is hashed while
        // it is parsed instead (the run manifest reuses every hash).
        var hashes = new string?[files.Count];
        if (cache is not null)
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellation }, i =>
            {
                try { if (InputFile.NotARegularFile(files[i].FullPath) is null && cache.MayHold(ones[i])) hashes[i] = ParsedRowCache.HashFile(files[i].FullPath); }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { } // reading the file says what is wrong
            });
        for (var i = 0; i < files.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var one = ones[i];
            var file = cache is null ? CsvSource.Read(one, columns, cancellation, options.BlockParsing) : cache.Read(one, columns, hashes[i], cancellation);
            if (refused is not null) (file.CacheNote, file.CacheWarning) = (refused, refused);
            parsed.Add(file);
        }
        return AcceptedRows.Finish(source, parsed, columns, options, clock.Elapsed, glob);
    }
}
