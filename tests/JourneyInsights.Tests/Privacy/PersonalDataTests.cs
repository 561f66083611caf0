using JourneyInsights.Privacy;

namespace JourneyInsights.Tests.Privacy;

/// <summary>What <see cref="PersonalData.Mask(string)"/> masks and what it leaves alone, one example per form.</summary>
public class PersonalDataTests
{
    [Theory]
    [InlineData("write to jürgen.müller@exämple.de today", "write to [email] today")]
    [InlineData("josé@correo.es", "[email]")]
    [InlineData("用户@例子.广告", "[email]")]
    [InlineData("\"john doe\"@example.com", "[email]")]
    [InlineData("\"very.(),:;<>[]\\\".unusual\"@strange.example.com", "[email]")]
    [InlineData("root@[192.168.0.1] and admin@[IPv6:2001:db8::1]", "[email] and [email]")]
    [InlineData("jane＠example.com", "[email]")]
    [InlineData("/signup?email=jane.doe%40example.com&x=1", "/signup?email=[email]&x=1")]
    [InlineData("mail jane at example dot com please", "mail [email] please")]
    [InlineData("jane (at) example (dot) co (dot) uk", "[email]")]
    [InlineData("jane[at]example.com", "[email]")]
    [InlineData("JANE AT EXAMPLE DOT COM", "[email]")]
    [InlineData("tom+news@mail.example.org,", "[email],")]
    public void E_mail_addresses_in_every_form_are_masked(string text, string expected) => Assert.Equal(expected, PersonalData.Mask(text));

    [Theory]
    [InlineData("call +44 20 7946 0958 now", "call [phone] now")]
    [InlineData("(555) 123-4567", "[phone]")]
    [InlineData("555.123.4567", "[phone]")]
    [InlineData("555–123–4567", "[phone]")] // en dashes
    [InlineData("555—123—4567", "[phone]")] // em dashes
    [InlineData("555_123_4567", "[phone]")]
    [InlineData("555 123 4567", "[phone]")]
    [InlineData("+1-415-555-0199", "[phone]")]
    [InlineData("+14155550199", "[phone]")]
    [InlineData("030 12345678", "[phone]")]
    // Two numbers one after the other: 12 + 10 = 22 digits, too many for one number (at most 15), so each is found as a
    // run of whole groups: 44 20 7946 0958 (12 digits) and 555 123 4567 (10), split at the space between them.
    [InlineData("+44 20 7946 0958 555-123-4567", "[phone] [phone]")]
    [InlineData("call +44 20 7946 0958 (555) 123-4567 or not", "call [phone] [phone] or not")]
    public void Phone_numbers_split_by_any_separator_are_masked(string text, string expected) => Assert.Equal(expected, PersonalData.Mask(text));

    [Fact]
    public void Phone_numbers_written_one_after_another_are_each_masked()
    {
        // Any two of these side by side have 17 to 24 digits: more than one number holds (15), so the run is split at the
        // space between them. (Found by the notebooks' property test: "+44 20 7946 0958 555-123-4567" came out unmasked.)
        string[] phones = ["+44 20 7946 0958", "(555) 123-4567", "555-123-4567", "+1 415-555-0199", "555 123 4567"];
        foreach (var a in phones)
            foreach (var b in phones)
                if (a != "555 123 4567" || b != "555 123 4567") // two numbers in digits and spaces only: see below
                    Assert.Equal("note [phone] [phone].", PersonalData.Mask($"note {a} {b}."));
        // Digits and spaces only, 20 digits: as likely an account number as two phone numbers; left as it is (like the
        // invalid IBAN's digits in Ordinary_ids_dates_and_text_survive).
        Assert.Equal("555 123 4567 555 123 4567", PersonalData.Mask("555 123 4567 555 123 4567"));
    }

    [Theory]
    // DE89 3704 0044 0532 0130 00: 370400440532013000 + "DE89" -> D=13 E=14 -> 370400440532013000131489 mod 97 = 1 (valid)
    [InlineData("IBAN DE89 3704 0044 0532 0130 00.", "IBAN [iban].")]
    [InlineData("GB82WEST12345698765432", "[iban]")]
    // 4111 1111 1111 1111: from the right, eight undoubled 1s (8) + seven doubled 1s (14) + the doubled 4 (8) = 30, 30 mod 10 = 0
    [InlineData("card 4111 1111 1111 1111 exp", "card [card] exp")]
    [InlineData("5500-0000-0000-0004", "[card]")]
    [InlineData("from 10.0.12.7 at noon", "from [ip] at noon")]
    public void Ibans_cards_and_ip_addresses_that_pass_their_checks_are_masked(string text, string expected) => Assert.Equal(expected, PersonalData.Mask(text));

    [Theory]
    // same shape as the IBAN above, last digit changed: 370400440532013002131489 mod 97 = 55, not 1 (and its digits fail Luhn)
    [InlineData("DE89 3704 0044 0532 0130 02")]
    // 16-digit id failing Luhn (sum 1+2*2... = 64, 64 mod 10 = 4) and GA4's event_timestamp (microseconds, fails Luhn)
    [InlineData("1234567812345678")]
    [InlineData("1775411564019058")]
    [InlineData("5454213713.1775411564")] // GA4 user_pseudo_id
    [InlineData("500001")]
    [InlineData("order 12345678")] // a bare run of digits is an id
    [InlineData("2026-08-31")]
    [InlineData("2026-08-04 03:00")]
    [InlineData("31.08.2026 14:05:33")]
    [InlineData("08/31/2026")]
    [InlineData("version 1.2.3.4.5")]
    [InlineData("Small business owner")]
    [InlineData("we met at the office dot party")]
    [InlineData("signed up at northwind-cloud.example")]
    [InlineData("/pricing/enterprise")]
    [InlineData("K0123456789abcdef")]
    public void Ordinary_ids_dates_and_text_survive(string text) => Assert.Equal(text, PersonalData.Mask(text));

    [Fact]
    public void A_column_is_masked_as_what_it_is()
    {
        // a timestamp or id column keeps its digits (the offending value stays readable); an e-mail in it is still masked
        Assert.Equal("2026-13-45 99:99", PersonalData.MaskAs("2026-13-45 99:99", ValueKind.Identifier));
        Assert.Equal("555 123 4567", PersonalData.MaskAs("555 123 4567", ValueKind.Identifier));
        Assert.Equal("[email]", PersonalData.MaskAs("jane@example.com", ValueKind.Identifier));
        // an e-mail column is personal data as a whole, even when it is not a valid address
        Assert.Equal("[email]", PersonalData.MaskAs("jane@@example", ValueKind.Email));
        Assert.Equal("call [phone]", PersonalData.MaskAs("call 555 123 4567", ValueKind.Text));
    }
}
