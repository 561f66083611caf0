using System.Diagnostics;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using JourneyInsights.Definition;
using JourneyInsights.Sources;
using static JourneyInsights.Bench.DuckDbSql;

namespace JourneyInsights.Bench;

/// <summary>
/// The bench's reference: the month's cohort funnel and emotion per stage computed by DuckDB straight from the exports,
/// written the way a skilled analyst would, to be the strongest query for the same figures (issue 14). Same data-quality
/// rules, identity stitching, stage rules, window and time zones as the library (docs/metrics.md), so the figures agree
/// exactly. Its shape:
/// <list type="number">
/// <item>Analytics: one streaming <c>read_csv</c> with the dialect and every column declared (no sniffing, no type
/// inference, nothing materialised); only the columns the figures read are parsed. The loader's row rules as plain
/// comparisons (timestamp: an integer cast and a round trip to text instead of a regular expression; page path with
/// <c>strpos</c>/<c>left</c>, only for page views; page globs as <c>ILIKE</c>; cells trimmed only when padded). Rows that
/// have no login id and no event any entry rule names are dropped at the scan; one <c>CASE</c> in rule order places the
/// rest, and only the touchpoints that can set a stage moment count: stage-1 entries before the month's end, later
/// stages' entries from the month's start to its end plus the window.</item>
/// <item>One <c>GROUP BY</c> device links each device to its login id (the smallest, as the library; the generated data
/// has one per device) and keeps its earliest stage-1 entry and the lists of its later stages' entry times.</item>
/// <item>CRM milestones (deduplicated contacts, first occurrence kept, local times to UTC) and, when a survey rule is an
/// entry, matched survey responses are added the same way; a second <c>GROUP BY</c> per customer keeps the cohort.</item>
/// <item>Stages are joined one after another within the window as list filters on each customer's row (no join).</item>
/// <item>Exclusion steps (ordered funnels): the records of every rule an exclusion names, staged or not (an event, a
/// milestone or a survey answer; a rule with <c>"stage": null</c> such as Login too), travel as a third list per customer
/// (<c>ts * 256 + rule</c>); stage k's moment is dropped when a record of a rule excluding k lies strictly between the
/// moments of k-1 and k. Without exclusions the query is the same as before.</item>
/// </list>
/// Written for the ga4 (event_timestamp as unix microseconds), hubspot and qualtrics presets, which `journey generate` writes.
/// No window function runs over raw rows; CRM and survey duplicates are resolved per id by table order.
/// </summary>
public static class DuckDbJourney
{
    /// <summary>Computes the figures of <paramref name="month"/>; <paramref name="threads"/> limits DuckDB (0 = all cores); <paramref name="inspect"/> is called with the open connection at the end (tables crm, resp, rules, labels), for diagnostics.</summary>
    public static DuckDbFigures Compute(JourneyDefinition d, string month, int threads = 0, Action<DuckDBConnection>? inspect = null)
    {
        var clock = Stopwatch.StartNew();
        using var con = new DuckDBConnection("Data Source=:memory:");
        con.Open();
        if (threads > 0) Exec(con, $"SET threads = {threads}");
        var web = d.Sources.Single(s => s.Kind == SourceKind.Analytics);
        var crm = d.Sources.Single(s => s.Kind == SourceKind.Crm);
        var survey = d.Sources.Single(s => s.Kind == SourceKind.Survey);
        var window = (long)(d.Funnel.ConversionWindowDays * 86400) * 1_000_000;
        var stages = d.Stages.Count;
        var stageIndex = d.Stages.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i);
        int StageOf(int rule) => d.Touchpoints[rule].Stage is { } st ? stageIndex[st] : -1;
        bool IsEntry(int rule) => StageOf(rule) >= 0 && d.Touchpoints[rule].Entry;
        // Exclusion steps (funnel.exclusions, ordered funnels): the rules of each exclusion's name, staged or not, and per
        // transition k (into stage k) the rules whose records between m(k-1) and mk exclude it (docs/metrics.md).
        if (d.Funnel.Mode != "ordered") throw new NotSupportedException($"funnel.mode '{d.Funnel.Mode}': the reference computes ordered funnels");
        var excludesInto = new List<int>[stages];
        for (var k = 0; k < stages; k++) excludesInto[k] = [];
        foreach (var e in d.Funnel.Exclusions)
        {
            var from = e.From is null ? 0 : stageIndex[e.From];
            var to = e.To is null ? stages - 1 : stageIndex[e.To];
            for (var r = 0; r < d.Touchpoints.Count; r++)
                if (d.Touchpoints[r].Name == e.Touchpoint)
                    for (var k = from + 1; k <= to; k++) if (!excludesInto[k].Contains(r)) excludesInto[k].Add(r);
        }
        var excluded = excludesInto.SelectMany(x => x).Distinct().Order().ToList();
        bool Excluded(int rule) => excluded.Contains(rule);
        var withExclusions = excluded.Count > 0;
        if (d.Touchpoints.Count > 255) throw new NotSupportedException("more than 255 touchpoint rules");

