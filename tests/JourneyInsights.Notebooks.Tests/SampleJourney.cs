namespace JourneyInsights.Notebooks.Tests;

/// <summary>The sample journey, loaded once per test class that asks for it.</summary>
public sealed class SampleJourney
{
    public Journey Journey { get; } = Journey.Load(Repo.SampleDefinition);
}
