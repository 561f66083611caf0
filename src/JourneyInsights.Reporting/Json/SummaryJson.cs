using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using JourneyInsights.Metrics;

namespace JourneyInsights.Reporting.Json;

/// <summary>
/// Writes summary.json: the machine-readable results of a report run, documented in docs/summary-json.md.
/// Numbers are numbers (rates as fractions 0-1, rounded to 6 decimals), keys in a fixed order, no generation timestamp,
/// so the same inputs give byte-identical files. Contains no e-mail addresses (verbatims are masked upstream).
/// </summary>
public static class SummaryJson
{
    /// <summary>Bumped on any change of the document's shape; see docs/summary-json.md.</summary>
    public const string SchemaVersion = "1.3";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };

    public static void Write(JourneyReport report, string path) => File.WriteAllText(path, Serialize(report) + "\n");

    public static string Serialize(JourneyReport r)
    {
        if (r.FunnelRules is null && r.SessionFunnel is null) return JsonSerializer.Serialize(Document(r), Options).Replace("\r\n", "\n");
        // Options of journey.json's funnel: keys that exist only when they are set, so a default report's bytes do not change.
        var document = JsonSerializer.SerializeToNode(Document(r), Options)!.AsObject();
        if (r.SessionFunnel is { } sessions)
        {
            var node = JsonSerializer.SerializeToNode(Funnel(sessions), Options)!.AsObject();
            node.Add("basis", sessions.Basis.Text);
            document.Insert(document.IndexOf("funnel") + 1, "sessionFunnel", node);
        }
        if (r.FunnelRules is { } rules)
            // Non-default funnel rules: said once before the funnel (the bases of the funnel figures end with their text).
            document.Insert(document.IndexOf("funnel"), "funnelRules", JsonSerializer.SerializeToNode(new
            {
                mode = rules.Mode switch { Journeys.FunnelMode.Strict => "strict", Journeys.FunnelMode.AnyOrder => "any-order", _ => "ordered" },
                exclusions = rules.Exclusions.Select(e => new { touchpoint = e.Touchpoint, from = r.Stages[e.FromStage], to = r.Stages[e.ToStage] }),
                text = rules.Text,
            }, Options));
        return document.ToJsonString(Options).Replace("\r\n", "\n");
    }

    private static object Document(JourneyReport r) => new
    {
        schemaVersion = SchemaVersion,
        title = r.Title,
        month = r.Month,
        previousMonth = r.PreviousMonth,
        reportTimeZone = r.ReportTimeZone,
        dataStart = r.DataStart.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        dataEnd = r.DataEnd.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        stages = r.Stages,
        alpha = R(r.Alpha),
        testCount = r.TestCount,
        alerts = r.Alerts.Select(f => new
        {
            rank = f.Rank, kind = f.Kind, transition = f.Transition?.Text, stage = f.Stage, touchpoint = f.Touchpoint, unit = f.Unit,
            value = R(f.Value), baseline = R(f.Baseline), change = R(f.Change), pValue = P(f.PValue), adjustedPValue = P(f.AdjustedPValue),
            basis = f.Basis, text = f.Text,
        }),
        findings = r.Findings.Select(f => new
        {
            rank = f.Rank, kind = f.Kind, transition = f.Transition?.Text, stage = f.Stage, touchpoint = f.Touchpoint, dimension = f.Dimension, segment = f.Segment,
            unit = f.Unit, value = R(f.Value), baseline = R(f.Baseline), change = R(f.Change), sample = f.Sample, baselineSample = f.BaselineSample,
            lowSample = f.LowSample, customersAffected = R(f.CustomersAffected), test = f.Test, pValue = P(f.PValue), adjustedPValue = P(f.AdjustedPValue),
            significant = f.Significant, basis = f.Basis, verbatim = f.Verbatim, text = f.Text,
        }),
        headlines = r.Headlines.Select(h => new
        {
            name = h.Name, unit = h.Unit, value = R(h.Value), previous = R(h.Previous), change = R(h.Change), marginOfError = R(h.MarginOfError),
            lowSample = h.LowSample, test = h.Test, pValue = P(h.PValue), adjustedPValue = P(h.AdjustedPValue), significant = h.Significant, basis = h.Basis,
        }),
        funnel = Funnel(r.Funnel),
        segmentCaps = (r.SegmentCaps.Count > 0 ? r.SegmentCaps : r.Breakdowns.Select(b => b.SegmentCap))
            .Select(c => new { table = c.Table, dimension = c.Dimension, values = c.Values, cap = c.Cap, capped = c.Capped, otherValues = c.OtherValues }),
        segments = r.Breakdowns.SelectMany(b => b.Segments.Select(s => new
        {
            dimension = b.Dimension, segment = s.Segment,
            knownFromStage = b.KnownFromStage > 0 ? r.Stages[b.KnownFromStage] : null,
            funnel = Funnel(s),
        })),
        conversionTrend = new
        {
            months = r.Trend.Months.Select(Funnel),
            changes = r.Trend.Changes.Select(c => new
            {
                month = c.Month, previousMonth = c.PreviousMonth, transition = c.Transition.Text, rate = R(c.Rate), previousRate = R(c.PreviousRate),
                change = R(c.Change), z = R(c.Z), pValue = P(c.PValue), adjustedPValue = P(c.AdjustedPValue), significant = c.Significant, comparable = c.Comparable,
                basis = c.Basis.Text,
            }),
        },
        emotion = new
        {
            byStage = r.EmotionByStage.Select(Emotion),
            byTouchpoint = r.EmotionByTouchpoint.Select(Emotion),
            byPersona = r.EmotionByPersona.Select(Emotion),
            byStageAndMonth = r.EmotionTrend.Points.Select(Emotion),
            byMonth = r.EmotionByMonth.Select(Emotion),
            curves = r.Curves.Select(c => new { group = c.Group, stages = c.Stages.Select(Emotion) }),
            curvesBasis = r.CurveFrom == r.CurveTo ? $"responses of {r.CurveTo}" : $"responses {r.CurveFrom} to {r.CurveTo} pooled",
        },
        emotionDrivers = new
        {
            relationshipSurvey = r.EmotionDrivers.RelationshipSurvey, relationshipCustomers = r.EmotionDrivers.RelationshipCustomers,
            basis = r.EmotionDrivers.Basis, noDrivers = r.EmotionDrivers.NoDrivers,
            drivers = r.EmotionDrivers.Drivers.Select(d => new
            {
                kind = d.Kind, name = d.Name, customers = d.Customers, meanScore = R(d.MeanScore), meanNps = R(d.MeanNps),
                correlation = R(d.Correlation), correlationLow = R(d.CorrelationInterval.Low), correlationHigh = R(d.CorrelationInterval.High),
                rSquared = R(d.RSquared), slope = R(d.Slope), intercept = R(d.Intercept), pValue = P(d.PValue), adjustedPValue = P(d.AdjustedPValue),
                significant = d.Significant,
            }),
        },
        dropOffDrivers = r.DropOffDrivers.Select(d => new
        {
            transition = d.Transition.Text, population = d.Population, kind = d.Kind, value = d.Value, with = d.With, withConverted = d.WithConverted, without = d.Without,
            withoutConverted = d.WithoutConverted, conversionWith = R(d.ConversionWith), conversionWithout = R(d.ConversionWithout),
            oddsRatio = R(d.OddsRatio), oddsRatioLow = R(d.OddsRatioInterval.Low), oddsRatioHigh = R(d.OddsRatioInterval.High),
            customersAffected = R(d.CustomersAffected), test = d.Test, pValue = P(d.PValue), adjustedPValue = P(d.AdjustedPValue),
            significant = d.Significant, basis = d.Basis,
        }),
        paths = new
        {
            focus = r.PathFocus?.Transition?.Text,
            steps = PathQuery.DefaultSteps,
            top = PathQuery.DefaultTop,
            transitions = r.Paths.Select(Path),
        },
        painPoints = r.PainPoints.Select(p => new
        {
            rank = p.Rank, kind = p.Kind, name = p.Name, stage = p.Stage, customers = p.Customers, customersLost = p.CustomersLost, inProgress = p.InProgress,
            emotion = R(p.Emotion), emotionResponses = p.EmotionResponses, negativity = R(p.Negativity), negativityResponses = p.NegativityResponses,
            negativityEstimated = p.NegativityEstimated, impact = R(p.CustomersLost * p.Negativity),
            rate = R(p.Rate), baselineRate = R(p.BaselineRate), baselineCustomers = p.BaselineCustomers, excessLost = R(p.ExcessLost),
            test = p.Test, pValue = P(p.PValue), adjustedPValue = P(p.AdjustedPValue), significant = p.Significant, lowSample = p.LowSample, basis = p.Basis,
            baselineEmotion = R(p.BaselineEmotion), baselineNegativity = R(p.BaselineNegativity),
            verbatims = p.Verbatims.Select(v => v.Comment),
        }),
        opportunities = r.Opportunities.Select(o => new
        {
            transition = o.Transition.Text, rate = R(o.Rate), bestDimension = o.BestDimension, bestSegment = o.BestSegment, bestRate = R(o.BestRate),
            bestSegmentSize = o.BestSegmentSize, extraAtStage = R(o.ExtraAtStage), extraFinal = R(o.ExtraFinal),
        }),
        dataQuality = new
        {
            sources = r.DataQuality.Select(DataQualityJson.Source),
            identity = r.Identity,
            placement = new { placed = r.Placement.Placed, unstaged = r.Placement.Unstaged, unmatched = r.Placement.Unmatched.Select(u => new { what = u.What, rows = u.Rows }) },
        },
    };

    private static object Funnel(FunnelResult f) => new
    {
        cohort = f.Cohort,
        maturing = f.Maturing,
        entered = f.Entered,
        finalConversion = R(f.FinalConversion),
        // A segment value not known before a stage (persona from the CRM): its conversions there mean nothing (only the
        // customers who went on can carry the value), so they are null and the stage says why.
        stages = f.Stages.Select(s => new
        {
            stage = s.Stage, customers = s.Customers, previousCustomers = s.PreviousCustomers,
            segmentNotKnownYet = s.SegmentNotKnownYet,
            conversionFromPrevious = s.SegmentNotKnownYet ? null : R(s.ConversionFromPrevious),
            conversionFromFirst = s.SegmentNotKnownYet ? null : R(s.ConversionFromFirst),
            intervalLow = s.SegmentNotKnownYet ? null : R(s.ConversionInterval?.Low), intervalHigh = s.SegmentNotKnownYet ? null : R(s.ConversionInterval?.High),
            dropOff = s.DropOff, dropOffRate = s.SegmentNotKnownYet ? null : R(s.DropOffRate),
            medianDaysFromPrevious = R(s.MedianTimeFromPrevious?.TotalDays), p90DaysFromPrevious = R(s.P90TimeFromPrevious?.TotalDays),
            lowSample = s.LowSample,
        }),
    };

    private static object Emotion(EmotionSummary e) => new
    {
        group = e.Group, month = e.Month, responses = e.Responses, meanScore = R(e.MeanScore),
        intervalLow = R(e.MeanInterval?.Low), intervalHigh = R(e.MeanInterval?.High), negativeShare = R(e.NegativeShare),
        npsResponses = e.NpsResponses, nps = R(e.Nps), promoters = e.Promoters, detractors = e.Detractors,
        npsAdjusted = R(e.NpsEstimate?.Adjusted), npsIntervalLow = R(e.NpsEstimate?.Interval.Low), npsIntervalHigh = R(e.NpsEstimate?.Interval.High),
        npsMarginOfError = R(e.NpsEstimate?.MarginOfError), npsLowSample = e.NpsLowSample,
        csatResponses = e.CsatResponses, csatTop2Box = R(e.CsatTop2Box), csatIntervalLow = R(e.CsatInterval?.Low), csatIntervalHigh = R(e.CsatInterval?.High),
        csatLowSample = e.CsatLowSample,
        cesResponses = e.CesResponses, meanCes = R(e.MeanCes), lowSample = e.LowSample,
    };

    /// <summary>A p-value: 6 significant digits, so that p-values far below 1e-6 stay distinguishable from 0.</summary>
    private static double? P(double? x) => x is { } v && double.IsFinite(v)
        ? v == 0 ? 0 : double.Parse(v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) : null;

    private static object Path(PathResult p) => new
    {
        transition = p.Transition?.Text, anchor = p.Anchor, direction = p.Direction == PathDirection.Next ? "next" : "previous",
        customers = p.Customers, basis = p.Basis,
        steps = p.Steps.Select((nodes, s) => new
        {
            step = s,
            nodes = nodes.Select(n => new
            {
                index = n.Index, kind = n.Kind.ToString().ToLowerInvariant(), name = n.Name, customers = n.Customers, share = R(n.Share), touchpoints = n.Touchpoints,
            }),
        }),
        links = p.Links.Select(l => new { step = l.Step, from = l.From, to = l.To, customers = l.Customers }),
    };

    private static double? R(double? x) => x is { } v && double.IsFinite(v) ? Math.Round(v, 6) : null;
}