        // The month in the report's time zone as UTC microseconds [start, end): the cohort is who enters stage 1 in it.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(d.ReportTimeZone);
        var first = DateTime.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        long Micros(DateTime local) => (TimeZoneInfo.ConvertTimeToUtc(local, zone) - DateTime.UnixEpoch).Ticks / 10;
        var start = Micros(first);
        var end = Micros(first.AddMonths(1));
        var last = end + window; // no later stage's moment of a cohort customer can be after this

        Exec(con, "CREATE TABLE rules (idx INTEGER, stage INTEGER, entry BOOLEAN)");
        for (var i = 0; i < d.Touchpoints.Count; i++)
            Exec(con, $"INSERT INTO rules VALUES ({i}, {StageOf(i)}, {(d.Touchpoints[i].Entry ? "true" : "false")})");
        Exec(con, "CREATE TABLE labels (label VARCHAR, score DOUBLE)");
        foreach (var (label, score) in d.Emotion.Labels)
            Exec(con, $"INSERT INTO labels VALUES ({Str(label.ToLowerInvariant())}, {score.ToString(CultureInfo.InvariantCulture)})");
        Exec(con, "CREATE TABLE surveys (survey VARCHAR, idx INTEGER)");
        for (var i = 0; i < d.Touchpoints.Count; i++)
            foreach (var name in d.Touchpoints[i].When.Surveys ?? [])
                Exec(con, $"INSERT INTO surveys VALUES ({Str(name)}, {i})");

        // CRM contacts with the hubspot preset's rules, first valid occurrence of each id (table order = file order), local times to UTC.
        var crmColumns = ResolveColumns(crm);
        string C(string field) => Quote(crmColumns[field]);
        var milestones = crm.Map.Columns.Where(c => c.Milestone && crmColumns.ContainsKey(c.Field)).ToList();
        var crmFormats = "[" + string.Join(", ", milestones[0].Formats!.Select(f => Str(StrftimeFormat(f)))) + "]";
        // Typed once into a small table (a filter over computed columns would copy each expression into every rule using it).
        var dates = crm.Map.Columns.Where(c => c.Type == FieldType.DateTime && crmColumns.ContainsKey(c.Field)).ToList();
        var lifecycle = crm.Map.Columns.First(c => c.Field == CanonicalFields.LifecycleStage);
        var hasLifecycle = crmColumns.ContainsKey(lifecycle.Field);
        Exec(con, $"""
            CREATE TABLE crm0 AS
            SELECT trim({C("crm_id")}) AS id, {(crmColumns.ContainsKey("email") ? $"nullif(lower(trim({C("email")})), '')" : "NULL::VARCHAR")} AS email,
                   {(hasLifecycle ? $"lower(nullif(trim({C(lifecycle.Field)}), ''))" : "NULL::VARCHAR")} AS lifecycle,
                   {string.Join(", ", dates.Select((c, i) => $"nullif(trim({C(c.Field)}), '') IS NULL AS e{i}, try_strptime(nullif(trim({C(c.Field)}), ''), {crmFormats}) AS d{i}"))}
            FROM read_csv({Str(crm.FullPath)}, header = true, all_varchar = true, ignore_errors = true)
            """);
        var crmRules = new List<string> { "id <> ''" };
        crmRules.AddRange(dates.Select((_, i) => $"(e{i} OR d{i} IS NOT NULL)"));
        if (hasLifecycle) crmRules.Add($"(lifecycle IS NULL OR lifecycle IN ({string.Join(", ", lifecycle.AcceptedValues!.Select(v => Str(v.ToLowerInvariant())))}))");
        crmRules.Add(ValidEmail("email"));
        Exec(con, $"""
            CREATE TABLE crm1 AS
            SELECT id, email, {string.Join(", ", milestones.Select((m, i) => $"d{dates.FindIndex(c => c.Field == m.Field)} AS m{i}"))} FROM (
              SELECT rowid AS rn, * FROM crm0 WHERE {string.Join(" AND ", crmRules)})
            QUALIFY rn = min(rn) OVER (PARTITION BY id)
            """);
        ToUtc(con, "crm1", "crm", ["id", "email"], milestones.Select((_, i) => $"m{i}").ToArray(), crm.TimeZone);
        Exec(con, "DROP TABLE crm0; DROP TABLE crm1");

