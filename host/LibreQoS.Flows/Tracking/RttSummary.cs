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

    private static double Percentile(ReadOnlySpan<double> sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
