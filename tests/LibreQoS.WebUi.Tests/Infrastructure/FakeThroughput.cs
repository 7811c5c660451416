using LibreQoS.Bus.Protocol;
using LibreQoS.Core.Shaping;
using LibreQoS.Service.State;

namespace LibreQoS.WebUi.Tests.Infrastructure;

/// <summary>Fixed live rates: circuit Cn moves n Mbps down and n/4 up; totals add 10% unshaped traffic.</summary>
public sealed class FakeThroughput(ShapingPlan plan) : IThroughputSource
{
    private readonly Dictionary<string, CircuitRate> _rates = plan.Circuits.ToDictionary(c => c.CircuitId,
        c => new CircuitRate(c.CircuitId, c.CircuitName, RateOf(c.CircuitId), new DownUp(100, 25)));

    public static DownUp RateOf(string circuitId)
    {
        long n = long.Parse(circuitId[1..], System.Globalization.CultureInfo.InvariantCulture) % 90 + 1;
        return new DownUp(n * 1_000_000, n * 250_000);
    }

    public ThroughputReply Totals()
    {
        long down = _rates.Values.Sum(r => r.BitsPerSecond.Down), up = _rates.Values.Sum(r => r.BitsPerSecond.Up);
        return new ThroughputReply(new DownUp(down * 11 / 10, up * 11 / 10), new DownUp(1000, 250), new DownUp(down, up), 1_790_000_000);
    }

    public IReadOnlyList<CircuitRate> TopCircuits(int count) =>
        [.. _rates.Values.OrderByDescending(r => r.BitsPerSecond.Down + r.BitsPerSecond.Up).Take(count)];

    public CircuitStatsReply? Circuit(string circuitId) =>
        _rates.TryGetValue(circuitId, out var rate) ? new CircuitStatsReply(rate, new DownUp(1_000_000, 250_000), new DownUp(1000, 250)) : null;
}
