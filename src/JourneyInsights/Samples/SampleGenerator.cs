using System.Globalization;
using System.Text;
using static JourneyInsights.Samples.SampleVocabulary;

namespace JourneyInsights.Samples;

/// <summary>
/// Deterministic, seeded, streaming generator of realistic sample exports: a GA4-like event export,
/// a HubSpot-like contact export and a Qualtrics-like survey export, with planted stories and a few
/// malformed rows. People are simulated one at a time from their own RNG (derived from seed and index)
/// and their rows are written immediately, so memory stays flat however many people are generated.
/// </summary>
public static class SampleGenerator
{
    /// <summary>
    /// Writes <c>analytics-events.csv</c>, <c>crm-contacts.csv</c> and <c>survey-responses.csv</c> into
    /// <paramref name="outDirectory"/> (created if missing, files overwritten).
    /// <see cref="SampleOptions.Customers"/> is the number of CRM contacts aimed at; anonymous-only visitors
    /// (about 40 % of all people) are simulated on top of them.
    /// </summary>
    public static SampleSummary Generate(SampleOptions options, string outDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(outDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Customers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Months, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Months, 600);

        Directory.CreateDirectory(outDirectory);
        using var engine = new SampleEngine(options, outDirectory);
        return engine.Run();
    }

    /// <summary>Number of people simulated for a given number of targeted CRM contacts.</summary>
    public static int PeopleFor(int customers) => (int)Math.Min(int.MaxValue, Math.Round(customers / (SampleEngine.SignUpShare * SampleEngine.SignUpInWindow)));

    /// <summary>The month of the planted checkout incident (two months before the end month).</summary>
    public static DateOnly IncidentMonth(SampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DateOnly(options.EndMonth.Year, options.EndMonth.Month, 1).AddMonths(-2);
    }
}

internal sealed class SampleEngine : IDisposable
{
    public const double SignUpShare = 0.60;

    /// <summary>About 1 % of sign-ups fall after the end of the window and are censored.</summary>
    public const double SignUpInWindow = 0.99;

    private const long Sec = 1_000_000;
    private const long Min = 60 * Sec;
    private const long Hour = 60 * Min;
    private const long Day = 24 * Hour;

    // Calibration of the planted stories (see data-samples/README.md).
    private const double TikTokSignUp = 0.10;
    private const double TikTokAnonPricing = 0.02;
    private const double OtherAnonPricing = 0.10;
    private const double IncidentAbandon = 0.50;
    private const double FreelancerOnboarded = 0.32;
    private const double OthersOnboarded = 0.76;

    private readonly SampleOptions _options;
    private readonly long _windowStart;
    private readonly long _windowEnd; // exclusive
    private readonly long _incidentStart;
    private readonly long _incidentEnd;
    private readonly int _people;
    private readonly double _otherSignUp;
    private readonly TimeZoneInfo _newYork;
    private readonly TimeZoneInfo _denver;
    private readonly CsvLineWriter _events;
    private readonly CsvLineWriter _crm;
    private readonly CsvLineWriter _survey;
    private readonly MalformedPlan _plan;
    private readonly List<Ev> _ev = new(64);
    private readonly StringBuilder _sb = new(256);

    private long _eventRows;
    private int _badTimestamps;
    private int _crmRows;
    private int _contacts;
    private int _responses;

    // ---- per-person state (reset for every person; O(1)) ----
    private Random _rng = new(0);
    private int _persona;
    private int _channel;
    private int _device;
    private int _country;
    private string _pseudo = "";
    private int _index;
    private string _pseudo2 = "";
    private int _device2;
    private long _recordId;
    private int _seq;

    // ---- current session while building events ----
    private long _cur;
    private long _sessionId;
    private byte _sessionDev;
    private int _sessionChannel;
    private bool _sessionUid;

    public SampleEngine(SampleOptions options, string outDirectory)
    {
        _options = options;
        var end = new DateOnly(options.EndMonth.Year, options.EndMonth.Month, 1);
        var first = end.AddMonths(-(options.Months - 1));
        _windowStart = ToMicros(first);
        _windowEnd = ToMicros(end.AddMonths(1));
        var incident = end.AddMonths(-2);
        _incidentStart = ToMicros(incident);
        _incidentEnd = ToMicros(incident.AddMonths(1));
        _people = SampleGenerator.PeopleFor(options.Customers);
        double tiktokWeight = ChannelWeights[TikTok];
        _otherSignUp = Math.Min(0.95, (SignUpShare - tiktokWeight * TikTokSignUp) / (1 - tiktokWeight));
        _newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        _denver = TimeZoneInfo.FindSystemTimeZoneById("America/Denver");
        _plan = new MalformedPlan(_people);

        _events = new CsvLineWriter(Path.Combine(outDirectory, SampleSummary.AnalyticsFileName), withBom: false);
        _crm = new CsvLineWriter(Path.Combine(outDirectory, SampleSummary.CrmFileName), withBom: false);
        _survey = new CsvLineWriter(Path.Combine(outDirectory, SampleSummary.SurveyFileName), withBom: true);
    }

