namespace JourneyInsights.Samples;

/// <summary>What <see cref="SampleGenerator.Generate"/> wrote.</summary>
/// <param name="People">People simulated (anonymous visitors included).</param>
/// <param name="CrmContacts">Distinct CRM contacts (people who signed up within the window).</param>
/// <param name="Responses">Survey responses written (data rows of the Qualtrics file).</param>
/// <param name="AnalyticsRows">Data rows in analytics-events.csv (header excluded, malformed rows included).</param>
/// <param name="CrmRows">Data rows in crm-contacts.csv (header excluded, duplicate-id rows included).</param>
/// <param name="SurveyRows">Data rows in survey-responses.csv (the three header rows excluded).</param>
/// <param name="MalformedAnalyticsRows">Planted malformed analytics rows (bad timestamp, empty user_pseudo_id, missing field).</param>
/// <param name="MalformedCrmRows">Planted malformed CRM rows (duplicate Record ID, unparseable date, empty Email).</param>
/// <param name="MalformedSurveyRows">Planted malformed survey rows (Q_NPS out of range or not a number, Q_CSAT 0).</param>
public sealed record SampleSummary(
    int People,
    int CrmContacts,
    int Responses,
    long AnalyticsRows,
    int CrmRows,
    int SurveyRows,
    int MalformedAnalyticsRows,
    int MalformedCrmRows,
    int MalformedSurveyRows)
{
    /// <summary>File name of the GA4-like event export.</summary>
    public const string AnalyticsFileName = "analytics-events.csv";

    /// <summary>File name of the HubSpot-like contact export.</summary>
    public const string CrmFileName = "crm-contacts.csv";

    /// <summary>File name of the Qualtrics-like survey export.</summary>
    public const string SurveyFileName = "survey-responses.csv";
}
