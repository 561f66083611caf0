
namespace JourneyInsights.Samples.Tests;

/// <summary>One generation at the documented defaults (3,000 contacts, 13 months, seed 42, end 2026-10), shared by the tests.</summary>
public sealed class SampleGeneratorFixture : IDisposable
{
    public static readonly SampleOptions Defaults = new(3000, 13, 42, new DateOnly(2026, 10, 1));

    public SampleGeneratorFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "ji-samples-" + Guid.NewGuid().ToString("N"));
        Summary = SampleGenerator.Generate(Defaults, Directory);
    }

    public string Directory { get; }

    public SampleSummary Summary { get; }

    public string Analytics => Path.Combine(Directory, SampleSummary.AnalyticsFileName);

    public string Crm => Path.Combine(Directory, SampleSummary.CrmFileName);

    public string Survey => Path.Combine(Directory, SampleSummary.SurveyFileName);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
