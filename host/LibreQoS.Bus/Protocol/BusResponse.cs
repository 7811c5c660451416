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
