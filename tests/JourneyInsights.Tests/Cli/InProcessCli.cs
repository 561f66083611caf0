using JourneyInsights.Cli;

namespace JourneyInsights.Tests.Cli;

/// <summary>Runs the journey command in-process and captures its exit code, output and errors.</summary>
internal static class InProcessCli
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = JourneyCli.RunAsync(args, output, error).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }
}
