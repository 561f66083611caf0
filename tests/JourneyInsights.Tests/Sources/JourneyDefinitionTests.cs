using JourneyInsights.Definition;
using JourneyInsights.Sources;

namespace JourneyInsights.Tests.Sources;

public class JourneyDefinitionTests
{
    private const string Valid = """
        {
          "name": "x",
          "sources": [ { "name": "web", "kind": "analytics", "path": "e.csv", "columnMap": "ga4" } ],
          "stages": [ { "name": "Awareness" }, { "name": "Purchase" } ],
          "touchpoints": [ { "name": "Visit", "stage": "Awareness", "when": { "events": ["page_view"] } } ]
        }
        """;

    private static JourneyDefinitionException Fails(string json) =>
        Assert.Throws<JourneyDefinitionException>(() => JourneyDefinitionReader.Parse(json, Path.GetTempPath(), "journey.json"));

    [Fact]
    public void A_valid_definition_resolves_presets_and_paths()
    {
        var d = JourneyDefinitionReader.Parse(Valid, "/data", "journey.json");
        Assert.Equal("/data/e.csv", d.Sources[0].FullPath);
        Assert.Equal("ga4", d.Sources[0].Map.Name);
        Assert.Equal(30, d.Funnel.ConversionWindowDays);
        Assert.Equal(-0.75, d.Emotion.Labels["frustrated"]);
    }

    [Fact]
    public void An_unknown_field_names_its_json_path_and_line()
    {
        var ex = Fails(Valid.Replace("\"path\": \"e.csv\"", "\"path\": \"e.csv\", \"delimitr\": \";\""));
        Assert.Equal("$.sources[0].delimitr", ex.JsonPath);
        Assert.Equal(3, ex.Line);
        Assert.StartsWith("journey.json:3: $.sources[0].delimitr:", ex.Message);
    }

    [Fact]
    public void A_relationship_survey_that_is_not_a_survey_touchpoint_names_its_json_path_and_the_survey_touchpoints()
    {
        var ex = Fails(Valid.Replace("\"name\": \"x\",", "\"name\": \"x\", \"emotion\": { \"relationshipSurvey\": \"Visit\" },"));
        Assert.Equal("$.emotion.relationshipSurvey", ex.JsonPath);
        Assert.Contains("expected the name of a survey touchpoint (a touchpoint rule with \"surveys\"), found 'Visit'", ex.Message);
    }

    [Fact]
    public void A_wrong_type_names_its_json_path()
    {
        var ex = Fails(Valid.Replace("\"name\": \"x\",", "\"name\": \"x\", \"funnel\": { \"conversionWindowDays\": \"thirty\" },"));
        Assert.Equal("$.funnel.conversionWindowDays", ex.JsonPath);
    }

    [Fact]
    public void A_rule_naming_an_unknown_stage_is_an_error()
    {
        var ex = Fails(Valid.Replace("\"stage\": \"Awareness\"", "\"stage\": \"Awarenes\""));
        Assert.Equal("$.touchpoints[0].stage", ex.JsonPath);
        Assert.Contains("unknown stage 'Awarenes'", ex.Message);
    }

    [Theory]
    [InlineData("\"columnMap\": \"ga4\"", "\"columnMap\": \"ga5\"", "$.sources[0].columnMap", "neither a preset")]
    [InlineData("\"columnMap\": \"ga4\"", "\"columnMap\": \"ga4\", \"timeZone\": \"Mars/Olympus\"", "$.sources[0].timeZone", "unknown time zone")]
    [InlineData("\"columnMap\": \"ga4\"", "\"columnMap\": \"hubspot\"", "$.sources[0].kind", "is for 'Crm' exports")]
    [InlineData("\"columnMap\": \"ga4\"", "\"columnMap\": \"ga4\", \"delimiter\": \"#\"", "$.sources[0].delimiter", "expected one of")]
    [InlineData("\"kind\": \"analytics\"", "\"kind\": 0", "$.sources[0].kind", "")]
    public void Source_errors_name_the_offending_element(string find, string replace, string path, string message)
    {
        var ex = Fails(Valid.Replace(find, replace));
        Assert.Equal(path, ex.JsonPath);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Every_preset_is_a_valid_column_map()
    {
        Assert.Superset(new HashSet<string> { "ga4", "hubspot", "salesforce-opportunity-history", "qualtrics", "surveymonkey", "generic-events", "generic-contacts", "generic-survey" },
            new HashSet<string>(ColumnMapPresets.Names));
        foreach (var name in ColumnMapPresets.Names)
            Assert.Equal(name, ColumnMapPresets.Get(name).Name);
    }

    [Fact]
    public void A_column_map_file_beside_the_definition_is_a_new_vendor_without_code()
    {
        using var folder = new TestFolder();
        folder.Write("matomo.json", """
            { "name": "matomo", "kind": "Analytics", "columns": [
              { "field": "timestamp", "column": "serverTimePretty", "type": "DateTime", "required": true, "formats": ["yyyy-MM-dd HH:mm:ss"] },
              { "field": "event", "column": "actionType", "required": true },
              { "field": "anonymous_id", "column": "visitorId", "required": true },
              { "field": "page", "column": "url", "type": "UrlPath" } ] }
            """);
        folder.Write("m.csv", "visitorId,serverTimePretty,actionType,url\nv1,2026-05-01 12:00:00,action,https://x.example/pricing?a=1\n");
        var json = Valid.Replace("\"path\": \"e.csv\", \"columnMap\": \"ga4\"", "\"path\": \"m.csv\", \"columnMap\": \"matomo.json\", \"timeZone\": \"Europe/Amsterdam\"");
        var source = JourneyDefinitionReader.Parse(json, folder.Path).Sources[0];
        var table = CsvSource.Load(source);
        Assert.Equal(1, table.Report.RowsAccepted);
        // 12:00 CEST (UTC+2) = 10:00Z
        Assert.Equal(new DateTime(2026, 5, 1, 10, 0, 0, DateTimeKind.Utc), table.Report.FirstTimestamp);
    }
}
