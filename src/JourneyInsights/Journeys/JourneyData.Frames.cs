using Microsoft.Data.Analysis;

namespace JourneyInsights.Journeys;

public sealed partial class JourneyData
{
    /// <summary>The touchpoints table: customer key, timestamp (UTC), source, touchpoint, stage, entry.</summary>
    public DataFrame TouchpointsFrame()
    {
        var tp = Touchpoints;
        var keys = Customers.Key;
        return new DataFrame(
            new StringDataFrameColumn("customer_key", tp.Customer.Select(c => keys[c])),
            new PrimitiveDataFrameColumn<DateTime>("timestamp", tp.Time.Select(t => new DateTime(t, DateTimeKind.Utc))),
            new StringDataFrameColumn("source", tp.Source.Select(s => Definition.Sources[s].Name)),
            new StringDataFrameColumn("touchpoint", tp.Touchpoint.Select(t => TouchpointNames[t])),
            new StringDataFrameColumn("stage", tp.Stage.Select(s => s >= 0 ? Stages[s] : null)),
            new BooleanDataFrameColumn("entry", tp.Entry));
    }

    /// <summary>The customers table: key, persona, first-touch channel, device, region, whether known to the CRM, first seen (UTC).</summary>
    public DataFrame CustomersFrame()
    {
        var c = Customers;
        return new DataFrame(
            new StringDataFrameColumn("customer_key", c.Key),
            new StringDataFrameColumn("persona", c.Persona),
            new StringDataFrameColumn("channel", c.Channel),
            new StringDataFrameColumn("device", c.Device),
            new StringDataFrameColumn("region", c.Region),
            new BooleanDataFrameColumn("known", c.Known),
            new PrimitiveDataFrameColumn<DateTime>("first_seen", c.FirstSeen.Select(t => t > 0 ? new DateTime(t, DateTimeKind.Utc) : (DateTime?)null)));
    }

    /// <summary>The responses table: customer key (null when unmatched), timestamp, survey, stage, measures, emotion score, comment.</summary>
    public DataFrame ResponsesFrame()
    {
        var r = Responses;
        var keys = Customers.Key;
        static double? N(double x) => double.IsNaN(x) ? null : x;
        return new DataFrame(
            new StringDataFrameColumn("customer_key", r.Customer.Select(c => c >= 0 ? keys[c] : null)),
            new PrimitiveDataFrameColumn<DateTime>("timestamp", r.Time.Select(t => new DateTime(t, DateTimeKind.Utc))),
            new StringDataFrameColumn("survey", r.Survey),
            new StringDataFrameColumn("stage", r.Stage.Select(s => s >= 0 ? Stages[s] : null)),
            new PrimitiveDataFrameColumn<double>("nps", r.Nps.Select(N)),
            new PrimitiveDataFrameColumn<double>("csat", r.Csat.Select(N)),
            new PrimitiveDataFrameColumn<double>("ces", r.Ces.Select(N)),
            new StringDataFrameColumn("emotion_label", r.EmotionLabel),
            new PrimitiveDataFrameColumn<double>("emotion_score", r.Score.Select(N)),
            new StringDataFrameColumn("comment", r.Comment));
    }
}

public static class TimelineFrames
{
    /// <summary>
    /// One row per customer: key, persona, first-touch channel, cohort month, and per stage the first time an entry
    /// touchpoint of it was reached (<c>first_&lt;stage&gt;</c>) and the moment the customer counts there in the funnel
    /// (<c>funnel_&lt;stage&gt;</c>, empty when not counted), both UTC.
    /// </summary>
    public static Microsoft.Data.Analysis.DataFrame ToDataFrame(this Timelines timelines, JourneyData data)
    {
        var stages = data.Stages.Length;
        var first = Placement.FirstEntryTimes(data.Touchpoints, data.Customers.Count, stages);
        static DateTime? At(long t) => t > 0 ? new DateTime(t, DateTimeKind.Utc) : null;
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("customer_key", data.Customers.Key),
            new StringDataFrameColumn("persona", data.Customers.Persona),
            new StringDataFrameColumn("channel", data.Customers.Channel),
            new StringDataFrameColumn("cohort_month", timelines.CohortMonth.Select(m => m >= 0 ? Timelines.MonthText(m) : null)),
        };
        for (var s = 0; s < stages; s++)
        {
            var stage = s;
            columns.Add(new PrimitiveDataFrameColumn<DateTime>($"first_{data.Stages[s]}", Enumerable.Range(0, data.Customers.Count).Select(c => At(first[c * stages + stage]))));
            columns.Add(new PrimitiveDataFrameColumn<DateTime>($"funnel_{data.Stages[s]}", Enumerable.Range(0, data.Customers.Count).Select(c => At(timelines.Moment[c * stages + stage]))));
        }
        return new DataFrame(columns);
    }
}
