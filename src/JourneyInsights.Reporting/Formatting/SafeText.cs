using System.Globalization;
using System.Text;

namespace JourneyInsights.Reporting.Formatting;

/// <summary>
/// Makes untrusted text safe to write into XML-based outputs (the workbook's parts, SVG, HTML): characters that XML 1.0
/// cannot hold (C0 controls other than tab, line feed and carriage return; U+FFFE, U+FFFF; unpaired surrogates) become
/// U+FFFD, and a workbook cell's text is cut to Excel's limit with a visible marker.
/// </summary>
public static class SafeText
{
    /// <summary>Excel's limit on the characters of one cell.</summary>
    public const int CellLimit = 32_767;

    /// <summary>The replacement for a character XML cannot hold.</summary>
    public const char Replacement = '\uFFFD';

    /// <summary><paramref name="text"/> with every character XML 1.0 cannot hold replaced by U+FFFD (the same string when there is none).</summary>
    public static string Xml(string text)
    {
        var first = FirstInvalid(text);
        if (first < 0) return text;
        var b = new StringBuilder(text.Length);
        b.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                b.Append(c).Append(text[++i]);
                continue;
            }
            b.Append(IsValid(c) ? c : Replacement);
        }
        return b.ToString();
    }

    /// <summary>
    /// A one-line title: XML-safe (<see cref="Xml"/>), with line breaks and tabs as spaces and C1 controls as U+FFFD, so a
    /// control character in a journey's name can neither break a file nor hide in it.
    /// </summary>
    public static string Title(string text)
    {
        var xml = Xml(text);
        var b = new StringBuilder(xml.Length);
        foreach (var c in xml)
            b.Append(c switch
            {
                '\t' or '\n' or '\r' => ' ',
                >= '\u007F' and <= '\u009F' => Replacement,
                _ => c,
            });
        return b.ToString();
    }

    /// <summary>
    /// The text of one workbook cell: XML-safe, and when longer than <see cref="CellLimit"/> cut so that text plus the
    /// marker "… [cut: N characters in all; full text in summary.json]" is exactly the limit.
    /// </summary>
    public static string Cell(string text)
    {
        var xml = Xml(text);
        if (xml.Length <= CellLimit) return xml;
        var marker = string.Create(CultureInfo.InvariantCulture, $"… [cut: {xml.Length:N0} characters in all; full text in summary.json]");
        var keep = CellLimit - marker.Length;
        if (char.IsHighSurrogate(xml[keep - 1])) keep--; // never split a surrogate pair
        return string.Concat(xml.AsSpan(0, keep), marker);
    }

    private static int FirstInvalid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (!IsValid(c)) return i;
        }
        return -1;
    }

    // XML 1.0 Char, for one UTF-16 unit that is not part of a valid surrogate pair.
    private static bool IsValid(char c) => c is '\t' or '\n' or '\r' || (c >= '\u0020' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD');
}
