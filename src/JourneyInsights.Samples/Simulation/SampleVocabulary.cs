namespace JourneyInsights.Samples.Simulation;

/// <summary>Fixed word lists and comment templates used by <see cref="PeopleSimulator"/>.</summary>
internal static class SampleVocabulary
{
    public const string Site = "https://www.northwind-cloud.example";

    public static readonly string[] Personas = ["Small business owner", "Freelancer", "IT manager", "Agency"];
    public static readonly double[] PersonaWeights = [0.34, 0.26, 0.22, 0.18];
    public const int Freelancer = 1;

    // source, medium, HubSpot original source
    public static readonly (string Source, string Medium, string HubSpot)[] Channels =
    [
        ("google", "organic", "Organic Search"),
        ("google", "cpc", "Paid Search"),
        ("facebook", "paid_social", "Paid Social"),
        ("tiktok", "paid_social", "Paid Social"),
        ("newsletter", "email", "Email Marketing"),
        ("partner-blog", "referral", "Referrals"),
        ("(direct)", "(none)", "Direct Traffic"),
    ];
    public static readonly double[] ChannelWeights = [0.19, 0.13, 0.12, 0.26, 0.08, 0.08, 0.14];
    public const int TikTok = 3;
    public const int Direct = 6;

    public static readonly string[] Devices = ["desktop", "mobile", "tablet"];
    public static readonly double[] DeviceWeights = [0.55, 0.38, 0.07];

    // ISO code, English name, rough UTC offset in hours (used only to give realistic local hours)
    public static readonly (string Iso, string Name, int UtcOffset)[] Countries =
    [
        ("US", "United States", -6),
        ("GB", "United Kingdom", 0),
        ("DE", "Germany", 1),
        ("FR", "France", 1),
        ("NL", "Netherlands", 1),
        ("CA", "Canada", -5),
        ("AU", "Australia", 10),
    ];
    public static readonly double[] CountryWeights = [0.40, 0.14, 0.12, 0.08, 0.06, 0.10, 0.10];

    /// <summary>Relative traffic per local hour of day (more in the day and evening).</summary>
    public static readonly double[] HourWeights =
    [
        0.4, 0.25, 0.15, 0.1, 0.1, 0.2, 0.5, 1.0, 1.6, 2.0, 2.2, 2.2,
        2.0, 2.1, 2.2, 2.1, 1.9, 1.7, 1.6, 1.8, 1.9, 1.6, 1.1, 0.7,
    ];

    public static readonly string[] BlogSlugs =
    [
        "invoice-automation-for-small-teams",
        "cloud-backup-checklist",
        "remote-team-file-sharing",
        "gdpr-for-freelancers",
        "migrating-from-spreadsheets",
        "pricing-your-agency-services",
    ];

    public static readonly string[] Plans = ["starter", "team", "business"];

    public static readonly string[] FirstNames =
    [
        "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
        "Oliver", "Amelia", "Harry", "Isla", "Lukas", "Mia", "Finn", "Emma", "Louis", "Chloe",
        "Daan", "Sanne", "Liam", "Olivia", "Noah", "Ava", "Jack", "Charlotte", "Lucas", "Zoe",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson", "Anderson",
        "Taylor", "Thomas", "Moore", "Martin", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker",
        "Evans", "Roberts", "Muller", "Schmidt", "Schneider", "Fischer", "Dubois", "Moreau", "Laurent", "DeVries",
        "Jansen", "Bakker", "Tremblay", "Roy", "Gagnon", "Nguyen", "Kelly", "Murphy", "Young", "King",
    ];

    public static readonly string[] EmailDomains =
    [
        "example.com", "example.org", "example.net", "mail.example", "inbox.example", "studio.example", "consulting.example",
    ];

    public static readonly string[] Emotions = ["delighted", "happy", "neutral", "confused", "frustrated", "angry"];

