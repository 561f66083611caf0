using JourneyInsights.Cli;

return await JourneyCli.RunAsync(args, Console.Out, Console.Error);
