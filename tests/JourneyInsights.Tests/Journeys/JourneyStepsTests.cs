using JourneyInsights.Definition;
using JourneyInsights.Journeys;
using JourneyInsights.Sources;
using JourneyInsights.Tests.Metrics;

namespace JourneyInsights.Tests.Journeys;

/// <summary>
/// The journey is built in steps over the canonical tables: stitching, placement, attributes, responses. These tests run
/// the steps one by one on <see cref="HandMadeJourney"/> as of 2026-03-31 23:59:59 UTC, so the cutoff matters:
/// later rows are a6's purchase (04-05), a7's purchase (04-06, its only row with user 107), a11's two rows, CRM contacts
/// 107 (created 04-06) and 120 (04-01), and response R6 (04-10).
/// </summary>
public sealed class JourneyStepsTests : IDisposable
{
    private static readonly DateTime MarchEnd = new(2026, 3, 31, 23, 59, 59, DateTimeKind.Utc);
    private readonly TestFolder _folder = new();
    private readonly SourceSet _sources;

    public JourneyStepsTests()
    {
        _folder.Write("events.csv", HandMadeJourney.Events);
        _folder.Write("contacts.csv", HandMadeJourney.Contacts);
        _folder.Write("responses.csv", HandMadeJourney.Responses);
        _sources = SourceSet.Load(JourneyDefinition.Load(_folder.Write("journey.json", HandMadeJourney.Definition())));
    }

