using System.Globalization;
using System.Security.Cryptography;
using Xunit.Abstractions;

namespace JourneyInsights.Samples.Tests;

public sealed class SampleGeneratorTests(SampleGeneratorFixture fx, ITestOutputHelper output) : IClassFixture<SampleGeneratorFixture>
{
    private const string AnalyticsHeader =
        "event_date,event_timestamp,event_name,user_pseudo_id,user_id,page_location,traffic_source,traffic_medium,device_category,country,session_id";

    private const string CrmHeader =
        "Record ID,Email,Lifecycle Stage,Create Date,Became a Lead Date,Became a Marketing Qualified Lead Date,Became an Opportunity Date,Became a Customer Date,Persona,Country/Region,Original Source";

    private const string SurveyHeader =
        "StartDate,EndDate,Status,ResponseId,RecordedDate,ExternalReference,RecipientEmail,SurveyName,Q_NPS,Q_CSAT,Q_CES,Q_Emotion,Q_Comment";

    [Fact]
    public void Same_seed_gives_byte_identical_files_and_another_seed_differs()
    {
        string again = TempDir();
        string other = TempDir();
        try
        {
            SampleGenerator.Generate(SampleGeneratorFixture.Defaults, again);
            SampleGenerator.Generate(SampleGeneratorFixture.Defaults with { Seed = 43 }, other);
            foreach (var name in FileNames)
            {
                Assert.Equal(Sha256(Path.Combine(fx.Directory, name)), Sha256(Path.Combine(again, name)));
                Assert.NotEqual(Sha256(Path.Combine(fx.Directory, name)), Sha256(Path.Combine(other, name)));
            }
        }
        finally
        {
            Directory.Delete(again, true);
            Directory.Delete(other, true);
        }
    }

    [Fact]
    public void Headers_encoding_and_line_endings_are_as_specified()
    {
        byte[] analytics = File.ReadAllBytes(fx.Analytics);
        byte[] crm = File.ReadAllBytes(fx.Crm);
        byte[] survey = File.ReadAllBytes(fx.Survey);
        Assert.False(HasBom(analytics));
        Assert.False(HasBom(crm));
        Assert.True(HasBom(survey));
        Assert.DoesNotContain((byte)'\r', analytics);
        Assert.DoesNotContain((byte)'\r', crm);
        Assert.DoesNotContain((byte)'\r', survey);

        Assert.Equal(AnalyticsHeader, File.ReadLines(fx.Analytics).First());
        Assert.Equal(CrmHeader, File.ReadLines(fx.Crm).First());

        var rows = RawCsv.ReadAll(fx.Survey);
        Assert.Equal(SurveyHeader, string.Join(',', rows[0]));
        Assert.StartsWith("How likely are you to recommend Northwind Cloud", rows[1][8], StringComparison.Ordinal);
        Assert.Equal("{\"ImportId\":\"startDate\",\"timeZone\":\"America/Denver\"}", rows[2][0]);
        Assert.Equal("{\"ImportId\":\"QID1\"}", rows[2][8]);
        Assert.All(rows, r => Assert.Equal(13, r.Length));
        Assert.Matches("^R_[A-Za-z0-9]{15}$", rows[3][3]);
    }

    [Fact]
    public void Summary_matches_the_files()
    {
        var s = fx.Summary;
        Assert.Equal(s.AnalyticsRows, File.ReadLines(fx.Analytics).LongCount() - 1);
        Assert.Equal(s.CrmRows, File.ReadLines(fx.Crm).Count() - 1);
        Assert.Equal(s.SurveyRows, RawCsv.ReadAll(fx.Survey).Count - 3);
        Assert.Equal(s.Responses, s.SurveyRows);
        Assert.Equal(SampleGenerator.PeopleFor(3000), s.People);

        // About 3,000 contacts and ~40 % anonymous visitors.
        Assert.InRange(s.CrmContacts, 2800, 3200);
        Assert.InRange(1 - s.CrmContacts / (double)s.People, 0.35, 0.45);

        // Modest size at the defaults.
        long bytes = FileNames.Sum(n => new FileInfo(Path.Combine(fx.Directory, n)).Length);
        output.WriteLine($"{s}; total {bytes:N0} bytes");
        Assert.True(bytes <= 8_000_000, $"files are {bytes:N0} bytes");
    }

