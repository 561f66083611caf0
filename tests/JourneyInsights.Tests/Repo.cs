namespace JourneyInsights.Tests;

/// <summary>Paths inside the repository, found from the test assembly's folder.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();
    public static string Samples => Path.Combine(Root, "data-samples");
    public static string SampleDefinition => Path.Combine(Samples, "journey.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "JourneyInsights.sln"))) return dir.FullName;
        throw new InvalidOperationException("JourneyInsights.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>The sample journey, loaded once for every test class that asks for it.</summary>
public sealed class SampleJourney
{
    public Journey Journey { get; } = Journey.Load(Repo.SampleDefinition);
}
