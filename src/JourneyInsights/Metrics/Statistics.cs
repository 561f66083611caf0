namespace JourneyInsights.Metrics;

/// <summary>A two-sided confidence interval.</summary>
public readonly record struct Interval(double Low, double High);

/// <summary>
/// An adjusted-Wald NPS estimate, in points (−100…100): <see cref="Adjusted"/> = 100·(p'P − p'D), <see cref="Variance"/>
/// of it in points², the 95 % interval and its half-width (the margin of error), see <see cref="Statistics.AdjustedWaldNps"/>.
/// </summary>
public readonly record struct NpsEstimate(double Adjusted, double Variance, Interval Interval, double MarginOfError);

/// <summary>The statistics behind the metrics, written out so that docs/metrics.md can state them exactly.</summary>
public static class Statistics
{
    /// <summary>z for a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Wilson score interval for <paramref name="successes"/> out of <paramref name="n"/>; null when n = 0.</summary>
    public static Interval? Wilson(long successes, long n, double z = Z95)
    {
        if (n <= 0) return null;
        double p = (double)successes / n, z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2.0 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new Interval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// Two-proportion z-test with pooled variance: z = (p1 - p2) / sqrt(p(1-p)(1/n1 + 1/n2)), p = (x1+x2)/(n1+n2).
    /// Returns z and the two-sided p-value; null when either sample is empty or the pooled rate is 0 or 1.
    /// </summary>
    public static (double Z, double P)? TwoProportionTest(long x1, long n1, long x2, long n2)
    {
        if (n1 <= 0 || n2 <= 0) return null;
        var pooled = (double)(x1 + x2) / (n1 + n2);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) return null;
        var z = ((double)x1 / n1 - (double)x2 / n2) / se;
        return (z, 2 * (1 - NormalCdf(Math.Abs(z))));
    }

    /// <summary>
    /// Fisher's exact test of x1/n1 against x2/n2 (a 2×2 table), two-sided: the sum of the hypergeometric probabilities of
    /// every table with the same margins that is no more likely than the observed one (R's <c>fisher.test</c>, relative
    /// tolerance 1e-7). Null when either sample is empty.
    /// </summary>
    public static double? FisherExact(long x1, long n1, long x2, long n2)
    {
        if (n1 <= 0 || n2 <= 0) return null;
        long successes = x1 + x2, total = n1 + n2;
        long low = Math.Max(0, successes - n2), high = Math.Min(successes, n1);
        double LogP(long a) => LogChoose(n1, a) + LogChoose(n2, successes - a) - LogChoose(total, successes);
        var observed = LogP(x1);
        double p = 0;
        for (var a = low; a <= high; a++)
        {
            var lp = LogP(a);
            if (lp <= observed + 1e-7 * Math.Abs(observed) + 1e-12) p += Math.Exp(lp);
        }
        return Math.Min(1, p);
    }

    /// <summary>
    /// Compares x1/n1 with x2/n2: Fisher's exact test when any expected count of the 2×2 table is below 5, otherwise the
    /// pooled two-proportion z-test. Returns the two-sided p-value and which test gave it ("fisher" or "z"); null when a
    /// sample is empty or the pooled rate is 0 or 1 (nothing to compare).
    /// </summary>
    public static (double P, string Test)? CompareProportions(long x1, long n1, long x2, long n2)
    {
        if (n1 <= 0 || n2 <= 0) return null;
        long successes = x1 + x2, total = n1 + n2;
        if (successes == 0 || successes == total) return null;
        var minExpected = Math.Min(Math.Min(n1, n2) * (double)successes / total, Math.Min(n1, n2) * (double)(total - successes) / total);
        if (minExpected < 5) return (FisherExact(x1, n1, x2, n2)!.Value, "fisher");
        return TwoProportionTest(x1, n1, x2, n2) is { } t ? (t.P, "z") : null;
    }

