using System.Globalization;
using JourneyInsights.Samples.Simulation;
using static JourneyInsights.Samples.Simulation.SampleVocabulary;

namespace JourneyInsights.Samples.Writers;

/// <summary>
/// Writes events as a GA4 BigQuery export flattened to CSV (<c>analytics-events.csv</c>): one row per event,
/// <c>event_timestamp</c> in integer microseconds, the full page URL, the session's source/medium, UTF-8 without BOM.
/// </summary>
internal sealed class Ga4EventsWriter : IDisposable
{
    /// <summary>The header row, in column order.</summary>
    public const string Header = "event_date,event_timestamp,event_name,user_pseudo_id,user_id,page_location,traffic_source,traffic_medium,device_category,country,session_id";

    private readonly CsvLineWriter _csv;
    private int _badTimestamps;

    public Ga4EventsWriter(string path)
    {
        _csv = new CsvLineWriter(path, withBom: false);
        foreach (var h in Header.Split(','))
        {
            _csv.Field(h);
        }

        _csv.EndRecord();
    }

    /// <summary>Data rows written (header excluded, defective rows included).</summary>
    public long Rows { get; private set; }

    /// <summary>Writes the person's events in their order.</summary>
    public void Write(SimulatedPerson person)
    {
        foreach (var e in person.Events)
        {
            WriteEvent(person, in e);
        }
    }

    public void Dispose() => _csv.Dispose();

    private void WriteEvent(SimulatedPerson person, in SimulatedEvent e)
    {
        Span<char> buf = stackalloc char[16];
        SampleTime.ToUtc(e.Time).TryFormat(buf, out int n, "yyyyMMdd", CultureInfo.InvariantCulture);
        _csv.Raw(buf[..n]);
        if (e.Defect == EventDefect.BadTimestamp)
        {
            // What broken pipelines write: a float that lost its digits, or a placeholder.
            _csv.Raw(_badTimestamps++ % 2 == 0 ? "1.71e15" : "not_set");
        }
        else
        {
            _csv.Field(e.Time);
        }

        var device = person.DeviceOf(in e);
        _csv.Raw(e.Name);
        _csv.Raw(e.Defect == EventDefect.EmptyPseudoId ? "" : device.PseudoId);
        if (e.SignedIn && person.RecordId > 0)
        {
            _csv.Field(person.RecordId);
        }
        else
        {
            _csv.Raw("");
        }

        _csv.Raw(Site + e.Path);
        var ch = Channels[e.Channel];
        _csv.Raw(ch.Source);
        _csv.Raw(ch.Medium);
        _csv.Raw(Devices[device.Category]);
        if (e.Defect != EventDefect.MissingField)
        {
            _csv.Raw(Countries[person.Country].Iso);
        }

        _csv.Field(e.SessionId);
        _csv.EndRecord();
        Rows++;
    }
}
