using System.Text;
using JourneyInsights.Samples.Simulation;
using JourneyInsights.Samples.Writers;

namespace JourneyInsights.Samples.Tests;

/// <summary>The three vendor writers on one hand-built person: the rows are worked out by hand beside each test.</summary>
public sealed class VendorWriterTests : IDisposable
{
    // 2026-08-14 12:00:00 UTC: 2026-01-01 is 56*365 + 14 leap days = 20,454 days after the epoch; 14 August is
    // 31+28+31+30+31+30+31 + 13 = 225 days later: 20,679 days * 86,400 s = 1,786,665,600 s, + 12 h (43,200 s)
    // = 1,786,708,800 s = 1,786,708,800,000,000 microseconds.
    private const long Noon = 1_786_708_800_000_000;
    private const long Hour = 3_600_000_000;

    private readonly string _dir = Directory.CreateTempSubdirectory("ji-writers-").FullName;

    [Fact]
    public void Ga4_writer_writes_one_row_per_event_with_the_device_and_user_of_the_person()
    {
        var person = Person();
        // Channel 3 = tiktok/paid_social, 6 = (direct)/(none); country 1 = GB; device 0 = desktop, 1 = mobile.
        person.Events.Add(new SimulatedEvent(Noon, 0, 0, false, "first_visit", "/", 1_786_708_800, 3));
        person.Events.Add(new SimulatedEvent(Noon + Hour, 1, 1, true, "login", "/login", 1_786_712_400, 6));
        person.Events.Add(new SimulatedEvent(Noon, 0, 0, false, "first_visit", "/", 1_786_708_800, 3, EventDefect.MissingField));
        person.Events.Add(new SimulatedEvent(Noon, 0, 0, false, "first_visit", "/", 1_786_708_800, 3, EventDefect.BadTimestamp));
        person.Events.Add(new SimulatedEvent(Noon, 0, 0, false, "first_visit", "/", 1_786_708_800, 3, EventDefect.BadTimestamp));
        string path = Path.Combine(_dir, "events.csv");
        using (var writer = new Ga4EventsWriter(path))
        {
            writer.Write(person);
            Assert.Equal(5, writer.Rows);
        }

        Assert.Equal(
            [
                Ga4EventsWriter.Header,
                "20260814,1786708800000000,first_visit,1234567890.1786708800,,https://www.northwind-cloud.example/,tiktok,paid_social,desktop,GB,1786708800",
                // 13:00 UTC, second device (mobile), signed in: the user id is the CRM record id.
                "20260814,1786712400000000,login,2222222222.1786712000,500007,https://www.northwind-cloud.example/login,(direct),(none),mobile,GB,1786712400",
                // The country is left out: 10 fields instead of 11.
                "20260814,1786708800000000,first_visit,1234567890.1786708800,,https://www.northwind-cloud.example/,tiktok,paid_social,desktop,1786708800",
                // Bad timestamps alternate between a float that lost its digits and a placeholder.
                "20260814,1.71e15,first_visit,1234567890.1786708800,,https://www.northwind-cloud.example/,tiktok,paid_social,desktop,GB,1786708800",
                "20260814,not_set,first_visit,1234567890.1786708800,,https://www.northwind-cloud.example/,tiktok,paid_social,desktop,GB,1786708800",
            ],
            File.ReadAllText(path).Split('\n')[..^1]);
        Assert.False(HasBom(path));
    }

    [Fact]
    public void HubSpot_writer_writes_new_york_local_dates_internal_stage_names_and_the_stale_copy()
    {
        var person = Person();
        person.Contact = new SimulatedContact
        {
            RecordId = 500_007,
            Email = "ann.lee7@example.com",
            CrmEmail = " Ann.Lee7@Example.com ",
            Stage = Lifecycle.Opportunity,
            Created = Noon,
            Mql = Noon + 26 * Hour,
            MqlDateMangled = true,
            Opportunity = Noon + 50 * Hour,
            ExportedTwice = true,
        };
        string path = Path.Combine(_dir, "crm.csv");
        using (var writer = new HubSpotContactsWriter(path))
        {
            writer.Write(person);
            writer.Write(Person()); // anonymous: no row
            Assert.Equal(2, writer.Rows);
        }

        // New York is on daylight time in August (UTC-4): 12:00 UTC is 08:00; +50 h is 16 August 14:00 UTC = 10:00.
        // The e-mail starts and ends with a space, so it is quoted; persona 1 = Freelancer, channel 3's HubSpot source = Paid Social.
        Assert.Equal(
            [
                string.Join(',', HubSpotContactsWriter.Header),
                "500007,\" Ann.Lee7@Example.com \",opportunity,2026-08-14 08:00,2026-08-14 08:00,31/02/2026 25:61,2026-08-16 10:00,,Freelancer,United Kingdom,Paid Social",
                "500007,ann.lee7@example.com,lead,2026-08-14 08:00,2026-08-14 08:00,,,,Freelancer,United Kingdom,Paid Social",
            ],
            File.ReadAllText(path).Split('\n')[..^1]);
    }

    [Fact]
    public void Qualtrics_writer_writes_three_header_rows_denver_local_dates_and_quotes_comments()
    {
        var person = Person();
        person.Responses.Add(new SimulatedResponse(Noon, Noon + 90_000_000, "R_abcdefghijklmno", "500007", "", "Post-purchase survey",
            "3", "2", "", "frustrated", "Card declined, \"twice\""));
        string path = Path.Combine(_dir, "survey.csv");
        using (var writer = new QualtricsResponsesWriter(path))
        {
            writer.Write(person);
            Assert.Equal(1, writer.Rows);
        }

        var lines = File.ReadAllText(path, new UTF8Encoding(false)).TrimStart('\uFEFF').Split('\n')[..^1];
        Assert.Equal(4, lines.Length);
        Assert.Equal(QualtricsResponsesWriter.Header, lines[0]);
        Assert.StartsWith("Start Date,End Date,Response Type,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("\"{\"\"ImportId\"\":\"\"startDate\"\",\"\"timeZone\"\":\"\"America/Denver\"\"}\",", lines[2], StringComparison.Ordinal);
        // Denver is on daylight time in August (UTC-6): 12:00:00 UTC is 06:00:00; the end is 90 s later; RecordedDate = EndDate.
        Assert.Equal("2026-08-14 06:00:00,2026-08-14 06:01:30,IP Address,R_abcdefghijklmno,2026-08-14 06:01:30,500007,,Post-purchase survey,3,2,,frustrated,\"Card declined, \"\"twice\"\"\"", lines[3]);
        Assert.True(HasBom(path));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SimulatedPerson Person()
    {
        var p = new SimulatedPerson();
        p.Reset(0);
        p.Persona = 1;
        p.Channel = 3;
        p.Country = 1;
        p.FirstDevice = (0, "1234567890.1786708800");
        p.SecondDevice = (1, "2222222222.1786712000");
        p.RecordId = 500_007;
        return p;
    }

    private static bool HasBom(string path)
    {
        var b = File.ReadAllBytes(path);
        return b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF;
    }
}
