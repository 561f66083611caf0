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

    [Theory]
    [InlineData(-1.0, "#F8696B")]
    [InlineData(0.0, "#FFEB84")]
    [InlineData(1.0, "#63BE7B")]
    [InlineData(null, "#eeeeee")]
    public void Emotion_colours_run_from_red_to_green(double? score, string colour) => Assert.Equal(colour, HtmlPage.EmotionColour(score));
}
