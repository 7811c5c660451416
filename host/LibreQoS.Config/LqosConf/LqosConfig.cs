namespace LibreQoS.Config.LqosConf;

/// <summary>
/// /etc/lqos.conf, upstream schema version 1.5 (v2.0 and v2.2 keys). Property initialisers are the defaults
/// used when a key or a whole section is absent; they are the only place defaults live.
/// </summary>
/// <remarks>
/// Adding a setting: add the property here with its default, read it in <see cref="LqosConfigReader"/> under
/// upstream's key name, add a check to <see cref="LqosConfigValidator"/> if it has a range, and cover both in
/// LqosConfigReaderTests (a file that sets it, a file that omits it).
/// </remarks>
public sealed record LqosConfig
{
    public const string DefaultPath = "/etc/lqos.conf";
    public const string SupportedVersion = "1.5";

    public string Version { get; init; } = SupportedVersion;
    public string LqosDirectory { get; init; } = "/opt/libreqos/src";
    public string? StateDirectoryOverride { get; init; }
    public string NodeId { get; init; } = "";
    public string NodeName { get; init; } = "LibreQoS";
    public string? QooProfileId { get; init; }
    public RttThresholds? RttThresholds { get; init; }
    public long PacketCaptureTime { get; init; } = 10;
    public long QueueCheckPeriodMs { get; init; } = 1000;
    public TuningConfig Tuning { get; init; } = new();
    public BridgeConfig? Bridge { get; init; }
    public SingleInterfaceConfig? SingleInterface { get; init; }
    public QueuesConfig Queues { get; init; } = new();
    public LongTermStatsConfig LongTermStats { get; init; } = new();
    public LocalApiConfig LocalApi { get; init; } = new();
    public IpRangesConfig IpRanges { get; init; } = new();
    public DynamicCircuitsConfig? DynamicCircuits { get; init; }
    public RadiusAccountingConfig? RadiusAccounting { get; init; }
    public FlowsConfig? Flows { get; init; }
    public IntegrationCommonConfig IntegrationCommon { get; init; } = new();
    public TopologyConfig Topology { get; init; } = new();
    public MikrotikIpv6Config MikrotikIpv6 { get; init; } = new();
    public SplynxConfig Splynx { get; init; } = new();
    public UispConfig Uisp { get; init; } = new();
    public PowercodeConfig Powercode { get; init; } = new();
    public SonarConfig Sonar { get; init; } = new();
    public NetzurConfig? Netzur { get; init; }
    public VispConfig? Visp { get; init; }
    public WispGateConfig? WispGate { get; init; }
    public InfluxDbConfig? InfluxDb { get; init; }
    public bool? DisableWebserver { get; init; }
    public string WebserverListen { get; init; } = ":::9123";
    public SslConfig? Ssl { get; init; }
    public bool DisplayCobrand { get; init; }
    public StormGuardConfig? StormGuard { get; init; }
    public TreeGuardConfig TreeGuard { get; init; } = new();
    public bool? DisableIcmpPing { get; init; }
    public bool ExcludeEfficiencyCores { get; init; } = true;
    public bool EnableCircuitHeatmaps { get; init; } = true;
    public bool EnableSiteHeatmaps { get; init; } = true;
    public bool EnableAsnHeatmaps { get; init; } = true;
    /// <summary>Ours, not upstream's: how lqosd serves its bus and logs.</summary>
    public LqosdConfig Lqosd { get; init; } = new();
    /// <summary>Ours, not upstream's: how lqos_scheduler finds Python and times its jobs.</summary>
    public SchedulerConfig Scheduler { get; init; } = new();

    /// <summary>One interface carrying both directions on two VLANs (no [bridge] section).</summary>
    public bool OnAStick => Bridge is null;

    /// <summary>The ISP-facing interface, which carries the download tree (upstream's interface_a).</summary>
    public string InterfaceA => Bridge?.ToNetwork ?? SingleInterface?.Interface ?? "";

    /// <summary>The Internet-facing interface, which carries the upload tree (upstream's interface_b).</summary>
    public string InterfaceB => Bridge?.ToInternet ?? SingleInterface?.Interface ?? "";

