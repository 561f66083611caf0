using JourneyInsights.Definition;
using JourneyInsights.Sources;

namespace JourneyInsights.Journeys;

/// <summary>
/// Step 4 of building a journey: survey responses, scored and placed. Each response within the cutoff gets its emotion
/// score (<see cref="EmotionScoring"/>) and a stage: its survey's stage, else the furthest stage its customer had
/// entered when answering (first entry at or before the answer), else none (-1). Unmatched responses are kept
/// (customer -1) so emotion figures over all responses can count them.
/// </summary>
public static class ResponsePlacement
{
    /// <param name="tables">The canonical tables.</param>
    /// <param name="identities">The customer of every row (<see cref="IdentityStitching.Stitch"/> on the same tables).</param>
    /// <param name="placed">The placed touchpoints and survey rules (<see cref="Placement.Place"/> on the same tables).</param>
    /// <param name="definition">The stages and the emotion scoring.</param>
    public static ResponseColumns Place(CanonicalTables tables, StitchedIdentities identities, PlacedTouchpoints placed, JourneyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(placed);
        ArgumentNullException.ThrowIfNull(definition);
        Placement.CheckShape(tables, identities);
        if (placed.ResponseRule.Length != tables.Responses.Count) throw new ArgumentException("the touchpoints were placed from other tables", nameof(placed));

        var rCustomer = new List<int>(); var rTime = new List<long>(); var rSurvey = new List<string>(); var rRule = new List<int>();
        var rNps = new List<double>(); var rCsat = new List<double>(); var rCes = new List<double>(); var rLabel = new List<string?>(); var rComment = new List<string?>();
        for (var t = 0; t < tables.Responses.Count; t++)
        {
            var table = tables.Responses[t];
            var cust = identities.OfResponse[t];
            var rule = placed.ResponseRule[t];
            var (time, survey, nps, csat, ces, label, comment) = (table.Timestamp, table.Survey, table.Nps, table.Csat, table.Ces, table.EmotionLabel, table.Comment);
            for (var i = 0; i < cust.Length; i++)
            {
                if (cust[i] == IdentityStitching.AfterCutoff) continue;
                rCustomer.Add(cust[i]); rTime.Add(time[i]!.Value.Ticks); rSurvey.Add(Placement.SurveyName(survey?[i])); rRule.Add(rule[i]);
                rNps.Add(nps?[i] ?? double.NaN); rCsat.Add(csat?[i] ?? double.NaN); rCes.Add(ces?[i] ?? double.NaN);
                rLabel.Add(label?[i]); rComment.Add(comment?[i]);
            }
        }

        var stages = definition.Stages.Count;
        var firstEntry = Placement.FirstEntryTimes(placed.Touchpoints, identities.Customers, stages);
        var scoring = new EmotionScoring(definition.Emotion);
        var rStage = new sbyte[rCustomer.Count];
        var rScore = new double[rCustomer.Count];
        for (var i = 0; i < rStage.Length; i++)
        {
            rScore[i] = scoring.Score(rNps[i], rCsat[i], rCes[i], rLabel[i]);
            if (rRule[i] >= 0 && placed.StageOfRule[rRule[i]] >= 0) { rStage[i] = placed.StageOfRule[rRule[i]]; continue; }
            rStage[i] = -1;
            var c = rCustomer[i];
            if (c < 0) continue;
            for (var s = stages - 1; s >= 0; s--)
                if (firstEntry[c * stages + s] is var fe && fe > 0 && fe <= rTime[i]) { rStage[i] = (sbyte)s; break; }
        }

        return new ResponseColumns
        {
            Customer = rCustomer.ToArray(), Time = rTime.ToArray(), Survey = rSurvey.ToArray(), Stage = rStage, Touchpoint = rRule.ToArray(),
            Nps = rNps.ToArray(), Csat = rCsat.ToArray(), Ces = rCes.ToArray(), EmotionLabel = rLabel.ToArray(), Score = rScore, Comment = rComment.ToArray(),
        };
    }
}
