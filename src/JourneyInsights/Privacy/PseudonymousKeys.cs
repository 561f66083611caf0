using System.Security.Cryptography;
using System.Text;

namespace JourneyInsights.Privacy;

/// <summary>
/// The customer keys that outputs show instead of identifiers: <c>"K" + 16 hex digits</c> (the first 64 bits) of
/// HMAC-SHA256 of the customer's first identifier under a secret that is kept outside the reports. The same
/// installation gives the same key to the same customer on every run; without the secret a key cannot be checked against
/// a list of guessed identifiers (an unkeyed hash could be).
/// <para>
/// Where the secret comes from, first match wins:
/// <c>JOURNEYINSIGHTS_KEY</c> (the secret itself, 64 hex digits, for CI and tests: nothing is written);
/// <c>JOURNEYINSIGHTS_KEY_FILE</c> (a file holding it);
/// the installation's file: <c>$XDG_CONFIG_HOME/journeyinsights/key</c>, else <c>~/.config/journeyinsights/key</c> on
/// Linux and macOS, <c>%APPDATA%\JourneyInsights\key</c> on Windows.
/// A missing file is created on first use with 32 random bytes (readable by its owner only). Rotating: replace or
/// delete the file (the next run creates a new secret); keys in reports written before no longer match the new ones.
/// </para>
/// </summary>
public static class PseudonymousKeys
{
    /// <summary>The environment variable holding the secret itself (64 hex digits).</summary>
    public const string SecretVariable = "JOURNEYINSIGHTS_KEY";
    /// <summary>The environment variable naming the file that holds the secret.</summary>
    public const string FileVariable = "JOURNEYINSIGHTS_KEY_FILE";

    private const int SecretBytes = 32;

    /// <summary>The key of <paramref name="identifier"/> under <paramref name="secret"/>: "K" + the first 16 hex digits of HMAC-SHA256.</summary>
    public static string Key(ReadOnlySpan<byte> secret, string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(identifier), hash);
        return "K" + Convert.ToHexStringLower(hash[..8]);
    }

    /// <summary>
    /// The keys of many identifiers (each as <see cref="Key(ReadOnlySpan{byte}, string)"/> gives it), in the same order:
    /// one keyed HMAC per thread instead of one per identifier, the identifiers split between the cores.
    /// </summary>
    public static string[] Keys(byte[] secret, IReadOnlyList<string> identifiers)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(identifiers);
        var keys = new string[identifiers.Count];
        if (keys.Length == 0) return keys;
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, keys.Length, Math.Max(1024, keys.Length / (8 * Environment.ProcessorCount) + 1)),
            range =>
            {
                using var hmac = new HMACSHA256(secret);
                Span<byte> hash = stackalloc byte[32];
                var buffer = new byte[256];
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    var id = identifiers[i] ?? throw new ArgumentException($"identifier {i} is null", nameof(identifiers));
                    var length = Encoding.UTF8.GetMaxByteCount(id.Length);
                    if (length > buffer.Length) buffer = new byte[length];
                    var written = Encoding.UTF8.GetBytes(id, buffer);
                    hmac.TryComputeHash(buffer.AsSpan(0, written), hash, out _);
                    keys[i] = "K" + Convert.ToHexStringLower(hash[..8]);
                }
            });
        return keys;
    }

    /// <summary>The installation's default secret file (see the class summary), whether or not it exists.</summary>
    public static string DefaultFile() => DefaultFile(Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="DefaultFile()"/>, reading environment variables through <paramref name="environment"/>.</summary>
    public static string DefaultFile(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "JourneyInsights", "key");
        var config = environment("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(config) || !Path.IsPathRooted(config))
            config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "journeyinsights", "key");
    }

    /// <summary>The file the secret is read from (or created in) now: <c>JOURNEYINSIGHTS_KEY_FILE</c>, else <see cref="DefaultFile()"/>; null when <c>JOURNEYINSIGHTS_KEY</c> gives the secret.</summary>
    public static string? SecretFile() => SecretFile(Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="SecretFile()"/>, reading environment variables through <paramref name="environment"/>.</summary>
    public static string? SecretFile(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return !string.IsNullOrEmpty(environment(SecretVariable)) ? null
            : environment(FileVariable) is { Length: > 0 } file ? Path.GetFullPath(file) : DefaultFile(environment);
    }

    /// <summary>Reads the secret (see the class summary), creating the file on first use.</summary>
    /// <exception cref="IOException">The secret file cannot be read or created, or holds no valid secret (the message says which file and how to fix it).</exception>
    public static byte[] Secret() => Secret(Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="Secret()"/>, reading environment variables through <paramref name="environment"/> (tests give their own).</summary>
    /// <exception cref="IOException">The secret file cannot be read or created, or holds no valid secret.</exception>
    public static byte[] Secret(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(SecretVariable) is { Length: > 0 } given)
            return Parse(given, $"the environment variable {SecretVariable}");
        var file = SecretFile(environment)!;
        try
        {
            if (!File.Exists(file)) Create(file);
            return Parse(File.ReadAllText(file), file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot read or create the pseudonymous-key secret {file}: {ex.Message}. Set {FileVariable} to a writable file, or {SecretVariable} to 64 hex digits.", ex);
        }
    }

    private static byte[] Parse(string text, string where)
    {
        var hex = text.Trim();
        try
        {
            var bytes = Convert.FromHexString(hex);
            if (bytes.Length >= 16) return bytes;
        }
        catch (FormatException) { }
        throw new IOException($"{where} does not hold a pseudonymous-key secret: expected at least 32 hex digits (64 are written when the file is created). Delete the file to create a new secret (customer keys will change).");
    }

    /// <summary>Writes a new random secret to <paramref name="file"/> unless another process just did (the first writer wins).</summary>
    private static void Create(string file)
    {
        var folder = Path.GetDirectoryName(file)!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temp = Path.Combine(folder, $".key-{Guid.NewGuid():N}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            writer.Write(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretBytes)) + "\n");
        try { File.Move(temp, file, overwrite: false); }
        catch (IOException) when (File.Exists(file)) { File.Delete(temp); } // a concurrent first run created it: use theirs
    }
}
