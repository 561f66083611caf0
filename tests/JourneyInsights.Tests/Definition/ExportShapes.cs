namespace JourneyInsights.Tests.Definition;

/// <summary>
/// Hand-written exports in the exact shapes the vendors' tools write them (a few rows each). The same four
/// people appear across them: HubSpot Record IDs 101-104 are the GA4 user_id and the survey ExternalReference /
/// Custom Data 1, so the drafted identity setting can be checked.
/// </summary>
internal static class ExportShapes
{
    /// <summary>
    /// GA4 BigQuery export flattened to CSV, event_timestamp as integer microseconds, traffic columns named source/medium.
    /// 1772359200 s = 2026-03-01T10:00:00Z (20,454 days to 2026-01-01, + 31 + 28 = 20,513 days x 86,400 s + 10 h);
    /// 1772445600 = that + 86,400 = 2026-03-02T10:00:00Z. 7 events: page_view 3, first_visit 2, sign_up 1, purchase 1;
    /// page views of '/', '/pricing' (the query string goes) and '/blog/launch'. user_id 101 on two events.
    /// </summary>
    public const string Ga4Micros = """
        event_date,event_timestamp,event_name,user_pseudo_id,user_id,page_location,source,medium
        20260301,1772359200000000,first_visit,1001.1772359200,,https://shop.example/,google,organic
        20260301,1772359200250000,page_view,1001.1772359200,,https://shop.example/,google,organic
        20260301,1772359260000000,page_view,1001.1772359200,,https://shop.example/pricing?plan=pro,google,organic
        20260301,1772359320000000,sign_up,1001.1772359200,101,https://shop.example/signup,google,organic
        20260302,1772445600000000,first_visit,2002.1772445600,,https://shop.example/blog/launch,(direct),(none)
        20260302,1772445660000000,page_view,2002.1772445600,,https://shop.example/blog/launch,(direct),(none)
        20260302,1772445720000000,purchase,1001.1772359200,101,https://shop.example/checkout/done,google,organic

        """;

    /// <summary>
    /// GA4 BigQuery export flattened by a query that writes TIMESTAMP_MICROS(event_timestamp) as text
    /// (<c>2021-01-31 12:34:56.123456 UTC</c>), traffic_source.source / .medium and the ga_session_id event parameter.
    /// </summary>
    public const string Ga4TextTimestamps = """
        event_date,event_timestamp,event_name,user_pseudo_id,user_id,page_location,traffic_source.source,traffic_source.medium,ga_session_id
        20210131,2021-01-31 12:34:56.123456 UTC,session_start,77.1612096496,,https://shop.example/,google,cpc,1612096496
        20210131,2021-01-31 12:34:56.123456 UTC,first_visit,77.1612096496,,https://shop.example/,google,cpc,1612096496
        20210131,2021-01-31 12:35:10.5 UTC,page_view,77.1612096496,,https://shop.example/pricing,google,cpc,1612096496
        20210131,2021-01-31 12:40:00 UTC,purchase,77.1612096496,,https://shop.example/checkout,google,cpc,1612096496

        """;

    /// <summary>
    /// HubSpot contacts, current export: UI lifecycle labels (and one internal name), 'Date entered "X (Lifecycle
    /// Stage Pipeline)"' columns, 'Original Traffic Source'. Dates per stage: Lead 4 contacts, Marketing Qualified
    /// Lead 3 (101, 102, 104), Sales Qualified Lead 1 (101), Customer 1 (101).
    /// </summary>
    public const string HubSpotContacts = """"
        Record ID,First Name,Last Name,Email,Phone Number,Lifecycle Stage,Create Date,"Date entered ""Lead (Lifecycle Stage Pipeline)""","Date entered ""Marketing Qualified Lead (Lifecycle Stage Pipeline)""","Date entered ""Sales Qualified Lead (Lifecycle Stage Pipeline)""","Date entered ""Customer (Lifecycle Stage Pipeline)""",Original Traffic Source
        101,Ann,Lee,ann@example.com,+1 415 555 0101,Customer,2026-03-01 09:00,2026-03-01 09:00,2026-03-01 12:00,2026-03-02 08:00,2026-03-02 10:05,Organic Search
        102,Bo,Kim,bo@example.com,,Marketing Qualified Lead,2026-03-03 14:20,2026-03-03 14:20,2026-03-05 16:45,,,Paid Search
        103,Cy,Ng,cy@example.com,,Lead,2026-03-04 08:00,2026-03-04 08:00,,,,Direct Traffic
        104,Di,Oz,di@example.com,,marketingqualifiedlead,2026-03-06 11:30,2026-03-06 11:30,2026-03-07 09:10,,,Referrals

