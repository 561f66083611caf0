using CsvHelper;

namespace JourneyInsights.Sources;

/// <summary>
/// Writes rejected rows to CSV. Values that a spreadsheet would run as formulas are escaped with a leading quote, and
/// e-mail addresses and phone numbers in them are masked (file, line and column still locate the row in the export).
/// </summary>
public static class RejectedRowsCsv
{
    public static readonly string[] Header = ["source", "file", "line", "column", "rule", "reason", "value"];

    public static void Write(string path, IEnumerable<RejectedRow> rows)
    {
        var options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, NewLine = "\n" };
        using var writer = CsvWriter.ToFile(path, options);
        writer.WriteHeader(Header);
        foreach (var r in rows.OrderBy(r => r.Source, StringComparer.Ordinal).ThenBy(r => r.Line))
        {
            writer.WriteField(r.Source);
            writer.WriteField(r.File);
            writer.WriteField(r.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteField(r.Column);
            writer.WriteField(r.Rule);
            writer.WriteField(r.Reason);
            writer.WriteField(Privacy.PersonalData.Mask(r.Value)); // raw records may hold e-mails or phone numbers
            writer.EndRecord();
        }
    }
}
