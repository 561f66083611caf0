using System.Diagnostics;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using JourneyInsights.Definition;
using JourneyInsights.Sources;
using static JourneyInsights.Bench.DuckDbSql;

namespace JourneyInsights.Bench;

/// <summary>
/// The bench's first DuckDB reference, kept only to show what the rewrite (<see cref="DuckDbJourney"/>) changed: it
/// materialises every raw row as text (<c>all_varchar</c>), checks timestamps and extracts page paths with regular
/// expressions, and numbers raw CRM and survey rows with <c>row_number() OVER ()</c>. Same figures, about 3× the time.
/// Bench mode <c>duckdb-old</c>.
/// </summary>
public static class DuckDbJourneyMaterialised
{
    /// <summary>Computes the figures of <paramref name="month"/>; <paramref name="threads"/> limits DuckDB (0 = all cores); <paramref name="inspect"/> is called with the open connection at the end (tables ev, link, crm, sv, resp, tp, e, m0..mk), for diagnostics.</summary>
    public static DuckDbFigures Compute(JourneyDefinition d, string month, int threads = 0, Action<DuckDBConnection>? inspect = null)
    {
        var clock = Stopwatch.StartNew();
        using var con = new DuckDBConnection("Data Source=:memory:");
        con.Open();
        if (threads > 0) Exec(con, $"SET threads = {threads}");
        var web = d.Sources.Single(s => s.Kind == SourceKind.Analytics);
        var crm = d.Sources.Single(s => s.Kind == SourceKind.Crm);
        var survey = d.Sources.Single(s => s.Kind == SourceKind.Survey);
        var window = (long)(d.Funnel.ConversionWindowDays * 86400);
        var stageIndex = d.Stages.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i);

        // Rules: index, stage (-1 = unstaged), entry.
        Exec(con, "CREATE TABLE rules (idx INTEGER, stage INTEGER, entry BOOLEAN)");
        for (var i = 0; i < d.Touchpoints.Count; i++)
            Exec(con, $"INSERT INTO rules VALUES ({i}, {(d.Touchpoints[i].Stage is { } st ? stageIndex[st] : -1)}, {(d.Touchpoints[i].Entry ? "true" : "false")})");
        Exec(con, "CREATE TABLE labels (label VARCHAR, score DOUBLE)");
        foreach (var (label, score) in d.Emotion.Labels)
            Exec(con, $"INSERT INTO labels VALUES ({Str(label.ToLowerInvariant())}, {score.ToString(CultureInfo.InvariantCulture)})");

        // Analytics events, with the ga4 preset's rules: required ids, whole microseconds after 1990, accepted devices.
        var webColumns = DuckDbSql.ResolveColumns(web);
        var crmColumns = DuckDbSql.ResolveColumns(crm);
        var surveyColumns = DuckDbSql.ResolveColumns(survey);
        string W(string field) => Quote(webColumns[field]);
        var device = web.Map.Columns.First(c => c.Field == CanonicalFields.Device) with { Column = webColumns[CanonicalFields.Device] };
        Exec(con, $"""
            CREATE TABLE ev AS
            SELECT trim({W("anonymous_id")}) AS anon, nullif(trim({W("user_id")}), '') AS uid, trim({W("event")}) AS evt,
                   regexp_extract(coalesce(trim({W("page")}), ''), '^(?:[A-Za-z][A-Za-z0-9+.\-]*://[^/]*)?([^?#]*)', 1) AS path0,
                   make_timestamp(TRY_CAST(trim({W("timestamp")}) AS BIGINT)) AS ts
            FROM read_csv({Str(web.FullPath)}, header = true, all_varchar = true, ignore_errors = true)
            WHERE nullif(trim({W("anonymous_id")}), '') IS NOT NULL AND nullif(trim({W("event")}), '') IS NOT NULL
              AND regexp_full_match(trim({W("timestamp")}), '[0-9]+')
              AND TRY_CAST(trim({W("timestamp")}) AS BIGINT) >= 631152000000000 AND TRY_CAST(trim({W("timestamp")}) AS BIGINT) < 4102444800000000
              AND (nullif(trim({Quote(device.Column)}), '') IS NULL OR lower(trim({Quote(device.Column)})) IN ({string.Join(", ", device.AcceptedValues!.Select(v => Str(v.ToLowerInvariant())))}))
            """);
        var ruleCase = new StringBuilder("CASE");
        for (var i = 0; i < d.Touchpoints.Count; i++)
        {
            var w = d.Touchpoints[i].When;
            if (w.Events is null && w.Pages is null || w.Milestones is not null || w.Surveys is not null) continue;
            var conditions = new List<string>();
            if (w.Events is not null) conditions.Add($"evt IN ({string.Join(", ", w.Events.Select(Str))})");
            if (w.Pages is not null)
                conditions.Add("(" + string.Join(" OR ", w.Pages.Select(p => $"regexp_matches(path, {Str("^" + System.Text.RegularExpressions.Regex.Escape(p).Replace("\\*", ".*") + "$")}, 'i')")) + ")");
            ruleCase.Append($" WHEN {string.Join(" AND ", conditions)} THEN {i}");
        }
        ruleCase.Append(" END");
        Exec(con, "CREATE TABLE link AS SELECT anon, min(uid) AS uid FROM ev WHERE uid IS NOT NULL GROUP BY anon");

