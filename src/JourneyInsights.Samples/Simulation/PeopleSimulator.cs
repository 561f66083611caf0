using System.Globalization;
using System.Text;
using static JourneyInsights.Samples.Simulation.SampleVocabulary;

namespace JourneyInsights.Samples.Simulation;

/// <summary>
/// The simulation behind the sample exports: people of a fictional SaaS product (Northwind Cloud) visit the site,
/// sign up, buy, onboard and recommend it, with planted stories (a checkout incident, freelancers who struggle to onboard,
/// TikTok traffic that rarely considers) and a few planted defects. Each person is simulated from their own RNG (derived
/// from seed and index) into one reused <see cref="SimulatedPerson"/>, so memory stays flat however many people are
/// simulated. Nothing here knows a vendor's file shape: the writers in <c>Writers/</c> do.
/// </summary>
internal sealed class PeopleSimulator
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
    private readonly double _otherSignUp;
    private readonly MalformedPlan _plan;
    private readonly SimulatedPerson _person = new();
    private readonly StringBuilder _sb = new(256);

    private int _contacts;

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

    public PeopleSimulator(SampleOptions options)
    {
        _options = options;
        var end = new DateOnly(options.EndMonth.Year, options.EndMonth.Month, 1);
        var first = end.AddMonths(-(options.Months - 1));
        _windowStart = SampleTime.ToMicros(first);
        _windowEnd = SampleTime.ToMicros(end.AddMonths(1));
        var incident = end.AddMonths(-2);
        _incidentStart = SampleTime.ToMicros(incident);
        _incidentEnd = SampleTime.ToMicros(incident.AddMonths(1));
        People = PeopleFor(options.Customers);
        double tiktokWeight = ChannelWeights[TikTok];
        _otherSignUp = Math.Min(0.95, (SignUpShare - tiktokWeight * TikTokSignUp) / (1 - tiktokWeight));
        _plan = new MalformedPlan(People);
    }

    /// <summary>Number of people this run simulates (anonymous visitors included).</summary>
    public int People { get; }

    /// <summary>Distinct CRM contacts simulated so far (people who signed up within the window).</summary>
    public int Contacts => _contacts;

    /// <summary>Planted defects so far in each file's rows.</summary>
    public int Planted(MalformedPlan.File file) => _plan.Planted(file);

    /// <summary>Number of people simulated for a given number of targeted CRM contacts.</summary>
    public static int PeopleFor(int customers) => (int)Math.Min(int.MaxValue, Math.Round(customers / (SignUpShare * SignUpInWindow)));

    /// <summary>
    /// Simulates person <paramref name="index"/> (call with 0, 1, 2, ... in order: the planted defects are spread over
    /// the run) and returns them; the instance is reused by the next call.
    /// </summary>
    public SimulatedPerson Simulate(int index)
    {
        _plan.Advance(index);
        SimulatePerson(index);
        return _person;
    }

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

    private static DateTime ToUtc(long micros) => SampleTime.ToUtc(micros);

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
        _person.Events.Add(new SimulatedEvent(_cur, _seq++, _sessionDev, _sessionUid, name, path, _sessionId, (byte)_sessionChannel));

    private int LaterChannel() => Chance(0.45) ? _channel : Direct;

    private string Landing() => Chance(0.55) ? "/" : "/blog/" + Pick(BlogSlugs);

    // ------------------------------------------------------------------ the person

    private void SimulatePerson(int index)
    {
        _rng = new Random(PersonSeed(_options.Seed, index));
        _index = index;
        _person.Reset(index);
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
        SimulateContact(ref person);
        SimulateResponses(in person);
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
            SimulateResponse(t, "", email, "Website feedback", nps: null, s, WebsitePositive, WebsiteNegative);
        }
    }

    // ------------------------------------------------------------------ the exported events

    /// <summary>Puts the person's events in export order with GA4's noise, plants the analytics defects, records who they are.</summary>
    private void Flush()
    {
        var events = _person.Events;
        events.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Sequence.CompareTo(b.Sequence));
        while (events.Count > 0 && events[^1].Time >= _windowEnd)
        {
            events.RemoveAt(events.Count - 1);
        }

        // Noise: GA4 sometimes sends an event twice; exports are not sorted by time.
        if (Chance(0.04) && events.Count > 1)
        {
            int k = _rng.Next(events.Count);
            events.Insert(k + 1, events[k]);
        }

        if (Chance(0.08) && events.Count > 2)
        {
            int k = _rng.Next(events.Count - 1);
            (events[k], events[k + 1]) = (events[k + 1], events[k]);
        }

        // Defective copies of random rows, written after the person's rows.
        int rows = events.Count;
        for (int kind = 0; kind < MalformedPlan.AnalyticsKinds; kind++)
        {
            if (rows > 0 && _plan.TryConsume(MalformedPlan.File.Analytics, kind))
            {
                events.Add(events[_rng.Next(rows)] with { Defect = (EventDefect)(kind + 1) });
            }
        }

        _person.Persona = _persona;
        _person.Channel = _channel;
        _person.Country = _country;
        _person.FirstDevice = (_device, _pseudo);
        _person.SecondDevice = (_device2, _pseudo2);
        _person.RecordId = _recordId;
    }

    // ------------------------------------------------------------------ the CRM record

    private void SimulateContact(ref Contact c)
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

        var stage = customer > 0 ? Lifecycle.Customer : opportunity > 0 ? Lifecycle.Opportunity : mql > 0 ? Lifecycle.MarketingQualifiedLead : Lifecycle.Lead;

        bool emptyEmail = _plan.TryConsume(MalformedPlan.File.Crm, MalformedPlan.CrmEmptyEmail);
        if (emptyEmail)
        {
            crmEmail = "";
            c.Email = "";
        }

        bool badDate = mql > 0 && _plan.TryConsume(MalformedPlan.File.Crm, MalformedPlan.CrmBadDate);

        // A stale copy of the same record, exported twice.
        bool twice = stage != Lifecycle.Lead && _plan.TryConsume(MalformedPlan.File.Crm, MalformedPlan.CrmDuplicate);
        _person.Contact = new SimulatedContact
        {
            RecordId = c.RecordId,
            Email = c.Email,
            CrmEmail = crmEmail,
            Stage = stage,
            Created = c.SignUp,
            Mql = mql,
            MqlDateMangled = badDate,
            Opportunity = opportunity,
            Customer = customer,
            ExportedTwice = twice,
        };
    }

    // ------------------------------------------------------------------ survey answers

    private void SimulateResponses(in Contact c)
    {
        double baseline = Normal(0.35, 0.45);
        bool freelancer = _persona == Freelancer;

        if (c.Purchase > 0 && Chance(0.35))
        {
            bool incident = c.Purchase >= _incidentStart && c.Purchase < _incidentEnd;
            double x = baseline - (c.PaymentErrors > 0 ? 1.1 : 0) - (incident ? 0.3 : 0);
            long t = c.Purchase + Between(30 * Min, 2 * Day);
            string[] negative = c.PaymentErrors > 0 && Chance(0.8) ? PaymentFailure : PostPurchaseNegative;
            SimulateContactResponse(in c, t, "Post-purchase survey", nps: true, new Scores(x), PostPurchasePositive, negative);
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

            SimulateContactResponse(in c, t, "Onboarding check-in", nps: false, s, OnboardingPositive,
                freelancer && Chance(0.8) ? OnboardingFreelancer : OnboardingNegative);
        }

        if (c.Purchase == 0 && Chance(0.10))
        {
            long t = c.SignUp + Between(10 * Min, 3 * Day);
            SimulateContactResponse(in c, t, "Website feedback", nps: false, new Scores(baseline - 0.2), WebsitePositive, WebsiteNegative);
        }

        if ((c.TutorialComplete > 0 || c.Advocate) && Chance(0.20))
        {
            long t = c.TutorialComplete + Between(20 * Day, 60 * Day);
            var s = new Scores(baseline + (c.Advocate ? 0.5 : 0)) { AskCsat = false, AskCes = false };
            SimulateContactResponse(in c, t, "Relationship NPS", nps: true, s, RelationshipPositive, RelationshipNegative);
        }
    }

    private void SimulateContactResponse(in Contact c, long t, string survey, bool nps, Scores s, string[] positive, string[] negative)
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

        SimulateResponse(t, extRef, email, survey, nps, s, positive, negative);
    }

    private sealed class Scores(double experience)
    {
        public double Experience { get; } = experience;

        public bool AskCsat { get; init; } = true;

        public bool AskCes { get; init; } = true;

        public int? EmotionOverride { get; set; }
    }

    private void SimulateResponse(long start, string extRef, string email, string survey, bool? nps, Scores s, string[] positive, string[] negative)
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

        _person.Responses.Add(new SimulatedResponse(start, end, ResponseId(), extRef, email, survey, npsText, csat, ces, emotion, comment));
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

