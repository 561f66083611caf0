using System.Globalization;
using JourneyInsights.Definition;
using JourneyInsights.Journeys;
using JourneyInsights.Metrics;
using JourneyInsights.Sources;

namespace JourneyInsights;

/// <summary>
/// The entry point for analysts and the report runner: load a journey definition and its exports, then ask for funnels,
/// emotion trends and pain points. Months are "YYYY-MM" in the report time zone; omitted, the last complete month of the data.
/// <code>
/// var journey = Journey.Load("data-samples/journey.json");
/// var funnel = journey.Funnel(month: "2026-10");
/// var byPersona = journey.Funnel(month: "2026-10", by: "persona");
/// </code>
/// </summary>
public sealed class Journey
{
    private Journey(SourceSet sources, JourneyData data, Timelines timelines, DateTime? asOfUtc)
    {
        Sources = sources; Data = data; Timelines = timelines; AsOfUtc = asOfUtc;
        var months = timelines.CohortMonth.Where(m => m >= 0).ToArray();
        var end = TimeZones.FromUtc(data.DataEnd, data.TimeZone);
        var start = TimeZones.FromUtc(data.DataStart, data.TimeZone);
        LatestMonth = end.Year * 12 + end.Month - 1;
        // As of a cutoff, the month holding the cutoff is in the data even when nothing happened in it (a month with no
        // customers), as long as the loaded rows reach it.
        if (asOfUtc is { } cut && sources.Reports.Max(r => r.LastTimestamp) is { } rawLast && Placed)
        {
            var cutMonth = MonthKeyOf(TimeZones.FromUtc(cut < rawLast ? cut : rawLast, data.TimeZone));
            LatestMonth = Math.Max(LatestMonth, cutMonth);
        }
        LastCompleteMonth = DefaultMonth(start, end);
        DataStartMonth = Timelines.MonthKey(start.Year, start.Month);
        FirstMonth = months.Length > 0 ? Math.Min(months.Min(), LatestMonth) : LatestMonth;
    }

    /// <summary>
    /// The default report month of data running from <paramref name="first"/> to <paramref name="last"/> (report time
    /// zone): the last month the data covers to its last day, or, when the data does not reach the end of any month
    /// it covers (less than a full month of data), the latest month.
    /// </summary>
    public static int DefaultMonth(DateTime first, DateTime last)
    {
        var latest = MonthKeyOf(last);
        var complete = last.Day == DateTime.DaysInMonth(last.Year, last.Month) ? latest : latest - 1;
        return complete < MonthKeyOf(first) ? latest : complete;
    }

    private static int MonthKeyOf(DateTime local) => Timelines.MonthKey(local.Year, local.Month);

    /// <summary>True when at least one record was placed in a stage (or one survey response read): there is something to report.</summary>
    public bool Placed => Data.Touchpoints.Count > 0 || Data.Responses.Count > 0;

    public JourneyDefinition Definition => Sources.Definition;
    /// <summary>The loaded exports with their data-quality reports.</summary>
    public SourceSet Sources { get; }
    /// <summary>The stitched customers, touchpoints and responses.</summary>
    public JourneyData Data { get; }
    public Timelines Timelines { get; }
    /// <summary>Month key of the latest month in the data (the default report month).</summary>
    public int LatestMonth { get; }
    /// <summary>Month key of the default report month: the last month the data covers to its last day, or the latest month when the data covers less than a full month (see <see cref="DefaultMonth"/>).</summary>
    public int LastCompleteMonth { get; }
    /// <summary>Month key of the first cohort month.</summary>
    public int FirstMonth { get; }
    /// <summary>Month key (report time zone) of the first row placed in the journey: trend windows start no earlier.</summary>
    public int DataStartMonth { get; }
    public IReadOnlyList<string> Stages => Data.Stages;
    /// <summary>The cutoff the journey was built with (data recorded later left out), or null for all data.</summary>
    public DateTime? AsOfUtc { get; }

    /// <summary>Loads the definition, its exports, stitches identities and computes timelines.</summary>
    public static Journey Load(string definitionPath, LoadOptions? options = null) =>
        FromSources(SourceSet.Load(JourneyDefinition.Load(definitionPath), options));