        // CRM contacts with the hubspot preset's rules, first occurrence of each id, local times to UTC.
        string C(string field) => Quote(crmColumns[field]);
        var milestones = crm.Map.Columns.Where(c => c.Milestone && crmColumns.ContainsKey(c.Field)).Select(c => c with { Column = crmColumns[c.Field] }).ToList();
        var crmFormats = "[" + string.Join(", ", crm.Map.Columns.First(c => c.Milestone).Formats!.Select(f => Str(StrftimeFormat(f)))) + "]";
        string Local(string column, SourceDefinition s, string formats) =>
            $"timezone('UTC', try_strptime(nullif(trim({Quote(column)}), ''), {formats}) AT TIME ZONE {Str(s.TimeZone)})";
        string Parses(string column, string formats) =>
            $"(nullif(trim({Quote(column)}), '') IS NULL OR try_strptime(trim({Quote(column)}), {formats}) IS NOT NULL)";
        var lifecycle = crm.Map.Columns.First(c => c.Field == CanonicalFields.LifecycleStage) with { Column = crmColumns[CanonicalFields.LifecycleStage] };
        var dateColumns = crm.Map.Columns.Where(c => c.Type == FieldType.DateTime && crmColumns.ContainsKey(c.Field)).Select(c => c with { Column = crmColumns[c.Field] }).ToList();
        Exec(con, $"CREATE TABLE crm0 AS SELECT *, row_number() OVER () AS rn FROM read_csv({Str(crm.FullPath)}, header = true, all_varchar = true, ignore_errors = true)");
        Exec(con, $"""
            CREATE TABLE crm AS
            SELECT trim({C("crm_id")}) AS id, nullif(lower(trim({C("email")})), '') AS email,
                   {string.Join(", ", milestones.Select((m, i) => $"{Local(m.Column, crm, crmFormats)} AS m{i}"))}
            FROM crm0
            WHERE nullif(trim({C("crm_id")}), '') IS NOT NULL
              AND {string.Join(" AND ", dateColumns.Select(c => Parses(c.Column, crmFormats)))}
              AND (nullif(trim({Quote(lifecycle.Column)}), '') IS NULL OR lower(trim({Quote(lifecycle.Column)})) IN ({string.Join(", ", lifecycle.AcceptedValues!.Select(v => Str(v)))}))
              AND {ValidEmail($"nullif(lower(trim({C("email")})), '')")}
            QUALIFY row_number() OVER (PARTITION BY trim({C("crm_id")}) ORDER BY rn) = 1
            """);

        // Survey responses with the qualtrics preset's rules (after its two extra header rows).
        string S(string field) => Quote(surveyColumns[field]);
        var surveyFormats = "[" + string.Join(", ", survey.Map.Columns.First(c => c.Field == CanonicalFields.Timestamp).Formats!.Select(f => Str(StrftimeFormat(f)))) + "]";
        string IntIn(string field, int lo, int hi) =>
            $"(nullif(trim({S(field)}), '') IS NULL OR TRY_CAST(trim({S(field)}) AS INTEGER) BETWEEN {lo} AND {hi})";
        Exec(con, $"CREATE TABLE sv0 AS SELECT *, row_number() OVER () AS rn FROM read_csv({Str(survey.FullPath)}, header = true, all_varchar = true, ignore_errors = true)");
        Exec(con, $"""
            CREATE TABLE sv AS
            SELECT trim({S("response_id")}) AS rid, {Local(surveyColumns["timestamp"], survey, surveyFormats)} AS ts,
                   nullif(trim({S("crm_id")}), '') AS crm_id, nullif(lower(trim({S("email")})), '') AS email, coalesce(nullif(trim({S("survey")}), ''), '(survey)') AS survey,
                   TRY_CAST(trim({S("nps")}) AS DOUBLE) AS nps, TRY_CAST(trim({S("csat")}) AS DOUBLE) AS csat, TRY_CAST(trim({S("ces")}) AS DOUBLE) AS ces,
                   lower(trim({S("emotion")})) AS label
            FROM sv0
            WHERE rn > {survey.Map.ExtraHeaderRows} AND nullif(trim({S("response_id")}), '') IS NOT NULL
              AND try_strptime(trim({Quote(surveyColumns["timestamp"])}), {surveyFormats}) IS NOT NULL
              AND {IntIn("nps", 0, 10)} AND {IntIn("csat", 1, 5)} AND {IntIn("ces", 1, 7)}
              AND {ValidEmail($"nullif(lower(trim({S("email")})), '')")}
            QUALIFY row_number() OVER (PARTITION BY trim({S("response_id")}) ORDER BY rn) = 1
            """);
        Exec(con, "CREATE TABLE surveys (survey VARCHAR, idx INTEGER)");
        for (var i = 0; i < d.Touchpoints.Count; i++)
            foreach (var name in d.Touchpoints[i].When.Surveys ?? [])
                Exec(con, $"INSERT INTO surveys VALUES ({Str(name)}, {i})");
        Exec(con, """
            CREATE TABLE resp AS
            SELECT s.*, CASE WHEN s.crm_id IN (SELECT id FROM crm) THEN 'c:' || s.crm_id
                             WHEN s.email IS NOT NULL THEN (SELECT 'c:' || min(c.id) FROM crm c WHERE c.email = s.email) END AS cust,
                   (SELECT min(idx) FROM surveys x WHERE lower(x.survey) = lower(s.survey)) AS rule
            FROM sv s
            """);

