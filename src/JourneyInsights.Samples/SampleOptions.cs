namespace JourneyInsights.Samples;

/// <summary>Parameters of the deterministic sample-export generator.</summary>
/// <param name="Customers">Number of CRM contacts aimed at (people who sign up). Anonymous-only visitors are simulated
/// on top of them, so about <c>Customers / 0.6</c> people are generated (see <see cref="SampleGenerator.PeopleFor"/>).</param>
/// <param name="Months">Number of calendar months covered, ending with <paramref name="EndMonth"/>.</param>
/// <param name="Seed">Random seed: the same options give byte-identical files.</param>
/// <param name="EndMonth">Last month covered (the last complete month of the data), first day of month, UTC.</param>
public sealed record SampleOptions(int Customers, int Months, int Seed, DateOnly EndMonth);
