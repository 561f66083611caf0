using System.Runtime.InteropServices;

namespace JourneyInsights.Sources;

/// <summary>
/// Checks that a path given as an input (an export, the journey definition, a column map) is a regular file before it
/// is opened: a directory, a named pipe (FIFO), a device or a socket is refused by name. Opening a FIFO blocks until
/// something writes to it, and a device such as <c>/dev/zero</c> never ends, so both must be refused before reading.
/// </summary>
public static class InputFile
{
    /// <summary>
    /// What the path is when it is not a regular file: <c>"a directory"</c>, <c>"a named pipe (FIFO)"</c>,
    /// <c>"a character device"</c>, <c>"a block device"</c>, <c>"a socket"</c>; null for a regular file (or a link to one)
    /// and for a path that does not exist.
    /// </summary>
    public static string? NotARegularFile(string path)
    {
        if (Directory.Exists(path)) return "a directory";
        if (!File.Exists(path) || OperatingSystem.IsWindows()) return null;
        return UnixFileType(path) switch
        {
            0x1000 => "a named pipe (FIFO)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => null,
        };
    }

    /// <summary>
    /// The sentence that refuses a path which exists but is not a regular file, or null when it is one (or is absent).
    /// <paramref name="what"/> names the expected file, e.g. "a CSV export" or "the journey definition (a JSON file)".
    /// </summary>
    public static string? Refusal(string path, string what) => NotARegularFile(path) is { } kind
        ? $"is {kind}, not a regular file; expected {what}" + (kind == "a directory" ? " (give the path of the file inside it)" : " (copy it to a file first)")
        : null;

    /// <summary>The S_IFMT bits of the file's mode (following links), or -1 when they cannot be read.</summary>
    private static int UnixFileType(string path)
    {
        try
        {
            // The .NET runtime's own native shim (shipped with every .NET on Linux and macOS): its FileStatus layout is
            // the same on every platform (Flags, then Mode), unlike libc's struct stat.
            var status = new byte[256];
            return SystemNativeStat(path, status) == 0 ? BitConverter.ToInt32(status, 4) & 0xF000 : -1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int SystemNativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);
}
