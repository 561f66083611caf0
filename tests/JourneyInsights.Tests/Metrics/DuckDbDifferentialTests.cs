using System.Globalization;
using DuckDB.NET.Data;
using JourneyInsights.Definition;
using JourneyInsights.Journeys;
using JourneyInsights.Metrics;

namespace JourneyInsights.Tests.Metrics;

/// <summary>
/// Differential test: the funnel and emotion figures of the sample data recomputed with DuckDB SQL straight from the
/// canonical tables (touchpoints and responses), following docs/metrics.md, agree with the library.
/// </summary>
public class DuckDbDifferentialTests(SampleJourney sample) : IClassFixture<SampleJourney>
{
    private readonly Journey _journey = sample.Journey;

    private DuckDBConnection Open() => Open(_journey);

    /// <summary>
    /// The canonical tables of <paramref name="journey"/> in DuckDB: tp (touchpoints, with the rule index, and the kept
    /// records of rules without a stage that an exclusion names, as stage -1, not an entry), resp, labels.
    /// </summary>
    private static DuckDBConnection Open(Journey journey) => Open(journey.Data, journey.Definition);

    private static DuckDBConnection Open(JourneyData data, JourneyDefinition definition)
    {
        var con = new DuckDBConnection("Data Source=:memory:");
        con.Open();
        Execute(con, "CREATE TABLE tp (customer INTEGER, ts TIMESTAMP, stage INTEGER, entry BOOLEAN, touchpoint INTEGER, session INTEGER)");
        Execute(con, "CREATE TABLE resp (stage INTEGER, ts TIMESTAMP, nps DOUBLE, csat DOUBLE, ces DOUBLE, label VARCHAR)");
        Execute(con, "CREATE TABLE labels (label VARCHAR, score DOUBLE)");
        var tp = data.Touchpoints;
        var kept = data.Stageless;
        using (var appender = con.CreateAppender("tp"))
        {
            for (var i = 0; i < tp.Count; i++)
                appender.CreateRow().AppendValue(tp.Customer[i]).AppendValue(new DateTime(tp.Time[i], DateTimeKind.Utc))
                    .AppendValue((int)tp.Stage[i]).AppendValue(tp.Entry[i]).AppendValue(tp.Touchpoint[i]).AppendValue(tp.Session?[i] ?? -1).EndRow();
            var noStage = -1; // a variable: the constant -1 would pick the appender's sbyte overload (a TINYINT into an INTEGER column)
            for (var i = 0; i < kept.Count; i++)
                appender.CreateRow().AppendValue(kept.Customer[i]).AppendValue(new DateTime(kept.Time[i], DateTimeKind.Utc))
                    .AppendValue(noStage).AppendValue(false).AppendValue(kept.Touchpoint[i]).AppendValue(kept.Session?[i] ?? -1).EndRow();
        }
        var r = data.Responses;
        using (var appender = con.CreateAppender("resp"))
            for (var i = 0; i < r.Count; i++)
                appender.CreateRow().AppendValue((int)r.Stage[i]).AppendValue(new DateTime(r.Time[i], DateTimeKind.Utc))
                    .AppendValue(N(r.Nps[i])).AppendValue(N(r.Csat[i])).AppendValue(N(r.Ces[i])).AppendValue(r.EmotionLabel[i]).EndRow();
        using (var appender = con.CreateAppender("labels"))
            foreach (var (label, score) in definition.Emotion.Labels)
                appender.CreateRow().AppendValue(label.ToLowerInvariant()).AppendValue(score).EndRow();
        return con;
        static double? N(double x) => double.IsNaN(x) ? null : x;
    }

