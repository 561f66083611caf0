using System.IO.Compression;
using System.Text.RegularExpressions;
using JourneyInsights.Cli;

namespace JourneyInsights.Tests.Cli;

/// <summary>Personal data typed into attribute fields and file names never reaches an output of <c>journey report</c>, nor a message of <c>journey validate --strict</c>.</summary>
public class PrivacyEndToEndTests
{
    private const string Persona = "jürgen.müller@exämple.de";
    private const string Source = "josé@correo.es";
    private const string Medium = "+44 20 7946 0958";
    private const string Page = "/u/jane%40example.com/555.123.4567";
    private const string Survey = "Feedback for (555) 123-4567";
    private const string FileName = "crm-jane.doe@example.com.csv";

    private static readonly string[] Raw = [Persona, Source, Medium, "jane%40example.com", "555.123.4567", "(555) 123-4567", "jane.doe@example.com", "7946 0958"];

    [Fact]
    public void Hostile_attributes_are_masked_in_every_output()
    {
        using var folder = new TestFolder();
        var exports = Path.Combine(folder.Path, "exports");
        var config = HostileTextTests.EditedSamples(exports,
            definition: json => json.Replace("\"crm-contacts.csv\"", "\"" + FileName + "\"", StringComparison.Ordinal),
            crm: lines =>
            {
                var n = 0;
                return lines.Select(l => l.Contains(",2026-08-", StringComparison.Ordinal) && l.Contains(",Agency,", StringComparison.Ordinal) && n++ < 40
                    ? l.Replace(",Agency,", "," + Persona + ",", StringComparison.Ordinal) : l).ToArray();
            },
            events: lines =>
            {
                var edited = lines.Select(l => l.StartsWith("202608", StringComparison.Ordinal) && l.Contains(",tiktok,paid_social,", StringComparison.Ordinal)
                    ? l.Replace(",tiktok,paid_social,", $",{Source},{Medium},", StringComparison.Ordinal) : l).ToList();
                var f = edited[1].Split(',');
                f[2] = "page_view";
                f[5] = "https://www.northwind-cloud.example" + Page;
                edited.Insert(1, string.Join(',', f));
                return [.. edited];
            });
        File.Move(Path.Combine(exports, "crm-contacts.csv"), Path.Combine(exports, FileName));
        var survey = Path.Combine(exports, "survey-responses.csv");
        File.WriteAllText(survey, File.ReadAllText(survey).Replace(",Website feedback,", "," + Survey + ",", StringComparison.Ordinal));
        var reports = Path.Combine(folder.Path, "reports");

        var (code, output, error) = InProcessCli.Run("report", "--config", config, "--month", "2026-08", "--out", reports);

        Assert.True(code == ExitCodes.Success, error);
        foreach (var raw in Raw) Assert.DoesNotContain(raw, output + error);
        var dir = Path.Combine(reports, "2026-08");
        var texts = new Dictionary<string, string>();
        foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".png", StringComparison.Ordinal)))
        {
            if (file.EndsWith(".xlsx", StringComparison.Ordinal))
            {
                using var zip = ZipFile.OpenRead(file);
                foreach (var e in zip.Entries.Where(e => !e.FullName.EndsWith(".png", StringComparison.Ordinal)))
                {
                    using var reader = new StreamReader(e.Open());
                    texts[file + "!" + e.FullName] = reader.ReadToEnd();
                }
            }
            else texts[file] = File.ReadAllText(file);
        }
        Assert.Contains(texts.Keys, k => k.EndsWith(".svg", StringComparison.Ordinal));
        foreach (var (file, text) in texts)
            foreach (var raw in Raw.Append(Regex.Escape(Persona)).Distinct())
                Assert.False(text.Contains(raw, StringComparison.Ordinal) || text.Contains(System.Net.WebUtility.HtmlEncode(raw), StringComparison.Ordinal)
                    || text.Contains(System.Text.Json.JsonSerializer.Serialize(raw).Trim('"'), StringComparison.Ordinal), $"{file} contains {raw}");
        // The masked values are there, as what they were: the persona segment, the channel, the file name.
        var summary = texts[Path.Combine(dir, "summary.json")];
        Assert.Contains("\"[email]\"", summary); // the persona
        Assert.Contains("[email] / [phone]", summary); // the channel: "source / medium"
        Assert.Contains("\"file\": \"[email]\"", summary); // the file name: "crm-jane.doe@example.com.csv" is an address as a whole
    }

    [Fact]
    public void Validate_strict_does_not_print_the_raw_value_of_the_first_rejected_row()
    {
        using var folder = new TestFolder();
        // The first analytics data row's event_timestamp holds an e-mail address and a phone number: a type error, the
        // first rejected row, so strict mode stops there.
        var config = HostileTextTests.EditedSamples(Path.Combine(folder.Path, "exports"), events: lines =>
        {
            var f = lines[1].Split(',');
            f[1] = "jane.roe@example.com 555-123-4567";
            return [lines[0], string.Join(',', f), .. lines[2..]];
        });
        var (code, output, error) = InProcessCli.Run("validate", "--config", config, "--strict");
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("analytics-events.csv.gz:2: column 'event_timestamp'", error); // names the file, line and column
        Assert.Contains("[email] [phone]", error);
        Assert.DoesNotContain("jane.roe@example.com", output + error);
        Assert.DoesNotContain("555-123-4567", output + error);
    }

    [Fact]
    public void Rejected_rows_keep_timestamp_and_id_values_and_mask_an_e_mail_column_whole()
    {
        using var folder = new TestFolder();
        // line 2: a Create Date that is no date (kept: it is the offending value); line 3: an e-mail that is invalid
        // (masked whole: the column is an e-mail column); line 5: a "Record ID" of 10 digits that repeats line 4's.
        var config = HostileTextTests.EditedSamples(Path.Combine(folder.Path, "exports"), crm: lines =>
        {
            var a = lines[1].Split(',');
            a[3] = "2026-13-45 99:99";
            var b = lines[2].Split(',');
            b[1] = "jane(at)@@example";
            var c = lines[3].Split(',');
            c[0] = "5551234567";
            var d = lines[4].Split(',');
            d[0] = "5551234567";
            return [lines[0], string.Join(',', a), string.Join(',', b), string.Join(',', c), string.Join(',', d), .. lines[5..]];
        });
        var rejected = folder.File("rejected.csv");
        var (code, _, error) = InProcessCli.Run("validate", "--config", config, "--rejected", rejected);
        Assert.True(code is 0 or 1, error);
        var rows = File.ReadAllLines(rejected).Where(l => l.StartsWith("crm,", StringComparison.Ordinal)).ToList();
        Assert.Contains(rows, r => r.Contains(",2,Create Date,type,", StringComparison.Ordinal) && r.EndsWith(",2026-13-45 99:99", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(",3,Email,", StringComparison.Ordinal) && r.EndsWith(",[email]", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(",5,Record ID,unique,", StringComparison.Ordinal) && r.EndsWith(",5551234567", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("[phone]", StringComparison.Ordinal));
    }
}
