using System.Globalization;
using JourneyInsights.Journeys;
using JourneyInsights.Metrics;
using JourneyInsights.Privacy;
using JourneyInsights.Sources;
using Microsoft.DotNet.Interactive.Formatting;

namespace JourneyInsights.Notebooks.Tests;

/// <summary>What the notebook formatters show for each result type.</summary>
public class FormatterTests(SampleJourney sample) : IClassFixture<SampleJourney>
{
    private readonly Journey journey = sample.Journey;

    [Fact]
    public void A_funnel_is_a_table_with_one_column_per_stage_property_and_percentages()
    {
        var funnel = journey.Funnel("2026-08");
        var html = NotebookFormatters.ToHtml(funnel);
        Assert.Contains("<table class=\"ji\">", html);
        foreach (var column in new[] { "Stage", "Customers", "PreviousCustomers", "ConversionFromPrevious", "ConversionFromFirst", "DropOff", "MedianTimeFromPrevious", "LowSample" })
            Assert.Contains($"<th>{column}</th>", html);
        foreach (var s in funnel.Stages)
        {
            Assert.Contains($"<td>{s.Stage}</td><td class=\"n\">{s.Index.ToString(CultureInfo.InvariantCulture)}</td><td class=\"n\">{s.Customers.ToString("#,##0", CultureInfo.InvariantCulture)}</td>", html);
            if (s.ConversionFromPrevious is { } c) Assert.Contains((c * 100).ToString("F1", CultureInfo.InvariantCulture) + " %", html);
        }
        Assert.Contains("Funnel, cohort 2026-08", html);
    }

    [Fact]
    public void Lists_of_results_are_tables_and_text_is_encoded()
    {
        var emotion = NotebookFormatters.ToHtml(journey.EmotionByStage("2026-08"));
        Assert.Contains("<th>Group</th><th>Month</th><th>Responses</th><th>MeanScore</th>", emotion);
        Assert.Contains("<th>CsatTop2Box</th>", emotion);
        Assert.Matches(@"<td class=""n"">\d+\.\d %</td>", emotion);

        var pains = NotebookFormatters.ToHtml(journey.PainPoints("2026-08"));
        Assert.Contains("<th>Rank</th><th>Kind</th><th>Name</th>", pains);
        Assert.Contains("Consideration → Purchase", pains);

        var opportunities = NotebookFormatters.ToHtml(journey.Opportunities("2026-08"));
        Assert.Contains("<th>Transition</th>", opportunities);

        var sources = NotebookFormatters.ToHtml(journey.Sources.Reports);
        Assert.Contains("<th>RowsRead</th><th>RowsAccepted</th><th>RowsRejected</th>", sources);
        Assert.Contains("44,874", sources);

        var identity = NotebookFormatters.ToHtml(journey.Data.Identity);
        Assert.Contains("<th>KnownCustomers</th>", identity);

        var hostile = new EmotionSummary { Group = "<script>alert(1)</script> & co", Responses = 3 };
        var encoded = NotebookFormatters.ToHtml(new List<EmotionSummary> { hostile });
        Assert.DoesNotContain("<script>", encoded);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co", encoded);
    }

    [Fact]
    public void A_breakdown_has_the_segment_first_and_a_data_frame_is_capped_with_its_row_count()
    {
        var breakdown = journey.Funnel("2026-08", "persona");
        var html = NotebookFormatters.ToHtml(breakdown);
        Assert.Contains("<th>persona</th><th>Stage</th>", html);
        foreach (var segment in breakdown.Segments) Assert.Contains($"<td>{segment.Segment}</td>", html);

        var frame = journey.Data.CustomersFrame();
        var table = NotebookFormatters.ToHtml(frame);
        Assert.Contains($"DataFrame: {frame.Rows.Count.ToString("#,##0", CultureInfo.InvariantCulture)} rows × {frame.Columns.Count} columns (first 20 shown)", table);
        Assert.Equal(22, table.Split("<tr>").Length - 1); // header + 20 rows + the "… more rows" footer
        Assert.Contains(" more rows</td>", table);
    }

    [Fact]
    public void Culture_does_not_change_numbers()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var html = NotebookFormatters.ToHtml(new List<StageConversion>
            {
                new() { Stage = "A", Index = 0, Customers = 12345, PreviousCustomers = 12345, ConversionFromPrevious = 0.1234 },
            });
            Assert.Contains("12,345", html);
            Assert.Contains("12.3 %", html);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void E_mail_addresses_and_phone_numbers_are_masked_in_tables_frames_strings_and_text_tables()
    {
        // A raw CRM record as a loader rejects it, written here by hand: an address and a phone number in it.
        var row = new RejectedRow("crm", "crm-contacts.csv", 12, "", "C-0042,Jane,jane.doe@example.com,+44 20 7946 0958,2026-13-01",
            "type", "expected a date; found '2026-13-01' for jane.doe@example.com");
        var html = NotebookFormatters.ToHtml(new List<RejectedRow> { row });
        var text = NotebookFormatters.ToText(new List<RejectedRow> { row });
        var frame = new Microsoft.Data.Analysis.DataFrame(new Microsoft.Data.Analysis.StringDataFrameColumn("contact", ["write to jane.doe@example.com"]));
        var frameHtml = NotebookFormatters.ToHtml(frame);
        var plain = "call +44 20 7946 0958".ToDisplayString(Microsoft.DotNet.Interactive.Formatting.PlainTextFormatter.MimeType);
        foreach (var shown in new[] { html, text, frameHtml, plain })
        {
            Assert.DoesNotContain("jane.doe@example.com", shown);
            Assert.DoesNotContain("7946 0958", shown);
        }
        // What is not personal data stays: the file, the line, the rule, the column header.
        Assert.Contains("<td>crm-contacts.csv</td><td class=\"n\">12</td>", html);
        Assert.Contains("C-0042,Jane,", html);
        Assert.Contains("<th>contact<br>", frameHtml);
        // The masking is the library's (PersonalData.Mask), not a copy of it.
        Assert.Contains(CellTextHtml(PersonalData.Mask(row.Value)), html);
        Assert.Equal(PersonalData.Mask("call +44 20 7946 0958"), plain);
    }

    private static string CellTextHtml(string text) => JourneyInsights.Notebooks.Formatting.CellText.Html(text);

    [Fact]
    public void Text_tables_have_the_columns_and_cell_texts_of_the_html_tables()
    {
        var funnel = journey.Funnel("2026-08");
        var text = NotebookFormatters.ToText(funnel);
        var lines = text.Split('\n');
        Assert.StartsWith("Funnel, cohort 2026-08: ", lines[0]);
        Assert.Matches(@"^Stage\s+Index\s+Customers\s+PreviousCustomers\s+ConversionFromPrevious", lines[1]);
        foreach (var s in funnel.Stages)
        {
            var line = lines.Single(l => l.StartsWith(s.Stage + " ", StringComparison.Ordinal));
            Assert.Matches($@"^{s.Stage}\s+{s.Index}\s+{s.Customers:#,##0}\s+{s.PreviousCustomers:#,##0}\s", line);
        }
    }
}
