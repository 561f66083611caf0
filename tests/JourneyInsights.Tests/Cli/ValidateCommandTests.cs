using System.Text.Json;
using JourneyInsights.Cli;
using static JourneyInsights.Tests.Cli.InProcessCli;

namespace JourneyInsights.Tests.Cli;

/// <summary><c>journey validate</c>: exit codes for rejected shares and definition checks, and the JSON report.</summary>
public class ValidateCommandTests
{
    private static string Definition(TestFolder folder, string events, string sourceExtra = "", string touchpoints = "", string stages = "")
    {
        folder.Write("events.csv", events);
        return folder.Write("journey.json", $$"""
        {
          "name": "validate fixture",
          "sources": [ { "name": "web", "kind": "Analytics", "path": "events.csv", "columnMap": "generic-events"{{sourceExtra}} } ],
          "stages": [ { "name": "Awareness" }, { "name": "Consideration" }{{stages}} ],
          "touchpoints": [
            { "name": "Visit", "stage": "Awareness", "when": { "events": ["page_view"] } },
            { "name": "Sign-up", "stage": "Consideration", "when": { "events": ["sign_up"] } }{{touchpoints}}
          ]
        }
        """);
    }

    private const string Header = "timestamp,event,anonymous_id\n";
    private const string Good1 = "2026-03-01T10:00:00Z,page_view,a1\n";
    private const string Good2 = "2026-03-01T10:09:00Z,sign_up,a4\n";
    private const string Bad1 = "yesterday,page_view,a2\n";
    private const string Bad2 = "2026-03-01 25:00,page_view,a3\n";

    [Fact]
    public void A_source_with_every_row_rejected_fails_in_lenient_mode()
    {
        using var folder = new TestFolder();
        var (code, output, error) = Run("validate", "--config", Definition(folder, Header + Bad1 + Bad2));
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("error: source 'web': all 2 rows of 'events.csv' were rejected (100 %); most often type on 'timestamp'", output);
        Assert.Contains("error: 1 check(s) failed", error);
    }

    [Fact]
    public void More_than_half_of_the_rows_rejected_fails_unless_the_share_is_raised()
    {
        using var folder = new TestFolder();
        // 2 of 3 rejected: 66.7 % > 50 %.
        var config = Definition(folder, Header + Good1 + Bad1 + Bad2);
        var (code, output, _) = Run("validate", "--config", config);
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("error: source 'web': 66.7 % of the rows of 'events.csv' were rejected (2 of 3), more than maxRejectedShare 50.0 %", output);
        Assert.Equal(ExitCodes.Success, Run("validate", "--config", config, "--max-rejected-share", "0.7").Code);
        Assert.Equal(ExitCodes.Success, Run("validate", "--config", Definition(folder, Header + Good1 + Bad1 + Bad2, ", \"maxRejectedShare\": 0.7")).Code);
        Assert.Equal(ExitCodes.Usage, Run("validate", "--config", config, "--max-rejected-share", "1.5").Code);
    }

    [Fact]
    public void Exactly_half_rejected_passes_with_a_warning()
    {
        using var folder = new TestFolder();
        // 2 of 4 rejected: 50 % is not more than 50 %.
        var (code, _, error) = Run("validate", "--config", Definition(folder, Header + Good1 + Bad1 + Good2 + Bad2));
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("warning: 2 row(s) rejected", error);
    }

    [Fact]
    public void A_stage_no_touchpoint_can_enter_fails_and_rules_naming_absent_events_warn()
    {
        using var folder = new TestFolder();
        // Purchase's only rule has "entry": false, so nothing can enter it.
        var config = Definition(folder, Header + Good1 + Good2, stages: ", { \"name\": \"Purchase\" }",
            touchpoints: ",\n    { \"name\": \"Checkout\", \"stage\": \"Purchase\", \"entry\": false, \"when\": { \"events\": [\"begin_checkout\"] } }");
        var (code, output, _) = Run("validate", "--config", config);
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("error: $.stages[2]: no touchpoint can enter stage 'Purchase'", output);
        Assert.Contains("warning: $.touchpoints[2].when.events: touchpoint 'Checkout' names event 'begin_checkout', which the analytics data never has (it has: 'page_view', 'sign_up')", output);
    }

    [Fact]
    public void A_stage_whose_entry_rules_match_nothing_in_the_data_warns()
    {
        using var folder = new TestFolder();
        // No sign_up in the data: Consideration's only entry rule can match nothing; nothing fails.
        var (code, output, _) = Run("validate", "--config", Definition(folder, Header + Good1));
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("warning: $.stages[1]: no record of the data can enter stage 'Consideration': its entry rules ('Sign-up') name only", output);
    }

