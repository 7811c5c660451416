using LibreQoS.Bpf.Abi;
using LibreQoS.Bpf.Maps;
using LibreQoS.Core.Flows;
using Microsoft.Win32.SafeHandles;

namespace LibreQoS.Bpf.DataPlane;

/// <summary>
/// The kernel's flow tracking: the LRU flow map the XDP program fills, its on/off switch, and the ring buffer of
/// RTT samples. Reading and removing are safe from any thread; <see cref="DrainRttSamples"/> from one at a time.
/// </summary>
public sealed class FlowTable : IDisposable
{
    private readonly BpfMap<FlowKey, FlowData> _flows;
    private readonly BpfMap<uint, FlowSettings> _settings;
    private readonly SafeFileHandle _ringFd;
    private readonly RingBufferReader<RttEvent> _ring;
    private readonly List<RttEvent> _events = [];

    internal FlowTable(BpfMap<FlowKey, FlowData> flows, BpfMap<uint, FlowSettings> settings, SafeFileHandle ringFd)
    {
        _flows = flows;
        _settings = settings;
        _ringFd = ringFd;
        _ring = new RingBufferReader<RttEvent>(ringFd, KernelAbi.RttEventsMap);
    }

    /// <summary>How many flows the map holds before the least recently used is evicted.</summary>
    public int Capacity => (int)_flows.Info.MaxEntries;

    /// <summary>Whether the programs track flows; off until switched on (lqosd follows lqos.conf).</summary>
    public bool Enabled
    {
        get => _settings.TryLookup(0, out var s) && s.Enabled != 0;
        set => _settings.Update(0, new FlowSettings { Enabled = value ? 1u : 0u });
    }

    /// <summary>A snapshot of every tracked flow.</summary>
    public IReadOnlyList<FlowSample> ReadAll()
    {
        var entries = _flows.ReadAll();
        var samples = new FlowSample[entries.Count];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = ToSample(entries[i].Key, entries[i].Value);
        return samples;
    }

    /// <summary>Forgets these flows (ended or idle); returns how many were still there.</summary>
    public int Remove(IEnumerable<FlowTuple> flows)
    {
        ArgumentNullException.ThrowIfNull(flows);
        return _flows.DeleteBatch(flows.Select(ToKey).ToArray());
    }

    /// <summary>Appends the RTT samples the kernel produced since the last call.</summary>
    public int DrainRttSamples(List<RttSample> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        _events.Clear();
        _ring.Drain(_events);
        foreach (var e in _events)
            into.Add(new RttSample(ToTuple(e.Key), e.Direction == KernelAbi.FlowUpload ? FlowDirection.Upload : FlowDirection.Download, e.RttNs));
        return _events.Count;
    }

    public void Dispose()
    {
        _ring.Dispose();
        _ringFd.Dispose();
        _settings.Dispose();
        _flows.Dispose();
    }

    private static unsafe FlowTuple ToTuple(in FlowKey key)
    {
        fixed (byte* remote = key.Remote, local = key.Local)
            return new FlowTuple(KernelAddress.FromBytes(new ReadOnlySpan<byte>(remote, 16)), KernelAddress.FromBytes(new ReadOnlySpan<byte>(local, 16)),
                key.RemotePort, key.LocalPort, key.Protocol);
    }

    private static unsafe FlowKey ToKey(FlowTuple tuple)
    {
        var key = new FlowKey { RemotePort = tuple.RemotePort, LocalPort = tuple.LocalPort, Protocol = tuple.Protocol };
        KernelAddress.Write(tuple.Remote, new Span<byte>(key.Remote, 16));
        KernelAddress.Write(tuple.Local, new Span<byte>(key.Local, 16));
        return key;
    }

    private static FlowSample ToSample(in FlowKey key, in FlowData data) => new(
        ToTuple(key), ToWay(data.Download), ToWay(data.Upload), data.StartNs, data.LastSeenNs, data.TcHandle, data.CircuitId, data.DeviceId,
        data.EndStatus switch { KernelAbi.FlowFin => FlowEnd.Fin, KernelAbi.FlowRst => FlowEnd.Reset, _ => FlowEnd.Alive }, data.Tos);

    private static FlowWay ToWay(in FlowDirectionCounters way) => new(way.Bytes, way.Packets, way.RateEstimateBps, way.Retransmits, way.LastRttNs);
}
