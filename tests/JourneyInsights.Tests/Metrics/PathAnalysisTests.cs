using JourneyInsights.Metrics;

namespace JourneyInsights.Tests.Metrics;

/// <summary>
/// Eight March customers written by hand for the path analysis, on <see cref="HandMadeJourney"/>'s definition
/// (Visit → Pricing → Order → Onboarded; Checkout is a Purchase touchpoint that does not count as purchasing), events
/// only, UTC. What each does after their first visit (repeats collapsed):
///   p1  visit 03-02 10:00, visit 11:00 (repeat), pricing 03-03, pricing 03-04 (repeat), checkout 03-05 10:00, purchase 03-05 12:00
///       → Pricing, Checkout, Order
///   p2  visit 03-03, pricing 03-04, purchase 03-06                  → Pricing, Order, left
///   p3  visit 03-04, pricing 03-05                                  → Pricing, left, left
///   p4  visit 03-05 only                                            → left, left, left
///   p5  visit 03-06, checkout 03-07                                 → Checkout, left, left
///   p6  visit, pricing and purchase all at 03-07 09:00 (a tie: ordered by stage) → Pricing, Order, left
///   p7  visit 03-08, onboarded 03-09                                → Onboarded, left, left
///   p8  visit 03-09, pricing 03-10, visit 03-11, pricing 03-12 (alternating: nothing to collapse) → Pricing, Visit, Pricing
///   q1  visit 04-02, pricing 04-03: April cohort, never on March's paths.
/// </summary>
internal static class PathJourney
{
    public static string Events()
    {
        var rows = new List<string> { "timestamp,event,anonymous_id,user_id,page,source,medium,device,region" };
        void Add(string who, string time, string evt) => rows.Add($"2026-{time}:00Z,{evt},{who},,/{evt},google,organic,desktop,US");
        Add("p1", "03-02T10:00", "visit"); Add("p1", "03-02T11:00", "visit"); Add("p1", "03-03T10:00", "pricing"); Add("p1", "03-04T10:00", "pricing");
        Add("p1", "03-05T10:00", "checkout"); Add("p1", "03-05T12:00", "purchase");
        Add("p2", "03-03T10:00", "visit"); Add("p2", "03-04T10:00", "pricing"); Add("p2", "03-06T10:00", "purchase");
        Add("p3", "03-04T10:00", "visit"); Add("p3", "03-05T10:00", "pricing");
        Add("p4", "03-05T10:00", "visit");
        Add("p5", "03-06T10:00", "visit"); Add("p5", "03-07T10:00", "checkout");
        // written purchase first: the order in the file must not matter
        Add("p6", "03-07T09:00", "purchase"); Add("p6", "03-07T09:00", "pricing"); Add("p6", "03-07T09:00", "visit");
        Add("p7", "03-08T10:00", "visit"); Add("p7", "03-09T10:00", "onboarded");
        Add("p8", "03-09T10:00", "visit"); Add("p8", "03-10T10:00", "pricing"); Add("p8", "03-11T10:00", "visit"); Add("p8", "03-12T10:00", "pricing");
        Add("q1", "04-02T10:00", "visit"); Add("q1", "04-03T10:00", "pricing");
        return string.Join("\n", rows) + "\n";
    }

    public static Journey Load(TestFolder folder)
    {
        folder.Write("events.csv", Events());
        folder.Write("contacts.csv", "crm_id,email,created_at,persona,region\n");
        folder.Write("responses.csv", "response_id,timestamp,crm_id,email,survey,nps,csat,ces,emotion,comment\n");
        return Journey.Load(folder.Write("journey.json", HandMadeJourney.Definition()));
    }
}

public class PathAnalysisTests
{
    private static List<(PathNodeKind, string, long)> Nodes(PathResult r, int step) => r.Steps[step].Select(n => (n.Kind, n.Name, n.Customers)).ToList();
    private static List<(int, int, long)> Links(PathResult r, int step) => r.Links.Where(l => l.Step == step).Select(l => (l.From, l.To, l.Customers)).ToList();

