using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace JourneyInsights.Samples;

/// <summary>
/// A folder of generated sample exports with the journey definition that reads them (<c>journey.json</c>) and a
/// manifest saying which options wrote them (<c>samples-manifest.json</c>). Writing refuses to mix datasets: a folder
/// that holds exports this run would not replace (an older <c>analytics-events.csv.gz</c>, another tool's CSV), or
/// exports written with another seed or by something else, is left alone unless forced.
/// </summary>
public static class SampleFolder
{
    /// <summary>File name of the journey definition written beside the exports.</summary>
    public const string DefinitionFileName = "journey.json";

    /// <summary>File name of the manifest recording the generator's options.</summary>
    public const string ManifestFileName = "samples-manifest.json";

    /// <summary>Every file a run writes.</summary>
    public static IReadOnlyList<string> Files { get; } =
        [SampleSummary.AnalyticsFileName, SampleSummary.CrmFileName, SampleSummary.SurveyFileName, DefinitionFileName, ManifestFileName];

    /// <summary>
    /// Writes the three exports, <c>journey.json</c> (the sample journey, reading the uncompressed analytics export) and
    /// the manifest into <paramref name="directory"/> (created if missing).
    /// </summary>
    /// <param name="options">What to generate.</param>
    /// <param name="directory">The output folder.</param>
    /// <param name="force">Write even when <see cref="Conflicts"/> finds some (nothing is deleted).</param>
    /// <exception cref="SampleFolderConflictException">The folder holds other exports, and <paramref name="force"/> is false.</exception>
    public static SampleSummary Write(SampleOptions options, string directory, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var conflicts = Conflicts(directory, options);
        if (conflicts.Count > 0 && !force) throw new SampleFolderConflictException(directory, conflicts);
        Directory.CreateDirectory(directory);
        // The manifest first: a run stopped half-way leaves files the next run with the same seed may overwrite.
        File.WriteAllText(Path.Combine(directory, ManifestFileName), Manifest(options));
        var summary = SampleGenerator.Generate(options, directory);
        File.WriteAllText(Path.Combine(directory, DefinitionFileName), Definition(options));
        return summary;
    }

    /// <summary>
    /// Why writing <paramref name="options"/>' exports into <paramref name="directory"/> would mix datasets, one sentence
    /// per problem (empty when the folder is missing, empty, or holds only a previous run with the same seed):
    /// export-like files (<c>*.csv</c>, <c>*.tsv</c>, <c>*.gz</c>, or named like ours) this run would not overwrite;
    /// files this run would overwrite when no manifest says they were generated, or the manifest's seed differs.
    /// </summary>
    public static IReadOnlyList<string> Conflicts(string directory, SampleOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        var conflicts = new List<string>();
        if (!Directory.Exists(directory)) return conflicts;

        var present = Directory.GetFiles(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var ours = new HashSet<string>(Files, StringComparer.OrdinalIgnoreCase);
        var others = present.Where(f => !ours.Contains(f) && LooksLikeExport(f)).ToList();
        if (others.Count > 0)
            conflicts.Add($"it holds exports this run would not replace ({string.Join(", ", others)})");

        var overwritten = present.Where(f => ours.Contains(f) && !string.Equals(f, ManifestFileName, StringComparison.OrdinalIgnoreCase)).ToList();
        if (overwritten.Count == 0) return conflicts;
        var manifest = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(manifest))
            conflicts.Add($"{string.Join(", ", overwritten)} would be overwritten, and no {ManifestFileName} says they were generated");
        else if (ReadSeed(manifest) is not { } seed)
            conflicts.Add($"{ManifestFileName} is not a manifest this generator wrote, so {string.Join(", ", overwritten)} may hold other data");
        else if (seed != options.Seed)
            conflicts.Add(string.Create(CultureInfo.InvariantCulture,
                $"{string.Join(", ", overwritten)} were generated with seed {seed}, this run uses seed {options.Seed}"));
        return conflicts;
    }

    private static bool LooksLikeExport(string name) =>
        name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ||
        name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ||
        new[] { SampleSummary.AnalyticsFileName, SampleSummary.CrmFileName, SampleSummary.SurveyFileName }
            .Any(f => name.StartsWith(Path.GetFileNameWithoutExtension(f), StringComparison.OrdinalIgnoreCase));

    private static int? ReadSeed(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.ValueKind == JsonValueKind.Object
                   && doc.RootElement.TryGetProperty("generator", out var g) && g.ValueKind == JsonValueKind.String && g.GetString() == Generator
                   && doc.RootElement.TryGetProperty("seed", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var seed)
                ? seed : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private const string Generator = "JourneyInsights.Samples";

    private static string Manifest(SampleOptions o)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("generator", Generator);
            json.WriteNumber("seed", o.Seed);
            json.WriteNumber("customers", o.Customers);
            json.WriteNumber("months", o.Months);
            json.WriteString("endMonth", o.EndMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture));
            json.WriteStartArray("files");
            foreach (var f in Files) json.WriteStringValue(f);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>The sample journey (data-samples/journey.json, embedded), reading the uncompressed analytics export.</summary>
    private static string Definition(SampleOptions o)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("JourneyInsights.Samples.journey.json")
            ?? throw new InvalidOperationException("the sample journey definition is not embedded in JourneyInsights.Samples");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd().Replace(SampleSummary.AnalyticsFileName + ".gz", SampleSummary.AnalyticsFileName, StringComparison.Ordinal);
        var header = string.Create(CultureInfo.InvariantCulture,
            $"// Written by the sample generator: {o.Customers} contacts, {o.Months} months to {o.EndMonth:yyyy-MM}, seed {o.Seed} (see {ManifestFileName}).\n");
        return header + text;
    }
}

/// <summary>The folder given to <see cref="SampleFolder.Write"/> holds other exports; <see cref="Conflicts"/> says which and why.</summary>
public sealed class SampleFolderConflictException(string directory, IReadOnlyList<string> conflicts) : IOException(
    $"refusing to write sample exports into {directory}: {string.Join("; ", conflicts)}. A journey.json beside them would mix two datasets. " +
    "Use an empty folder, remove those files, or pass --force to write anyway.")
{
    /// <summary>The folder.</summary>
    public string Directory { get; } = directory;

    /// <summary>One sentence per problem found.</summary>
    public IReadOnlyList<string> Conflicts { get; } = conflicts;
}
