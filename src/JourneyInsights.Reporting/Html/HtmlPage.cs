using System.Text;
using System.Text.Encodings.Web;
using JourneyInsights.Metrics;
using JourneyInsights.Reporting.Formatting;

namespace JourneyInsights.Reporting.Html;

/// <summary>
/// The stakeholder page (index.html): self-contained (styles inline, charts as data: URIs, no external request), so it
/// works offline and as an e-mail attachment. Every piece of text from the data is HTML-encoded.
/// </summary>
public static class HtmlPage
{
    // Encodes markup characters (&lt; &gt; &amp; quotes) but keeps letters and symbols such as → readable in the source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static void Write(JourneyReport report, IReadOnlyList<RenderedChart> charts, string path) =>
        File.WriteAllText(path, Render(report, charts), new UTF8Encoding(false));

    public static string Render(JourneyReport r, IReadOnlyList<RenderedChart> charts)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
         .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n")
         .Append("<title>").Append(E(r.Title)).Append(" — ").Append(E(r.Month)).Append("</title>\n<style>").Append(Css).Append(PathsSection.Css).Append("</style>\n</head>\n<body>\n");

        h.Append("<header><h1>").Append(E(r.Title)).Append("</h1><p class=\"sub\">Journey report for the <strong>")
         .Append(E(r.Month)).Append("</strong> cohort (customers whose first awareness touchpoint fell in the month, ")
         .Append(E(r.ReportTimeZone)).Append(" time). Data from ").Append(r.DataStart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
         .Append(" to ").Append(r.DataEnd.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(".")
         .Append(r.FunnelRules is { } rules ? " Funnel counted with " + E(rules.Text) + "." : "")
         .Append(r.SessionFunnel is { } sessions ? " " + E(SessionSentence(sessions)) : "")
         .Append(r.Funnel.Maturing ? " <span class=\"warn\">This cohort's conversion window is still open: its numbers can still grow.</span>" : "")
         .Append("</p></header>\n");

        Findings(h, r);

        var survey = r.DataQuality.Any(q => q.Kind == Sources.SourceKind.Survey);

        h.Append("<section class=\"cards\">");
        foreach (var x in r.Headlines)
        {
            // A change is coloured and arrowed only when its test passed the report's correction; otherwise it is shown flat.
            var direction = !x.Significant ? "flat" : x.Change is > 0 ? "up" : x.Change is < 0 ? "down" : "flat";
            var arrow = direction switch { "up" => "▲", "down" => "▼", _ => "■" };
            h.Append("<div class=\"card\"><div class=\"label\">").Append(E(x.Name)).Append("</div><div class=\"value\">")
             .Append(E(Format.Unit(x.Value, x.Unit)))
             .Append(x.MarginOfError is { } moe ? "<small> ± " + E(moe.ToString("0", Inv)) + "</small>" : "")
             .Append("</div><div class=\"change ").Append(direction).Append("\">").Append(arrow).Append(' ')
             .Append(E(Format.Change(x.Change, x.Unit))).Append(" vs ").Append(E(r.PreviousMonth)).Append(" (").Append(E(x.Previous is null ? "no data" : Format.Unit(x.Previous, x.Unit))).Append(")</div>")
             .Append("<div class=\"test\">").Append(E(TestNote(x.PValue, x.AdjustedPValue, x.Significant))).Append(x.LowSample ? " · <span class=\"warn\">low sample</span>" : "")
             .Append("<br>").Append(E(x.Basis)).Append("</div></div>");
        }
        h.Append("</section>\n");

        h.Append("<section><h2>Journey map</h2><div class=\"scroll\"><table class=\"map\"><thead><tr><th></th>");
        foreach (var s in r.JourneyMap) h.Append("<th>").Append(E(s.Stage)).Append("</th>");
        h.Append("</tr></thead><tbody>");
        Row("Customer goal", s => E(s.Goal ?? "–"));
        Row("Key touchpoints", s => E(string.Join(", ", s.KeyTouchpoints)));
        Row("Top channels", s => E(string.Join(", ", s.Channels)));
        Row("Customers reaching the stage", s => E(Format.Count(s.Customers)));
        Row("Conversion from previous stage", s => E(Format.Percent(s.ConversionFromPrevious)));
        if (survey)
        {
            h.Append("<tr><th>Emotion score (−1 to +1)</th>");
            foreach (var s in r.JourneyMap)
                h.Append("<td class=\"emotion\" style=\"background:").Append(EmotionColour(s.Emotion)).Append("\">").Append(E(s.EmotionResponses == 0 ? "no data" : Format.Score(s.Emotion)))
                 .Append("<br><small>").Append(E(Format.Count(s.EmotionResponses))).Append(s.EmotionResponses == 1 ? " response" : " responses").Append("</small></td>");
            h.Append("</tr>");
        }
        Row("Top pain point", s => E(Format.TopPainPoint(s) ?? "–"));
        Row("Top opportunity", s => E(Format.Opportunity(s.TopOpportunity)));
        if (survey) Row("What customers say", s => s.Verbatim is null ? "–" : "<q>" + E(s.Verbatim) + "</q>");
        h.Append("</tbody></table></div>");
        if (!survey) h.Append("<p class=\"note\">No survey source: the emotion and “what customers say” rows are left out.</p>");
        h.Append("</section>\n");

        if (charts.Count > 0)
        {
            h.Append("<section><h2>Charts</h2>");
            foreach (var c in charts.Where(c => c.NoData is not null))
                h.Append("<p class=\"note nodata\">Left out, no data: <strong>").Append(E(c.Title)).Append("</strong>. ").Append(E(c.NoData!)).Append("</p>\n");
            foreach (var c in charts.Where(c => c.NoData is null))
                h.Append("<figure><img alt=\"").Append(E(c.Title)).Append("\" width=\"").Append(c.Width).Append("\" height=\"").Append(c.Height)
                 .Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(c.Png)).Append("\"><figcaption>")
                 .Append(E(c.Description)).Append("</figcaption></figure>\n");
            h.Append("</section>\n");
        }

        h.Append("<section><h2>Pain points</h2><p class=\"note\">").Append(E(
            "Ranked by customers lost beyond the baseline (the previous three cohorts pooled, observed at the same cut: "
            + (r.PainPoints.FirstOrDefault()?.Basis ?? "") + "). Transitions: customers at the previous stage × (baseline − conversion); "
            + "touchpoints: the cohort × (share whose journey ended there − baseline). In progress = still inside the conversion window, not lost. "
            + "Ties are broken by the share of negative responses."))
         .Append("</p><div class=\"scroll\"><table><thead><tr><th>#</th><th>Where</th><th>Stage</th><th>Customers</th><th>Lost</th><th>In progress</th><th>Rate (baseline)</th><th>Lost beyond baseline</th><th>p (adjusted)</th><th>Negative responses</th><th>Emotion (baseline)</th><th>What customers say</th></tr></thead><tbody>");
        var painPoints = r.PainPoints.Where(p => p.CustomersLost > 0 || p.InProgress > 0).Take(10).ToList();
        foreach (var p in painPoints)
            h.Append(p.Significant ? "<tr class=\"sig\"><td>" : "<tr><td>").Append(p.Rank).Append("</td><td>").Append(E(p.Name)).Append(" <small>(").Append(E(p.Kind)).Append(")</small></td><td>").Append(E(p.Stage))
             .Append("</td><td class=\"n\">").Append(E(Format.Count(p.Customers))).Append(p.LowSample ? " <small class=\"warn\">low sample</small>" : "")
             .Append("</td><td class=\"n\">").Append(E(Format.Count(p.CustomersLost))).Append("</td><td class=\"n\">").Append(E(Format.Count(p.InProgress)))
             .Append("</td><td class=\"n\">").Append(E(Format.Percent(p.Rate))).Append(" (").Append(E(Format.Percent(p.BaselineRate))).Append(")</td><td class=\"n\">")
             .Append(E(p.ExcessLost is { } x ? x.ToString("+0.0;−0.0;0.0", Inv) : "–")).Append("</td><td class=\"n\">")
             .Append(E(PValue(p.PValue))).Append(" (").Append(E(PValue(p.AdjustedPValue))).Append(")").Append(p.Significant ? "<br><strong>significant</strong>" : "").Append("</td><td>")
             .Append(E(Negativity(p))).Append("</td><td class=\"n\">")
             .Append(E(Format.Score(p.Emotion))).Append(" (").Append(E(Format.Score(p.BaselineEmotion))).Append(")</td><td>")
             .Append(string.Join("<br>", p.Verbatims.Select(v => "<q>" + E(v.Comment) + "</q>"))).Append("</td></tr>");
        h.Append("</tbody></table></div>");
        if (painPoints.Count == 0) h.Append("<p class=\"note nodata\">No data: no customer of the ").Append(E(r.Month)).Append(" cohort was lost or is in progress at a transition or touchpoint.</p>");
        h.Append("</section>\n");

        WhyCustomersDrop(h, r);

        h.Append("<section><h2>Opportunities</h2><p class=\"note\">Best segment rates: ")
         .Append(E(r.Opportunities.FirstOrDefault()?.SegmentBasis.Text ?? "pooled over 12 cohort months")).Append(".</p><table><thead><tr><th>Transition</th><th>Conversion</th><th>Best segment</th><th>Its conversion</th><th>Extra customers at the end</th></tr></thead><tbody>");
        var opportunities = r.Opportunities.Where(o => o.BestSegment is not null).ToList();
        foreach (var o in opportunities)
            h.Append("<tr><td>").Append(E(o.Transition.Text)).Append("</td><td class=\"n\">").Append(E(Format.Percent(o.Rate))).Append("</td><td>")
             .Append(E(o.BestSegment is null ? "–" : $"{o.BestDimension}: {o.BestSegment} (n = {o.BestSegmentSize})")).Append("</td><td class=\"n\">")
             .Append(E(Format.Percent(o.BestRate))).Append("</td><td class=\"n\">").Append(E(o.ExtraFinal.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture))).Append("</td></tr>");
        h.Append("</tbody></table>");
        if (opportunities.Count == 0)
            h.Append("<p class=\"note nodata\">No data: no segment with at least the minimum sample of customers converts better than the cohort at any transition.</p>");
        h.Append("</section>\n");

