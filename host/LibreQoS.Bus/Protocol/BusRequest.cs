using System.Text.Json.Serialization;

namespace LibreQoS.Bus.Protocol;

/// <summary>
/// Everything a client can ask lqosd. The JSON <c>type</c> names follow upstream's BusRequest variants in
/// snake_case, so operators reading both recognise them. See docs/bus.md.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(Ping), "ping")]
[JsonDerivedType(typeof(GetConfig), "get_config")]
[JsonDerivedType(typeof(ReloadConfig), "reload_config")]
[JsonDerivedType(typeof(Refresh), "refresh")]
[JsonDerivedType(typeof(ValidateShapedDevices), "validate_shaped_devices")]
[JsonDerivedType(typeof(MapIpToFlow), "map_ip_to_flow")]
[JsonDerivedType(typeof(DelIpFlow), "del_ip_flow")]
[JsonDerivedType(typeof(ClearIpFlow), "clear_ip_flow")]
[JsonDerivedType(typeof(ClearHotCache), "clear_hot_cache")]
[JsonDerivedType(typeof(ListIpFlow), "list_ip_flow")]
[JsonDerivedType(typeof(SchedulerReady), "scheduler_ready")]
[JsonDerivedType(typeof(SchedulerError), "scheduler_error")]
[JsonDerivedType(typeof(SchedulerOutput), "scheduler_output")]
[JsonDerivedType(typeof(SchedulerProgress), "scheduler_progress")]
[JsonDerivedType(typeof(CheckSchedulerStatus), "check_scheduler_status")]
[JsonDerivedType(typeof(SubmitUrgentIssue), "submit_urgent_issue")]
[JsonDerivedType(typeof(GetUrgentIssues), "get_urgent_issues")]
[JsonDerivedType(typeof(ClearUrgentIssue), "clear_urgent_issue")]
[JsonDerivedType(typeof(ClearUrgentIssueByIdentity), "clear_urgent_issue_by_identity")]
[JsonDerivedType(typeof(ClearAllUrgentIssues), "clear_all_urgent_issues")]
[JsonDerivedType(typeof(BlackboardData), "blackboard_data")]
[JsonDerivedType(typeof(BlackboardFinish), "blackboard_finish")]
[JsonDerivedType(typeof(LogInfo), "log_info")]
[JsonDerivedType(typeof(GetCurrentThroughput), "get_current_throughput")]
[JsonDerivedType(typeof(GetTopCircuits), "get_top_circuits")]
[JsonDerivedType(typeof(GetCircuitStats), "get_circuit_stats")]
[JsonDerivedType(typeof(BakeryStart), "bakery_start")]
[JsonDerivedType(typeof(BakeryMqSetup), "bakery_mq_setup")]
[JsonDerivedType(typeof(BakeryAddSite), "bakery_add_site")]
[JsonDerivedType(typeof(BakeryAddCircuit), "bakery_add_circuit")]
[JsonDerivedType(typeof(BakeryCommit), "bakery_commit")]
[JsonDerivedType(typeof(TopologyRuntimeRefresh), "topology_runtime_refresh")]
[JsonDerivedType(typeof(GetQueueStatsTotal), "get_queue_stats_total")]
[JsonDerivedType(typeof(GetRawQueueData), "get_raw_queue_data")]
[JsonDerivedType(typeof(GetTopQueueCircuits), "get_top_queue_circuits")]
[JsonDerivedType(typeof(GetSiteQueueStats), "get_site_queue_stats")]
[JsonDerivedType(typeof(GetHistory), "get_history")]
[JsonDerivedType(typeof(GetWorstRtt), "get_worst_rtt")]
[JsonDerivedType(typeof(GetWorstRetransmits), "get_worst_retransmits")]
[JsonDerivedType(typeof(TopFlows), "top_flows")]
[JsonDerivedType(typeof(RttHistogram), "rtt_histogram")]
[JsonDerivedType(typeof(GetCircuitFlows), "get_circuit_flows")]
[JsonDerivedType(typeof(GetSiteInsights), "get_site_insights")]
[JsonDerivedType(typeof(AllUnknownIps), "all_unknown_ips")]
[JsonDerivedType(typeof(ClearUnknownIps), "clear_unknown_ips")]
public abstract record BusRequest
{
    /// <summary>Requests that only read state; a client may retry them, and they never change shaping.</summary>
    [JsonIgnore]
    public virtual bool IsReadOnly => false;
}

