using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;
using JourneyInsights.Cli;
using JourneyInsights.Privacy;
using JourneyInsights.Tests.Metrics;

namespace JourneyInsights.Tests.Cli;

/// <summary>
/// Property-based tests (FsCheck): random rows with hostile strings in every text field, through the loader
/// (<c>journey validate</c>) and the whole report (<c>journey report</c>). Bounded: small data, a few dozen cases.
/// </summary>
public class HostileInputProperties
{
    /// <summary>Personal data planted in the rows; none may reach an output.</summary>
    private static readonly string[] Planted =
    [
        "jane.doe@example.com", "jürgen.müller@exämple.de", "josé＠correo.es", "ann%40mail.example.org", "+44 20 7946 0958",
        "(555) 123-4567", "555.123.4567", "DE89 3704 0044 0532 0130 00", "4111 1111 1111 1111",
    ];

    private static readonly string[] Hostile =
    [
        "=HYPERLINK(\"http://evil.example\",\"x\")", "+SUM(A1:A9)", "-2+3", "@cmd", "=1+1", "<script>alert(1)</script>", "<b>bold</b>",
        "\"quoted, with comma\"", "line\nbreak", "tab\there", "bell\u0007char", "nul\u0000char", "\u202Eright-to-left", "emoji 🙂", "\uD800lone",
        "", " ", "Agency", "Freelancer", "(unknown)", "]]><!--", "&amp;", "'; DROP TABLE x;--",
    ];

    private static Gen<string> Text() => Gen.OneOf(
        Gen.Elements(Hostile), Gen.Elements(Planted),
        from a in Gen.Elements(Hostile) from b in Gen.Elements(Planted) select a + " " + b);