    /// <summary>
    /// Stitches the loaded sources; with <paramref name="asOfUtc"/>, as the data stood at that instant (see
    /// <see cref="JourneyBuilder.Build"/>). <paramref name="releaseRows"/>: let go of the loaded rows while stitching (a
    /// batch run that needs only this journey afterwards; <see cref="Report(string?, string)"/> at another cutoff then fails).
    /// </summary>
    public static Journey FromSources(SourceSet sources, DateTime? asOfUtc = null, bool releaseRows = false)
    {
        var (data, timelines) = JourneyBuilder.BuildWithTimelines(sources, asOfUtc, releaseRows);
        if (releaseRows) JourneyBuilder.ReturnReleasedMemory();
        if (sources.Definition.Funnel.CountBy == "session" && data.Touchpoints.SessionCount == 0 && data.Touchpoints.Count > 0)
            throw new InvalidDataException("the funnel counts by session (funnel.countBy), but no analytics event has a session id (is the column missing?): "
                + string.Join(", ", sources.Definition.Sources.Where(s => s.Kind == SourceKind.Analytics).Select(s => $"'{s.FullPath}'"))
                + " (expected ga_session_id, session_id or event_params.ga_session_id, as the column map says)");
        return new Journey(sources, data, timelines, asOfUtc);
    }

    /// <summary>Month key of "YYYY-MM" or "latest" (the latest month in the data); null gives the last complete month.</summary>
    /// <exception cref="ArgumentException">Not a month.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A month outside the data.</exception>
    /// <exception cref="InvalidDataException">Nothing in the data was placed in a stage: there is no month to report.</exception>
    public int Month(string? month)
    {
        if (!Placed) throw new InvalidDataException(NothingPlacedMessage());
        if (month is null) return LastCompleteMonth;
        if (month == "latest") return LatestMonth;
        int key;
        try { key = ReportPeriod.ParseMonth(month); }
        catch (ArgumentException) { throw new ArgumentException($"expected a month as YYYY-MM or 'latest'; found '{month}'", nameof(month)); }
        var first = Math.Min(FirstMonth, DataStartMonth);
        if (key < first || key > LatestMonth)
            throw new ArgumentOutOfRangeException(nameof(month), month,
                $"month {month} is outside the data, which covers {Timelines.MonthText(first)} to {Timelines.MonthText(LatestMonth)}");
        return key;
    }

    /// <summary>The last instant of a month (YYYY-MM) in the definition's report time zone, as UTC: the as-of cutoff of that month's report.</summary>
    public static DateTime MonthEndUtc(JourneyDefinition definition, string month) =>
        ReportPeriod.MonthEndCutoff(ReportPeriod.ParseMonth(month), TimeZones.TryFind(definition.ReportTimeZone)!);

    /// <summary>
    /// The default report month of the loaded data (report time zone), before any cutoff: the last month the data covers
    /// to its last day, or the latest month when the data covers less than a full month (see <see cref="DefaultMonth"/>).
    /// Future-dated rows were rejected while loading, so they cannot move it.
    /// </summary>
    /// <exception cref="InvalidDataException">No source holds a dated row.</exception>
    public static string LastCompleteMonthOf(SourceSet sources)
    {
        var (first, last) = DataRange(sources);
        return Timelines.MonthText(DefaultMonth(first, last));
    }

