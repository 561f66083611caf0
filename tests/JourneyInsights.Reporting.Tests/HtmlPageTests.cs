using JourneyInsights.Metrics;
using JourneyInsights.Reporting.Html;

namespace JourneyInsights.Reporting.Tests;

public class HtmlPageTests(SampleReport sample) : IClassFixture<SampleReport>
{
    [Fact]
    public void Untrusted_text_is_html_encoded()
    {
        const string evil = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        var map = sample.Report.JourneyMap.Select((m, i) => i == 2 ? m with { Verbatim = evil, TopPainPoint = "<b>bold</b>" } : m).ToList();
        var html = HtmlPage.Render(sample.Report with { JourneyMap = map }, []);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", html);
    }

    [Fact]
    public void The_paths_section_shows_the_largest_drop_off_first_and_encodes_touchpoint_names()
    {
        var r = sample.Report;
        var focus = r.PathFocus!;
        var html = HtmlPage.Render(r, []);
        var section = html[html.IndexOf("<h2>Paths</h2>", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains($"Shown first: {focus.Transition!.Text}, which lost the most customers", section);
        Assert.Contains(FormattableString.Invariant($"<strong>Reached {focus.Anchor}</strong><br><small>{focus.Customers:#,##0} · 100.0 %</small>"), section);
        var left = focus.Steps[3].Single(n => n.Kind == JourneyInsights.Metrics.PathNodeKind.End);
        Assert.Contains(FormattableString.Invariant($"<td class=\"end\">Left the journey<br><small>{left.Customers:#,##0} · {left.Share * 100:0.0} %</small>"), section);
        // the other transitions fold below the first
        Assert.Equal(r.Paths.Count - 1, System.Text.RegularExpressions.Regex.Count(section, "<details>"));

        var hostile = r with { Paths = [.. r.Paths.Select(p => p with { Steps = [.. p.Steps.Select(s => (IReadOnlyList<JourneyInsights.Metrics.PathNode>)[.. s.Select(n => n with { Name = "<img src=x onerror=alert(1)>" })])] })] };
        var encoded = HtmlPage.Render(hostile, []);
        Assert.DoesNotContain("<img src=x", encoded);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", encoded);
    }

    [Fact]
    public void A_report_without_paths_says_no_data_in_the_paths_section()
    {
        var r = sample.Report;
        var html = HtmlPage.Render(r with { Stages = [r.Stages[0]], Paths = [] }, []);
        Assert.Contains("<h2>Paths</h2><p class=\"note nodata\">No data: The journey has one stage", html);
    }

    [Fact]
    public void The_page_is_self_contained_and_shows_the_headlines()
    {
        var png = new RenderedChart("x", "A chart", "What it shows", [137, 80, 78, 71, 13, 10, 26, 10], null, 16, 9);
        var html = HtmlPage.Render(sample.Report, [png]);
        Assert.DoesNotMatch(@"(src|href)\s*=\s*""(https?:)?//", html);
        Assert.Contains("data:image/png;base64,iVBORw0KGgo=", html);
        Assert.Contains("default-src 'none'", html);
        var entering = sample.Report.Funnel.Entered.ToString("#,##0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"<div class=\"value\">{entering}</div>", html);
        Assert.Contains("Consideration → Purchase", html);
    }

    [Fact]
    public void The_page_opens_with_the_findings_as_sentences_before_the_headlines()
    {
        var finding = new Finding
        {
            Rank = 1, Kind = "conversion", Transition = new Transition(1, "Consideration", 2, "Purchase"), Unit = "fraction", Significant = true, Basis = "b",
            Text = "Consideration → Purchase fell from 50 % to 27 % (p < 0.001, adjusted < 0.001). Customers say: “<b>card</b> declined”",
        };
        var html = HtmlPage.Render(sample.Report with { Findings = [finding], TestCount = 120 }, []);
        var findings = html.IndexOf("<section class=\"findings\">", StringComparison.Ordinal);
        Assert.True(findings > 0 && findings < html.IndexOf("<section class=\"cards\">", StringComparison.Ordinal));
        Assert.Contains("<li>Consideration → Purchase fell from 50 % to 27 % (p &lt; 0.001, adjusted &lt; 0.001). Customers say: “&lt;b&gt;card&lt;/b&gt; declined”</li>", html);
        Assert.Contains("Benjamini–Hochberg over the report&#x27;s 120 tests", html);
        var none = HtmlPage.Render(sample.Report with { Findings = [], TestCount = 7 }, []);
        Assert.Contains("No change this month passed the significance test (Benjamini–Hochberg over the report&#x27;s 7 tests", none);
    }

    [Fact]
    public void Without_survey_data_pain_points_say_so_instead_of_zero_percent_negative()
    {
        var pains = sample.Report.PainPoints.Select(p => p with { Negativity = null, NegativityResponses = 0, NegativityEstimated = false }).ToList();
        var html = HtmlPage.Render(sample.Report with { PainPoints = pains }, []);
        var table = html[html.IndexOf("<h2>Pain points</h2>", StringComparison.Ordinal)..html.IndexOf("<h2>Opportunities</h2>", StringComparison.Ordinal)];
        Assert.Contains("no survey data", table);
        Assert.DoesNotContain("<td class=\"n\">0 %", table); // the negativity cell of a share of 0 (rates show one decimal: "0.0 %")
    }

    [Theory]
    [InlineData(-1.0, "#F8696B")]
    [InlineData(0.0, "#FFEB84")]
    [InlineData(1.0, "#63BE7B")]
    [InlineData(null, "#eeeeee")]
    public void Emotion_colours_run_from_red_to_green(double? score, string colour) => Assert.Equal(colour, HtmlPage.EmotionColour(score));
}