        // Touchpoints: analytics events, CRM milestones, matched survey responses.
        var milestoneSelects = milestones.Select((m, i) =>
        {
            var rule = Enumerable.Range(0, d.Touchpoints.Count).FirstOrDefault(r => d.Touchpoints[r].When.Milestones?.Contains(m.Field, StringComparer.OrdinalIgnoreCase) == true, -1);
            return $"SELECT 'c:' || id AS cust, m{i} AS ts, {rule} AS rule FROM crm WHERE m{i} IS NOT NULL";
        });
        Exec(con, $"""
            CREATE TABLE tp AS
            SELECT t.cust, t.ts, r.stage, r.entry FROM (
              SELECT coalesce('c:' || l.uid, 'a:' || e.anon) AS cust, e.ts,
                     {ruleCase.ToString().Replace("path", "CASE WHEN path0 = '' THEN '/' WHEN length(path0) > 1 AND right(path0, 1) = '/' THEN left(path0, length(path0) - 1) ELSE path0 END")} AS rule
              FROM ev e LEFT JOIN link l USING (anon)
              UNION ALL {string.Join(" UNION ALL ", milestoneSelects)}
              UNION ALL SELECT cust, ts, rule FROM resp WHERE cust IS NOT NULL
            ) t JOIN rules r ON r.idx = t.rule
            WHERE r.stage >= 0
            """);

        // Ordered funnel with the window from stage-1 entry (docs/metrics.md).
        var stages = d.Stages.Count;
        Exec(con, "CREATE TABLE e AS SELECT cust, stage, ts FROM tp WHERE entry");
        Exec(con, "CREATE TABLE m0 AS SELECT cust, min(ts) AS t0, min(ts) AS t FROM e WHERE stage = 0 GROUP BY cust");
        for (var k = 1; k < stages; k++)
            Exec(con, $"""
                CREATE TABLE m{k} AS SELECT p.cust, p.t0, min(e.ts) AS t
                FROM m{k - 1} p JOIN e ON e.cust = p.cust AND e.stage = {k} AND e.ts >= p.t AND e.ts <= p.t0 + INTERVAL {window} SECOND
                GROUP BY p.cust, p.t0
                """);
        var funnel = new long[stages];
        var zone = Str(d.ReportTimeZone);
        using (var cmd = con.CreateCommand())
        {
            cmd.CommandText = $"""
                SELECT {string.Join(", ", Enumerable.Range(0, stages).Select(k => $"count(m{k}.cust)"))}
                FROM m0 {string.Join(" ", Enumerable.Range(1, stages - 1).Select(k => $"LEFT JOIN m{k} USING (cust)"))}
                WHERE strftime(timezone({zone}, m0.t0 AT TIME ZONE 'UTC'), '%Y-%m') = {Str(month)}
                """;
            using var reader = cmd.ExecuteReader();
            reader.Read();
            for (var k = 0; k < stages; k++) funnel[k] = reader.GetInt64(k);
        }

        // Emotion per stage for responses recorded in the month.
        var emotion = new List<(int, long, double?, double?)>();
        using (var cmd = con.CreateCommand())
        {
            cmd.CommandText = $"""
                WITH s AS (
                  SELECT r.stage, x.nps,
                    (coalesce((x.nps - 5) / 5, 0) + coalesce((x.csat - 3) / 2, 0) + coalesce((x.ces - 4) / 3, 0) + coalesce(l.score, 0))
                    / nullif((x.nps IS NOT NULL)::INT + (x.csat IS NOT NULL)::INT + (x.ces IS NOT NULL)::INT + (l.score IS NOT NULL)::INT, 0) AS score
                  FROM resp x JOIN rules r ON r.idx = x.rule LEFT JOIN labels l ON l.label = x.label
                  WHERE strftime(timezone({zone}, x.ts AT TIME ZONE 'UTC'), '%Y-%m') = {Str(month)} AND r.stage >= 0)
                SELECT stage, count(score), avg(score),
                       100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6)) / nullif(count(nps), 0)
                FROM s GROUP BY stage ORDER BY stage
                """;
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                emotion.Add((reader.GetInt32(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetDouble(3)));
        }
        inspect?.Invoke(con);
        return new DuckDbFigures(funnel, emotion, clock.Elapsed);
    }

}