    [Fact]
    public void Ordered_funnel_per_cohort_month_agrees_with_sql()
    {
        using var con = Open();
        var stages = _journey.Stages.Count;
        var windowSeconds = (long)(_journey.Definition.Funnel.ConversionWindowDays * 86400);
        var zone = _journey.Definition.ReportTimeZone;
        // Stage k counts at the earliest entry of stage k at or after the moment of stage k-1 and within the window of stage-1 entry.
        Execute(con, "CREATE TABLE e AS SELECT customer, stage, ts FROM tp WHERE entry AND stage >= 0");
        Execute(con, "CREATE TABLE m0 AS SELECT customer, min(ts) AS t0, min(ts) AS t FROM e WHERE stage = 0 GROUP BY customer");
        for (var k = 1; k < stages; k++)
            Execute(con, $"""
                CREATE TABLE m{k} AS
                SELECT p.customer, p.t0, min(e.ts) AS t
                FROM m{k - 1} p JOIN e ON e.customer = p.customer AND e.stage = {k}
                 AND e.ts >= p.t AND e.ts <= p.t0 + INTERVAL {windowSeconds} SECOND
                GROUP BY p.customer, p.t0
                """);
        var select = string.Join(", ", Enumerable.Range(0, stages).Select(k => $"count(m{k}.customer)"));
        var joins = string.Join(" ", Enumerable.Range(1, stages - 1).Select(k => $"LEFT JOIN m{k} USING (customer)"));
        using var cmd = con.CreateCommand();
        cmd.CommandText = $"""
            SELECT strftime(timezone('{zone}', m0.t0 AT TIME ZONE 'UTC'), '%Y-%m') AS month, {select}
            FROM m0 {joins} GROUP BY month ORDER BY month
            """;
        using var reader = cmd.ExecuteReader();
        var months = 0;
        while (reader.Read())
        {
            months++;
            var month = reader.GetString(0);
            var sql = Enumerable.Range(1, stages).Select(i => reader.GetInt64(i)).ToArray();
            Assert.Equal(sql, _journey.Funnel(month).Stages.Select(s => s.Customers).ToArray());
        }
        Assert.Equal(_journey.Months.Count, months);
    }

    /// <summary>
    /// The age-matched cut (docs/metrics.md): every cohort month P cut at cut(P), recomputed in SQL. Two reports of
    /// 2026-08: one cut inside the month (2026-08-20 00:00 New York, 19 days after the month began: cut(P) = monthStart(P)
    /// + 19 days) and one after it (2026-09-05 04:00Z, 4 days after the month ended: cut(P) = monthStart(P+1) + 4 days).
    /// </summary>
    [Theory]
    [InlineData("2026-08-20T04:00:00Z", 0)]
    [InlineData("2026-09-05T04:00:00Z", 1)]
    public void Age_matched_cut_per_cohort_month_agrees_with_sql(string asOf, int anchorMonths)
    {
        using var con = Open();
        var stages = _journey.Stages.Count;
        var windowSeconds = (long)(_journey.Definition.Funnel.ConversionWindowDays * 86400);
        var zone = _journey.Definition.ReportTimeZone;
        var cutoff = DateTime.Parse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var period = ReportPeriod.Create(_journey.Definition, _journey.Data.TimeZone, ReportPeriod.ParseMonth("2026-08"), cutoff);
        Assert.Equal(anchorMonths == 0 ? CutAnchor.MonthStart : CutAnchor.MonthEnd, period.Anchor);
        var offsetSeconds = (long)Math.Round((cutoff - period.MonthStart(period.Month + anchorMonths)).TotalSeconds);
        Assert.Equal(anchorMonths == 0 ? 19 * 86400 : 4 * 86400, offsetSeconds); // New York: August starts 2026-08-01 04:00Z, September 2026-09-01 04:00Z

        Execute(con, "CREATE TABLE e AS SELECT customer, stage, ts FROM tp WHERE entry AND stage >= 0");
        Execute(con, "CREATE TABLE m0 AS SELECT customer, min(ts) AS t0, min(ts) AS t FROM e WHERE stage = 0 GROUP BY customer");
        for (var k = 1; k < stages; k++)
            Execute(con, $"""
                CREATE TABLE m{k} AS
                SELECT p.customer, p.t0, min(e.ts) AS t
                FROM m{k - 1} p JOIN e ON e.customer = p.customer AND e.stage = {k}
                 AND e.ts >= p.t AND e.ts <= p.t0 + INTERVAL {windowSeconds} SECOND
                GROUP BY p.customer, p.t0
                """);
        var moments = string.Join(", ", Enumerable.Range(0, stages).Select(k => $"m{k}.t AS t{k}"));
        var joins = string.Join(" ", Enumerable.Range(1, stages - 1).Select(k => $"LEFT JOIN m{k} ON m{k}.customer = m0.customer"));
        var counts = string.Join(", ", Enumerable.Range(0, stages).Select(k => $"count(*) FILTER (WHERE t{k} <= cut)"));
        using var cmd = con.CreateCommand();
        // cut(P) = the anchor of P (local midnight of the 1st of P, or of P+1) as UTC, plus the report's offset.
        cmd.CommandText = $"""
            WITH c AS (
              SELECT strftime(timezone('{zone}', m0.t0 AT TIME ZONE 'UTC'), '%Y-%m') AS month, {moments}
              FROM m0 {joins}),
            k AS (
              SELECT DISTINCT month,
                timezone('UTC', timezone('{zone}', strptime(month || '-01', '%Y-%m-%d') + INTERVAL {anchorMonths} MONTH))
                  + INTERVAL {offsetSeconds} SECOND AS cut
              FROM c)
            SELECT month, {counts} FROM c JOIN k USING (month) GROUP BY month ORDER BY month
            """;
        using var reader = cmd.ExecuteReader();
        var months = 0;
        var smaller = 0;
        while (reader.Read())
        {
            months++;
            var month = ReportPeriod.ParseMonth(reader.GetString(0));
            var sql = Enumerable.Range(1, stages).Select(i => reader.GetInt64(i)).ToArray();
            var ours = FunnelAnalysis.Compute(_journey.Data, _journey.Timelines, month, period.CutoffFor(month)).Stages.Select(s => s.Customers).ToArray();
            Assert.Equal(sql, ours);
            if (!ours.SequenceEqual(_journey.Funnel(reader.GetString(0)).Stages.Select(s => s.Customers))) smaller++;
        }
        Assert.Equal(_journey.Months.Count, months);
        // The cut is not a no-op: it changes every cohort but, after the month end, 2025-09 (the handful of customers of the
        // evening of 30 September, New York, who all got there by 5 October) and 2026-10 (cut 2026-11-05, after the data ends).
        Assert.True(smaller >= months - 2, $"the cut changed only {smaller} of {months} cohorts");
    }