        // Survey responses with the qualtrics preset's rules (its header rows fail the timestamp rule), first valid occurrence of each id.
        var svColumns = ResolveColumns(survey);
        string S(string field) => svColumns.TryGetValue(field, out var c) ? Quote(c) : "NULL::VARCHAR";
        var surveyFormats = "[" + string.Join(", ", survey.Map.Columns.First(c => c.Field == CanonicalFields.Timestamp).Formats!.Select(f => Str(StrftimeFormat(f)))) + "]";
        Exec(con, $"""
            CREATE TABLE sv0 AS
            SELECT trim({S("response_id")}) AS rid, try_strptime(nullif(trim({S("timestamp")}), ''), {surveyFormats}) AS ts,
                   nullif(trim({S("crm_id")}), '') AS crm_id, nullif(lower(trim({S("email")})), '') AS email, coalesce(nullif(trim({S("survey")}), ''), '(survey)') AS survey,
                   nullif(trim({S("nps")}), '') AS nps_text, nullif(trim({S("csat")}), '') AS csat_text, nullif(trim({S("ces")}), '') AS ces_text,
                   TRY_CAST(trim({S("nps")}) AS INTEGER) AS nps, TRY_CAST(trim({S("csat")}) AS INTEGER) AS csat, TRY_CAST(trim({S("ces")}) AS INTEGER) AS ces,
                   lower(trim({S("emotion")})) AS label
            FROM read_csv({Str(survey.FullPath)}, header = true, all_varchar = true, ignore_errors = true)
            """);
        Exec(con, $"""
            CREATE TABLE sv1 AS
            SELECT rid, ts, crm_id, email, survey, nps::DOUBLE AS nps, csat::DOUBLE AS csat, ces::DOUBLE AS ces, label,
                   (SELECT min(idx) FROM surveys x WHERE lower(x.survey) = lower(s.survey)) AS rule
            FROM (
              SELECT rowid AS rn, * FROM sv0
              WHERE rid <> '' AND ts IS NOT NULL
                AND (nps_text IS NULL OR nps BETWEEN 0 AND 10) AND (csat_text IS NULL OR csat BETWEEN 1 AND 5) AND (ces_text IS NULL OR ces BETWEEN 1 AND 7)
                AND {ValidEmail("email")}
              QUALIFY rn = min(rn) OVER (PARTITION BY rid)) s
            """);
        ToUtc(con, "sv1", "resp", ["rid", "crm_id", "email", "survey", "nps", "csat", "ces", "label", "rule"], ["ts"], survey.TimeZone);
        Exec(con, "DROP TABLE sv0; DROP TABLE sv1");
        Exec(con, "SET preserve_insertion_order = false");