    /// <summary>Why there is nothing to report: no record matched a touchpoint rule with a stage (the most frequent unmatched records named).</summary>
    private string NothingPlacedMessage()
    {
        var read = Sources.Reports.Sum(r => r.RowsAccepted);
        var unmatched = Data.Placement.Unmatched.Take(3).Select(u => string.Create(CultureInfo.InvariantCulture, $"'{u.What}' ({u.Rows:N0} {(u.Rows == 1 ? "row" : "rows")})")).ToList();
        return string.Create(CultureInfo.InvariantCulture, $"nothing to report: none of the {read:N0} accepted rows was placed in a stage")
            + (Data.Placement.Unstaged > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({Data.Placement.Unstaged:N0} matched rules without a stage)") : "")
            + (unmatched.Count > 0 ? $"; the touchpoint rules match none of the most frequent records: {string.Join(", ", unmatched)}" : "")
            + ". Check the touchpoint rules' events, pages, milestones and surveys in the journey definition.";
    }

    /// <summary>
    /// Checks a report month against the loaded data before any stitching, with the same rule and message as
    /// <see cref="Month"/>: YYYY-MM between the months of the first and the last dated row (report time zone).
    /// </summary>
    /// <exception cref="ArgumentException">Not a month, or (<see cref="ArgumentOutOfRangeException"/>) outside the data.</exception>
    public static void CheckReportMonth(SourceSet sources, string month)
    {
        if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw new ArgumentException($"expected a month as YYYY-MM; found '{month}'", nameof(month));
        var (first, last) = DataRange(sources);
        string from = first.ToString("yyyy-MM", CultureInfo.InvariantCulture), to = last.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (string.CompareOrdinal(month, from) < 0 || string.CompareOrdinal(month, to) > 0)
            throw new ArgumentOutOfRangeException(nameof(month), month, $"month {month} is outside the data, which covers {from} to {to}");
    }

    /// <summary>First and last dated row of the loaded sources, in the report time zone.</summary>
    private static (DateTime First, DateTime Last) DataRange(SourceSet sources)
    {
        var zone = TimeZones.TryFind(sources.Definition.ReportTimeZone)!;
        var first = sources.Reports.Min(r => r.FirstTimestamp);
        var last = sources.Reports.Max(r => r.LastTimestamp);
        if (first is null || last is null) throw new InvalidDataException("the sources hold no dated rows: there is nothing to report");
        return (TimeZones.FromUtc(first.Value, zone), TimeZones.FromUtc(last.Value, zone));
    }

    /// <summary>
    /// The report period of <paramref name="month"/> (YYYY-MM, "latest", or null for the last complete month) over this
    /// journey as loaded: its cutoff is the journey's <see cref="AsOfUtc"/>, or the end of its data.
    /// </summary>
    public ReportPeriod Period(string? month = null) =>
        ReportPeriod.Create(Definition, Data.TimeZone, Month(month), AsOfUtc ?? Data.DataEnd);

    /// <summary>
    /// The monthly report of <paramref name="month"/> exactly as <c>journey report</c> computes it: with
    /// <paramref name="asOf"/> "month-end" (the default) the journey is rebuilt from the loaded sources as the data stood
    /// at the end of the month (rows recorded later left out), "all" uses every row, and an ISO-8601 UTC instant
    /// (<c>2026-08-20T00:00:00Z</c>) cuts there. Month null = the last complete month of the sources.
    /// <code>var report = journey.Report("2026-08");   // the numbers of `journey report --month 2026-08`</code>
    /// </summary>
    /// <exception cref="ArgumentException">Not a month, a month outside the data, or an unknown <paramref name="asOf"/>.</exception>
    /// <exception cref="InvalidOperationException">The source rows were released, so the journey cannot be rebuilt at another cutoff.</exception>
    public JourneyReport Report(string? month = null, string asOf = "month-end")
    {
        var (journey, period) = ForReport(Sources, month, asOf, this);
        return JourneyReport.Compute(journey, period);
    }

    /// <summary>
    /// Resolves a report request once, the same way for the CLI, the bench and notebooks: the month (null = last complete
    /// month of the sources), the cutoff (<paramref name="asOf"/>: "month-end", "all" or an ISO-8601 UTC instant), the
    /// journey stitched as of that cutoff and its <see cref="ReportPeriod"/>. <paramref name="reuse"/> is returned
    /// instead of a rebuild when it was built from the same sources with the same cutoff. <paramref name="releaseRows"/>:
    /// a new journey lets go of the loaded rows while it is stitched (see <see cref="FromSources"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Not a month, a month outside the data (<see cref="ArgumentOutOfRangeException"/>), or an unknown <paramref name="asOf"/>.</exception>
    public static (Journey Journey, ReportPeriod Period) ForReport(SourceSet sources, string? month, string asOf = "month-end",
        Journey? reuse = null, CancellationToken cancellation = default, bool releaseRows = false)
    {
        var requested = month ?? LastCompleteMonthOf(sources);
        CheckReportMonth(sources, requested);
        var zone = TimeZones.TryFind(sources.Definition.ReportTimeZone)!;
        var key = ReportPeriod.ParseMonth(requested);
        DateTime? cutoff = asOf switch
        {
            "month-end" => ReportPeriod.MonthEndCutoff(key, zone),
            "all" => null,
            _ when DateTime.TryParse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at) => at,
            _ => throw new ArgumentException($"asOf expects 'month-end', 'all' or an ISO-8601 UTC instant; found '{asOf}'", nameof(asOf)),
        };
        cancellation.ThrowIfCancellationRequested();
        var journey = reuse is not null && ReferenceEquals(reuse.Sources, sources) && reuse.AsOfUtc == cutoff ? reuse : FromSources(sources, cutoff, releaseRows);
        var period = ReportPeriod.Create(sources.Definition, zone, journey.Month(requested), cutoff ?? journey.Data.DataEnd);
        return (journey, period);
    }

    /// <summary>"YYYY-MM" of every cohort month in the data.</summary>
    public IReadOnlyList<string> Months => Enumerable.Range(FirstMonth, LatestMonth - FirstMonth + 1).Select(Timelines.MonthText).ToList();