        """";

    /// <summary>
    /// Qualtrics responses export, current shape: column ids, question texts, ImportId JSON with the time zone
    /// (America/Denver). Questions are Q1 (NPS), Q2 (CSAT), Q3 (comment): found from their texts in row 2.
    /// </summary>
    public const string QualtricsResponses = """
        StartDate,EndDate,Status,IPAddress,Progress,Duration (in seconds),Finished,RecordedDate,ResponseId,RecipientLastName,RecipientFirstName,RecipientEmail,ExternalReference,DistributionChannel,UserLanguage,Q1,Q2,Q3
        Start Date,End Date,Response Type,IP Address,Progress,Duration (in seconds),Finished,Recorded Date,Response ID,Recipient Last Name,Recipient First Name,Recipient Email,External Data Reference,Distribution Channel,User Language,"How likely are you to recommend Shop to a friend or colleague? - 0 = Not at all likely, 10 = Extremely likely","Overall, how satisfied are you with Shop?",Anything else you want to tell us?
        "{""ImportId"":""startDate"",""timeZone"":""America/Denver""}","{""ImportId"":""endDate"",""timeZone"":""America/Denver""}","{""ImportId"":""status""}","{""ImportId"":""ipAddress""}","{""ImportId"":""progress""}","{""ImportId"":""duration""}","{""ImportId"":""finished""}","{""ImportId"":""recordedDate"",""timeZone"":""America/Denver""}","{""ImportId"":""_recordId""}","{""ImportId"":""recipientLastName""}","{""ImportId"":""recipientFirstName""}","{""ImportId"":""recipientEmail""}","{""ImportId"":""externalDataReference""}","{""ImportId"":""distributionChannel""}","{""ImportId"":""userLanguage""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2""}","{""ImportId"":""QID3_TEXT""}"
        2026-03-05 09:10:00,2026-03-05 09:15:02,IP Address,203.0.113.7,100,302,True,2026-03-05 09:15:02,R_1aBcDeF,Lee,Ann,ann@example.com,101,email,EN,9,5,"Quick, easy."
        2026-03-06 10:00:00,2026-03-06 10:04:00,IP Address,203.0.113.8,100,240,True,2026-03-06 10:04:00,R_2gHiJkL,Kim,Bo,bo@example.com,102,email,EN,3,2,Très lent
        2026-03-07 18:30:00,2026-03-07 18:31:30,IP Address,203.0.113.9,100,90,True,2026-03-07 18:31:30,R_3mNoPqR,,,,,anonymous,EN,10,,

        """;

    /// <summary>
    /// Qualtrics 2016 "Insights" export: ResponseID (capital D), no RecordedDate (EndDate is the response time), one
    /// row of question texts under the column ids, no ImportId row.
    /// </summary>
    public const string Qualtrics2016 = """
        ResponseID,StartDate,EndDate,Finished,ExternalDataReference,RecipientEmail,Q1,Q2
        Response ID,Start Date,End Date,Finished,External Data Reference,Recipient Email,How likely is it that you would recommend us to a friend or colleague?,Please tell us more
        R_9xYz01,2016-05-02 14:03:11,2016-05-02 14:07:45,1,101,ann@example.com,8,Good value
        R_9xYz02,2016-05-03 09:00:00,2016-05-03 09:02:30,1,,bo@example.com,6,

        """;

    /// <summary>Legacy Qualtrics export: V1..V10 codes on line 1, the names on line 2 (written with a UTF-8 BOM by the tests).</summary>
    public const string QualtricsLegacy = """
        V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1
        ResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,IPAddress,Status,StartDate,EndDate,Finished,How likely is it that you would recommend us to a friend or colleague?
        R_1,Default Response Set,"Lee, Ann",101,ann@example.com,203.0.113.7,0,2014-03-05 09:10:00,2014-03-05 09:15:02,1,9