    public SampleSummary Run()
    {
        WriteHeaders();
        for (int i = 0; i < _people; i++)
        {
            _plan.Advance(i);
            SimulatePerson(i);
        }

        return new SampleSummary(
            _people, _contacts, _responses, _eventRows, _crmRows, _responses,
            _plan.Planted(MalformedPlan.File.Analytics), _plan.Planted(MalformedPlan.File.Crm), _plan.Planted(MalformedPlan.File.Survey));
    }

    public void Dispose()
    {
        _events.Dispose();
        _crm.Dispose();
        _survey.Dispose();
    }

    private static long ToMicros(DateOnly d) =>
        (d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / 10;

    private static DateTime ToUtc(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10);

    /// <summary>Seed of person <paramref name="index"/>: SplitMix64 finaliser over (seed, index), stable across runtimes.</summary>
    private static int PersonSeed(int seed, int index)
    {
        ulong z = ((ulong)(uint)seed << 32) ^ (uint)index;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFF_FFFF);
    }

    // ------------------------------------------------------------------ headers

    private void WriteHeaders()
    {
        foreach (var h in "event_date,event_timestamp,event_name,user_pseudo_id,user_id,page_location,traffic_source,traffic_medium,device_category,country,session_id".Split(','))
        {
            _events.Field(h);
        }

        _events.EndRecord();

        foreach (var h in new[]
                 {
                     "Record ID", "Email", "Lifecycle Stage", "Create Date", "Became a Lead Date", "Became a Marketing Qualified Lead Date",
                     "Became an Opportunity Date", "Became a Customer Date", "Persona", "Country/Region", "Original Source",
                 })
        {
            _crm.Field(h);
        }

        _crm.EndRecord();

        foreach (var h in "StartDate,EndDate,Status,ResponseId,RecordedDate,ExternalReference,RecipientEmail,SurveyName,Q_NPS,Q_CSAT,Q_CES,Q_Emotion,Q_Comment".Split(','))
        {
            _survey.Field(h);
        }

        _survey.EndRecord();
        foreach (var h in new[]
                 {
                     "Start Date", "End Date", "Response Type", "Response ID", "Recorded Date", "External Data Reference", "Recipient Email", "Survey Name",
                     "How likely are you to recommend Northwind Cloud to a friend or colleague? - 0 = Not at all likely, 10 = Extremely likely",
                     "Overall, how satisfied are you with Northwind Cloud? - 1 = Very dissatisfied, 5 = Very satisfied",
                     "How easy was it to get done what you wanted to do today? - 1 = Very difficult, 7 = Very easy",
                     "Which word best describes how you feel about Northwind Cloud right now?",
                     "Anything else you want to tell us?",
                 })
        {
            _survey.Field(h);
        }

        _survey.EndRecord();
        foreach (var id in new[]
                 {
                     "{\"ImportId\":\"startDate\",\"timeZone\":\"America/Denver\"}",
                     "{\"ImportId\":\"endDate\",\"timeZone\":\"America/Denver\"}",
                     "{\"ImportId\":\"status\"}",
                     "{\"ImportId\":\"_recordId\"}",
                     "{\"ImportId\":\"recordedDate\",\"timeZone\":\"America/Denver\"}",
                     "{\"ImportId\":\"externalDataReference\"}",
                     "{\"ImportId\":\"recipientEmail\"}",
                     "{\"ImportId\":\"surveyName\"}",
                     "{\"ImportId\":\"QID1\"}",
                     "{\"ImportId\":\"QID2\"}",
                     "{\"ImportId\":\"QID3\"}",
                     "{\"ImportId\":\"QID4\"}",
                     "{\"ImportId\":\"QID5_TEXT\"}",
                 })
        {
            _survey.Field(id);
        }

        _survey.EndRecord();
    }

    // ------------------------------------------------------------------ random helpers

    private double U() => _rng.NextDouble();

    private bool Chance(double p) => _rng.NextDouble() < p;

    private long Between(long min, long max) => max <= min ? min : _rng.NextInt64(min, max);

