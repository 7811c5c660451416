using System.Net;
using LibreQoS.Bpf.DataPlane;
using LibreQoS.Bus.Protocol;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.Core.Flows;
using LibreQoS.Core.Network;
using LibreQoS.Core.Shaping;
using LibreQoS.Service.Handling;
using LibreQoS.Service.Insight;
using LibreQoS.Service.State;
using LibreQoS.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibreQoS.Service.Tests.Insight;

/// <summary>The flow tick and the bus's flow requests over a fake kernel flow source.</summary>
public sealed class FlowInsightTests : IDisposable
{
    private const ulong Second = 1_000_000_000;
    private static readonly IpPrefix Alice = IpPrefix.Parse("100.64.0.1");
    private static readonly IpPrefix Bob = IpPrefix.Parse("100.64.0.2");
    private static readonly IpPrefix Remote = IpPrefix.Parse("203.0.113.9");

    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly CircuitDirectory _circuits = new();
    private readonly FakeFlowSource _source = new();
    private readonly NetFlowCollector _collector = new();
    private readonly FlowInsight _insight;
    private readonly LqosdRequestHandler _handler;

    public FlowInsightTests()
    {
        _circuits.Load(new ShapingPlan(new PlanInterfaces("isp0", "inet0", false, 0), 1, 1000, 1000, null, false, [],
        [
            new PlannedCircuit("C1", "Alice", "Site/AP", 1, 3, 0, new RateLimit(1, 10), new RateLimit(1, 10), null, null, []),
            new PlannedCircuit("C2", "Bob", "Site", 1, 4, 0, new RateLimit(1, 10), new RateLimit(1, 10), null, null, []),
        ]));
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf");
        var config = LqosConfigReader.Read(path, new DiagnosticBag())! with
        {
            Flows = new FlowsConfig { FlowTimeoutSeconds = 30, NetflowEnabled = true, NetflowIp = "127.0.0.1", NetflowPort = _collector.Port, NetflowVersion = 9 },
            IpRanges = new IpRangesConfig { IgnoreSubnets = ["100.64.9.0/24"], AllowSubnets = ["100.64.0.0/10"] },
        };
        var holder = new ConfigHolder(path, config);
        _insight = new FlowInsight(holder, _circuits, new NoThroughput(), _clock);
        _handler = new LqosdRequestHandler(holder, null!, new InMemoryIpMappingTable(), new SchedulerStatusStore(_clock), new UrgentIssueStore(_clock),
            new Blackboard(), new NoThroughput(), NullLogger<LqosdRequestHandler>.Instance, flows: _insight);
    }

    public void Dispose()
    {
        _insight.Dispose();
        _collector.Dispose();
    }

    private async Task<T> Ask<T>(BusRequest request) where T : BusResponse =>
        Assert.IsType<T>(await _handler.HandleAsync(request, _ => ValueTask.CompletedTask, default));

    private static FlowSample Flow(IpPrefix local, ushort port, ulong downBytes, ulong lastSeen, uint downRetx = 0, FlowEnd end = FlowEnd.Alive, string? circuit = "C1") =>
        new(new FlowTuple(Remote, local, 443, port, 6), new FlowWay(downBytes, downBytes / 1500, 0, downRetx, 40_000_000), new FlowWay(downBytes / 20, 10, 0, 0, 0),
            Second, lastSeen, 0x10003, circuit is null ? 0 : IdentityHash.ForKernel(circuit), 1, end, 0);

    private void Tick(ulong now, params HostCounters[] hosts) => _insight.Tick(_source, hosts, now);

    [Fact]
    public async Task WorstRttAndRetransmits_RankCircuits_AndTheSiteRollUpShowsThem()
    {
        _source.Flows = [Flow(Alice, 1, 5_000_000, 10 * Second, downRetx: 3), Flow(Bob, 2, 5_000_000, 10 * Second, circuit: "C2")];
        _source.Rtt = [.. Enumerable.Repeat(new RttSample(_source.Flows[0].Flow, FlowDirection.Download, 80_000_000), 5),
            new RttSample(_source.Flows[1].Flow, FlowDirection.Download, 20_000_000)];
        Tick(10 * Second);

        var worst = await Ask<CircuitInsights>(new GetWorstRtt(5));
        Assert.Equal(["C1", "C2"], worst.Circuits.Select(c => c.CircuitId));
        Assert.Equal(("Alice", new RttInfo(80, 80, 5)), (worst.Circuits[0].CircuitName, worst.Circuits[0].RttDownload));
        var retx = await Ask<CircuitInsights>(new GetWorstRetransmits(5));
        Assert.Equal(new DownUp(3, 0), Assert.Single(retx.Circuits).RetransmitsTotal);
        var sites = (await Ask<SiteInsights>(new GetSiteInsights())).Sites.ToDictionary(s => s.Path);
        Assert.Equal((20.0, 80.0, 2), (sites["Site"].RttDownload!.P50Ms, sites["Site"].RttDownload!.P95Ms, sites["Site"].Circuits)); // nearest rank over the circuits 20 and 80 ms
        Assert.Equal(80, sites["Site/AP"].RttDownload!.P50Ms);
        var histogram = await Ask<RttHistogramReply>(new RttHistogram());
        Assert.Equal((1L, 1L, 2L), (histogram.Buckets[2], histogram.Buckets[8], histogram.Buckets.Sum()));
    }