        PathsSection.Append(h, r);

        h.Append("<section><h2>Data quality</h2><table><thead><tr><th>Source</th><th>File</th><th>Rows read</th><th>Accepted</th><th>Rejected</th><th>Top reason</th></tr></thead><tbody>");
        foreach (var q in r.DataQuality)
            h.Append("<tr><td>").Append(E(q.Source)).Append("</td><td>").Append(E(q.Files.Count > 1 ? $"{q.File} ({q.Files.Count} files)" : q.File)).Append("</td><td class=\"n\">").Append(E(Format.Count(q.RowsRead)))
             .Append("</td><td class=\"n\">").Append(E(Format.Count(q.RowsAccepted))).Append("</td><td class=\"n\">").Append(E(Format.Count(q.RowsRejected)))
             .Append("</td><td>").Append(E(q.Reasons.FirstOrDefault() is { } x ? $"{x.Rows} × {x.Column} {x.Rule}: {x.Reason}" : "–")).Append("</td></tr>");
        h.Append("</tbody></table><p class=\"note\">").Append(E(
            $"{Format.Count(r.Identity.Customers)} customers, {Format.Count(r.Identity.KnownCustomers)} known to the CRM; {Format.Count(r.Identity.ResponsesUnmatched)} of {Format.Count(r.Identity.Responses)} survey responses matched no customer."))
         .Append("</p></section>\n<footer>Generated by JourneyInsights. Definitions: docs/metrics.md.</footer>\n</body>\n</html>\n");
        return h.ToString();

