using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace JourneyInsights.Reporting.Workbook;

/// <summary>
/// Makes a saved workbook byte-for-byte reproducible: System.IO.Packaging (under ClosedXML) names the core-properties
/// part and the package relationships with fresh GUIDs on every save, and the zip stamps each entry with the clock.
/// This renames the core properties to <c>docProps/core.xml</c> (the name Excel itself uses), numbers the package
/// relationships <c>rIdPkg1..n</c> in order, and rewrites the zip with every entry in the same order stamped
/// the given stamp, so the same report gives the same bytes.
/// </summary>
internal static partial class StablePackage
{
    private const string CoreProperties = "docProps/core.xml";
    private const string CoreContentType = "application/vnd.openxmlformats-package.core-properties+xml";

    public static void Normalize(string path, DateTime stamp)
    {
        var entries = new List<(string Name, byte[] Bytes)>();
        using (var zip = ZipFile.OpenRead(path))
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                entries.Add((entry.FullName, copy.ToArray()));
            }

        var core = entries.FindIndex(e => e.Name.EndsWith(".psmdcp", StringComparison.OrdinalIgnoreCase));
        if (core >= 0)
        {
            var oldName = "/" + entries[core].Name;
            entries[core] = (CoreProperties, entries[core].Bytes);
            Rewrite(entries, "_rels/.rels", xml => xml.Replace($"Target=\"{oldName}\"", $"Target=\"/{CoreProperties}\"", StringComparison.Ordinal));
            Rewrite(entries, "[Content_Types].xml", xml => xml.Contains($"PartName=\"/{CoreProperties}\"", StringComparison.Ordinal) ? xml
                : xml.Replace("</Types>", $"<Override PartName=\"/{CoreProperties}\" ContentType=\"{CoreContentType}\" /></Types>", StringComparison.Ordinal));
        }
        // Package-level relationship ids are referenced by nothing inside the package: number them in order.
        var n = 0;
        Rewrite(entries, "_rels/.rels", xml => RandomId().Replace(xml, _ => $"Id=\"rIdPkg{++n}\""));

        // A DOS timestamp holds 1980..2107 in local parts; keep the report's stamp in range and in whole seconds.
        var time = new DateTime(Math.Clamp(stamp.Year, 1980, 2107), stamp.Month, stamp.Day, stamp.Hour, stamp.Minute, stamp.Second / 2 * 2, DateTimeKind.Unspecified);
        using var file = File.Create(path);
        using var output = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            var entry = output.CreateEntry(name, CompressionLevel.Optimal);
            entry.LastWriteTime = new DateTimeOffset(time, TimeSpan.Zero);
            using var stream = entry.Open();
            stream.Write(bytes);
        }
    }

    private static void Rewrite(List<(string Name, byte[] Bytes)> entries, string name, Func<string, string> change)
    {
        var i = entries.FindIndex(e => e.Name == name);
        if (i < 0) return;
        var bytes = entries[i].Bytes;
        var bom = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble);
        var text = Encoding.UTF8.GetString(bom ? bytes[3..] : bytes);
        var changed = Encoding.UTF8.GetBytes(change(text));
        entries[i] = (name, bom ? [.. Encoding.UTF8.Preamble, .. changed] : changed);
    }

    [GeneratedRegex("Id=\"R[0-9a-f]{16}\"", RegexOptions.CultureInvariant)]
    private static partial Regex RandomId();
}
