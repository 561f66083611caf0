using System.Globalization;
using DuckDB.NET.Data;
using JourneyInsights.Metrics;

namespace JourneyInsights.Tests.Metrics;

/// <summary>
/// Differential test: the funnel and emotion figures of the sample data recomputed with DuckDB SQL straight from the
/// canonical tables (touchpoints and responses), following docs/metrics.md, agree with the library.
/// </summary>
public class DuckDbDifferentialTests(SampleJourney sample) : IClassFixture<SampleJourney>
{
    private readonly Journey _journey = sample.Journey;

    private DuckDBConnection Open()
    {
        var con = new DuckDBConnection("Data Source=:memory:");
        con.Open();
        Execute(con, "CREATE TABLE tp (customer INTEGER, ts TIMESTAMP, stage INTEGER, entry BOOLEAN)");
        Execute(con, "CREATE TABLE resp (stage INTEGER, ts TIMESTAMP, nps DOUBLE, csat DOUBLE, ces DOUBLE, label VARCHAR)");
        Execute(con, "CREATE TABLE labels (label VARCHAR, score DOUBLE)");
        var tp = _journey.Data.Touchpoints;
        using (var appender = con.CreateAppender("tp"))
            for (var i = 0; i < tp.Count; i++)
                appender.CreateRow().AppendValue(tp.Customer[i]).AppendValue(new DateTime(tp.Time[i], DateTimeKind.Utc))
                    .AppendValue((int)tp.Stage[i]).AppendValue(tp.Entry[i]).EndRow();
        var r = _journey.Data.Responses;
        using (var appender = con.CreateAppender("resp"))
            for (var i = 0; i < r.Count; i++)
                appender.CreateRow().AppendValue((int)r.Stage[i]).AppendValue(new DateTime(r.Time[i], DateTimeKind.Utc))
                    .AppendValue(N(r.Nps[i])).AppendValue(N(r.Csat[i])).AppendValue(N(r.Ces[i])).AppendValue(r.EmotionLabel[i]).EndRow();
        using (var appender = con.CreateAppender("labels"))
            foreach (var (label, score) in _journey.Definition.Emotion.Labels)
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
