using JourneyInsights.Sources;

namespace JourneyInsights.Tests.Sources;

public class SampleDateFormatsTests
{
    [Fact]
    public void BigQuery_timestamp_text_gets_a_format_that_reads_it()
    {
        var guess = SampleDateFormats.Infer(["2021-01-31 12:34:56.123456 UTC", "2021-01-31 12:35:10.5 UTC", "2021-01-31 12:40:00 UTC"]);
        Assert.Equal(FieldType.DateTime, guess.Type);
        Assert.Equal(3, guess.Parsed);
        Assert.True(guess.Reads("2021-02-01 00:00:00.000001 UTC"));
        Assert.False(guess.Reads("31/01/2021"));
    }

    [Theory]
    [InlineData("1612096496123456", FieldType.UnixMicros)] // 16 digits: microseconds, 2021-01-31
    [InlineData("1612096496123", FieldType.UnixMillis)]    // 13 digits: milliseconds
    [InlineData("1612096496", FieldType.UnixSeconds)]      // 10 digits: seconds
    public void Digits_are_unix_time_in_the_unit_that_gives_a_plausible_date(string value, FieldType expected) =>
        Assert.Equal(expected, SampleDateFormats.Infer([value]).Type);

    [Fact]
    public void A_day_above_12_settles_day_first()
    {
        // 13/04/2026 cannot be month-first (no month 13): every value is read day-first.
        var guess = SampleDateFormats.Infer(["03/04/2026 10:00", "13/04/2026 11:30"]);
        Assert.Null(guess.Ambiguous);
        Assert.Equal("d/M/yyyy H:mm", guess.Formats[0]);
    }

    [Fact]
    public void Month_first_or_day_first_is_never_guessed()
    {
        var guess = SampleDateFormats.Infer(["03/04/2026 10:00", "05/06/2026 11:30"]);
        Assert.False(guess.Found);
        // 03/04/2026: 4 March month-first, 3 April day-first.
        Assert.Contains("'03/04/2026 10:00' read as 2026-03-04 month-first and as 2026-04-03 day-first", guess.Ambiguous);
        Assert.Contains("declare \"formats\"", guess.Ambiguous);
    }

    [Fact]
    public void A_vendor_that_writes_month_first_settles_it()
    {
        // SurveyMonkey after a spreadsheet re-save: M/d/yy H:mm.
        var guess = SampleDateFormats.Infer(["3/4/26 9:15", "3/5/26 13:07"], monthFirst: true);
        Assert.Equal("M/d/yy H:mm", guess.Formats[0]);
    }

    [Fact]
    public void The_vendor_formats_win_when_they_read_the_sample()
    {
        var guess = SampleDateFormats.Infer(["03/04/2026 09:18:40 AM"], preferred: ["MM/dd/yyyy hh:mm:ss tt"]);
        Assert.Equal(["MM/dd/yyyy hh:mm:ss tt"], guess.Formats);
    }

    [Fact]
    public void Text_that_is_not_a_date_finds_no_type()
    {
        var guess = SampleDateFormats.Infer(["Recorded Date", "hello"]);
        Assert.False(guess.Found);
        Assert.Null(guess.Ambiguous);
    }
}