    /// <summary>ln C(n, k) via ln Γ.</summary>
    public static double LogChoose(long n, long k) => k < 0 || k > n ? double.NegativeInfinity : LogGamma(n + 1) - LogGamma(k + 1) - LogGamma(n - k + 1);

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos approximation, g = 7, 9 coefficients; relative error below 1e-13).</summary>
    public static double LogGamma(double x)
    {
        ReadOnlySpan<double> c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        var a = c[0];
        var t = x + 7.5;
        for (var i = 1; i < 9; i++) a += c[i] / (x + i);
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }

    /// <summary>
    /// Adjusted-Wald estimate of an NPS and its 95 % interval (Rocks 2016, The American Statistician 70(4); as described by
    /// Sauro and Lewis, MeasuringU): n' = n + 3, p'P = (promoters + 3/4)/n', p'D = (detractors + 3/4)/n',
    /// NPS' = p'P − p'D, Var = (p'P + p'D − NPS'²)/n', interval NPS' ± z·√Var clipped to [−1, 1]. NPS in points (×100).
    /// Null when there is no answer.
    /// </summary>
    public static NpsEstimate? AdjustedWaldNps(long promoters, long detractors, long answers, double z = Z95)
    {
        if (answers <= 0) return null;
        var n = answers + 3.0;
        double pp = (promoters + 0.75) / n, pd = (detractors + 0.75) / n;
        var adjusted = pp - pd;
        var variance = (pp + pd - adjusted * adjusted) / n;
        var half = z * Math.Sqrt(variance);
        return new NpsEstimate(100 * adjusted, 100 * variance * 100, new Interval(100 * Math.Max(-1, adjusted - half), 100 * Math.Min(1, adjusted + half)), 100 * half);
    }

    /// <summary>
    /// Test of the difference of two NPS (Sauro and Lewis's adjusted-Wald test): z = (NPS'1 − NPS'2)/√(Var1 + Var2) with
    /// the adjusted estimates and variances of <see cref="AdjustedWaldNps"/>; two-sided p. Null when a side has no answer.
    /// </summary>
    public static (double Z, double P)? NpsChangeTest(NpsEstimate? current, NpsEstimate? previous)
    {
        if (current is not { } a || previous is not { } b) return null;
        var se = Math.Sqrt(a.Variance + b.Variance);
        if (se == 0) return null;
        var z = (a.Adjusted - b.Adjusted) / se;
        return (z, 2 * (1 - NormalCdf(Math.Abs(z))));
    }

    /// <summary>
    /// Benjamini–Hochberg adjusted p-values (step-up, false discovery rate): sort the m p-values ascending, q(i) =
    /// min over j ≥ i of p(j)·m/j, capped at 1, returned in the input order. Nulls (no test) are left null and not counted in m.
    /// A result is significant when its adjusted p-value is below alpha.
    /// </summary>
    public static double?[] BenjaminiHochberg(IReadOnlyList<double?> pValues)
    {
        var order = Enumerable.Range(0, pValues.Count).Where(i => pValues[i] is { } p && !double.IsNaN(p))
            .OrderBy(i => pValues[i]!.Value).ThenBy(i => i).ToArray();
        var adjusted = new double?[pValues.Count];
        var m = order.Length;
        var running = 1.0;
        for (var r = m - 1; r >= 0; r--)
        {
            var i = order[r];
            running = Math.Min(running, pValues[i]!.Value * m / (r + 1));
            adjusted[i] = Math.Min(1, running);
        }
        return adjusted;
    }

    /// <summary>Welch's test for two means (normal approximation of the t distribution); null when a side has fewer than 2 values.</summary>
    public static (double Z, double P)? WelchTest(double mean1, double var1, long n1, double mean2, double var2, long n2)
    {
        if (n1 < 2 || n2 < 2) return null;
        var se = Math.Sqrt(var1 / n1 + var2 / n2);
        if (se == 0) return null;
        var z = (mean1 - mean2) / se;
        return (z, 2 * (1 - NormalCdf(Math.Abs(z))));
    }

    /// <summary>Standard normal CDF (via erfc, W. J. Cody's rational approximation as in Numerical Recipes' erfc, |error| &lt; 1.2e-7).</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
            t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /// <summary>
    /// Student-t quantile for a two-sided 95 % interval with <paramref name="df"/> degrees of freedom
    /// (Abramowitz and Stegun 26.7.5 expansion around z; exact table below 5 df).
    /// </summary>
    public static double T95(long df)
    {
        if (df <= 0) return double.NaN;
        ReadOnlySpan<double> table = [12.706204736, 4.302652730, 3.182446305, 2.776445105];
        if (df <= 4) return table[(int)df - 1];
        double z = Z95, n = df;
        double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z;
        return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n)
               + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n)
               + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * n * n * n * n);
    }

    /// <summary>
    /// Quantile with linear interpolation between closest ranks (R type 7, numpy's default, DuckDB's quantile_cont):
    /// h = (n-1)p, q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). <paramref name="sorted"/> must be ascending.
    /// </summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Mean, sample variance and count of the non-NaN values.</summary>
    public static (double Mean, double Variance, long N) MeanVariance(IEnumerable<double> values)
    {
        long n = 0; double mean = 0, m2 = 0;
        foreach (var x in values)
        {
            if (double.IsNaN(x)) continue;
            n++;
            var d = x - mean;
            mean += d / n;
            m2 += d * (x - mean);
        }
        return n == 0 ? (double.NaN, double.NaN, 0) : (mean, n > 1 ? m2 / (n - 1) : double.NaN, n);
    }

    /// <summary>95 % interval for a mean: mean ± t(n-1) · s / √n; null when n &lt; 2.</summary>
    public static Interval? MeanInterval(double mean, double variance, long n)
    {
        if (n < 2 || double.IsNaN(variance)) return null;
        var half = T95(n - 1) * Math.Sqrt(variance / n);
        return new Interval(mean - half, mean + half);
    }
}
