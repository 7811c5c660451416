using LibreQoS.Core.Flows;
using LibreQoS.Core.Network;

namespace LibreQoS.Flows.Tracking;

/// <summary>
/// Folds the kernel's flows and RTT samples, once a tick, into per-circuit and per-host RTT percentiles,
/// retransmits and flow counts, and decides which flows are finished. Called from one thread; the
/// <see cref="FlowTick"/> it returns is immutable and may be read from any.
/// </summary>
/// <remarks>
/// Kernel counters are cumulative per flow; each tick takes the difference from the previous tick's reading, so a
/// flow the kernel evicted and re-created counts from zero rather than going negative.
/// </remarks>
public sealed class FlowTracker(FlowTrackerOptions options)
{
    private readonly record struct Reading(ulong DownBytes, ulong UpBytes, ulong DownPackets, ulong UpPackets, uint DownRetransmits, uint UpRetransmits);

    private sealed class CircuitState(ulong rttWindow)
    {
        public RttWindow Rtt { get; } = new(rttWindow);

        public DownUpCount RetransmitsTotal;
        public DownUpCount Bytes;
        public DownUpCount TickRetransmits;
        public DownUpCount TickPackets;
        public int TickFlows;
    }

    private readonly ulong _rttWindow = (ulong)options.RttWindow.Ticks * 100;
    private readonly ulong _timeout = (ulong)options.FlowTimeout.Ticks * 100;
    private readonly ulong _linger = (ulong)Math.Min(options.EndedLinger.Ticks, options.FlowTimeout.Ticks) * 100;
    private readonly Dictionary<string, CircuitState> _circuits = new(StringComparer.Ordinal);
    private readonly Dictionary<IpPrefix, RttWindow> _hostRtt = [];
    private Dictionary<FlowTuple, Reading> _previous = [];
    private Dictionary<FlowTuple, Reading> _current = [];
    private ulong _previousAt;

    /// <param name="flows">Every flow in the kernel map now.</param>
    /// <param name="rttSamples">The RTT samples drained since the last tick, drained before <paramref name="flows"/> was read.</param>
    /// <param name="nowBootNanoseconds">CLOCK_BOOTTIME now, the clock of the flows' times.</param>
    /// <param name="circuitOf">The circuit id of a mapping's circuit hash; null for 0 or an unknown hash.</param>
    public FlowTick Update(IReadOnlyList<FlowSample> flows, IReadOnlyList<RttSample> rttSamples, ulong nowBootNanoseconds, Func<ulong, string?> circuitOf)
    {
        ArgumentNullException.ThrowIfNull(flows);
        ArgumentNullException.ThrowIfNull(rttSamples);
        ArgumentNullException.ThrowIfNull(circuitOf);
        double seconds = _previousAt == 0 || nowBootNanoseconds <= _previousAt ? 1 : (nowBootNanoseconds - _previousAt) / 1e9;
        foreach (var state in _circuits.Values)
        {
            state.TickRetransmits = default;
            state.TickPackets = default;
            state.TickFlows = 0;
        }

        var live = new List<TrackedFlow>(flows.Count);
        var finished = new List<TrackedFlow>();
        var byTuple = new Dictionary<FlowTuple, TrackedFlow>(flows.Count);
        var hosts = new Dictionary<IpPrefix, (string? Circuit, DownUpCount Retransmits, int Flows, ulong Bytes)>();
        var circuitNames = new Dictionary<ulong, string?>();
        _current.Clear();
        foreach (var sample in flows)
        {
            if (!circuitNames.TryGetValue(sample.CircuitId, out var circuit))
                circuitNames[sample.CircuitId] = circuit = sample.CircuitId == 0 ? null : circuitOf(sample.CircuitId);
            var reading = new Reading(sample.Download.Bytes, sample.Upload.Bytes, sample.Download.Packets, sample.Upload.Packets,
                sample.Download.Retransmits, sample.Upload.Retransmits);
            bool known = _previous.TryGetValue(sample.Flow, out var before);
            var bytes = new DownUpCount(Delta(reading.DownBytes, before.DownBytes), Delta(reading.UpBytes, before.UpBytes));
            var packets = new DownUpCount(Delta(reading.DownPackets, before.DownPackets), Delta(reading.UpPackets, before.UpPackets));
            var retransmits = new DownUpCount(Delta(reading.DownRetransmits, before.DownRetransmits), Delta(reading.UpRetransmits, before.UpRetransmits));
            var tracked = known
                ? new TrackedFlow(sample, circuit, (long)(bytes.Down * 8 / seconds), (long)(bytes.Up * 8 / seconds))
                : new TrackedFlow(sample, circuit, (long)sample.Download.RateBitsPerSecond, (long)sample.Upload.RateBitsPerSecond);
            byTuple[sample.Flow] = tracked;

            if (circuit is not null)
            {
                var state = Circuit(circuit);
                state.RetransmitsTotal += retransmits;
                state.Bytes += bytes;
                state.TickRetransmits += retransmits;
                state.TickPackets += packets;
                state.TickFlows++;
            }
            var host = hosts.GetValueOrDefault(sample.Flow.Local);
            hosts[sample.Flow.Local] = (circuit ?? host.Circuit, host.Retransmits + retransmits, host.Flows + 1,
                host.Bytes + sample.Download.Bytes + sample.Upload.Bytes);

            ulong idle = nowBootNanoseconds > sample.LastSeenBootNanoseconds ? nowBootNanoseconds - sample.LastSeenBootNanoseconds : 0;
            if (idle >= _timeout || (sample.End != FlowEnd.Alive && idle >= _linger))
            {
                finished.Add(tracked);
                continue;
            }
            live.Add(tracked);
            _current[sample.Flow] = reading;
        }
        (_previous, _current) = (_current, _previous);
        _previousAt = nowBootNanoseconds;

        FoldRtt(rttSamples, byTuple, nowBootNanoseconds);
        return new FlowTick(nowBootNanoseconds, live, CircuitStats(), HostStats(hosts, nowBootNanoseconds), finished);
    }

