using JourneyInsights.Bench;

return await BenchCli.RunAsync(args);
