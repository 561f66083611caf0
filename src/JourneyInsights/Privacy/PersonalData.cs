using System.Text.RegularExpressions;

namespace JourneyInsights.Privacy;

/// <summary>What a value is, so that masking fits the column: an id or a timestamp is never taken for a phone number.</summary>
public enum ValueKind
{
    /// <summary>Free text (a comment, a persona, a page path, a raw record): every pattern is masked.</summary>
    Text,
    /// <summary>A column that holds an e-mail address: the whole value is personal data.</summary>
    Email,
    /// <summary>An identifier, timestamp or number column: only e-mail addresses in it are masked, its digits are kept.</summary>
    Identifier,
}

/// <summary>
/// Masks personal data in text before it reaches an output (workbook, summary.json, HTML, SVG, rejected-rows.csv,
/// messages). Replaces, in this order:
/// e-mail addresses with <c>[email]</c> (any script in the local part and domain, quoted local parts, IP-literal domains,
/// the fullwidth <c>＠</c>, URL-encoded <c>%40</c>, and written-out forms such as <c>jane at example dot com</c> or
/// <c>jane(at)example.com</c>);
/// IBANs that pass the ISO 13616 mod-97 check with <c>[iban]</c>;
/// card numbers of 13 to 19 digits that pass the Luhn check with <c>[card]</c>;
/// IPv4 addresses with <c>[ip]</c>;
/// phone numbers with <c>[phone]</c>: 7 to 15 digits in at least two groups split by spaces, dots, hyphens, en or em
/// dashes, underscores, slashes or parentheses, or a '+' followed by 8 to 15 digits. Dates and times
/// (<c>2026-08-31</c>, <c>31.08.2026 14:05</c>) are not phone numbers, nor is a bare run of digits (an id, a Unix
/// timestamp): an ordinary id survives unless it happens to pass the card or IBAN check.
/// </summary>
public static partial class PersonalData
{
    private const string LocalChars = @"\p{L}\p{M}\p{N}._%+\-!#$'*^~";
    private const string Label = @"[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}\-]{0,62}[\p{L}\p{M}\p{N}])?";

