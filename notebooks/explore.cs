#:project ../src/JourneyInsights/JourneyInsights.csproj
#:property PublishAot=false

// The first analysis of notebooks/01-explore-sources.ipynb as a console app, for those who leave notebooks:
//   dotnet run notebooks/explore.cs [-- <journey.json>]
// What data do we have, and can we trust it? Rows read, accepted and rejected per source, the dates they cover,
// why rows were rejected, and how well identity stitching joined the sources. Every figure comes from the library.
using System.Globalization;
using JourneyInsights;

var here = AppContext.GetData("EntryPointFileDirectoryPath") as string ?? Directory.GetCurrentDirectory();
var config = args.Length > 0 ? args[0] : Path.Combine(here, "..", "data-samples", "journey.json");
var journey = Journey.Load(config);
var c = CultureInfo.InvariantCulture;

Console.WriteLine($"{journey.Definition.Name}: cohort months {journey.Months[0]} to {journey.Months[^1]}");
Console.WriteLine();
Console.WriteLine("Rows read, accepted and rejected per source");
Console.WriteLine(string.Create(c, $"  {"source",-8} {"kind",-10} {"read",9} {"accepted",9} {"rejected",9}  dates (UTC)"));
foreach (var r in journey.Sources.Reports)
{
    var dates = r.FirstTimestamp is { } f && r.LastTimestamp is { } l ? string.Create(c, $"{f:yyyy-MM-dd} .. {l:yyyy-MM-dd}") : "–";
    Console.WriteLine(string.Create(c, $"  {r.Source,-8} {r.Kind,-10} {r.RowsRead,9:N0} {r.RowsAccepted,9:N0} {r.RowsRejected,9:N0}  {dates}"));
}

Console.WriteLine();
Console.WriteLine("Why rows were rejected");
foreach (var r in journey.Sources.Reports)
    foreach (var reason in r.Reasons)
        Console.WriteLine(string.Create(c,
            $"  {r.Source,-8} {reason.Rows,5:N0} x {(reason.Column.Length > 0 ? $"'{reason.Column}' " : "")}{reason.Rule}: {JourneyInsights.Privacy.PersonalData.Mask(reason.Reason)} (first on line {reason.FirstLine})"));

var id = journey.Data.Identity;
Console.WriteLine();
Console.WriteLine("Identity stitching");
Console.WriteLine(string.Create(c, $"  customers                 {id.Customers,7:N0}  (known to the CRM {id.KnownCustomers:N0}, anonymous {id.AnonymousJourneys:N0})"));
Console.WriteLine(string.Create(c, $"  analytics ids             {id.AnalyticsIds,7:N0}  (linked to a login {id.AnalyticsIdsLinked:N0}; customers on several devices {id.CustomersWithSeveralDevices:N0})"));
Console.WriteLine(string.Create(c, $"  CRM contacts              {id.CrmContacts,7:N0}  (without web activity {id.CrmContactsWithoutAnalytics:N0})"));
Console.WriteLine(string.Create(c, $"  survey responses          {id.Responses,7:N0}  (matched by CRM id {id.ResponsesMatchedByCrmId:N0}, by e-mail {id.ResponsesMatchedByEmail:N0}, unmatched {id.ResponsesUnmatched:N0})"));