        // Analytics: typed, declared read; the ga4 preset's rules; one CASE in rule order giving the stage of an entry (else -1).
        var header = ReadHeader(web.FullPath);
        var webColumns = ResolveColumns(web, header);
        string W(string field) => webColumns.TryGetValue(field, out var c) ? Quote(c) : "NULL::VARCHAR";
        var columnStruct = "{" + string.Join(", ", header.Select(h => $"{Str(h)}: 'VARCHAR'")) + "}";
        var device = web.Map.Columns.First(c => c.Field == CanonicalFields.Device);
        var stageCase = new List<string>();
        var ruleCase = new List<string>(); // the excluded rule an event matches first, else -1
        var lastExcluded = -1;
        var lastEntry = -1;
        var entryEvents = new HashSet<string>(StringComparer.Ordinal);
        HashSet<string>? pageEvents = []; // events of the page rules (null: a page rule for any event)
        var prefilter = true; // every entry rule names its events: rows with other events and no login id are dropped first
        for (var i = 0; i < d.Touchpoints.Count; i++)
        {
            var w = d.Touchpoints[i].When;
            if (w.Events is null && w.Pages is null || w.Milestones is not null || w.Surveys is not null) continue;
            var conditions = new List<string>();
            if (w.Events is not null) conditions.Add(w.Events.Count == 1 ? $"evt = {Str(w.Events[0])}" : $"evt IN ({string.Join(", ", w.Events.Select(Str))})");
            if (w.Pages is not null) conditions.Add("(" + string.Join(" OR ", w.Pages.Select(p => $"path ILIKE {Str(Glob(p))} ESCAPE '\\'")) + ")");
            if (w.Pages is not null)
            {
                if (w.Events is null) pageEvents = null;
                else pageEvents?.UnionWith(w.Events);
            }
            stageCase.Add($"WHEN {string.Join(" AND ", conditions)} THEN {(IsEntry(i) ? StageOf(i) : -1)}");
            ruleCase.Add($"WHEN {string.Join(" AND ", conditions)} THEN {(Excluded(i) ? i : -1)}");
            if (Excluded(i))
            {
                // Rows of an excluded event are kept by the prefilter too (a page-only rule keeps every row).
                lastExcluded = ruleCase.Count;
                if (w.Events is null) prefilter = false;
                else entryEvents.UnionWith(w.Events);
            }
            if (IsEntry(i))
            {
                lastEntry = stageCase.Count;
                if (w.Events is null) prefilter = false;
                else entryEvents.UnionWith(w.Events);
            }
        }
        var stageOfEvent = lastEntry < 0 ? "-1" : $"CASE {string.Join(" ", stageCase.Take(lastEntry))} ELSE -1 END";
        var ruleOfEvent = lastExcluded < 0 ? "-1" : $"CASE {string.Join(" ", ruleCase.Take(lastExcluded))} ELSE -1 END";
        var deviceRule = webColumns.ContainsKey(device.Field)
            ? $" AND (nullif({T(W(device.Field))}, '') IS NULL OR lower({T(W(device.Field))}) IN ({string.Join(", ", device.AcceptedValues!.Select(v => Str(v.ToLowerInvariant())))}))" : "";
        var keep = prefilter ? $" AND (nullif({T(W("user_id"))}, '') IS NOT NULL OR {T(W("event"))} IN ({string.Join(", ", entryEvents.Order(StringComparer.Ordinal).Select(Str))}))" : "";
        // Cells are trimmed as the loader does, but only when they start or end with a space (trim() copies every value).
        // One level per step, so that no expression is copied into another (a filter over the stage would copy the CASE
        // into the scan's filter). The trimmed timestamp text must be the integer's digits (the loader's unix-micros rule:
        // digits only, 1990 to 2100), checked by a round trip to text (digits only otherwise, for padded or zero-led cells)
        // instead of a regular expression: a bare cast would take "1.71e15". The page's path (as the
        // loader's FieldParser.UrlPath: after "://" from the host's first '/' or "/", cut at '?' or '#', a trailing '/'
        // dropped except for the root, empty as "/") only for the events a page rule names.
        var pageOnly = pageEvents is null ? "page" : pageEvents.Count == 0 ? "NULL::VARCHAR" : $"CASE WHEN evt IN ({string.Join(", ", pageEvents.Order(StringComparer.Ordinal).Select(Str))}) THEN page END";
        var events = $"""
            SELECT anon, uid, ts, {stageOfEvent} AS st{(withExclusions ? $", {ruleOfEvent} AS xr" : "")} FROM (
            SELECT anon, uid, evt, ts, CASE WHEN p2 = '' THEN '/' WHEN length(p2) > 1 AND suffix(p2, '/') THEN left(p2, length(p2) - 1) ELSE p2 END AS path FROM (
            SELECT anon, uid, evt, ts, CASE WHEN strpos(p1a, '#') > 0 THEN left(p1a, strpos(p1a, '#') - 1) ELSE p1a END AS p2 FROM (
            SELECT anon, uid, evt, ts, CASE WHEN strpos(p1, '?') > 0 THEN left(p1, strpos(p1, '?') - 1) ELSE p1 END AS p1a FROM (
            SELECT anon, uid, evt, ts, CASE WHEN h = 0 THEN page WHEN strpos(rest, '/') > 0 THEN substr(rest, strpos(rest, '/')) ELSE '/' END AS p1 FROM (
            SELECT anon, uid, evt, ts, page, h, CASE WHEN h > 0 THEN substr(page, h + 3) END AS rest FROM (
            SELECT anon, uid, evt, ts, page, strpos(page, '://') AS h FROM (
            SELECT anon, uid, evt, ts, {pageOnly} AS page FROM (
              SELECT {T(W("anonymous_id"))} AS anon, nullif({T(W("user_id"))}, '') AS uid, {T(W("event"))} AS evt, nullif({T(W("page"))}, '') AS page,
                     TRY_CAST({W("timestamp")} AS BIGINT) AS ts, {W("timestamp")} AS raw_ts
              FROM read_csv({Str(web.FullPath)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
                            ignore_errors = true, columns = {columnStruct})
              WHERE {T(W("anonymous_id"))} <> '' AND {T(W("event"))} <> ''{deviceRule}{keep})
            WHERE ts >= 631152000000000 AND ts < 4102444800000000 AND (CAST(ts AS VARCHAR) = raw_ts OR ltrim(trim(raw_ts), '0123456789') = ''))))))))
            """;