    [Fact]
    public async Task CircuitFlowsAndTopFlows_ListTheLiveFlows()
    {
        _source.Flows = [Flow(Alice, 1, 1_000, 10 * Second), Flow(Alice, 2, 9_000, 10 * Second), Flow(Bob, 3, 5_000, 10 * Second, circuit: "C2")];
        Tick(10 * Second);

        var circuit = await Ask<CircuitFlowsReply>(new GetCircuitFlows("C1"));
        Assert.Equal([2, 1], circuit.Flows.Select(f => f.LocalPort));
        Assert.Equal((2, 40_000L), (circuit.Circuit!.ActiveFlows, circuit.Flows[0].RttUs.Down));
        var top = await Ask<FlowList>(new TopFlows("bytes", 2));
        Assert.Equal([2, 3], top.Flows.Select(f => f.LocalPort));
        Assert.Contains("use rate or bytes", (await Ask<Fail>(new TopFlows("drops"))).Message, StringComparison.Ordinal);
        Assert.Contains("no flows", (await Ask<Fail>(new GetCircuitFlows("nope"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FinishedFlows_AreExportedAsNetFlowV9_AndRemovedFromTheKernel()
    {
        _source.Flows = [Flow(Alice, 1, 3_000, 9 * Second, end: FlowEnd.Fin), Flow(Alice, 2, 1_000, 11 * Second)];

        Tick(12 * Second);

        Assert.Equal([1], _source.Removed.Select(t => (int)t.LocalPort));
        var records = _collector.Receive(2, TimeSpan.FromSeconds(5));
        Assert.Equal(2, records.Count);
        var download = records.Single(r => r.Number(61) == 0);
        Assert.Equal((IPAddress.Parse("203.0.113.9"), IPAddress.Parse("100.64.0.1"), 3_000UL), (download.Address(8), download.Address(12), download.Number(1)));
        Assert.Equal([2], (await Ask<CircuitFlowsReply>(new GetCircuitFlows("C1"))).Flows.Select(f => f.LocalPort));
    }

    [Fact]
    public async Task UnknownIps_HonourIpRangesAndTheMappingTable_AndClear()
    {
        _source.Mapped = [IpPrefix.Parse("100.64.0.5")];
        Tick(100 * Second, Host("100.64.0.1", 99 * Second, mapped: true), Host("100.64.0.7", 99 * Second), Host("100.64.9.9", 99 * Second),
            Host("8.8.8.8", 99 * Second), Host("100.64.0.5", 99 * Second));

        var unknown = await Ask<UnknownIps>(new AllUnknownIps());
        Assert.Equal(["100.64.0.7"], unknown.Ips.Select(i => i.IpAddress));
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds() - 1, unknown.Ips[0].LastSeenUnix);

        await Ask<Ack>(new ClearUnknownIps());

        Assert.Empty((await Ask<UnknownIps>(new AllUnknownIps())).Ips);
    }

    private static HostCounters Host(string ip, ulong lastSeen, bool mapped = false) =>
        new(IpPrefix.Parse(ip), 100, 50, 1, 1, 0, 0, 0, 0, 0, 0, mapped ? 0x10003u : 0, 0, 0, lastSeen);

    private sealed class FakeFlowSource : IFlowSource
    {
        public List<FlowSample> Flows { get; set; } = [];

        public List<RttSample> Rtt { get; set; } = [];

        public List<FlowTuple> Removed { get; } = [];

        public List<IpPrefix> Mapped { get; set; } = [];

        public int DrainRttSamples(List<RttSample> into)
        {
            into.AddRange(Rtt);
            int count = Rtt.Count;
            Rtt = [];
            return count;
        }

        public IReadOnlyList<FlowSample> ReadFlows() => Flows;

        public int RemoveFlows(IEnumerable<FlowTuple> flows)
        {
            var gone = flows.ToList();
            Removed.AddRange(gone);
            Flows.RemoveAll(f => gone.Contains(f.Flow));
            return gone.Count;
        }

        public bool IsMapped(IpPrefix host) => Mapped.Contains(host);
    }
}