    [Fact]
    public void Stitching_as_of_march_leaves_out_later_rows_and_matches_responses_by_id_then_email()
    {
        var tables = CanonicalTables.From(_sources);
        var ids = IdentityStitching.Stitch(tables, _sources.Definition.Identity, MarchEnd);

        // Customers numbered by their first row: a1 (with a1-phone, user 101, a1@example.com) 0, a2 1, a3 2, a4 3, a5 4,
        // a6 5, a7 6, a8 7, a9 8, a10 9; a11 and contacts 107 and 120 are after the cutoff.
        Assert.Equal(10, ids.Customers);
        var web = ids.OfTouchpoint[0];
        Assert.Equal(33, web.Length);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0], web[..7]);                   // a1's rows, a1-phone's login and visit included
        Assert.Equal(IdentityStitching.AfterCutoff, web[22]);             // a6's purchase on 04-05
        Assert.Equal([IdentityStitching.AfterCutoff, IdentityStitching.AfterCutoff], web[^2..]); // a11
        // CRM rows 101 102 104 107 110 120: 101 is a1's, 102 a2's, 104 a4's, 110 a10's.
        Assert.Equal([0, 1, 3, IdentityStitching.AfterCutoff, 9, IdentityStitching.AfterCutoff], ids.OfCustomerRow[0]);
        // R1 101 -> 0; R2 by e-mail a2@example.com -> 1; R3 104 -> 3; R4 999 unknown; R5 107 not yet in the CRM
        // (and user 107 logs in only on 04-06): unmatched; R6 answered after the cutoff.
        Assert.Equal([0, 1, 3, IdentityStitching.Unmatched, IdentityStitching.Unmatched, IdentityStitching.AfterCutoff], ids.OfResponse[0]);
        Assert.Equal((2L, 1L, 2L), (ids.ResponsesMatchedByCrmId, ids.ResponsesMatchedByEmail, ids.ResponsesUnmatched));
        Assert.Equal(2, ids.Devices[0]);                                   // a1 and a1-phone
        Assert.Equal(11, ids.AnalyticsIds);                                // a1, a1-phone, a2..a10
        Assert.Equal(5, ids.AnalyticsIdsLinked);                           // a1, a1-phone, a2, a4, a10 (a7's login is after the cutoff)
        Assert.All(ids.Key, k => Assert.Matches("^K[0-9a-f]{16}$", k));
    }

    [Theory]
    [InlineData(true)]  // CRM ids, e-mails and responses given integer keys on another core, nodes found by key
    [InlineData(false)] // every id found by its text in the graph
    public void Stitching_by_keys_and_by_text_find_the_same_customers(bool byKeys)
    {
        var tables = CanonicalTables.From(_sources);
        foreach (var asOf in new DateTime?[] { MarchEnd, null })
        {
            var ids = IdentityStitching.StitchIds(tables, _sources.Definition.Identity, asOf, byKeys);
            if (asOf is not null)
            {
                // As of March, as worked out above: CRM rows 101 102 104 107 110 120 → 0, 1, 3, after, 9, after; responses
                // R1 101 → 0, R2 by e-mail → 1, R3 104 → 3, R4 999 and R5 107 (not in the CRM yet, its login later) unmatched.
                Assert.Equal(10, ids.Customers);
                Assert.Equal([0, 1, 3, IdentityStitching.AfterCutoff, 9, IdentityStitching.AfterCutoff], ids.OfCustomerRow[0]);
                Assert.Equal([0, 1, 3, IdentityStitching.Unmatched, IdentityStitching.Unmatched, IdentityStitching.AfterCutoff], ids.OfResponse[0]);
                Assert.Equal((2L, 1L, 2L), (ids.ResponsesMatchedByCrmId, ids.ResponsesMatchedByEmail, ids.ResponsesUnmatched));
                Assert.Equal((11L, 5L), (ids.AnalyticsIds, ids.AnalyticsIdsLinked));
                continue;
            }
            // All data: a11 (no login) is customer 10; contact 107 joins a7 (customer 6) through user 107's login on 04-06;
            // contact 120 has no analytics and is the last customer (11). Responses: R1 0, R2 1, R3 3, R4 unmatched, R5 107
            // → 6, R6 120 → 11: 4 by id (R1 R3 R5 R6), 1 by e-mail (R2), 1 unmatched (R4).
            Assert.Equal(12, ids.Customers);
            Assert.Equal([0, 1, 3, 6, 9, 11], ids.OfCustomerRow[0]);
            Assert.Equal([0, 1, 3, IdentityStitching.Unmatched, 6, 11], ids.OfResponse[0]);
            Assert.Equal((4L, 1L, 1L), (ids.ResponsesMatchedByCrmId, ids.ResponsesMatchedByEmail, ids.ResponsesUnmatched));
            Assert.Equal((12L, 6L), (ids.AnalyticsIds, ids.AnalyticsIdsLinked)); // a11 added; a7 now linked
        }
    }

    [Fact]
    public void Placement_as_of_march_places_the_staged_records_and_counts_the_rest()
    {
        var tables = CanonicalTables.From(_sources);
        var ids = IdentityStitching.Stitch(tables, _sources.Definition.Identity, MarchEnd);
        var placed = Placement.Place(tables, ids, _sources.Definition, MarchEnd);

        // 33 events - 4 after the cutoff = 29; a1-phone's login matches "Login", which has no stage: 28 event touchpoints.
        // Surveys of matched customers: R1 and R2 (Post-purchase), R3 (Onboarding) = 3. Total 31.
        Assert.Equal(31, placed.Report.Placed);
        Assert.Equal(1, placed.Report.Unstaged);
        Assert.Empty(placed.Report.Unmatched); // R5 "General" has no rule, but its customer is unmatched as of March
        // Rules: 5 = Post-purchase survey, 7 = Onboarding survey; R4 matches its rule though nobody answered it; R5 none; R6 after the cutoff.
        Assert.Equal([5, 5, 7, 5, -1, -1], placed.ResponseRule[0]);
        // The last three touchpoints are the survey answers, after the events.
        Assert.Equal([2, 2, 3], placed.Touchpoints.Stage[^3..].Select(s => (int)s));
        Assert.Equal(1, placed.Touchpoints.Customer[^2]);

        // With all data R5 (107, stitched through CRM 107) and R6 (120) are matched and their survey "General" has no rule.
        var all = IdentityStitching.Stitch(tables, _sources.Definition.Identity);
        var placedAll = Placement.Place(tables, all, _sources.Definition);
        Assert.Equal([("survey: General", 2L)], placedAll.Report.Unmatched);
    }

    [Fact]
    public void Each_step_checks_its_parameters()
    {
        var tables = CanonicalTables.From(_sources);
        var bad = Assert.Throws<ArgumentException>(() => IdentityStitching.Stitch(tables, new IdentityDefinition { AnalyticsUserId = "phone" }));
        Assert.Contains("'phone'", bad.Message, StringComparison.Ordinal);

        // Identities stitched from other tables (here: a definition with no sources) do not fit.
        var empty = CanonicalTables.From(new SourceSet(_sources.Definition, []));
        var other = IdentityStitching.Stitch(empty, _sources.Definition.Identity);
        Assert.Equal(0, other.Customers);
        Assert.Throws<ArgumentException>(() => Placement.Place(tables, other, _sources.Definition));
        Assert.Throws<ArgumentNullException>(() => Placement.Place(tables, null!, _sources.Definition));
    }

    [Fact]
    public void The_canonical_touchpoints_have_a_dataframe_view_with_canonical_names()
    {
        var frame = CanonicalTables.From(_sources).Touchpoints[0].ToDataFrame();
        Assert.Equal(["anonymous_id", "user_id", "timestamp", "event", "page", "source", "medium", "device", "region"], frame.Columns.Select(c => c.Name));
        Assert.Equal(33, frame.Rows.Count);
        Assert.Equal("a1-phone", frame.Columns["anonymous_id"][2]);
        Assert.Equal(new DateTime(2026, 3, 3, 22, 0, 0, DateTimeKind.Utc), frame.Columns["timestamp"][10]); // a3's pricing, written before its visit
    }

    [Fact]
    public void A_customer_key_is_worked_out_when_asked_for_and_is_the_hmac_of_its_first_identifier()
    {
        var ids = IdentityStitching.Stitch(CanonicalTables.From(_sources), _sources.Definition.Identity, MarchEnd);

        // Customer 0's first identifier is the anonymous id a1 (its first row), so its key is "K" + the first 8 bytes of
        // HMAC-SHA256("a:a1") under the test secret, in lower-case hex; customer 9's is a10's.
        var secret = Convert.FromHexString(JourneyInsights.TestSupport.TestSecret.Value);
        static string Expected(byte[] secret, string name) =>
            "K" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(secret, System.Text.Encoding.UTF8.GetBytes(name))[..8]);
        Assert.Equal(Expected(secret, "a:a1"), ids.Keys.Of(0));
        Assert.Equal(Expected(secret, "a:a10"), ids.Keys.Of(9));
        // All of them at once (a DataFrame reads them so) are the same keys, customer by customer.
        Assert.Equal(Enumerable.Range(0, ids.Customers).Select(ids.Keys.Of), ids.Key);
        Assert.Equal(ids.Key[9], ids.Keys.Of(9));
        Assert.Throws<ArgumentOutOfRangeException>(() => ids.Keys.Of(ids.Customers));
    }

    [Fact]
    public void A_journey_built_releasing_the_rows_is_the_same_journey_and_the_rows_are_gone()
    {
        var kept = Journey.FromSources(_sources, MarchEnd).Data;
        var sources = SourceSet.Load(_sources.Definition);
        var released = Journey.FromSources(sources, MarchEnd, releaseRows: true);

        // 31 touchpoints of 10 customers as of March (see the placement test above), the same rows, keys and attributes.
        var data = released.Data;
        Assert.Equal((31, 10), (data.Touchpoints.Count, data.Customers.Count));
        Assert.Equal(kept.Touchpoints.Customer, data.Touchpoints.Customer);
        Assert.Equal(kept.Touchpoints.Time, data.Touchpoints.Time);
        Assert.Equal(kept.Touchpoints.Touchpoint, data.Touchpoints.Touchpoint);
        Assert.Equal(kept.Customers.Key, data.Customers.Key);
        Assert.Equal(kept.Customers.Channel, data.Customers.Channel);
        Assert.Equal(kept.Customers.Region, data.Customers.Region);
        Assert.Equal(kept.Responses.Survey, data.Responses.Survey);
        Assert.Equal(kept.Responses.Comment, data.Responses.Comment);
        // The loaded rows are gone: stitching again, at another cutoff, says so; the load reports stay.
        Assert.Throws<InvalidOperationException>(() => sources.Tables[0].Columns);
        Assert.Throws<InvalidOperationException>(() => released.Report("2026-03", "all"));
        Assert.Equal(33, sources.Reports[0].RowsAccepted);
    }

    public void Dispose() => _folder.Dispose();
}