    private static string Csv(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A small hand-made-journey export set (generic presets) whose text fields are random hostile strings.</summary>
    private sealed record Rows(string Events, string Contacts, string Responses);

    private static Gen<Rows> RowsGen() =>
        from n in Gen.Choose(3, 12)
        from texts in Gen.ArrayOf(Text(), n * 12)
        from pricing in Gen.ArrayOf(Gen.Elements(true, false), n)
        select Build(n, texts, pricing);

    private static Rows Build(int n, string[] t, bool[] pricing)
    {
        var events = new StringBuilder("timestamp,event,anonymous_id,user_id,page,source,medium,device,region\n");
        var contacts = new StringBuilder("crm_id,email,created_at,persona,region\n");
        var responses = new StringBuilder("response_id,timestamp,crm_id,email,survey,nps,csat,ces,emotion,comment\n");
        for (var i = 0; i < n; i++)
        {
            string T(int k) => Csv(t[i * 12 + k]);
            events.Append($"2026-03-0{1 + i % 9}T10:00:00Z,visit,a{i},{100 + i},{T(0)},{T(1)},{T(2)},{T(3)},{T(4)}\n");
            if (pricing[i]) events.Append($"2026-03-1{i % 9}T10:00:00Z,pricing,a{i},{100 + i},/pricing{T(5)},{T(1)},{T(2)},{T(3)},{T(4)}\n");
            contacts.Append($"{100 + i},,2026-03-0{1 + i % 9}T09:00:00Z,{T(6)},{T(7)}\n");
            responses.Append($"R{i},2026-03-2{i % 9}T12:00:00Z,{100 + i},,{T(8)},{i % 11},{1 + i % 5},{1 + i % 7},{T(9)},{T(10)}\n");
        }
        // one broken row per file: a field count unlike the header's, with personal data in it
        events.Append($"2026-03-05T10:00:00Z,visit,{Csv(t[11])}\n");
        return new Rows(events.ToString(), contacts.ToString(), responses.ToString());
    }

    private static string Write(TestFolder folder, Rows rows)
    {
        folder.Write("events.csv", rows.Events);
        folder.Write("contacts.csv", rows.Contacts);
        folder.Write("responses.csv", rows.Responses);
        return folder.Write("journey.json", HandMadeJourney.Definition());
    }

    [Fact]
    public void The_loader_never_crashes_and_accounts_for_every_row()
    {
        Prop.ForAll(RowsGen().ToArbitrary(), rows =>
        {
            using var folder = new TestFolder();
            var config = Write(folder, rows);
            var (code, output, error) = InProcessCli.Run("validate", "--config", config, "--format", "json");
            Assert.True(code is ExitCodes.Success or ExitCodes.DataError, $"exit {code}: {error}");
            using var json = JsonDocument.Parse(output);
            foreach (var s in json.RootElement.GetProperty("sources").EnumerateArray())
                Assert.Equal(s.GetProperty("rowsRead").GetInt64(), s.GetProperty("rowsAccepted").GetInt64() + s.GetProperty("rowsRejected").GetInt64());
            foreach (var p in Planted) Assert.DoesNotContain(p, output + error);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40).WithQuietOnSuccess(true));
    }

    [Fact]
    public void A_report_on_hostile_rows_never_crashes_and_leaks_no_formula_markup_or_personal_data()
    {
        Prop.ForAll(RowsGen().ToArbitrary(), rows =>
        {
            using var folder = new TestFolder();
            var config = Write(folder, rows);
            var reports = folder.Reports;
            var (code, output, error) = InProcessCli.Run("report", "--config", config, "--month", "2026-03", "--out", reports, "--format", "xlsx,svg,html,json");
            Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");
            foreach (var p in Planted) Assert.DoesNotContain(p, output + error);
            var dir = Path.Combine(reports, "2026-03");

            using (var zip = ZipFile.OpenRead(Path.Combine(dir, "journey-summary-2026-03.xlsx")))
                foreach (var e in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
                {
                    using var reader = new StreamReader(e.Open());
                    var xml = reader.ReadToEnd();
                    if (e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal))
                        Assert.DoesNotContain(XDocument.Parse(xml).Descendants(), x => x.Name.LocalName == "f"); // no formula in any cell
                    AssertNoPersonalData(xml, e.FullName);
                }
            var html = File.ReadAllText(Path.Combine(dir, "index.html"));
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<b>bold", html);
            AssertNoPersonalData(html, "index.html");
            foreach (var svg in Directory.GetFiles(Path.Combine(dir, "charts"), "*.svg"))
            {
                var text = File.ReadAllText(svg);
                Assert.DoesNotContain(XDocument.Parse(text).Descendants(), x => x.Name.LocalName is "script" or "b" or "foreignObject");
                AssertNoPersonalData(text, svg);
            }
            var summary = File.ReadAllText(Path.Combine(dir, "summary.json"));
            AssertNoPersonalData(summary, "summary.json");
            using var json = JsonDocument.Parse(summary);
            foreach (var s in json.RootElement.GetProperty("dataQuality").GetProperty("sources").EnumerateArray())
                Assert.Equal(s.GetProperty("rowsRead").GetInt64(), s.GetProperty("rowsAccepted").GetInt64() + s.GetProperty("rowsRejected").GetInt64());
            foreach (var f in new[] { "rejected-rows.csv", "run-manifest.json" }.Select(f => Path.Combine(dir, f)).Where(File.Exists))
                AssertNoPersonalData(File.ReadAllText(f), f);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(12).WithQuietOnSuccess(true));
    }

    /// <summary>No planted value, as written or as an output would encode it (HTML entities, JSON escapes), and nothing <see cref="PersonalData.Mask"/> would still mask.</summary>
    private static void AssertNoPersonalData(string text, string where)
    {
        foreach (var p in Planted)
        {
            var at = text.IndexOf(p, StringComparison.Ordinal);
            Assert.False(at >= 0, $"{where} contains {p}: …{(at >= 0 ? text[Math.Max(0, at - 120)..Math.Min(text.Length, at + p.Length + 40)] : "")}…");
            Assert.False(text.Contains(System.Net.WebUtility.HtmlEncode(p), StringComparison.Ordinal), $"{where} contains {p} (HTML-encoded)");
            Assert.False(text.Contains(JsonSerializer.Serialize(p)[1..^1], StringComparison.Ordinal), $"{where} contains {p} (JSON-escaped)");
        }
    }

    [Fact]
    public void Generated_addresses_cards_and_ibans_are_always_masked()
    {
        var letters = Gen.Elements("abcdefghijklmnopqrstuvwxyzäöüéñçøß".ToCharArray());
        var word = Gen.ArrayOf(letters, 1).Zip(Gen.ArrayOf(letters), (a, b) => new string([.. a, .. b])).Where(w => w.Length is > 0 and < 20);
        var email = from l in word from d in word from tld in Gen.Elements("com", "de", "org", "example", "co.uk") from at in Gen.Elements("@", "＠", "%40")
                    select $"{l}{at}{d}.{tld}";
        var noise = Gen.Elements(Hostile.Where(h => !h.Contains('@', StringComparison.Ordinal)).ToArray());
        Prop.ForAll((from e in email from a in noise from b in noise select (e, a, b)).ToArbitrary(), x =>
        {
            var masked = PersonalData.Mask($"{x.a} {x.e} {x.b}");
            Assert.DoesNotContain(x.e, masked);
            Assert.Contains("[email]", masked);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true));

        // Card numbers: 15 random digits + the Luhn check digit (the digit that makes the doubled-alternate sum a multiple of 10).
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 9), 15).ToArbitrary(), digits =>
        {
            var sum = 0;
            for (var i = 0; i < 15; i++)
            {
                var d = digits[14 - i];
                if (i % 2 == 0) { d *= 2; if (d > 9) d -= 9; } // from the right, the check digit is undoubled, so positions 0, 2, … here are doubled
                sum += d;
            }
            var card = string.Concat(digits) + ((10 - sum % 10) % 10);
            var grouped = string.Join(' ', Enumerable.Range(0, 4).Select(g => card.Substring(g * 4, 4)));
            Assert.Equal("paid with [card] today", PersonalData.Mask($"paid with {grouped} today"));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true));

        // IBANs: country DE, 18 random digits, check digits 98 - (BBAN + "DE00" as number mod 97).
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 9), 18).ToArbitrary(), digits =>
        {
            var bban = string.Concat(digits);
            var remainder = 0;
            foreach (var c in bban + "131400") remainder = (remainder * 10 + (c - '0')) % 97; // D=13, E=14, then "00"
            var iban = $"DE{98 - remainder:00}{bban}";
            Assert.Equal("to [iban].", PersonalData.Mask($"to {iban}."));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true));
    }
}