    /// <summary>
    /// Upstream v2.2's "topology import ingress": with any CRM integration enabled, shaping reads the topology
    /// runtime's compiled outputs (<c>shaping_inputs.json</c>, <c>network.effective.json</c>) instead of
    /// lqos_directory's files.
    /// </summary>
    public bool TopologyImportIngressEnabled =>
        Uisp.EnableUisp || Splynx.EnableSplynx || Visp?.EnableVisp == true || Netzur?.EnableNetzur == true
        || Powercode.EnablePowercode || Sonar.EnableSonar || WispGate?.EnableWispgate == true;

    /// <summary>
    /// <c>state_directory</c> if set; else the sibling <c>state</c> of an lqos_directory ending in <c>src</c>;
    /// else <c>&lt;lqos_directory&gt;/state</c>.
    /// </summary>
    public string StateDirectory
    {
        get
        {
            if (!string.IsNullOrEmpty(StateDirectoryOverride))
                return StateDirectoryOverride;
            string dir = LqosDirectory.TrimEnd('/');
            return Path.GetFileName(dir) == "src" && Path.GetDirectoryName(dir) is { } parent
                ? Path.Combine(parent, "state")
                : Path.Combine(dir, "state");
        }
    }
}

/// <summary>The [lqosd] section (our extension; upstream ignores it).</summary>
public sealed record LqosdConfig
{
    public string BusSocket { get; init; } = "/run/lqos/bus";
    /// <summary>Members of this group may use the bus (socket mode 0660); nobody else can connect.</summary>
    public string BusGroup { get; init; } = "lqos";
    public long BusMaxFrameBytes { get; init; } = 32 * 1024 * 1024;
    /// <summary>trace, debug, info, warning or error.</summary>
    public string LogLevel { get; init; } = "info";
    /// <summary>Where the IP mappings and host counters are pinned (on a bpffs), so they outlive an lqosd restart.</summary>
    public string BpfPinDirectory { get; init; } = "/sys/fs/bpf/lqos";

    public static readonly IReadOnlyList<string> LogLevels = ["trace", "debug", "info", "warning", "error"];
}

/// <summary>
/// The [scheduler] section (our extension; upstream ignores it). Each integration is a job; <see cref="Jobs"/> may
/// override its interval, timeout and retry delay, as LibreNMS's dispatcher does per job type.
/// </summary>
public sealed record SchedulerConfig
{
    /// <summary>The libpython to embed; when unset, found by asking python3 (see LibreQoS.Python's PythonLocator).</summary>
    public string? PythonLibrary { get; init; }
    /// <summary>The python3 the embedded interpreter should be (its sys.executable and sys.path).</summary>
    public string? PythonExecutable { get; init; }
    public long IntegrationTimeoutSeconds { get; init; } = 600;
    /// <summary>How soon a failed job runs again (a success waits its full interval).</summary>
    public long RetryDelaySeconds { get; init; } = 300;
    /// <summary>trace, debug, info, warning or error.</summary>
    public string LogLevel { get; init; } = "info";
    public IReadOnlyList<SchedulerJobConfig> Jobs { get; init; } = [];

    /// <summary>The job names [[scheduler.jobs]] may use: one per integration lqos_scheduler can run.</summary>
    public static readonly IReadOnlyList<string> JobNames = ["uisp", "splynx", "netzur", "visp", "powercode", "sonar", "wispgate"];
}

/// <summary>One [[scheduler.jobs]] entry; an unset value falls back to the section's (or queue_refresh_interval_mins).</summary>
public sealed record SchedulerJobConfig(string Name, long? IntervalMins, long? TimeoutSeconds, long? RetryDelaySeconds);

public sealed record RttThresholds(long GreenMs = 0, long YellowMs = 100, long RedMs = 200);

