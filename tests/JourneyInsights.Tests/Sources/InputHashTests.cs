using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using JourneyInsights.Definition;
using JourneyInsights.Sources;
using static JourneyInsights.Tests.Sources.SourceFixtures;

namespace JourneyInsights.Tests.Sources;

/// <summary>
/// The SHA-256 the loader records for each input file (<see cref="SourceFileReport.Sha256"/>, which run-manifest.json
/// and the parsed-row cache use) is computed while the file is read for parsing, and is always the hash of the whole file
/// as it lies on disk (the compressed bytes of a .gz): never of the part the parser needed, never of the decoded text.
/// Each expected value is <see cref="SHA256.HashData(byte[])"/> of <see cref="File.ReadAllBytes"/>, computed
/// independently of the loader.
/// </summary>
public class InputHashTests
{
    private static string HashOnDisk(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private const string Contacts = "crm_id,email,created_at,persona\n1,a@x.example,2026-01-02 03:04,Owner\n2,b@x.example,2026-01-03 10:00,Agency\n";

    private static string Gzip(TestFolder folder, string name, byte[] content)
    {
        var path = folder.File(name);
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Optimal)) gz.Write(content);
        return path;
    }

    [Fact]
    public void A_plain_csv_is_hashed_while_it_is_read()
    {
        using var folder = new TestFolder();
        var path = folder.Write("contacts.csv", Contacts);
        var file = Assert.Single(Load(folder, "Crm", "contacts.csv", "generic-contacts").Report.Files);
        Assert.Equal(2, file.RowsAccepted);
        Assert.Equal(HashOnDisk(path), file.Sha256);
    }

    [Fact]
    public void A_file_whose_last_line_has_no_line_break_is_hashed_to_its_last_byte()
    {
        using var folder = new TestFolder();
        var path = folder.Write("contacts.csv", Contacts.TrimEnd('\n'));
        var file = Assert.Single(Load(folder, "Crm", "contacts.csv", "generic-contacts").Report.Files);
        Assert.Equal(2, file.RowsAccepted); // the last row, without its line break, is read
        Assert.Equal(HashOnDisk(path), file.Sha256);
    }

    [Fact]
    public void The_byte_order_mark_and_the_preamble_lines_the_parser_skips_are_in_the_hash()
    {
        // Three preamble lines before the header (line 4), and a UTF-8 byte-order mark: the parser sees neither, the hash does.
        using var folder = new TestFolder();
        folder.Write("map.json", """
            { "name": "m", "kind": "Analytics", "commentPrefix": "#", "columns": [
              { "field": "timestamp", "column": "time", "type": "DateTime", "required": true, "formats": ["yyyy-MM-dd HH:mm"] },
              { "field": "event", "column": "event", "required": true },
              { "field": "anonymous_id", "column": "visitor", "required": true } ] }
            """);
        var path = folder.Write("e.csv", "# Exported 2026-03-05\n# by Tool\n#\ntime,event,visitor\n2026-03-04 10:00,view,v1\n", new UTF8Encoding(true));
        Assert.Equal([0xEF, 0xBB, 0xBF], File.ReadAllBytes(path)[..3]);
        var file = Assert.Single(Load(folder, "Analytics", "e.csv", "map.json").Report.Files);
        Assert.Equal(1, file.RowsAccepted);
        Assert.Equal(HashOnDisk(path), file.Sha256);
    }

    [Fact]
    public void A_windows_1252_file_is_hashed_as_its_bytes_not_as_the_text_it_is_transcoded_to()
    {
        using var folder = new TestFolder();
        var path = folder.Write("contacts.csv", Contacts.Replace("Owner", "Propriétaire"), Encoding.Latin1);
        var file = Assert.Single(Load(folder, "Crm", "contacts.csv", "generic-contacts", encoding: "latin1").Report.Files);
        Assert.Equal(2, file.RowsAccepted);
        Assert.Equal(HashOnDisk(path), file.Sha256);
    }

    [Fact]
    public void A_gzipped_export_is_hashed_as_its_compressed_bytes()
    {
        using var folder = new TestFolder();
        var path = Gzip(folder, "contacts.csv.gz", Encoding.UTF8.GetBytes(Contacts));
        var file = Assert.Single(Load(folder, "Crm", "contacts.csv.gz", "generic-contacts").Report.Files);
        Assert.Equal(2, file.RowsAccepted);
        Assert.Equal(HashOnDisk(path), file.Sha256);
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Contacts))), file.Sha256);
    }

    [Fact]
    public void Files_larger_than_one_read_are_hashed_whole_plain_and_gzipped()
    {
        // 20,000 rows of about 40 bytes: about 0.8 MB, many 64 KiB reads; the gzip's trailer is read first (its recorded
        // length), then the file from its start.
        var text = new StringBuilder("crm_id,email,created_at,persona\n");
        for (var i = 0; i < 20_000; i++) text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i},u{i}@x.example,2026-01-02 03:04,Owner\n");
        using var folder = new TestFolder();
        var plain = folder.Write("contacts.csv", text.ToString());
        var gz = Gzip(folder, "contacts.csv.gz", Encoding.UTF8.GetBytes(text.ToString()));
        Assert.True(new FileInfo(plain).Length > 700_000);
        var a = Assert.Single(Load(folder, "Crm", "contacts.csv", "generic-contacts").Report.Files);
        var b = Assert.Single(Load(folder, "Crm", "contacts.csv.gz", "generic-contacts").Report.Files);
        Assert.Equal((20_000L, 20_000L), (a.RowsAccepted, b.RowsAccepted));
        Assert.Equal(HashOnDisk(plain), a.Sha256);
        Assert.Equal(HashOnDisk(gz), b.Sha256);
    }

    [Fact]
    public void A_qualtrics_export_with_extra_header_rows_is_hashed_whole()
    {
        using var folder = new TestFolder();
        var path = folder.Write("survey.csv", QualtricsLoaderTests.Export, new UTF8Encoding(true));
        var file = Assert.Single(Load(folder, "Survey", "survey.csv", "qualtrics", timeZone: "America/Denver").Report.Files);
        Assert.Equal(5, file.RowsRead); // the three header rows are not data
        Assert.Equal(HashOnDisk(path), file.Sha256);
    }

    [Fact]
    public void A_source_with_joined_files_records_the_hash_of_its_own_file()
    {
        using var folder = new TestFolder();
        var path = folder.Write("export/OpportunityHistory.csv", SalesforceJoinTests.History);
        folder.Write("export/OpportunityContactRole.csv", SalesforceJoinTests.ContactRoles);
        folder.Write("export/Contact.csv", SalesforceJoinTests.Contacts);
        var source = JourneyDefinitionReader.Parse("""
            { "name": "sf", "sources": [ { "name": "crm", "kind": "Crm", "path": "export/OpportunityHistory.csv", "columnMap": "salesforce-opportunity-history" } ],
              "stages": [ { "name": "Qualified" } ], "touchpoints": [] }
            """, folder.Path).Sources[0];
        var file = Assert.Single(CsvSource.Load(source).Report.Files);
        Assert.Equal(9, file.RowsRead);
        Assert.Equal(HashOnDisk(path), file.Sha256);
    }

    [Fact]
    public void With_the_cache_a_new_file_is_hashed_while_parsed_and_an_unchanged_one_is_hashed_before_its_entry_is_used()
    {
        using var folder = new TestFolder();
        var march = folder.Write("exports/events_2026-03.csv", GlobSourceTests.March);
        var source = JourneyDefinitionReader.Parse("""
            { "name": "fixture", "sources": [ { "name": "src", "kind": "Analytics", "path": "exports/events_*.csv", "columnMap": "ga4" } ],
              "stages": [ { "name": "Awareness" } ], "touchpoints": [] }
            """, folder.Path).Sources[0];
        var options = new LoadOptions { CacheFolder = Path.Combine(folder.Reports, ".cache"), RunUtc = Utc(2026, 12, 1, 0, 0) };
        var first = Assert.Single(CsvSource.Load(source, options).Report.Files);
        Assert.Equal(("parsed and cached", HashOnDisk(march)), (first.CacheNote, first.Sha256));

        // Next month: March from its entry, April (new) parsed; both hashes are of the files as on disk.
        var april = folder.Write("exports/events_2026-04.csv", GlobSourceTests.April);
        var files = CsvSource.Load(source, options).Report.Files;
        Assert.Equal([(true, HashOnDisk(march)), (false, HashOnDisk(april))], files.Select(f => (f.FromCache, f.Sha256!)).ToArray());
        Assert.Equal("parsed and cached", files[1].CacheNote);
    }
}
