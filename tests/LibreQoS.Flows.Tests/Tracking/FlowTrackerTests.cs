using LibreQoS.Core.Flows;
using LibreQoS.Core.Network;
using LibreQoS.Flows.Tracking;

namespace LibreQoS.Flows.Tests.Tracking;

public class FlowTrackerTests
{
    private const ulong Second = 1_000_000_000;
    private const ulong CircuitHash = 77;
    private readonly FlowTracker _tracker = new(new FlowTrackerOptions { FlowTimeout = TimeSpan.FromSeconds(30), EndedLinger = TimeSpan.FromSeconds(2) });

    private static FlowTuple Tuple(int port, string local = "100.64.0.1") =>
        new(IpPrefix.Parse("203.0.113.9"), IpPrefix.Parse(local), 443, (ushort)port, 6);

    private static FlowSample Flow(FlowTuple tuple, ulong downBytes, ulong upBytes, ulong lastSeen, uint downRetx = 0, uint upRetx = 0,
        FlowEnd end = FlowEnd.Alive, ulong circuit = CircuitHash) =>
        new(tuple, new FlowWay(downBytes, downBytes / 1000, 123, downRetx, 0), new FlowWay(upBytes, upBytes / 1000, 45, upRetx, 0),
            Second, lastSeen, 0x10003, circuit, 5, end, 0);

    private static string? Circuits(ulong hash) => hash == CircuitHash ? "C1" : null;

    private static RttSample Rtt(FlowTuple tuple, FlowDirection direction, double ms) => new(tuple, direction, (ulong)(ms * 1e6));

    [Fact]
    public void Update_RttPercentilesPerDirection_OnlyOnceAMegabyteHasFlowed()
    {
        var a = Tuple(1000);
        var samples = Enumerable.Range(1, 20).Select(i => Rtt(a, FlowDirection.Download, i * 10)).Append(Rtt(a, FlowDirection.Upload, 7)).ToList();

        var small = _tracker.Update([Flow(a, 500_000, 10_000, 10 * Second)], samples, 10 * Second, Circuits);
        Assert.Null(small.Circuits["C1"].RttDownload);

        var big = _tracker.Update([Flow(a, 2_000_000, 20_000, 11 * Second)], [], 11 * Second, Circuits);
        var circuit = big.Circuits["C1"];
        // Weighted by time: 10..200 ms sum to 2,100 ms; 10+..+140 = 1,050 is the half, 10+..+200 passes 95 %.
        Assert.Equal(new RttSummary(140, 200, 20), circuit.RttDownload);
        Assert.Equal(new RttSummary(7, 7, 1), circuit.RttUpload);
        Assert.Equal(new RttSummary(140, 200, 20), big.Hosts[IpPrefix.Parse("100.64.0.1")].RttDownload);
    }

    [Fact]
    public void Update_RttSamplesOlderThanTheWindow_AreDropped()
    {
        var a = Tuple(1000);
        _tracker.Update([Flow(a, 5_000_000, 0, 10 * Second)], [Rtt(a, FlowDirection.Download, 80)], 10 * Second, Circuits);

        var later = _tracker.Update([Flow(a, 6_000_000, 0, 25 * Second)], [Rtt(a, FlowDirection.Download, 20)], 25 * Second, Circuits);

        Assert.Equal(new RttSummary(20, 20, 1), later.Circuits["C1"].RttDownload);
    }

