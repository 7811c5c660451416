using System.Text.Json;
using System.Text.Json.Serialization;

namespace LibreQoS.Bus.Protocol;

/// <summary>One reply per request, in request order. See docs/bus.md.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(Ack), "ack")]
[JsonDerivedType(typeof(Fail), "fail")]
[JsonDerivedType(typeof(ConfigReply), "config")]
[JsonDerivedType(typeof(RefreshReply), "refresh_result")]
[JsonDerivedType(typeof(ValidationReply), "validation")]
[JsonDerivedType(typeof(MappedIps), "mapped_ips")]
[JsonDerivedType(typeof(SchedulerStatusReply), "scheduler_status")]
[JsonDerivedType(typeof(UrgentIssues), "urgent_issues")]
[JsonDerivedType(typeof(ThroughputReply), "throughput")]
[JsonDerivedType(typeof(TopCircuits), "top_circuits")]
[JsonDerivedType(typeof(CircuitStatsReply), "circuit_stats")]
[JsonDerivedType(typeof(TopologyRuntimeStatusReply), "topology_runtime_status")]
[JsonDerivedType(typeof(QueueStatsTotals), "queue_stats_total")]
[JsonDerivedType(typeof(RawQueueData), "raw_queue_data")]
[JsonDerivedType(typeof(TopQueueCircuits), "top_queue_circuits")]
[JsonDerivedType(typeof(SiteQueueStatsReply), "site_queue_stats")]
[JsonDerivedType(typeof(HistoryReply), "history")]
[JsonDerivedType(typeof(CircuitInsights), "circuit_insights")]
[JsonDerivedType(typeof(FlowList), "flows")]
[JsonDerivedType(typeof(CircuitFlowsReply), "circuit_flows")]
[JsonDerivedType(typeof(RttHistogramReply), "rtt_histogram")]
[JsonDerivedType(typeof(SiteInsights), "site_insights")]
[JsonDerivedType(typeof(UnknownIps), "unknown_ips")]
public abstract record BusResponse;

public sealed record Ack : BusResponse
{
    public static Ack Instance { get; } = new();
}

public sealed record Fail(string Message) : BusResponse;

/// <param name="Config">The effective config as JSON, in the shape of the typed model.</param>
public sealed record ConfigReply(string Path, JsonElement Config) : BusResponse;

public sealed record RefreshReply(bool Succeeded, string Summary) : BusResponse;

public sealed record ValidationReply(bool Ok, string Summary, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings) : BusResponse;

public sealed record IpMappingInfo(string IpAddress, string TcHandle, int Cpu, bool Upload, string CircuitId, string DeviceId);

public sealed record MappedIps(IReadOnlyList<IpMappingInfo> Mappings) : BusResponse;

public sealed record SchedulerProgressInfo(bool Active, string Phase, int Percent, int StepIndex, int StepCount, long UpdatedUnix, string? PhaseLabel = null);

/// <param name="Running">A heartbeat arrived within the last five minutes.</param>
public sealed record SchedulerStatusReply(bool Running, long? LastHeartbeatUnix, string? Error, string? ErrorLogPath, string? LastOutput, SchedulerProgressInfo? Progress) : BusResponse;

public sealed record UrgentIssue(long Id, long TimestampUnix, string Source, string Severity, string Code, string Message, string? Context, string? DedupeKey);

public sealed record UrgentIssues(IReadOnlyList<UrgentIssue> Issues) : BusResponse;

/// <summary>A pair of values, download first, as upstream's DownUpOrder.</summary>
public readonly record struct DownUp(long Down, long Up);

public sealed record ThroughputReply(DownUp BitsPerSecond, DownUp PacketsPerSecond, DownUp ShapedBitsPerSecond, long UpdatedUnix) : BusResponse;

public sealed record CircuitRate(string CircuitId, string CircuitName, DownUp BitsPerSecond, DownUp PacketsPerSecond);

public sealed record TopCircuits(IReadOnlyList<CircuitRate> Circuits) : BusResponse;

public sealed record CircuitStatsReply(CircuitRate Circuit, DownUp Bytes, DownUp Packets) : BusResponse;

/// <summary>topology_runtime_status.json as just published.</summary>
/// <param name="Error">Why the current sources could not be compiled; the last good outputs stay published.</param>
public sealed record TopologyRuntimeStatusReply(bool Ready, string SourceGeneration, string? ShapingGeneration, string? EffectiveGeneration,
    string? Error) : BusResponse;
/// <summary>
/// One direction of a queue: counters since the class was created (drops and ECN marks of the class and its leaf
/// qdisc, HTB overlimits), the backlog now, and per-second rates over the last read.
/// </summary>
public sealed record QueueDirection(long Drops, long EcnMarks, long AckDrops, long Overlimits, long BacklogBytes, long BacklogPackets,
    double DropsPerSecond, double MarksPerSecond, double OverlimitsPerSecond)
{
    public static QueueDirection Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public QueueDirection Plus(QueueDirection o) => new(Drops + o.Drops, EcnMarks + o.EcnMarks, AckDrops + o.AckDrops, Overlimits + o.Overlimits,
        BacklogBytes + o.BacklogBytes, BacklogPackets + o.BacklogPackets, DropsPerSecond + o.DropsPerSecond, MarksPerSecond + o.MarksPerSecond,
        OverlimitsPerSecond + o.OverlimitsPerSecond);
}

