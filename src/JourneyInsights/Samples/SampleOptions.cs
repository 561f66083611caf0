namespace JourneyInsights.Samples;

/// <summary>Parameters of the deterministic sample-export generator.</summary>
/// <param name="Customers">Number of people (visitors) to simulate; roughly 60 % become CRM contacts.</param>
/// <param name="Months">Number of calendar months covered, ending with <paramref name="EndMonth"/>.</param>
/// <param name="Seed">Random seed: the same options give byte-identical files.</param>
/// <param name="EndMonth">Last month covered (the last complete month of the data), first day of month, UTC.</param>
public sealed record SampleOptions(int Customers, int Months, int Seed, DateOnly EndMonth);