        // g: which stage moment a touchpoint can set (0: stage 1 before the month's end; k: stage k+1 from the month's start
        // to its end plus the window; -1: none). Later stages' times travel as one list per key, encoded ts * 16 + g.
        if (stages > 15) throw new NotSupportedException("more than 15 stages");
        var bucket = $"CASE WHEN st = 0 AND ts < {end} THEN 0 WHEN st > 0 AND ts >= {start} AND ts <= {last} THEN st ELSE -1 END";
        // With exclusions, the excluded records that can lie between two moments travel as a third list, encoded ts * 256 + rule.
        var Aggregates = "min(ts) FILTER (WHERE g = 0) AS t0, list(ts * 16 + g) FILTER (WHERE g > 0) AS l"
            + (withExclusions ? $", list(ts * 256 + xr) FILTER (WHERE xr >= 0 AND ts >= {start} AND ts <= {last}) AS xs" : "");
        var xr = withExclusions ? ", xr" : "";
        var xs = withExclusions ? ", xs" : "";

        // Touchpoints of CRM milestones and matched survey responses that are stage entries.
        var side = new List<string>();
        foreach (var (m, i) in milestones.Select((m, i) => (m, i)))
        {
            var rule = Enumerable.Range(0, d.Touchpoints.Count).FirstOrDefault(r => d.Touchpoints[r].When.Milestones?.Contains(m.Field, StringComparer.OrdinalIgnoreCase) == true, -1);
            if (rule >= 0 && (IsEntry(rule) || Excluded(rule)))
                side.Add($"SELECT 'c:' || id AS cust, m{i} AS ts, {(IsEntry(rule) ? StageOf(rule) : -1)} AS st{(withExclusions ? $", {(Excluded(rule) ? rule : -1)} AS xr" : "")} FROM crm WHERE m{i} IS NOT NULL");
        }
        var excludedList = string.Join(", ", excluded);
        if (Enumerable.Range(0, d.Touchpoints.Count).Any(r => d.Touchpoints[r].When.Surveys is not null && (IsEntry(r) || Excluded(r))))
            side.Add($"""
                SELECT cust, ts, CASE WHEN r.entry AND r.stage >= 0 THEN r.stage ELSE -1 END AS st{(withExclusions ? $", CASE WHEN x.rule IN ({excludedList}) THEN x.rule ELSE -1 END AS xr" : "")} FROM (
                  SELECT CASE WHEN s.crm_id IN (SELECT id FROM crm) THEN 'c:' || s.crm_id
                              WHEN s.email IS NOT NULL THEN (SELECT 'c:' || min(c.id) FROM crm c WHERE c.email = s.email) END AS cust, s.ts, s.rule
                  FROM resp s) x JOIN rules r ON r.idx = x.rule
                WHERE x.cust IS NOT NULL AND ((r.entry AND r.stage >= 0){(withExclusions ? $" OR x.rule IN ({excludedList})" : "")})
                """);

