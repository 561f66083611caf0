using System.Text;
using DuckDB.NET.Data;
using JourneyInsights.Definition;
using JourneyInsights.Sources;

namespace JourneyInsights.Bench;

/// <summary>The month's cohort funnel and emotion per stage, computed by DuckDB SQL straight from the CSV exports.</summary>
public sealed record DuckDbFigures(long[] Funnel, IReadOnlyList<(int Stage, long Responses, double? Mean, double? Nps)> Emotion, TimeSpan Elapsed);

/// <summary>What the DuckDB references share: quoting, date formats, the export's real header names.</summary>
internal static class DuckDbSql
{
    /// <summary>
    /// The header of each mapped field as the file spells it: the map's column, else its alternatives in order, matched
    /// exactly, then ignoring case and surrounding spaces (as the loader does). Absent optional columns are left out.
    /// </summary>
    public static Dictionary<string, string> ResolveColumns(SourceDefinition source) =>
        ResolveColumns(source, ReadHeader(source.FullPath));

    public static Dictionary<string, string> ResolveColumns(SourceDefinition source, IReadOnlyList<string> header)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in source.Map.Columns)
        {
            var names = new[] { c.Column }.Concat(c.Alternatives ?? []).ToList();
            var hit = names.Select(n => header.FirstOrDefault(h => h == n)).FirstOrDefault(h => h is not null)
                      ?? names.Select(n => header.FirstOrDefault(h => string.Equals(h.Trim(), n.Trim(), StringComparison.OrdinalIgnoreCase))).FirstOrDefault(h => h is not null);
            if (hit is not null) found[c.Field] = hit;
            else if (!c.Optional) throw new InvalidOperationException($"{source.FullPath}: no column {c.Column} for {c.Field}");
        }
        return found;
    }

    /// <summary>The first line of a CSV file (or .csv.gz) split into fields (a UTF-8 byte-order mark dropped, quotes undone).</summary>
    public static List<string> ReadHeader(string path)
    {
        Stream stream = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) stream = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var line = reader.ReadLine() ?? "";
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else sb.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(ch);
        }
        fields.Add(sb.ToString());
        return fields;
    }

    /// <summary>A .NET custom date format as a strptime format (the tokens the presets use).</summary>
    public static string StrftimeFormat(string f)
    {
        var tokens = new (string Net, string Strf)[]
        {
            ("yyyy", "%Y"), ("MM", "%m"), ("M", "%-m"), ("dd", "%d"), ("d", "%-d"), ("HH", "%H"), ("H", "%-H"),
            ("hh", "%I"), ("h", "%-I"), ("mm", "%M"), ("ss", "%S"), ("tt", "%p"), ("fff", "%g"),
        };
        var sb = new StringBuilder();
        for (var i = 0; i < f.Length;)
        {
            if (f[i] == '\'')
            {
                var end = f.IndexOf('\'', i + 1);
                sb.Append(f, i + 1, end - i - 1);
                i = end + 1;
                continue;
            }
            var hit = tokens.FirstOrDefault(t => string.CompareOrdinal(f, i, t.Net, 0, t.Net.Length) == 0);
            if (hit.Net is null) { sb.Append(f[i]); i++; }
            else { sb.Append(hit.Strf); i += hit.Net.Length; }
        }
        return sb.ToString();
    }

    /// <summary>The loader's e-mail rule as SQL over <paramref name="e"/> (already trimmed and lower-cased): one '@', not first or last, no space; empty passes.</summary>
    public static string ValidEmail(string e) =>
        $"({e} IS NULL OR ({e} LIKE '_%@_%' AND length({e}) - length(replace({e}, '@', '')) = 1 AND position(' ' IN {e}) = 0))";

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
    public static string Str(string text) => "'" + text.Replace("'", "''") + "'";

    public static void Exec(DuckDBConnection con, string sql)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var cmd = con.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
        Trace(clock, sql);
    }

    /// <summary>With JI_DUCKDB_TRACE=1, prints each statement's time to standard error.</summary>
    public static void Trace(System.Diagnostics.Stopwatch clock, string sql)
    {
        if (Environment.GetEnvironmentVariable("JI_DUCKDB_TRACE") == "1")
            Console.Error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds,7:0.000} s  {sql.Trim().Split('\n')[0]}"));
    }
}
