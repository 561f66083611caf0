using System.Text;

namespace JourneyInsights.Tests;

/// <summary>A temporary folder for hand-written fixture files; deleted on dispose.</summary>
public sealed class TestFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ji-test-").FullName;

    /// <summary>Writes a file (UTF-8 without BOM unless <paramref name="encoding"/> says otherwise) and returns its full path.</summary>
    public string Write(string name, string content, Encoding? encoding = null)
    {
        var full = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content, encoding ?? new UTF8Encoding(false));
        return full;
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
