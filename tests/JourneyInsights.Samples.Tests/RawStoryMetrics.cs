using System.Globalization;

namespace JourneyInsights.Samples.Tests;

/// <summary>
/// The planted stories measured straight from the raw CSV rows, with no product code involved.
/// People are stitched the simple way: every user_pseudo_id that carries a user_id anywhere belongs to that
/// user_id; pseudo ids that never carry one are people of their own. Malformed analytics rows (wrong field
/// count, unparseable timestamp, empty user_pseudo_id) are skipped.
/// </summary>
internal sealed class RawStoryMetrics
{
    private static readonly HashSet<string> ConsiderationEvents = ["view_item", "sign_up", "generate_lead", "login"];

    public required string IncidentMonth { get; init; }

    /// <summary>Story 1: Consideration→Purchase share of the incident-month first-visit cohort.</summary>
    public double IncidentConsiderationToPurchase { get; init; }

    /// <summary>Story 1: mean of the monthly Consideration→Purchase shares of the other cohorts (last month excluded).</summary>
    public double OtherConsiderationToPurchase { get; init; }

    public double IncidentRelativeDrop => 1 - IncidentConsiderationToPurchase / OtherConsiderationToPurchase;

    public required IReadOnlyDictionary<string, double> ConsiderationToPurchaseByMonth { get; init; }

    /// <summary>Story 2: share of Freelancer purchasers with a tutorial_complete event.</summary>
    public double FreelancerOnboarded { get; init; }

    public double OthersOnboarded { get; init; }

    /// <summary>Story 3: share of people per first-touch channel ("source/medium").</summary>
    public required IReadOnlyDictionary<string, double> FirstTouchShare { get; init; }

    public double TikTokConsideration { get; init; }

    public double OthersConsideration { get; init; }

    /// <summary>Survey side of story 1: Post-purchase responses recorded in the incident month vs the others.</summary>
    public double IncidentPostPurchaseNps { get; init; }

    public double OtherPostPurchaseNps { get; init; }

    public double IncidentPostPurchaseNegativeShare { get; init; }

    public double OtherPostPurchaseNegativeShare { get; init; }

    /// <summary>Survey side of story 2: Onboarding check-in emotions confused/frustrated/angry, Freelancers vs others.</summary>
    public double FreelancerOnboardingNegativeShare { get; init; }

    public double OthersOnboardingNegativeShare { get; init; }

    public double FreelancerOnboardingCes { get; init; }

    public double OthersOnboardingCes { get; init; }

    public int People { get; init; }