public sealed record Ping : BusRequest
{
    public override bool IsReadOnly => true;
}

public sealed record GetConfig : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>Re-reads lqos.conf; on errors the running config stays and the reply lists them.</summary>
public sealed record ReloadConfig : BusRequest;

/// <summary>Runs the refresh job (<c>lqos refresh</c>) inside lqosd; its log is streamed back as it happens.</summary>
public sealed record Refresh(bool UpdateOnly = false, bool ValidateOnly = false, bool ClearRules = false, bool PlannerReset = false, bool DryRun = false) : BusRequest;

public sealed record ValidateShapedDevices : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>Maps an address or prefix to a class and CPU (upstream MapIpToFlow). Takes effect at <see cref="ClearHotCache"/> or at once.</summary>
public sealed record MapIpToFlow(string IpAddress, string TcHandle, int Cpu, bool Upload = false, string CircuitId = "", string DeviceId = "") : BusRequest;

public sealed record DelIpFlow(string IpAddress, bool Upload = false) : BusRequest;

public sealed record ClearIpFlow : BusRequest;

/// <summary>Upstream's end-of-batch marker after a series of mappings.</summary>
public sealed record ClearHotCache : BusRequest;

public sealed record ListIpFlow : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>The scheduler's heartbeat (upstream: every minute).</summary>
public sealed record SchedulerReady : BusRequest;

/// <summary>The scheduler's last failure: a preview and the log file holding the whole output. An empty message clears it.</summary>
public sealed record SchedulerError(string Message, string? LogPath = null) : BusRequest;

public sealed record SchedulerOutput(string Message) : BusRequest;

/// <param name="PhaseLabel">What operators read for the phase (upstream's <c>phase_label</c>); null shows the phase itself.</param>
public sealed record SchedulerProgress(string Phase, int Percent, bool Active = true, int StepIndex = 0, int StepCount = 0, string? PhaseLabel = null) : BusRequest;

public sealed record CheckSchedulerStatus : BusRequest
{
    public override bool IsReadOnly => true;
}

public sealed record SubmitUrgentIssue(string Source, string Severity, string Code, string Message, string? Context = null, string? DedupeKey = null) : BusRequest;

public sealed record GetUrgentIssues : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>Acknowledges (removes) one urgent issue.</summary>
public sealed record ClearUrgentIssue(long Id) : BusRequest;

public sealed record ClearUrgentIssueByIdentity(string Code, string? DedupeKey = null) : BusRequest;

public sealed record ClearAllUrgentIssues : BusRequest;

public sealed record BlackboardData(string Subsystem, string Key, string Value) : BusRequest;

public sealed record BlackboardFinish : BusRequest;

public sealed record LogInfo(string Message) : BusRequest;

public sealed record GetCurrentThroughput : BusRequest
{
    public override bool IsReadOnly => true;
}

public sealed record GetTopCircuits(int Count = 10) : BusRequest
{
    public override bool IsReadOnly => true;
}

public sealed record GetCircuitStats(string CircuitId) : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>
/// Opens a Bakery batch (upstream BakeryStart): the tc tree a client plans itself, as an upstream-style LibreQoS.py
/// does, sent as <see cref="BakeryMqSetup"/>, <see cref="BakeryAddSite"/>s and <see cref="BakeryAddCircuit"/>s and
/// applied by <see cref="BakeryCommit"/>. One batch at a time; a new start drops what was not committed.
/// </summary>
public sealed record BakeryStart : BusRequest;

/// <param name="QueuesAvailable">HTB trees (CPU queues) per direction.</param>
/// <param name="StickOffset">On a stick, the upload trees' majors are <c>queue + StickOffset</c>; 0 with two interfaces.</param>
public sealed record BakeryMqSetup(int QueuesAvailable, int StickOffset = 0) : BusRequest;

