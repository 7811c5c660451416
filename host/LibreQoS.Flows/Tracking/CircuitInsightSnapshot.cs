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

/// <summary>Every circuit with flow data at one tick.</summary>
public sealed record CircuitInsightSnapshot(DateTimeOffset At, IReadOnlyList<CircuitInsight> Circuits)
{
    public static CircuitInsightSnapshot Empty { get; } = new(DateTimeOffset.MinValue, []);

    public static CircuitInsightSnapshot From(DateTimeOffset at, FlowTick tick)
    {
        ArgumentNullException.ThrowIfNull(tick);
        return new(at, tick.Circuits.Values.Select(c => new CircuitInsight(c.CircuitId,
            c.RttDownload?.P50Milliseconds, c.RttDownload?.P95Milliseconds, c.RttUpload?.P50Milliseconds, c.RttUpload?.P95Milliseconds,
            c.Retransmits.Down, c.Retransmits.Up)).ToList());
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