    [Fact]
    public void Format_json_prints_the_data_quality_report_with_the_summary_json_names()
    {
        using var folder = new TestFolder();
        var (code, output, _) = Run("validate", "--config", Definition(folder, Header + Good1 + Bad1 + Good2 + Bad2), "--format", "json");
        Assert.Equal(ExitCodes.Success, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("ok").GetBoolean());
        var web = Assert.Single(root.GetProperty("sources").EnumerateArray().ToList());
        Assert.Equal(["source", "kind", "columnMap", "file", "rowsRead", "rowsAccepted", "rowsRejected", "rowsFiltered", "rowsCollapsed",
            "firstTimestamp", "lastTimestamp", "reasons", "files", "warnings", "joins"], web.EnumerateObject().Select(p => p.Name).ToArray());
        // 4 rows: lines 2 and 4 accepted, lines 3 ('yesterday') and 5 ('25:00') rejected for their timestamp.
        Assert.Equal((4, 2, 2), (web.GetProperty("rowsRead").GetInt32(), web.GetProperty("rowsAccepted").GetInt32(), web.GetProperty("rowsRejected").GetInt32()));
        Assert.Equal("2026-03-01T10:00:00Z", web.GetProperty("firstTimestamp").GetString());
        Assert.Equal("2026-03-01T10:09:00Z", web.GetProperty("lastTimestamp").GetString());
        var reason = Assert.Single(web.GetProperty("reasons").EnumerateArray().ToList());
        Assert.Equal(("timestamp", "type", 2, 3), (reason.GetProperty("column").GetString(), reason.GetProperty("rule").GetString(),
            reason.GetProperty("rows").GetInt32(), reason.GetProperty("firstLine").GetInt32()));
        // One file, with the source's own counts (4 read = 2 accepted + 2 rejected).
        var file = Assert.Single(web.GetProperty("files").EnumerateArray().ToList());
        Assert.Equal((4, 2, 2), (file.GetProperty("rowsRead").GetInt32(), file.GetProperty("rowsAccepted").GetInt32(), file.GetProperty("rowsRejected").GetInt32()));
        Assert.Equal(web.GetProperty("file").GetString(), file.GetProperty("file").GetString());
        Assert.Empty(root.GetProperty("issues").EnumerateArray());
    }

    [Fact]
    public void Format_json_lists_the_failed_checks_and_exits_1()
    {
        using var folder = new TestFolder();
        var (code, output, _) = Run("validate", "--config", Definition(folder, Header + Bad1), "--format", "json");
        Assert.Equal(ExitCodes.DataError, code);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        var issues = json.RootElement.GetProperty("issues").EnumerateArray().ToList();
        Assert.Contains(issues, i => i.GetProperty("severity").GetString() == "error" && i.GetProperty("rule").GetString() == "all-rejected"
            && i.GetProperty("source").GetString() == "web");
        Assert.Equal(ExitCodes.Usage, Run("validate", "--config", Definition(folder, Header + Good1), "--format", "xml").Code);
    }
    [Fact]
    public void Rows_left_out_by_a_declared_filter_do_not_count_as_rejected_for_the_share()
    {
        using var folder = new TestFolder();
        folder.Write("events.csv", "timestamp,event,anonymous_id,deleted\n" +
            "2026-03-01T10:00:00Z,page_view,a1,true\n2026-03-01T10:01:00Z,page_view,a2,true\n2026-03-01T10:02:00Z,page_view,a3,true\n" +
            "2026-03-01T10:03:00Z,page_view,a4,false\n");
        var config = folder.Write("journey.json", """
        {
          "name": "filter fixture",
          "sources": [ { "name": "web", "kind": "Analytics", "path": "events.csv", "columns": {
            "name": "events-with-deletions", "kind": "Analytics",
            "filter": [ { "column": "deleted", "notIn": ["true"] } ],
            "columns": [
              { "field": "timestamp", "column": "timestamp", "type": "DateTime", "required": true },
              { "field": "event", "column": "event", "required": true },
              { "field": "anonymous_id", "column": "anonymous_id", "required": true } ] } } ],
          "stages": [ { "name": "Awareness" } ],
          "touchpoints": [ { "name": "Visit", "stage": "Awareness", "when": { "events": ["page_view"] } } ]
        }
        """);
        // 4 read, 3 rejected, all 3 by the filter: (3 - 3) / (4 - 3) = 0 % of the rows that count.
        var (code, output, _) = Run("validate", "--config", config);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("of which 3 rejected rows were left out by the map's filter", output);
        // Strict mode does not stop at a filtered row either.
        Assert.Equal(ExitCodes.Success, Run("validate", "--config", config, "--strict").Code);

        // Two bad timestamps more: (5 - 3) / (6 - 3) = 66.7 % > 50 %.
        File.AppendAllText(folder.File("events.csv"), "yesterday,page_view,a5,false\nnever,page_view,a6,false\n");
        (code, output, _) = Run("validate", "--config", config);
        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("66.7 % of the rows of 'events.csv' were rejected (2 of 3, leaving out 3 filtered), more than maxRejectedShare 50.0 %", output);
    }
}
