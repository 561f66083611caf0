using JourneyInsights.Definition;
using JourneyInsights.Sources;

namespace JourneyInsights.Tests.Sources;

/// <summary>Builds a one-source journey definition around a fixture file, the way a user writes journey.json.</summary>
internal static class SourceFixtures
{
    public static SourceDefinition Source(TestFolder folder, string kind, string file, string map, string timeZone = "UTC", string? delimiter = null, string encoding = "utf-8")
    {
        var delim = delimiter is null ? "" : $", \"delimiter\": \"{delimiter.Replace("\t", "\\t")}\"";
        var json = $$"""
        {
          "name": "fixture",
          "sources": [ { "name": "src", "kind": "{{kind}}", "path": "{{file}}", "columnMap": "{{map}}", "timeZone": "{{timeZone}}", "encoding": "{{encoding}}"{{delim}} } ],
          "stages": [ { "name": "Awareness" } ],
          "touchpoints": []
        }
        """;
        return JourneyDefinitionReader.Parse(json, folder.Path).Sources[0];
    }

    public static SourceTable Load(TestFolder folder, string kind, string file, string map, string timeZone = "UTC", string? delimiter = null, bool strict = false, string encoding = "utf-8") =>
        CsvSource.Load(Source(folder, kind, file, map, timeZone, delimiter, encoding), new LoadOptions(strict));

    public static DateTime Utc(int y, int mo, int d, int h, int mi, int s = 0) => new(y, mo, d, h, mi, s, DateTimeKind.Utc);
}