    private int Pick(double[] weights)
    {
        double r = _rng.NextDouble() * weights.Sum();
        for (int i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];

    private double Normal(double mean, double sd)
    {
        double u1 = 1.0 - _rng.NextDouble();
        double u2 = _rng.NextDouble();
        return mean + sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private long CountryOffset => Countries[_country].UtcOffset * Hour;

    /// <summary>A moment on the given (local) day at a realistic local hour.</summary>
    private long AtLocalHour(long localDayStartUtcMicros) =>
        localDayStartUtcMicros + Pick(HourWeights) * Hour + Between(0, Hour);

    private long FirstVisitTime()
    {
        long days = (_windowEnd - _windowStart) / Day;
        for (int attempt = 0; ; attempt++)
        {
            long day = _windowStart + _rng.NextInt64(days) * Day;
            var dow = ToUtc(day).DayOfWeek;
            if ((dow == DayOfWeek.Saturday || dow == DayOfWeek.Sunday) && Chance(0.3) && attempt < 20)
            {
                continue;
            }

            long t = AtLocalHour(day - CountryOffset);
            if (t >= _windowStart && t < _windowEnd)
            {
                return t;
            }

            if (attempt > 50)
            {
                return day + 12 * Hour;
            }
        }
    }

    /// <summary>Start of a later session, <paramref name="minDays"/>–<paramref name="maxDays"/> after <paramref name="after"/>, at a realistic hour.</summary>
    private long NextSession(long after, double minDays, double maxDays)
    {
        long target = after + (long)((minDays + U() * (maxDays - minDays)) * Day);
        long off = CountryOffset;
        long localDay = (target + off) / Day * Day - off;
        long t = AtLocalHour(localDay);
        if (t < after + 35 * Min)
        {
            t = after + 35 * Min + Between(0, 90 * Min);
        }

        return t;
    }

    // The person's index is mixed into the 10 random digits: per-person seeds are 32-bit, so two of a million people
    // can share a random stream, and GA4 pseudo ids of different people must not collide.
    private string NewPseudoId(long firstVisit) =>
        (1_000_000_000L + (_rng.NextInt64(0, 9_000_000_000L) + (long)_index * 1_000_003L) % 9_000_000_000L).ToString(CultureInfo.InvariantCulture) + "." +
        (firstVisit / Sec).ToString(CultureInfo.InvariantCulture);

    // ------------------------------------------------------------------ event building

    private void BeginSession(long start, byte dev, int channel, bool uid, bool firstVisit, string landing)
    {
        _cur = start;
        _sessionId = start / Sec;
        _sessionDev = dev;
        _sessionChannel = channel;
        _sessionUid = uid;
        if (firstVisit)
        {
            Push("first_visit", landing);
        }

        _cur += Between(1, 2000);
        Push("session_start", landing);
        _cur += Between(1000, 900_000);
        Push("page_view", landing);
    }

    private long Add(string name, string path, int minSeconds = 5, int maxSeconds = 120)
    {
        _cur += Between(minSeconds * Sec, maxSeconds * Sec);
        Push(name, path);
        return _cur;
    }

    private void Push(string name, string path) =>
        _ev.Add(new Ev(_cur, _seq++, _sessionDev, _sessionUid, name, path, _sessionId, (byte)_sessionChannel));

    private int LaterChannel() => Chance(0.45) ? _channel : Direct;

    private string Landing() => Chance(0.55) ? "/" : "/blog/" + Pick(BlogSlugs);

    // ------------------------------------------------------------------ the person

    private void SimulatePerson(int index)
    {
        _rng = new Random(PersonSeed(_options.Seed, index));
        _index = index;
        _ev.Clear();
        _seq = 0;
        _recordId = 0;
        _pseudo2 = "";

        _persona = Pick(PersonaWeights);
        _channel = Pick(ChannelWeights);
        _device = Pick(DeviceWeights);
        _country = Pick(CountryWeights);
        bool tiktok = _channel == TikTok;
        long t0 = FirstVisitTime();
        _pseudo = NewPseudoId(t0);
        bool signs = Chance(tiktok ? TikTokSignUp : _otherSignUp);

        // Awareness
        string landing = Landing();
        BeginSession(t0, 0, _channel, false, true, landing);
        if (Chance(0.2))
        {
            Add("page_view", Chance(0.5) ? "/features" : "/blog/" + Pick(BlogSlugs));
        }

        if (!signs)
        {
            SimulateAnonymous(t0, tiktok);
            Flush();
            return;
        }

        // ~8 % of signed-up people (~5 % of converters end up beyond 30 days) take a long pause (30-50 days) before one of their stages.
        int slowGap = Chance(0.08) ? _rng.Next(4) : -1;
        double slowDays = 30 + U() * 20;
        double Slow(int gap) => gap == slowGap ? slowDays : 0;

        // Consideration
        if (slowGap != 0 && Chance(0.25))
        {
            // Straight on to pricing in the first session.
            Add("page_view", "/pricing", 20, 400);
        }
        else
        {
            long tc = NextSession(t0, Slow(0), 5 + Slow(0));
            BeginSession(tc, 0, LaterChannel(), false, false, Chance(0.7) ? "/pricing" : "/features");
        }

        if (Chance(0.75))
        {
            Add("view_item", "/product/" + Pick(Plans));
        }

        _sessionUid = true;
        long signUp = Add("sign_up", "/signup", 20, 300);
        if (Chance(0.15))
        {
            Add("generate_lead", "/demo", 10, 200);
        }

        bool contact = signUp < _windowEnd;
        if (contact)
        {
            _recordId = 500_000 + ++_contacts;
        }

        // Purchase
        double intendP = _persona switch { 0 => 0.52, Freelancer => 0.50, _ => 0.56 };
        bool intends = Chance(intendP);
        bool tries = intends || Chance(0.22);
        long purchase = 0;
        int paymentErrors = 0;
        long checkout = 0;
        if (tries)
        {
            if (slowGap != 1 && Chance(0.35))
            {
                // Buys right after signing up, in the same session.
                checkout = _cur + Between(30 * Sec, 10 * Min);
                _cur = checkout;
            }
            else
            {
                checkout = NextSession(signUp, Slow(1), 7 + Slow(1));
                BeginSession(checkout, 0, LaterChannel(), true, false, Chance(0.5) ? "/pricing" : "/app/dashboard");
                if (Chance(0.25))
                {
                    Add("login", "/login");
                }
            }

            bool incident = checkout >= _incidentStart && checkout < _incidentEnd;

            Add("begin_checkout", "/checkout");
            if (!intends)
            {
                if (Chance(0.5))
                {
                    Add("add_payment_info", "/checkout/payment");
                    if (incident && Chance(0.5))
                    {
                        Add("payment_error", "/checkout/payment", 3, 30);
                        paymentErrors++;
                    }
                }
            }
            else
            {
                Add("add_payment_info", "/checkout/payment");
                if (incident && Chance(IncidentAbandon))
                {
                    int n = 1 + _rng.Next(3);
                    for (int k = 0; k < n; k++)
                    {
                        Add("payment_error", "/checkout/payment", 3, 60);
                        paymentErrors++;
                    }

                    if (Chance(0.4))
                    {
                        BeginSession(NextSession(_cur, 0.5, 2), 0, Direct, true, false, "/checkout");
                        Add("add_payment_info", "/checkout/payment");
                        Add("payment_error", "/checkout/payment", 3, 30);
                        paymentErrors++;
                    }
                }
                else
                {
                    if (incident ? Chance(0.5) : Chance(0.05))
                    {
                        int n = incident ? 1 + _rng.Next(2) : 1;
                        for (int k = 0; k < n; k++)
                        {
                            Add("payment_error", "/checkout/payment", 3, 60);
                            paymentErrors++;
                        }
                    }

                    purchase = Add("purchase", "/checkout/confirmation", 5, 90);
                }
            }
        }

        // Retention (onboarding)
        long tutorialBegin = 0, tutorialComplete = 0;
        bool advocate = false;
        long advocacy = 0;
        if (purchase > 0)
        {
            bool onboarded = Chance(_persona == Freelancer ? FreelancerOnboarded : OthersOnboarded);
            if (slowGap == 2 || Chance(0.55))
            {
                BeginSession(NextSession(purchase, Slow(2), 5 + Slow(2)), 0, LaterChannel(), true, false, "/app/dashboard");
            }
            if (onboarded || Chance(0.7))
            {
                tutorialBegin = Add("tutorial_begin", "/app/onboarding");
            }

            if (onboarded)
            {
                tutorialComplete = Add("tutorial_complete", "/app/onboarding/done", 120, 1500);
                Add("page_view", "/app/dashboard");
                if (Chance(0.25))
                {
                    BeginSession(NextSession(_cur, 1, 6), 0, Direct, true, false, "/app/dashboard");
                    Add("login", "/login", 1, 5);
                }

                // Advocacy
                if (Chance(_persona == Freelancer ? 0.2 : 0.3))
                {
                    advocate = true;
                    advocacy = NextSession(tutorialComplete, 2 + Slow(3), 12 + Slow(3));
                    BeginSession(advocacy, 0, Direct, true, false, "/app/dashboard");
                    if (Chance(0.6))
                    {
                        Add("share", "/app/referrals");
                    }
                    else
                    {
                        Add("invite_sent", "/app/referrals");
                        if (Chance(0.4))
                        {
                            Add("invite_sent", "/app/referrals", 10, 60);
                        }
                    }
                }
            }
        }

        // Second device: events before login have no user_id, login and later ones have it.
        if (contact && Chance(0.15))
        {
            _device2 = (_device + 1 + _rng.Next(2)) % Devices.Length;
            long t2 = NextSession(signUp, 0.3, 10);
            _pseudo2 = NewPseudoId(t2);
            BeginSession(t2, 1, Chance(0.3) ? _channel : Direct, false, true, "/");
            if (Chance(0.3))
            {
                Add("page_view", "/pricing");
            }

            _sessionUid = true;
            Add("login", "/login");
            Add("page_view", "/app/dashboard");
        }

        Flush();

        if (!contact)
        {
            return;
        }

        var person = new Contact(_recordId, signUp, checkout, purchase, paymentErrors, tutorialBegin, tutorialComplete, advocate);
        WriteContact(ref person);
        WriteResponses(in person);
    }

    private void SimulateAnonymous(long t0, bool tiktok)
    {
        bool pricing = Chance(tiktok ? TikTokAnonPricing : OtherAnonPricing);
        if (Chance(0.2) || pricing)
        {
            BeginSession(NextSession(t0, 0.2, 20), 0, LaterChannel(), false, false, pricing ? "/pricing" : Landing());
            if (pricing && Chance(0.6))
            {
                Add("view_item", "/product/" + Pick(Plans));
            }
        }

        // A few anonymous visitors answer the website survey with an e-mail no contact has.
        if (Chance(0.02))
        {
            long t = t0 + Between(5 * Min, Day);
            var s = new Scores(Normal(0.1, 0.5));
            string email = "visitor" + _rng.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture) + "@guestmail.example";
            WriteResponse(t, "", email, "Website feedback", nps: null, s, WebsitePositive, WebsiteNegative);
        }
    }

    // ------------------------------------------------------------------ analytics output

    private void Flush()
    {
        _ev.Sort(static (a, b) => a.T != b.T ? a.T.CompareTo(b.T) : a.Seq.CompareTo(b.Seq));
        while (_ev.Count > 0 && _ev[^1].T >= _windowEnd)
        {
            _ev.RemoveAt(_ev.Count - 1);
        }

        // Noise: GA4 sometimes sends an event twice; exports are not sorted by time.
        if (Chance(0.04) && _ev.Count > 1)
        {
            int k = _rng.Next(_ev.Count);
            _ev.Insert(k + 1, _ev[k]);
        }

        if (Chance(0.08) && _ev.Count > 2)
        {
            int k = _rng.Next(_ev.Count - 1);
            (_ev[k], _ev[k + 1]) = (_ev[k + 1], _ev[k]);
        }

        foreach (var e in _ev)
        {
            WriteEvent(e, EventQuirk.None);
        }

        for (int kind = 0; kind < MalformedPlan.AnalyticsKinds; kind++)
        {
            if (_ev.Count > 0 && _plan.TryConsume(MalformedPlan.File.Analytics, kind))
            {
                WriteEvent(_ev[_rng.Next(_ev.Count)], (EventQuirk)(kind + 1));
            }
        }
    }

    private enum EventQuirk
    {
        None,
        BadTimestamp,
        EmptyPseudoId,
        MissingField,
    }

    private void WriteEvent(in Ev e, EventQuirk quirk)
    {
        Span<char> buf = stackalloc char[16];
        ToUtc(e.T).TryFormat(buf, out int n, "yyyyMMdd", CultureInfo.InvariantCulture);
        _events.Raw(buf[..n]);
        if (quirk == EventQuirk.BadTimestamp)
        {
            _events.Raw(_badTimestamps++ % 2 == 0 ? "1.71e15" : "not_set");
        }
        else
        {
            _events.Field(e.T);
        }

        _events.Raw(e.Name);
        _events.Raw(quirk == EventQuirk.EmptyPseudoId ? "" : e.Dev == 0 ? _pseudo : _pseudo2);
        if (e.Uid && _recordId > 0)
        {
            _events.Field(_recordId);
        }
        else
        {
            _events.Raw("");
        }

        _events.Raw(Site + e.Path);
        var ch = Channels[e.Channel];
        _events.Raw(ch.Source);
        _events.Raw(ch.Medium);
        _events.Raw(Devices[e.Dev == 0 ? _device : _device2]);
        if (quirk != EventQuirk.MissingField)
        {
            _events.Raw(Countries[_country].Iso);
        }

        _events.Field(e.SessionId);
        _events.EndRecord();
        _eventRows++;
    }

    // ------------------------------------------------------------------ CRM output

    private void WriteContact(ref Contact c)
    {
        string first = Pick(FirstNames), last = Pick(LastNames), domain = Pick(EmailDomains);
        int number = _contacts;
        c.Email = $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{number.ToString(CultureInfo.InvariantCulture)}@{domain}";
        string crmEmail = c.Email;
        if (Chance(0.06))
        {
            string mixed = $"{first}.{last}{number.ToString(CultureInfo.InvariantCulture)}@{char.ToUpperInvariant(domain[0])}{domain[1..]}";
            crmEmail = Pick(new[] { " " + mixed + " ", mixed, " " + mixed, c.Email.ToUpperInvariant() + " " });
        }

        long mql = 0, opportunity = 0;
        if (c.Purchase > 0)
        {
            if (Chance(0.92))
            {
                mql = c.SignUp + (long)((c.Purchase - c.SignUp) * (0.1 + 0.4 * U()));
            }

            if (Chance(0.70))
            {
                long from = Math.Max(mql, c.SignUp);
                opportunity = from + (long)((c.Purchase - from) * (0.5 + 0.45 * U()));
            }
        }
        else
        {
            if (Chance(0.65))
            {
                mql = c.SignUp + Between(2 * Hour, 4 * Day);
            }

            if (c.Checkout > 0 && Chance(0.4))
            {
                opportunity = Math.Max(mql, c.SignUp) + Between(10 * Min, 3 * Day);
            }
        }

        mql = mql < _windowEnd ? mql : 0;
        opportunity = opportunity < _windowEnd && (mql == 0 || opportunity > mql) ? opportunity : 0;
        long customer = c.Purchase > 0 && c.Purchase < _windowEnd ? c.Purchase : 0;

        string stage = customer > 0 ? "customer" : opportunity > 0 ? "opportunity" : mql > 0 ? "marketingqualifiedlead" : "lead";

        bool emptyEmail = _plan.TryConsume(MalformedPlan.File.Crm, MalformedPlan.CrmEmptyEmail);
        if (emptyEmail)
        {
            crmEmail = "";
            c.Email = "";
        }

        bool badDate = mql > 0 && _plan.TryConsume(MalformedPlan.File.Crm, MalformedPlan.CrmBadDate);
        string created = NewYork(c.SignUp);
        WriteCrmRow(c.RecordId, crmEmail, stage, created, badDate ? $"31/02/{ToUtc(mql).Year.ToString(CultureInfo.InvariantCulture)} 25:61" : NewYork(mql),
            NewYork(opportunity), NewYork(customer));

        if (stage != "lead" && _plan.TryConsume(MalformedPlan.File.Crm, MalformedPlan.CrmDuplicate))
        {
            // A stale copy of the same record, exported twice.
            WriteCrmRow(c.RecordId, crmEmail.Trim().ToLowerInvariant(), "lead", created, "", "", "");
        }
    }

    private void WriteCrmRow(long id, string email, string stage, string created, string mql, string opportunity, string customer)
    {
        _crm.Field(id);
        _crm.Field(email);
        _crm.Raw(stage);
        _crm.Raw(created);
        _crm.Raw(created);
        _crm.Field(mql);
        _crm.Raw(opportunity);
        _crm.Raw(customer);
        _crm.Field(Personas[_persona]);
        _crm.Field(Countries[_country].Name);
        _crm.Field(Channels[_channel].HubSpot);
        _crm.EndRecord();
        _crmRows++;
    }

    private string NewYork(long micros) => micros <= 0
        ? ""
        : TimeZoneInfo.ConvertTimeFromUtc(ToUtc(micros), _newYork).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private string Denver(long micros) =>
        TimeZoneInfo.ConvertTimeFromUtc(ToUtc(micros), _denver).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    // ------------------------------------------------------------------ survey output

    private void WriteResponses(in Contact c)
    {
        double baseline = Normal(0.35, 0.45);
        bool freelancer = _persona == Freelancer;

        if (c.Purchase > 0 && Chance(0.35))
        {
            bool incident = c.Purchase >= _incidentStart && c.Purchase < _incidentEnd;
            double x = baseline - (c.PaymentErrors > 0 ? 1.1 : 0) - (incident ? 0.3 : 0);
            long t = c.Purchase + Between(30 * Min, 2 * Day);
            string[] negative = c.PaymentErrors > 0 && Chance(0.8) ? PaymentFailure : PostPurchaseNegative;
            WriteContactResponse(in c, t, "Post-purchase survey", nps: true, new Scores(x), PostPurchasePositive, negative);
        }

        if (c.Purchase > 0 && Chance(0.30))
        {
            long anchor = c.TutorialComplete > 0 ? c.TutorialComplete : c.TutorialBegin > 0 ? c.TutorialBegin : c.Purchase;
            long t = anchor + Between(Hour, 4 * Day);
            double x = freelancer ? baseline * 0.3 - 0.85 : baseline - (c.TutorialComplete > 0 ? 0 : 0.6);
            var s = new Scores(x);
            if (freelancer)
            {
                s.EmotionOverride = Pick(new[] { 0.02, 0.04, 0.09, 0.45, 0.34, 0.06 });
            }

            WriteContactResponse(in c, t, "Onboarding check-in", nps: false, s, OnboardingPositive,
                freelancer && Chance(0.8) ? OnboardingFreelancer : OnboardingNegative);
        }

        if (c.Purchase == 0 && Chance(0.10))
        {
            long t = c.SignUp + Between(10 * Min, 3 * Day);
            WriteContactResponse(in c, t, "Website feedback", nps: false, new Scores(baseline - 0.2), WebsitePositive, WebsiteNegative);
        }

        if ((c.TutorialComplete > 0 || c.Advocate) && Chance(0.20))
        {
            long t = c.TutorialComplete + Between(20 * Day, 60 * Day);
            var s = new Scores(baseline + (c.Advocate ? 0.5 : 0)) { AskCsat = false, AskCes = false };
            WriteContactResponse(in c, t, "Relationship NPS", nps: true, s, RelationshipPositive, RelationshipNegative);
        }
    }

    private void WriteContactResponse(in Contact c, long t, string survey, bool nps, Scores s, string[] positive, string[] negative)
    {
        string extRef, email;
        if (c.Email.Length == 0 || Chance(0.8))
        {
            extRef = c.RecordId.ToString(CultureInfo.InvariantCulture);
            email = c.Email.Length > 0 && Chance(0.5) ? c.Email : "";
        }
        else
        {
            extRef = "";
            email = Chance(0.3) ? (Chance(0.5) ? c.Email.ToUpperInvariant() : char.ToUpperInvariant(c.Email[0]) + c.Email[1..]) : c.Email;
        }

        WriteResponse(t, extRef, email, survey, nps, s, positive, negative);
    }

    private sealed class Scores(double experience)
    {
        public double Experience { get; } = experience;

        public bool AskCsat { get; init; } = true;

        public bool AskCes { get; init; } = true;

        public int? EmotionOverride { get; set; }
    }

    private void WriteResponse(long start, string extRef, string email, string survey, bool? nps, Scores s, string[] positive, string[] negative)
    {
        long end = start + Between(40 * Sec, 600 * Sec);
        if (end >= _windowEnd)
        {
            return;
        }

        double x = s.Experience;
        string npsText = nps == true && !Chance(0.04) ? Clamp(7.2 + 3.2 * x + Normal(0, 1.3), 0, 10) : "";
        string csat = s.AskCsat && !Chance(0.04) ? Clamp(3.9 + 1.3 * x + Normal(0, 0.6), 1, 5) : "";
        string ces = s.AskCes && !Chance(0.06) ? Clamp(5.4 + 2.0 * x + Normal(0, 0.9), 1, 7) : "";
        string emotion = "";
        if (!Chance(0.04))
        {
            int e = s.EmotionOverride ?? EmotionIndex(x + Normal(0, 0.35));
            emotion = Emotions[e];
        }

        string comment = Chance(x < 0 ? 0.75 : 0.5) ? Comment(x, positive, negative) : "";

        if (nps == true && _plan.TryConsume(MalformedPlan.File.Survey, MalformedPlan.SurveyNps11))
        {
            npsText = "11";
        }
        else if (nps == true && _plan.TryConsume(MalformedPlan.File.Survey, MalformedPlan.SurveyNpsText))
        {
            npsText = "abc";
        }
        else if (s.AskCsat && _plan.TryConsume(MalformedPlan.File.Survey, MalformedPlan.SurveyCsat0))
        {
            csat = "0";
        }

        _survey.Raw(Denver(start));
        string endText = Denver(end);
        _survey.Raw(endText);
        _survey.Raw("IP Address");
        _survey.Raw(ResponseId());
        _survey.Raw(endText);
        _survey.Raw(extRef);
        _survey.Field(email);
        _survey.Field(survey);
        _survey.Raw(npsText);
        _survey.Raw(csat);
        _survey.Raw(ces);
        _survey.Raw(emotion);
        _survey.Field(comment);
        _survey.EndRecord();
        _responses++;
    }

    private static string Clamp(double v, int min, int max) =>
        Math.Clamp((int)Math.Round(v, MidpointRounding.AwayFromZero), min, max).ToString(CultureInfo.InvariantCulture);

    private static int EmotionIndex(double e) =>
        e > 0.9 ? 0 : e > 0.35 ? 1 : e > -0.05 ? 2 : e > -0.45 ? 3 : e > -0.95 ? 4 : 5;

    private string ResponseId()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> id = stackalloc char[17];
        id[0] = 'R';
        id[1] = '_';
        for (int i = 2; i < id.Length; i++)
        {
            id[i] = alphabet[_rng.Next(alphabet.Length)];
        }

        return new string(id);
    }