    /// <summary>
    /// Funnel options on the sample (a generated journey): strict order and exclusion steps recomputed in SQL from the
    /// touchpoints, following docs/metrics.md ("Strict order", "Exclusion steps"), agree exactly with the library for every
    /// cohort month. Each option is checked not to be a no-op on the sample.
    /// </summary>
    [Theory]
    [InlineData("strict", "")]
    [InlineData("ordered", "Payment error:Consideration:Purchase")]
    [InlineData("strict", "Payment error:Awareness:Advocacy|Login:Awareness:Consideration")]
    public void Funnel_options_on_the_sample_agree_with_sql(string mode, string exclusions)
    {
        var (data, rules) = WithRules(_journey, mode, exclusions);
        var timelines = Timelines.Compute(data, rules);
        using var con = Open(data, _journey.Definition);
        var sql = SqlFunnels(con, _journey, rules);
        Assert.Equal(_journey.Months.Count, sql.Count);
        var fewer = 0;
        foreach (var (month, counts) in sql)
        {
            var ours = FunnelAnalysis.Compute(data, timelines, ReportPeriod.ParseMonth(month)).Stages.Select(s => s.Customers).ToArray();
            Assert.Equal(counts, ours);
            if (counts.Sum() < _journey.Funnel(month).Stages.Sum(s => s.Customers)) fewer++;
        }
        Assert.True(fewer >= sql.Count / 2, $"the options changed only {fewer} of {sql.Count} cohorts");
    }

