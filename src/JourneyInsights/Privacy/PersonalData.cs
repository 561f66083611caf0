using System.Text.RegularExpressions;

namespace JourneyInsights.Privacy;

/// <summary>Masks personal data in free text before it leaves the metrics layer.</summary>
public static partial class PersonalData
{
    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // A run of 7+ digits possibly split by spaces, dots, dashes or parentheses, optionally starting with '+'.
    [GeneratedRegex(@"(?<!\w)\+?\(?\d(?:[\s.\-()]*\d){6,}(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    /// <summary>Replaces e-mail addresses with [email] and phone numbers with [phone].</summary>
    public static string Mask(string text) => PhonePattern().Replace(EmailPattern().Replace(text, "[email]"), "[phone]");
}