    public static readonly string[] PostPurchasePositive =
    [
        "Checkout was quick and painless.",
        "Smooth purchase, the {plan} plan was exactly what we needed.",
        "Easy to upgrade, took two minutes.",
        "Great value for the price.",
        "Loved how clear the pricing page was, no surprises at checkout.",
        "Payment went through first time, thanks!",
        "Simple, fast, done. Exactly how buying software should be.",
        "The invoice arrived right away, which my accountant appreciated.",
    ];

    public static readonly string[] PostPurchaseNegative =
    [
        "The price went up at checkout because of VAT, that was not obvious.",
        "I wanted to pay yearly but could only find monthly.",
        "Too many steps to buy a simple plan.",
        "Confirmation e-mail took hours to arrive.",
        "Not sure which plan I actually bought, the names are confusing.",
        "Had to contact support to get a proper invoice with our company name, please fix.",
    ];

    public static readonly string[] PaymentFailure =
    [
        "My card was declined three times although it works everywhere else.",
        "Payment failed with \"error 502\" and I was charged twice!",
        "Checkout kept failing on the payment step.",
        "The payment page just spun and then said something went wrong.",
        "Tried PayPal and a credit card, both failed. Very frustrating.",
        "Payment error again and again, almost gave up and went to a competitor.",
        "Your checkout is broken, the card form rejects valid cards.",
        "It took me four attempts to pay.\nPlease test your payment page.",
    ];

    public static readonly string[] OnboardingPositive =
    [
        "The setup wizard was really helpful.",
        "Onboarding took ten minutes, very nice.",
        "Importing my files was easy, and the checklist kept me on track.",
        "The welcome video explained everything I needed.",
        "Got the whole team set up on day one.",
        "Clear steps, good defaults.",
    ];

    public static readonly string[] OnboardingNegative =
    [
        "I got stuck on the integration step.",
        "The tutorial skipped the part I actually needed.",
        "Too much jargon in the setup, I am not an IT person.",
        "Could not figure out how to invite my colleague.",
        "The import failed halfway through, had to start again.",
        "Setup asked for a company domain, I do not have one.",
    ];

    public static readonly string[] OnboardingFreelancer =
    [
        "Onboarding assumes I have a team, I am just me.",
        "As a freelancer I do not need workspaces, roles, SSO... where do I even start?",
        "Confusing setup, gave up on the tutorial.",
        "Why do I need to create a \"team\" to upload my first invoice?",
        "The onboarding is built for companies, not for one-person businesses.",
        "I still do not know how to connect my bank account.\nThe guide ends too early.",
    ];

    public static readonly string[] WebsitePositive =
    [
        "Found what I was looking for quickly.",
        "Nice website, the comparison table is useful.",
        "Pricing is clear.",
        "The blog article answered my question.",
        "Good demo booking flow.",
    ];

    public static readonly string[] WebsiteNegative =
    [
        "I could not find the price for more than 10 users.",
        "The site is slow on my phone.",
        "Too many pop-ups, cookie banner, chat bubble, newsletter box...",
        "Missing a comparison with other tools.",
        "Could not tell if there is a free plan.",
        "The demo form asks for too much information.",
    ];

    public static readonly string[] RelationshipPositive =
    [
        "We use it every day, it just works.",
        "Support is fantastic, answered within the hour.",
        "Recommended it to two other agencies already.",
        "Best tool we bought this year.",
        "Reliable, fast, and the mobile app is great.",
        "Saves me hours every week, seriously.",
    ];

    public static readonly string[] RelationshipNegative =
    [
        "Price increase was not communicated well.",
        "Sync is unreliable on large folders.",
        "Missing features we were promised in the sales call.",
        "Support takes days to answer.",
        "It is fine, but the \"reports\" module is very basic.",
        "We are thinking about switching, the {plan} plan got expensive.",
    ];

    public static readonly string[] Neutral =
    [
        "OK.",
        "No comment.",
        "Does what it says.",
        "Fine for now, let's see.",
    ];

    /// <summary>Comments that start with a formula or command character (CSV injection bait).</summary>
    public static readonly string[] FormulaLike =
    [
        "=HYPERLINK(\"http://x.example\",\"click\")",
        "+1 555 0100 please call",
        "-- not happy with the invoice",
        "@support fix this",
        "=1+1",
    ];
}