        """;

    /// <summary>
    /// SurveyMonkey "All responses data" export: question texts, then a row of answer options; US dates with AM/PM.
    /// </summary>
    public const string SurveyMonkeyResponses = """
        Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,How likely is it that you would recommend us to a friend or colleague?,Is there anything else you would like to tell us?
        ,,,,,,,,,Response,Open-Ended Response
        118020000001,431000001,03/04/2026 09:15:02 AM,03/04/2026 09:18:40 AM,203.0.113.5,ann@example.com,Ann,Lee,101,9,Great support
        118020000002,431000001,03/05/2026 01:02:03 PM,03/05/2026 01:07:00 PM,203.0.113.6,bo@example.com,Bo,Kim,102,4,
        118020000003,431000002,03/14/2026 11:00:00 PM,03/14/2026 11:05:59 PM,,,,,,10,Love it

        """;

    /// <summary>
    /// The SurveyMonkey export above after a spreadsheet re-save: dates as M/d/yy H:mm. 3/14/26 can only be month-first
    /// (there is no month 14), which settles 3/4/26 and 3/5/26 as 4 and 5 March.
    /// </summary>
    public static readonly string SurveyMonkeyResaved = SurveyMonkeyResponses
        .Replace("03/04/2026 09:15:02 AM", "3/4/26 9:15").Replace("03/04/2026 09:18:40 AM", "3/4/26 9:18")
        .Replace("03/05/2026 01:02:03 PM", "3/5/26 13:02").Replace("03/05/2026 01:07:00 PM", "3/5/26 13:07")
        .Replace("03/14/2026 11:00:00 PM", "3/14/26 23:00").Replace("03/14/2026 11:05:59 PM", "3/14/26 23:05");

    /// <summary>The SurveyMonkey export re-saved with ISO dates (yyyy-MM-dd HH:mm:ss).</summary>
    public static readonly string SurveyMonkeyIso = SurveyMonkeyResponses
        .Replace("03/04/2026 09:15:02 AM", "2026-03-04 09:15:02").Replace("03/04/2026 09:18:40 AM", "2026-03-04 09:18:40")
        .Replace("03/05/2026 01:02:03 PM", "2026-03-05 13:02:03").Replace("03/05/2026 01:07:00 PM", "2026-03-05 13:07:00")
        .Replace("03/14/2026 11:00:00 PM", "2026-03-14 23:00:00").Replace("03/14/2026 11:05:59 PM", "2026-03-14 23:05:59");

    /// <summary>A SurveyMonkey Audience export: 'RespondentID', no Start Date or End Date, so no per-response date.</summary>
    public const string SurveyMonkeyAudience = """
        RespondentID,Collector ID,Email Address,How likely is it that you would recommend us to a friend or colleague?
        9001,77,ann@example.com,8
        9002,77,bo@example.com,6

        """;

    /// <summary>
    /// An older HubSpot multi-object export: 'Record ID - Contact', 'Became a ... Date' lifecycle columns, 'Original Source'.
    /// Lead dates 3 contacts, Marketing Qualified Lead 2 (201, 203), Customer 1 (201).
    /// </summary>
    public const string HubSpotOlder = """
        Record ID - Contact,First Name,Last Name,Email,Lifecycle Stage,Create Date,Became a Lead Date,Became a Marketing Qualified Lead Date,Became a Customer Date,Original Source
        201,Eve,Ray,eve@example.com,customer,2025-11-03 10:00,2025-11-03 10:00,2025-11-04 09:30,2025-11-20 15:00,Organic Search
        202,Fay,Tan,fay@example.com,lead,2025-11-05 12:00,2025-11-05 12:00,,,Direct Traffic
        203,Gus,Uhl,gus@example.com,marketingqualifiedlead,2025-11-06 08:15,2025-11-06 08:15,2025-11-07 11:00,,Paid Search