    [Fact]
    public void Planted_stories_are_visible_in_the_raw_rows()
    {
        // How each figure is computed (RawStoryMetrics, from the raw CSV rows only):
        // people = user_id when any row of a user_pseudo_id carries one, else the user_pseudo_id; malformed rows skipped.
        // (1) cohort = UTC month of the person's earliest first_visit; per cohort, purchasers / people with a consideration
        //     event (page_view on /pricing, view_item, sign_up, generate_lead, login). The incident cohort (2026-08) is
        //     compared with the mean of the other cohorts' rates, leaving out the last month (its 30-day window is open).
        // (2) persona from crm-contacts.csv (Record ID = user_id); share of purchasers with a tutorial_complete event.
        // (3) first touch = traffic_source/traffic_medium of the earliest first_visit row; share of people per channel,
        //     and share of the channel's people with a consideration event.
        var m = RawStoryMetrics.Compute(fx.Directory, SampleGenerator.IncidentMonth(SampleGeneratorFixture.Defaults), SampleGeneratorFixture.Defaults.EndMonth);
        output.WriteLine(m.ToString());

        Assert.Equal("2026-08", m.IncidentMonth);
        Assert.InRange(m.IncidentRelativeDrop, 0.30, 0.50);
        Assert.True(m.IncidentPostPurchaseNps < m.OtherPostPurchaseNps - 0.5);
        Assert.True(m.IncidentPostPurchaseNegativeShare > m.OtherPostPurchaseNegativeShare * 1.5);

        Assert.True(m.FreelancerOnboarded < 0.5 * m.OthersOnboarded, $"{m.FreelancerOnboarded} vs {m.OthersOnboarded}");
        Assert.True(m.FreelancerOnboardingNegativeShare > 0.6);
        Assert.True(m.FreelancerOnboardingCes < m.OthersOnboardingCes - 1);

        var largest = m.FirstTouchShare.MaxBy(kv => kv.Value);
        Assert.Equal("tiktok/paid_social", largest.Key);
        Assert.InRange(largest.Value, 0.2, 0.32);
        Assert.True(m.TikTokConsideration < 0.4 * m.OthersConsideration, $"{m.TikTokConsideration} vs {m.OthersConsideration}");
    }

    [Fact]
    public void Malformed_rows_are_planted_in_the_expected_number()
    {
        // Analytics: wrong field count, unparseable event_timestamp, empty user_pseudo_id.
        var events = RawCsv.ReadAll(fx.Analytics).Skip(1).ToList();
        int wrongCount = events.Count(r => r.Length != 11);
        int badTimestamp = events.Count(r => r.Length == 11 && !long.TryParse(r[1], NumberStyles.None, CultureInfo.InvariantCulture, out _));
        int emptyPseudo = events.Count(r => r.Length == 11 && r[3].Length == 0);
        Assert.Equal(fx.Summary.MalformedAnalyticsRows, wrongCount + badTimestamp + emptyPseudo);
        Assert.All(new[] { wrongCount, badTimestamp, emptyPseudo }, n => Assert.Equal(2, n));

        // CRM: duplicate Record ID, unparseable date, empty Email.
        var crm = RawCsv.ReadAll(fx.Crm).Skip(1).ToList();
        int duplicates = crm.Count - crm.Select(r => r[0]).Distinct().Count();
        int badDates = crm.Count(r => r.Skip(3).Take(5).Any(d => d.Length > 0 &&
            !DateTime.TryParseExact(d, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)));
        int emptyEmail = crm.Count(r => r[1].Trim().Length == 0);
        Assert.Equal(fx.Summary.MalformedCrmRows, duplicates + badDates + emptyEmail);
        Assert.All(new[] { duplicates, badDates, emptyEmail }, n => Assert.Equal(2, n));
        Assert.Equal(fx.Summary.CrmContacts, crm.Select(r => r[0]).Distinct().Count());

        // Survey: Q_NPS outside 0-10 or not a number, Q_CSAT 0.
        var survey = RawCsv.ReadAll(fx.Survey).Skip(3).ToList();
        int nps11 = survey.Count(r => r[8] == "11");
        int npsText = survey.Count(r => r[8].Length > 0 && !int.TryParse(r[8], out _));
        int csat0 = survey.Count(r => r[9] == "0");
        Assert.Equal(fx.Summary.MalformedSurveyRows, nps11 + npsText + csat0);
        Assert.All(new[] { nps11, npsText, csat0 }, n => Assert.Equal(2, n));
        Assert.All(survey.Where(r => r[8].Length > 0 && r[8] != "11" && r[8] != "abc"), r => Assert.InRange(int.Parse(r[8], CultureInfo.InvariantCulture), 0, 10));
    }