public sealed record TuningConfig
{
    public bool StopIrqBalance { get; init; } = true;
    public long NetdevBudgetUsecs { get; init; } = 8000;
    public long NetdevBudgetPackets { get; init; } = 300;
    public long RxUsecs { get; init; } = 8;
    public long TxUsecs { get; init; } = 8;
    public bool DisableRxVlan { get; init; } = true;
    public bool DisableTxVlan { get; init; } = true;
    public IReadOnlyList<string> DisableOffload { get; init; } = ["gso", "tso", "lro", "sg", "gro"];
    public bool SetCpuGovernorPerformance { get; init; } = true;
}

public sealed record BridgeConfig(bool UseXdpBridge, string ToInternet, string ToNetwork, long? Mtu);

public sealed record SingleInterfaceConfig(string Interface, long InternetVlan, long NetworkVlan, long? Mtu);

public enum LazyQueues
{
    No,
    Htb,
    Full,
}

public sealed record QueuesConfig
{
    public string DefaultSqm { get; init; } = "cake diffserv4";
    public bool MonitorOnly { get; init; }
    /// <summary>"shape" or "observe"; when absent, <c>monitor_only = true</c> means observe.</summary>
    public string? QueueMode { get; init; }
    public long UplinkBandwidthMbps { get; init; } = 1000;
    public long DownlinkBandwidthMbps { get; init; } = 1000;
    public long GeneratedPnDownloadMbps { get; init; } = 1000;
    public long GeneratedPnUploadMbps { get; init; } = 1000;
    public bool DryRun { get; init; }
    public bool Sudo { get; init; }
    public bool UseBinpacking { get; init; }
    public long? OverrideAvailableQueues { get; init; }
    public LazyQueues? LazyQueues { get; init; }
    public long? LazyExpireSeconds { get; init; } = 600;
    public long? LazyThresholdBytes { get; init; }
    public double? FastQueuesFqCodel { get; init; }
    /// <summary>
    /// Ours, not upstream's: the leaf qdisc to use when the kernel lacks the one <see cref="DefaultSqm"/> names
    /// (e.g. "fq_codel", "pfifo" or "none"). Unset means refuse to shape rather than silently degrade.
    /// </summary>
    public string? FallbackSqm { get; init; }

    public const double DefaultFastQueuesFqCodel = 1000;

    public bool ObserveOnly => QueueMode is { } mode ? mode == "observe" : MonitorOnly;

    public double EffectiveFastQueuesFqCodel => FastQueuesFqCodel ?? DefaultFastQueuesFqCodel;
}

public sealed record LongTermStatsConfig
{
    public bool GatherStats { get; init; }
    public long CollationPeriodSeconds { get; init; } = 60;
    public string? LicenseKey { get; init; }
    public long? UispReportingIntervalSeconds { get; init; }
    public string? LtsUrl { get; init; }
    public bool? EnableInsightTopology { get; init; }
    public string? InsightTopologyRole { get; init; }
}

public sealed record LocalApiKey(string Id, string Name, string TokenSha256, long CreatedAtUnix);

public sealed record LocalApiConfig
{
    public const int MaxKeys = 16;
    public string? BearerToken { get; init; }
    public IReadOnlyList<LocalApiKey> Keys { get; init; } = [];
}

public sealed record IpRangesConfig
{
    public IReadOnlyList<string> IgnoreSubnets { get; init; } = [];
    public IReadOnlyList<string> AllowSubnets { get; init; } = ["172.16.0.0/12", "10.0.0.0/8", "100.64.0.0/10", "192.168.0.0/16"];
    public bool UnknownIpHonorsIgnore { get; init; } = true;
    public bool UnknownIpHonorsAllow { get; init; } = true;
}

public sealed record DynamicCircuitRange(
    string Name, string IpRange, double DownloadMinMbps, double UploadMinMbps, double DownloadMaxMbps, double UploadMaxMbps, string AttachTo);

public sealed record DynamicCircuitsConfig
{
    public bool Enabled { get; init; }
    public long TtlSeconds { get; init; } = 300;
    public bool EnableUnknownIpPromotion { get; init; }
    public IReadOnlyList<DynamicCircuitRange> Ranges { get; init; } = [];
}

public sealed record RadiusClient(string Name, string Source, string SecretFile);

