using System.Runtime.CompilerServices;

namespace JourneyInsights.TestSupport;

/// <summary>
/// Sets <c>JOURNEYINSIGHTS_KEY</c> to a fixed test secret when the test assembly loads, so customer keys are the same on
/// every machine and no test creates the real secret file under the home folder. Child processes (the CLI, notebook
/// runs) inherit it. A test of the secret file itself clears it for the process it starts.
/// </summary>
internal static class TestSecret
{
    /// <summary>64 hex digits (32 bytes: the ASCII of "journeyinsights test secret not!").</summary>
    public const string Value = "6a6f75726e6579696e736967687473207465737420736563726574206e6f7421";

#pragma warning disable CA2255 // a module initializer is the one place that runs before any test of the assembly
    [ModuleInitializer]
    internal static void Set()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNEYINSIGHTS_KEY")))
            Environment.SetEnvironmentVariable("JOURNEYINSIGHTS_KEY", Value);
    }
#pragma warning restore CA2255
}