        """;

    /// <summary>
    /// Salesforce data export, OpportunityHistory.csv (CR LF, as Salesforce writes it): one row per change of any tracked
    /// field. Lines: 2 006A Prospecting 02-01; 3 006A Prospecting again 02-05 (the amount changed: a snapshot row);
    /// 4 006A Needs Analysis 02-10; 5 006A Closed Won 02-20; 6 006B Qualification 02-03; 7 006B deleted (IsDeleted true).
    /// </summary>
    public static readonly string SalesforceHistory = string.Join("\r\n",
        "Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,ExpectedRevenue,CloseDate,Probability,ForecastCategory,SystemModstamp,IsDeleted",
        "008A1,006A,005U,2026-02-01T12:00:00.000+0000,Prospecting,1000,100,2026-04-30,10,Pipeline,2026-02-01T12:00:00.000+0000,false",
        "008A2,006A,005U,2026-02-05T14:30:00.000+0000,Prospecting,1500,150,2026-04-30,10,Pipeline,2026-02-05T14:30:00.000+0000,false",
        "008A3,006A,005U,2026-02-10T11:00:00.000+0000,Needs Analysis,1500,300,2026-04-30,20,Pipeline,2026-02-10T11:00:00.000+0000,false",
        "008A4,006A,005U,2026-02-20T16:45:00.000+0000,Closed Won,1500,1500,2026-02-20,100,Closed,2026-02-20T16:45:00.000+0000,false",
        "008B1,006B,005U,2026-02-03T10:00:00.000+0000,Qualification,800,80,2026-05-31,10,Pipeline,2026-02-03T10:00:00.000+0000,false",
        "008B2,006B,005U,2026-02-04T10:00:00.000+0000,Qualification,900,90,2026-05-31,10,Pipeline,2026-02-04T10:00:00.000+0000,true") + "\r\n";

    /// <summary>OpportunityContactRole.csv: 006A's primary contact is 003X (003Z only influences), 006B's is 003Y.</summary>
    public const string SalesforceContactRoles = "Id,OpportunityId,ContactId,IsPrimary,Role\r\n" +
        "00KA1,006A,003X,true,Decision Maker\r\n00KA2,006A,003Z,false,Influencer\r\n00KB1,006B,003Y,true,Economic Buyer\r\n";

    /// <summary>Contact.csv of the same export.</summary>
    public const string SalesforceContacts = "Id,FirstName,LastName,Email,AccountId,IsDeleted\r\n" +
        "003X,Ana,García,Ana.Garcia@Example.com,001A,false\r\n003Y,Li,Wei,li.wei@example.com,001B,false\r\n003Z,Sam,Roe,sam@example.com,001A,false\r\n";

    /// <summary>A GA4 UI download (Reports > Engagement > Events): '#' preamble lines, then totals per event name.</summary>
    public const string Ga4UiReport = """
        # ----------------------------------------
        # Events
        # Account: Northwind
        # Property: Northwind Cloud - GA4
        # ----------------------------------------
        #
        # Start date: 20260301
        # End date: 20260331
        Event name,Event count,Total users,Event count per active user,Total revenue
        page_view,120345,40211,2.99,0
        session_start,45012,40211,1.12,0
        purchase,812,790,0.02,40599.5

        """;

    /// <summary>
    /// An event log in canonical columns written by a tool that puts '#' comment lines first (not a GA4 report): the
    /// header is on line 4, events on lines 5-7.
    /// </summary>
    public const string EventsWithPreamble = """
        # Exported by Northwind Events 4.2
        # Range: 2026-03-01 to 2026-03-31 (UTC)
        #
        timestamp,event,anonymous_id,page
        2026-03-01T10:00:00Z,page_view,a1,/
        2026-03-01T10:01:00Z,page_view,a1,/pricing
        2026-03-02T08:30:00Z,sign_up,a2,/signup

        """;

    /// <summary>A HubSpot contact list exported without any date column: nothing to place in time.</summary>
    public const string HubSpotWithoutDates = """
        Record ID,First Name,Last Name,Email,Phone Number,Lifecycle Stage
        101,Ann,Lee,ann@example.com,,Customer
        102,Bo,Kim,bo@example.com,,Lead

        """;

    /// <summary>An export of no layout init knows (an order list).</summary>
    public const string UnknownOrders = """
        Order Number,Customer,Total,Currency
        A-1001,Ann,19.99,EUR
        A-1002,Bo,5.00,EUR

        """;
}