/// <summary>A network node's class in both directions (upstream BakeryAddSite; the site is named, not hashed).</summary>
/// <param name="ParentClassId">The parent class, <c>"0x1:0x3"</c>, or the queue's HTB root <c>"0x1:"</c> for a top-level node.</param>
/// <param name="ClassMinor">This node's minor, under the parent's major.</param>
public sealed record BakeryAddSite(
    string SiteName,
    string ParentClassId,
    string UpParentClassId,
    int ClassMinor,
    double DownloadBandwidthMin,
    double UploadBandwidthMin,
    double DownloadBandwidthMax,
    double UploadBandwidthMax) : BusRequest;

/// <summary>A circuit's class and leaf qdisc in both directions (upstream BakeryAddCircuit; ids are strings, not hashes).</summary>
/// <param name="IpAddresses">The circuit's addresses and prefixes, comma-separated.</param>
/// <param name="SqmOverride">The circuit's <c>sqm</c> column (<c>cake</c>, <c>fq_codel</c>, <c>none</c>, <c>down/up</c>); null for the default.</param>
public sealed record BakeryAddCircuit(
    string CircuitId,
    string ParentClassId,
    string UpParentClassId,
    int ClassMinor,
    double DownloadBandwidthMin,
    double UploadBandwidthMin,
    double DownloadBandwidthMax,
    double UploadBandwidthMax,
    int ClassMajor,
    int UpClassMajor,
    string IpAddresses = "",
    string? SqmOverride = null,
    string? SiteName = null,
    string? CircuitName = null) : BusRequest;

/// <summary>Applies the open batch: lqosd diffs it against the applied tree, changes tc, and loads its IP mappings.</summary>
public sealed record BakeryCommit : BusRequest;

/// <summary>
/// Has the topology runtime compile and publish the current sources now (it also does on every change of them);
/// the reply is the published status.
/// </summary>
public sealed record TopologyRuntimeRefresh : BusRequest;
/// <summary>Queue statistics summed over every circuit (upstream GetQueueStatsTotal).</summary>
public sealed record GetQueueStatsTotal : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>One circuit's queue statistics with its leaf qdiscs' own (CAKE per tin, fq_codel); upstream GetRawQueueData.</summary>
public sealed record GetRawQueueData(string CircuitId) : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>The circuits whose queues drop (or mark) the most per second right now.</summary>
public sealed record GetTopQueueCircuits(int Count = 10) : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>Queue statistics rolled up to every network.json node.</summary>
public sealed record GetSiteQueueStats : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>
/// Stored history of one series between two times (Unix seconds): <see cref="Kind"/> is <c>total</c>, <c>circuit</c>
/// (key: circuit id) or <c>site</c> (key: node path). The finest resolution still kept for <see cref="FromUnix"/> is used.
/// </summary>
public sealed record GetHistory(string Kind, string Key, long FromUnix, long ToUnix) : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>Circuits with the highest customer-side median RTT (upstream GetWorstRtt ranks hosts; this ranks circuits).</summary>
public sealed record GetWorstRtt(int Count = 10) : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>Circuits with the most TCP retransmits in the last second, then since start.</summary>
public sealed record GetWorstRetransmits(int Count = 10) : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>The busiest live flows.</summary>
/// <param name="By"><c>rate</c> (bits per second over the last second) or <c>bytes</c> (since the flow began).</param>
public sealed record TopFlows(string By = "rate", int Count = 10) : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>How many circuits have their customer-side median RTT in each 10 ms bucket (50 buckets).</summary>
public sealed record RttHistogram : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>One circuit's live flows and its RTT and retransmit figures.</summary>
public sealed record GetCircuitFlows(string CircuitId) : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>Every network.json node's throughput, RTT and retransmits, rolled up from the circuits beneath it.</summary>
public sealed record GetSiteInsights : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>Hosts seen in the last five minutes with no mapping, filtered by [ip_ranges].</summary>
public sealed record AllUnknownIps : BusRequest
{
    public override bool IsReadOnly => true;
}

/// <summary>Empties the unknown-IP list; a host seen again afterwards comes back.</summary>
public sealed record ClearUnknownIps : BusRequest;