    private void FoldRtt(IReadOnlyList<RttSample> samples, Dictionary<FlowTuple, TrackedFlow> flows, ulong now)
    {
        foreach (var sample in samples)
        {
            if (!flows.TryGetValue(sample.Flow, out var flow))
                continue; // evicted before we read it: no circuit to charge it to
            if (flow.CircuitId is { } circuit)
                Circuit(circuit).Rtt.Add(sample.Direction, sample.RttNanoseconds, now);
            if (!_hostRtt.TryGetValue(sample.Flow.Local, out var window))
                _hostRtt[sample.Flow.Local] = window = new RttWindow(_rttWindow);
            window.Add(sample.Direction, sample.RttNanoseconds, now);
        }
        foreach (var state in _circuits.Values)
            state.Rtt.Settle(now);
    }

    private Dictionary<string, CircuitFlowStats> CircuitStats()
    {
        var stats = new Dictionary<string, CircuitFlowStats>(_circuits.Count, StringComparer.Ordinal);
        foreach (var (id, state) in _circuits)
        {
            bool enough = (ulong)state.Bytes.Total >= options.MinBytesForRtt;
            stats[id] = new CircuitFlowStats(id, enough ? state.Rtt.Download : null, enough ? state.Rtt.Upload : null,
                state.TickRetransmits, state.RetransmitsTotal, state.TickPackets, state.TickFlows, state.Bytes);
        }
        return stats;
    }

    private Dictionary<IpPrefix, HostFlowStats> HostStats(Dictionary<IpPrefix, (string? Circuit, DownUpCount Retransmits, int Flows, ulong Bytes)> hosts, ulong now)
    {
        var stats = new Dictionary<IpPrefix, HostFlowStats>(hosts.Count);
        foreach (var (host, facts) in hosts)
        {
            RttSummary? down = null, up = null;
            if (_hostRtt.TryGetValue(host, out var window))
            {
                window.Settle(now);
                if (facts.Bytes >= options.MinBytesForRtt)
                    (down, up) = (window.Download, window.Upload);
            }
            stats[host] = new HostFlowStats(host, facts.Circuit, down, up, facts.Retransmits, facts.Flows);
        }
        // A host with no flow left keeps no window.
        foreach (var gone in _hostRtt.Keys.Where(h => !hosts.ContainsKey(h)).ToList())
            _hostRtt.Remove(gone);
        return stats;
    }

    private CircuitState Circuit(string id)
    {
        if (!_circuits.TryGetValue(id, out var state))
            _circuits[id] = state = new CircuitState(_rttWindow);
        return state;
    }

    private static long Delta(ulong now, ulong before) => now >= before ? (long)(now - before) : (long)now;
}
