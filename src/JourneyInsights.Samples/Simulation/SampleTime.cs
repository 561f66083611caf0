namespace JourneyInsights.Samples.Simulation;

/// <summary>The simulation's clock: instants are microseconds since the Unix epoch, UTC (GA4's own unit).</summary>
internal static class SampleTime
{
    public static long ToMicros(DateOnly day) =>
        (day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / 10;

    public static DateTime ToUtc(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10);
}
