using JourneyInsights.Metrics;

namespace JourneyInsights.Tests.Metrics;

public class StatisticsTests
{
    [Fact]
    public void Benjamini_Hochberg_scales_each_sorted_p_value_by_m_over_its_rank_and_keeps_the_order()
    {
        // m = 4 tests (the null is no test). Sorted: 0.005 (rank 1), 0.01 (2), 0.03 (3), 0.04 (4);
        // p·m/rank = 0.02, 0.02, 0.04, 0.04; running minimum from the largest down leaves them as they are.
        var adjusted = Statistics.BenjaminiHochberg([0.01, null, 0.04, 0.03, 0.005]);
        Assert.Null(adjusted[1]);
        Assert.Equal([0.02, 0.04, 0.04, 0.02], adjusted.Where(q => q is not null).Select(q => Math.Round(q!.Value, 12)));
        // m = 2: 0.02·2/1 = 0.04 but 0.021·2/2 = 0.021 is smaller and ranks after it, so both become 0.021.
        Assert.Equal([0.021, 0.021], Statistics.BenjaminiHochberg([0.02, 0.021]).Select(q => Math.Round(q!.Value, 12)));
        // Sorted 0.6, 0.8, 0.9: ·3/1 = 1.8, ·3/2 = 1.2, ·3/3 = 0.9; the running minimum from the largest makes all 0.9.
        Assert.Equal([0.9, 0.9, 0.9], Statistics.BenjaminiHochberg([0.8, 0.9, 0.6]).Select(q => Math.Round(q!.Value, 12)));
    }

    [Fact]
    public void Adjusted_Wald_NPS_adds_three_quarters_to_promoters_and_detractors_and_three_to_n()
    {
        // 5 promoters, 3 passives, 2 detractors: n' = 13, p'P = 5.75/13 = 0.442308, p'D = 2.75/13 = 0.211538,
        // NPS' = 3/13 = 0.230769; Var = (0.442308 + 0.211538 − 0.230769²)/13 = 0.0461994;
        // margin = 1.959964·√0.0461994 = 0.421275 → interval (−0.190506, 0.652045), in points ×100.
        var e = Statistics.AdjustedWaldNps(promoters: 5, detractors: 2, answers: 10)!.Value;
        Assert.Equal(23.076923, e.Adjusted, 5);
        Assert.Equal(461.99363, e.Variance, 4);
        Assert.Equal(42.127538, e.MarginOfError, 5);
        Assert.Equal(-19.050615, e.Interval.Low, 5);
        Assert.Equal(65.204462, e.Interval.High, 5);
        // Against the mirror image (2 promoters, 5 detractors): z = 0.461538/√(2·0.0461994) = 1.518361, p = 0.128924.
        var test = Statistics.NpsChangeTest(e, Statistics.AdjustedWaldNps(2, 5, 10))!.Value;
        Assert.Equal(1.518361, test.Z, 5);
        Assert.Equal(0.128924, test.P, 5);
        Assert.Null(Statistics.AdjustedWaldNps(0, 0, 0));
    }

    [Fact]
    public void CSAT_top_two_box_carries_a_Wilson_interval()
    {
        // 7 of 10: centre (0.7 + z²/20)/(1 + z²/10), Wilson interval (0.396778, 0.892209) (Python's math module).
        var i = Statistics.Wilson(7, 10)!.Value;
        Assert.Equal(0.396778, i.Low, 5);
        Assert.Equal(0.892209, i.High, 5);
    }

    [Fact]
    public void Small_counts_are_compared_with_Fisher_large_ones_with_the_z_test()
    {
        // 2/8 vs 6/8: expected purchases 4 < 5 → Fisher, p = 1,698/12,870 (worked out in PainPointAndFindingTests).
        var small = Statistics.CompareProportions(2, 8, 6, 8)!.Value;
        Assert.Equal("fisher", small.Test);
        Assert.Equal(0.131935, small.P, 6);
        // 30/100 vs 50/100: pooled 0.4, se = √(0.4·0.6·(2/100)) = 0.069282, z = −2.886751, p = 0.003892.
        var large = Statistics.CompareProportions(30, 100, 50, 100)!.Value;
        Assert.Equal("z", large.Test);
        Assert.Equal(0.003892, large.P, 5);
        Assert.Null(Statistics.CompareProportions(0, 5, 0, 7)); // nobody converted on either side: nothing to test
    }
}