    /// <summary>The stage funnel of one cohort month.</summary>
    public FunnelResult Funnel(string? month = null) => FunnelAnalysis.Compute(Data, Timelines, Month(month));

    private Timelines? _sessionTimelines;

    /// <summary>
    /// One timeline per session (<see cref="Timelines.ComputeSessions"/>, the same funnel rules) when the definition counts
    /// by session (<c>funnel.countBy: "session"</c>) and a session id was read; otherwise null.
    /// </summary>
    public Timelines? SessionTimelines => Definition.Funnel.CountBy == "session" && Data.Touchpoints.Session is not null
        ? _sessionTimelines ??= Timelines.ComputeSessions(Data, Timelines.Rules)
        : null;

    /// <summary>
    /// The funnel of the sessions of one cohort month (a session's month: that of its first stage-1 entry): the counts
    /// are sessions, each counting at stage k when it entered stages 1..k itself. See docs/metrics.md ("Counting by session").
    /// </summary>
    /// <exception cref="InvalidOperationException">The definition does not count by session (<c>funnel.countBy</c>).</exception>
    public FunnelResult SessionFunnel(string? month = null) =>
        FunnelAnalysis.Compute(Data, SessionTimelines ?? throw new InvalidOperationException(
            "the definition does not count by session: set \"countBy\": \"session\" in its funnel and map session_id in the analytics column map"), Month(month));

    /// <summary>The stage funnel of one cohort month split by persona, channel, device or region.</summary>
    public FunnelBreakdown Funnel(string? month, string by) => FunnelAnalysis.Breakdown(Data, Timelines, Month(month), by);

    /// <summary>The funnel over every cohort in the data.</summary>
    public FunnelResult FunnelAllCohorts() => FunnelAnalysis.Compute(Data, Timelines, null);

    /// <summary>Funnels of the last <paramref name="months"/> cohort months ending with <paramref name="endMonth"/>, with month-over-month tests.</summary>
    public FunnelTrend ConversionTrend(string? endMonth = null, int months = 12) =>
        FunnelAnalysis.Trend(new CohortFunnels(Data, Timelines, Period(endMonth)), months);

    public IReadOnlyList<EmotionSummary> EmotionByStage(string? month = null) => EmotionAnalysis.ByStage(Data, Month(month));
    public IReadOnlyList<EmotionSummary> EmotionByTouchpoint(string? month = null) => EmotionAnalysis.ByTouchpoint(Data, Month(month));
    public IReadOnlyList<EmotionSummary> EmotionByPersona(string? month = null) => EmotionAnalysis.ByPersona(Data, Month(month));
    public IReadOnlyList<EmotionSummary> EmotionByMonth(string? endMonth = null, int months = 12) => EmotionAnalysis.ByMonth(Data, Month(endMonth), months);
    public EmotionTrend EmotionTrend(string? endMonth = null, int months = 12) => EmotionAnalysis.StageTrend(Data, Month(endMonth), months);
    /// <summary>Mean emotion per stage, overall and per persona, for one month (or all data when <paramref name="allData"/>).</summary>
    public IReadOnlyList<EmotionCurve> EmotionCurves(string? month = null, bool allData = false) => EmotionAnalysis.Curves(Data, allData ? null : Month(month));
    public IReadOnlyList<Verbatim> Verbatims(string? month = null, int perStage = 3) => EmotionAnalysis.Verbatims(Data, Month(month), perStage);

    /// <summary>
    /// Pain points of one cohort month ranked by customers lost beyond the previous three cohorts (age-matched while the
    /// month is maturing), as of the journey's cutoff (else the end of the data).
    /// </summary>
    public IReadOnlyList<PainPoint> PainPoints(string? month = null) => PainPointAnalysis.Rank(Data, Timelines, CohortCut.For(Period(month)));
    /// <summary>
    /// The paths of one cohort month's customers from an anchor (a stage or a touchpoint, see <see cref="PathQuery"/>),
    /// as of the journey's cutoff (else the end of the data):
    /// <code>journey.Paths(PathQuery.Around("Payment error"), "2026-08")</code>
    /// </summary>
    public PathResult Paths(PathQuery query, string? month = null) => PathAnalysis.Compute(Data, Timelines, CohortCut.For(Period(month)), query);
    /// <summary>The opportunities of one cohort month over this journey as loaded.</summary>
    public IReadOnlyList<Opportunity> Opportunities(string? month = null) => PainPointAnalysis.Opportunities(new CohortFunnels(Data, Timelines, Period(month)));
}
