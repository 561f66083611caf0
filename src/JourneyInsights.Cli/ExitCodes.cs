namespace JourneyInsights.Cli;

/// <summary>The documented exit codes of the <c>journey</c> command.</summary>
public static class ExitCodes
{
    /// <summary>Success; in lenient mode rows may have been rejected (see rejected-rows.csv and the warnings).</summary>
    public const int Success = 0;
    /// <summary>Data errors in strict mode, or unusable input (missing or unreadable file, invalid journey definition, no dated rows), an unwritable output folder, or another run writing the same month.</summary>
    public const int DataError = 1;
    /// <summary>Bad usage: unknown command or option, a malformed value.</summary>
    public const int Usage = 2;
    /// <summary>
    /// The report was written completely, and <c>--alert-on significant-decline</c> was given and the report holds a
    /// significant decline (summary.json <c>alerts</c>; each is printed on standard error as <c>alert: …</c>).
    /// </summary>
    public const int Alert = 3;
    /// <summary>An unexpected error: a bug in JourneyInsights (the message says what failed).</summary>
    public const int Internal = 70;
    /// <summary>Interrupted (SIGINT, SIGTERM): the partial report was removed; the previous one is unchanged.</summary>
    public const int Interrupted = 130;
}
