using System.Security.Cryptography;
using ScottPlot;

namespace JourneyInsights.Reporting.Charts;

/// <summary>
/// The charts' font, Liberation Sans 2 (SIL OFL 1.1, licence in Fonts/LICENSE-LiberationSans.txt), shipped inside this
/// assembly so a chart renders the same text on a machine without system fonts (a missing font draws no text at all).
/// </summary>
internal static class ChartFonts
{
    public const string Family = "Liberation Sans";

    private static readonly Lazy<bool> Registration = new(RegisterOnce, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Registers the regular and bold faces with ScottPlot (once per process) and makes them the default font.</summary>
    public static void Register() => _ = Registration.Value;

    private static bool RegisterOnce()
    {
        var before = Fonts.FontResolvers.Count;
        // AddFontFile wants a path: the faces are written once to a content-addressed file in the temp folder.
        Fonts.AddFontFile(Family, Extract("LiberationSans-Regular.ttf"), bold: false);
        Fonts.AddFontFile(Family, Extract("LiberationSans-Bold.ttf"), bold: true);
        // AddFontFile appends after the system resolver; ours go first so the shipped faces win everywhere (same bytes on every machine).
        var ours = Fonts.FontResolvers.GetRange(before, Fonts.FontResolvers.Count - before);
        Fonts.FontResolvers.RemoveRange(before, ours.Count);
        Fonts.FontResolvers.InsertRange(0, ours);
        Fonts.Default = Family;
        Fonts.Sans = Family;
        return true;
    }

    private static string Extract(string file)
    {
        using var stream = typeof(ChartFonts).Assembly.GetManifestResourceStream("JourneyInsights.Reporting.Fonts." + file)
            ?? throw new InvalidOperationException($"Font resource {file} is missing from {typeof(ChartFonts).Assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        var folder = Path.Combine(Path.GetTempPath(), "JourneyInsights", "fonts");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(file)}-{hash}.ttf");
        if (File.Exists(path) && new FileInfo(path).Length == bytes.Length) return path;
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, bytes);
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp); // another process wrote the same bytes first
        }
        return path;
    }
}
