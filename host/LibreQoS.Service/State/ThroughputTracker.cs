using LibreQoS.Bpf.DataPlane;
using LibreQoS.Bus.Protocol;
using LibreQoS.Core.Network;

namespace LibreQoS.Service.State;

/// <summary>
/// Turns the data plane's cumulative per-host counters, sampled about once a second, into rates: totals,
/// shaped totals (hosts mapped to a class), and per circuit. Counters that went backwards (a host's entry was
/// recreated) count from zero rather than producing a negative rate.
/// </summary>
public sealed class ThroughputTracker(CircuitDirectory circuits, TimeProvider clock) : IThroughputSource
{
    private sealed record Sample(DateTimeOffset At, IReadOnlyDictionary<IpPrefix, HostCounters> Hosts);

    private sealed record CircuitTotals(string CircuitId, DownUp Bits, DownUp Packets, DownUp Bytes, DownUp PacketsTotal);

    private Sample? _previous;
    private ThroughputReply _totals = new(default, default, default, 0);
    private IReadOnlyDictionary<string, CircuitTotals> _circuits = new Dictionary<string, CircuitTotals>();

    public void Update(IReadOnlyList<HostCounters> counters)
    {
        var now = clock.GetUtcNow();
        var sample = new Sample(now, counters.ToDictionary(c => c.Host));
        var previous = Interlocked.Exchange(ref _previous, sample);
        if (previous is null)
            return;
        double seconds = (now - previous.At).TotalSeconds;
        if (seconds <= 0)
            return;

        long downBits = 0, upBits = 0, downPackets = 0, upPackets = 0, shapedDown = 0, shapedUp = 0;
        var perCircuit = new Dictionary<string, (long Db, long Ub, long Dp, long Up, long DB, long UB, long DP, long UP)>(StringComparer.Ordinal);
        foreach (var host in counters)
        {
            previous.Hosts.TryGetValue(host.Host, out var before);
            long db = Delta(host.DownloadBytes, before?.DownloadBytes), ub = Delta(host.UploadBytes, before?.UploadBytes);
            long dp = Delta(host.DownloadPackets, before?.DownloadPackets), up = Delta(host.UploadPackets, before?.UploadPackets);
            downBits += db * 8;
            upBits += ub * 8;
            downPackets += dp;
            upPackets += up;
            if (host.TcHandle == 0)
                continue;
            shapedDown += db * 8;
            shapedUp += ub * 8;
            string id = circuits.IdOf(host.CircuitId);
            var t = perCircuit.GetValueOrDefault(id);
            perCircuit[id] = (t.Db + db * 8, t.Ub + ub * 8, t.Dp + dp, t.Up + up,
                t.DB + (long)host.DownloadBytes, t.UB + (long)host.UploadBytes, t.DP + (long)host.DownloadPackets, t.UP + (long)host.UploadPackets);
        }

        DownUp Rate(long down, long up) => new((long)(down / seconds), (long)(up / seconds));
        _totals = new ThroughputReply(Rate(downBits, upBits), Rate(downPackets, upPackets), Rate(shapedDown, shapedUp), now.ToUnixTimeSeconds());
        _circuits = perCircuit.ToDictionary(p => p.Key, p => new CircuitTotals(p.Key, Rate(p.Value.Db, p.Value.Ub), Rate(p.Value.Dp, p.Value.Up),
            new DownUp(p.Value.DB, p.Value.UB), new DownUp(p.Value.DP, p.Value.UP)), StringComparer.Ordinal);
    }

    public ThroughputReply Totals() => _totals;

    /// <summary>Bits per second of every circuit that moved traffic in the last sample.</summary>
    public IEnumerable<KeyValuePair<string, DownUp>> CircuitBits() => _circuits.Select(c => KeyValuePair.Create(c.Key, c.Value.Bits));

    public IReadOnlyList<CircuitRate> TopCircuits(int count) =>
        _circuits.Values.OrderByDescending(c => c.Bits.Down + c.Bits.Up).Take(count).Select(Rate).ToList();

    public CircuitStatsReply? Circuit(string circuitId) =>
        _circuits.TryGetValue(circuitId, out var c) ? new CircuitStatsReply(Rate(c), c.Bytes, c.PacketsTotal) : null;

    private CircuitRate Rate(CircuitTotals c) => new(c.CircuitId, circuits.NameOf(c.CircuitId), c.Bits, c.Packets);

    private static long Delta(ulong now, ulong? before) => before is { } b && now >= b ? (long)(now - b) : (long)now;
}