    [Fact]
    public void Crm_dates_are_new_york_local_time_of_the_events()
    {
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var purchaseByUser = RawCsv.ReadAll(fx.Analytics).Skip(1)
            .Where(r => r.Length == 11 && r[2] == "purchase" && r[4].Length > 0)
            .GroupBy(r => r[4])
            .ToDictionary(g => g.Key, g => g.Min(r => long.Parse(r[1], CultureInfo.InvariantCulture)));
        var customers = RawCsv.ReadAll(fx.Crm).Skip(1).Where(r => r[2] == "customer").ToList();
        Assert.NotEmpty(customers);
        foreach (var r in customers)
        {
            var utc = DateTime.UnixEpoch.AddTicks(purchaseByUser[r[0]] * 10);
            Assert.Equal(TimeZoneInfo.ConvertTimeFromUtc(utc, ny).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), r[7]);
        }

        var window = (Start: new DateTime(2025, 10, 1, 0, 0, 0, DateTimeKind.Utc), End: new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc));
        foreach (var r in RawCsv.ReadAll(fx.Analytics).Skip(1).Where(r => r.Length == 11 && long.TryParse(r[1], out _)))
        {
            var t = DateTime.UnixEpoch.AddTicks(long.Parse(r[1], CultureInfo.InvariantCulture) * 10);
            Assert.InRange(t, window.Start, window.End.AddTicks(-1));
            Assert.Equal(t.ToString("yyyyMMdd", CultureInfo.InvariantCulture), r[0]);
        }
    }

    [Fact]
    public void Survey_quirks_are_present()
    {
        var survey = RawCsv.ReadAll(fx.Survey).Skip(3).ToList();
        var crmEmails = RawCsv.ReadAll(fx.Crm).Skip(1).Select(r => r[1].Trim().ToLowerInvariant()).Where(e => e.Length > 0).ToHashSet();
        var comments = survey.Select(r => r[12]).Where(c => c.Length > 0).ToList();

        Assert.Contains(comments, c => c.Contains('\n', StringComparison.Ordinal));
        Assert.Contains(comments, c => c.Contains('"', StringComparison.Ordinal));
        Assert.Contains(comments, c => c.Length > 0 && "=+-@".Contains(c[0], StringComparison.Ordinal));
        double pii = comments.Count(c => c.Contains('@', StringComparison.Ordinal) && !c.StartsWith('@') || c.Contains("+1 415", StringComparison.Ordinal) || c.Contains("+44", StringComparison.Ordinal)) / (double)comments.Count;
        Assert.InRange(pii, 0.04, 0.14);

        double withExternalReference = survey.Count(r => r[5].Length > 0) / (double)survey.Count;
        Assert.InRange(withExternalReference, 0.70, 0.85);
        double unmatched = survey.Count(r => r[5].Length == 0 && !crmEmails.Contains(r[6].Trim().ToLowerInvariant())) / (double)survey.Count;
        Assert.InRange(unmatched, 0.01, 0.06);
        Assert.Contains(survey, r => r[5].Length == 0 && r[6].Length > 0 && r[6] != r[6].ToLowerInvariant());
        Assert.All(survey, r => Assert.True(DateTime.TryParseExact(r[0], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)));
        Assert.DoesNotContain(survey, r => r[7] == "Website feedback" && r[8].Length > 0);
    }

    private static readonly string[] FileNames = [SampleSummary.AnalyticsFileName, SampleSummary.CrmFileName, SampleSummary.SurveyFileName];

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "ji-samples-" + Guid.NewGuid().ToString("N"));

    private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static bool HasBom(byte[] b) => b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF;
}
