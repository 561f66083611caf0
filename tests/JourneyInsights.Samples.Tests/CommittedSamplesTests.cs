using System.IO.Compression;

namespace JourneyInsights.Samples.Tests;

/// <summary>
/// The committed data-samples/ are the generator's output at the documented defaults (data-samples/README.md): any change
/// to the simulation or to a writer that moves one byte shows here. The analytics file is committed gzipped.
/// </summary>
public sealed class CommittedSamplesTests(SampleGeneratorFixture fx) : IClassFixture<SampleGeneratorFixture>
{
    [Fact]
    public void Generating_at_the_defaults_reproduces_the_committed_samples_byte_for_byte()
    {
        string samples = Path.Combine(RepoRoot(), "data-samples");
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(samples, SampleSummary.AnalyticsFileName + ".gz")), CompressionMode.Decompress))
        using (var committed = new MemoryStream())
        {
            gz.CopyTo(committed);
            Assert.True(committed.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(fx.Analytics)), "analytics-events.csv differs from data-samples/analytics-events.csv.gz");
        }

        Assert.True(File.ReadAllBytes(Path.Combine(samples, SampleSummary.CrmFileName)).AsSpan().SequenceEqual(File.ReadAllBytes(fx.Crm)), "crm-contacts.csv differs");
        Assert.True(File.ReadAllBytes(Path.Combine(samples, SampleSummary.SurveyFileName)).AsSpan().SequenceEqual(File.ReadAllBytes(fx.Survey)), "survey-responses.csv differs");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "JourneyInsights.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("JourneyInsights.sln not found above " + AppContext.BaseDirectory);
    }
}