        var chain = new StringBuilder($"SELECT t0, l{xs} FROM cu");
        for (var k = 1; k < stages; k++)
        {
            var earlier = string.Join("", Enumerable.Range(1, k - 1).Select(j => $"t{j}, "));
            var rest = k + 1 < stages ? $", l{xs}" : "";
            var candidate = $"list_min(list_filter(l, lambda x: x % 16 = {k} AND x // 16 >= t{k - 1} AND x // 16 <= t0 + {window})) // 16";
            if (excludesInto[k].Count == 0) { chain = new StringBuilder($"SELECT t0, {earlier}{candidate} AS t{k}{rest} FROM ({chain})"); continue; }
            // Excluded: a record of a rule excluding k strictly between the moment of k-1 and the candidate moment of k.
            chain = new StringBuilder($"SELECT t0, {earlier}CASE WHEN len(list_filter(xs, lambda y: y % 256 IN ({string.Join(", ", excludesInto[k])}) " +
                                      $"AND y // 256 > t{k - 1} AND y // 256 < u{k})) > 0 THEN NULL ELSE u{k} END AS t{k}{rest} " +
                                      $"FROM (SELECT t0, {earlier}{candidate} AS u{k}, l, xs FROM ({chain}))");
        }
        var funnelSql = $"""
            WITH ev AS (SELECT anon, uid, ts, {bucket} AS g{xr} FROM ({events})),
            dev AS (SELECT anon, min(uid) AS uid, {Aggregates} FROM ev GROUP BY anon),
            c AS (SELECT coalesce('c:' || uid, 'a:' || anon) AS cust, t0, l{xs} FROM dev
                  {(side.Count == 0 ? "" : $"UNION ALL SELECT cust, {Aggregates} FROM (SELECT cust, ts, {bucket} AS g{xr} FROM ({string.Join(" UNION ALL ", side)})) GROUP BY cust")}),
            cu AS (SELECT cust, min(t0) AS t0, flatten(list(l) FILTER (WHERE l IS NOT NULL)) AS l{(withExclusions ? ", flatten(list(xs) FILTER (WHERE xs IS NOT NULL)) AS xs" : "")}
                   FROM c GROUP BY cust HAVING min(t0) >= {start} AND min(t0) < {end})
            SELECT {string.Join(", ", Enumerable.Range(0, stages).Select(k => $"count(t{k})"))} FROM ({chain})
            """;
        var funnel = new long[stages];
        if (Environment.GetEnvironmentVariable("JI_DUCKDB_PROFILE") == "1")
            using (var cmd = con.CreateCommand())
            {
                cmd.CommandText = "EXPLAIN ANALYZE " + funnelSql;
                using var reader = cmd.ExecuteReader();
                while (reader.Read()) Console.Error.WriteLine(reader.GetValue(1));
            }
        using (var cmd = con.CreateCommand())
        {
            var sw = Stopwatch.StartNew();
            cmd.CommandText = funnelSql;
            using var reader = cmd.ExecuteReader();
            reader.Read();
            for (var k = 0; k < stages; k++) funnel[k] = reader.GetInt64(k);
            Trace(sw, "funnel query");
            if (Environment.GetEnvironmentVariable("JI_DUCKDB_TRACE") == "1") Console.Error.WriteLine(funnelSql);
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
                  WHERE x.ts >= {start} AND x.ts < {end} AND r.stage >= 0)
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

    /// <summary>
    /// Creates <paramref name="target"/> from <paramref name="source"/> with its local <paramref name="times"/> (naive
    /// timestamps in <paramref name="zone"/>) as UTC microseconds: the zone's offset is looked up once per distinct local
    /// hour (ICU's conversion costs about a microsecond a value), as the loader caches it per hour.
    /// </summary>
    private static void ToUtc(DuckDBConnection con, string source, string target, string[] keep, string[] times, string zone)
    {
        Exec(con, $"""
            CREATE TABLE {source}_tz AS
            SELECT h, epoch_us(timezone('UTC', h AT TIME ZONE {Str(zone)})) - epoch_us(h) AS off
            FROM (SELECT DISTINCT date_trunc('hour', x) AS h FROM (SELECT unnest([{string.Join(", ", times)}]) AS x FROM {source}) WHERE x IS NOT NULL)
            """);
        Exec(con, $"""
            CREATE TABLE {target} AS
            SELECT {string.Join(", ", keep.Select(k => $"s.{k}"))}, {string.Join(", ", times.Select((t, i) => $"epoch_us(s.{t}) + z{i}.off AS {t}"))}
            FROM {source} s {string.Join(" ", times.Select((t, i) => $"LEFT JOIN {source}_tz z{i} ON z{i}.h = date_trunc('hour', s.{t})"))}
            """);
        Exec(con, $"DROP TABLE {source}_tz");
    }

    /// <summary>The cell trimmed of surrounding spaces, copied only when it has any.</summary>
    private static string T(string cell) => $"CASE WHEN prefix({cell}, ' ') OR suffix({cell}, ' ') THEN trim({cell}) ELSE {cell} END";

    private static string Glob(string pattern) =>
        pattern.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace('*', '%');
}
