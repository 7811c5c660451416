using LibreQoS.Flows.Rollup;

namespace LibreQoS.Flows.Tracking;

/// <summary>One circuit's RTT and retransmits over one tick, as the history recorder stores them.</summary>
/// <param name="RttDownloadP50Ms">Null until the circuit has an RTT (enough bytes, a sample in the window).</param>
public sealed record CircuitInsight(
    string CircuitId,
    double? RttDownloadP50Ms,
    double? RttDownloadP95Ms,
    double? RttUploadP50Ms,
    double? RttUploadP95Ms,
    long RetransmitsDownload,
    long RetransmitsUpload);

/// <summary>One network.json node's RTT (pooled from its circuits' medians) and retransmits over one tick.</summary>
public sealed record SiteFlowInsight(string Path, double? RttDownloadP50Ms, double? RttUploadP50Ms, long RetransmitsDownload, long RetransmitsUpload);

/// <summary>Every circuit with flow data at one tick, and every node with such circuits beneath it.</summary>
public sealed record CircuitInsightSnapshot(DateTimeOffset At, IReadOnlyList<CircuitInsight> Circuits, IReadOnlyList<SiteFlowInsight> Sites)
{
    public static CircuitInsightSnapshot Empty { get; } = new(DateTimeOffset.MinValue, [], []);

    public static CircuitInsightSnapshot From(DateTimeOffset at, FlowTick tick, IReadOnlyDictionary<string, SiteInsight> sites)
    {
        ArgumentNullException.ThrowIfNull(tick);
        ArgumentNullException.ThrowIfNull(sites);
        return new(at,
            tick.Circuits.Values.Select(c => new CircuitInsight(c.CircuitId,
                c.RttDownload?.P50Milliseconds, c.RttDownload?.P95Milliseconds, c.RttUpload?.P50Milliseconds, c.RttUpload?.P95Milliseconds,
                c.Retransmits.Down, c.Retransmits.Up)).ToList(),
            sites.Values.Select(s => new SiteFlowInsight(s.Path, s.RttDownload?.P50Milliseconds, s.RttUpload?.P50Milliseconds,
                s.Retransmits.Down, s.Retransmits.Up)).ToList());
    }
}

/// <summary>
/// The seam for the history recorder: the newest per-circuit snapshot, replaced once a second. Reading never
/// blocks the tick; <see cref="Ticked"/> fires on the tick thread, so a subscriber must hand the work off.
/// </summary>
public interface ICircuitInsightSource
{
    CircuitInsightSnapshot Latest { get; }

    event Action<CircuitInsightSnapshot>? Ticked;
}
