using System.Security.Cryptography;
using System.Text;
using JourneyInsights.Privacy;
using JourneyInsights.Tests.Metrics;

namespace JourneyInsights.Tests.Privacy;

/// <summary>Customer keys are keyed hashes under a secret kept outside the reports, created on first use, stable per installation.</summary>
public class PseudonymousKeysTests
{
    [Fact]
    public void A_key_is_the_first_64_bits_of_hmac_sha256()
    {
        // RFC 4231 test case 1: key = 20 bytes of 0x0b, data = "Hi There",
        // HMAC-SHA256 = b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7; the key keeps 16 hex digits.
        Assert.Equal("Kb0344c61d8db3853", PseudonymousKeys.Key(Enumerable.Repeat((byte)0x0b, 20).ToArray(), "Hi There"));
    }

    [Fact]
    public void Many_keys_at_once_are_the_same_keys_in_the_same_order()
    {
        // RFC 4231 test case 1 again (b0344c61d8db3853...) at positions 0 and 4,999 of 5,000 identifiers, so the batch
        // crosses the threads' ranges; every other key equals the one-at-a-time key, long identifiers included.
        var secret = Enumerable.Repeat((byte)0x0b, 20).ToArray();
        var ids = Enumerable.Range(0, 5000).Select(i => i is 0 or 4999 ? "Hi There" : $"a:{i}" + new string('é', i % 300)).ToArray();
        var keys = PseudonymousKeys.Keys(secret, ids);
        Assert.Equal("Kb0344c61d8db3853", keys[0]);
        Assert.Equal("Kb0344c61d8db3853", keys[4999]);
        for (var i = 0; i < ids.Length; i++) Assert.Equal(PseudonymousKeys.Key(secret, ids[i]), keys[i]);
        Assert.Empty(PseudonymousKeys.Keys(secret, []));
    }

    [Fact]
    public void The_journey_keys_are_keyed_so_a_dictionary_of_plain_hashes_reverses_none()
    {
        using var folder = new TestFolder();
        var journey = HandMadeJourney.Load(folder);
        var keys = journey.Data.Customers.Key.ToHashSet(StringComparer.Ordinal);
        // a9 has one identifier, its anonymous id: node "a:a9". Its key under the test secret (tests/TestSecret.cs) is there.
        var secret = Convert.FromHexString(Environment.GetEnvironmentVariable(PseudonymousKeys.SecretVariable)!);
        Assert.Contains(PseudonymousKeys.Key(secret, "a:a9"), keys);
        // The attack of the issue: hash every guessable identifier without the secret and look the keys up. None matches.
        string[] guesses = ["a:a9", "a:a8", "c:101", "c:102", "c:120", "e:a2@example.com", "a:a1", "a:a1-phone", "u:101"];
        foreach (var guess in guesses)
            Assert.DoesNotContain("K" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(guess)))[..16], keys);
        // Another installation (another secret) gives other keys to the same customers.
        Assert.NotEqual(PseudonymousKeys.Key(secret, "a:a9"), PseudonymousKeys.Key(new byte[32], "a:a9"));
    }

    [Fact]
    public void The_secret_file_is_created_on_first_use_kept_private_and_reused_until_rotated()
    {
        using var folder = new TestFolder();
        var environment = new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = folder.Path };
        string? Env(string name) => environment.GetValueOrDefault(name);

        var file = Path.Combine(folder.Path, "journeyinsights", "key");
        Assert.Equal(file, PseudonymousKeys.SecretFile(Env));
        Assert.False(File.Exists(file));
        var first = PseudonymousKeys.Secret(Env);
        Assert.Equal(32, first.Length);
        Assert.Matches("^[0-9a-f]{64}\n$", File.ReadAllText(file));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(first, PseudonymousKeys.Secret(Env)); // stable: the second run reads the same secret
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file)!)); // no temporary file left

        File.Delete(file); // rotate
        var rotated = PseudonymousKeys.Secret(Env);
        Assert.NotEqual(first, rotated);

        // Overrides: a file named by JOURNEYINSIGHTS_KEY_FILE, or the secret itself in JOURNEYINSIGHTS_KEY (nothing written).
        environment[PseudonymousKeys.FileVariable] = Path.Combine(folder.Path, "elsewhere", "secret");
        Assert.Equal(32, PseudonymousKeys.Secret(Env).Length);
        Assert.True(File.Exists(Path.Combine(folder.Path, "elsewhere", "secret")));
        environment[PseudonymousKeys.SecretVariable] = new string('a', 64);
        Assert.Equal(Enumerable.Repeat((byte)0xaa, 32), PseudonymousKeys.Secret(Env));
        Assert.Null(PseudonymousKeys.SecretFile(Env));

        // A damaged secret is an error that says which file and what to do, never a silent new secret (keys would change).
        environment.Remove(PseudonymousKeys.SecretVariable);
        File.WriteAllText(Path.Combine(folder.Path, "elsewhere", "secret"), "not hex");
        var error = Assert.Throws<IOException>(() => PseudonymousKeys.Secret(Env));
        Assert.Contains("elsewhere", error.Message);
    }
}