    [Fact]
    public void Paths_from_a_stage_collapse_repeats_break_ties_by_name_pool_the_rest_as_other_and_end_in_left_the_journey()
    {
        using var folder = new TestFolder();
        var journey = PathJourney.Load(folder);
        var transition = Transition.Into(journey.Data.Stages, 1); // Awareness → Consideration: read forward from Awareness
        var paths = journey.Paths(PathQuery.From(transition, steps: 3, top: 2), "2026-03");

        Assert.Equal(8, paths.Customers); // p1..p8; q1 is April's
        Assert.Equal("Awareness", paths.Anchor);
        Assert.Equal([(PathNodeKind.Anchor, "Reached Awareness", 8L)], Nodes(paths, 0));
        // Step 1: Pricing p1 p2 p3 p6 p8 = 5; Checkout p5 = 1 and Onboarded p7 = 1 tie for the second place: by name,
        // "Checkout" < "Onboarded", so Onboarded goes to other (1 touchpoint); p4 left: 5 + 1 + 1 + 1 = 8.
        Assert.Equal([(PathNodeKind.Touchpoint, "Pricing", 5L), (PathNodeKind.Touchpoint, "Checkout", 1L), (PathNodeKind.Other, "Other touchpoints", 1L),
            (PathNodeKind.End, "Left the journey", 1L)], Nodes(paths, 1));
        Assert.Equal(1, paths.Steps[1][2].Touchpoints);
        Assert.Equal(5.0 / 8, paths.Steps[1][0].Share, 12);
        // Step 2: p1 Checkout (pricing's repeat collapsed), p2 p6 Order, p8 Visit; p3 p4 p5 p7 left:
        // Order 2; Checkout 1 and Visit 1 tie, "Checkout" < "Visit": Visit is other. 2 + 1 + 1 + 4 = 8.
        Assert.Equal([(PathNodeKind.Touchpoint, "Order", 2L), (PathNodeKind.Touchpoint, "Checkout", 1L), (PathNodeKind.Other, "Other touchpoints", 1L),
            (PathNodeKind.End, "Left the journey", 4L)], Nodes(paths, 2));
        // Step 3: p1 Order, p8 Pricing (tie, both named, by name); the other six have left: 1 + 1 + 6 = 8.
        Assert.Equal([(PathNodeKind.Touchpoint, "Order", 1L), (PathNodeKind.Touchpoint, "Pricing", 1L), (PathNodeKind.End, "Left the journey", 6L)], Nodes(paths, 3));
        for (var s = 1; s <= 3; s++) Assert.Equal(1.0, paths.Steps[s].Sum(n => n.Share), 12);

        // Links 0 → 1: anchor to Pricing 5, Checkout 1, other 1, left 1.
        Assert.Equal([(0, 0, 5L), (0, 1, 1L), (0, 2, 1L), (0, 3, 1L)], Links(paths, 0));
        // Links 1 → 2 (from: Pricing 0, Checkout 1, other 2, left 3; to: Order 0, Checkout 1, other 2, left 3):
        // p2 p6 Pricing→Order; p1 Pricing→Checkout; p8 Pricing→other(Visit); p3 Pricing→left; p5 Checkout→left; p7 other→left; p4 left→left.
        Assert.Equal([(0, 0, 2L), (0, 1, 1L), (0, 2, 1L), (0, 3, 1L), (1, 3, 1L), (2, 3, 1L), (3, 3, 1L)], Links(paths, 1));
        // Links 2 → 3 (to: Order 0, Pricing 1, left 2): p2 p6 Order→left; p1 Checkout→Order; p8 other→Pricing; p3 p4 p5 p7 left→left.
        Assert.Equal([(0, 2, 2L), (1, 0, 1L), (2, 1, 1L), (3, 2, 4L)], Links(paths, 2));
        Assert.Contains("2026-03 cohort, customers who reached Awareness", paths.Basis);
    }

    [Fact]
    public void Paths_into_a_stage_read_backward_to_the_journey_start()
    {
        using var folder = new TestFolder();
        var journey = PathJourney.Load(folder);
        var paths = journey.Paths(PathQuery.Into(Transition.Into(journey.Data.Stages, 2)), "2026-03"); // Consideration → Purchase, before Purchase
        // Purchase counts (an Order at or after Pricing) for p1 (03-05 12:00), p2 (03-06) and p6 (the 09:00 tie counts).
        // Before the Order, nearest first: p1 Checkout, Pricing (×2 collapsed), Visit (×2 collapsed); p2 Pricing, Visit, start;
        // p6 Pricing, Visit, start (the tie ordered Visit, Pricing, Order by stage).
        Assert.Equal(3, paths.Customers);
        Assert.Equal("Paths into Purchase (previous 3 touchpoints)", paths.Title);
        Assert.Equal([(PathNodeKind.Touchpoint, "Pricing", 2L), (PathNodeKind.Touchpoint, "Checkout", 1L)], Nodes(paths, 1));
        Assert.Equal([(PathNodeKind.Touchpoint, "Visit", 2L), (PathNodeKind.Touchpoint, "Pricing", 1L)], Nodes(paths, 2));
        Assert.Equal([(PathNodeKind.Touchpoint, "Visit", 1L), (PathNodeKind.End, "Journey start", 2L)], Nodes(paths, 3));
        // Pricing (p2 p6) → Visit; Checkout (p1) → Pricing; then Visit → start (p2 p6), Pricing → Visit (p1)
        Assert.Equal([(0, 0, 2L), (1, 1, 1L)], Links(paths, 1));
        Assert.Equal([(0, 1, 2L), (1, 0, 1L)], Links(paths, 2));
    }

