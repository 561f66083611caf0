using JourneyInsights.Definition;

namespace JourneyInsights.Journeys;

/// <summary>
/// Normalises survey measures to an emotion score in [-1, +1]: NPS (x-5)/5, CSAT (x-3)/2, CES (x-4)/3 (CES asked as
/// 1 = very difficult .. 7 = very easy), labels by the journey definition. A response with several measures gets the
/// weighted mean of those present; one with none has no score (NaN).
/// </summary>
public sealed class EmotionScoring(EmotionDefinition definition)
{
    private readonly Dictionary<string, double> _labels = new(definition.Labels, StringComparer.OrdinalIgnoreCase);

    public static double NpsScore(double nps) => (nps - 5) / 5;
    public static double CsatScore(double csat) => (csat - 3) / 2;
    public static double CesScore(double ces) => (ces - 4) / 3;

    /// <summary>The label's score, or NaN for an unknown or empty label.</summary>
    public double LabelScore(string? label) => label is not null && _labels.TryGetValue(label.Trim(), out var s) ? s : double.NaN;

    /// <summary>The combined score of one response; NaN arguments mean "not answered".</summary>
    public double Score(double nps, double csat, double ces, string? label)
    {
        var w = definition.Weights;
        double sum = 0, weight = 0;
        Add(nps, NpsScore, w.Nps);
        Add(csat, CsatScore, w.Csat);
        Add(ces, CesScore, w.Ces);
        var l = LabelScore(label);
        if (!double.IsNaN(l) && w.Label > 0) { sum += w.Label * l; weight += w.Label; }
        return weight > 0 ? sum / weight : double.NaN;

        void Add(double raw, Func<double, double> normalise, double wt)
        {
            if (double.IsNaN(raw) || wt <= 0) return;
            sum += wt * normalise(raw);
            weight += wt;
        }
    }
}
