namespace JourneyInsights.Reporting.Run;

/// <summary>
/// The named steps of publishing a report folder, and a test hook at each: the kill tests stop a real process exactly
/// at a step instead of hoping a timed signal lands there. Set <c>JOURNEYINSIGHTS_TEST_KILL_AT=step</c> to have the
/// process kill itself (SIGKILL: no clean-up runs) when it reaches the step, or <c>JOURNEYINSIGHTS_TEST_HOLD_AT=step</c>
/// to have it print <c>test hook: holding at step</c> to standard error and wait there until it is cancelled (SIGINT,
/// SIGTERM) or killed. Unset (always, outside the tests) they cost one environment lookup per step.
/// </summary>
public static class PublishSteps
{
    /// <summary>Every output is complete in the temporary folder <c>.YYYY-MM.partial-*</c>; nothing published yet.</summary>
    public const string Written = "written";
    /// <summary>The previous report has been renamed to <c>.YYYY-MM.previous-*</c>; the month's folder is missing until the next step.</summary>
    public const string SetAside = "set-aside";
    /// <summary>The new report is in <c>YYYY-MM/</c>; the previous one (if any) not yet deleted.</summary>
    public const string MovedIn = "moved-in";
    /// <summary>The previous report has been deleted; only the month's lock file remains until the run ends.</summary>
    public const string Cleaned = "cleaned";

    /// <summary>All steps in the order a run reaches them (<see cref="SetAside"/> and <see cref="Cleaned"/> only when replacing a report).</summary>
    public static IReadOnlyList<string> All { get; } = [Written, SetAside, MovedIn, Cleaned];

    /// <summary>The environment variable that kills the process at a step.</summary>
    public const string KillVariable = "JOURNEYINSIGHTS_TEST_KILL_AT";
    /// <summary>The environment variable that holds the process at a step until it is cancelled.</summary>
    public const string HoldVariable = "JOURNEYINSIGHTS_TEST_HOLD_AT";

    internal static void Reached(string step, CancellationToken cancellation)
    {
        if (Environment.GetEnvironmentVariable(KillVariable) == step)
        {
            Console.Error.WriteLine($"test hook: killed at {step}");
            Console.Error.Flush();
            System.Diagnostics.Process.GetCurrentProcess().Kill();
            Thread.Sleep(Timeout.Infinite);
        }
        if (Environment.GetEnvironmentVariable(HoldVariable) == step)
        {
            Console.Error.WriteLine($"test hook: holding at {step}");
            Console.Error.Flush();
            cancellation.WaitHandle.WaitOne();
            cancellation.ThrowIfCancellationRequested();
        }
    }
}
