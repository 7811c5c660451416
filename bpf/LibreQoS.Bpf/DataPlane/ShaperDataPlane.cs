using LibreQoS.Bpf.Abi;
using LibreQoS.Bpf.Attach;
using LibreQoS.Bpf.Maps;
using LibreQoS.Core.Network;

namespace LibreQoS.Bpf.DataPlane;

/// <summary>
/// The kernel half of the shaper: the loaded XDP/TC programs, their maps, and their attachment to the shaped
/// interfaces. lqosd loads it at start, attaches it, feeds it IP mappings, reads host counters, and detaches
/// it at an orderly stop.
/// </summary>
/// <remarks>
/// Design notes:
/// 1. The IP mapping trie and the host counters are pinned under the pin directory, so mappings written by one
///    lqosd are used by the next: a restart keeps shaping. A pin whose layout differs from this build's (after an
///    upgrade) is deleted and recreated empty, with a warning, rather than failing the load.
/// 2. Attachments are netlink ones owned by the interfaces. Disposing this object without <see cref="Detach"/>
///    (a crash, a kill) leaves the programs classifying with their maps; the next <see cref="Attach"/> replaces them.
/// 3. Per-interface settings live in a map keyed by ifindex, so one load serves every interface (upstream loads
///    one skeleton per interface).
/// 4. <see cref="Attach"/> and <see cref="Detach"/> act in the calling thread's network namespace; the maps are
///    namespace-independent. Neither may run concurrently with the other; map access is safe from any thread.
/// </remarks>
public sealed class ShaperDataPlane : IDisposable
{
    public const string DefaultPinDirectory = "/sys/fs/bpf/lqos";

    public const int DefaultFlowCapacity = KernelAbi.FlowsDefaultMax;

    private readonly BpfObject _object;
    private readonly BpfMap<uint, InterfaceConfig> _interfaces;
    private readonly BpfMap<uint, uint> _cpuMap;
    private readonly BpfMap<uint, uint> _cpusAvailable;
    private readonly BpfMap<uint, TxqConfig> _txqConfig;
    private readonly PerCpuBpfMap<HostKey, HostCounter> _traffic;
    private readonly List<Attachment> _attached = [];

    private ShaperDataPlane(BpfObject loaded, string pinDirectory, IReadOnlyList<string> loadWarnings)
    {
        _object = loaded;
        PinDirectory = pinDirectory;
        LoadWarnings = loadWarnings;
        _interfaces = new(loaded.Map(KernelAbi.InterfacesMap).OpenFd(), KernelAbi.InterfacesMap);
        _cpuMap = new(loaded.Map(KernelAbi.CpuMap).OpenFd(), KernelAbi.CpuMap);
        _cpusAvailable = new(loaded.Map(KernelAbi.CpusAvailableMap).OpenFd(), KernelAbi.CpusAvailableMap);
        _txqConfig = new(loaded.Map(KernelAbi.TxqConfigMap).OpenFd(), KernelAbi.TxqConfigMap);
        _traffic = new(loaded.Map(KernelAbi.TrafficMap).OpenFd(), KernelAbi.TrafficMap);
        Mappings = new IpMappingTable(new(loaded.Map(KernelAbi.IpMappingMap).OpenFd(), KernelAbi.IpMappingMap), PossibleCpus.Count);
        Flows = new FlowTable(new(loaded.Map(KernelAbi.FlowsMap).OpenFd(), KernelAbi.FlowsMap),
            new(loaded.Map(KernelAbi.FlowSettingsMap).OpenFd(), KernelAbi.FlowSettingsMap), loaded.Map(KernelAbi.RttEventsMap).OpenFd());
    }

    /// <summary>Where the surviving maps are pinned.</summary>
    public string PinDirectory { get; }

    /// <summary>What an operator should know about the load (a bpffs mounted, a pinned map recreated).</summary>
    public IReadOnlyList<string> LoadWarnings { get; }

    /// <summary>The IP → CPU/class mappings; usable whether or not the programs are attached.</summary>
    public IpMappingTable Mappings { get; }

    /// <summary>Per-flow tracking; off until switched on.</summary>
    public FlowTable Flows { get; }

    /// <summary>The interfaces this instance has attached to.</summary>
    public IReadOnlyList<AttachedInterface> Attached => _attached.Select(a => a.Description).ToList();