/// <param name="Stale">The values are older than one read period: a full reload is running (reads slow down) or reads fail.</param>
public sealed record QueueStatsTotals(QueueDirection Download, QueueDirection Upload, int Circuits, bool Stale, long UpdatedUnix) : BusResponse;

public sealed record CircuitQueueStats(string CircuitId, string CircuitName, QueueDirection Download, QueueDirection Upload);

/// <summary>One CAKE tin; delays in microseconds.</summary>
public sealed record CakeTinInfo(long SentBytes, long SentPackets, long BacklogBytes, long Drops, long EcnMarks, long AckDrops,
    long PeakDelayUs, long AverageDelayUs, long BaseDelayUs, long SparseFlows, long BulkFlows, long UnresponsiveFlows);

public sealed record FqCodelInfo(long NewFlowCount, long DropOverlimit, long EcnMarks, long NewFlowsLength, long OldFlowsLength, long MemoryUsed);

/// <summary>A circuit's leaf qdisc as tc reports it; <c>tins</c> for CAKE, <c>fq_codel</c> for fq_codel.</summary>
public sealed record LeafQueueInfo(string Kind, string Handle, long Bytes, long Packets, long Drops, long BacklogBytes, long QueueLength,
    IReadOnlyList<CakeTinInfo>? Tins, FqCodelInfo? FqCodel);

public sealed record RawQueueData(CircuitQueueStats Circuit, LeafQueueInfo? DownloadLeaf, LeafQueueInfo? UploadLeaf, bool Stale, long UpdatedUnix) : BusResponse;

public sealed record TopQueueCircuits(IReadOnlyList<CircuitQueueStats> Circuits, bool Stale) : BusResponse;

public sealed record SiteQueueStats(string Path, QueueDirection Download, QueueDirection Upload);

public sealed record SiteQueueStatsReply(IReadOnlyList<SiteQueueStats> Sites, bool Stale) : BusResponse;

/// <summary>
/// One stored point: the average over <see cref="HistoryReply.ResolutionSeconds"/> from <see cref="AtUnix"/>. Rates in
/// bits/s, drops, marks and retransmits per second, RTT in milliseconds (null where nothing was measured).
/// </summary>
public sealed record HistoryPoint(long AtUnix, DownUp BitsPerSecond, double? RttDownMs, double? RttUpMs, double? RetransmitsDown,
    double? RetransmitsUp, double DropsDown, double DropsUp, double MarksDown, double MarksUp);

public sealed record HistoryReply(string Kind, string Key, int ResolutionSeconds, IReadOnlyList<HistoryPoint> Points) : BusResponse;

/// <summary>Percentiles of recent RTT samples, in milliseconds.</summary>
public sealed record RttInfo(double P50Ms, double P95Ms, int Samples);

/// <summary>One circuit's flow figures. Download RTT is the customer side of the path (shaper → customer → shaper).</summary>
/// <param name="Retransmits">In the last second.</param>
/// <param name="RetransmitsTotal">Since lqosd started.</param>
public sealed record CircuitInsightInfo(
    string CircuitId, string CircuitName, RttInfo? RttDownload, RttInfo? RttUpload, DownUp Retransmits, DownUp RetransmitsTotal, DownUp Packets, int ActiveFlows);

public sealed record CircuitInsights(IReadOnlyList<CircuitInsightInfo> Circuits) : BusResponse;

/// <param name="End"><c>alive</c>, <c>fin</c> or <c>rst</c>.</param>
/// <param name="RttUs">The newest RTT sample of each direction, in microseconds; 0 before the first.</param>
public sealed record FlowInfo(
    string LocalAddress, int LocalPort, string RemoteAddress, int RemotePort, int Protocol, string? CircuitId,
    DownUp BitsPerSecond, DownUp Bytes, DownUp Packets, DownUp Retransmits, DownUp RttUs, string End, double AgeSeconds);

public sealed record FlowList(IReadOnlyList<FlowInfo> Flows) : BusResponse;

/// <param name="Circuit">Null when the circuit has no flow data.</param>
public sealed record CircuitFlowsReply(CircuitInsightInfo? Circuit, IReadOnlyList<FlowInfo> Flows) : BusResponse;

public sealed record RttHistogramReply(int BucketMs, IReadOnlyList<long> Buckets) : BusResponse;

/// <param name="Path">The node's path in network.json, "Site/AP".</param>
/// <param name="Circuits">Circuits beneath the node.</param>
public sealed record SiteInsightInfo(string Path, DownUp BitsPerSecond, RttInfo? RttDownload, RttInfo? RttUpload, DownUp Retransmits, int Circuits);

public sealed record SiteInsights(IReadOnlyList<SiteInsightInfo> Sites) : BusResponse;

public sealed record UnknownIpInfo(string IpAddress, long LastSeenUnix, long DownloadBytes, long UploadBytes);

public sealed record UnknownIps(IReadOnlyList<UnknownIpInfo> Ips) : BusResponse;