    // local part (dot-atom in any script, or quoted) + an at sign (@, fullwidth ＠, %40, &#64;) + domain (labels and a
    // letter TLD, or an IP literal in brackets).
    [GeneratedRegex(
        @"(?:""(?:[^""\\\r\n]|\\.){1,64}""|[" + LocalChars + @"]+)\s?(?:@|＠|﹫|%40|&#0*64;|&commat;)\s?" +
        @"(?:\[(?:IPv6:[0-9A-Fa-f:.]+|\d{1,3}(?:\.\d{1,3}){3})\]|(?:" + Label + @"[.．])+[\p{L}\p{M}]{2,}(?![\p{L}\p{M}\p{N}]))",
        RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // Written-out forms: "jane at example dot com", "jane (at) example (dot) com", "jane[at]example.com". A bare " at "
    // needs at least one written-out "dot", so that "met at example.com" in a sentence is left alone.
    [GeneratedRegex(
        @"[\p{L}\p{M}\p{N}._%+\-]+(?:\s*[\(\[\{<]\s*at\s*[\)\]\}>]\s*(?:" + Label + @"(?:\s*[\(\[\{<]\s*dot\s*[\)\]\}>]\s*|\s+dot\s+|\.))+[\p{L}]{2,}" +
        @"|\s+at\s+(?:" + Label + @"(?:\s*[\(\[\{<]\s*dot\s*[\)\]\}>]\s*|\s+dot\s+|\.))*" + Label + @"(?:\s*[\(\[\{<]\s*dot\s*[\)\]\}>]\s*|\s+dot\s+)[\p{L}]{2,})(?![\p{L}\p{N}])",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WrittenEmailPattern();

    // ISO 13616: two letters, two check digits, 11 to 30 letters or digits, compact or in groups of four.
    [GeneratedRegex(@"(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?|[A-Z0-9]{11,30})(?![\p{L}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex IbanPattern();

    // 13 to 19 digits, possibly in groups split by single spaces or hyphens.
    [GeneratedRegex(@"(?<![\p{N}\w])\d(?:[ \-]?\d){12,18}(?![\p{N}\w])", RegexOptions.CultureInvariant)]
    private static partial Regex CardPattern();

    [GeneratedRegex(@"(?<![\d.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\d.]*\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4Pattern();

    // Groups of digits joined by separators (space, no-break space, dot, hyphens and dashes, underscore, slash,
    // parentheses), optionally after '+' or '(' ; or '+' and a bare run of digits.
    [GeneratedRegex(
        @"(?<![\p{L}\p{N}_.])(?:\+\d{8,15}|(?:\+\s?)?\(?\d{1,5}\)?(?:[ \u00A0.\-\u2010-\u2015\u2212_/]{1,2}\(?\d{1,8}\)?){1,6})(?![\p{L}\p{N}_]|[.\-]\d)",
        RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    // Shapes of dates and times that the phone pattern would otherwise take: 2026-08-31, 31.08.2026, 08/31/26, 14:05.
    [GeneratedRegex(@"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,2}:\d{2}|^\d{4}[-/.]\d{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex DateShape();

    /// <summary>
    /// Replaces e-mail addresses with [email], IBANs with [iban], card numbers with [card], IPv4 addresses with [ip] and
    /// phone numbers with [phone] (see the class summary for what each covers). Text without any comes back unchanged.
    /// </summary>
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || !MayHold(text)) return text;
        var masked = MaskEmails(text);
        masked = IbanPattern().Replace(masked, m => IsIban(m.Value) ? "[iban]" : TrimmedIban(m.Value));
        masked = CardPattern().Replace(masked, m => MaskCard(m.Value));
        masked = Ipv4Pattern().Replace(masked, "[ip]");
        masked = PhonePattern().Replace(masked, m => MaskPhones(m.Value));
        return masked;
    }

    /// <summary>Masks <paramref name="value"/> as what its column is: free text fully, an e-mail column whole, an id or timestamp column only for e-mail addresses in it.</summary>
    public static string MaskAs(string value, ValueKind kind) => kind switch
    {
        ValueKind.Email => value.Length == 0 ? value : "[email]",
        ValueKind.Identifier => MaskEmails(value),
        _ => Mask(value),
    };

    /// <summary>Whether <see cref="Mask(string)"/> would change <paramref name="text"/>.</summary>
    public static bool Contains(string text) => !string.Equals(Mask(text), text, StringComparison.Ordinal);

    /// <summary>Replaces only e-mail addresses (all the forms <see cref="Mask(string)"/> knows) with [email].</summary>
    public static string MaskEmails(string text)
    {
        var masked = EmailPattern().Replace(text, "[email]");
        return WrittenEmailPattern().Replace(masked, "[email]");
    }

    // Quick rejection: text with neither an at-sign form nor a digit nor the word "at" holds nothing to mask.
    private static bool MayHold(string text)
    {
        foreach (var c in text)
            if (char.IsDigit(c) || c is '@' or '＠' or '﹫' or '%' or '&') return true;
        return text.Contains("at", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A run of digit groups that is one phone number, or several written one after another ("+44 20 7946 0958
    /// 555-123-4567": 22 digits, too many for one). A run of more than 15 digits is split at spaces into consecutive
    /// pieces that are each a phone number, covering as many digits as can be with as few pieces as can be, and masked
    /// when at least one piece is written as only a phone number is (starting with '+' or '(', or with a separator other
    /// than a space inside): a long number in groups of digits and spaces, such as an account number, stays as it is.
    /// </summary>
    private static string MaskPhones(string candidate)
    {
        if (IsPhone(candidate)) return "[phone]";
        var groups = System.Text.RegularExpressions.Regex.Matches(candidate, @"\d+");
        var n = groups.Count;
        var total = 0;
        foreach (System.Text.RegularExpressions.Match g in groups) total += g.Length;
        if (n < 2 || total <= 15 || DateShape().IsMatch(candidate)) return candidate;
        int Start(int g) { var at = groups[g].Index; while (at > 0 && candidate[at - 1] is '(' or '+' or ' ' && (candidate[at - 1] != ' ' || at >= 2 && candidate[at - 2] == '+')) at--; return at; }
        int End(int g) { var at = groups[g].Index + groups[g].Length; return at < candidate.Length && candidate[at] == ')' ? at + 1 : at; }
        bool SpaceAfter(int g) => g + 1 < n && candidate.AsSpan(End(g), groups[g + 1].Index - End(g)).Trim("+(").IsWhiteSpace();
        bool Written(string piece) => piece[0] is '+' or '(' || piece.AsSpan().IndexOfAny(".-\u2010\u2011\u2012\u2013\u2014\u2015\u2212_/()") >= 0;
        // best[i]: (digits covered, -pieces) from group i on, where a piece may start at i (group 0 or after a space);
        // next[i]: the last group of the piece starting at i, or -1 (group i left as it is).
        var best = new (int Digits, int Pieces)[n + 1];
        var next = new int[n];
        for (var i = n - 1; i >= 0; i--)
        {
            // Leaving group i: continue at the next group that may start a piece.
            var k = i + 1;
            while (k < n && !SpaceAfter(k - 1)) k++;
            best[i] = best[k];
            next[i] = -1;
            if (i > 0 && !SpaceAfter(i - 1)) continue;
            var digits = 0;
            for (var j = i; j < n && (digits += groups[j].Length) <= 15; j++)
            {
                if (j + 1 < n && !SpaceAfter(j)) continue;
                var piece = candidate[Start(i)..End(j)];
                if (!IsPhone(piece)) continue;
                var score = (best[j + 1].Digits + digits, best[j + 1].Pieces - 1);
                if (score.CompareTo(best[i]) > 0) { best[i] = score; next[i] = j; }
            }
        }
        var written = false;
        for (var i = 0; i < n;)
        {
            if (next[i] < 0) { i++; continue; }
            written |= Written(candidate[Start(i)..End(next[i])]);
            i = next[i] + 1;
        }
        if (!written) return candidate;
        var masked = new System.Text.StringBuilder();
        var copied = 0;
        for (var i = 0; i < n;)
        {
            if (next[i] < 0) { i++; continue; }
            masked.Append(candidate, copied, Start(i) - copied).Append("[phone]");
            copied = End(next[i]);
            i = next[i] + 1;
        }
        return masked.Append(candidate, copied, candidate.Length - copied).ToString();
    }

    private static bool IsPhone(string candidate)
    {
        var digits = 0;
        foreach (var c in candidate) if (char.IsAsciiDigit(c)) digits++;
        if (digits is < 7 or > 15) return false;
        if (DateShape().IsMatch(candidate)) return false;
        return true;
    }

    // A digit run may start or end with digits that are not part of the card ("1 4111 1111 1111 1111"): try the whole
    // run, then every run of whole groups, longest first.
    private static string MaskCard(string candidate)
    {
        if (PassesLuhn(candidate)) return "[card]";
        var groups = System.Text.RegularExpressions.Regex.Matches(candidate, @"\d+").ToList();
        for (var length = groups.Count - 1; length >= 1; length--)
            for (var first = 0; first + length <= groups.Count; first++)
            {
                var start = groups[first].Index;
                var end = groups[first + length - 1].Index + groups[first + length - 1].Length;
                if (PassesLuhn(candidate[start..end])) return string.Concat(candidate.AsSpan(0, start), "[card]", candidate.AsSpan(end));
            }
        return candidate;
    }

    /// <summary>Whether <paramref name="text"/> (spaces and hyphens allowed) is a 13-19 digit number passing the Luhn check.</summary>
    public static bool PassesLuhn(string text)
    {
        var sum = 0;
        var count = 0;
        var doubled = false;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            var c = text[i];
            if (c is ' ' or '-') continue;
            if (!char.IsAsciiDigit(c)) return false;
            var d = c - '0';
            if (doubled) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
            doubled = !doubled;
            count++;
        }
        return count is >= 13 and <= 19 && sum % 10 == 0;
    }

    /// <summary>Whether <paramref name="text"/> (spaces allowed) is an IBAN passing the ISO 13616 mod-97 check.</summary>
    public static bool IsIban(string text)
    {
        var compact = text.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (compact.Length is < 15 or > 34 || !char.IsAsciiLetter(compact[0]) || !char.IsAsciiLetter(compact[1])
            || !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3])) return false;
        var rearranged = compact[4..] + compact[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            if (char.IsAsciiDigit(c)) remainder = (remainder * 10 + (c - '0')) % 97;
            else if (char.IsAsciiLetterUpper(c)) remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            else return false;
        }
        return remainder == 1;
    }

    // A grouped IBAN followed by an upper-case word ("DE89 3704 ... 00 THE"): try without the last group.
    private static string TrimmedIban(string candidate)
    {
        var cut = candidate.LastIndexOf(' ');
        return cut > 4 && IsIban(candidate[..cut]) ? "[iban]" + candidate[cut..] : candidate;
    }

    /// <summary>Masks every distinct value of <paramref name="values"/> in place (each distinct value masked once).</summary>
    public static void MaskInPlace(string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is not { } v) continue;
            if (!seen.TryGetValue(v, out var masked)) seen[v] = masked = Mask(v);
            if (!ReferenceEquals(masked, v)) values[i] = masked;
        }
    }
}
