namespace JourneyInsights.Notebooks.Tests;

/// <summary><c>dotnet run notebooks/explore.cs</c>, the file-based app for those who leave notebooks, run as a process.</summary>
[Collection(FileBasedApps.Name)]
public class ExploreScriptTests(SampleJourney sample) : IClassFixture<SampleJourney>
{
    [Fact]
    public async Task Explore_cs_prints_the_first_analysis_of_notebook_01()
    {
        var output = await FileBasedApps.Run(["run", "notebooks/explore.cs"]);
        var journey = sample.Journey;
        Assert.Contains($"{journey.Definition.Name}: cohort months {journey.Months[0]} to {journey.Months[^1]}", output);
        foreach (var r in journey.Sources.Reports)
            Assert.Matches($@"{r.Source}\s+{r.Kind}\s+{r.RowsRead:#,##0}\s+{r.RowsAccepted:#,##0}\s+{r.RowsRejected:#,##0}", output);
        Assert.Contains("'Q_NPS' range: expected a value from 0 to 10", output);
        Assert.Matches($@"customers\s+{journey.Data.Identity.Customers:#,##0}", output);
    }
}
