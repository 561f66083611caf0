using System.Globalization;
using System.Text;
using JourneyInsights.Metrics;

namespace JourneyInsights.Bench;

/// <summary>Whether the library's funnel and emotion figures equal DuckDB's.</summary>
public static class Agreement
{
    public static bool Compare(FunnelResult funnel, IReadOnlyList<EmotionSummary> emotion, DuckDbFigures duck, out string report)
    {
        var sb = new StringBuilder();
        var ours = funnel.Stages.Select(s => s.Customers).ToArray();
        var ok = ours.SequenceEqual(duck.Funnel);
        sb.AppendLine(CultureInfo.InvariantCulture, $"funnel {funnel.Cohort}: ours [{string.Join(", ", ours)}] duckdb [{string.Join(", ", duck.Funnel)}] {(ok ? "agree" : "DIFFER")}");
        foreach (var (stage, responses, mean, nps) in duck.Emotion)
        {
            var e = emotion[stage];
            var same = e.Responses == responses && Close(e.MeanScore, mean) && Close(e.Nps, nps);
            ok &= same;
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"emotion {e.Group}: ours n={e.Responses} mean={e.MeanScore:0.000000} nps={e.Nps:0.000} | duckdb n={responses} mean={mean:0.000000} nps={nps:0.000} {(same ? "agree" : "DIFFER")}");
        }
        var stagesWithResponses = emotion.Count(e => e.Responses > 0);
        if (stagesWithResponses != duck.Emotion.Count(x => x.Responses > 0))
        {
            ok = false;
            sb.AppendLine("emotion: different stages have responses");
        }
        report = sb.ToString();
        return ok;
    }

    private static bool Close(double? a, double? b) => a is null ? b is null : b is not null && Math.Abs(a.Value - b.Value) < 1e-9;
}
