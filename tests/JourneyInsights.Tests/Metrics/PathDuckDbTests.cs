using DuckDB.NET.Data;
using JourneyInsights.Metrics;

namespace JourneyInsights.Tests.Metrics;

/// <summary>
/// Differential test of the path analysis: the sample's 2026-08 paths from every transition recomputed with DuckDB SQL
/// straight from the placed touchpoints, following docs/metrics.md ("Paths"): funnel moments as in the funnel's SQL,
/// each customer's touchpoints numbered by (time, stage, touchpoint, row), the anchor the stage's entry at its moment,
/// repeats dropped with LAG, then the top 6 per step, "other" and "left the journey" counted here by plain LINQ.
/// </summary>
public class PathDuckDbTests(SampleJourney sample) : IClassFixture<SampleJourney>
{
    private const int Steps = 3, Top = 6;

    [Fact]
    public void Paths_of_every_transition_agree_with_sql()
    {
        var journey = sample.Journey;
        var data = journey.Data;
        Assert.Equal(JourneyInsights.Journeys.FunnelMode.Ordered, journey.Timelines.Mode); // the SQL below is the ordered funnel's
        var stages = data.Stages.Length;
        var windowSeconds = (long)(journey.Definition.Funnel.ConversionWindowDays * 86400);
        var zone = journey.Definition.ReportTimeZone;

        using var con = new DuckDBConnection("Data Source=:memory:");
        con.Open();
        Execute(con, "CREATE TABLE tp (row INTEGER, customer INTEGER, ts TIMESTAMP, stage INTEGER, entry BOOLEAN, touchpoint INTEGER, name VARCHAR)");
        var tp = data.Touchpoints;
        using (var appender = con.CreateAppender("tp"))
            for (var i = 0; i < tp.Count; i++)
                appender.CreateRow().AppendValue(i).AppendValue(tp.Customer[i]).AppendValue(new DateTime(tp.Time[i], DateTimeKind.Utc))
                    .AppendValue((int)tp.Stage[i]).AppendValue(tp.Entry[i]).AppendValue(tp.Touchpoint[i]).AppendValue(data.TouchpointNames[tp.Touchpoint[i]]).EndRow();
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
        Execute(con, $"""
            CREATE TABLE seq AS
            SELECT tp.*, row_number() OVER (PARTITION BY tp.customer ORDER BY ts, stage, touchpoint, row) AS ord
            FROM tp JOIN m0 USING (customer)
            WHERE strftime(timezone('{zone}', m0.t0 AT TIME ZONE 'UTC'), '%Y-%m') = '2026-08'
            """);

        var ours = PathAnalysis.ForTransitions(data, journey.Timelines, CohortCut.For(journey.Period("2026-08")));
        Assert.Equal(stages - 1, ours.Count);
        for (var k = 0; k < stages - 1; k++)
        {
            // per anchor customer: the names of the next three touchpoints, repeats dropped (null = none)
            var paths = new Dictionary<int, string?[]>();
            using (var cmd = con.CreateCommand())
            {
                cmd.CommandText = $"""
                    WITH anchor AS (
                      SELECT s.customer, min(s.ord) AS a FROM seq s JOIN m{k} m ON m.customer = s.customer AND s.ts = m.t AND s.stage = {k} AND s.entry
                      GROUP BY s.customer),
                    after AS (
                      SELECT s.customer, s.ord, s.name, lag(s.name) OVER (PARTITION BY s.customer ORDER BY s.ord) AS previous, anchor.a
                      FROM seq s JOIN anchor USING (customer) WHERE s.ord >= anchor.a),
                    kept AS (
                      SELECT customer, name, row_number() OVER (PARTITION BY customer ORDER BY ord) AS step
                      FROM after WHERE ord > a AND name IS DISTINCT FROM previous)
                    SELECT anchor.customer, kept.step, kept.name FROM anchor LEFT JOIN kept ON kept.customer = anchor.customer AND kept.step <= {Steps}
                    """;
                using var reader = cmd.ExecuteReader();
                while (reader.Read())
                {
                    var c = reader.GetInt32(0);
                    if (!paths.TryGetValue(c, out var path)) paths[c] = path = new string?[Steps];
                    if (!reader.IsDBNull(1)) path[reader.GetInt64(1) - 1] = reader.GetString(2);
                }
            }

            var result = ours[k];
            Assert.Equal(paths.Count, result.Customers);
            Assert.True(paths.Count > 0);
            var bucketOf = new List<Dictionary<int, string>>();
            for (var s = 0; s < Steps; s++)
            {
                var ranked = paths.Values.Where(p => p[s] is not null).GroupBy(p => p[s]!, StringComparer.Ordinal)
                    .Select(g => (Name: g.Key, Count: (long)g.Count())).OrderByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
                var named = ranked.Take(Top).ToList();
                var expected = named.Select(x => (PathNodeKind.Touchpoint, x.Name, x.Count)).ToList();
                var pooled = ranked.Skip(Top).ToList();
                if (pooled.Count > 0) expected.Add((PathNodeKind.Other, PathAnalysis.OtherName, pooled.Sum(x => x.Count)));
                var ended = paths.Values.LongCount(p => p[s] is null);
                if (ended > 0) expected.Add((PathNodeKind.End, PathAnalysis.LeftName, ended));
                Assert.Equal(expected, result.Steps[s + 1].Select(n => (n.Kind, n.Name, n.Customers)).ToList());
                if (pooled.Count > 0) Assert.Equal(pooled.Count, result.Steps[s + 1].Single(n => n.Kind == PathNodeKind.Other).Touchpoints);
                var top = named.Select(x => x.Name).ToHashSet(StringComparer.Ordinal);
                bucketOf.Add(paths.ToDictionary(p => p.Key, p => p.Value[s] is not { } n ? "(left)" : top.Contains(n) ? n : "(other)"));
            }

            // links, as (from bucket, to bucket) counts: the anchor to step 1, then step s to s + 1
            static string Bucket(PathNode n) => n.Kind switch { PathNodeKind.Anchor => "(anchor)", PathNodeKind.Other => "(other)", PathNodeKind.End => "(left)", _ => n.Name };
            var expectedLinks = new List<(int, string, string, long)>();
            for (var s = 0; s < Steps; s++)
                expectedLinks.AddRange(paths.Keys.GroupBy(c => (From: s == 0 ? "(anchor)" : bucketOf[s - 1][c], To: bucketOf[s][c]))
                    .Select(g => (s, g.Key.From, g.Key.To, (long)g.Count())));
            var actualLinks = result.Links.Select(l => (l.Step, Bucket(result.Steps[l.Step][l.From]), Bucket(result.Steps[l.Step + 1][l.To]), l.Customers));
            Assert.Equal(expectedLinks.Order(), actualLinks.Order());
        }
    }

    private static void Execute(DuckDBConnection con, string sql)
    {
        using var cmd = con.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
