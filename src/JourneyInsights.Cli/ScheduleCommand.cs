using System.CommandLine;
using System.Globalization;
using Cronos;

namespace JourneyInsights.Cli;

/// <summary><c>journey schedule next --cron "0 6 1 * *"</c>: prints the next run times of a cron expression, to check it before scheduling.</summary>
internal static class ScheduleCommand
{
    public static Command Create(TextWriter output)
    {
        var cron = new Option<string>("--cron") { Description = "A cron expression (5 fields, or 6 with seconds), e.g. \"0 6 1 * *\" = 06:00 on the 1st of every month.", Required = true };
        var zone = new Option<string>("--time-zone") { Description = "IANA time zone the expression is read in (default UTC).", DefaultValueFactory = _ => "UTC" };
        var count = new Option<int>("--count", "-n") { Description = "How many run times to print.", DefaultValueFactory = _ => 5 };
        var config = new Option<string?>("--config", "-c") { Description = "The journey definition whose report time zone cuts the months (default: as journey report)." };
        var after = new Option<string?>("--from") { Description = "List the runs after this instant (ISO 8601, UTC unless an offset is given), e.g. 2026-11-30T00:00Z. Default: now." };
        var next = new Command("next", "Print the next run times of a cron expression and the month each run reports.") { cron, zone, count, config, after };
        next.SetAction(parse =>
        {
            var text = parse.GetValue(cron)!;
            var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            CronExpression expression;
            try { expression = CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard); }
            catch (CronFormatException ex) { throw new UsageException($"invalid cron expression '{text}': {ex.Message}"); }
            var tz = Sources.TimeZones.TryFind(parse.GetValue(zone)!) ?? throw new UsageException($"unknown time zone '{parse.GetValue(zone)}'");
            var n = parse.GetValue(count);
            if (n is < 1 or > 100) throw new UsageException("--count must be between 1 and 100");
            // The month a run reports is cut in the journey's report time zone, exactly as `report --month previous` cuts it.
            var definition = Definition.JourneyDefinition.Load(JourneyCli.ResolveConfig(parse.GetValue(config)));
            var reportZone = Sources.TimeZones.TryFind(definition.ReportTimeZone)!;
            var from = DateTime.UtcNow;
            if (parse.GetValue(after) is { } given &&
                !DateTime.TryParse(given, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out from))
                throw new UsageException($"--from expects an instant like 2026-11-30T00:00Z; found '{given}'");
            output.WriteLine($"Next {n} run(s) of \"{text}\" in {tz.Id}; report month as `journey report --month previous` in the report time zone {reportZone.Id} ({definition.Name}):");
            foreach (var at in expression.GetOccurrences(from, from.AddYears(5), tz).Take(n))
            {
                var local = TimeZoneInfo.ConvertTimeFromUtc(at, tz);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {local:yyyy-MM-dd HH:mm} {tz.Id}   ({at:yyyy-MM-dd HH:mm}Z)   report month: {ReportCommand.PreviousMonthAt(at, reportZone)}"));
            }
            return ExitCodes.Success;
        });
        return new Command("schedule", "Help with scheduling the monthly report.") { next };
    }
}
