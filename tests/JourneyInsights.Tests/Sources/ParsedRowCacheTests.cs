using JourneyInsights.Definition;
using JourneyInsights.Sources;
using static JourneyInsights.Tests.Sources.SourceFixtures;

namespace JourneyInsights.Tests.Sources;

/// <summary>
/// The parsed-row cache (<see cref="LoadOptions.CacheFolder"/>): a file that has not changed is read from its entry, and
/// the table is exactly what parsing gives; a change of the file's bytes, of the column map or of a rule, a corrupt or
/// truncated entry all make the file parsed again; rules that depend on the run are decided on every run.
/// </summary>
public class ParsedRowCacheTests
{
    private static SourceDefinition Glob(TestFolder folder, string kind, string path, string map, string extra = "") => JourneyDefinitionReader.Parse($$"""
        { "name": "fixture", "sources": [ { "name": "src", "kind": "{{kind}}", "path": "{{path}}", "columnMap": "{{map}}"{{extra}} } ],
          "stages": [ { "name": "Awareness" } ], "touchpoints": [] }
        """, folder.Path).Sources[0];

    private static LoadOptions Cached(TestFolder folder, DateTime? run = null) =>
        new() { CacheFolder = Path.Combine(folder.Reports, ".cache"), RunUtc = run ?? new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc) };

    /// <summary>Everything a table holds, as text: every column's values row by row (a coded text column's code too: a
    /// cached load must give the codes a cold one gives, in order of first appearance), the rejected rows and the counts.</summary>
    private static string Dump(SourceTable t) => string.Join("\n",
        t.Columns.Select(c => c.Name + ": " + string.Join("|", Enumerable.Range(0, (int)t.RowCount).Select(r => c switch
        {
            TextColumn text => (text[r] ?? "∅") + (text.IsCoded ? "#" + text.Code(r) : ""),
            ValueColumn<DateTime> times => times[r] is { } v ? v.ToString("O") + v.Kind : "∅",
            ValueColumn<long> longs => longs[r]?.ToString() ?? "∅",
            ValueColumn<int> ints => ints[r]?.ToString() ?? "∅",
            ValueColumn<double> numbers => numbers[r]?.ToString("R") ?? "∅",
            _ => "?",
        })))
        .Concat(t.Rejected.Select(r => r.ToString()))
        .Concat(t.Report.Files.Select(f => $"{f.File} {f.Bytes} {f.RowsRead} {f.RowsAccepted} {f.RowsRejected}"))
        .Append($"{t.Report.RowsRead} {t.Report.RowsAccepted} {t.Report.RowsRejected} {t.Report.FirstTimestamp:O} {t.Report.LastTimestamp:O}")
        .Concat(t.Report.Reasons.Select(r => r.ToString()))
        .Concat(t.Report.Warnings.Select(w => w.ToString())));

    [Fact]
    public void An_unchanged_file_is_read_from_the_cache_and_gives_the_table_parsing_gives()
    {
        using var folder = new TestFolder();
        folder.Write("exports/events_2026-03.csv", GlobSourceTests.March);
        folder.Write("exports/events_2026-04.csv", GlobSourceTests.April);
        var source = Glob(folder, "Analytics", "exports/events_*.csv", "ga4");
        var cold = CsvSource.Load(source, new LoadOptions { RunUtc = Cached(folder).RunUtc });

        var first = CsvSource.Load(source, Cached(folder));
        Assert.All(first.Report.Files, f => Assert.False(f.FromCache));
        Assert.Equal(["parsed and cached", "parsed and cached"], first.Report.Files.Select(f => f.CacheNote!).ToArray());
        // One entry per file; nothing written beside the inputs.
        Assert.Equal(2, Directory.GetFiles(Path.Combine(folder.Reports, ".cache")).Length);
        Assert.Equal(["events_2026-03.csv", "events_2026-04.csv"], Directory.GetFiles(folder.File("exports")).Select(f => Path.GetFileName(f)!).Order().ToArray());

        var second = CsvSource.Load(source, Cached(folder));
        Assert.All(second.Report.Files, f => Assert.True(f.FromCache));
        Assert.All(second.Report.Files, f => Assert.Null(f.CacheWarning));
        Assert.Equal(Dump(cold), Dump(first));
        Assert.Equal(Dump(cold), Dump(second));
        // The hash computed for the cache is the one the run manifest records.
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(folder.File("exports/events_2026-04.csv")))),
            second.Report.Files[1].Sha256);
    }

    [Fact]
    public void Values_read_from_the_cache_get_the_codes_parsing_gives_them_in_order_of_first_appearance()
    {
        // March names a, b; April b, c, b, a, c. Parsed in file order the event codes are a = 1, b = 2, c = 3, so the
        // seven rows are 1, 2 | 2, 3, 2, 1, 3 — also when April's entry (its own dictionary: b, c, a) is read back.
        const string header = "event_timestamp,event_name,user_pseudo_id\n";
        using var folder = new TestFolder();
        folder.Write("exports/events_2026-03.csv", header + "1772633100000000,a,d1\n1772633101000000,b,d1\n");
        folder.Write("exports/events_2026-04.csv", header + string.Join("", new[] { "b", "c", "b", "a", "c" }.Select((e, i) => $"{1775052000000000 + i},{e},d2\n")));
        var source = Glob(folder, "Analytics", "exports/events_*.csv", "ga4");
        CsvSource.Load(source, Cached(folder));

        var again = CsvSource.Load(source, Cached(folder));
        var events = again.Text(CanonicalFields.Event)!;
        Assert.All(again.Report.Files, f => Assert.True(f.FromCache));
        Assert.Equal(["a", "b", "c"], events.Distinct);
        Assert.Equal([1, 2, 2, 3, 2, 1, 3], Enumerable.Range(0, 7).Select(i => events.Code(i)));
    }

    [Fact]
    public void A_change_of_content_with_the_same_size_and_time_is_found_by_the_hash()
    {
        using var folder = new TestFolder();
        var march = folder.Write("exports/events_2026-03.csv", GlobSourceTests.March);
        folder.Write("exports/events_2026-04.csv", GlobSourceTests.April);
        var source = Glob(folder, "Analytics", "exports/events_*.csv", "ga4");
        CsvSource.Load(source, Cached(folder));

        // 'first_visit' becomes 'first_vizit': same length, so the same size; the last-write time is set back.
        var time = File.GetLastWriteTimeUtc(march);
        var size = new FileInfo(march).Length;
        File.WriteAllText(march, GlobSourceTests.March.Replace("first_visit", "first_vizit"));
        File.SetLastWriteTimeUtc(march, time);
        Assert.Equal((size, time), (new FileInfo(march).Length, File.GetLastWriteTimeUtc(march)));

        var table = CsvSource.Load(source, Cached(folder));
        Assert.False(table.Report.Files[0].FromCache);
        Assert.Contains("stale", table.Report.Files[0].CacheWarning);
        Assert.True(table.Report.Files[1].FromCache);
        Assert.Equal(["first_vizit", "page_view", "purchase"], Enumerable.Range(0, 3).Select(i => table.Text(CanonicalFields.Event)![i]!).ToArray());
        // The rebuilt entry is used next time.
        Assert.All(CsvSource.Load(source, Cached(folder)).Report.Files, f => Assert.True(f.FromCache));
    }

    // A generic event log and a column map of its own, whose device rule is then changed.
    private const string Events = """
        timestamp,event,anonymous_id,device
        2026-03-02T10:00:00Z,page_view,a1,desktop
        2026-03-02T10:05:00Z,page_view,a2,tablet

        """;

    private static string Map(string devices) => $$"""
        { "name": "my-events", "kind": "Analytics", "columns": [
            { "field": "timestamp", "column": "timestamp", "type": "DateTime", "required": true },
            { "field": "event", "column": "event", "required": true },
            { "field": "anonymous_id", "column": "anonymous_id", "required": true },
            { "field": "device", "column": "device", "acceptedValues": [{{devices}}] } ] }
        """;

    [Fact]
    public void A_change_of_the_column_map_or_of_a_rule_parses_the_file_again()
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", Events);
        folder.Write("map.json", Map("\"desktop\", \"tablet\""));
        var both = CsvSource.Load(Glob(folder, "Analytics", "events.csv", "map.json"), Cached(folder));
        Assert.Equal((2L, 0L), (both.Report.RowsAccepted, both.Report.RowsRejected));

        // The rule now accepts desktop only: line 3 (tablet) is rejected, so the file must be parsed again.
        folder.Write("map.json", Map("\"desktop\""));
        var desktop = CsvSource.Load(Glob(folder, "Analytics", "events.csv", "map.json"), Cached(folder));
        Assert.False(Assert.Single(desktop.Report.Files).FromCache);
        Assert.Equal((1L, 1L), (desktop.Report.RowsAccepted, desktop.Report.RowsRejected));
        Assert.Equal((3L, "device", "accepted-values"), (desktop.Rejected[0].Line, desktop.Rejected[0].Column, desktop.Rejected[0].Rule));
        Assert.True(Assert.Single(CsvSource.Load(Glob(folder, "Analytics", "events.csv", "map.json"), Cached(folder)).Report.Files).FromCache);

        // A setting that changes parsing (the time zone) is part of the key too.
        var zoned = CsvSource.Load(Glob(folder, "Analytics", "events.csv", "map.json", ", \"timeZone\": \"Europe/Paris\""), Cached(folder));
        Assert.False(Assert.Single(zoned.Report.Files).FromCache);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("empty")]
    public void A_corrupt_or_truncated_entry_is_rebuilt_with_a_warning_and_the_table_is_unchanged(string damage)
    {
        using var folder = new TestFolder();
        folder.Write("crm_2026-03.csv", GlobSourceTests.ContactsMarch);
        folder.Write("crm_2026-04.csv", GlobSourceTests.ContactsApril);
        var source = Glob(folder, "Crm", "crm_*.csv", "hubspot");
        var cold = Dump(CsvSource.Load(source, Cached(folder)));
        foreach (var entry in Directory.GetFiles(Path.Combine(folder.Reports, ".cache")))
        {
            var bytes = File.ReadAllBytes(entry);
            if (damage == "flip") { bytes[bytes.Length / 2] ^= 0xFF; bytes[bytes.Length / 2 + 1] ^= 0x01; }
            else if (damage == "truncate") bytes = bytes[..(bytes.Length * 2 / 3)];
            else bytes = [];
            File.WriteAllBytes(entry, bytes);
        }

        var rebuilt = CsvSource.Load(source, Cached(folder));
        Assert.All(rebuilt.Report.Files, f => Assert.False(f.FromCache));
        Assert.All(rebuilt.Report.Files, f => Assert.Contains("corrupt", f.CacheWarning));
        Assert.All(rebuilt.Report.Files, f => Assert.Contains("rebuilt", f.CacheNote));
        Assert.Equal(cold, Dump(rebuilt));
        // The duplicate across files (500001, line 3 of April's file) is decided after reading, from the cache as well.
        var again = CsvSource.Load(source, Cached(folder));
        Assert.All(again.Report.Files, f => Assert.True(f.FromCache));
        Assert.Equal(cold, Dump(again));
        Assert.Equal("duplicate value; first seen on line 2 of crm_2026-03.csv", Assert.Single(again.Rejected).Reason);
    }

    [Fact]
    public void Future_dated_rows_are_decided_against_this_run_not_the_run_that_filled_the_cache()
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", """
            timestamp,event,anonymous_id
            2026-03-02T10:00:00Z,page_view,a1
            2026-06-01T09:00:00Z,page_view,a2

            """);
        var source = Glob(folder, "Analytics", "events.csv", "generic-events");
        // Run on 2026-05-01: 2026-06-01 09:00 is more than a day after it, so line 3 is future-dated.
        var may = CsvSource.Load(source, Cached(folder, new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc)));
        var rejected = Assert.Single(may.Rejected);
        Assert.Equal((3L, "future-dated"), (rejected.Line, rejected.Rule));
        Assert.Equal("dated 2026-06-01 09:00 UTC, after the run (2026-05-01 00:00 UTC) by more than a day", rejected.Reason);

        // Run on 2026-07-01 from the cache: the row is no longer in the future and is accepted (2 rows).
        var july = CsvSource.Load(source, Cached(folder, new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.True(Assert.Single(july.Report.Files).FromCache);
        Assert.Equal((2L, 0L), (july.Report.RowsAccepted, july.Report.RowsRejected));
        Assert.Equal(new DateTime(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc), july.Report.LastTimestamp);
        // And back on 2026-05-31 (still more than a day before 06-01 09:00): rejected again, against that run.
        var late = CsvSource.Load(source, Cached(folder, new DateTime(2026, 5, 31, 0, 0, 0, DateTimeKind.Utc)));
        Assert.True(Assert.Single(late.Report.Files).FromCache);
        Assert.Equal("dated 2026-06-01 09:00 UTC, after the run (2026-05-31 00:00 UTC) by more than a day", Assert.Single(late.Rejected).Reason);
    }
}
