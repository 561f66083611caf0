using CsvHelper;

namespace JourneyInsights.Sources;

/// <summary>
/// Writes rejected rows to CSV. Values that a spreadsheet would run as formulas are escaped with a leading quote, and
/// personal data in them is masked as what the column is (<see cref="Privacy.PersonalData.MaskRejectedValue"/>): an e-mail
/// column whole, a timestamp or id column only for e-mail addresses (its digits are the offending value and stay), free
/// text and whole raw records for every pattern. File, line and column still locate the row in the export.
/// </summary>
public static class RejectedRowsCsv
{
    public static readonly string[] Header = ["source", "file", "line", "column", "rule", "reason", "value"];

    /// <summary>Writes <paramref name="rows"/>; <paramref name="sources"/> (the definition's) say what each column holds.</summary>
    public static void Write(string path, IEnumerable<RejectedRow> rows, IReadOnlyList<SourceDefinition>? sources = null)
    {
        var byName = (sources ?? []).GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, NewLine = "\n" };
        using var writer = CsvWriter.ToFile(path, options);
        writer.WriteHeader(Header);
        foreach (var r in rows.OrderBy(r => r.Source, StringComparer.Ordinal).ThenBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Line))
        {
            writer.WriteField(r.Source);
            writer.WriteField(Privacy.PersonalData.Mask(r.File));
            writer.WriteField(r.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteField(r.Column);
            writer.WriteField(r.Rule);
            writer.WriteField(Privacy.PersonalData.Mask(r.Reason));
            writer.WriteField(Privacy.PersonalData.MaskRejectedValue(r, byName.GetValueOrDefault(r.Source)));
            writer.EndRecord();
        }
    }
}
