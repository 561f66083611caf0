namespace JourneyInsights.Metrics;

/// <summary>A two-sided confidence interval.</summary>
public readonly record struct Interval(double Low, double High);

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
