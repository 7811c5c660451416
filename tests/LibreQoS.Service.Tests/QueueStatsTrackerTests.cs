using LibreQoS.Bus.Protocol;
using LibreQoS.Core.Shaping;
using LibreQoS.Flows.Tracking;
using LibreQoS.History;
using LibreQoS.Service.State;
using LibreQoS.Tc;
using LibreQoS.TestKit;

namespace LibreQoS.Service.Tests;

/// <summary>
/// A plan of two sites (Region/Tower) and three circuits on isp0 (download) and inet0 (upload), read back as tc
/// prints it. C1's leaf is CAKE, C2's fq_codel, C3 has no leaf of its own (HTB class only).
/// </summary>
public class QueueStatsTrackerTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly CircuitDirectory _circuits = new();

    public QueueStatsTrackerTests()
    {
        var rate = new RateLimit(1, 10);
        _circuits.Load(new ShapingPlan(new PlanInterfaces("isp0", "inet0", false, 0), 1, 1000, 1000, null, false,
        [
            new PlannedNode("Region", "Region", 1, 3, 0, 0, rate, rate, false),
            new PlannedNode("Tower", "Region/Tower", 1, 4, 3, 1, rate, rate, false),
        ],
        [
            new PlannedCircuit("C1", "Alice", "Region/Tower", 1, 5, 4, rate, rate, new LeafQdisc(["cake"]), new LeafQdisc(["cake"]), []),
            new PlannedCircuit("C2", "Bob", "Region/Tower", 1, 6, 4, rate, rate, new LeafQdisc(["fq_codel"]), new LeafQdisc(["fq_codel"]), []),
            new PlannedCircuit("C3", "Carol", "Region", 1, 7, 3, rate, rate, null, null, []),
        ]));
    }

    private static string Class(int minor, int parent, long drops, long overlimits, string backlog, int packets) => $"""
        class htb 1:{minor:x} parent 1:{parent:x} prio 3 rate 1Mbit ceil 10Mbit burst 1600b cburst 1600b 
         Sent 1000 bytes 10 pkt (dropped {drops}, overlimits {overlimits} requeues 0) 
         backlog {backlog} {packets}p requeues 0

        """;

    private static string CakeLeaf(long drops, long marks) => $$"""
        {"kind":"cake","handle":"8001:","parent":"1:5","bytes":10,"packets":1,"drops":{{drops}},"overlimits":0,"requeues":0,"backlog":0,"qlen":0,
         "memory_used":100,"memory_limit":1000,"tins":[{"sent_bytes":10,"sent_packets":1,"backlog_bytes":0,"drops":{{drops}},"ecn_mark":{{marks}},"ack_drops":1,"peak_delay_us":900,"avg_delay_us":300,"base_delay_us":20,"sparse_flows":1,"bulk_flows":2,"unresponsive_flows":0}]}
        """;

    private static InterfaceQueues Read(string device, long scale) => new(device,
        TcQdiscListing.Parse($$"""
            [{"kind":"htb","handle":"1:","parent":"7fff:1","bytes":0,"packets":0,"drops":0,"overlimits":0,"requeues":0,"backlog":0,"qlen":0},
             {{CakeLeaf(10 * scale, 4 * scale)}},
             {"kind":"fq_codel","handle":"8002:","parent":"1:6","bytes":5,"packets":1,"drops":{{3 * scale}},"overlimits":0,"requeues":0,"backlog":0,"qlen":0,"maxpacket":1514,"drop_overlimit":0,"new_flow_count":7,"ecn_mark":{{scale}},"new_flows_len":0,"old_flows_len":1}]
            """),
        TcClassListing.Parse(Class(3, 1, 0, 0, "0b", 0) + Class(4, 3, 0, 0, "0b", 0) + Class(5, 4, 2 * scale, 100 * scale, "3028b", 2)
            + Class(6, 4, 1 * scale, 50 * scale, "0b", 0) + Class(7, 3, 5 * scale, 70 * scale, "1514b", 1)));

    [Fact]
    public void Update_TwoReads_GiveEachCircuitItsCountersAndRates()
    {
        var tracker = new QueueStatsTracker(_circuits, _clock);
        tracker.Update([Read("isp0", 1), Read("inet0", 0)], stale: false);
        _clock.Advance(TimeSpan.FromSeconds(2));

        tracker.Update([Read("isp0", 3), Read("inet0", 1)], stale: false);

        var c1 = tracker.Raw("C1")!;
        Assert.Equal("Alice", c1.Circuit.CircuitName);
        // CAKE's own drops (30) exceed what HTB saw at enqueue (6): the leaf's count is the whole.
        Assert.Equal(new QueueDirection(30, 12, 1, 300, 3028, 2, 10, 4, 100), c1.Circuit.Download);
        Assert.Equal("cake", c1.DownloadLeaf!.Kind);
        Assert.Equal((900L, 2L), (c1.DownloadLeaf.Tins![0].PeakDelayUs, c1.DownloadLeaf.Tins[0].BulkFlows));
        var c2 = tracker.Raw("C2")!;
        Assert.Equal((9L, 3L, 3.0), (c2.Circuit.Download.Drops, c2.Circuit.Download.EcnMarks, c2.Circuit.Download.DropsPerSecond));
        Assert.Equal(7L, c2.DownloadLeaf!.FqCodel!.NewFlowCount);
        var c3 = tracker.Raw("C3")!;
        Assert.Null(c3.DownloadLeaf);
        Assert.Equal((15L, 210L, 1514L, 5.0), (c3.Circuit.Download.Drops, c3.Circuit.Download.Overlimits, c3.Circuit.Download.BacklogBytes, c3.Circuit.Download.DropsPerSecond));
        Assert.Equal(10L, c1.Circuit.Upload.Drops);
    }

    [Fact]
    public void Totals_And_Sites_SumTheCircuits()
    {
        var tracker = new QueueStatsTracker(_circuits, _clock);
        tracker.Update([Read("isp0", 1), Read("inet0", 1)], stale: false);

        var totals = tracker.Totals();
        Assert.Equal((10L + 3 + 5, 3, false), (totals.Download.Drops, totals.Circuits, totals.Stale));
        Assert.Equal(3028L + 1514, totals.Download.BacklogBytes);
        var sites = tracker.Sites().Sites.ToDictionary(s => s.Path);
        Assert.Equal(18L, sites["Region"].Download.Drops);
        Assert.Equal(13L, sites["Region/Tower"].Download.Drops);
    }

    [Fact]
    public void Top_OrdersByDropsPerSecond()
    {
        var tracker = new QueueStatsTracker(_circuits, _clock);
        tracker.Update([Read("isp0", 1), Read("inet0", 1)], stale: false);
        _clock.Advance(TimeSpan.FromSeconds(1));

        tracker.Update([Read("isp0", 2), Read("inet0", 2)], stale: false);

        Assert.Equal(["C1", "C3", "C2"], tracker.Top(3).Circuits.Select(c => c.CircuitId));
        Assert.Equal(["C1"], tracker.Top(1).Circuits.Select(c => c.CircuitId));
    }

    [Fact]
    public void Stale_WhileReloading_OrAfterAFailedRead_KeepsTheValues()
    {
        var tracker = new QueueStatsTracker(_circuits, _clock);
        Assert.True(tracker.Totals().Stale); // nothing read yet

        tracker.Update([Read("isp0", 1)], stale: true);
        Assert.True(tracker.Totals().Stale);
        tracker.Update([Read("isp0", 1)], stale: false);
        Assert.False(tracker.Sites().Stale);
        tracker.MarkStale();

        Assert.True(tracker.Raw("C1")!.Stale);
        Assert.Equal(10L, tracker.Raw("C1")!.Circuit.Download.Drops);
    }

    [Fact]
    public void HistorySampler_OneTick_HoldsTotalsCircuitsAndSites()
    {
        var queues = new QueueStatsTracker(_circuits, _clock);
        queues.Update([Read("isp0", 1)], stale: false);
        _clock.Advance(TimeSpan.FromSeconds(1));
        queues.Update([Read("isp0", 2)], stale: false);
        var flows = new FixedInsight(new CircuitInsightSnapshot(_clock.GetUtcNow(), [new CircuitInsight("C1", 48.5, 60, 3.5, 4, 7, 1)],
            [new SiteFlowInsight("Region/Tower", 48.5, 3.5, 7, 1), new SiteFlowInsight("Region", 48.5, 3.5, 7, 1)]));
        var sampler = new HistorySampler(new ThroughputTracker(_circuits, _clock), queues, _circuits, flows);

        var tick = sampler.Sample(_clock.GetUtcNow());

        var byKey = tick.Samples.ToDictionary(s => (s.Kind, s.Key), s => s.Metrics);
        Assert.Equal(10.0, byKey[(SeriesKind.Circuit, "C1")].DropsDown);
        Assert.Equal(10.0 + 3 + 5, byKey[(SeriesKind.Site, "Region")].DropsDown);
        Assert.Equal(10.0 + 3, byKey[(SeriesKind.Site, "Region/Tower")].DropsDown);
        Assert.Equal(18.0, byKey[(SeriesKind.Total, "")].DropsDown);
        Assert.Equal(48.5, byKey[(SeriesKind.Circuit, "C1")].RttDownMs);
        Assert.Equal(7.0, byKey[(SeriesKind.Circuit, "C1")].RetransmitsDown);
        Assert.Equal(3.5, byKey[(SeriesKind.Site, "Region")].RttUpMs);
        Assert.Equal(1.0, byKey[(SeriesKind.Total, "")].RetransmitsUp);
        Assert.Null(byKey[(SeriesKind.Circuit, "C2")].RttDownMs); // queues only, no flows
    }

    [Fact]
    public void HistorySampler_StaleFlowSnapshot_RttAndRetransmitsLeftUnmeasured()
    {
        var queues = new QueueStatsTracker(_circuits, _clock);
        queues.Update([Read("isp0", 1)], stale: false);
        var flows = new FixedInsight(new CircuitInsightSnapshot(_clock.GetUtcNow().AddSeconds(-30), [new CircuitInsight("C1", 48.5, 60, 3.5, 4, 7, 1)], []));
        var sampler = new HistorySampler(new ThroughputTracker(_circuits, _clock), queues, _circuits, flows);

        var tick = sampler.Sample(_clock.GetUtcNow());

        Assert.All(tick.Samples, s => Assert.Null(s.Metrics.RttDownMs));
        Assert.All(tick.Samples, s => Assert.Null(s.Metrics.RetransmitsDown));
    }

    private sealed class FixedInsight(CircuitInsightSnapshot snapshot) : ICircuitInsightSource
    {
        public CircuitInsightSnapshot Latest => snapshot;

        public event Action<CircuitInsightSnapshot>? Ticked { add { } remove { } }
    }
}
