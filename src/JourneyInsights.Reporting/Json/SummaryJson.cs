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
    public const string SchemaVersion = "1.0";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };

    public static void Write(JourneyReport report, string path) => File.WriteAllText(path, Serialize(report) + "\n");

    public static string Serialize(JourneyReport r) => JsonSerializer.Serialize(Document(r), Options).Replace("\r\n", "\n");

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
        headlines = r.Headlines.Select(h => new { name = h.Name, unit = h.Unit, value = R(h.Value), previous = R(h.Previous), change = R(h.Change) }),
        funnel = Funnel(r.Funnel),
        segments = r.Breakdowns.SelectMany(b => b.Segments.Select(s => new { dimension = b.Dimension, segment = s.Segment, funnel = Funnel(s) })),
        conversionTrend = new
        {
            months = r.Trend.Months.Select(Funnel),
            changes = r.Trend.Changes.Select(c => new
            {
                month = c.Month, previousMonth = c.PreviousMonth, transition = c.Transition, rate = R(c.Rate), previousRate = R(c.PreviousRate),
                change = R(c.Change), z = R(c.Z), pValue = R(c.PValue), significant = c.Significant, comparable = c.Comparable,
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
        },
        painPoints = r.PainPoints.Select(p => new
        {
            rank = p.Rank, kind = p.Kind, name = p.Name, stage = p.Stage, customersLost = p.CustomersLost,
            emotion = R(p.Emotion), emotionResponses = p.EmotionResponses, negativity = R(p.Negativity), impact = R(p.Impact),
            rate = R(p.Rate), baselineRate = R(p.BaselineRate), baselineEmotion = R(p.BaselineEmotion), baselineNegativity = R(p.BaselineNegativity),
            verbatims = p.Verbatims.Select(v => v.Comment),
        }),
        opportunities = r.Opportunities.Select(o => new
        {
            transition = o.Transition, rate = R(o.Rate), bestDimension = o.BestDimension, bestSegment = o.BestSegment, bestRate = R(o.BestRate),
            bestSegmentSize = o.BestSegmentSize, extraAtStage = R(o.ExtraAtStage), extraFinal = R(o.ExtraFinal),
        }),
        dataQuality = new
        {
            sources = r.DataQuality.Select(q => new
            {
                source = q.Source, kind = q.Kind.ToString(), columnMap = q.ColumnMap, file = q.File,
                rowsRead = q.RowsRead, rowsAccepted = q.RowsAccepted, rowsRejected = q.RowsRejected,
                firstTimestamp = q.FirstTimestamp?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                lastTimestamp = q.LastTimestamp?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                reasons = q.Reasons.Select(x => new { column = x.Column, rule = x.Rule, reason = x.Reason, rows = x.Rows, firstLine = x.FirstLine }),
                warnings = q.Warnings.Select(w => new { rule = w.Rule, column = w.Column, message = w.Message }),
            }),
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
        stages = f.Stages.Select(s => new
        {
            stage = s.Stage, customers = s.Customers, previousCustomers = s.PreviousCustomers,
            conversionFromPrevious = R(s.ConversionFromPrevious), conversionFromFirst = R(s.ConversionFromFirst),
            intervalLow = R(s.ConversionInterval?.Low), intervalHigh = R(s.ConversionInterval?.High),
            dropOff = s.DropOff, dropOffRate = R(s.DropOffRate),
            medianDaysFromPrevious = R(s.MedianTimeFromPrevious?.TotalDays), p90DaysFromPrevious = R(s.P90TimeFromPrevious?.TotalDays),
            lowSample = s.LowSample,
        }),
    };

    private static object Emotion(EmotionSummary e) => new
    {
        group = e.Group, month = e.Month, responses = e.Responses, meanScore = R(e.MeanScore),
        intervalLow = R(e.MeanInterval?.Low), intervalHigh = R(e.MeanInterval?.High), negativeShare = R(e.NegativeShare),
        npsResponses = e.NpsResponses, nps = R(e.Nps), csatResponses = e.CsatResponses, csatTop2Box = R(e.CsatTop2Box),
        cesResponses = e.CesResponses, meanCes = R(e.MeanCes), lowSample = e.LowSample,
    };

    private static double? R(double? x) => x is { } v && double.IsFinite(v) ? Math.Round(v, 6) : null;
}