    [Fact]
    public void Update_Retransmits_PerTickAndSinceStart_AndARecreatedFlowCountsFromZero()
    {
        var a = Tuple(1000);
        _tracker.Update([Flow(a, 1000, 0, 10 * Second, downRetx: 4)], [], 10 * Second, Circuits);
        var second = _tracker.Update([Flow(a, 2000, 0, 11 * Second, downRetx: 10, upRetx: 1)], [], 11 * Second, Circuits);
        Assert.Equal(new DownUpCount(6, 1), second.Circuits["C1"].Retransmits);
        Assert.Equal(new DownUpCount(10, 1), second.Circuits["C1"].RetransmitsTotal);

        // Evicted and recreated by the kernel: its counters start again below the last reading.
        var third = _tracker.Update([Flow(a, 500, 0, 12 * Second, downRetx: 2)], [], 12 * Second, Circuits);

        Assert.Equal(new DownUpCount(2, 0), third.Circuits["C1"].Retransmits);
        Assert.Equal(new DownUpCount(12, 1), third.Circuits["C1"].RetransmitsTotal);
    }

    [Fact]
    public void Update_RateIsTheByteDeltaOverTheTick_FirstTickUsesTheKernelEstimate()
    {
        var a = Tuple(1000);
        var first = _tracker.Update([Flow(a, 1_000_000, 0, 10 * Second)], [], 10 * Second, Circuits);
        Assert.Equal(123, first.Flows.Single().DownloadBitsPerSecond);

        var second = _tracker.Update([Flow(a, 2_000_000, 0, 12 * Second)], [], 12 * Second, Circuits);

        Assert.Equal(4_000_000, second.Flows.Single().DownloadBitsPerSecond); // 1 MB in 2 s
    }

    [Fact]
    public void Update_IdleFlowsFinishAfterTheTimeout_EndedOnesAfterTheLinger()
    {
        var idle = Tuple(1);
        var fin = Tuple(2);
        var busy = Tuple(3);
        var now = 100 * Second;

        var tick = _tracker.Update(
        [
            Flow(idle, 10, 10, now - 31 * Second), Flow(fin, 10, 10, now - 3 * Second, end: FlowEnd.Fin),
            Flow(Tuple(4), 10, 10, now - 1 * Second, end: FlowEnd.Reset), Flow(busy, 10, 10, now - 29 * Second),
        ], [], now, Circuits);

        Assert.Equal([1, 2], tick.Finished.Select(f => (int)f.Sample.Flow.LocalPort).Order());
        Assert.Equal([3, 4], tick.Flows.Select(f => (int)f.Sample.Flow.LocalPort).Order());
    }

    [Fact]
    public void Update_FlowCountsAndUnmappedFlows()
    {
        var tick = _tracker.Update([Flow(Tuple(1), 10, 10, Second), Flow(Tuple(2), 10, 10, Second), Flow(Tuple(3, "100.64.0.2"), 10, 10, Second, circuit: 0)],
            [], Second, Circuits);

        Assert.Equal(2, tick.Circuits["C1"].ActiveFlows);
        Assert.Null(tick.Flows.Single(f => f.Sample.Flow.LocalPort == 3).CircuitId);
        Assert.Equal(1, tick.Hosts[IpPrefix.Parse("100.64.0.2")].ActiveFlows);
    }

    [Theory]
    [InlineData(new double[] { 5 }, 5, 5)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2, 4)]
    [InlineData(new double[] { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 }, 50, 100)]
    public void RttSummary_IsNearestRank(double[] samples, double p50, double p95)
    {
        var summary = RttSummary.Of(samples)!.Value;

        Assert.Equal((p50, p95, samples.Length), (summary.P50Milliseconds, summary.P95Milliseconds, summary.Samples));
    }

    [Theory]
    [InlineData(new double[] { 5 }, 5, 5)]
    [InlineData(new double[] { 10, 10, 10, 100 }, 100, 100)] // 100 ms of 130 is the long queue's share of the time
    [InlineData(new double[] { 1, 2, 3, 4 }, 3, 4)]
    public void RttSummary_TimeWeighted_WeighsEachSampleByItsRoundTrip(double[] samples, double p50, double p95)
    {
        var summary = RttSummary.TimeWeighted(samples)!.Value;

        Assert.Equal((p50, p95, samples.Length), (summary.P50Milliseconds, summary.P95Milliseconds, summary.Samples));
    }
}