    public static RawStoryMetrics Compute(string directory, DateOnly incidentMonth, DateOnly lastMonth)
    {
        var events = RawCsv.ReadAll(Path.Combine(directory, "analytics-events.csv")).Skip(1)
            .Where(r => r.Length == 11 && r[3].Length > 0 && long.TryParse(r[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .ToList();

        // 1. pseudo id -> user_id (stitching)
        var userOf = new Dictionary<string, string>();
        foreach (var r in events)
        {
            if (r[4].Length > 0)
            {
                userOf.TryAdd(r[3], r[4]);
            }
        }

        // 2. per person: earliest first_visit (time + source/medium), consideration, purchase, tutorial_complete
        var people = new Dictionary<string, Person>();
        foreach (var r in events)
        {
            string key = userOf.TryGetValue(r[3], out var uid) ? "u:" + uid : "p:" + r[3];
            if (!people.TryGetValue(key, out var p))
            {
                people[key] = p = new Person { UserId = uid };
            }

            long t = long.Parse(r[1], CultureInfo.InvariantCulture);
            string path = new Uri(r[5]).AbsolutePath;
            switch (r[2])
            {
                case "first_visit" when t < p.FirstVisit:
                    p.FirstVisit = t;
                    p.Channel = r[6] + "/" + r[7];
                    break;
                case "purchase":
                    p.Purchase = true;
                    break;
                case "tutorial_complete":
                    p.Onboarded = true;
                    break;
            }

            if (ConsiderationEvents.Contains(r[2]) || (r[2] == "page_view" && path == "/pricing"))
            {
                p.Consideration = true;
            }
        }

        var visitors = people.Values.Where(p => p.Channel is not null).ToList();

        // 3. persona from the CRM export (Record ID -> Persona)
        var persona = new Dictionary<string, string>();
        foreach (var r in RawCsv.ReadAll(Path.Combine(directory, "crm-contacts.csv")).Skip(1))
        {
            persona.TryAdd(r[0], r[8]);
        }

        // Story 1: cohort = UTC month of the earliest first_visit; rate = purchasers / people with a consideration event.
        string Month(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        string incident = incidentMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        string last = lastMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var byMonth = visitors.Where(p => p.Consideration).GroupBy(p => Month(p.FirstVisit))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(p => p.Purchase) / (double)g.Count());
        var others = byMonth.Where(kv => kv.Key != incident && kv.Key != last).Select(kv => kv.Value).ToList();

        // Story 2: purchasers' share with tutorial_complete, by CRM persona.
        var purchasers = visitors.Where(p => p.Purchase && p.UserId is not null && persona.ContainsKey(p.UserId)).ToList();
        static double Share(IEnumerable<Person> ps, Func<Person, bool> f)
        {
            var list = ps.ToList();
            return list.Count == 0 ? double.NaN : list.Count(f) / (double)list.Count;
        }

        // Story 3: first-touch channel share of people and their consideration share.
        const string tiktok = "tiktok/paid_social";
        var firstTouch = visitors.GroupBy(p => p.Channel!).ToDictionary(g => g.Key, g => g.Count() / (double)visitors.Count);

        // Survey side.
        var responses = RawCsv.ReadAll(Path.Combine(directory, "survey-responses.csv")).Skip(3).Where(r => r.Length == 13).ToList();
        static bool Negative(string emotion) => emotion is "confused" or "frustrated" or "angry";
        var post = responses.Where(r => r[7] == "Post-purchase survey").ToList();
        bool InIncident(string[] r) => r[4].StartsWith(incident, StringComparison.Ordinal);
        static double MeanScore(IEnumerable<string[]> rs, int column, int max) =>
            rs.Select(r => int.TryParse(r[column], NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v <= max ? v : -1)
                .Where(v => v >= 0).DefaultIfEmpty(-1).Average();
        var onboarding = responses.Where(r => r[7] == "Onboarding check-in" && r[5].Length > 0 && persona.ContainsKey(r[5])).ToList();
        bool IsFreelancer(string[] r) => persona[r[5]] == "Freelancer";

        return new RawStoryMetrics
        {
            IncidentMonth = incident,
            People = visitors.Count,
            ConsiderationToPurchaseByMonth = byMonth,
            IncidentConsiderationToPurchase = byMonth.GetValueOrDefault(incident, double.NaN),
            OtherConsiderationToPurchase = others.Average(),
            FreelancerOnboarded = Share(purchasers.Where(p => persona[p.UserId!] == "Freelancer"), p => p.Onboarded),
            OthersOnboarded = Share(purchasers.Where(p => persona[p.UserId!] != "Freelancer"), p => p.Onboarded),
            FirstTouchShare = firstTouch,
            TikTokConsideration = Share(visitors.Where(p => p.Channel == tiktok), p => p.Consideration),
            OthersConsideration = Share(visitors.Where(p => p.Channel != tiktok), p => p.Consideration),
            IncidentPostPurchaseNps = MeanScore(post.Where(InIncident), 8, 10),
            OtherPostPurchaseNps = MeanScore(post.Where(r => !InIncident(r)), 8, 10),
            IncidentPostPurchaseNegativeShare = Share2(post.Where(InIncident), r => r[11] is "frustrated" or "angry"),
            OtherPostPurchaseNegativeShare = Share2(post.Where(r => !InIncident(r)), r => r[11] is "frustrated" or "angry"),
            FreelancerOnboardingNegativeShare = Share2(onboarding.Where(IsFreelancer), r => Negative(r[11])),
            OthersOnboardingNegativeShare = Share2(onboarding.Where(r => !IsFreelancer(r)), r => Negative(r[11])),
            FreelancerOnboardingCes = MeanScore(onboarding.Where(IsFreelancer), 10, 7),
            OthersOnboardingCes = MeanScore(onboarding.Where(r => !IsFreelancer(r)), 10, 7),
        };

        // Share among rows that answered the emotion question.
        static double Share2(IEnumerable<string[]> rs, Func<string[], bool> f)
        {
            var answered = rs.Where(r => r[11].Length > 0).ToList();
            return answered.Count == 0 ? double.NaN : answered.Count(f) / (double)answered.Count;
        }
    }

    public override string ToString()
    {
        var ci = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Format(ci, "people (stitched): {0}", People),
            string.Format(ci, "story 1: C->P {0} cohort {1:P1} vs other months {2:P1} (relative drop {3:P1})", IncidentMonth, IncidentConsiderationToPurchase, OtherConsiderationToPurchase, IncidentRelativeDrop),
            "  by month: " + string.Join(", ", ConsiderationToPurchaseByMonth.Select(kv => string.Format(ci, "{0} {1:P1}", kv.Key, kv.Value))),
            string.Format(ci, "  post-purchase NPS {0:F2} vs {1:F2}; frustrated/angry {2:P1} vs {3:P1}", IncidentPostPurchaseNps, OtherPostPurchaseNps, IncidentPostPurchaseNegativeShare, OtherPostPurchaseNegativeShare),
            string.Format(ci, "story 2: purchasers with tutorial_complete: Freelancer {0:P1} vs others {1:P1}", FreelancerOnboarded, OthersOnboarded),
            string.Format(ci, "  onboarding negative emotion {0:P1} vs {1:P1}; CES {2:F2} vs {3:F2}", FreelancerOnboardingNegativeShare, OthersOnboardingNegativeShare, FreelancerOnboardingCes, OthersOnboardingCes),
            string.Format(ci, "story 3: consideration share tiktok {0:P1} vs others {1:P1}", TikTokConsideration, OthersConsideration),
            "  first touch: " + string.Join(", ", FirstTouchShare.OrderByDescending(kv => kv.Value).Select(kv => string.Format(ci, "{0} {1:P1}", kv.Key, kv.Value))),
        };
        return string.Join(Environment.NewLine, lines);
    }

    private sealed class Person
    {
        public string? UserId { get; init; }

        public long FirstVisit { get; set; } = long.MaxValue;

        public string? Channel { get; set; }

        public bool Consideration { get; set; }

        public bool Purchase { get; set; }

        public bool Onboarded { get; set; }
    }
}
