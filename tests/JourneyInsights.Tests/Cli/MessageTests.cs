using System.Text;
using JourneyInsights.Cli;

namespace JourneyInsights.Tests.Cli;

/// <summary>Messages say what is wrong: a folder is not "file not found", UTF-16 gets an encoding hint.</summary>
public class MessageTests
{
    [Fact]
    public void A_directory_given_as_config_or_source_is_called_a_directory()
    {
        using var folder = new TestFolder();
        var sub = Directory.CreateDirectory(Path.Combine(folder.Path, "exports")).FullName;
        var (code, _, error) = InProcessCli.Run("validate", "--config", sub);
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("is a directory, not a regular file", error);
        Assert.DoesNotContain("does not exist", error);

        var config = HostileTextTests.EditedSamples(Path.Combine(folder.Path, "samples"),
            definition: json => json.Replace("\"crm-contacts.csv\"", "\"../exports\"", StringComparison.Ordinal));
        (code, _, error) = InProcessCli.Run("report", "--config", config, "--month", "2026-08", "--out", folder.Reports, "--format", "json");
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("is a directory, not a regular file", error);
        Assert.DoesNotContain("not found", error);
    }

    [Fact]
    public void A_utf16_config_is_read_with_a_byte_order_mark_and_refused_with_a_hint_without_one()
    {
        using var folder = new TestFolder();
        var config = HostileTextTests.EditedSamples(Path.Combine(folder.Path, "samples"));
        var text = File.ReadAllText(config);
        File.WriteAllText(config, text, new UnicodeEncoding(bigEndian: false, byteOrderMark: false));
        var (code, _, error) = InProcessCli.Run("validate", "--config", config);
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("looks UTF-16 little-endian without a byte-order mark", error);
        Assert.Contains("save it as UTF-8", error);
        Assert.DoesNotContain("0x00", error);

        File.WriteAllText(config, text, new UnicodeEncoding(bigEndian: false, byteOrderMark: true)); // what Notepad's "Unicode" writes
        (code, _, error) = InProcessCli.Run("validate", "--config", config);
        Assert.True(code == ExitCodes.Success, error);
    }

    [Fact]
    public void A_utf16_source_without_a_byte_order_mark_gets_an_encoding_hint()
    {
        using var folder = new TestFolder();
        var config = HostileTextTests.EditedSamples(Path.Combine(folder.Path, "samples"));
        var crm = Path.Combine(folder.Path, "samples", "crm-contacts.csv");
        File.WriteAllText(crm, File.ReadAllText(crm), new UnicodeEncoding(bigEndian: false, byteOrderMark: false));
        var (code, _, error) = InProcessCli.Run("validate", "--config", config);
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("UTF-16 little-endian without a byte-order mark", error);
        Assert.False(error.Contains('\0'), error);
    }
}
