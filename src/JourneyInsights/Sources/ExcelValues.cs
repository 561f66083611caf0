namespace JourneyInsights.Sources;

/// <summary>Recognises values that a spreadsheet re-save has changed (ids in scientific notation, dates as serial numbers).</summary>
public static class ExcelValues
{
    /// <summary>True for a number written in scientific notation such as <c>1.11015E+11</c>: what Excel shows and saves for a long id.</summary>
    public static bool LooksScientific(ReadOnlySpan<char> text)
    {
        // Cheap first: ids are long, 'E+' is rare.
        if (text.Length < 4 || text.Length > 24) return false;
        var e = text.IndexOfAny('E', 'e');
        if (e < 1 || e + 2 >= text.Length || text[e + 1] != '+') return false;
        var mantissa = text[..e];
        var dot = mantissa.IndexOf('.');
        foreach (var c in dot < 0 ? mantissa : mantissa[..dot]) if (!char.IsAsciiDigit(c)) return false;
        if (dot >= 0) foreach (var c in mantissa[(dot + 1)..]) if (!char.IsAsciiDigit(c)) return false;
        foreach (var c in text[(e + 2)..]) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    /// <summary>True for a whole or decimal number from 25,000 to 80,000: an Excel serial day (1968 to 2119) where a date was expected.</summary>
    public static bool LooksSerialDate(ReadOnlySpan<char> text) =>
        double.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var d) && d is >= 25_000 and <= 80_000;
}
