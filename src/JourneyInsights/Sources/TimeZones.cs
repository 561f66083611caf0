namespace JourneyInsights.Sources;

/// <summary>Time-zone lookup and local-to-UTC conversion with explicit rules for daylight-saving gaps and overlaps.</summary>
public static class TimeZones
{
    /// <summary>Finds an IANA (or Windows) time zone, or null.</summary>
    public static TimeZoneInfo? TryFind(string id)
    {
        if (string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase)) return TimeZoneInfo.Utc;
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) { return null; }
        catch (InvalidTimeZoneException) { return null; }
    }

    /// <summary>
    /// Converts a wall-clock time in <paramref name="zone"/> to UTC. A time inside a spring-forward gap is moved
    /// forward by the gap (02:30 becomes 03:30 local); an ambiguous time in a fall-back overlap takes the first
    /// occurrence (the daylight-saving offset), as most exporting systems do.
    /// </summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        if (zone == TimeZoneInfo.Utc) return DateTime.SpecifyKind(local, DateTimeKind.Utc);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            var before = zone.GetUtcOffset(local.AddHours(-3));
            var after = zone.GetUtcOffset(local.AddHours(3));
            local = local + (after - before);
        }
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var offset = offsets.Max();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>Converts a UTC instant to the wall-clock time of <paramref name="zone"/>.</summary>
    public static DateTime FromUtc(DateTime utc, TimeZoneInfo zone) =>
        zone == TimeZoneInfo.Utc ? utc : TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
}
