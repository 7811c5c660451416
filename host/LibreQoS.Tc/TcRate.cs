using System.Globalization;

namespace LibreQoS.Tc;

/// <summary>Rates and HTB quantums as tc takes them.</summary>
public static class TcRate
{
    private const double BytesPerSecondPerMbps = 125_000;
    private const int MinQuantum = 1522;
    private const int MaxQuantum = 200_000;

    /// <summary>Whole megabits as <c>100mbit</c>, anything else exactly in kilobits (<c>2500kbit</c>).</summary>
    public static string Format(double mbps)
    {
        var (value, unit) = Units(mbps);
        return string.Create(CultureInfo.InvariantCulture, $"{value}{unit}");
    }

    /// <summary>What tc reports for a rate written by <see cref="Format"/>, in bytes per second.</summary>
    public static long BytesPerSecond(double mbps)
    {
        var (value, unit) = Units(mbps);
        return unit == "mbit" ? value * 125_000 : value * 125;
    }

    private static (long Value, string Unit) Units(double mbps) =>
        mbps >= 1 && Math.Abs(mbps - Math.Round(mbps)) < 1e-9
            ? ((long)Math.Round(mbps), "mbit")
            : (Math.Max(1, (long)Math.Round(mbps * 1000)), "kbit");

    /// <summary>
    /// Upstream's r2q: the smallest divisor from 10 up that keeps the fastest link's quantum at or under 60,000 bytes,
    /// so HTB never warns that a quantum is too big.
    /// </summary>
    public static int R2q(double fastestLinkMbps) =>
        Math.Max(10, (int)Math.Ceiling(fastestLinkMbps * BytesPerSecondPerMbps / 60_000));

    public static int Quantum(double ceilMbps, int r2q) =>
        (int)Math.Clamp(ceilMbps * BytesPerSecondPerMbps / r2q, MinQuantum, MaxQuantum);
}
