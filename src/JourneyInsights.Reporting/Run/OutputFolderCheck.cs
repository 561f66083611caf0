namespace JourneyInsights.Reporting.Run;

/// <summary>
/// The reports folder would overlap the inputs: publishing replaces <c>OUT/YYYY-MM/</c> as a whole, so an input kept
/// there (or anywhere under the reports folder) could be deleted. Nothing has been read or written.
/// </summary>
public sealed class UnsafeOutputFolderException(string message) : IOException(message);

/// <summary>
/// Refuses a reports folder that equals, contains or lies inside the folder of any input (the journey definition, a
/// source file, a join file), before any work. Equal or containing: publishing replaces <c>OUT/YYYY-MM/</c> as a whole
/// and would delete inputs kept there. Inside (<c>exports/reports</c>): the reports then live in a folder that belongs
/// to the exports, so whatever keeps that folder in step with the vendor (a sync with delete, a cleanup of old exports,
/// a source path with a wildcard) deletes the reports or reads the report's own CSV files back as input.
/// </summary>
public static class OutputFolderCheck
{
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The input files of <paramref name="definition"/>: the definition itself, every source and join file.</summary>
    public static IEnumerable<string> Inputs(Definition.JourneyDefinition definition)
    {
        if (definition.FilePath is { } config) yield return config;
        foreach (var source in definition.Sources)
        {
            yield return source.FullPath;
            Sources.ColumnMap? map = null;
            try { map = source.Map; } catch (InvalidOperationException) { }
            foreach (var join in map?.Joins ?? []) yield return source.JoinFile(join).FullPath;
        }
    }

    /// <summary>
    /// Throws when <paramref name="outRoot"/> equals, contains or lies inside the folder of one of <paramref name="inputs"/>.
    /// </summary>
    /// <exception cref="UnsafeOutputFolderException">Names the input and its folder, and says what to do.</exception>
    public static void Ensure(string outRoot, IEnumerable<string> inputs)
    {
        var root = Canonical(outRoot);
        foreach (var input in inputs)
        {
            var full = Path.GetFullPath(input);
            var folder = Canonical(Path.GetDirectoryName(full) ?? full);
            string why;
            if (string.Equals(folder, root, PathComparison))
                why = $"the folder of {full} is the reports folder itself, and a report replaces OUT/YYYY-MM/ as a whole, so inputs there could be deleted";
            else if (IsSameOrInside(folder, root))
                why = $"the folder of {full} lies inside the reports folder, and a report replaces OUT/YYYY-MM/ as a whole, so inputs there could be deleted";
            else if (IsSameOrInside(root, folder))
                why = $"the reports folder lies inside {folder}, the folder of the input {full}: whatever keeps that folder in step with the exports " +
                      "(a sync with delete, a cleanup, a wildcard source path) would delete the reports or read them back as input";
            else continue;
            var suggestion = Path.Combine(Path.GetDirectoryName(folder) ?? folder, "reports");
            throw new UnsafeOutputFolderException(
                $"--out {outRoot} overlaps the inputs: {why}. Give a reports folder outside every input's folder " +
                $"(for example --out {suggestion}, beside the folder of the inputs).");
        }
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies below it (both canonical).</summary>
    private static bool IsSameOrInside(string path, string folder)
    {
        if (string.Equals(path, folder, PathComparison)) return true;
        var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, PathComparison);
    }

    /// <summary>The absolute path with symbolic links of its existing part resolved, without a trailing separator.</summary>
    private static string Canonical(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        // Resolve links from the deepest existing ancestor, so a link to the inputs' folder is seen through.
        var existing = full;
        var rest = new Stack<string>();
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            rest.Push(Path.GetFileName(existing));
            existing = parent;
        }
        try
        {
            var resolved = ResolveLinks(existing);
            while (rest.Count > 0) resolved = Path.Combine(resolved, rest.Pop());
            return Path.TrimEndingDirectorySeparator(resolved);
        }
        catch (IOException) { return full; }
        catch (UnauthorizedAccessException) { return full; }
    }

    private static string ResolveLinks(string folder)
    {
        var parent = Path.GetDirectoryName(folder);
        if (parent is null) return folder;
        var resolvedParent = ResolveLinks(parent);
        var here = Path.Combine(resolvedParent, Path.GetFileName(folder));
        var info = new DirectoryInfo(here);
        if (info.LinkTarget is null) return here;
        var target = info.ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? here : ResolveLinks(Path.TrimEndingDirectorySeparator(Path.GetFullPath(target.FullName)));
    }
}