public sealed record RadiusDynamicCircuitApplication
{
    public bool Enabled { get; init; }
    public bool MatchShapedDevicesByMac { get; init; }
    public bool MatchShapedDevicesByUsername { get; init; }
    public string? FallbackParentNode { get; init; }
}

public sealed record RadiusFallbackSpeedProfile(double DownloadMinMbps, double UploadMinMbps, double DownloadMaxMbps, double UploadMaxMbps);

public sealed record RadiusAccountingConfig
{
    public bool Enabled { get; init; }
    public string Listen { get; init; } = "0.0.0.0:1813";
    public long DefaultTtlSeconds { get; init; } = 900;
    public long StaleGraceSeconds { get; init; } = 120;
    public RadiusDynamicCircuitApplication DynamicCircuitApplication { get; init; } = new();
    public RadiusFallbackSpeedProfile? FallbackSpeedProfile { get; init; }
    public IReadOnlyList<RadiusClient> Clients { get; init; } = [];
}

public sealed record FlowsConfig
{
    /// <summary>Ours: the kernel tracks flows (RTT, retransmits, NetFlow) unless this is false.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Ours: flows the kernel tracks at once; the least recently used is evicted beyond this.</summary>
    public long MaxFlows { get; init; } = 256_000;

    public const long MinMaxFlows = 1_000;
    public const long MaxMaxFlows = 4_000_000;

    public long FlowTimeoutSeconds { get; init; } = 30;
    public bool NetflowEnabled { get; init; }
    public long? NetflowPort { get; init; }
    public string? NetflowIp { get; init; }
    public long? NetflowVersion { get; init; }
    public IReadOnlyList<string>? DoNotTrackSubnets { get; init; }
}

public sealed record TopologyAttachmentHealth
{
    public bool Enabled { get; init; } = true;
    public long ProbeIntervalSeconds { get; init; } = 1;
    public long FailAfterMissed { get; init; } = 5;
    public long HoldDownSeconds { get; init; } = 30;
    public long ClearAfterSuccesses { get; init; } = 3;
    public long RefreshDebounceSeconds { get; init; } = 3;
}

public sealed record IntegrationCommonConfig
{
    public bool CircuitNameAsAddress { get; init; }
    public long QueueRefreshIntervalMins { get; init; } = 30;
    public bool UseMikrotikIpv6 { get; init; }
    public IReadOnlyList<string>? PromoteToRoot { get; init; }
    public double? ClientBandwidthMultiplier { get; init; }
    /// <summary>v2.0 only; HEAD dropped it.</summary>
    public bool? AlwaysOverwriteNetworkJson { get; init; }
    public bool EthernetPortLimitsEnabled { get; init; } = true;
    public double? EthernetPortLimitMultiplier { get; init; }
    public TopologyAttachmentHealth TopologyAttachmentHealth { get; init; } = new();

    public const double DefaultEthernetPortLimitMultiplier = 0.94;
}

public sealed record TopologyConfig
{
    public static readonly IReadOnlyList<string> CompileModes = ["flat", "ap_only", "ap_site", "full", "full2"];
    public string CompileMode { get; init; } = "";
    public long QueueAutoVirtualizeThresholdMbps { get; init; } = 5001;
}

public sealed record MikrotikIpv6Config
{
    public string ConfigPath { get; init; } = "/etc/libreqos/mikrotik_ipv6.toml";
}

public sealed record SplynxConfig
{
    public bool EnableSplynx { get; init; }
    public string ApiKey { get; init; } = "";
    public string ApiSecret { get; init; } = "";
    public string Url { get; init; } = "";
    public string Strategy { get; init; } = "ap_site";
}

public sealed record ExceptionCpe(string Cpe, string Parent);

