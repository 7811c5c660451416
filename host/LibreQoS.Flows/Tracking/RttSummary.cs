namespace LibreQoS.Flows.Tracking;

/// <summary>Percentiles of the recent RTT samples of a circuit or host in one direction.</summary>
public readonly record struct RttSummary(double P50Milliseconds, double P95Milliseconds, int Samples)
{
    /// <summary>Nearest-rank percentiles of <paramref name="milliseconds"/>, which this sorts in place; null when empty.</summary>
    public static RttSummary? Of(Span<double> milliseconds)
    {
        if (milliseconds.IsEmpty)
            return null;
        milliseconds.Sort();
        return new RttSummary(Percentile(milliseconds, 0.50), Percentile(milliseconds, 0.95), milliseconds.Length);
    }

    /// <summary>
    /// Percentiles over time rather than over samples: each sample stands for the round trip it measured. A flow
    /// yields about one sample per round trip, so a queue that is long half of the time gives fewer samples while
    /// it is long; weighting by the RTT itself undoes that and agrees with a prober sampling at a steady rate (ping).
    /// Sorts <paramref name="milliseconds"/> in place; null when empty.
    /// </summary>
    public static RttSummary? TimeWeighted(Span<double> milliseconds)
    {
        if (milliseconds.IsEmpty)
            return null;
        milliseconds.Sort();
        double total = 0;
        foreach (double ms in milliseconds)
            total += Math.Max(ms, MinWeightMs);
        return new RttSummary(Weighted(milliseconds, total * 0.50), Weighted(milliseconds, total * 0.95), milliseconds.Length);
    }

    // A sample of 0 ms (two stamps within one clock tick) still counts a little.
    private const double MinWeightMs = 0.01;

    private static double Weighted(ReadOnlySpan<double> sorted, double target)
    {
        double cumulative = 0;
        foreach (double ms in sorted)
        {
            cumulative += Math.Max(ms, MinWeightMs);
            if (cumulative >= target)
                return ms;
        }
        return sorted[^1];
    }

    private static double Percentile(ReadOnlySpan<double> sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