        void Row(string label, Func<JourneyMapStage, string> cell)
        {
            h.Append("<tr><th>").Append(E(label)).Append("</th>");
            foreach (var s in r.JourneyMap) h.Append("<td>").Append(cell(s)).Append("</td>");
            h.Append("</tr>");
        }
    }

    /// <summary>The session funnel in one sentence: "Also counted per session (…): 1,234 sessions entered Awareness, 25 reached Advocacy (2.0 %)."</summary>
    private static string SessionSentence(FunnelResult sessions) =>
        FormattableString.Invariant($"Also counted {sessions.Basis.Rules}: {sessions.Entered:N0} sessions entered {sessions.Stages[0].Stage}, {sessions.Stages[^1].Customers:N0} reached {sessions.Stages[^1].Stage}")
        + (sessions.FinalConversion is { } fc ? FormattableString.Invariant($" ({fc:0.0 %}).") : ".");

    private static string E(string text) => Encoder.Encode(Formatting.SafeText.Xml(text));

    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>The findings as the page's opening sentences (at most five), or a sentence saying that nothing passed the tests.</summary>
    private static void Findings(StringBuilder h, JourneyReport r)
    {
        var correction = $"Benjamini–Hochberg over the report's {r.TestCount} tests, adjusted p below {r.Alpha.ToString("0.###", Inv)}";
        h.Append("<section class=\"findings\"><h2>What changed this month</h2>");
        if (r.Findings.Count == 0)
            h.Append("<p>").Append(E(FindingAnalysis.NoFindings(r.TestCount, r.Alpha))).Append("</p>");
        else
        {
            h.Append("<ol>");
            foreach (var f in r.Findings.Take(5)) h.Append("<li>").Append(E(f.Text)).Append("</li>");
            h.Append("</ol>");
        }
        h.Append("<p class=\"note\">").Append(E($"Only significant results are listed ({correction}); each sentence shows the raw and the adjusted p-value. Comments are masked for personal data."))
         .Append("</p></section>\n");
    }

    private static string PValue(double? p) => p switch { null => "–", < 0.001 => "< 0.001", { } v => v.ToString("0.000", Inv) };

    private static string TestNote(double? p, double? adjusted, bool significant) => p is null
        ? "not tested"
        : $"p {PValue(p)}, adjusted {PValue(adjusted)}: " + (significant ? "significant" : "not significant");

    /// <summary>"no survey data", the share with its responses, or the stage's share marked as an estimate.</summary>
    /// <summary>
    /// "Why customers drop": the significant drop-off drivers (at most 8, as ranked) and the emotion drivers of the
    /// relationship NPS, each with its basis, or a sentence saying why there are none.
    /// </summary>
    private static void WhyCustomersDrop(StringBuilder h, JourneyReport r)
    {
        h.Append("<section><h2>Why customers drop</h2><h3>Drop-off drivers</h3><p class=\"note\">").Append(E(
            $"What goes with stopping or going on at each transition of the {r.Month} cohort (as of the report's cut): customers with a touchpoint or segment value vs the others, "
            + "among everyone at the stage or among those who began the next one; odds ratio below 1 = goes with stopping; Benjamini–Hochberg over the driver candidates."))
         .Append("</p>");
        var drivers = r.DropOffDrivers.Where(d => d.Significant).Take(8).ToList();
        if (drivers.Count == 0)
            h.Append("<p class=\"note nodata\">").Append(E(r.DropOffDrivers.Count == 0
                ? $"No data: no touchpoint or segment value of the {r.Month} cohort has the {DropOffDriverAnalysis.DefaultMinSupport} customers with it and without it a driver needs."
                : $"None of the {r.DropOffDrivers.Count} candidates differs significantly between those who went on and those who stopped.")).Append("</p>");
        else
        {
            h.Append("<div class=\"scroll\"><table><thead><tr><th>Transition</th><th>Among</th><th>With</th><th>Went on with</th><th>Went on without</th><th>Odds ratio (95 %)</th><th>p (adjusted)</th></tr></thead><tbody>");
            foreach (var d in drivers)
                h.Append("<tr class=\"sig\"><td>").Append(E(d.Transition.Text)).Append("</td><td>")
                 .Append(E(d.Population == DropOffDriver.StartedNextStage ? $"who began {d.Transition.To}" : $"everyone at {d.Transition.From}")).Append("</td><td>")
                 .Append(E($"{d.Value} ({d.Kind})")).Append("</td><td class=\"n\">")
                 .Append(E($"{Format.Percent(d.ConversionWith)} ({Format.Count(d.WithConverted)} of {Format.Count(d.With)})")).Append("</td><td class=\"n\">")
                 .Append(E($"{Format.Percent(d.ConversionWithout)} ({Format.Count(d.WithoutConverted)} of {Format.Count(d.Without)})")).Append("</td><td class=\"n\">")
                 .Append(E($"{FindingAnalysis.Ratio(d.OddsRatio)} ({FindingAnalysis.Ratio(d.OddsRatioInterval.Low)}–{FindingAnalysis.Ratio(d.OddsRatioInterval.High)})")).Append("</td><td class=\"n\">")
                 .Append(E($"{PValue(d.PValue)} ({PValue(d.AdjustedPValue)})")).Append("</td></tr>");
            h.Append("</tbody></table></div>");
        }

        var e = r.EmotionDrivers;
        h.Append("<h3>What goes with the relationship NPS</h3><p class=\"note\">").Append(E(e.RelationshipSurvey is { } survey
            ? $"Per stage and survey touchpoint, the correlation of the customers' emotion score there with their '{survey}' NPS answer and a simple regression ({e.Basis}; Benjamini–Hochberg over the drivers)."
            : "The relationship NPS: the NPS answers of the survey touchpoint of the latest stage.")).Append("</p>");
        if (e.NoDrivers is { } none) h.Append("<p class=\"note nodata\">No data: ").Append(E(none)).Append("</p>");
        else
        {
            h.Append("<table><thead><tr><th>Stage or touchpoint</th><th>Customers</th><th>Mean emotion</th><th>r (95 %)</th><th>R²</th><th>NPS answer (0–10) per score unit</th><th>p (adjusted)</th></tr></thead><tbody>");
            foreach (var d in e.Drivers)
                h.Append(d.Significant ? "<tr class=\"sig\"><td>" : "<tr><td>").Append(E($"{d.Name} ({d.Kind})")).Append("</td><td class=\"n\">")
                 .Append(E(Format.Count(d.Customers))).Append("</td><td class=\"n\">").Append(E(Format.Score(d.MeanScore))).Append("</td><td class=\"n\">")
                 .Append(E($"{d.Correlation.ToString("0.00", Inv)} ({d.CorrelationInterval.Low.ToString("0.00", Inv)} to {d.CorrelationInterval.High.ToString("0.00", Inv)})"))
                 .Append("</td><td class=\"n\">").Append(E(d.RSquared.ToString("0.00", Inv))).Append("</td><td class=\"n\">").Append(E(d.Slope.ToString("0.0", Inv)))
                 .Append("</td><td class=\"n\">").Append(E($"{PValue(d.PValue)} ({PValue(d.AdjustedPValue)})")).Append("</td></tr>");
            h.Append("</tbody></table>");
        }
        h.Append("</section>\n");
    }

    private static string Negativity(PainPoint p) => p.Negativity is not { } n
        ? "no survey data"
        : Format.Percent(n, 0) + (p.NegativityEstimated ? $" (stage's, estimated; n = {p.NegativityResponses})" : $" (n = {p.NegativityResponses})");

    /// <summary>Red (-1) through light yellow (0) to green (+1), as the workbook's colour scale.</summary>
    public static string EmotionColour(double? score)
    {
        if (score is not { } s) return "#eeeeee";
        s = Math.Clamp(s, -1, 1);
        (int R, int G, int B) red = (0xF8, 0x69, 0x6B), mid = (0xFF, 0xEB, 0x84), green = (0x63, 0xBE, 0x7B);
        var (from, to, t) = s < 0 ? (red, mid, s + 1) : (mid, green, s);
        int Mix(int a, int b) => (int)Math.Round(a + (b - a) * t);
        return $"#{Mix(from.R, to.R):X2}{Mix(from.G, to.G):X2}{Mix(from.B, to.B):X2}";
    }

    private const string Css = """
        body{font-family:"Liberation Sans",Arial,Helvetica,sans-serif;margin:0 auto;max-width:1200px;padding:24px;color:#222;background:#fff}
        h1{margin:0 0 4px;font-size:28px}h2{margin-top:32px;border-bottom:2px solid #0072B2;padding-bottom:4px}
        .sub{color:#555}.warn{color:#9a5b00}.note{color:#555;font-size:13px}
        .cards{display:flex;gap:16px;flex-wrap:wrap;margin-top:16px}
        .card{flex:1 1 200px;border:1px solid #ddd;border-radius:8px;padding:12px 16px}
        .card .label{color:#555;font-size:14px}.card .value{font-size:30px;font-weight:bold;margin:4px 0}
        .findings ol{font-size:17px;line-height:1.45}.findings li{margin:6px 0}.card .test{color:#555;font-size:12px;margin-top:4px}
        tr.sig td{background:#fff4f4}
        .change{font-size:13px}.change.up{color:#1a7f37}.change.down{color:#c62828}.change.flat{color:#555}
        table{border-collapse:collapse;width:100%;font-size:14px}th,td{border:1px solid #ddd;padding:6px 8px;vertical-align:top;text-align:left}
        thead th{background:#f2f5f9}td.n{text-align:right;white-space:nowrap}.scroll{overflow-x:auto}
        table.map th{width:150px}td.emotion{text-align:center;font-weight:bold}
        q{font-style:italic;color:#333}figure{margin:16px 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
        figcaption{color:#555;font-size:13px}footer{margin-top:40px;color:#888;font-size:12px}
        """;
}