    private string Comment(double x, string[] positive, string[] negative)
    {
        if (Chance(0.015))
        {
            return Pick(FormulaLike);
        }

        string[] bank = Chance(0.08) ? Neutral : x < 0.1 ? negative : positive;
        _sb.Clear();
        _sb.Append(Pick(bank).Replace("{plan}", Pick(Plans), StringComparison.Ordinal));
        if (Chance(0.08))
        {
            _sb.Append(_rng.Next(4) switch
            {
                0 => " Call me at +1 415 555 01" + _rng.Next(10, 100).ToString(CultureInfo.InvariantCulture),
                1 => " You can reach me at " + Pick(FirstNames).ToLowerInvariant() + "@" + Pick(EmailDomains),
                2 => " My number is +44 20 7946 0" + _rng.Next(100, 1000).ToString(CultureInfo.InvariantCulture) + ", mornings are best.",
                _ => " Email me: " + Pick(FirstNames).ToLowerInvariant() + "." + Pick(LastNames).ToLowerInvariant() + "@" + Pick(EmailDomains),
            });
        }

        return _sb.ToString();
    }

    // ------------------------------------------------------------------ types

    private readonly record struct Ev(long T, int Seq, byte Dev, bool Uid, string Name, string Path, long SessionId, byte Channel);