    /// <summary>
    /// Funnel options on <see cref="FunnelOptionsJourney"/> (hand-made: ties, repeats, unstaged and non-entry touchpoints)
    /// and on random journeys of 80 customers (events on a coarse hourly grid, so that ties are frequent), in SQL and in
    /// the library, for ordered and strict funnels with and without exclusions.
    /// </summary>
    [Theory]
    [InlineData(0, "ordered", "")]
    [InlineData(0, "strict", "")]
    [InlineData(0, "ordered", "Payment error:Consideration:Purchase")]
    [InlineData(0, "strict", "Payment error:Awareness:Retention|Blog:Consideration:Retention")]
    [InlineData(1, "strict", "")]
    [InlineData(1, "ordered", "Payment error:Consideration:Purchase|Login:Awareness:Consideration")]
    [InlineData(2, "strict", "Payment error:Awareness:Retention")]
    [InlineData(3, "ordered", "Checkout:Purchase:Retention|Payment error:Awareness:Purchase")]
    [InlineData(3, "strict", "Blog:Awareness:Consideration")]
    public void Funnel_options_on_hand_made_and_random_journeys_agree_with_sql(int seed, string mode, string exclusions)
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", seed == 0 ? FunnelOptionsJourney.Events : RandomEvents(seed));
        var journey = Journey.Load(folder.Write("journey.json", FunnelOptionsJourney.Definition()));
        var (data, rules) = WithRules(journey, mode, exclusions);
        var timelines = Timelines.Compute(data, rules);
        using var con = Open(data, journey.Definition);
        var sql = SqlFunnels(con, journey, rules);
        Assert.NotEmpty(sql);
        foreach (var (month, counts) in sql)
            Assert.Equal(counts, FunnelAnalysis.Compute(data, timelines, ReportPeriod.ParseMonth(month)).Stages.Select(s => s.Customers).ToArray());
        if (seed == 0 && mode == "strict" && exclusions.Length == 0) Assert.Equal([11L, 11L, 7L, 3L], sql["2026-03"]); // worked out in FunnelOptionsTests
    }

    /// <summary>
    /// Counting by session: each session (device id and session id) a unit of its own, recomputed in SQL from the
    /// touchpoints' session column, on the sample (GA4 session_id) with and without options, and on the hand-made
    /// sessions of <see cref="SessionFunnelTests"/>.
    /// </summary>
    [Theory]
    [InlineData(true, "ordered", "")]
    [InlineData(true, "strict", "Payment error:Consideration:Purchase")]
    [InlineData(false, "ordered", "")]
    [InlineData(false, "ordered", "Payment error:Consideration:Purchase")]
    public void Session_funnels_agree_with_sql(bool sample, string mode, string exclusions)
    {
        using var folder = new TestFolder();
        Journey journey;
        if (sample) journey = Journey.Load(global::JourneyInsights.Tests.Cli.FunnelOptionsReportTests.SampleWith(folder,
            "{ \"conversionWindowDays\": 30, \"mode\": \"ordered\", \"minSampleSize\": 30, \"alpha\": 0.05, \"countBy\": \"session\" }"));
        else journey = SessionFunnelTests.Load(folder);
        var (data, rules) = WithRules(journey, mode, exclusions);
        var sessions = Timelines.ComputeSessions(data, rules);
        using var con = Open(data, journey.Definition);
        var sql = SqlFunnels(con, journey, rules, bySession: true);
        Assert.NotEmpty(sql);
        foreach (var (month, counts) in sql)
            Assert.Equal(counts, FunnelAnalysis.Compute(data, sessions, ReportPeriod.ParseMonth(month)).Stages.Select(s => s.Customers).ToArray());
        if (!sample && exclusions.Length == 0) Assert.Equal([6L, 4L, 2L, 1L], sql["2026-03"]); // worked out in SessionFunnelTests
        if (sample)
        {
            // Sessions are not customers: more units enter than customers, and fewer of them go all the way.
            var month = "2026-08";
            var customers = journey.Funnel(month);
            var bySession = FunnelAnalysis.Compute(journey.Data, sessions, ReportPeriod.ParseMonth(month));
            Assert.True(bySession.Entered > customers.Entered, $"{bySession.Entered} sessions vs {customers.Entered} customers");
            Assert.True(bySession.FinalConversion < customers.FinalConversion);
        }
    }

    /// <summary>Events of 80 random customers in March and April 2026 on an hourly grid (seeded: the same every run).</summary>
    private static string RandomEvents(int seed)
    {
        var random = new Random(seed);
        string[] events = ["visit", "blog", "pricing", "checkout", "payment_error", "purchase", "onboarded", "login"];
        var rows = new List<string> { "timestamp,event,anonymous_id,user_id,page,source,medium,device,region" };
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var c = 0; c < 80; c++)
        {
            var first = start.AddHours(random.Next(0, 60 * 24));
            var n = random.Next(1, 12);
            for (var i = 0; i < n; i++)
            {
                // The first event is mostly a visit; later ones drift forward by 0-3 hours (0: a tie), sometimes by days.
                var evt = i == 0 && random.Next(4) > 0 ? "visit" : events[random.Next(events.Length)];
                var at = first.AddHours(random.Next(4) + (random.Next(5) == 0 ? 24 * random.Next(1, 40) : 0));
                first = at;
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd'T'HH:mm:ss'Z'},{evt},r{c},,/,google,organic,desktop,US"));
            }
        }
        return string.Join("\n", rows) + "\n";
    }

    /// <summary>
    /// Funnel rules from a mode and exclusions written "touchpoint:from:to|...", and the journey's data built again from
    /// its loaded sources under the definition with those rules (so that the records of excluded rules without a stage,
    /// such as Login, are kept), unless the rules have no exclusion.
    /// </summary>
    private static (JourneyData Data, FunnelRules Rules) WithRules(Journey journey, string mode, string exclusions)
    {
        var list = exclusions.Length == 0 ? [] : exclusions.Split('|').Select(x => x.Split(':'))
            .Select(x => new FunnelExclusion { Touchpoint = x[0], From = x[1], To = x[2] }).ToList();
        var definition = journey.Definition with { Funnel = journey.Definition.Funnel with { Mode = mode, Exclusions = list } };
        var data = list.Count == 0 ? journey.Data : JourneyBuilder.Build(new JourneyInsights.Sources.SourceSet(definition, journey.Sources.Tables), journey.AsOfUtc);
        return (data, FunnelRules.From(definition));
    }

    /// <summary>
    /// The funnel of every cohort month in SQL, with the rules' strict order and exclusions: m(k) = the earliest entry of
    /// stage k at or after m(k-1) and inside the window, kept only when (strict) no entry of a stage other than k-1 and k
    /// and (exclusions) no record of an excluded touchpoint applying to the transition lies strictly between the two.
    /// </summary>
    private static Dictionary<string, long[]> SqlFunnels(DuckDBConnection con, Journey journey, FunnelRules rules, bool bySession = false)
    {
        var stages = journey.Stages.Count;
        var windowSeconds = (long)rules.Window.TotalSeconds;
        var zone = journey.Definition.ReportTimeZone;
        // The funnel's unit: the customer, or (by session) the session, whose touchpoints without a session take no part.
        Execute(con, bySession
            ? "CREATE OR REPLACE TABLE u AS SELECT session AS customer, ts, stage, entry, touchpoint FROM tp WHERE session >= 0"
            : "CREATE OR REPLACE TABLE u AS SELECT customer, ts, stage, entry, touchpoint FROM tp");
        Execute(con, "CREATE OR REPLACE TABLE e AS SELECT customer, stage, ts FROM u WHERE entry AND stage >= 0");
        Execute(con, "CREATE OR REPLACE TABLE m0 AS SELECT customer, min(ts) AS t0, min(ts) AS t FROM e WHERE stage = 0 GROUP BY customer");
        for (var k = 1; k < stages; k++)
        {
            var conditions = new List<string>();
            if (rules.Mode == FunnelMode.Strict)
                conditions.Add($"NOT EXISTS (SELECT 1 FROM e o WHERE o.customer = c.customer AND o.stage NOT IN ({k - 1}, {k}) AND o.ts > c.prev AND o.ts < c.t)");
            var excluded = rules.Exclusions.Where(x => x.FromStage <= k - 1 && k <= x.ToStage).SelectMany(x => x.Rules).Distinct().ToList();
            if (excluded.Count > 0)
                conditions.Add($"NOT EXISTS (SELECT 1 FROM u x WHERE x.customer = c.customer AND x.touchpoint IN ({string.Join(", ", excluded)}) AND x.ts > c.prev AND x.ts < c.t)");
            Execute(con, $"""
                CREATE OR REPLACE TABLE m{k} AS
                WITH c AS (
                  SELECT p.customer, p.t0, p.t AS prev, min(e.ts) AS t
                  FROM m{k - 1} p JOIN e ON e.customer = p.customer AND e.stage = {k}
                   AND e.ts >= p.t AND e.ts <= p.t0 + INTERVAL {windowSeconds} SECOND
                  GROUP BY p.customer, p.t0, p.t)
                SELECT customer, t0, t FROM c {(conditions.Count > 0 ? "WHERE " + string.Join(" AND ", conditions) : "")}
                """);
        }
        var select = string.Join(", ", Enumerable.Range(0, stages).Select(k => $"count(m{k}.customer)"));
        var joins = string.Join(" ", Enumerable.Range(1, stages - 1).Select(k => $"LEFT JOIN m{k} USING (customer)"));
        using var cmd = con.CreateCommand();
        cmd.CommandText = $"""
            SELECT strftime(timezone('{zone}', m0.t0 AT TIME ZONE 'UTC'), '%Y-%m') AS month, {select}
            FROM m0 {joins} GROUP BY month ORDER BY month
            """;
        using var reader = cmd.ExecuteReader();
        var result = new Dictionary<string, long[]>();
        while (reader.Read()) result[reader.GetString(0)] = Enumerable.Range(1, stages).Select(i => reader.GetInt64(i)).ToArray();
        return result;
    }

    [Fact]
    public void Emotion_per_stage_agrees_with_sql()
    {
        using var con = Open();
        using var cmd = con.CreateCommand();
        // score = mean of the measures present: NPS (x-5)/5, CSAT (x-3)/2, CES (x-4)/3, label score (all weights 1).
        cmd.CommandText = """
            WITH s AS (
              SELECT r.stage, r.nps, r.csat, r.ces,
                (coalesce((r.nps - 5) / 5, 0) + coalesce((r.csat - 3) / 2, 0) + coalesce((r.ces - 4) / 3, 0) + coalesce(l.score, 0))
                / nullif((r.nps IS NOT NULL)::INT + (r.csat IS NOT NULL)::INT + (r.ces IS NOT NULL)::INT + (l.score IS NOT NULL)::INT, 0) AS score
              FROM resp r LEFT JOIN labels l ON l.label = lower(trim(r.label)))
            SELECT stage, count(score), avg(score),
              100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6)) / nullif(count(nps), 0),
              count(*) FILTER (WHERE csat >= 4) / nullif(count(csat), 0)::DOUBLE, avg(ces)
            FROM s WHERE stage >= 0 GROUP BY stage ORDER BY stage
            """;
        var ours = global::JourneyInsights.Metrics.EmotionAnalysis.ByStage(_journey.Data, month: null);
        using var reader = cmd.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
            var e = ours[reader.GetInt32(0)];
            Assert.Equal(reader.GetInt64(1), e.Responses);
            Assert.Equal(reader.GetDouble(2), e.MeanScore!.Value, 12);
            Assert.Equal(reader.IsDBNull(3) ? null : reader.GetDouble(3), e.Nps, new NullableTolerance(1e-9));
            Assert.Equal(reader.IsDBNull(4) ? null : reader.GetDouble(4), e.CsatTop2Box, new NullableTolerance(1e-12));
            Assert.Equal(reader.IsDBNull(5) ? null : reader.GetDouble(5), e.MeanCes, new NullableTolerance(1e-12));
        }
        Assert.True(rows >= 4);
    }

    private sealed class NullableTolerance(double tolerance) : IEqualityComparer<double?>
    {
        public bool Equals(double? x, double? y) => x is null ? y is null : y is not null && Math.Abs(x.Value - y.Value) <= tolerance;
        public int GetHashCode(double? obj) => 0;
    }

    private static void Execute(DuckDBConnection con, string sql)
    {
        using var cmd = con.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
