namespace LibreQoS.Bpf.Abi;

/// <summary>Constants of bpf/include/lqos_abi.h and the names the object file gives its maps and programs.</summary>
internal static class KernelAbi
{
    [MirrorsC("LQOS_MAX_TRACKED_IPS")] public const int MaxTrackedIps = 128000;
    [MirrorsC("LQOS_CPUMAP_QUEUE_SIZE")] public const uint CpuMapQueueSize = 2048;
    [MirrorsC("LQOS_MAX_INTERFACES")] public const int MaxInterfaces = 64;
    [MirrorsC("LQOS_IPV4_PREFIX_OFFSET")] public const int IPv4PrefixOffset = 96;
    [MirrorsC("LQOS_DIRECTION_TO_INTERNET")] public const uint DirectionToInternet = 1;
    [MirrorsC("LQOS_DIRECTION_TO_ISP")] public const uint DirectionToIsp = 2;
    [MirrorsC("LQOS_DIRECTION_ON_A_STICK")] public const uint DirectionOnAStick = 3;
    [MirrorsC("LQOS_FLOWS_DEFAULT_MAX")] public const int FlowsDefaultMax = 256000;
    [MirrorsC("LQOS_RTT_RING_BYTES")] public const int RttRingBytes = 256 * 1024;
    [MirrorsC("LQOS_FLOW_ALIVE")] public const byte FlowAlive = 0;
    [MirrorsC("LQOS_FLOW_FIN")] public const byte FlowFin = 1;
    [MirrorsC("LQOS_FLOW_RST")] public const byte FlowRst = 2;
    [MirrorsC("LQOS_FLOW_DOWNLOAD")] public const uint FlowDownload = 0;
    [MirrorsC("LQOS_FLOW_UPLOAD")] public const uint FlowUpload = 1;

    /// <summary>The file built by bpf/Makefile, copied next to this assembly.</summary>
    public const string ObjectFileName = "lqos_kern.bpf.o";

    public const string XdpProgram = "lqos_xdp";
    public const string TcEgressProgram = "lqos_tc_egress";
    public const string TcStickIngressProgram = "lqos_tc_stick_ingress";

    /// <summary>Pinned: IP mappings must survive an lqosd restart.</summary>
    public const string IpMappingMap = "map_ip_to_cpu_and_tc";

    /// <summary>Pinned: per-host counters keep counting across restarts, as upstream's do.</summary>
    public const string TrafficMap = "map_traffic";

    public const string InterfacesMap = "map_interfaces";
    public const string CpuMap = "cpu_map";
    public const string CpusAvailableMap = "cpus_available";
    public const string TxqConfigMap = "map_txq_config";

    /// <summary>Not pinned: an LRU sized from lqos.conf at each load.</summary>
    public const string FlowsMap = "map_flows";
    public const string FlowSettingsMap = "map_flow_settings";
    public const string RttEventsMap = "rtt_events";

    /// <summary>The maps pinned under the pin directory; the rest live as long as the attached programs.</summary>
    public static readonly string[] PinnedMaps = [IpMappingMap, TrafficMap];

    /// <summary>Maps indexed by CPU id, sized to the possible CPUs before load.</summary>
    public static readonly string[] CpuIndexedMaps = [CpuMap, CpusAvailableMap, TxqConfigMap];
}
