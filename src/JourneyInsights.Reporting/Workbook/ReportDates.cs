using JourneyInsights.Metrics;
using JourneyInsights.Sources;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>Times are UTC inside the report; the workbook shows them as dates of the report's time zone.</summary>
internal static class ReportDates
{
    public static TimeZoneInfo Zone(JourneyReport r) => TimeZones.TryFind(r.ReportTimeZone) ?? TimeZoneInfo.Utc;

    public static DateTime LocalDate(DateTime utc, TimeZoneInfo zone) => TimeZones.FromUtc(utc, zone).Date;

    public static DateTime? LocalDate(DateTime? utc, TimeZoneInfo zone) => utc is { } u ? LocalDate(u, zone) : null;
}