public sealed record UispConfig
{
    public bool EnableUisp { get; init; }
    public string Token { get; init; } = "";
    public string Url { get; init; } = "";
    public string Site { get; init; } = "";
    public string Strategy { get; init; } = "full";
    public string SuspendedStrategy { get; init; } = "none";
    public double AirmaxCapacity { get; init; } = 0.65;
    public double LtuCapacity { get; init; } = 0.9;
    public IReadOnlyList<string> ExcludeSites { get; init; } = [];
    public bool? IpV6WithMikrotik { get; init; }
    public double BandwidthOverheadFactor { get; init; } = 1.0;
    public double CommitBandwidthMultiplier { get; init; } = 0.98;
    public IReadOnlyList<ExceptionCpe> ExceptionCpes { get; init; } = [];
    public bool? UsePtmpAsParent { get; init; }
    public IReadOnlyList<string>? SquashSites { get; init; }
    public bool? InsecureSsl { get; init; }
    public bool? EnableSquashing { get; init; }
    public IReadOnlyList<string>? DoNotSquashSites { get; init; }
    public bool IgnoreCalculatedCapacity { get; init; }
    public double AirmaxFlexibleFrameDownloadRatio { get; init; } = 0.8;
    public bool InfrastructureTransportCapsEnabled { get; init; } = true;
}

public sealed record PowercodeConfig
{
    public bool EnablePowercode { get; init; }
    public string PowercodeApiKey { get; init; } = "";
    public string PowercodeApiUrl { get; init; } = "";
}

public sealed record SonarRecurringServiceRate(bool Enabled, string ServiceName, double DownloadMbps, double UploadMbps);

public sealed record SonarConfig
{
    public bool EnableSonar { get; init; }
    public string SonarApiUrl { get; init; } = "";
    public string SonarApiKey { get; init; } = "";
    public string SnmpCommunity { get; init; } = "public";
    public IReadOnlyList<string> AirmaxModelIds { get; init; } = [];
    public IReadOnlyList<string> LtuModelIds { get; init; } = [];
    public IReadOnlyList<string> ActiveStatusIds { get; init; } = [];
    public IReadOnlyList<SonarRecurringServiceRate> RecurringServiceRates { get; init; } = [];
    public IReadOnlyList<string> RecurringExcludedServiceNames { get; init; } = [];
}

public sealed record NetzurConfig
{
    public bool EnableNetzur { get; init; }
    public string ApiKey { get; init; } = "";
    public string ApiUrl { get; init; } = "";
    public long TimeoutSecs { get; init; } = 60;
}

public sealed record VispConfig
{
    public bool EnableVisp { get; init; }
    public string ClientId { get; init; } = "";
    public string ClientSecret { get; init; } = "";
    public string Username { get; init; } = "";
    public string Password { get; init; } = "";
    public string TokenUrl { get; init; } = "https://data.visp.net/token";
    public string GraphqlUrl { get; init; } = "https://integrations.visp.net/graphql";
    public long? IspId { get; init; }
    public string? TenantId { get; init; }
    public string? OnlineUsersDomain { get; init; }
    public string Strategy { get; init; } = "flat";
    public long TimeoutSecs { get; init; } = 20;
    public bool VerifyTls { get; init; } = true;
    public IReadOnlyList<string> ServiceTypeAllowlist { get; init; } = [];
}

public sealed record WispGateConfig
{
    public bool EnableWispgate { get; init; }
    public string WispgateApiToken { get; init; } = "";
    public string WispgateApiUrl { get; init; } = "";
}

public sealed record InfluxDbConfig
{
    public bool EnableInfluxdb { get; init; }
    public string Url { get; init; } = "http://localhost:8086";
    public string Bucket { get; init; } = "libreqos";
    public string Org { get; init; } = "libreqos";
    public string Token { get; init; } = "";
}

public sealed record SslConfig
{
    public bool Enabled { get; init; }
    public string? ExternalHostname { get; init; }
    public bool ManagedByLibreqos { get; init; }
    public string? PreviousWebserverListen { get; init; }
}