    [Fact]
    public void Paths_after_a_touchpoint_start_at_its_first_meeting()
    {
        using var folder = new TestFolder();
        var journey = PathJourney.Load(folder);
        var paths = journey.Paths(PathQuery.Around("Checkout", steps: 2), "2026-03");
        // Checkout: p1 (then Order, then nothing) and p5 (nothing after): 1 Order + 1 left; then 2 left.
        Assert.Equal(2, paths.Customers);
        Assert.Equal([(PathNodeKind.Anchor, "Checkout", 2L)], Nodes(paths, 0));
        Assert.Equal([(PathNodeKind.Touchpoint, "Order", 1L), (PathNodeKind.End, "Left the journey", 1L)], Nodes(paths, 1));
        Assert.Equal([(PathNodeKind.End, "Left the journey", 2L)], Nodes(paths, 2));
        Assert.Equal(0.5, paths.Steps[1][0].Share, 12);
    }

    [Fact]
    public void Touchpoints_after_the_cut_are_not_on_the_paths_and_leaving_means_nothing_more_by_the_cut()
    {
        using var folder = new TestFolder();
        var journey = PathJourney.Load(folder);
        var cut = CohortCut.For(journey.Data, journey.Timelines, JourneyInsights.Journeys.Timelines.MonthKey(2026, 3), new DateTime(2026, 3, 4, 12, 0, 0, DateTimeKind.Utc));
        var paths = PathAnalysis.Compute(journey.Data, journey.Timelines, cut, PathQuery.From(Transition.Into(journey.Data.Stages, 1), steps: 2));
        // By 03-04 12:00 only p1 (visit 03-02), p2 (03-03) and p3 (03-04 10:00) had entered. p1: Pricing (03-03, 03-04
        // collapsed), then nothing by the cut; p2: Pricing 03-04; p3: its pricing (03-05) comes after the cut: left.
        Assert.Equal(3, paths.Customers);
        Assert.Equal([(PathNodeKind.Touchpoint, "Pricing", 2L), (PathNodeKind.End, "Left the journey", 1L)], Nodes(paths, 1));
        Assert.Equal([(PathNodeKind.End, "Left the journey", 3L)], Nodes(paths, 2));
        Assert.Contains("touchpoints up to 2026-03-04 12:00:00 UTC", paths.Basis);
    }

    [Fact]
    public void A_cohort_without_customers_gives_no_nodes_and_a_bad_query_names_what_was_expected()
    {
        using var folder = new TestFolder();
        var journey = PathJourney.Load(folder);
        var empty = journey.Paths(PathQuery.Around("Onboarded"), "2026-04"); // q1 never onboarded
        Assert.Equal(0, empty.Customers);
        Assert.Empty(empty.Steps);
        Assert.Empty(empty.Links);

        var unknown = Assert.Throws<ArgumentException>(() => journey.Paths(PathQuery.Around("Payment error"), "2026-03"));
        Assert.Contains("'Payment error' is not a touchpoint of the journey; expected one of: Login, Visit, Pricing", unknown.Message);
        Assert.Throws<ArgumentException>(() => journey.Paths(new PathQuery { Stage = 9 }, "2026-03"));
        Assert.Throws<ArgumentException>(() => journey.Paths(new PathQuery { Stage = 0, Touchpoint = "Visit" }, "2026-03"));
        Assert.Throws<ArgumentException>(() => journey.Paths(PathQuery.Around("Visit", steps: 0), "2026-03"));
    }

    [Fact]
    public void The_report_holds_every_transitions_paths_and_opens_on_the_largest_drop_off()
    {
        using var folder = new TestFolder();
        var journey = PathJourney.Load(folder);
        var report = JourneyReport.Compute(journey, "2026-03");
        Assert.Equal(["Awareness → Consideration", "Consideration → Purchase", "Purchase → Retention"], report.Paths.Select(p => p.Transition!.Text));
        // March funnel: Awareness 8; Consideration p1 p2 p3 p6 p8 = 5 (lost 3); Purchase p1 p2 p6 = 3 (lost 2);
        // Retention 0 (p7's Onboarded comes without a purchase: lost 3). 3 = 3: the tie goes to the earlier transition.
        Assert.Equal([8L, 5L, 3L, 0L], report.Funnel.Stages.Select(s => s.Customers));
        Assert.Equal("Awareness → Consideration", report.PathFocus!.Transition!.Text);
        // every step of every transition's paths accounts for all its customers, and so do the links between two steps
        Assert.All(report.Paths, p =>
        {
            for (var s = 1; s < p.Steps.Count; s++) Assert.Equal(p.Customers, p.Steps[s].Sum(n => n.Customers));
            for (var s = 0; s < p.Steps.Count - 1; s++) Assert.Equal(p.Customers, p.Links.Where(l => l.Step == s).Sum(l => l.Customers));
        });
    }
}
