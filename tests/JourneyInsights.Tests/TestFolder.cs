using System.Text;

namespace JourneyInsights.Tests;

/// <summary>
/// A temporary folder for hand-written fixture files (<see cref="Path"/>) with a reports folder beside it
/// (<see cref="Reports"/>, not created), both under one temporary root deleted on dispose. The reports folder is a
/// sibling because a report refuses a reports folder inside an input's folder.
/// </summary>
public sealed class TestFolder : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ji-test-").FullName;

    public TestFolder() => Path = Directory.CreateDirectory(System.IO.Path.Combine(root, "files")).FullName;

    /// <summary>The folder the fixture files are written to.</summary>
    public string Path { get; }

    /// <summary>A reports folder beside <see cref="Path"/> (outside every input's folder), not created.</summary>
    public string Reports => System.IO.Path.Combine(root, "reports");

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
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