    private struct Contact(long recordId, long signUp, long checkout, long purchase, int paymentErrors, long tutorialBegin, long tutorialComplete, bool advocate)
    {
        public readonly long RecordId = recordId;
        public readonly long SignUp = signUp;
        public readonly long Checkout = checkout;
        public readonly long Purchase = purchase;
        public readonly int PaymentErrors = paymentErrors;
        public readonly long TutorialBegin = tutorialBegin;
        public readonly long TutorialComplete = tutorialComplete;
        public readonly bool Advocate = advocate;
        public string Email = "";
    }
}

/// <summary>
/// Where malformed rows are planted: for each kind, <c>count</c> target person indices spread evenly over the run;
/// once a target is passed the next eligible row takes the defect. O(1) state.
/// </summary>
internal sealed class MalformedPlan
{
    public const int AnalyticsKinds = 3;
    public const int CrmDuplicate = 0;
    public const int CrmBadDate = 1;
    public const int CrmEmptyEmail = 2;
    public const int SurveyNps11 = 0;
    public const int SurveyNpsText = 1;
    public const int SurveyCsat0 = 2;
    private const int Kinds = 3;

    private readonly int _people;
    private readonly int _perKind;
    private readonly int[,] _scheduled = new int[3, Kinds];
    private readonly int[,] _planted = new int[3, Kinds];
    private readonly bool[,] _due = new bool[3, Kinds];

