using JourneyInsights.Definition;

namespace JourneyInsights.Sources;

/// <summary>The built-in column maps for common exports, kept as JSON resources (Sources/Presets/*.json).</summary>
public static class ColumnMapPresets
{
    private const string Prefix = "JourneyInsights.Presets.";

    /// <summary>The preset names, e.g. <c>ga4</c>, <c>hubspot</c>, <c>qualtrics</c>.</summary>
    public static IReadOnlySet<string> Names { get; } = typeof(ColumnMapPresets).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..^".json".Length])
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The preset of that name.</summary>
    public static ColumnMap Get(string name)
    {
        using var stream = typeof(ColumnMapPresets).Assembly.GetManifestResourceStream(Prefix + name + ".json")
            ?? throw new ArgumentException($"No column-map preset '{name}'. Presets: {string.Join(", ", Names.Order())}", nameof(name));
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return JourneyDefinitionReader.Deserialize<ColumnMap>(ms.ToArray(), $"preset {name}");
    }
}
