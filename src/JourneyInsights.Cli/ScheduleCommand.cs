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
        var next = new Command("next", "Print the next run times of a cron expression.") { cron, zone, count };
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
            var from = DateTime.UtcNow;
            output.WriteLine($"Next {n} run(s) of \"{text}\" in {tz.Id}:");
            foreach (var at in expression.GetOccurrences(from, from.AddYears(5), tz).Take(n))
            {
                var local = TimeZoneInfo.ConvertTimeFromUtc(at, tz);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {local:yyyy-MM-dd HH:mm} {tz.Id}   ({at:yyyy-MM-dd HH:mm}Z)   report month (--month previous): {local.AddMonths(-1):yyyy-MM}"));
            }
            return ExitCodes.Success;
        });
        return new Command("schedule", "Help with scheduling the monthly report.") { next };
    }
}
