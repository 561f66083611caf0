using System.Globalization;
using JourneyInsights.Samples.Simulation;

namespace JourneyInsights.Samples.Writers;

/// <summary>
/// Writes survey responses as a current Qualtrics CSV export (<c>survey-responses.csv</c>): row 1 column ids, row 2
/// question texts, row 3 <c>{"ImportId":...}</c> JSON with the time zone, then one row per response; dates in Denver
/// local time (<c>yyyy-MM-dd HH:mm:ss</c>), UTF-8 with BOM.
/// </summary>
internal sealed class QualtricsResponsesWriter : IDisposable
{
    /// <summary>Row 1: the column ids.</summary>
    public const string Header = "StartDate,EndDate,Status,ResponseId,RecordedDate,ExternalReference,RecipientEmail,SurveyName,Q_NPS,Q_CSAT,Q_CES,Q_Emotion,Q_Comment";

    private static readonly string[] QuestionTexts =
    [
        "Start Date", "End Date", "Response Type", "Response ID", "Recorded Date", "External Data Reference", "Recipient Email", "Survey Name",
        "How likely are you to recommend Northwind Cloud to a friend or colleague? - 0 = Not at all likely, 10 = Extremely likely",
        "Overall, how satisfied are you with Northwind Cloud? - 1 = Very dissatisfied, 5 = Very satisfied",
        "How easy was it to get done what you wanted to do today? - 1 = Very difficult, 7 = Very easy",
        "Which word best describes how you feel about Northwind Cloud right now?",
        "Anything else you want to tell us?",
    ];

    private static readonly string[] ImportIds =
    [
        "{\"ImportId\":\"startDate\",\"timeZone\":\"America/Denver\"}",
        "{\"ImportId\":\"endDate\",\"timeZone\":\"America/Denver\"}",
        "{\"ImportId\":\"status\"}",
        "{\"ImportId\":\"_recordId\"}",
        "{\"ImportId\":\"recordedDate\",\"timeZone\":\"America/Denver\"}",
        "{\"ImportId\":\"externalDataReference\"}",
        "{\"ImportId\":\"recipientEmail\"}",
        "{\"ImportId\":\"surveyName\"}",
        "{\"ImportId\":\"QID1\"}",
        "{\"ImportId\":\"QID2\"}",
        "{\"ImportId\":\"QID3\"}",
        "{\"ImportId\":\"QID4\"}",
        "{\"ImportId\":\"QID5_TEXT\"}",
    ];

    private readonly CsvLineWriter _csv;
    private readonly TimeZoneInfo _denver = TimeZoneInfo.FindSystemTimeZoneById("America/Denver");

    public QualtricsResponsesWriter(string path)
    {
        _csv = new CsvLineWriter(path, withBom: true);
        foreach (var row in new[] { Header.Split(','), QuestionTexts, ImportIds })
        {
            foreach (var h in row)
            {
                _csv.Field(h);
            }

            _csv.EndRecord();
        }
    }

    /// <summary>Data rows written (the three header rows excluded).</summary>
    public int Rows { get; private set; }

    /// <summary>Writes the person's responses in their order.</summary>
    public void Write(SimulatedPerson person)
    {
        foreach (var r in person.Responses)
        {
            _csv.Raw(Denver(r.Start));
            string end = Denver(r.End);
            _csv.Raw(end);
            _csv.Raw("IP Address");
            _csv.Raw(r.ResponseId);
            _csv.Raw(end);
            _csv.Raw(r.ExternalReference);
            _csv.Field(r.Email);
            _csv.Field(r.Survey);
            _csv.Raw(r.Nps);
            _csv.Raw(r.Csat);
            _csv.Raw(r.Ces);
            _csv.Raw(r.Emotion);
            _csv.Field(r.Comment);
            _csv.EndRecord();
            Rows++;
        }
    }

    public void Dispose() => _csv.Dispose();

    private string Denver(long micros) =>
        TimeZoneInfo.ConvertTimeFromUtc(SampleTime.ToUtc(micros), _denver).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
