using LibreQoS.Bpf.DataPlane;
using LibreQoS.Bus.Protocol;
using LibreQoS.Core.Network;
using LibreQoS.Core.Shaping;
using LibreQoS.Service.State;
using LibreQoS.TestKit;

namespace LibreQoS.Service.Tests;

public class ThroughputTrackerTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly CircuitDirectory _circuits = new();

    public ThroughputTrackerTests()
    {
        _circuits.Load(new ShapingPlan(new PlanInterfaces("isp0", "inet0", false, 0), 1, 1000, 1000, null, false, [],
        [
            new PlannedCircuit("C1", "Alice", "Site", 1, 3, 0, new RateLimit(1, 10), new RateLimit(1, 10), null, null, []),
            new PlannedCircuit("C2", "Bob", "Site", 1, 4, 0, new RateLimit(1, 10), new RateLimit(1, 10), null, null, []),
        ]));
    }

    private static HostCounters Host(string ip, ulong down, ulong up, string? circuit) => new(IpPrefix.Parse(ip), down, up, down / 100, up / 100,
        0, 0, 0, 0, 0, 0, circuit is null ? 0u : 0x10003u, circuit is null ? 0 : IdentityHash.ForKernel(circuit), 0, 0);

    [Fact]
    public void Update_TwoSamplesASecondApart_GiveRatesPerCircuitAndInTotal()
    {
        var tracker = new ThroughputTracker(_circuits, _clock);
        tracker.Update([Host("100.64.0.1", 1_000_000, 100_000, "C1"), Host("100.64.0.2", 0, 0, "C2"), Host("100.64.0.9", 0, 0, null)]);
        _clock.Advance(TimeSpan.FromSeconds(2));

        tracker.Update([Host("100.64.0.1", 3_500_000, 350_000, "C1"), Host("100.64.0.2", 500_000, 0, "C2"), Host("100.64.0.9", 1_000_000, 0, null)]);

        var totals = tracker.Totals();
        Assert.Equal(new DownUp((2_500_000 + 500_000 + 1_000_000) * 8 / 2, 250_000 * 8 / 2), totals.BitsPerSecond);
        Assert.Equal(new DownUp((2_500_000 + 500_000) * 8 / 2, 250_000 * 8 / 2), totals.ShapedBitsPerSecond);
        var top = tracker.TopCircuits(5);
        Assert.Equal(["C1", "C2"], top.Select(c => c.CircuitId));
        Assert.Equal(("Alice", 10_000_000L), (top[0].CircuitName, top[0].BitsPerSecond.Down));
        Assert.Equal(new DownUp(3_500_000, 350_000), tracker.Circuit("C1")!.Bytes);
    }

    [Fact]
    public void Update_CounterWentBackwards_CountsFromZeroInsteadOfGoingNegative()
    {
        var tracker = new ThroughputTracker(_circuits, _clock);
        tracker.Update([Host("100.64.0.1", 9_000_000, 0, "C1")]);
        _clock.Advance(TimeSpan.FromSeconds(1));

        tracker.Update([Host("100.64.0.1", 1_000, 0, "C1")]);

        Assert.Equal(8_000, tracker.Totals().BitsPerSecond.Down);
    }

    [Fact]
    public void Circuit_UnknownHash_IsReportedByItsHash()
    {
        var tracker = new ThroughputTracker(_circuits, _clock);
        tracker.Update([Host("100.64.0.1", 0, 0, "elsewhere")]);
        _clock.Advance(TimeSpan.FromSeconds(1));

        tracker.Update([Host("100.64.0.1", 1000, 0, "elsewhere")]);

        Assert.StartsWith("#", Assert.Single(tracker.TopCircuits(5)).CircuitId, StringComparison.Ordinal);
        Assert.Null(tracker.Circuit("C1"));
    }
}
