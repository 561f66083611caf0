namespace JourneyInsights.Sources;

/// <summary>How sources are loaded.</summary>
/// <param name="Strict">Stop at the first rejected row with a <see cref="DataQualityException"/> instead of quarantining it.</param>
public sealed record LoadOptions(bool Strict = false)
{
    public static LoadOptions Lenient { get; } = new();
}