public sealed record StormGuardConfig
{
    public static readonly IReadOnlyList<string> Strategies = ["delay_probe", "legacy_score", "delay_probe_active"];
    public bool Enabled { get; init; }
    public bool AllSites { get; init; }
    public IReadOnlyList<string> Targets { get; init; } = [];
    public IReadOnlyList<string> ExcludeSites { get; init; } = [];
    public bool DryRun { get; init; } = true;
    public string? LogFile { get; init; }
    public string Strategy { get; init; } = "delay_probe";
    public double MinimumDownloadPercentage { get; init; } = 0.5;
    public double MinimumUploadPercentage { get; init; } = 0.5;
    public double IncreaseFastMultiplier { get; init; } = 1.30;
    public double IncreaseMultiplier { get; init; } = 1.15;
    public double DecreaseMultiplier { get; init; } = 0.95;
    public double DecreaseFastMultiplier { get; init; } = 0.88;
    public double IncreaseCooldownSeconds { get; init; } = 2.0;
    public double DecreaseCooldownSeconds { get; init; } = 1.0;
    public double IncreaseFastCooldownSeconds { get; init; } = 3.75;
    public double DecreaseFastCooldownSeconds { get; init; } = 7.5;
    public bool CircuitFallbackEnabled { get; init; }
    public bool CircuitFallbackPersist { get; init; } = true;
    public string CircuitFallbackSqm { get; init; } = "fq_codel";
    public double DelayThresholdMs { get; init; } = 40;
    public double DelayThresholdRatio { get; init; } = 1.10;
    public double BaselineAlphaUp { get; init; } = 0.01;
    public double BaselineAlphaDown { get; init; } = 0.10;
    public double ProbeIntervalSeconds { get; init; } = 10;
    public double MinThroughputMbpsForRtt { get; init; } = 0.05;
    public string ActivePingTarget { get; init; } = "1.1.1.1";
    public double ActivePingIntervalSeconds { get; init; } = 10;
    public double ActivePingWeight { get; init; } = 0.70;
    public double ActivePingTimeoutSeconds { get; init; } = 1;
}

public sealed record TreeGuardCpuConfig
{
    public string Mode { get; init; } = "cpu_aware";
    public double CpuHighPct { get; init; } = 75;
    public double CpuLowPct { get; init; } = 55;
}

public sealed record TreeGuardLinksConfig
{
    public bool Enabled { get; init; } = true;
    public bool AllNodes { get; init; } = true;
    public IReadOnlyList<string> Nodes { get; init; } = [];
    public double IdleUtilPct { get; init; } = 2;
    public long IdleMinMinutes { get; init; } = 15;
    public long RttMissingSeconds { get; init; } = 120;
    public double UnvirtualizeUtilPct { get; init; } = 5;
    public long MinStateDwellMinutes { get; init; } = 30;
    public long MaxLinkChangesPerHour { get; init; } = 4;
    public long ReloadCooldownMinutes { get; init; } = 10;
    public bool TopLevelAutoVirtualize { get; init; }
    public double TopLevelSafeUtilPct { get; init; } = 85;
}

public sealed record TreeGuardCircuitsConfig
{
    public bool Enabled { get; init; } = true;
    public bool AllCircuits { get; init; } = true;
    public IReadOnlyList<string> Circuits { get; init; } = [];
    public bool SwitchingEnabled { get; init; } = true;
    public bool IndependentDirections { get; init; } = true;
    public double IdleUtilPct { get; init; } = 2;
    public long IdleMinMinutes { get; init; } = 15;
    public long RttMissingSeconds { get; init; } = 120;
    public double UpgradeUtilPct { get; init; } = 5;
    public long MinSwitchDwellMinutes { get; init; } = 30;
    public long MaxSwitchesPerHour { get; init; } = 4;
    public bool PersistSqmOverrides { get; init; } = true;
}

public sealed record TreeGuardQooConfig
{
    public bool Enabled { get; init; } = true;
    public double MinScore { get; init; } = 70;
}

public sealed record TreeGuardConfig
{
    public bool Enabled { get; init; } = true;
    public bool DryRun { get; init; }
    public long TickSeconds { get; init; } = 1;
    public TreeGuardCpuConfig Cpu { get; init; } = new();
    /// <summary>When the whole [treeguard.links] table is absent, links are off (upstream's section default).</summary>
    public TreeGuardLinksConfig Links { get; init; } = new() { Enabled = false };
    public TreeGuardCircuitsConfig Circuits { get; init; } = new();
    public TreeGuardQooConfig Qoo { get; init; } = new();
}
