using System.IO.Compression;
using System.Security.Cryptography;
using JourneyInsights.Cli;

namespace JourneyInsights.Tests.Cli;

/// <summary>The same inputs give the same workbook bytes, like summary.json.</summary>
public class ReproducibleWorkbookTests
{
    [Fact]
    public void Two_runs_of_a_month_write_byte_identical_workbooks()
    {
        using var folder = new TestFolder();
        var files = new List<string>();
        foreach (var run in new[] { "first", "second" })
        {
            var (code, _, error) = InProcessCli.Run("report", "--config", Repo.SampleDefinition, "--month", "2026-08", "--out", Path.Combine(folder.Path, run), "--format", "xlsx,png");
            Assert.True(code == ExitCodes.Success, error);
            files.Add(Path.Combine(folder.Path, run, "2026-08", "journey-summary-2026-08.xlsx"));
        }
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(files[0]))), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(files[1]))));

        // Not by luck of the clock: every entry carries the report's data end, not the time of writing. The sample data
        // ends 2026-09-01 03:59:59Z at most (month-end cutoff: 2026-08-31 23:59:59 New York), zip times are in 2-second steps.
        using var zip = ZipFile.OpenRead(files[0]);
        var stamps = zip.Entries.Select(e => e.LastWriteTime.DateTime).Distinct().ToList();
        var stamp = Assert.Single(stamps);
        Assert.InRange(stamp, new DateTime(2026, 8, 31, 0, 0, 0), new DateTime(2026, 9, 1, 4, 0, 0));
        // No part named by a fresh GUID: the core properties are where Excel puts them.
        Assert.Contains(zip.Entries, e => e.FullName == "docProps/core.xml");
        Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".psmdcp", StringComparison.Ordinal));
    }
}
