using LibreQoS.Bpf.DataPlane;
using LibreQoS.Config.LqosConf;
using LibreQoS.Core.Flows;
using LibreQoS.Core.Network;
using LibreQoS.Flows.Rollup;
using LibreQoS.Flows.Tracking;
using LibreQoS.Flows.UnknownIps;
using LibreQoS.Service.State;

namespace LibreQoS.Service.Insight;

/// <summary>How top flows are ranked.</summary>
public enum FlowRanking
{
    Rate,
    Bytes,
}

/// <summary>
/// lqosd's view of flows, refreshed once a second by <see cref="Tick"/>: per-circuit and per-host RTT and retransmits,
/// site roll-ups, the unknown IPs, and NetFlow export of finished flows. Queries read the last tick's immutable
/// results and never wait for a tick.
/// </summary>
public sealed class FlowInsight : ICircuitInsightSource, IDisposable
{
    /// <summary>Width of the RTT histogram's buckets, and how many (the last one holds everything above).</summary>
    public const int HistogramBucketMs = 10;
    public const int HistogramBuckets = 50;

    private readonly FlowTracker _tracker;
    private readonly CircuitDirectory _circuits;
    private readonly IThroughputSource _throughput;
    private readonly TimeProvider _clock;
    private readonly NetFlowExporter? _netFlow;
    private readonly UnknownIpRanges _ranges;
    private readonly List<RttSample> _rtt = [];
    private volatile FlowTick _tick = FlowTick.Empty;
    private volatile IReadOnlyDictionary<string, SiteInsight> _sites = new Dictionary<string, SiteInsight>();
    private volatile CircuitInsightSnapshot _snapshot = CircuitInsightSnapshot.Empty;

    public FlowInsight(ConfigHolder config, CircuitDirectory circuits, IThroughputSource throughput, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(config);
        var flows = config.Current.Flows ?? new FlowsConfig();
        _tracker = new FlowTracker(new FlowTrackerOptions { FlowTimeout = TimeSpan.FromSeconds(flows.FlowTimeoutSeconds) });
        _circuits = circuits;
        _throughput = throughput;
        _clock = clock;
        _netFlow = NetFlowExporter.FromConfig(flows);
        var ranges = config.Current.IpRanges;
        _ranges = new UnknownIpRanges(Prefixes(ranges.IgnoreSubnets), Prefixes(ranges.AllowSubnets), ranges.UnknownIpHonorsIgnore, ranges.UnknownIpHonorsAllow);
    }

    public UnknownIpList UnknownIps { get; } = new();

    public FlowTick Latest => _tick;

    CircuitInsightSnapshot ICircuitInsightSource.Latest => _snapshot;

    public event Action<CircuitInsightSnapshot>? Ticked;

    /// <summary>NetFlow datagrams sent since start.</summary>
    public long NetFlowDatagrams { get; private set; }

    /// <summary>One second's work: fold flows, forget finished ones (after exporting them), refresh unknown IPs and roll-ups.</summary>
    public void Tick(IFlowSource source, IReadOnlyList<HostCounters> hosts, ulong nowBootNanoseconds)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(hosts);
        var now = _clock.GetUtcNow();
        _rtt.Clear();
        source.DrainRttSamples(_rtt); // before reading flows, so every sample's flow is in the read
        var tick = _tracker.Update(source.ReadFlows(), _rtt, nowBootNanoseconds, _circuits.FindId);
        if (tick.Finished.Count > 0)
        {
            if (_netFlow is not null)
                NetFlowDatagrams += _netFlow.Export(tick.Finished, nowBootNanoseconds, now);
            source.RemoveFlows(tick.Finished.Select(f => f.Sample.Flow));
        }
        _tick = tick;

        UnknownIps.Update(hosts.Select(h => new HostSighting(h.Host, h.TcHandle != 0, h.LastSeenBootNanoseconds, h.DownloadBytes, h.UploadBytes)),
            _ranges, nowBootNanoseconds, now, source.IsMapped);
        _sites = SiteInsightRollup.Roll(_circuits.ParentPaths.Select(c => new CircuitInsightInput(c.Value, Bits(c.Key), tick.Circuits.GetValueOrDefault(c.Key))));
        var snapshot = _snapshot = CircuitInsightSnapshot.From(now, tick, _sites);
        Ticked?.Invoke(snapshot);
    }

    public IReadOnlyList<CircuitFlowStats> WorstRtt(int count) =>
        _tick.Circuits.Values.Where(c => c.RttDownload is not null)
            .OrderByDescending(c => c.RttDownload!.Value.P50Milliseconds).Take(count).ToList();

    public IReadOnlyList<CircuitFlowStats> WorstRetransmits(int count) =>
        _tick.Circuits.Values.Where(c => c.RetransmitsTotal.Total > 0)
            .OrderByDescending(c => c.Retransmits.Total).ThenByDescending(c => c.RetransmitsTotal.Total).Take(count).ToList();

    public IReadOnlyList<TrackedFlow> TopFlows(FlowRanking by, int count) => by == FlowRanking.Bytes
        ? _tick.Flows.OrderByDescending(f => f.Sample.Download.Bytes + f.Sample.Upload.Bytes).Take(count).ToList()
        : _tick.Flows.OrderByDescending(f => f.DownloadBitsPerSecond + f.UploadBitsPerSecond).Take(count).ToList();

    public IReadOnlyList<TrackedFlow> CircuitFlows(string circuitId) =>
        _tick.Flows.Where(f => f.CircuitId == circuitId).OrderByDescending(f => f.Sample.Download.Bytes + f.Sample.Upload.Bytes).ToList();

    public CircuitFlowStats? Circuit(string circuitId) => _tick.Circuits.GetValueOrDefault(circuitId);

    public string CircuitName(string circuitId) => _circuits.NameOf(circuitId);

    /// <summary>Circuits by their customer-side median RTT, in <see cref="HistogramBucketMs"/> buckets.</summary>
    public IReadOnlyList<long> RttHistogram()
    {
        var buckets = new long[HistogramBuckets];
        foreach (var c in _tick.Circuits.Values)
        {
            if (c.RttDownload is { } rtt)
                buckets[Math.Min((int)(rtt.P50Milliseconds / HistogramBucketMs), HistogramBuckets - 1)]++;
        }
        return buckets;
    }

    /// <summary>Every network.json node with circuits beneath it, by path.</summary>
    public IReadOnlyDictionary<string, SiteInsight> Sites() => _sites;

    public void Dispose() => _netFlow?.Dispose();

    private DownUpCount Bits(string circuitId) =>
        _throughput.Circuit(circuitId) is { } stats ? new DownUpCount(stats.Circuit.BitsPerSecond.Down, stats.Circuit.BitsPerSecond.Up) : default;

    private static IpPrefix[] Prefixes(IEnumerable<string> texts) =>
        texts.Select(t => IpPrefix.TryParse(t, out var p, out _) ? p : (IpPrefix?)null).OfType<IpPrefix>().ToArray();
}
