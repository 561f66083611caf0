using JourneyInsights.Metrics;

namespace JourneyInsights.Reporting.Tests;

/// <summary>The sample journey's report for 2026-08 (the checkout-incident month), computed once per test class.</summary>
public sealed class SampleReport
{
    public static string Root { get; } = FindRoot();
    public Journey Journey { get; } = Journey.Load(Path.Combine(Root, "data-samples", "journey.json"));
    public JourneyReport Report { get; }

    public SampleReport() => Report = JourneyReport.Compute(Journey, "2026-08");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "JourneyInsights.sln"))) return dir.FullName;
        throw new InvalidOperationException("JourneyInsights.sln not found");
    }
}
