using LibreQoS.Core.Flows;
using LibreQoS.Core.Network;

namespace LibreQoS.Flows.Tracking;

/// <summary>What lqosd's flow folding needs to know; defaults are upstream's.</summary>
public sealed record FlowTrackerOptions
{
    /// <summary>A flow with no packet for this long is forgotten (lqos.conf [flows] flow_timeout_seconds).</summary>
    public TimeSpan FlowTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A flow closed by FIN or RST stays listed this long after its last packet (never longer than the timeout).</summary>
    public TimeSpan EndedLinger { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A circuit's or host's RTT is reported only once its flows have moved this many bytes (upstream: 1 MB).</summary>
    public ulong MinBytesForRtt { get; init; } = 1_000_000;

    /// <summary>RTT percentiles cover the samples of this long.</summary>
    public TimeSpan RttWindow { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>A live flow with the circuit it belongs to and its rates over the last tick.</summary>
public sealed record TrackedFlow(FlowSample Sample, string? CircuitId, long DownloadBitsPerSecond, long UploadBitsPerSecond);

/// <summary>A pair of counts, download first.</summary>
public readonly record struct DownUpCount(long Down, long Up)
{
    public long Total => Down + Up;

    public static DownUpCount operator +(DownUpCount a, DownUpCount b) => new(a.Down + b.Down, a.Up + b.Up);
}

/// <summary>One circuit's flows, folded.</summary>
/// <param name="Retransmits">TCP retransmits seen during the last tick.</param>
/// <param name="RetransmitsTotal">Since lqosd started, ended flows included.</param>
/// <param name="Bytes">Bytes of its flows since lqosd started (what gates the RTT report).</param>
public sealed record CircuitFlowStats(
    string CircuitId,
    RttSummary? RttDownload,
    RttSummary? RttUpload,
    DownUpCount Retransmits,
    DownUpCount RetransmitsTotal,
    DownUpCount Packets,
    int ActiveFlows,
    DownUpCount Bytes);

/// <summary>One customer-side address's flows, folded.</summary>
public sealed record HostFlowStats(IpPrefix Host, string? CircuitId, RttSummary? RttDownload, RttSummary? RttUpload, DownUpCount Retransmits, int ActiveFlows);

/// <summary>The result of one tick: the live flows, per-circuit and per-host figures, and the flows that just finished.</summary>
/// <param name="Finished">Flows removed this tick (ended or idle): for NetFlow, and for the kernel map to forget.</param>
public sealed record FlowTick(
    ulong AtBootNanoseconds,
    IReadOnlyList<TrackedFlow> Flows,
    IReadOnlyDictionary<string, CircuitFlowStats> Circuits,
    IReadOnlyDictionary<IpPrefix, HostFlowStats> Hosts,
    IReadOnlyList<TrackedFlow> Finished)
{
    public static FlowTick Empty { get; } = new(0, [], new Dictionary<string, CircuitFlowStats>(), new Dictionary<IpPrefix, HostFlowStats>(), []);
}