    /// <summary>
    /// Loads the kernel programs and opens the pinned maps, creating them (and mounting a BPF filesystem)
    /// where missing. Touches no interface.
    /// </summary>
    /// <param name="objectPath">The compiled programs; by default lqos_kern.bpf.o next to this assembly.</param>
    /// <param name="flowCapacity">Flows tracked before the least recently used is evicted.</param>
    public static ShaperDataPlane Load(string pinDirectory = DefaultPinDirectory, string? objectPath = null, int flowCapacity = DefaultFlowCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(flowCapacity, 1);
        var warnings = new List<string>();
        if (BpfFileSystem.EnsureDirectory(pinDirectory) is { } mounted)
            warnings.Add($"Mounted a BPF filesystem on {mounted} for the pinned maps.");

        var loaded = BpfObject.Open(objectPath ?? Path.Combine(AppContext.BaseDirectory, KernelAbi.ObjectFileName));
        try
        {
            foreach (var name in KernelAbi.CpuIndexedMaps)
                loaded.Map(name).SetMaxEntries((uint)PossibleCpus.Count);
            loaded.Map(KernelAbi.FlowsMap).SetMaxEntries((uint)flowCapacity);
            foreach (var name in KernelAbi.PinnedMaps)
            {
                var map = loaded.Map(name);
                string pin = Path.Combine(pinDirectory, name);
                DropIncompatiblePin(map, pin, warnings);
                map.PinAt(pin);
            }
            loaded.Load();
            return new ShaperDataPlane(loaded, pinDirectory, warnings);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Attaches the programs to the topology's interfaces (XDP on ingress, TC on egress, and on a stick TC on
    /// ingress too) and points them at the shaping CPUs. Replaces any earlier attachment of this instance.
    /// </summary>
    /// <param name="shapingCpus">Physical CPU ids, in the order the planner numbers them (mapping CPU i → shapingCpus[i]);
    /// default: every online CPU.</param>
    /// <exception cref="BpfException">Nothing stays attached when it throws.</exception>
    public AttachReport Attach(ShapingTopology topology, IReadOnlyList<int>? shapingCpus = null, XdpMode xdpMode = XdpMode.Auto)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var interfaces = InterfacesOf(topology);
        var cpus = shapingCpus ?? CpuList.Online();
        CpuList.Validate(cpus, PossibleCpus.Count);
        if (_attached.Count > 0)
            Detach();

        var warnings = new List<string>();
        ConfigureCpus(cpus);
        try
        {
            foreach (var (name, role, config) in interfaces)
                AttachTo(name, role, config, xdpMode, warnings);
        }
        catch
        {
            Detach();
            throw;
        }
        return new AttachReport(Attached, cpus.ToList(), warnings);
    }

    /// <summary>
    /// Detaches everything <see cref="Attach"/> attached and removes the clsact qdiscs, leaving the interfaces as
    /// they were; the pinned mappings stay. Throws after trying every interface if any step failed.
    /// </summary>
    public void Detach()
    {
        var failures = new List<string>();
        foreach (var attachment in _attached)
        {
            Try(failures, attachment.Xdp.Detach);
            Try(failures, () => TcAttachment.RemoveClsact(attachment.Name, attachment.IfIndex));
            if (attachment.TurnedPromiscuousOn)
                Try(failures, () => NetworkInterfaces.SetPromiscuous(attachment.Name, false));
            Try(failures, () => _interfaces.Delete((uint)attachment.IfIndex));
        }
        _attached.Clear();
        if (failures.Count > 0)
            throw new BpfException("Detaching the shaper left work undone: " + string.Join(" ", failures));
    }

    /// <summary>A snapshot of every host's counters, summed over CPUs.</summary>
    public IReadOnlyList<HostCounters> ReadHostCounters() =>
        _traffic.ReadAll().Select(entry => Sum(KernelAddress.FromHostKey(entry.Key), entry.Value)).ToList();

    /// <summary>Forgets the counters of these hosts (e.g. ones idle for long); returns how many existed.</summary>
    public int RemoveHostCounters(IEnumerable<IpPrefix> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        return _traffic.DeleteBatch(hosts.Select(KernelAddress.ToHostKey).ToArray());
    }

    /// <summary>Closes our handles; attached programs keep running (see the design notes).</summary>
    public void Dispose()
    {
        Flows.Dispose();
        Mappings.Dispose();
        _traffic.Dispose();
        _txqConfig.Dispose();
        _cpusAvailable.Dispose();
        _cpuMap.Dispose();
        _interfaces.Dispose();
        _object.Dispose();
    }

    private void AttachTo(string name, string role, InterfaceConfig config, XdpMode xdpMode, List<string> warnings)
    {
        int ifindex = NetworkInterfaces.IndexOf(name);
        _interfaces.Update((uint)ifindex, config);
        var xdp = XdpAttachment.Attach(name, ifindex, _object.ProgramFd(KernelAbi.XdpProgram), xdpMode, warnings);
        var attachment = new Attachment(name, ifindex, role, xdp);
        _attached.Add(attachment);

        TcAttachment.AttachEgress(name, ifindex, _object.ProgramFd(KernelAbi.TcEgressProgram));
        if (config.Direction == KernelAbi.DirectionOnAStick)
        {
            TcAttachment.AttachIngress(name, ifindex, _object.ProgramFd(KernelAbi.TcStickIngressProgram));
            // Frames for the other VLAN carry the far side's MAC address; the NIC must not filter them out.
            attachment.TurnedPromiscuousOn = !NetworkInterfaces.SetPromiscuous(name, true);
        }
        TransmitQueues.DisableXps(name, ifindex, warnings);
    }

    /// <summary>
    /// Mapping CPU i is shaped on cpus[i % n]: the cpumap gets a queue (and kernel thread) per shaping CPU, and
    /// each shaping CPU's unshaped traffic leaves by transmit queue i (queue_mapping i + 1), as upstream sets it up.
    /// </summary>
    private void ConfigureCpus(IReadOnlyList<int> cpus)
    {
        var shaping = cpus.ToHashSet();
        for (int cpu = 0; cpu < PossibleCpus.Count; cpu++)
        {
            if (shaping.Contains(cpu))
                _cpuMap.Update((uint)cpu, KernelAbi.CpuMapQueueSize);
            else
                _cpuMap.Delete((uint)cpu);
            _cpusAvailable.Update((uint)cpu, (uint)cpus[cpu % cpus.Count]);
            _txqConfig.Update((uint)cpu, default);
        }
        for (int i = 0; i < cpus.Count; i++)
            _txqConfig.Update((uint)cpus[i], new TxqConfig { QueueMapping = (uint)(i + 1) });
    }

    private static List<(string Name, string Role, InterfaceConfig Config)> InterfacesOf(ShapingTopology topology)
    {
        switch (topology)
        {
            case BridgeTopology bridge:
                if (bridge.ToInternet == bridge.ToIsp)
                    throw new ArgumentException($"The Internet-facing and ISP-facing interfaces are both {bridge.ToIsp}; for one interface use on-a-stick mode", nameof(topology));
                return
                [
                    (bridge.ToInternet, "to internet", new InterfaceConfig { Direction = KernelAbi.DirectionToInternet }),
                    (bridge.ToIsp, "to ISP", new InterfaceConfig { Direction = KernelAbi.DirectionToIsp }),
                ];
            case OnAStickTopology stick:
                if (stick.InternetVlan is < 1 or > 4094 || stick.IspVlan is < 1 or > 4094 || stick.InternetVlan == stick.IspVlan)
                    throw new ArgumentException($"On a stick needs two different VLAN ids in 1-4094 (got {stick.InternetVlan} and {stick.IspVlan})", nameof(topology));
                return
                [
                    (stick.Interface, "on a stick", new InterfaceConfig
                    {
                        Direction = KernelAbi.DirectionOnAStick,
                        InternetVlan = stick.InternetVlan,
                        IspVlan = stick.IspVlan,
                        StickOffset = stick.StickOffset,
                    }),
                ];
            default:
                throw new ArgumentException($"Unknown topology {topology.GetType().Name}", nameof(topology));
        }
    }

    private static void DropIncompatiblePin(BpfObject.ObjectMap map, string pin, List<string> warnings)
    {
        if (!File.Exists(pin))
            return;
        BpfMapInfo pinned;
        using (var fd = BpfMapFd.OpenPinned(pin))
            pinned = BpfMapInfo.Query(fd, map.Name).Info;
        var wanted = map.Declared;
        if (pinned == wanted)
            return;
        File.Delete(pin);
        warnings.Add($"The pinned map {pin} ({pinned}) does not match this version ({wanted}); it was recreated empty, " +
                     "so mappings must be sent again (the scheduler does so on its next run).");
    }

    /// <summary>Per-CPU copies add up; the identity fields come from the CPU that saw the host last.</summary>
    private static HostCounters Sum(IpPrefix host, HostCounter[] perCpu)
    {
        var total = new HostCounter();
        var newest = perCpu[0];
        foreach (var c in perCpu)
        {
            total.DownloadBytes += c.DownloadBytes;
            total.UploadBytes += c.UploadBytes;
            total.DownloadPackets += c.DownloadPackets;
            total.UploadPackets += c.UploadPackets;
            total.TcpDownloadPackets += c.TcpDownloadPackets;
            total.TcpUploadPackets += c.TcpUploadPackets;
            total.UdpDownloadPackets += c.UdpDownloadPackets;
            total.UdpUploadPackets += c.UdpUploadPackets;
            total.IcmpDownloadPackets += c.IcmpDownloadPackets;
            total.IcmpUploadPackets += c.IcmpUploadPackets;
            if (c.LastSeenNs > newest.LastSeenNs)
                newest = c;
        }
        return new HostCounters(host, total.DownloadBytes, total.UploadBytes, total.DownloadPackets, total.UploadPackets,
            total.TcpDownloadPackets, total.TcpUploadPackets, total.UdpDownloadPackets, total.UdpUploadPackets,
            total.IcmpDownloadPackets, total.IcmpUploadPackets, newest.TcHandle, newest.CircuitId, newest.DeviceId, newest.LastSeenNs);
    }

    private static void Try(List<string> failures, Action step)
    {
        try
        {
            step();
        }
        catch (BpfException e)
        {
            failures.Add(e.Message);
        }
    }

    private sealed class Attachment(string name, int ifindex, string role, XdpAttachment xdp)
    {
        public string Name => name;

        public int IfIndex => ifindex;

        public XdpAttachment Xdp => xdp;

        public bool TurnedPromiscuousOn { get; set; }

        public AttachedInterface Description => new(name, ifindex, role, xdp.Mode);
    }
}