    public MalformedPlan(int people)
    {
        _people = people;
        _perKind = Math.Max(1, (int)Math.Round(people / 2500.0));
    }

    public enum File
    {
        Analytics,
        Crm,
        Survey,
    }

    /// <summary>Defects of each kind planted per file (the same for every kind).</summary>
    public int PerKind => _perKind;

    public void Advance(int personIndex)
    {
        for (int f = 0; f < 3; f++)
        {
            for (int k = 0; k < Kinds; k++)
            {
                if (!_due[f, k] && _scheduled[f, k] < _perKind && personIndex >= Target(f, k, _scheduled[f, k]))
                {
                    _due[f, k] = true;
                    _scheduled[f, k]++;
                }
            }
        }
    }

    public bool TryConsume(File file, int kind)
    {
        if (!_due[(int)file, kind])
        {
            return false;
        }

        _due[(int)file, kind] = false;
        _planted[(int)file, kind]++;
        return true;
    }

    public int Planted(File file)
    {
        int sum = 0;
        for (int k = 0; k < Kinds; k++)
        {
            sum += _planted[(int)file, k];
        }

        return sum;
    }

    private long Target(int file, int kind, int j) =>
        (long)((j + (1.0 + kind + 3 * file) / 10.0) * _people / _perKind);
}
