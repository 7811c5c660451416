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

public sealed record SchedulerProgressInfo(bool Active, string Phase, int Percent, int StepIndex, int StepCount, long UpdatedUnix);

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
